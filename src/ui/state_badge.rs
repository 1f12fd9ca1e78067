use crate::kms::ConnectionState;
use leptos::prelude::*;

/// The connection state as a coloured badge that also says it in words.
#[component]
pub fn StateBadge(state: Option<ConnectionState>) -> impl IntoView {
    let (class, text) = match &state {
        Some(s @ ConnectionState::Unknown(_)) => ("badge badge-unknown", s.to_string()),
        Some(s) => (
            match s {
                ConnectionState::Connected => "badge badge-connected",
                ConnectionState::Failed => "badge badge-failed",
                ConnectionState::Disconnected => "badge badge-disconnected",
                _ => "badge badge-moving",
            },
            s.to_string(),
        ),
        None => ("badge badge-unknown", "UNKNOWN".to_owned()),
    };
    view! { <span class=class>{text}</span> }
}
