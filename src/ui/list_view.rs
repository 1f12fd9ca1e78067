//! The table's filter and sort, shared by every Region's table and kept in the URL.

use crate::browser::location::{query_param, replace_query};
use crate::kms::listing::View;
use crate::kms::ConnectionState;
use leptos::prelude::*;

#[derive(Clone, Copy)]
pub struct ListViewContext(pub RwSignal<View>);

pub fn provide_list_view() {
    let view = RwSignal::new(View::from_query(query_param));
    Effect::new(move |_| view.with(|v| replace_query(&["q", "state", "type", "sort"], &v.to_query())));
    provide_context(ListViewContext(view));
}

#[component]
pub fn ListToolbar() -> impl IntoView {
    let view = expect_context::<ListViewContext>().0;
    let select = |id: &'static str, label: &'static str, options: Vec<(&'static str, String)>, get: fn(&View) -> String, set: fn(&mut View, String)| {
        view! {
            <div class="field inline">
                <label for=id>{label}</label>
                <select id=id on:change=move |ev| view.update(|v| set(v, event_target_value(&ev)))>
                    {options.into_iter().map(|(value, text)| view! {
                        <option value=value selected=move || view.with(|v| get(v) == value)>{text}</option>
                    }).collect_view()}
                </select>
            </div>
        }
    };
    let states = std::iter::once(("", "Any state".to_owned())).chain(ConnectionState::ALL.iter().map(|s| (s.as_str_static(), s.to_string()))).collect();
    let types = vec![("", "Any type".to_owned()), ("AWS_CLOUDHSM", "CloudHSM".to_owned()), ("EXTERNAL_KEY_STORE", "External (XKS)".to_owned())];
    view! {
        <div class="toolbar" role="search">
            <div class="field inline">
                <label for="filter-text">"Filter"</label>
                <input id="filter-text" type="search" placeholder="name, id, cluster, endpoint, error"
                    prop:value=move || view.with(|v| v.text.clone())
                    on:input=move |ev| view.update(|v| v.text = event_target_value(&ev))/>
            </div>
            {select("filter-state", "State", states, |v| v.state.clone(), |v, s| v.state = s)}
            {select("filter-type", "Type", types, |v| v.store_type.clone(), |v, s| v.store_type = s)}
        </div>
    }
}
