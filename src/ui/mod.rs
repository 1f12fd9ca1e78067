//! The Leptos components. They render state and dispatch actions; the rules live in `kms`.

mod app;
mod error_banner;
mod guidance_panel;
mod session;
mod sign_in;
mod state_badge;
mod store_table;
mod stores_model;
mod stores_page;

pub use app::App;
