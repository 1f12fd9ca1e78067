//! The entry points of the console's deferred wasm chunk, as the main module sees them: plain
//! function pointers, so that the sign-in page can call into the chunk (ask STS, read a paste,
//! open the tab's copy) without linking its code. `ui::deferred` fills them in.

use crate::aws::credentials::Credentials;
use crate::aws::endpoint::{Endpoints, Overrides};
use crate::aws::paste::{PasteError, Pasted};
use crate::aws::sts::CallerIdentity;
use crate::state::identity::Unconfirmed;
use crate::state::session::Session;
use leptos::prelude::*;
use std::future::Future;
use std::pin::Pin;

/// A remembered session as it was kept: credentials, Regions, where requests go.
pub type Restored = (Credentials, Vec<String>, Endpoints);
pub type Later<T> = Pin<Box<dyn Future<Output = T>>>;
/// Who the credentials belong to, or why that could not be confirmed.
pub type Confirmed = Later<Result<CallerIdentity, Unconfirmed>>;

#[derive(Clone, Copy)]
pub struct Deferred {
    /// Builds the signed-in page, owned and disposed as if it were in the main module.
    pub page: fn() -> AnyView,
    /// The identity behind the credentials (STS, in the first Scope), or why STS refused them.
    pub confirm: fn(Credentials, String, Endpoints) -> Confirmed,
    /// The endpoint fields (all services, KMS, STS) checked, or what is wrong with them.
    pub endpoints: fn(&str, &str, &str) -> Result<Overrides, String>,
    pub read_paste: fn(&str) -> Result<Pasted, PasteError>,
    /// Writes or clears the tab's copy, as the session's `remember` says.
    pub keep: fn(&Session),
    /// Asks each Region for its stores while the signed-in page is being built.
    pub prefetch: fn(&Session),
    /// Opens the tab's copy, if there is one and it has not expired by `now_ms`.
    pub restore: fn(u64) -> Later<Option<Restored>>,
}

/// `None` until the chunk has arrived.
#[derive(Clone, Copy)]
pub struct ConsoleChunk(pub RwSignal<Option<Deferred>>);
