//! A store in transition: time since the action, and the typical duration as a bar that never
//! claims to be exact.

use crate::kms::progress::{elapsed_text, fraction, typical_ms};
use crate::kms::{ConnectionState, KeyStoreType};
use crate::state::scope::Scope;
use crate::state::session::SessionClock;
use leptos::prelude::*;

/// The progress of `store_id`, which is in `state` (a transition) and of type `store_type`.
#[component]
pub fn Progress(scope: Scope, #[prop(into)] store_id: String, state: ConnectionState, store_type: KeyStoreType) -> impl IntoView {
    let r = scope;
    let now = expect_context::<SessionClock>().now;
    let id = StoredValue::new(store_id);
    let typical = typical_ms(&store_type, &state);
    // Since the user's action, or since this page first saw the state.
    let since = move || {
        id.with_value(|id| {
            r.requests.action_started.with(|a| a.get(id).copied()).or_else(|| r.list.timelines.with(|t| t.get(id).and_then(|s| s.last()).map(|s| s.at_ms)))
        })
    };
    let elapsed = move || since().map(|t| now.get().saturating_sub(t)).unwrap_or(0);
    view! {
        <div class="progress">
            <span class="elapsed">{move || format!("{} so far", elapsed_text(elapsed()))}</span>
            {typical.map(|t| view! {
                <progress max="1" value=move || fraction(elapsed(), t).to_string()
                    aria-label=format!("Typically up to {} minutes", t / 60_000)></progress>
                <span class="hint">{format!("typically up to {} min", t / 60_000)}</span>
            })}
        </div>
    }
}
