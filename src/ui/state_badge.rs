use crate::kms::{words, ConnectionState};
use leptos::prelude::*;

/// The connection state as a coloured badge that also says it in words (colour is never alone);
/// the wire value is its tooltip and its `data-state`.
#[component]
pub fn StateBadge(#[prop(into)] state: Signal<Option<ConnectionState>>) -> impl IntoView {
    let class = move || {
        state.with(|s| match s {
            Some(ConnectionState::Connected) => "badge badge-connected",
            Some(ConnectionState::Failed) => "badge badge-failed",
            Some(ConnectionState::Disconnected) => "badge badge-disconnected",
            Some(ConnectionState::Connecting | ConnectionState::Disconnecting) => "badge badge-moving",
            Some(ConnectionState::Unknown(_)) | None => "badge badge-unknown",
        })
    };
    let wire = move || state.with(|s| s.as_ref().map_or_else(|| "UNKNOWN".to_owned(), ToString::to_string));
    let text = move || state.with(|s| s.as_ref().map_or_else(|| "Unknown".to_owned(), |s| words::state(s).to_owned()));
    view! { <span class=class data-state=wire title=wire>{text}</span> }
}
