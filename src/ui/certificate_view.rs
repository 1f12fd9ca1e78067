//! One view across every Region of the external key stores' TLS certificate expiry and proxy
//! credential age, most urgent first. One CloudWatch alarm cannot cover every store; this can.

use crate::health::summary::{Summary, CERTIFICATE_DAYS_WARNING};
use crate::kms::KeyStoreType;
use crate::state::fleet::use_fleet;
use crate::state::scope::Scope;
use leptos::prelude::*;

#[derive(Clone, Debug, PartialEq)]
pub struct Row {
    /// The member account's name; `None` for the hub's own stores.
    pub account: Option<String>,
    pub region: String,
    pub store_id: String,
    pub name: String,
    pub summary: Summary,
}

/// What one scope reports: its rows, or why CloudWatch could not be asked there; `None` until
/// it has asked.
fn rows_of(r: Scope) -> Option<Result<Vec<Row>, String>> {
    let fetched = r.health.summaries.with(|s| s.as_ref().map(|f| f.value.clone()))?;
    let region = r.name();
    let account = (!r.account.is_hub()).then(|| r.account.name());
    Some(fetched.map(|summaries| {
        r.list.stores.with(|stores| {
            stores
                .iter()
                .filter(|s| s.store_type() == KeyStoreType::External)
                .filter_map(|s| {
                    let summary = summaries.get(s.id())?.clone();
                    Some(Row { account: account.clone(), region: region.clone(), store_id: s.id().to_owned(), name: s.name().to_owned(), summary })
                })
                .collect()
        })
    }))
}

fn days(v: Option<f64>) -> String {
    v.map_or_else(|| "no data".to_owned(), |d| format!("{d:.0} days"))
}

#[component]
pub fn CertificateView() -> impl IntoView {
    let fleet = use_fleet();
    // (where, what it reported) for every scope that has asked CloudWatch.
    let board = Memo::new(move |_| {
        fleet.settled.track();
        untrack(|| {
            fleet
                .open_scopes()
                .into_iter()
                .filter_map(|r| Some((if r.account.is_hub() { r.name() } else { format!("{} in {}", r.account.name(), r.name()) }, rows_of(r)?)))
                .collect::<Vec<_>>()
        })
    });
    let rows = Memo::new(move |_| {
        let mut rows: Vec<Row> = board.with(|b| b.iter().filter_map(|(_, r)| r.as_ref().ok()).flatten().cloned().collect());
        rows.sort_by_key(|r| r.summary.urgency_key());
        rows
    });
    let problems =
        Memo::new(move |_| board.with(|b| b.iter().filter_map(|(region, r)| r.as_ref().err().map(|e| format!("{region}: {e}"))).collect::<Vec<_>>()));
    let row = |r: Row| {
        let urgent = r.summary.certificate_days.is_some_and(|d| d < CERTIFICATE_DAYS_WARNING);
        let id = r.store_id.clone();
        view! {
            <tr data-store-id=id class:urgent=urgent>
                <th scope="row">{r.name}</th>
                <td>{r.account.map(|a| format!("{a} · ")).unwrap_or_default()}{r.region}</td>
                <td class="mono">{r.store_id}</td>
                <td class="cert-days">{days(r.summary.certificate_days)}{urgent.then_some(" — renew now")}</td>
                <td class="cred-age">{days(r.summary.credential_age_days)}</td>
                <td>{r.summary.health().word()}</td>
            </tr>
        }
    };
    view! {
        <Show when=move || !rows.with(Vec::is_empty) || !problems.with(Vec::is_empty)>
            <details class="certificates" open>
                <summary><h2>"Proxy certificates and credentials"</h2></summary>
                <p class="hint">"Every external key store in the Regions shown, the most urgent first: a TLS certificate that expires in under 10 days needs renewing now."</p>
                <div class="table-box">
                    <table class="stores cert-table">
                        <caption>"External key stores by certificate expiry"</caption>
                        <thead><tr>
                            <th scope="col">"Store"</th><th scope="col">"Region"</th><th scope="col">"ID"</th>
                            <th scope="col">"Certificate expires in"</th><th scope="col">"Credential age"</th><th scope="col">"Health"</th>
                        </tr></thead>
                        <tbody>{move || rows.get().into_iter().map(row).collect_view()}</tbody>
                    </table>
                </div>
                {move || problems.get().into_iter().map(|p| view! { <p class="unchecked">{p}</p> }).collect_view()}
            </details>
        </Show>
    }
}
