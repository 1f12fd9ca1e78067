//! The fleet at a glance, above the tables: stores by state across every account and Region, what
//! needs a person first (FAILED, then moving), the certificates and proxy credentials to act on
//! soonest, and CloudHSM clusters with fewer than two HSMs; then the forecast of what will need a
//! person soon (certificates, old proxy credentials under the user's policy, clusters in one zone,
//! stores no alarm watches). Derived from the registry.

use crate::fleet::forecast::{forecast, Forecast, ForecastPolicy, StoreFacts};
use crate::fleet::summary::{summarize, StoreRow, MIN_HSMS};
use crate::fleet::Scope as ScopeKey;
use crate::health::preflight::ClusterLookup;
use crate::kms::{words, KeyStoreType};
use crate::state::fleet::use_fleet;
use crate::state::scope::Scope;
use leptos::prelude::*;

/// What one scope knows of its stores, as the summary and the forecast read it.
fn rows_of(r: Scope) -> Vec<(StoreRow, StoreFacts)> {
    let key = ScopeKey::new(r.account.id(), r.name());
    let account_name = r.account.name();
    let readings = r.health.summaries.with(|s| s.as_ref().and_then(|f| f.value.as_ref().ok().cloned())).unwrap_or_default();
    let alarms = r.health.alarm_counts.with(|c| c.as_ref().and_then(|c| c.value.as_ref().ok().cloned()));
    let clusters = r.health.clusters.get();
    r.list.stores.with(|stores| {
        stores
            .iter()
            .map(|s| {
                let cluster = s.cloud_hsm_cluster_id.as_ref().and_then(|c| match clusters.get(c) {
                    Some(ClusterLookup::Found(cluster)) => Some(cluster),
                    _ => None,
                });
                let reading = readings.get(s.id()).cloned();
                let facts = StoreFacts {
                    store_id: s.id().to_owned(),
                    external: s.store_type() == KeyStoreType::External,
                    certificate_days: reading.as_ref().and_then(|x| x.certificate_days),
                    credential_age_days: reading.as_ref().and_then(|x| x.credential_age_days),
                    active_hsms: cluster.map(|c| c.active_hsms().count()),
                    hsm_zones: cluster.map(|c| c.active_zones().len()),
                    alarms: alarms.as_ref().map(|a| a.get(s.id()).copied().unwrap_or(0)),
                };
                let row = StoreRow {
                    scope: Some(key.clone()),
                    account_name: account_name.clone(),
                    store_id: s.id().to_owned(),
                    store_name: s.name().to_owned(),
                    state: s.connection_state.clone(),
                    error_code: s.connection_error_code.clone(),
                    readings: reading,
                    active_hsms: facts.active_hsms,
                };
                (row, facts)
            })
            .collect()
    })
}

/// "payments-hsm (staging, us-east-1)": a store and where it is.
fn place(row: &StoreRow) -> String {
    let region = row.scope.as_ref().map(|s| s.region.as_str()).unwrap_or_default();
    format!("{} ({}, {region})", words::visible(&row.store_name), words::visible(&row.account_name))
}

