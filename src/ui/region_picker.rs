//! Choosing Regions by touch and keyboard: a disclosure with a search box and one checkbox per
//! Scope, grouped by partition. The same picker serves the sign-in form and the app bar; at least
//! one Region stays chosen.

use crate::aws::regions::public_regions;
use leptos::prelude::*;

fn partition_words(id: &str) -> &'static str {
    match id {
        "aws" => "AWS Regions",
        "aws-cn" => "China",
        "aws-us-gov" => "AWS GovCloud (US)",
        _ => "Other",
    }
}

#[component]
pub fn RegionPicker(
    #[prop(into)] id: String,
    #[prop(into)] selected: Signal<Vec<String>>,
    on_change: Callback<Vec<String>>,
    /// Build the list on first open rather than with the page. The app bar's picker is a third of
    /// the signed-in page's elements and usually stays shut; the sign-in form's is built at once,
    /// because the page's prerendered copy hands its ticks over to it.
    #[prop(optional)]
    on_first_open: bool,
) -> impl IntoView {
    let built = RwSignal::new(!on_first_open);
    let search = RwSignal::new(String::new());
    let search_id = format!("{id}-search");
    let groups = move || {
        // Region codes are ASCII; ASCII folding keeps Unicode's case tables out of the first load.
        let needle = search.with(|s| s.trim().to_ascii_lowercase());
        let mut groups: Vec<(&'static str, Vec<&'static str>)> = vec![];
        for (partition, region) in public_regions().filter(|(_, r)| r.contains(needle.as_str())) {
            match groups.last_mut() {
                Some((p, list)) if *p == partition => list.push(region),
                _ => groups.push((partition, vec![region])),
            }
        }
        groups
    };
    let toggle = move |region: &'static str, on: bool| {
        let mut now = selected.get_untracked();
        if on && !now.iter().any(|r| r == region) {
            now.push(region.to_owned());
        } else if !on {
            now.retain(|r| r != region);
        }
        if !now.is_empty() {
            on_change.run(now);
        }
    };
    let summary = move || selected.with(|s| if s.len() > 3 { format!("{}, … ({})", s[..2].join(", "), s.len()) } else { s.join(", ") });
    let panel = move || {
        let (search_id, prefix) = (search_id.clone(), id.clone());
        view! {
            <div class="picker-panel">
                <div class="field">
                    <label for=search_id.clone()>"Find a Region"</label>
                    <input id=search_id type="search" autocomplete="off" placeholder="e.g. eu-" prop:value=move || search.get()
                        on:input=move |ev| search.set(event_target_value(&ev))/>
                </div>
                {move || groups().into_iter().map(|(partition, regions)| {
                    let prefix = prefix.clone();
                    view! {
                        <fieldset>
                            <legend>{partition_words(partition)}</legend>
                            {regions.into_iter().map(|region| {
                                let box_id = format!("{prefix}-{region}");
                                let checked = move || selected.with(|s| s.iter().any(|r| r == region));
                                let last = move || selected.with(|s| s.len() == 1 && s[0] == region);
                                // The attribute as well as the property: the page's prerendered
                                // copy keeps attributes only, and must show the choice too.
                                view! {
                                    <div class="field checkbox">
                                        <input type="checkbox" id=box_id.clone() prop:checked=checked checked=checked disabled=last
                                            on:change=move |ev| toggle(region, event_target_checked(&ev))/>
                                        <label for=box_id>{region}</label>
                                    </div>
                                }
                            }).collect_view()}
                        </fieldset>
                    }
                }).collect_view()}
            </div>
        }
    };
    view! {
        <details class="region-picker">
            // A summary's click (mouse, Enter or Space) comes before the disclosure opens, so the
            // list is there in the frame that shows it.
            <summary on:click=move |_| built.set(true)>"Regions: "<span class="chosen">{summary}</span></summary>
            {move || built.get().then(panel.clone())}
        </details>
    }
}
