//! What one Region knows beyond the store list: its CloudHSM clusters, its external key stores'
//! latest metrics, and its keys per store. Each is fetched from its own service with the session's
//! credentials; a service that refuses (no permission, no answer to browsers) leaves a sentence
//! saying so, and the rest of the section carries on.

use super::Scope;
use crate::aws::credentials::Credentials;
use crate::aws::error::ServiceError;
use crate::aws::json_client::{JsonClient, JsonService, CLOUDHSM, CLOUDTRAIL, CLOUDWATCH, KMS};
use crate::aws::query_client::{QueryClient, QueryService, EC2, ELBV2, SNS};
use crate::browser::fetch::FetchTransport;
use crate::browser::now_ms;
use crate::health::cluster::describe_clusters;
use crate::health::history::Pacer;
use crate::health::keys::{keys_by_store, KeysByStore};
use crate::health::metrics::{get_metric_data, summary_batches, summary_queries};
use crate::health::preflight::ClusterLookup;
use crate::health::summary::Summary;
use crate::health::unchecked::why_not_checked;
use crate::health::xks_preflight::{read_vpc_facts, VpcFacts};
use crate::kms::KeyStoreType;
use crate::state::session::Session;
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::collections::BTreeMap;

pub type Service = JsonClient<FetchTransport>;

/// CloudHSM answers change slowly; a list refresh asks again after this long.
const CLUSTERS_FRESH_MS: u64 = 60_000;
/// CloudWatch publishes these metrics per 5 minutes at best.
const SUMMARIES_FRESH_MS: u64 = 300_000;

/// A client per service, or why there is none (the endpoint could not be resolved).
#[derive(Clone)]
pub struct HealthClients {
    pub cloudhsm: Result<Service, String>,
    pub cloudwatch: Result<Service, String>,
    pub cloudtrail: Result<Service, String>,
    /// An external key store's VPC endpoint service and its load balancer.
    pub ec2: Result<QueryClient<FetchTransport>, String>,
    pub elb: Result<QueryClient<FetchTransport>, String>,
    /// SNS, for the topic the alarms notify.
    pub sns: Result<QueryClient<FetchTransport>, String>,
}

impl HealthClients {
    pub fn new(session: &Session, credentials: &Credentials, region: &str, transport: &FetchTransport) -> Self {
        let client = |service: JsonService| {
            let url = session.endpoint(service.endpoint_prefix, region).map_err(|e| format!("Not checked: {e}"))?;
            Ok(JsonClient::new(service, transport.clone(), credentials.clone(), region, url))
        };
        let query = |service: QueryService| {
            let url = session.endpoint(service.endpoint_prefix, region).map_err(|e| format!("Not checked: {e}"))?;
            Ok(QueryClient::new(service, transport.clone(), credentials.clone(), region, url))
        };
        Self { cloudhsm: client(CLOUDHSM), cloudwatch: client(CLOUDWATCH), cloudtrail: client(CLOUDTRAIL), ec2: query(EC2), elb: query(ELBV2), sns: query(SNS) }
    }

    pub fn with_credentials(&self, credentials: &Credentials) -> Self {
        let renew = |c: &Result<Service, String>| c.as_ref().map(|c| c.with_credentials(credentials.clone())).map_err(Clone::clone);
        let query = |c: &Result<QueryClient<FetchTransport>, String>| c.as_ref().map(|c| c.with_credentials(credentials.clone())).map_err(Clone::clone);
        Self {
            cloudhsm: renew(&self.cloudhsm),
            cloudwatch: renew(&self.cloudwatch),
            cloudtrail: renew(&self.cloudtrail),
            ec2: query(&self.ec2),
            elb: query(&self.elb),
            sns: query(&self.sns),
        }
    }
}

/// A value fetched on demand, with when it was fetched; `Err` is the sentence to show instead.
#[derive(Clone, Debug, PartialEq)]
pub struct Fetched<T> {
    pub at_ms: u64,
    pub value: Result<T, String>,
}

#[derive(Clone, Copy)]
pub struct Health {
    /// By cluster id.
    pub clusters: RwSignal<BTreeMap<String, ClusterLookup>>,
    clusters_at: RwSignal<Option<u64>>,
    /// By store id, for external key stores.
    pub summaries: RwSignal<Option<Fetched<BTreeMap<String, Summary>>>>,
    pub keys: RwSignal<Option<Fetched<KeysByStore>>>,
    pub counting_keys: RwSignal<bool>,
    /// CloudTrail's pace in this account and Region, shared by the history and the blast radius.
    pub cloudtrail_pacer: StoredValue<Pacer, LocalStorage>,
    /// By VPC endpoint service name, for external key stores that connect through one.
    pub vpc: RwSignal<BTreeMap<String, VpcFacts>>,
    /// How many CloudWatch alarms watch each store (stores no alarm watches are absent), for the
    /// fleet forecast.
    pub alarm_counts: RwSignal<Option<Fetched<BTreeMap<String, usize>>>>,
    clients: StoredValue<HealthClients, LocalStorage>,
}

impl Health {
    pub fn new(clients: HealthClients) -> Self {
        Self {
            clusters: RwSignal::new(BTreeMap::new()),
            clusters_at: RwSignal::new(None),
            summaries: RwSignal::new(None),
            keys: RwSignal::new(None),
            counting_keys: RwSignal::new(false),
            vpc: RwSignal::new(BTreeMap::new()),
            alarm_counts: RwSignal::new(None),
            cloudtrail_pacer: StoredValue::new_local(Pacer::default()),
            clients: StoredValue::new_local(clients),
        }
    }

