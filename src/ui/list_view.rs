//! The view's controls: the type tabs (one table per type, as the AWS console has), the text
//! filter, the state filter and the page size.

use crate::kms::listing::{Grouping, PAGE_SIZES};
use crate::kms::{words, ConnectionState, KeyStoreType};
use crate::state::fleet::use_fleet;
use crate::state::list_view::ListViewContext;
use leptos::prelude::*;

/// All key stores, or one type: a tab list whose choice is the view's type filter.
#[component]
pub fn TypeTabs() -> impl IntoView {
    let view = expect_context::<ListViewContext>().0;
    let tabs: [(Option<KeyStoreType>, &'static str); 3] =
        [(None, "All key stores"), (Some(KeyStoreType::CloudHsm), "CloudHSM key stores"), (Some(KeyStoreType::External), "External key stores")];
    view! {
        <div class="type-tabs" role="tablist" aria-label="Key store type">
            {tabs.into_iter().map(|(kind, label)| {
                let selected = {
                    let kind = kind.clone();
                    move || view.with(|v| v.store_type == kind)
                };
                let choose = {
                    let kind = kind.clone();
                    move |_| view.update(|v| v.store_type = kind.clone())
                };
                view! {
                    <button type="button" role="tab" class="tab" aria-selected=move || selected().to_string() on:click=choose>{label}</button>
                }
            }).collect_view()}
        </div>
    }
}

#[component]
pub fn ListToolbar() -> impl IntoView {
    let view = expect_context::<ListViewContext>().0;
    let fleet = use_fleet();
    let many = fleet.many_accounts;
    let states = StoredValue::new(ConnectionState::ALL.to_vec());
    view! {
        <div class="toolbar" role="search">
            <div class="field inline">
                <label for="filter-text">"Filter"</label>
                <input id="filter-text" type="search" placeholder="name, id, cluster, endpoint, error"
                    prop:value=move || view.with(|v| v.text.clone())
                    on:input=move |ev| view.update(|v| v.text = event_target_value(&ev))/>
            </div>
            <div class="field inline">
                <label for="filter-state">"State"</label>
                <select id="filter-state" on:change=move |ev| {
                    let picked = event_target_value(&ev).parse::<usize>().ok().and_then(|i| states.with_value(|s| s.get(i).cloned()));
                    view.update(|v| v.state = picked);
                }>
                    <option value="" selected=move || view.with(|v| v.state.is_none())>"Any state"</option>
                    {ConnectionState::ALL.iter().enumerate().map(|(i, s)| {
                        let value = s.clone();
                        view! { <option value=i.to_string() title=s.as_str_static() selected=move || view.with(|v| v.state.as_ref() == Some(&value))>{words::state(s).to_owned()}</option> }
                    }).collect_view()}
                </select>
            </div>
            <Show when=move || many.get()>
                <div class="field inline">
                    <label for="filter-account">"Account"</label>
                    <select id="filter-account" on:change=move |ev| {
                        let picked = event_target_value(&ev);
                        view.update(|v| v.account = (!picked.is_empty()).then_some(picked));
                    }>
                        <option value="" selected=move || view.with(|v| v.account.is_none())>"Every account"</option>
                        {move || std::iter::once(fleet.hub).chain(fleet.members.get()).map(|a| {
                            let id = a.id();
                            let chosen = id.clone();
                            view! { <option value=id.clone() selected=move || view.with(|v| v.account.as_deref() == Some(chosen.as_str()))>{format!("{} ({id})", a.name())}</option> }
                        }).collect_view()}
                    </select>
                </div>
                <div class="field inline">
                    <label for="group-by">"Group by"</label>
                    <select id="group-by" on:change=move |ev| view.update(|v| v.group = if event_target_value(&ev) == "region" { Grouping::Region } else { Grouping::Account })>
                        <option value="account" selected=move || view.with(|v| v.group == Grouping::Account)>"Account"</option>
                        <option value="region" selected=move || view.with(|v| v.group == Grouping::Region)>"Region"</option>
                    </select>
                </div>
            </Show>
            <ColumnChooser many/>
            <TableExport many/>
            <div class="field inline">
                <label for="page-size">"Rows per page"</label>
                <select id="page-size" on:change=move |ev| {
                    if let Ok(size) = event_target_value(&ev).parse::<usize>() {
                        view.update(|v| v.page_size = size);
                    }
                }>
                    {PAGE_SIZES.iter().map(|&n| view! { <option value=n.to_string() selected=move || view.with(|v| v.page_size == n)>{n.to_string()}</option> }).collect_view()}
                </select>
            </div>
        </div>
    }
}

/// The table's columns the user may hide, as Cloudscape's table preferences offer: the name and
/// the state always stay; the choice lives in the URL.
#[component]
fn ColumnChooser(many: Memo<bool>) -> impl IntoView {
    let view = expect_context::<ListViewContext>().0;
    let offered = Memo::new(move |_| view.with(|v| v.offered(many.get())).into_iter().filter(|c| c.can_hide()).collect::<Vec<_>>());
    view! {
        <details class="menu column-chooser">
            <summary>"Columns"</summary>
            <fieldset class="menu-items">
                <legend>"Visible columns"</legend>
                {move || offered.get().into_iter().map(|c| {
                    let id = format!("column-{}", c.key());
                    view! {
                        <div class="field checkbox">
                            <input type="checkbox" id=id.clone() prop:checked=move || view.with(|v| !v.hidden(many.get()).contains(&c)) on:change=move |_| view.update(|v| v.toggle_column(c, many.get_untracked()))/>
                            <label for=id>{c.title()}</label>
                        </div>
                    }
                }).collect_view()}
            </fieldset>
        </details>
    }
}

/// The fleet table as a file: the rows the filters show, with the columns shown or every field.
#[component]
fn TableExport(many: Memo<bool>) -> impl IntoView {
    use crate::browser::save_text;
    use crate::ops::table_export::{to_csv, to_json, Located};
    let view = expect_context::<ListViewContext>().0;
    let fleet = use_fleet();
    let export = move |csv: bool, every_field: bool| {
        let v = view.get_untracked();
        let columns = v.columns(many.get_untracked());
        let scopes = fleet.open_scopes();
        let stores: Vec<(String, String, String, Vec<crate::kms::KeyStore>)> = scopes
            .iter()
            .filter(|r| v.account.as_ref().is_none_or(|a| *a == r.account.id()))
            .map(|r| {
                let shown = r.list.stores.with_untracked(|s| {
                    let ids = v.ids(s);
                    ids.iter().filter_map(|id| s.iter().find(|x| x.id() == id).cloned()).collect()
                });
                (r.account.id(), r.account.name(), r.name(), shown)
            })
            .collect();
        let rows: Vec<Located> = stores
            .iter()
            .flat_map(|(id, name, region, list)| list.iter().map(move |store| Located { account_id: id, account_name: name, region, store }))
            .collect();
        let columns = (!every_field).then_some(columns.as_slice());
        match csv {
            true => save_text("cks-key-stores.csv", "text/csv", &to_csv(&rows, columns)),
            false => save_text("cks-key-stores.json", "application/json", &to_json(&rows, columns)),
        }
    };
    view! {
        <details class="menu table-export">
            <summary>"Export"</summary>
            <div class="menu-items">
                <button type="button" on:click=move |_| export(true, false)>"Columns shown, CSV"</button>
                <button type="button" on:click=move |_| export(false, false)>"Columns shown, JSON"</button>
                <button type="button" on:click=move |_| export(true, true)>"Every field, CSV"</button>
                <button type="button" on:click=move |_| export(false, true)>"Every field, JSON"</button>
            </div>
        </details>
    }
}
