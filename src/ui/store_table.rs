//! The store list as a real `<table>`: one row per store, buttons only where KMS would accept.

use super::state_badge::StateBadge;
use super::stores_model::StoresModel;
use crate::kms::rules::Action;
use crate::kms::{ConnectionState, KeyStore, KeyStoreType};
use leptos::prelude::*;

fn type_label(t: &KeyStoreType) -> String {
    match t {
        KeyStoreType::CloudHsm => "CloudHSM".into(),
        KeyStoreType::External => "External (XKS)".into(),
        KeyStoreType::Unknown(other) => other.clone(),
    }
}

/// Re-render a row when anything it shows changes.
fn row_key(s: &KeyStore) -> String {
    format!("{}|{}|{:?}|{:?}|{:?}", s.id(), s.name(), s.connection_state, s.connection_error_code, s.custom_key_store_type)
}

#[component]
pub fn StoreTable() -> impl IntoView {
    let model = expect_context::<StoresModel>();
    view! {
        <table class="stores">
            <caption>{move || format!("Custom key stores in {} ({})", model.region(), model.stores.with(Vec::len))}</caption>
            <thead>
                <tr>
                    <th scope="col">"Name"</th>
                    <th scope="col">"ID"</th>
                    <th scope="col">"Type"</th>
                    <th scope="col">"Connection state"</th>
                    <th scope="col">"Error code"</th>
                    <th scope="col">"Actions"</th>
                </tr>
            </thead>
            <tbody>
                <For each=move || model.stores.get() key=row_key children=move |store| view! { <StoreRow store/> }/>
            </tbody>
        </table>
        <Show when=move || !model.first_load.get() && model.stores.with(Vec::is_empty)>
            <p class="empty">"There are no custom key stores in this Region for this account."</p>
        </Show>
    }
}

#[component]
fn StoreRow(store: KeyStore) -> impl IntoView {
    let model = expect_context::<StoresModel>();
    let id = store.id().to_owned();
    let name = store.name().to_owned();
    let failed = matches!(store.connection_state, Some(ConnectionState::Failed));
    let code = store.connection_error_code.as_ref().map(ToString::to_string);
    let button = |action: Action| {
        let (store, id, name) = (store.clone(), id.clone(), name.clone());
        let locked = {
            let id = id.clone();
            move || model.pending.with(|p| p.contains(&id))
        };
        view! {
            <button type="button" aria-label=format!("{} {name}", action.label())
                disabled=move || !model.can(action, &store)
                on:click=move |_| model.run(action, id.clone())>
                {move || if locked() { format!("{}…", action.label()) } else { action.label().to_owned() }}
            </button>
        }
    };
    let troubleshoot = (failed && code.is_some()).then(|| {
        let (id, code, name) = (id.clone(), code.clone().unwrap_or_default(), name.clone());
        view! {
            <button type="button" class="link" aria-label=format!("Troubleshoot {name}")
                on:click=move |_| model.guide.set(Some((id.clone(), code.clone())))>"Troubleshoot"</button>
        }
    });
    view! {
        <tr data-store-id=id.clone()>
            <th scope="row">{name.clone()}</th>
            <td><code>{id.clone()}</code></td>
            <td>{type_label(&store.store_type())}</td>
            <td><StateBadge state=store.connection_state.clone()/></td>
            <td>{code.clone().unwrap_or_default()}</td>
            <td class="actions">{button(Action::Connect)}{button(Action::Disconnect)}{troubleshoot}</td>
        </tr>
    }
}
