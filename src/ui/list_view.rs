//! The table's filter and sort, shared by every Region's table and kept in the URL.

use crate::browser::location::{query_param, replace_query};
use crate::kms::listing::View;
use crate::kms::{ConnectionState, KeyStoreType};
use leptos::prelude::*;

#[derive(Clone, Copy)]
pub struct ListViewContext(pub RwSignal<View>);

pub fn provide_list_view() {
    let view = RwSignal::new(View::from_query(query_param));
    Effect::new(move |_| view.with(|v| replace_query(&["q", "state", "type", "sort"], &v.to_query())));
    provide_context(ListViewContext(view));
}

/// A select over `choices` (value, words) plus "any"; the view holds the typed value.
fn choice<T: Clone + PartialEq + Send + Sync + 'static>(
    view: RwSignal<View>,
    (id, label, any): (&'static str, &'static str, &'static str),
    choices: Vec<(T, String)>,
    get: fn(&View) -> Option<T>,
    set: fn(&mut View, Option<T>),
) -> impl IntoView {
    let options = StoredValue::new(choices.clone());
    view! {
        <div class="field inline">
            <label for=id>{label}</label>
            <select id=id on:change=move |ev| {
                let index = event_target_value(&ev).parse::<usize>().ok();
                let picked = index.and_then(|i| options.with_value(|o| o.get(i).map(|(v, _)| v.clone())));
                view.update(|v| set(v, picked));
            }>
                <option value="" selected=move || view.with(|v| get(v).is_none())>{any}</option>
                {choices.into_iter().enumerate().map(|(i, (value, words))| view! {
                    <option value=i.to_string() selected=move || view.with(|v| get(v).as_ref() == Some(&value))>{words}</option>
                }).collect_view()}
            </select>
        </div>
    }
}

#[component]
pub fn ListToolbar() -> impl IntoView {
    let view = expect_context::<ListViewContext>().0;
    let states = ConnectionState::ALL.iter().map(|s| (s.clone(), s.to_string())).collect();
    let types = vec![(KeyStoreType::CloudHsm, "CloudHSM".to_owned()), (KeyStoreType::External, "External (XKS)".to_owned())];
    view! {
        <div class="toolbar" role="search">
            <div class="field inline">
                <label for="filter-text">"Filter"</label>
                <input id="filter-text" type="search" placeholder="name, id, cluster, endpoint, error"
                    prop:value=move || view.with(|v| v.text.clone())
                    on:input=move |ev| view.update(|v| v.text = event_target_value(&ev))/>
            </div>
            {choice(view, ("filter-state", "State", "Any state"), states, |v| v.state.clone(), |v, s| v.state = s)}
            {choice(view, ("filter-type", "Type", "Any type"), types, |v| v.store_type.clone(), |v, t| v.store_type = t)}
        </div>
    }
}
