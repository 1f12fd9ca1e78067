//! The view's controls: the type tabs (one table per type, as the AWS console has), the text
//! filter, the state filter and the page size.

use crate::kms::listing::PAGE_SIZES;
use crate::kms::{words, ConnectionState, KeyStoreType};
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
