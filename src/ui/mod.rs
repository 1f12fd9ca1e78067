//! The Leptos components. They render state and dispatch actions; the rules live in `kms`.
//! `region` holds one Region's state and section; the rest is one component per file.

mod action_button;
mod app;
mod app_bar;
mod certificate_view;
mod cluster_panel;
mod confirm_dialog;
mod create_store;
mod credentials_form;
mod deferred;
mod error_banner;
mod guidance_panel;
mod health_charts;
mod health_dot;
mod history_list;
mod identity;
mod key_count;
mod line_chart;
mod list_view;
mod load_status;
mod modal;
mod preflight_list;
mod progress;
mod region;
mod region_picker;
mod renew_dialog;
mod session;
mod setting_editor;
mod sign_in;
mod state_badge;
mod store_details;
mod store_table;
mod stores_page;
mod switch_role;
mod text_field;

pub use app::App;
