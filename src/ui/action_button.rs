use super::stores_model::StoresModel;
use crate::kms::rules::Action;
use crate::kms::KeyStore;
use leptos::prelude::*;

/// Connect or Disconnect for one store: enabled only when KMS would accept the call, showing
/// "…" while one is in flight, and asking for confirmation before anything is sent.
#[component]
pub fn ActionButton(store: KeyStore, action: Action, #[prop(optional)] aria_label: Option<String>) -> impl IntoView {
    let model = expect_context::<StoresModel>();
    let id = StoredValue::new(store.id().to_owned());
    view! {
        <button type="button" aria-label=aria_label
            disabled=move || !model.can(action, &store)
            on:click=move |_| model.confirming.set(Some((action, id.get_value())))>
            {move || if id.with_value(|id| model.is_pending(id)) { format!("{}…", action.label()) } else { action.label().to_owned() }}
        </button>
    }
}
