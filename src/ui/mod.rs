//! The Leptos components, one per file, each with its stylesheet beside it. They render what
//! `state` holds and dispatch to it; they hold no state of their own beyond a form's fields.

mod accounts_panel;
mod action_button;
mod activity_log;
mod add_accounts;
mod alarms_panel;
mod app;
mod app_bar;
mod blast_radius;
mod certificate_view;
mod cli_command;
mod cluster_panel;
mod confirm_dialog;
mod create_store;
mod credentials_form;
mod deferred;
mod error_banner;
mod fleet_summary;
mod guidance_panel;
mod health_charts;
mod health_dot;
mod history_list;
mod key_count;
mod line_chart;
mod list_view;
mod load_status;
mod modal;
mod operator_tools;
mod preflight_list;
mod progress;
mod region_picker;
mod renew_dialog;
mod rotation_guide;
mod scope_guard;
mod scope_section;
mod setting_editor;
mod shortcuts;
mod sign_in;
mod state_badge;
mod store_details;
mod store_table;
mod stores_page;
mod switch_role;
mod text_field;

pub use app::App;
