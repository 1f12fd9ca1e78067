//! The store list as a real `<table>`: the AWS console's columns and a few more, sortable, and
//! filtered by the shared view; buttons only where KMS would accept the call. Rows are keyed by
//! store id and their cells follow the store, so a poll updates a row in place (focus stays).

use super::action_button::ActionButton;
use super::list_view::ListViewContext;
use super::progress::Progress;
use super::region::panels::Guide;
use super::region::{Origin, Region};
use super::state_badge::StateBadge;
use crate::aws::time::format_utc;
use crate::kms::listing::{backing, Column};
use crate::kms::rules::{is_in_transition, Action};
use crate::kms::{ConnectionState, KeyStoreType};
use leptos::prelude::*;

pub fn type_label(t: &KeyStoreType) -> String {
    match t {
        KeyStoreType::CloudHsm => "CloudHSM".into(),
        KeyStoreType::External => "External (XKS)".into(),
        KeyStoreType::Unknown(other) => other.clone(),
    }
}

#[component]
pub fn StoreTable(region: Region) -> impl IntoView {
    let r = region;
    let view = expect_context::<ListViewContext>().0;
    let shown = Memo::new(move |_| view.with(|v| r.list.stores.with(|s| v.ids(s))));
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
    let loaded = move || r.list.load.with(|l| l.loaded_at.is_some());
    view! {
        <table class="stores" class:stale=move || r.list.load.with(|l| l.is_stale())>
            <caption>{move || match (loaded(), r.list.load.with(|l| l.error.is_some())) {
                (false, true) => format!("Custom key stores in {}: not loaded", r.name()),
                (false, false) => format!("Custom key stores in {}: loading", r.name()),
                (true, stale) => format!("Custom key stores in {}: {} of {} shown{}", r.name(), shown.with(Vec::len), r.list.stores.with(Vec::len),
                    if stale { " (out of date: the last refresh failed)" } else { "" }),
            }}</caption>
            <thead>
                <tr>
                    {Column::ALL.into_iter().map(header).collect_view()}
                    <th scope="col">"Actions"</th>
                </tr>
            </thead>
            <tbody>
                <For each=move || shown.get() key=|id| id.clone() let:id>
                    <StoreRow region=r id/>
                </For>
            </tbody>
        </table>
        <Show when=move || loaded() && r.list.stores.with(Vec::is_empty)>
            <p class="empty">"There are no custom key stores in this Region for this account."</p>
        </Show>
        <Show when=move || !r.list.stores.with(Vec::is_empty) && shown.with(Vec::is_empty)>
            <p class="empty">"No store matches the filter."</p>
        </Show>
    }
}

#[component]
fn StoreRow(region: Region, id: String) -> impl IntoView {
    let r = region;
    let key = StoredValue::new(id.clone());
    let store = Memo::new(move |_| key.with_value(|id| r.list.store(id)).unwrap_or_default());
    let field = move |f: fn(&crate::kms::KeyStore) -> String| move || store.with(f);
    let name = Memo::new(move |_| store.with(|s| s.name().to_owned()));
    let state = Memo::new(move |_| store.with(|s| s.connection_state.clone()));
    let store_type = Memo::new(move |_| store.with(|s| s.store_type()));
    let code = Memo::new(move |_| store.with(|s| s.connection_error_code.clone()));
    let button = move |action: Action| {
        view! { <ActionButton region=r store_id=key.get_value() action origin=Origin::Table aria_label=Signal::derive(move || format!("{} {}", action.label(), name.get()))/> }
    };
    let progress = move || {
        state.get().filter(is_in_transition).map(|state| view! { <Progress region=r store_id=key.get_value() state store_type=store_type.get_untracked()/> })
    };
    let troubleshoot = move || {
        let code = code.get().filter(|_| state.with(|s| s == &Some(ConnectionState::Failed)))?;
        Some(view! {
            <button type="button" class="link" aria-label=move || format!("Troubleshoot {}", name.get())
                on:click=move |_| r.panels.guide.set(Some(Guide::new(&key.get_value(), code.clone())))>"Troubleshoot"</button>
        })
    };
    view! {
        <tr data-store-id=id.clone()>
            <th scope="row">{move || name.get()}</th>
            <td><code>{id.clone()}</code></td>
            <td>{move || type_label(&store_type.get())}</td>
            <td>{field(backing)}</td>
            <td><StateBadge state/>{progress}</td>
            <td>{move || code.get().map(|c| c.to_string()).unwrap_or_default()}</td>
            <td>{field(|s| s.creation_date.map(format_utc).unwrap_or_default())}</td>
            <td class="actions">
                {button(Action::Connect)}{button(Action::Disconnect)}
                <button type="button" class="link" aria-label=move || format!("Details {}", name.get())
                    on:click=move |_| r.panels.details.set(Some(key.get_value()))>"Details"</button>
                {troubleshoot}
            </td>
        </tr>
    }
}
