//! A store's history from CloudTrail, newest first, ten lines at a time: who connected,
//! disconnected, created, updated or deleted it, when, from which address, and the error if any.

use crate::aws::time::format_utc;
use crate::browser::local_time;
use crate::health::history::{Entry, History};
use crate::state::scope::health::not_checked;
use crate::state::scope::Scope;
use leptos::prelude::*;
use leptos::task::spawn_local;

const PAGE: usize = 10;

#[component]
pub fn HistoryList(scope: Scope, #[prop(into)] store_id: String) -> impl IntoView {
    let r = scope;
    let history = RwSignal::new(History::new(store_id));
    let shown = RwSignal::new(PAGE);
    let loading = RwSignal::new(false);
    let problem = RwSignal::new(None::<String>);
    let load_more = move || {
        if loading.get_untracked() || !r.can_send_untracked() {
            return;
        }
        let client = match r.health.clients().cloudtrail {
            Ok(c) => c,
            Err(why) => return problem.set(Some(why)),
        };
        loading.set(true);
        let mut next = history.get_untracked();
        let pacer = r.health.cloudtrail_pacer;
        spawn_local(async move {
            // The scope's pacer: the blast radius and the history share CloudTrail's quota.
            let mut pace = pacer.get_value();
            let result = next.load_more(&client, &mut pace).await;
            if loading.try_set(false).is_some() {
                return;
            }
            match result {
                Ok(()) => {
                    problem.set(None);
                    history.set(next);
                }
                Err(e) => problem.set(Some(not_checked(&client, "cloudtrail:LookupEvents", &e))),
            }
        });
    };
    load_more();
    let older = move |_| {
        shown.update(|n| *n += PAGE);
        if history.with_untracked(|h| h.entries.len() < shown.get_untracked() && h.has_more()) {
            load_more();
        }
    };
    let line = |e: Entry| {
        let action = e.action().to_owned();
        let refused = e.error.is_some();
        view! {
            <li data-event=e.event_name.clone() class:refused=refused>
                <time title=format_utc(e.time)>{local_time(e.time)}</time>
                <strong>{action}</strong>
                <span class="who">{e.who}</span>
                <span class="source">{format!("from {}", if e.source.is_empty() { "an unknown address".to_owned() } else { e.source })}</span>
                {e.error.map(|err| view! { <span class="error">{err}</span> })}
            </li>
        }
    };
    let more_possible = move || history.with(|h| h.entries.len() > shown.get() || h.has_more());
    view! {
        <section class="history" aria-label="History from CloudTrail">
            <h4>"History (CloudTrail)"</h4>
            <ol class="events">{move || history.with(|h| h.entries.iter().take(shown.get()).cloned().map(line).collect_view())}</ol>
            {move || problem.get().map(|p| view! { <p class="unchecked" role="status">{p}</p> })}
            {move || (loading.get()).then(|| view! { <p class="loading">"Reading CloudTrail (2 requests a second at most)…"</p> })}
            {move || (!loading.get() && problem.with(Option::is_none) && history.with(|h| h.entries.is_empty() && !h.has_more()))
                .then(|| view! { <p class="hint">"CloudTrail has no Connect, Disconnect, Create, Update or Delete of this store in the last 90 days."</p> })}
            <Show when=move || !loading.get() && more_possible()>
                <button type="button" on:click=older>"Show older events"</button>
            </Show>
        </section>
    }
}
