//! Adding a Region to the signed-in page: the Regions not shown yet, grouped by partition. Each
//! section removes itself; together they keep the page's Regions in the URL.

use crate::aws::regions::public_regions;
use leptos::prelude::*;

#[component]
pub fn RegionPicker(#[prop(into)] shown: Signal<Vec<String>>, on_add: Callback<String>) -> impl IntoView {
    let picked = RwSignal::new(String::new());
    let groups = move || {
        let shown = shown.get();
        let mut groups: Vec<(&'static str, Vec<&'static str>)> = vec![];
        for (partition, region) in public_regions().filter(|(_, r)| !shown.iter().any(|s| s == r)) {
            match groups.last_mut() {
                Some((p, list)) if *p == partition => list.push(region),
                _ => groups.push((partition, vec![region])),
            }
        }
        groups
    };
    let add = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let region = picked.get_untracked();
        if !region.is_empty() {
            picked.set(String::new());
            on_add.run(region);
        }
    };
    view! {
        <form class="region-picker" on:submit=add>
            <label for="add-region">"Add a Region"</label>
            <select id="add-region" on:change=move |ev| picked.set(event_target_value(&ev))>
                <option value="" selected=move || picked.with(String::is_empty)>"Choose…"</option>
                {move || groups().into_iter().map(|(partition, regions)| view! {
                    <optgroup label=partition>
                        {regions.into_iter().map(|r| view! { <option value=r selected=move || picked.with(|p| p == r)>{r}</option> }).collect_view()}
                    </optgroup>
                }).collect_view()}
            </select>
            <button type="submit" disabled=move || picked.with(String::is_empty)>"Add"</button>
        </form>
    }
}
