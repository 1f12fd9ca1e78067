//! The sandbox's state: principals, and per account and Region the stores, clusters, proxies,
//! keys and CloudTrail events. Transitions settle lazily: a store remembers when its transition
//! ends, and any read after that moment sees the end state, so timing is exact without background
//! tasks.

use crate::cloudtrail::TrailEvent;
use crate::seed::{
    ClusterSeed, ConnectionState, EndpointServiceSeed, MetricsProfile, MetricsSeed, RegionSeed, RoleSeed, Seed, Settings, StoreSeed, XksProxySeed, XksSeed,
};
use serde::Serialize;
use std::collections::{BTreeMap, VecDeque};
use std::time::{Duration, Instant};

#[derive(Debug, Clone)]
pub struct Principal {
    pub account_id: String,
    pub arn: String,
    pub secret_access_key: String,
    pub session_token: Option<String>,
    /// Epoch seconds.
    pub expires_at: Option<i64>,
    /// Its identity policy (`policy::evaluate`); `None` allows everything.
    pub policy: Option<serde_json::Value>,
}

#[derive(Debug, Clone, Default)]
pub struct Account {
    pub deny: Vec<String>,
    pub roles: Vec<RoleSeed>,
    pub alias: Option<String>,
    /// Opt-in Regions not enabled: requests signed for them are refused before anything else.
    pub disabled_regions: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Store {
    pub id: String,
    pub name: String,
    pub store_type: String,
    pub state: ConnectionState,
    pub error_code: Option<String>,
    pub creation_date: f64,
    pub cluster_id: Option<String>,
    pub trust_anchor: Option<String>,
    pub xks: Option<XksSeed>,
    pub key_count: u32,
    /// The cause that makes every Connect fail until an update repairs it.
    pub fail_with: Option<String>,
    /// What CloudWatch publishes for it: external key stores only, and not with profile `none`.
    #[serde(skip)]
    pub metrics: Option<MetricsSeed>,
    #[serde(skip)]
    pub connect_delay: Duration,
    #[serde(skip)]
    pub disconnect_delay: Duration,
    #[serde(skip)]
    outcomes: Vec<String>,
    #[serde(skip)]
    next_outcome: usize,
    #[serde(skip)]
    flap: Option<(Duration, String)>,
    #[serde(skip)]
    pending: Option<(Instant, ConnectionState, Option<String>)>,
}

#[derive(Debug, Default)]
pub struct Region {
    pub stores: Vec<Store>,
    pub clusters: Vec<ClusterSeed>,
    pub proxies: Vec<XksProxySeed>,
    /// Every KMS request here fails with this error type.
    pub outage: Option<String>,
    /// Ordinary (`AWS_KMS`) keys, beside the stores' keys: two where the seed gives stores.
    pub ordinary_keys: u32,
    /// CloudTrail's management events here, seeded and recorded, in the order they were added.
    pub trail: Vec<TrailEvent>,
    /// EC2 VPC endpoint services (with their load balancers) owned here.
    pub endpoint_services: Vec<EndpointServiceSeed>,
    pub sns_topics: Vec<String>,
    /// CloudWatch alarms by name: the PutMetricAlarm input as given, and when it was last set.
    pub alarms: BTreeMap<String, (serde_json::Value, i64)>,
    /// Request times in the last second, for the 5-per-second quota.
    recent: VecDeque<Instant>,
    /// The same for other quotas, by service.
    quotas: BTreeMap<&'static str, VecDeque<Instant>>,
}

/// One handled request, for tests that count and time what the console sends.
#[derive(Debug, Clone, Serialize)]
pub struct LoggedRequest {
    /// Milliseconds since the sandbox started, when the request arrived and when it was answered.
    pub started_ms: u64,
    pub ended_ms: u64,
    pub service: String,
    pub operation: String,
    pub account_id: String,
    pub region: String,
    /// The `CustomKeyStoreId` a KMS request named, if any.
    pub store_id: Option<String>,
    pub status: u16,
    pub error: Option<String>,
    /// The request's input as the service read it (an awsJson body, or a query request's
    /// parameters), each secret replaced by a fingerprint (see `http::logged_input`), so a test
    /// can check what arrived without the log ever holding a password.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub input: Option<serde_json::Value>,
}

#[derive(Debug)]
pub struct World {
    pub started: Instant,
    seed: Seed,
    pub settings: Settings,
    pub principals: BTreeMap<String, Principal>,
    pub accounts: BTreeMap<String, Account>,
    regions: BTreeMap<(String, String), Region>,
    pub log: Vec<LoggedRequest>,
    /// Epoch seconds when the world was made from the seed: history's `minutes_ago` and the
    /// metrics profiles count from here, so generated data does not drift while tests run.
    pub started_epoch: i64,
    rng: u64,
}

impl World {
    pub fn from_seed(seed: Seed) -> World {
        let mut world = World {
            started: Instant::now(),
            settings: seed.settings.clone(),
            principals: BTreeMap::new(),
            accounts: BTreeMap::new(),
            regions: BTreeMap::new(),
            log: Vec::new(),
            started_epoch: crate::clock::now(0),
            rng: 0x9E37_79B9_7F4A_7C15 ^ u64::from(std::process::id()),
            seed,
        };
        for account in world.seed.accounts.clone() {
            for c in &account.credentials {
                world.principals.insert(
                    c.access_key_id.clone(),
                    Principal {
                        account_id: account.account_id.clone(),
                        arn: c.arn.clone().unwrap_or_else(|| format!("arn:aws:iam::{}:user/sandbox-user", account.account_id)),
                        secret_access_key: c.secret_access_key.clone(),
                        session_token: c.session_token.clone(),
                        expires_at: c.expires_at,
                        policy: c.policy.clone(),
                    },
                );
            }
            let state = Account {
                deny: account.deny.clone(),
                roles: account.roles.clone(),
                alias: account.alias.clone(),
                disabled_regions: account.disabled_regions.clone(),
            };
            world.accounts.insert(account.account_id.clone(), state);
            for (name, region) in &account.regions {
                let r = Region::from_seed(region, &account.account_id, name, world.started_epoch);
                world.regions.insert((account.account_id.clone(), name.clone()), r);
            }
        }
        world
    }

