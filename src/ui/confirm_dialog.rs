//! Connect and Disconnect ask first, saying what will happen.

use super::stores_model::StoresModel;
use crate::kms::rules::Action;
use crate::kms::KeyStoreType;
use leptos::prelude::*;

fn consequence(action: Action, name: &str, store_type: &KeyStoreType) -> String {
    match (action, store_type) {
        (Action::Connect, KeyStoreType::CloudHsm) => {
            format!("KMS connects {name} to its CloudHSM cluster. This can take up to 20 minutes; the page shows the progress as it goes.")
        }
        (Action::Connect, _) => {
            format!("KMS connects {name} to its external key store proxy. This usually takes about 5 minutes; the page shows the progress.")
        }
        (Action::Disconnect, _) => {
            format!("While {name} is disconnected, its KMS keys cannot be used for any cryptographic operation, until you connect it again.")
        }
    }
}

#[component]
pub fn ConfirmDialog() -> impl IntoView {
    let model = expect_context::<StoresModel>();
    move || {
        let (action, id) = model.confirming.get()?;
        let store = model.store(&id)?;
        let title_id = format!("confirm-{id}");
        let labelled_by = title_id.clone();
        let go = move |_| {
            model.confirming.set(None);
            model.run(action, id.clone());
        };
        Some(view! {
            <div class="dialog-backdrop">
                <section class="dialog" role="dialog" aria-modal="true" aria-labelledby=labelled_by>
                    <h2 id=title_id>{format!("{} {}?", action.label(), store.name())}</h2>
                    <p>{consequence(action, store.name(), &store.store_type())}</p>
                    <button type="button" class="primary" on:click=go>{format!("Yes, {}", action.label().to_lowercase())}</button>
                    <button type="button" on:click=move |_| model.confirming.set(None)>"Cancel"</button>
                </section>
            </div>
        })
    }
}
