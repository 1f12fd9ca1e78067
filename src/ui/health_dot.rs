//! The table's one-glance health: an external key store's dot (healthy, degraded, failing, no
//! data) from its latest metrics, and a CloudHSM store's HSM count from its cluster.

use crate::health::preflight::ClusterLookup;
use crate::health::summary::Health;
use crate::kms::{KeyStore, KeyStoreType};
use crate::state::scope::Scope;
use leptos::prelude::*;

#[component]
pub fn HealthDot(scope: Scope, store_id: String) -> impl IntoView {
    let r = scope;
    let key = StoredValue::new(store_id);
    let reading = Memo::new(move |_| {
        r.health.summaries.with(|s| {
            let fetched = s.as_ref()?;
            Some(match &fetched.value {
                Ok(all) => {
                    let summary = key.with_value(|id| all.get(id).cloned())?;
                    let reasons = summary.reasons();
                    (summary.health(), if reasons.is_empty() { summary.health().word().to_owned() } else { reasons.join("; ") })
                }
                Err(why) => (Health::NoData, why.clone()),
            })
        })
    });
    move || {
        reading.get().map(|(health, why)| {
            let label = format!("Health: {}. {why}", health.word());
            view! { <span class="health-dot" data-health=health.key() role="img" aria-label=label.clone() title=label></span> }
        })
    }
}

#[component]
pub fn ClusterSummary(scope: Scope, store: Memo<KeyStore>) -> impl IntoView {
    let r = scope;
    let text = Memo::new(move |_| {
        let cluster_id = store.with(|s| (s.store_type() == KeyStoreType::CloudHsm).then(|| s.cloud_hsm_cluster_id.clone()).flatten())?;
        r.health.clusters.with(|c| match c.get(&cluster_id)? {
            ClusterLookup::Found(cluster) => Some((cluster.summary(), cluster.active_hsms().count() == 0, String::new())),
            ClusterLookup::Missing => Some(("cluster not found".to_owned(), true, String::new())),
            ClusterLookup::NotChecked(why) => Some(("HSMs not checked".to_owned(), false, why.clone())),
        })
    });
    move || {
        text.get().map(|(summary, bad, why)| {
            view! { <span class="hsm-summary" class:bad=bad title=why>{summary}</span> }
        })
    }
}
