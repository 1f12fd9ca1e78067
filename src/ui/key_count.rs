//! How many KMS keys a store holds, counted on demand: in the details, and before Disconnect or
//! Delete, where the number is the consequence ("3 keys become unusable while disconnected").

use crate::browser::now_ms;
use crate::health::keys::{consequence, Purpose};
use crate::state::scope::Scope;
use leptos::prelude::*;

/// A count older than this is taken again when a dialog that needs it opens.
const FRESH_MS: u64 = 60_000;

#[component]
pub fn KeyCount(scope: Scope, #[prop(into)] store_id: String, purpose: Purpose) -> impl IntoView {
    let r = scope;
    let id = StoredValue::new(store_id);
    let h = r.health;
    if purpose != Purpose::Details && h.keys.with_untracked(|k| k.as_ref().is_none_or(|k| now_ms() > k.at_ms + FRESH_MS)) {
        r.count_keys();
    }
    let shown = move || {
        let counting = h.counting_keys.get();
        h.keys.with(|k| match (k, counting) {
            (_, true) => view! { <span class="loading">"Counting the keys in this store…"</span> }.into_any(),
            (None, false) => view! { <span>"Not counted yet."</span> }.into_any(),
            (Some(f), false) => match &f.value {
                Ok(keys) => {
                    let n = id.with_value(|id| keys.count(id));
                    let text = id.with_value(|id| keys.count_text(id));
                    let text = text[..1].to_uppercase() + &text[1..];
                    let bad = n > 0 && purpose != Purpose::Details;
                    view! { <span data-keys=n.to_string() class:bad=bad>{consequence(purpose, n, &text)}</span> }.into_any()
                }
                Err(why) => view! { <span class="unchecked">{why.clone()}</span> }.into_any(),
            },
        })
    };
    view! {
        <p class="key-count" role="status">
            {shown}
            " "
            <button type="button" class="link" disabled=move || h.counting_keys.get() on:click=move |_| r.count_keys()>
                {move || if h.keys.with(Option::is_some) { "Count again" } else { "Count keys" }}
            </button>
        </p>
    }
}