    pub fn clients(&self) -> HealthClients {
        self.clients.get_value()
    }

    pub fn set_credentials(&self, credentials: &crate::aws::credentials::Credentials) {
        self.clients.update_value(|c| *c = c.with_credentials(credentials));
    }
}

/// The sentence for a failed call, naming the permission it needed.
pub fn not_checked(client: &Service, action: &str, error: &ServiceError) -> String {
    why_not_checked(client.service(), client.region(), action, error)
}

impl Scope {
    /// Asks CloudHSM about every cluster the Region's stores name, unless it did so lately and
    /// knows them all (`force` asks anyway: the user pressed Check, or is about to connect).
    pub fn check_clusters(self, force: bool) {
        if !self.can_send_untracked() {
            return;
        }
        let mut ids: Vec<String> = self.list.stores.with_untracked(|s| s.iter().filter_map(|s| s.cloud_hsm_cluster_id.clone()).collect());
        ids.sort();
        ids.dedup();
        let h = self.health;
        let known = h.clusters.with_untracked(|c| ids.iter().all(|id| c.contains_key(id)));
        let fresh = h.clusters_at.get_untracked().is_some_and(|at| now_ms() < at + CLUSTERS_FRESH_MS);
        if ids.is_empty() || (!force && known && fresh) {
            return;
        }
        h.clusters_at.set(Some(now_ms()));
        let client = h.clients().cloudhsm;
        spawn_local(async move {
            let result = match &client {
                Ok(c) => describe_clusters(c, &ids).await.map_err(|e| not_checked(c, "cloudhsm:DescribeClusters", &e)),
                Err(why) => Err(why.clone()),
            };
            let lookups = ids.iter().map(|id| {
                let lookup = match &result {
                    Ok(found) => found.get(id).cloned().map_or(ClusterLookup::Missing, ClusterLookup::Found),
                    Err(why) => ClusterLookup::NotChecked(why.clone()),
                };
                (id.clone(), lookup)
            });
            let _ = h.clusters.try_update(|c| c.extend(lookups));
        });
    }

    /// Reads the VPC endpoint service an external key store connects through (and its load
    /// balancer), for the checks before Create, Update and Connect.
    pub fn check_vpc(self, service_name: String) {
        if !self.can_send_untracked() {
            return;
        }
        let clients = self.health.clients();
        let h = self.health;
        spawn_local(async move {
            let facts = match (&clients.ec2, &clients.elb) {
                (Ok(ec2), Ok(elb)) => read_vpc_facts(ec2, elb, &service_name).await,
                (Err(why), _) | (_, Err(why)) => {
                    use crate::health::xks_preflight::Lookup::NotChecked;
                    VpcFacts {
                        service: NotChecked(why.clone()),
                        permissions: NotChecked(why.clone()),
                        load_balancers: NotChecked(why.clone()),
                        listeners: NotChecked(why.clone()),
                    }
                }
            };
            let _ = h.vpc.try_update(|v| v.insert(service_name, facts));
        });
    }

    /// The latest hour of every external key store's metrics, for the health dots and the
    /// certificate view.
    pub fn load_summaries(self, force: bool) {
        if !self.can_send_untracked() {
            return;
        }
        let h = self.health;
        let ids: Vec<String> =
            self.list.stores.with_untracked(|s| s.iter().filter(|s| s.store_type() == KeyStoreType::External).map(|s| s.id().to_owned()).collect());
        let covered = h.summaries.with_untracked(|s| {
            s.as_ref().is_some_and(|f| now_ms() < f.at_ms + SUMMARIES_FRESH_MS && f.value.as_ref().map_or(true, |m| ids.iter().all(|id| m.contains_key(id))))
        });
        if ids.is_empty() || (!force && covered) {
            return;
        }
        h.summaries.update(|s| {
            // Marks the attempt, keeping what is shown, so a slow answer is not asked for twice.
            if let Some(s) = s {
                s.at_ms = now_ms();
            } else {
                *s = Some(Fetched { at_ms: now_ms(), value: Ok(BTreeMap::new()) });
            }
        });
        let client = h.clients().cloudwatch;
        spawn_local(async move {
            let value = match &client {
                Ok(c) => {
                    let window = crate::health::metrics::Range::Hour.window(now_ms());
                    let mut summaries = BTreeMap::new();
                    let mut refused = None;
                    for batch in summary_batches(&ids) {
                        match get_metric_data(c, &summary_queries(batch), window).await {
                            Ok(results) => summaries.extend(batch.iter().enumerate().map(|(i, id)| (id.clone(), Summary::from_results(&results, i)))),
                            Err(e) => {
                                refused = Some(not_checked(c, "cloudwatch:GetMetricData", &e));
                                break;
                            }
                        }
                    }
                    refused.map_or(Ok(summaries), Err)
                }
                Err(why) => Err(why.clone()),
            };
            if h.summaries.try_set(Some(Fetched { at_ms: now_ms(), value })).is_none() {
                self.observe_rotations();
            }
        });
    }

    /// Counts the keys of every store of the Region (ListKeys, then DescribeKey on each).
    pub fn count_keys(self) {
        let h = self.health;
        if h.counting_keys.get_untracked() || !self.can_send_untracked() {
            return;
        }
        h.counting_keys.set(true);
        let client = self.client.get_value();
        spawn_local(async move {
            let value = keys_by_store(&client).await.map_err(|e| why_not_checked(KMS, client.region(), "kms:ListKeys and kms:DescribeKey", &e));
            if h.counting_keys.try_set(false).is_some() {
                return;
            }
            h.keys.set(Some(Fetched { at_ms: now_ms(), value }));
        });
    }
}