    /// What the world was made from (the organization and its accounts do not change).
    pub fn seed(&self) -> &Seed {
        &self.seed
    }

    /// Back to the seed, as if just started; the log is cleared too.
    pub fn reset(&mut self) {
        *self = World::from_seed(self.seed.clone());
    }

    /// An account's Region, with every transition due by `now` settled.
    pub fn region(&mut self, account_id: &str, region: &str, now: Instant) -> &mut Region {
        let r = self.regions.entry((account_id.to_owned(), region.to_owned())).or_default();
        for store in &mut r.stores {
            store.settle(now);
        }
        r
    }

    /// Every store, settled, for the admin state view.
    pub fn snapshot(&mut self, now: Instant) -> Vec<serde_json::Value> {
        self.regions
            .iter_mut()
            .map(|((account, region), r)| {
                r.stores.iter_mut().for_each(|s| s.settle(now));
                serde_json::json!({"account_id": account, "region": region, "stores": r.stores})
            })
            .collect()
    }

    /// Pseudo-random hex, for ids, request ids and issued credentials (not cryptographic: the
    /// sandbox's secrets protect nothing).
    pub fn random_hex(&mut self, len: usize) -> String {
        let mut out = String::with_capacity(len);
        while out.len() < len {
            self.rng ^= self.rng << 13;
            self.rng ^= self.rng >> 7;
            self.rng ^= self.rng << 17;
            out.push_str(&format!("{:016x}", self.rng ^ self.started.elapsed().as_nanos() as u64));
        }
        out.truncate(len);
        out
    }

    pub fn request_id(&mut self) -> String {
        let h = self.random_hex(32);
        format!("{}-{}-4{}-a{}-{}", &h[..8], &h[8..12], &h[13..16], &h[17..20], &h[20..32])
    }

