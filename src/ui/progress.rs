//! A store in transition: time since the action, and the typical duration as a bar that never
//! claims to be exact.

use super::stores_model::StoresModel;
use crate::kms::progress::{elapsed_text, fraction, typical_ms};
use crate::kms::rules::is_in_transition;
use crate::kms::KeyStore;
use leptos::prelude::*;

/// The time, ticking once a second, provided by the signed-in page.
#[derive(Clone, Copy)]
pub struct NowContext(pub ReadSignal<u64>);

#[component]
pub fn Progress(store: KeyStore) -> impl IntoView {
    let model = expect_context::<StoresModel>();
    let now = expect_context::<NowContext>().0;
    let state = store.connection_state.clone()?;
    if !is_in_transition(&state) {
        return None;
    }
    let id = StoredValue::new(store.id().to_owned());
    let typical = typical_ms(&store.store_type(), &state);
    // Since the user's action, or since this page first saw the state.
    let since = move || {
        id.with_value(|id| {
            model.action_started.with(|a| a.get(id).copied()).or_else(|| model.timelines.with(|t| t.get(id).and_then(|s| s.last()).map(|s| s.at_ms)))
        })
    };
    let elapsed = move || since().map(|t| now.get().saturating_sub(t)).unwrap_or(0);
    Some(view! {
        <div class="progress">
            <span class="elapsed">{move || format!("{} so far", elapsed_text(elapsed()))}</span>
            {typical.map(|t| view! {
                <progress max="1" value=move || fraction(elapsed(), t).to_string()
                    aria-label=format!("Typically up to {} minutes", t / 60_000)></progress>
                <span class="hint">{format!("typically up to {} min", t / 60_000)}</span>
            })}
        </div>
    })
}
