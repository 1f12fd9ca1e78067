//! A CloudHSM key store's cluster as CloudHSM sees it now: its state and each HSM (state,
//! Availability Zone, subnet, address), then the pre-flight checks.

use super::preflight_list::PreflightList;
use crate::health::preflight::ClusterLookup;
use crate::state::scope::Scope;
use leptos::prelude::*;

#[component]
pub fn ClusterPanel(scope: Scope, #[prop(into)] store_id: String) -> impl IntoView {
    let r = scope;
    r.check_clusters(false);
    let id = StoredValue::new(store_id.clone());
    let lookup = Memo::new(move |_| {
        let cluster_id = id.with_value(|id| r.list.store(id))?.cloud_hsm_cluster_id?;
        r.health.clusters.with(|c| c.get(&cluster_id).cloned())
    });
    let table = move || {
        let ClusterLookup::Found(cluster) = lookup.get()? else { return None };
        let rows = cluster
            .hsms()
            .iter()
            .map(|h| {
                let text = |v: &Option<String>| v.clone().unwrap_or_default();
                view! {
                    <tr>
                        <td class="mono">{text(&h.hsm_id)}</td>
                        <td>{h.state.as_ref().map(|s| s.to_string()).unwrap_or_default()}</td>
                        <td>{text(&h.availability_zone)}</td>
                        <td class="mono">{text(&h.subnet_id)}</td>
                        <td class="mono">{text(&h.eni_ip)}</td>
                    </tr>
                }
            })
            .collect_view();
        Some(view! {
            <p>{format!("Cluster state: {}. {}.", cluster.state.as_ref().map_or("unknown".to_owned(), |s| s.to_string()), cluster.summary())}</p>
            <div class="table-box">
                <table class="stores hsms">
                    <caption>"HSMs in the cluster"</caption>
                    <thead><tr><th scope="col">"HSM"</th><th scope="col">"State"</th><th scope="col">"Availability Zone"</th><th scope="col">"Subnet"</th><th scope="col">"Address"</th></tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        })
    };
    view! {
        <section class="cluster-panel" aria-label="CloudHSM cluster">
            <h4>"CloudHSM cluster"</h4>
            {table}
            <PreflightList scope=r store_id/>
        </section>
    }
}
