//! The Leptos components. They render state and dispatch actions; the rules live in `kms`.

mod app;
mod credentials_form;
mod error_banner;
mod guidance_panel;
mod header;
mod identity;
mod renew_dialog;
mod session;
mod sign_in;
mod state_badge;
mod store_table;
mod stores_model;
mod stores_page;
mod switch_role;
mod text_field;

pub use app::App;
