//! Every request of the session, newest first: when, in which account and Region, what, for which
//! store, how it ended, its request id, how long it took and which attempt it was. Filter it,
//! export it (JSON Lines, CSV), and inspect any entry: what was signed (canonical request, string
//! to sign, signed headers) and what came back, secrets left out; for a refused signature, the
//! page's clock beside the service's.

use crate::browser::save_text;
use crate::ops::activity::{iso8601, to_csv, to_jsonl};
use crate::state::activity::{ActivityLog, Entry};
use leptos::prelude::*;
use std::collections::VecDeque;

/// Rows built at once; the filter reaches the rest.
const SHOWN: usize = 100;

fn matches(entry: &Entry, needle: &str) -> bool {
    let x = &entry.exchange;
    needle.is_empty()
        || [&entry.account, &x.region, &x.service, &x.operation, &x.url]
            .into_iter()
            .chain([&x.store_id, &x.error_code, &x.request_id, &x.network_error].into_iter().flatten())
            .chain(x.status.map(|s| s.to_string()).as_ref())
            .any(|t| t.to_lowercase().contains(needle))
}

#[component]
pub fn ActivityPanel() -> impl IntoView {
    let log = expect_context::<ActivityLog>().0;
    let filter = RwSignal::new(String::new());
    // Rows are built only while the log is open: a fleet makes hundreds of requests at sign-in.
    let open = RwSignal::new(false);
    let shown = Memo::new(move |_| {
        if !open.get() {
            return vec![];
        }
        let needle = filter.with(|f| f.trim().to_lowercase());
        log.with(|entries| entries.iter().rev().filter(|e| matches(e, &needle)).cloned().collect::<Vec<_>>())
    });
    let export = move |csv: bool| {
        let text = shown.with_untracked(|entries| {
            let rows = entries.iter().map(|e| (e.account.as_str(), &e.exchange));
            if csv {
                to_csv(rows)
            } else {
                to_jsonl(rows)
            }
        });
        if csv {
            save_text("cks-activity.csv", "text/csv", &text);
        } else {
            save_text("cks-activity.jsonl", "application/x-ndjson", &text);
        }
    };
    view! {
        <details class="activity" id="activity" on:toggle=move |ev| open.set(event_target::<web_sys::HtmlDetailsElement>(&ev).open())>
            <summary>{move || format!("Activity: {} requests", log.with(VecDeque::len))}</summary>
            <div class="toolbar">
                <div class="field inline">
                    <label for="activity-filter">"Filter the log"</label>
                    <input id="activity-filter" type="search" placeholder="operation, account, status, request id"
                        prop:value=move || filter.get() on:input=move |ev| filter.set(event_target_value(&ev))/>
                </div>
                <button type="button" on:click=move |_| export(false)>"Export JSON Lines"</button>
                <button type="button" on:click=move |_| export(true)>"Export CSV"</button>
            </div>
            <div class="table-box">
                <table class="stores activity-log">
                    // Written only while the log is open (each request would rewrite it).
                    <caption>{move || open.get().then(|| format!("{} of {} requests, newest first", shown.with(Vec::len).min(SHOWN), log.with(VecDeque::len)))}</caption>
                    <thead><tr>
                        <th scope="col">"Time"</th><th scope="col">"Account"</th><th scope="col">"Region"</th><th scope="col">"Operation"</th>
                        <th scope="col">"Store"</th><th scope="col">"Status"</th><th scope="col">"Request id"</th><th scope="col">"ms"</th><th scope="col">"Attempt"</th>
                        <th scope="col">"Inspect"</th>
                    </tr></thead>
                    <tbody>
                        <For each=move || shown.get().into_iter().take(SHOWN) key=|e| e.seq let:entry>
                            <ActivityRow entry/>
                        </For>
                    </tbody>
                </table>
            </div>
        </details>
    }
}

