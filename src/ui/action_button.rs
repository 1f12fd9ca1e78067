use super::region::panels::Confirming;
use super::region::{Origin, Region};
use crate::kms::rules::Action;
use leptos::prelude::*;

/// Connect or Disconnect for one store: enabled only when KMS would accept the call, showing
/// "…" while one is in flight, and asking for confirmation before anything is sent.
#[component]
pub fn ActionButton(
    region: Region,
    #[prop(into)] store_id: String,
    action: Action,
    origin: Origin,
    #[prop(optional, into)] aria_label: MaybeProp<String>,
) -> impl IntoView {
    let r = region;
    let id = StoredValue::new(store_id);
    let allowed = Memo::new(move |_| id.with_value(|id| r.list.store(id)).is_some_and(|s| r.can(action, &s)));
    view! {
        <button type="button" aria-label=move || aria_label.get()
            disabled=move || !allowed.get()
            on:click=move |_| r.panels.confirming.set(Some(Confirming { action, store_id: id.get_value(), origin }))>
            {move || if id.with_value(|id| r.is_pending(id)) { format!("{}…", action.label()) } else { action.label().to_owned() }}
        </button>
    }
}
