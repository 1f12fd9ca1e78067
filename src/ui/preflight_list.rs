//! The pre-flight checklist of a store: for a CloudHSM key store its cluster, for an external key
//! store its proxy endpoint and (over a VPC endpoint service) the service and its load balancer.
//! Each check's verdict, what it found, the fix, and what Connect would end in. Shown in the
//! details ("Check"), before Connect, in the guide of a FAILED store, and for settings being typed
//! in Create and Update.

use crate::health::preflight::{cloudhsm_checks, predicted, Check, Predicted};
use crate::health::xks_preflight::xks_checks;
use crate::kms::validation::Member;
use crate::kms::{KeyStore, KeyStoreType};
use crate::state::scope::Scope;
use leptos::prelude::*;

/// The checks of `store_id` as they stand; `None` until the service behind it has been asked.
pub fn checks_of(r: Scope, store_id: StoredValue<String>) -> Memo<Option<Vec<Check>>> {
    Memo::new(move |_| {
        let store = store_id.with_value(|id| r.list.store(id))?;
        if store.store_type() == KeyStoreType::External {
            let service = readable_service(&store, &r.account.id());
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

/// The endpoint service to ask EC2 about: none when another account owns it (EC2 describes a
/// service only to its owner, so asking would only be refused).
fn readable_service(store: &crate::kms::KeyStore, caller_account: &str) -> Option<String> {
    let owner = store.xks_proxy_configuration.as_ref().and_then(|x| x.vpc_endpoint_service_owner.as_deref()).filter(|o| !o.is_empty());
    if owner.is_some_and(|o| o != caller_account) {
        return None;
    }
    vpc_service(store)
}

/// Asks the services the checks of `store_id` read: CloudHSM, or EC2 and ELB.
pub fn check_store(r: Scope, store_id: &str) {
    let Some(store) = r.list.store_untracked(store_id) else { return };
    match (store.store_type(), readable_service(&store, &r.account.id())) {
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
    view! { <ChecksView checks heading=heading.unwrap_or("Pre-flight checks") recheck=Callback::new(move |()| id.with_value(|id| check_store(r, id)))/> }
}

/// How long a typed endpoint service name must stay the same before EC2 is asked about it.
const TYPING_PAUSE: std::time::Duration = std::time::Duration::from_millis(400);

/// The checks of settings not yet sent (Create, or an Update being typed): the proposed store's
/// proxy endpoint and path, and over a VPC endpoint service, the service and its load balancer,
/// read as soon as its name is complete. `None` while nothing is typed that can be checked.
#[component]
pub fn ProposedPreflight(scope: Scope, proposed: Signal<Option<KeyStore>>, heading: &'static str) -> impl IntoView {
    let r = scope;
    let service = Memo::new(move |_| {
        proposed.with(|p| p.as_ref().and_then(|p| readable_service(p, &r.account.id()))).filter(|s| Member::XksProxyVpcEndpointServiceName.check(s).is_none())
    });
    // Read once the name has stopped changing for a moment (a name being typed passes the model's
    // pattern long before it is the whole name), and once per name.
    let pending = StoredValue::new(None::<TimeoutHandle>);
    let cancel = move || {
        if let Some(h) = pending.try_update_value(Option::take).flatten() {
            h.clear();
        }
    };
    Effect::watch(
        move || service.get(),
        move |name, _, _| {
            cancel();
            let Some(name) = name.clone().filter(|n| r.health.vpc.with_untracked(|v| !v.contains_key(n))) else { return };
            let handle = set_timeout_with_handle(move || r.check_vpc(name), TYPING_PAUSE).ok();
            pending.set_value(handle);
        },
        true,
    );
    on_cleanup(cancel);
    let checks = Memo::new(move |_| {
        let store = proposed.get()?;
        let facts = service.get().and_then(|s| r.health.vpc.with(|v| v.get(&s).cloned()));
        Some(xks_checks(&store, &r.name(), &r.account.id(), facts.as_ref()))
    });
    view! { <ChecksView checks heading recheck=Callback::new(move |()| if let Some(s) = service.get_untracked() { r.check_vpc(s) })/> }
}

#[component]
fn ChecksView(checks: Memo<Option<Vec<Check>>>, heading: &'static str, recheck: Callback<()>) -> impl IntoView {
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
                <h4>{heading}</h4>
                <button type="button" on:click=move |_| recheck.run(())>"Check again"</button>
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
