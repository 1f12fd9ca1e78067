//! The store list as a real `<table>`: the AWS console's columns and a few more, sortable, and
//! filtered by the shared view; buttons only where KMS would accept the call.

use super::action_button::ActionButton;
use super::list_view::ListViewContext;
use super::progress::Progress;
use super::state_badge::StateBadge;
use super::stores_model::StoresModel;
use crate::aws::time::format_utc;
use crate::kms::listing::{backing, Column};
use crate::kms::rules::Action;
use crate::kms::{ConnectionState, KeyStore, KeyStoreType};
use leptos::prelude::*;

pub fn type_label(t: &KeyStoreType) -> String {
    match t {
        KeyStoreType::CloudHsm => "CloudHSM".into(),
        KeyStoreType::External => "External (XKS)".into(),
        KeyStoreType::Unknown(other) => other.clone(),
    }
}

/// Re-render a row when anything it shows changes.
fn row_key(s: &KeyStore) -> String {
    format!("{}|{}|{:?}|{:?}|{:?}", s.id(), s.name(), s.connection_state, s.connection_error_code, s.xks_proxy_configuration)
}

#[component]
pub fn StoreTable() -> impl IntoView {
    let model = expect_context::<StoresModel>();
    let view = expect_context::<ListViewContext>().0;
    let shown = Memo::new(move |_| view.with(|v| model.stores.with(|s| v.apply(s))));
    let header = move |column: Column| {
        let sort = move || {
            view.with(|v| match (v.sort == column, v.descending) {
                (false, _) => "none",
                (true, false) => "ascending",
                (true, true) => "descending",
            })
        };
        view! {
            <th scope="col" aria-sort=sort>
                <button type="button" class="sort" on:click=move |_| view.update(|v| v.toggle_sort(column))>{column.title()}</button>
            </th>
        }
    };
    view! {
        <table class="stores">
            <caption>{move || format!("Custom key stores in {}: {} of {} shown", model.region(), shown.with(Vec::len), model.stores.with(Vec::len))}</caption>
            <thead>
                <tr>
                    {Column::ALL.into_iter().map(header).collect_view()}
                    <th scope="col">"Region"</th>
                    <th scope="col">"Actions"</th>
                </tr>
            </thead>
            <tbody>
                <For each=move || shown.get() key=row_key children=move |store| view! { <StoreRow store/> }/>
            </tbody>
        </table>
        <Show when=move || !model.first_load.get() && model.stores.with(Vec::is_empty)>
            <p class="empty">"There are no custom key stores in this Region for this account."</p>
        </Show>
        <Show when=move || !model.stores.with(Vec::is_empty) && shown.with(Vec::is_empty)>
            <p class="empty">"No store matches the filter."</p>
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
    let button = |action: Action| view! { <ActionButton store=store.clone() action aria_label=format!("{} {name}", action.label())/> };
    let troubleshoot = (failed && code.is_some()).then(|| {
        let (id, code, name) = (id.clone(), code.clone().unwrap_or_default(), name.clone());
        view! {
            <button type="button" class="link" aria-label=format!("Troubleshoot {name}")
                on:click=move |_| model.guide.set(Some((id.clone(), code.clone())))>"Troubleshoot"</button>
        }
    });
    let details_id = id.clone();
    view! {
        <tr data-store-id=id.clone()>
            <th scope="row">{name.clone()}</th>
            <td><code>{id.clone()}</code></td>
            <td>{type_label(&store.store_type())}</td>
            <td>{backing(&store)}</td>
            <td><StateBadge state=store.connection_state.clone()/><Progress store=store.clone()/></td>
            <td>{code.clone().unwrap_or_default()}</td>
            <td>{store.creation_date.map(format_utc).unwrap_or_default()}</td>
            <td>{model.region()}</td>
            <td class="actions">
                {button(Action::Connect)}{button(Action::Disconnect)}
                <button type="button" class="link" aria-label=format!("Details {name}")
                    on:click=move |_| model.details.set(Some(details_id.clone()))>"Details"</button>
                {troubleshoot}
            </td>
        </tr>
    }
}
