//! An external key store's health from CloudWatch, as charts: proxy latency against KMS's 250 ms
//! timeout, errors by type with the top exceptions, external key manager states, certificate days
//! to expire, credential age, throttles. 1 hour to 1 week, 3 hours by default.

use super::line_chart::LineChart;
use crate::browser::now_ms;
use crate::health::metrics::{chart_queries, get_metric_data, ids, single, top_exceptions, Range, Results, Series};
use crate::health::summary::{CERTIFICATE_DAYS_WARNING, ERRORS_PER_MINUTE_WARNING, LATENCY_WARNING_MS};
use crate::state::scope::health::{not_checked, Fetched};
use crate::state::scope::Scope;
use leptos::prelude::*;
use leptos::task::spawn_local;

struct Loaded {
    window: (u64, u64),
    range: Range,
    results: Results,
}

#[component]
pub fn HealthCharts(scope: Scope, #[prop(into)] store_id: String) -> impl IntoView {
    let r = scope;
    let id = StoredValue::new(store_id);
    let range = RwSignal::new(Range::default());
    let data: RwSignal<Option<Fetched<Loaded>>, LocalStorage> = RwSignal::new_local(None);
    let loading = RwSignal::new(false);
    // Only the latest request's answer is shown, however the answers arrive.
    let asked = StoredValue::new(0u32);
    let load = move |range: Range| {
        let client = match r.health.clients().cloudwatch {
            Ok(client) => client,
            Err(why) => return data.set(Some(Fetched { at_ms: now_ms(), value: Err(why) })),
        };
        if !r.can_send_untracked() {
            return;
        }
        asked.update_value(|n| *n += 1);
        let ticket = asked.get_value();
        loading.set(true);
        let window = range.window(now_ms());
        let queries = chart_queries(&id.get_value(), range.period());
        spawn_local(async move {
            let value = get_metric_data(&client, &queries, window)
                .await
                .map(|results| Loaded { window, range, results })
                .map_err(|e| not_checked(&client, "cloudwatch:GetMetricData", &e));
            if asked.try_get_value() != Some(ticket) {
                return;
            }
            loading.set(false);
            data.set(Some(Fetched { at_ms: now_ms(), value }));
        });
    };
    Effect::watch(move || range.get(), move |range, _, _| load(*range), true);
    let picker = Range::ALL
        .into_iter()
        .map(|choice| {
            view! {
                <button type="button" class="segment" aria-pressed=move || (range.get() == choice).to_string()
                    on:click=move |_| range.set(choice)>{choice.label()}</button>
            }
        })
        .collect_view();
    let charts = move || {
        data.with(|d| {
            let d = d.as_ref()?;
            Some(match &d.value {
                Err(why) => view! { <p class="unchecked" role="status">{why.clone()}</p> }.into_any(),
                Ok(loaded) => charts_view(loaded).into_any(),
            })
        })
    };
    view! {
        <section class="health-charts" aria-label="Proxy health from CloudWatch">
            <div class="charts-head">
                <h4>"Health (CloudWatch)"</h4>
                <div class="segments" role="group" aria-label="Time range">{picker}</div>
                <button type="button" on:click=move |_| load(range.get_untracked()) disabled=move || loading.get()>
                    {move || if loading.get() { "Loading…" } else { "Refresh" }}
                </button>
            </div>
            {charts}
        </section>
    }
}

fn charts_view(loaded: &Loaded) -> impl IntoView {
    let series = |id: &str| single(&loaded.results, id).cloned().into_iter().collect::<Vec<Series>>();
    let pair = |a: &str, b: &str| [series(a), series(b)].concat();
    let window = loaded.window;
    let per_period = ERRORS_PER_MINUTE_WARNING * loaded.range.period() as f64 / 60.0;
    let minutes = loaded.range.period() / 60;
    let errors_label = if minutes == 1 { "5 a minute".to_owned() } else { format!("5 a minute ({per_period:.0} per {minutes} min)") };
    let top = top_exceptions(&loaded.results);
    let exceptions = if top.is_empty() {
        view! { <p class="hint">"No proxy errors in this range."</p> }.into_any()
    } else {
        view! {
            <ol class="top-exceptions" aria-label="Top exceptions">
                {top.into_iter().take(5).map(|(name, n)| view! { <li><code>{name}</code>" "{format!("{n:.0}")}</li> }).collect_view()}
            </ol>
        }
        .into_any()
    };
    view! {
        <p class="hint">{format!("{}-minute periods.", loaded.range.period() / 60)}</p>
        <div class="charts" data-start=window.0.to_string() data-end=window.1.to_string() data-period=loaded.range.period().to_string()>
            <LineChart title="Proxy latency" unit="ms" series=pair(ids::P50, ids::P99) window threshold=(LATENCY_WARNING_MS, "200 ms alarm (KMS gives up at 250)".to_owned())/>
            <div>
                <LineChart title="Proxy errors" unit="per period" series=pair(ids::RETRYABLE, ids::NON_RETRYABLE) window threshold=(per_period, errors_label)/>
                {exceptions}
            </div>
            <LineChart title="External key managers" unit=""
                series=[series(ids::ACTIVE), series(ids::DEGRADED), series(ids::UNAVAILABLE)].concat() window/>
            <LineChart title="Certificate days to expire" unit="days" series=series(ids::CERTIFICATE) window threshold=(CERTIFICATE_DAYS_WARNING, "10 days".to_owned())/>
            <LineChart title="Credential age" unit="days" series=series(ids::CREDENTIAL) window/>
            <LineChart title="Throttled requests" unit="per period" series=series(ids::THROTTLES) window/>
        </div>
    }
}