#[component]
pub fn FleetSummary() -> impl IntoView {
    let fleet = use_fleet();
    // Rebuilt once a burst of answers has settled (see `Fleet::settled`), not per answer.
    let entries = Memo::new(move |_| {
        fleet.settled.track();
        untrack(|| fleet.open_scopes().into_iter().flat_map(rows_of).unzip::<_, _, Vec<_>, Vec<_>>())
    });
    let summary = Memo::new(move |_| entries.with(|(rows, _)| summarize(rows)));
    let counts = move || {
        summary.with(|s| {
            s.by_state
                .iter()
                .map(|c| {
                    let word = c.state.as_ref().map_or("no state", words::state).to_owned();
                    view! { <li class="state-count"><strong>{c.count}</strong>" "{word}</li> }
                })
                .collect_view()
        })
    };
    let listed = move |pick: fn(&crate::fleet::summary::FleetSummary) -> &Vec<usize>, say: fn(&StoreRow) -> String| {
        move || {
            entries.with(|(rows, _)| summary.with(|s| pick(s).iter().take(5).filter_map(|&i| rows.get(i)).map(|r| view! { <li>{say(r)}</li> }).collect_view()))
        }
    };
    let attention = listed(
        |s| &s.attention,
        |r| match (&r.state, &r.error_code) {
            (Some(state), Some(code)) => format!("{} is {state} with {code}", place(r)),
            (Some(state), None) => format!("{} is {}", place(r), words::state(state).to_lowercase()),
            _ => place(r),
        },
    );
    let certificates = listed(
        |s| &s.certificates,
        |r| {
            let days = r.readings.as_ref().and_then(|x| x.certificate_days).map_or("no data".to_owned(), |d| format!("{d:.0} days"));
            format!("{}: certificate expires in {days}", place(r))
        },
    );
    let thin = listed(|s| &s.thin_clusters, |r| format!("{}: {} active HSM(s), fewer than {MIN_HSMS}", place(r), r.active_hsms.unwrap_or(0)));
    let scopes = move || fleet.scopes.with(Vec::len);
    let policy = RwSignal::new(ForecastPolicy::default());
    let ahead = Memo::new(move |_| entries.with(|(_, facts)| policy.with(|p| forecast(facts, p))));
    let foreseen = move |pick: fn(&Forecast) -> &Vec<usize>, say: fn(&StoreRow, &StoreFacts) -> String| {
        move || {
            entries.with(|(rows, facts)| {
                ahead.with(|f| {
                    pick(f).iter().take(5).filter_map(|&i| Some(say(rows.get(i)?, facts.get(i)?))).map(|line| view! { <li>{line}</li> }).collect_view()
                })
            })
        }
    };
    let expiring = foreseen(|f| &f.certificates_expiring, |r, f| format!("{}: certificate expires in {:.0} days", place(r), f.certificate_days.unwrap_or(0.0)));
    let old = foreseen(|f| &f.old_credentials, |r, f| format!("{}: proxy credential {:.0} days old", place(r), f.credential_age_days.unwrap_or(0.0)));
    let one_zone = foreseen(|f| &f.one_zone_clusters, |r, f| format!("{}: {} active HSMs, all in one Availability Zone", place(r), f.active_hsms.unwrap_or(0)));
    let unwatched = foreseen(|f| &f.unwatched, |r, _| format!("{}: no CloudWatch alarm watches it", place(r)));
    // A scope whose alarms could not be read is not called unwatched: say so instead.
    let alarms_unchecked = Memo::new(move |_| {
        fleet.settled.track();
        let why: Vec<String> = untrack(|| {
            fleet
                .open_scopes()
                .into_iter()
                .filter_map(|r| r.health.alarm_counts.with(|c| c.as_ref().and_then(|c| c.value.clone().err()).filter(|w| !w.is_empty())))
                .collect()
        });
        why.first()
            .map(|first| if why.len() == 1 { format!("Alarms: {first}") } else { format!("Alarms not checked in {} scopes; the first: {first}", why.len()) })
    });
    let policy_days = move |ev| {
        if let Ok(days) = event_target_value(&ev).trim().parse::<f64>() {
            if days >= 1.0 {
                policy.update(|p| p.credential_days = days);
            }
        }
    };
    view! {
        <section class="fleet-summary" aria-labelledby="fleet-summary-title">
            <h2 id="fleet-summary-title">{move || summary.with(|s| match (s.stores, scopes()) {
                (1, n) => format!("1 store in {n} account-Region scope(s)"),
                (k, n) => format!("{k} stores in {n} account-Region scope(s)"),
            })}</h2>
            <ul class="state-counts">{counts}</ul>
            <Show when=move || summary.with(|s| !s.attention.is_empty())>
                <h3>"Needs attention first"</h3>
                <ul class="attention">{attention}</ul>
            </Show>
            <Show when=move || summary.with(|s| s.certificates_due > 0)>
                <h3>"Certificates to renew soonest"</h3>
                <ul class="due">{certificates}</ul>
            </Show>
            <Show when=move || summary.with(|s| !s.thin_clusters.is_empty())>
                <h3>"Clusters with fewer than two active HSMs"</h3>
                <ul class="thin">{thin}</ul>
            </Show>
            <div class="forecast">
                <h3>"Forecast"</h3>
                <p class="forecast-sentence">{move || ahead.with(|f| policy.with(|p| f.sentence(p)))}</p>
                <label class="policy">"Proxy credentials are due after "
                    <input type="number" min="1" max="3650" step="1" aria-label="Proxy credential policy in days"
                        prop:value=move || policy.with(|p| p.credential_days.to_string()) on:change=policy_days/>" days"</label>
                <ul class="expiring">{expiring}</ul>
                <ul class="old-credentials">{old}</ul>
                <ul class="one-zone">{one_zone}</ul>
                <ul class="unwatched">{unwatched}</ul>
                {move || alarms_unchecked.get().map(|why| view! { <p class="unchecked">{why}</p> })}
            </div>
        </section>
    }
}
