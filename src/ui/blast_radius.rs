//! What disconnecting or deleting a store would take down, before the user confirms: its keys,
//! their aliases and states, and how each was used over a window the user picks (1 to 90 days),
//! read from CloudTrail page by page, partial numbers shown as they come.

use crate::browser::local_time;
use crate::health::blast_radius::{group, BlastRadius, MAX_WINDOW_DAYS};
use crate::state::scope::blast::BlastView;
use crate::state::scope::Scope;
use leptos::prelude::*;

const WINDOWS: [u32; 4] = [1, 7, 30, MAX_WINDOW_DAYS];
static PANELS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

#[component]
pub fn BlastRadiusPanel(
    scope: Scope,
    #[prop(into)] store_id: String,
    #[prop(default = true)] start: bool,
    /// What the change is called in the sentence: "Disconnecting", "Deleting the store".
    #[prop(default = "Disconnecting")]
    change: &'static str,
) -> impl IntoView {
    let r = scope;
    let view = BlastView::new();
    let days = RwSignal::new(WINDOWS[0]);
    let id = StoredValue::new(store_id);
    let read = move || r.read_blast_radius(id.get_value(), days.get_untracked(), view);
    if start {
        read();
    }
    // The details and a dialog can show the same store's panel at once: each gets its own id.
    let select_id = format!("blast-window-{}", PANELS.fetch_add(1, std::sync::atomic::Ordering::Relaxed));
    let keys = move |radius: &BlastRadius| {
        radius
            .keys
            .iter()
            .map(|k| {
                let usage = radius.usage.get(&k.arn).cloned().unwrap_or_default();
                let name = k.aliases.first().cloned().unwrap_or_else(|| k.key_id.clone());
                let last = usage.last_call.map_or_else(|| "no call in the window".to_owned(), |t| format!("last {}", local_time(t)));
                let via = if usage.services.is_empty() {
                    String::new()
                } else {
                    format!(", through {}", usage.services.iter().cloned().collect::<Vec<_>>().join(", "))
                };
                view! {
                    <li>
                        <span class="mono">{name}</span>" "
                        <span class="muted">{k.key_state.clone().unwrap_or_default()}</span>": "
                        {format!("{} calls by {} principals{via}, {last}", group(usage.calls), usage.principals.len())}
                    </li>
                }
            })
            .collect_view()
    };
    view! {
        <section class="blast-radius" aria-label="What this change affects">
            <div class="field inline">
                <label for=select_id.clone()>"Use over the last"</label>
                <select id=select_id on:change=move |ev| {
                    if let Ok(d) = event_target_value(&ev).parse() {
                        days.set(d);
                        read();
                    }
                }>
                    {WINDOWS.iter().map(|&d| view! { <option value=d.to_string() selected=move || days.get() == d>{if d == 1 { "24 hours".to_owned() } else { format!("{d} days") }}</option> }).collect_view()}
                </select>
                <button type="button" class="link" on:click=move |_| read() disabled=move || view.running.get()>"Read again"</button>
            </div>
            <p class="blast-sentence" role="status">{move || match (view.radius.get(), view.running.get()) {
                (None, true) => "Reading the store's keys and their use from CloudTrail…".to_owned(),
                (None, false) => "Not read yet: \"Read again\" reads the keys and their use from CloudTrail.".to_owned(),
                (Some(f), _) => match f.value {
                    Ok(radius) => radius.sentence_for(change),
                    Err(why) => why,
                },
            }}</p>
            {move || view.aliases_unchecked.get().map(|why| view! { <p class="unchecked">{format!("Aliases: {why}")}</p> })}
            <ul class="blast-keys">{move || view.radius.with(|f| f.as_ref().and_then(|f| f.value.as_ref().ok()).map(keys))}</ul>
        </section>
    }
}
