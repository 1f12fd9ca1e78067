use crate::kms::rules::{unavailable_reason, Action};
use crate::state::scope::panels::Confirming;
use crate::state::scope::{Origin, Scope};
use leptos::prelude::*;

/// Connect or Disconnect for one store: enabled only when KMS would accept the call, saying why
/// not otherwise (a disabled button shows no tooltip of its own, so its wrapper carries it),
/// showing "…" while a call is in flight, and asking for confirmation before anything is sent.
#[component]
pub fn ActionButton(
    scope: Scope,
    #[prop(into)] store_id: String,
    action: Action,
    origin: Origin,
    #[prop(optional, into)] aria_label: MaybeProp<String>,
) -> impl IntoView {
    let r = scope;
    let id = StoredValue::new(store_id);
    let store = Memo::new(move |_| id.with_value(|id| r.list.store(id)));
    let allowed = Memo::new(move |_| store.with(|s| s.as_ref().is_some_and(|s| r.can(action, s))));
    let reason = move || {
        if !r.can_send() {
            return Some("Paused until the credentials are renewed.".to_owned());
        }
        store.with(|s| s.as_ref().and_then(|s| s.connection_state.as_ref()).and_then(|st| unavailable_reason(action, st)).map(str::to_owned))
    };
    view! {
        <span class="action" title=reason>
            <button type="button" aria-label=move || aria_label.get()
                disabled=move || !allowed.get()
                on:click=move |_| r.panels.confirming.set(Some(Confirming { action, store_id: id.get_value(), origin }))>
                {move || if id.with_value(|id| r.is_pending(id)) { format!("{}…", action.label()) } else { action.label().to_owned() }}
            </button>
        </span>
    }
}