    pub fn elapsed_ms(&self) -> u64 {
        self.started.elapsed().as_millis() as u64
    }
}

impl Region {
    /// A listed cluster is used as listed, also when a store names it; a cluster a store names
    /// that the seed does not list is healthy.
    fn from_seed(seed: &RegionSeed, account_id: &str, name: &str, epoch: i64) -> Region {
        let mut clusters = seed.clusters.clone();
        for s in &seed.stores {
            if let Some(id) = &s.cloud_hsm_cluster_id {
                if !clusters.iter().any(|c| &c.id == id) {
                    clusters.push(ClusterSeed::healthy(id));
                }
            }
        }
        let mut trail: Vec<TrailEvent> =
            seed.stores.iter().flat_map(|s| s.history.iter().enumerate().map(move |(i, h)| TrailEvent::seeded(account_id, name, s, i, h, epoch))).collect();
        for s in &seed.stores {
            for (entry, u) in s.key_usage.iter().enumerate() {
                let key_id = crate::kms::keys::store_key_id(&s.id, u.key_index);
                trail.extend((0..u.count).map(|n| TrailEvent::key_use((account_id, name, &s.id), &key_id, u, entry, n, epoch)));
            }
        }
        trail.sort_by_key(|e| e.event_time);
        Region {
            stores: seed.stores.iter().map(Store::from_seed).collect(),
            clusters,
            proxies: seed.xks_proxies.clone(),
            outage: seed.outage.clone(),
            endpoint_services: seed.endpoint_services.clone(),
            sns_topics: seed.sns_topics.clone(),
            alarms: BTreeMap::new(),
            ordinary_keys: if seed.stores.is_empty() { 0 } else { 2 },
            trail,
            recent: VecDeque::new(),
            quotas: BTreeMap::new(),
        }
    }

    /// Records a request against the custom key store quota; false when it is over.
    pub fn admit(&mut self, now: Instant, per_second: Option<u32>) -> bool {
        admit(&mut self.recent, now, per_second)
    }

    /// Records a request against another service's per-second quota here.
    pub fn admit_to(&mut self, service: &'static str, now: Instant, per_second: Option<u32>) -> bool {
        admit(self.quotas.entry(service).or_default(), now, per_second)
    }

    pub fn cluster(&self, id: &str) -> Option<&ClusterSeed> {
        self.clusters.iter().find(|c| c.id == id)
    }
}

fn admit(recent: &mut VecDeque<Instant>, now: Instant, per_second: Option<u32>) -> bool {
    let Some(limit) = per_second else { return true };
    while recent.front().is_some_and(|t| now.duration_since(*t) >= Duration::from_secs(1)) {
        recent.pop_front();
    }
    if recent.len() >= limit as usize {
        return false;
    }
    recent.push_back(now);
    true
}

impl ClusterSeed {
    pub fn healthy(id: &str) -> ClusterSeed {
        serde_json::from_value(serde_json::json!({ "id": id })).expect("a cluster needs only its id")
    }

    /// Clusters from each other's backups share key material.
    pub fn lineage(&self) -> &str {
        self.lineage.as_deref().unwrap_or(&self.id)
    }
}

impl Store {
    pub fn from_seed(s: &StoreSeed) -> Store {
        let cloudhsm = s.store_type == "AWS_CLOUDHSM";
        Store {
            id: s.id.clone(),
            name: s.name.clone(),
            store_type: s.store_type.clone(),
            state: s.state,
            error_code: s.connection_error_code.clone(),
            creation_date: s.creation_date.unwrap_or(1_767_225_600.0),
            cluster_id: s.cloud_hsm_cluster_id.clone(),
            trust_anchor: s.trust_anchor_certificate.clone(),
            xks: s.xks_proxy.clone(),
            key_count: s.key_count,
            fail_with: s.fail_with.clone(),
            metrics: if cloudhsm { None } else { Some(s.metrics.clone().unwrap_or_default()) }.filter(|m| m.profile != MetricsProfile::None),
            connect_delay: Duration::from_millis(s.connect_delay_ms.unwrap_or(if cloudhsm { 20_000 } else { 5_000 })),
            disconnect_delay: Duration::from_millis(s.disconnect_delay_ms.unwrap_or(2_000)),
            outcomes: s.connect_outcomes.clone(),
            next_outcome: 0,
            flap: s.flap_after_ms.map(|ms| (Duration::from_millis(ms), s.flap_code.clone().unwrap_or_else(|| "NETWORK_ERRORS".into()))),
            pending: None,
        }
    }

