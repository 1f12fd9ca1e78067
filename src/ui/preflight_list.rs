//! The pre-flight checklist of a store: for a CloudHSM key store its cluster, for an external key
//! store its proxy endpoint and (over a VPC endpoint service) the service and its load balancer.
//! Each check's verdict, what it found, the fix, and what Connect would end in. Shown in the
//! details ("Check"), before Connect, and in the guide of a FAILED store.

use crate::health::preflight::{cloudhsm_checks, predicted, Check, Predicted};
use crate::health::xks_preflight::xks_checks;
use crate::kms::KeyStoreType;
use crate::state::scope::Scope;
use leptos::prelude::*;

/// The checks of `store_id` as they stand; `None` until the service behind it has been asked.
pub fn checks_of(r: Scope, store_id: StoredValue<String>) -> Memo<Option<Vec<Check>>> {
    Memo::new(move |_| {
        let store = store_id.with_value(|id| r.list.store(id))?;
        if store.store_type() == KeyStoreType::External {
            let service = vpc_service(&store);
            let facts = service.as_ref().map(|s| r.health.vpc.with(|v| v.get(s).cloned()));
            // A public endpoint needs nothing read; a VPC one waits for EC2 and ELB.
            return match facts {
                Some(None) => None,
                Some(Some(f)) => Some(xks_checks(&store, &r.name(), &r.account.id(), Some(&f))),
                None => Some(xks_checks(&store, &r.name(), &r.account.id(), None)),
            };
        }
        let cluster_id = store.cloud_hsm_cluster_id.clone()?;
        r.health.clusters.with(|c| c.get(&cluster_id).map(|lookup| cloudhsm_checks(&store, lookup)))
    })
}

fn vpc_service(store: &crate::kms::KeyStore) -> Option<String> {
    store.xks_proxy_configuration.as_ref().and_then(|x| x.vpc_endpoint_service_name.clone())
}

/// Asks the services the checks of `store_id` read: CloudHSM, or EC2 and ELB.
pub fn check_store(r: Scope, store_id: &str) {
    let Some(store) = r.list.store_untracked(store_id) else { return };
    match (store.store_type(), vpc_service(&store)) {
        (KeyStoreType::External, Some(service)) => r.check_vpc(service),
        (KeyStoreType::External, None) => {}
        _ => r.check_clusters(true),
    }
}

/// What Connect would end in, when a check says so for certain.
pub fn prediction(checks: Memo<Option<Vec<Check>>>) -> Memo<Option<Predicted>> {
    Memo::new(move |_| checks.with(|c| c.as_deref().and_then(predicted).cloned()))
}

#[component]
pub fn PreflightList(scope: Scope, #[prop(into)] store_id: String, #[prop(optional)] heading: Option<&'static str>) -> impl IntoView {
    let r = scope;
    let id = StoredValue::new(store_id);
    let checks = checks_of(r, id);
    let predicts = prediction(checks);
    let item = |c: Check| {
        view! {
            <li data-status=c.status.key()>
                <span class="verdict">{c.status.word()}</span>
                <div>
                    <strong>{c.title}</strong>
                    <p>{c.detail}</p>
                    {c.fix.map(|f| view! { <p class="fix">{f}</p> })}
                    {c.predicts.map(|p| view! { <p class="predicts">{p.text()}</p> })}
                </div>
            </li>
        }
    };
    view! {
        <div class="preflight">
            <div class="preflight-head">
                <h4>{heading.unwrap_or("Pre-flight checks")}</h4>
                <button type="button" on:click=move |_| id.with_value(|id| check_store(r, id))>"Check again"</button>
            </div>
            {move || match checks.get() {
                None => view! { <p class="loading">"Asking the services behind the store…"</p> }.into_any(),
                Some(list) => view! {
                    {move || match predicts.get() {
                        Some(p) => view! { <p class="prediction" role="status">{p.text()}</p> }.into_any(),
                        None => view! { <p class="prediction ok" role="status">"No check predicts a failure."</p> }.into_any(),
                    }}
                    <ul class="checks">{list.into_iter().map(item).collect_view()}</ul>
                }
                .into_any(),
            }}
        </div>
    }
}
