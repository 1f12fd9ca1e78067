//! The signed-in page's state and orchestration, below the components: the session and its
//! clock (typed contexts), who the credentials are, the console chunk's entry points, the table's
//! view and its place in the URL and the browser's history, and one [`scope::Scope`] per account
//! and Region. Nothing here renders; `ui` renders it.

pub mod account;
pub mod activity;
pub mod changes;
pub mod chunk;
pub mod fleet;
pub mod identity;
pub mod list_view;
pub mod organization;
pub mod scope;
pub mod session;
pub mod settle;
pub mod view_link;
pub mod warmup;