    pub fn is_cloudhsm(&self) -> bool {
        self.store_type == "AWS_CLOUDHSM"
    }

    fn settle(&mut self, now: Instant) {
        while let Some((at, state, code)) = self.pending.take() {
            if now < at {
                self.pending = Some((at, state, code));
                return;
            }
            self.state = state;
            self.error_code = code;
            if self.state == ConnectionState::Connected {
                if let Some((after, code)) = &self.flap {
                    self.pending = Some((at + *after, ConnectionState::Failed, Some(code.clone())));
                }
            }
        }
    }

    /// Starts CONNECTING; it ends FAILED with `forced` when given (a cluster problem), else with
    /// the store's configured cause or next outcome, else CONNECTED.
    pub fn begin_connect(&mut self, now: Instant, forced: Option<String>) {
        let code = forced.or_else(|| self.fail_with.clone()).or_else(|| {
            let outcome = self.outcomes.get(self.next_outcome % self.outcomes.len().max(1)).cloned();
            self.next_outcome += 1;
            outcome.and_then(|o| o.strip_prefix("FAILED:").map(str::to_owned))
        });
        let end = if code.is_some() { ConnectionState::Failed } else { ConnectionState::Connected };
        self.begin(ConnectionState::Connecting, now + self.connect_delay, end, code);
    }

    pub fn begin_disconnect(&mut self, now: Instant) {
        self.begin(ConnectionState::Disconnecting, now + self.disconnect_delay, ConnectionState::Disconnected, None);
    }

    fn begin(&mut self, state: ConnectionState, until: Instant, end: ConnectionState, code: Option<String>) {
        self.state = state;
        self.error_code = None;
        self.pending = Some((until, end, code));
    }

    /// An update removed the cause of `codes`: the next Connect may succeed.
    pub fn repair(&mut self, codes: &[&str]) {
        if self.fail_with.as_deref().is_some_and(|c| codes.contains(&c)) {
            self.fail_with = None;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn world() -> World {
        World::from_seed(Seed::demo())
    }

    #[test]
    fn connect_then_settle_after_the_delay() {
        let mut w = world();
        let t0 = Instant::now();
        w.region("111122223333", "us-east-1", t0).stores[0].begin_connect(t0, None);
        assert_eq!(w.region("111122223333", "us-east-1", t0 + Duration::from_millis(7_999)).stores[0].state, ConnectionState::Connecting);
        assert_eq!(w.region("111122223333", "us-east-1", t0 + Duration::from_millis(8_000)).stores[0].state, ConnectionState::Connected);
    }

    #[test]
    fn outcomes_cycle_and_flapping_drops_a_connected_store() {
        let seed: StoreSeed = serde_json::from_value(serde_json::json!({
            "id": "cks-1", "name": "n", "type": "EXTERNAL_KEY_STORE", "connect_delay_ms": 10,
            "connect_outcomes": ["FAILED:INTERNAL_ERROR", "CONNECTED"], "flap_after_ms": 100
        }))
        .unwrap();
        let mut s = Store::from_seed(&seed);
        let t0 = Instant::now();
        s.begin_connect(t0, None);
        s.settle(t0 + Duration::from_millis(10));
        assert_eq!((s.state, s.error_code.as_deref()), (ConnectionState::Failed, Some("INTERNAL_ERROR")));
        s.begin_connect(t0, None);
        s.settle(t0 + Duration::from_millis(50));
        assert_eq!(s.state, ConnectionState::Connected);
        s.settle(t0 + Duration::from_millis(110));
        assert_eq!((s.state, s.error_code.as_deref()), (ConnectionState::Failed, Some("NETWORK_ERRORS")));
    }

    #[test]
    fn quota_admits_five_a_second() {
        let mut r = Region::default();
        let t0 = Instant::now();
        assert!((0..5).all(|_| r.admit(t0, Some(5))));
        assert!(!r.admit(t0 + Duration::from_millis(999), Some(5)));
        assert!(r.admit(t0 + Duration::from_millis(1000), Some(5)));
        assert!(r.admit(t0, None));
    }
}
