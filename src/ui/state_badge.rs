use crate::kms::ConnectionState;
use leptos::prelude::*;

/// The connection state as a coloured badge that also says it in words; it follows `state`.
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
    let text = move || state.with(|s| s.as_ref().map_or_else(|| "UNKNOWN".to_owned(), ToString::to_string));
    view! { <span class=class>{text}</span> }
}