#[component]
fn ActivityRow(entry: Entry) -> impl IntoView {
    let open = RwSignal::new(false);
    let x = entry.exchange.clone();
    let status = match (&x.status, &x.error_code, &x.network_error) {
        (Some(s), Some(code), _) => format!("{s} {code}"),
        (Some(s), None, _) => s.to_string(),
        (None, _, Some(why)) => format!("no answer: {why}"),
        (None, _, None) => "no answer".to_owned(),
    };
    let label = format!("Inspect request {} {}", entry.seq, x.operation);
    let inspected = entry.exchange.clone();
    view! {
        <tr data-seq=entry.seq.to_string() class:failed=x.status.is_none_or(|s| s >= 300)>
            <td><time>{iso8601(x.started_ms)}</time></td>
            <td class="mono">{if entry.account.is_empty() { "(signing in)".to_owned() } else { entry.account.clone() }}</td>
            <td>{x.region.clone()}</td>
            <td>{format!("{} {}", x.service, x.operation)}</td>
            <td class="mono">{x.store_id.clone().unwrap_or_default()}</td>
            <td>{status}</td>
            <td class="mono">{x.request_id.clone().unwrap_or_default()}</td>
            <td>{x.latency_ms}</td>
            <td>{x.attempt}</td>
            <td><button type="button" class="link" aria-label=label aria-expanded=move || open.get().to_string() on:click=move |_| open.update(|o| *o = !*o)>"Inspect"</button></td>
        </tr>
        <Show when=move || open.get()>
            <tr class="inspector"><td colspan="10"><Inspector exchange=inspected.clone()/></td></tr>
        </Show>
    }
}

#[component]
fn Inspector(exchange: crate::aws::exchange::Exchange) -> impl IntoView {
    let x = exchange;
    let headers = |list: &[(String, String)]| list.iter().map(|(k, v)| format!("{k}: {v}")).collect::<Vec<_>>().join("\n");
    let refused = x.signature_refused().then(|| {
        view! {
            <div class="clock-check" role="note">
                <h4>"Why the signature was refused"</h4>
                <p>{format!("This page's clock said {} when it signed (x-amz-date {}).", iso8601(x.started_ms), x.signed.amz_date)}</p>
                <p>{format!("The service's clock said {}.", x.server_date.clone().unwrap_or_else(|| "nothing (no Date header)".into()))}</p>
                <p>"A signature is good for five minutes either side of the service's clock (fifteen for STS). If the two clocks differ by more, set this computer's clock; if they agree, the secret access key does not belong to the access key ID, or a proxy changed the request on the way."</p>
            </div>
        }
    });
    // CloudTrail's event history can be searched for the request id; its console page is per Region.
    let trail = x.request_id.clone().map(|id| {
        let url = format!("https://{0}.console.aws.amazon.com/cloudtrail/home?region={0}#/events", x.region);
        view! { <p class="hint">"CloudTrail's event history: "<a href=url target="_blank" rel="noopener noreferrer">"open it for this Region"</a>{format!(" and look up request id {id} (write calls appear there within minutes; reads such as Describe only if the trail records them).")}</p> }
    });
    view! {
        <div class="inspect">
            {refused}
            <h4>"Canonical request"</h4>
            <pre class="mono">{x.signed.canonical_request.clone()}</pre>
            <h4>"String to sign"</h4>
            <pre class="mono">{x.signed.string_to_sign.clone()}</pre>
            <h4>"Signed headers"</h4>
            <pre class="mono">{headers(&x.signed.headers)}</pre>
            <h4>"Request body"</h4>
            <pre class="mono">{x.request_body.clone()}</pre>
            <h4>{format!("Response{}", x.status.map(|s| format!(": HTTP {s}")).unwrap_or_default())}</h4>
            <pre class="mono">{headers(&x.response_headers)}</pre>
            <pre class="mono">{x.response_body.clone()}</pre>
            {trail}
            <p class="hint">"The session token and every secret are left out; the string to sign hashes the request as it was really signed."</p>
        </div>
    }
}
