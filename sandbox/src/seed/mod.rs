//! The seed: the organization, accounts with their credentials, alias, roles (and their trust
//! rules), deny lists and disabled Regions, and per Region their stores (with their metrics profile
//! and CloudTrail history), simulated CloudHSM clusters and XKS proxies. `--seed FILE` reads one,
//! `--fleet` generates one ([`fleet`]); without either the sandbox starts from [`Seed::demo`].
//! Every credential here is fake. `sandbox/README.md` documents it.

use serde::{Deserialize, Serialize};

mod fleet;
mod trust;
pub use fleet::{fleet, parse_fleet, FLEET_REGIONS};

/// A store's connection state, as the model's `ConnectionStateType` spells it. The sandbox keeps
/// its own type (it shares no code with the console it checks); a seed with any other value is
/// refused when it is read.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ConnectionState {
    Connected,
    Connecting,
    Failed,
    #[default]
    Disconnected,
    Disconnecting,
}

impl ConnectionState {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Connected => "CONNECTED",
            Self::Connecting => "CONNECTING",
            Self::Failed => "FAILED",
            Self::Disconnected => "DISCONNECTED",
            Self::Disconnecting => "DISCONNECTING",
        }
    }
}

impl std::fmt::Display for ConnectionState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}
use std::collections::BTreeMap;

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Seed {
    #[serde(default)]
    pub settings: Settings,
    /// The AWS Organization the accounts belong to, for Organizations ListAccounts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organization: Option<OrganizationSeed>,
    pub accounts: Vec<AccountSeed>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OrganizationSeed {
    /// The account that owns the organization: it may call ListAccounts.
    pub management_account: String,
    /// Member accounts that may call ListAccounts too.
    #[serde(default)]
    pub delegated_admins: Vec<String>,
    /// `o-` and 10–32 of `[a-z0-9]`; `o-<management account id>` when absent.
    #[serde(default)]
    pub id: Option<String>,
    /// The accounts in the organization, in ListAccounts' order; every seeded account when absent.
    /// An account left out answers AWSOrganizationsNotInUseException.
    #[serde(default)]
    pub members: Option<Vec<String>>,
}

impl OrganizationSeed {
    pub fn id(&self) -> String {
        self.id.clone().unwrap_or_else(|| format!("o-{}", self.management_account))
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Settings {
    /// Custom key store requests allowed per second per account and Region (KMS: 5); `null` for none.
    pub throttle_per_second: Option<u32>,
    /// Custom key stores an account may have in a Region (KMS's quota: 10).
    pub store_limit: usize,
    /// CloudTrail LookupEvents requests allowed per second per account and Region (CloudTrail: 2);
    /// `null` for none.
    pub lookup_events_per_second: Option<u32>,
}

impl Default for Settings {
    fn default() -> Self {
        Self { throttle_per_second: Some(5), store_limit: 10, lookup_events_per_second: Some(2) }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AccountSeed {
    pub account_id: String,
    /// The account's name and email in the organization (ListAccounts); by default
    /// `account-<id>` and `account-<id>@example.com`.
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub email: Option<String>,
    /// `CREATED` (the default) or `INVITED`, and when it joined (epoch seconds, default 2026-01-01).
    #[serde(default)]
    pub joined_method: Option<String>,
    #[serde(default)]
    pub joined_timestamp: Option<f64>,
    /// The account's one IAM account alias (ListAccountAliases), if it has one.
    #[serde(default)]
    pub alias: Option<String>,
    /// Opt-in Regions this account has not enabled: every request signed for one is refused as
    /// AWS refuses a token it does not know there.
    #[serde(default)]
    pub disabled_regions: Vec<String>,
    #[serde(default)]
    pub credentials: Vec<CredentialSeed>,
    /// Operations refused with AccessDeniedException (CloudHSM: CloudHsmAccessDeniedException), as
    /// `kms:Name`, `sts:Name`, `cloudhsm:DescribeClusters`, `cloudwatch:GetMetricData`,
    /// `cloudtrail:LookupEvents`, `organizations:ListAccounts` or `iam:ListAccountAliases`.
    #[serde(default)]
    pub deny: Vec<String>,
    /// Roles other principals may assume into this account.
    #[serde(default)]
    pub roles: Vec<RoleSeed>,
    #[serde(default)]
    pub regions: BTreeMap<String, RegionSeed>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CredentialSeed {
    pub access_key_id: String,
    pub secret_access_key: String,
    /// Required on every request signed with this key when present (temporary credentials).
    #[serde(default)]
    pub session_token: Option<String>,
    /// Epoch seconds after which the key is refused with ExpiredTokenException.
    #[serde(default)]
    pub expires_at: Option<i64>,
    /// The identity GetCallerIdentity reports; defaults to `arn:aws:iam::<account>:user/sandbox-user`.
    #[serde(default)]
    pub arn: Option<String>,
    /// Its identity policy (`{"Statement": [...]}`, see `policy`); absent: allowed everything.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub policy: Option<serde_json::Value>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RoleSeed {
    pub name: String,
    /// Who may assume it (its trust policy's principals): account ids (any principal of that
    /// account), `arn:aws:iam::<account>:root`, or principal ARNs where `*` matches any run of
    /// characters. A role ARN also admits that role's sessions. Absent: any principal the
    /// sandbox knows.
    #[serde(default)]
    pub trust: Option<Vec<String>>,
    #[serde(default)]
    pub external_id: Option<String>,
    /// The MFA device AssumeRole must name as `SerialNumber`, with `TokenCode` `mfa_code`.
    #[serde(default)]
    pub mfa_serial: Option<String>,
    /// The one code the sandbox's fake MFA device shows (default [`DEMO_MFA_CODE`]).
    #[serde(default)]
    pub mfa_code: Option<String>,
    #[serde(default = "one_hour")]
    pub max_session_duration: u32,
    /// A test knob AWS does not have: sessions of this role end this many seconds after they
    /// are issued, whatever was asked, so a test can watch a renewal without waiting an hour.
    #[serde(default)]
    pub test_session_seconds: Option<u32>,
    /// The role's identity policy, which its sessions carry; absent: allowed everything.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub policy: Option<serde_json::Value>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RegionSeed {
    #[serde(default)]
    pub stores: Vec<StoreSeed>,
    /// Clusters beyond the ones stores name (those exist, active with two HSMs, unless listed).
    #[serde(default)]
    pub clusters: Vec<ClusterSeed>,
    #[serde(default)]
    pub xks_proxies: Vec<XksProxySeed>,
    /// Every KMS request in this Region fails with this error type (e.g. `KMSInternalException`).
    #[serde(default)]
    pub outage: Option<String>,
    /// EC2 VPC endpoint services (each with its Network Load Balancer) this account owns here.
    #[serde(default)]
    pub endpoint_services: Vec<EndpointServiceSeed>,
    /// SNS topic names (ListTopics answers their ARNs).
    #[serde(default)]
    pub sns_topics: Vec<String>,
}

/// A VPC endpoint service and the Network Load Balancer behind it, as EC2 and ELBv2 describe them.
/// Connect on a store that names it ends as its configuration predicts (see `kms::connection`).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EndpointServiceSeed {
    /// `vpce-svc-` + 17 hex; the service name is `com.amazonaws.vpce.<region>.<id>`.
    pub service_id: String,
    /// EC2's ServiceState: Pending | Available | Deleting | Deleted | Failed.
    #[serde(default = "available")]
    pub state: String,
    #[serde(default)]
    pub acceptance_required: bool,
    #[serde(default)]
    pub private_dns_name: Option<String>,
    /// EC2's DnsNameState: pendingVerification | verified | failed.
    #[serde(default = "verified")]
    pub private_dns_state: String,
    /// Availability Zone letters of the load balancer's subnets.
    #[serde(default = "zones_ab")]
    pub zones: Vec<String>,
    /// Principals allowed to connect (`cks.kms.<region>.amazonaws.com` for KMS).
    #[serde(default)]
    pub allowed_principals: Vec<String>,
    /// The load balancer's name (its ARN derives from it).
    pub load_balancer: String,
    /// Listeners as `PROTOCOL:PORT`, e.g. `TLS:443`.
    #[serde(default = "tls_443")]
    pub listeners: Vec<String>,
}

impl EndpointServiceSeed {
    pub fn service_name(&self, region: &str) -> String {
        format!("com.amazonaws.vpce.{region}.{}", self.service_id)
    }
}

/// Cryptographic use of one of a store's keys that CloudTrail holds: `count` calls, one every
/// `every_minutes`, the newest `minutes_ago` before the sandbox started.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KeyUsageSeed {
    /// Which of the store's keys (0-based).
    pub key_index: u32,
    /// Encrypt | Decrypt | GenerateDataKey | ReEncrypt…
    pub operation: String,
    pub count: u32,
    #[serde(default = "one_minute")]
    pub minutes_ago: f64,
    #[serde(default = "thirty")]
    pub every_minutes: f64,
    /// The caller's ARN (an IAM user or an assumed role session).
    pub principal: String,
    /// The AWS service that called on the principal's behalf (`s3.amazonaws.com`), if any.
    #[serde(default)]
    pub via_service: Option<String>,
    #[serde(default = "documentation_ip")]
    pub source_ip: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StoreSeed {
    pub id: String,
    pub name: String,
    /// `AWS_CLOUDHSM` or `EXTERNAL_KEY_STORE`.
    #[serde(rename = "type")]
    pub store_type: String,
    #[serde(default)]
    pub state: ConnectionState,
    /// With `state: FAILED`, the code it failed with.
    #[serde(default)]
    pub connection_error_code: Option<String>,
    /// How long CONNECTING lasts; by default 20 s for CloudHSM, 5 s for external key stores.
    #[serde(default)]
    pub connect_delay_ms: Option<u64>,
    #[serde(default)]
    pub disconnect_delay_ms: Option<u64>,
    /// Every Connect ends FAILED with this code until an update repairs the cause.
    #[serde(default)]
    pub fail_with: Option<String>,
    /// Outcomes of successive Connects, cycling: `CONNECTED` or `FAILED:<code>` (flapping).
    #[serde(default)]
    pub connect_outcomes: Vec<String>,
    /// Once CONNECTED, drop to FAILED with `flap_code` after this long.
    #[serde(default)]
    pub flap_after_ms: Option<u64>,
    #[serde(default)]
    pub flap_code: Option<String>,
    /// KMS keys in the store: Delete is refused while there are any.
    #[serde(default)]
    pub key_count: u32,
    #[serde(default)]
    pub creation_date: Option<f64>,
    #[serde(default)]
    pub cloud_hsm_cluster_id: Option<String>,
    #[serde(default)]
    pub trust_anchor_certificate: Option<String>,
    #[serde(default)]
    pub xks_proxy: Option<XksSeed>,
    /// What CloudWatch shows for an external key store; `healthy` when absent. CloudHSM key
    /// stores publish no such metrics.
    #[serde(default)]
    pub metrics: Option<MetricsSeed>,
    /// Past calls on this store that CloudTrail holds, besides the ones made to the sandbox.
    #[serde(default)]
    pub history: Vec<HistorySeed>,
    /// Cryptographic calls on the store's keys that CloudTrail holds (found by ResourceName).
    #[serde(default)]
    pub key_usage: Vec<KeyUsageSeed>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum MetricsProfile {
    /// Latency 40–60 ms (p50) and 90–120 ms (p99), no errors, both key managers active.
    #[default]
    Healthy,
    /// Over the three hours before the sandbox started, latency climbs to ~180/260 ms and errors
    /// to ~40 retryable and ~10 non-retryable per 5 minutes; one key manager is degraded for the
    /// last hour.
    Degrading,
    /// No metrics at all (a store KMS never talked to).
    None,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MetricsSeed {
    #[serde(default)]
    pub profile: MetricsProfile,
    /// XksProxyCertificateDaysToExpire when the sandbox starts.
    #[serde(default = "days_180")]
    pub certificate_days: f64,
    /// XksProxyCredentialAge (days) when the sandbox starts.
    #[serde(default = "days_30")]
    pub credential_age_days: f64,
    /// The `CertificateName` dimension: the proxy certificate's subject name.
    #[serde(default = "certificate_name")]
    pub certificate_name: String,
    /// When an update gave the store a new proxy credential (sandbox clock, epoch seconds): the
    /// age counts from there.
    #[serde(skip)]
    pub credential_set_at: Option<i64>,
}

impl Default for MetricsSeed {
    fn default() -> Self {
        serde_json::from_value(serde_json::json!({})).expect("every field has a default")
    }
}

/// One past call on a store, as CloudTrail recorded it.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HistorySeed {
    /// One of the five store changes: Connect-, Disconnect-, Create-, Update-, DeleteCustomKeyStore.
    pub event_name: String,
    /// How long before the sandbox started.
    pub minutes_ago: f64,
    /// The IAM user who called (`arn:aws:iam::<account>:user/<user>`).
    #[serde(default = "sandbox_user")]
    pub user: String,
    #[serde(default = "documentation_ip")]
    pub source_ip: String,
    /// The call was refused with this error (e.g. `CustomKeyStoreInvalidStateException`).
    #[serde(default)]
    pub error_code: Option<String>,
    #[serde(default)]
    pub error_message: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct XksSeed {
    pub connectivity: String,
    pub access_key_id: String,
    pub uri_endpoint: String,
    pub uri_path: String,
    #[serde(default)]
    pub vpc_endpoint_service_name: Option<String>,
    #[serde(default)]
    pub vpc_endpoint_service_owner: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClusterSeed {
    pub id: String,
    /// CloudHSM's cluster state; anything but ACTIVE refuses Create and Connect.
    #[serde(default = "active")]
    pub state: String,
    #[serde(default = "two")]
    pub active_hsms: u32,
    /// Clusters made from each other's backups share a lineage ("related" clusters).
    #[serde(default)]
    pub lineage: Option<String>,
    #[serde(default)]
    pub trust_anchor_certificate: Option<String>,
    /// Subnets or security group are wrong: CloudHsmClusterInvalidConfigurationException.
    #[serde(default)]
    pub invalid_configuration: bool,
    /// With no active HSM, Connect is refused (`reject`) or ends FAILED with INSUFFICIENT_CLOUDHSM_HSMS (`fail`).
    #[serde(default = "fail")]
    pub when_no_hsms: String,
    /// The Availability Zone letter of each HSM, in order (active ones first, then degraded);
    /// HSM i defaults to "abc"[i % 3]. `["a", "a"]`: two HSMs in one zone.
    #[serde(default)]
    pub hsm_zones: Vec<String>,
    /// HSMs in state DEGRADED, beyond the active ones.
    #[serde(default)]
    pub degraded_hsms: u32,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct XksProxySeed {
    pub uri_endpoint: String,
    pub uri_path: String,
    pub access_key_id: String,
    pub secret_access_key: String,
    #[serde(default)]
    pub vpc_endpoint_service_name: Option<String>,
    /// The VPC endpoint service lacks what KMS needs.
    #[serde(default)]
    pub vpc_invalid: bool,
    /// The proxy answers KMS with nonsense.
    #[serde(default)]
    pub invalid_response: bool,
    #[serde(default = "yes")]
    pub reachable: bool,
    /// Credentials the proxy accepts beside its own: the state half-way through a rotation, when
    /// the proxy takes the old and the new one.
    #[serde(default)]
    pub also_accepts: Vec<ProxyCredential>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProxyCredential {
    pub access_key_id: String,
    pub secret_access_key: String,
}

impl XksProxySeed {
    pub fn accepts(&self, access_key_id: &str, secret: &str) -> bool {
        (self.access_key_id == access_key_id && self.secret_access_key == secret)
            || self.also_accepts.iter().any(|c| c.access_key_id == access_key_id && c.secret_access_key == secret)
    }
}

fn active() -> String {
    "ACTIVE".into()
}
fn fail() -> String {
    "fail".into()
}
fn available() -> String {
    "Available".into()
}
fn verified() -> String {
    "verified".into()
}
fn zones_ab() -> Vec<String> {
    vec!["a".into(), "b".into()]
}
fn tls_443() -> Vec<String> {
    vec!["TLS:443".into()]
}
fn one_minute() -> f64 {
    1.0
}
fn thirty() -> f64 {
    30.0
}
fn two() -> u32 {
    2
}
fn one_hour() -> u32 {
    3600
}
fn yes() -> bool {
    true
}
fn days_180() -> f64 {
    180.0
}
fn days_30() -> f64 {
    30.0
}
fn certificate_name() -> String {
    "xks.example.com".into()
}
fn sandbox_user() -> String {
    "sandbox-user".into()
}
/// From TEST-NET-2 (RFC 5737): never a real caller.
fn documentation_ip() -> String {
    "198.51.100.7".into()
}

/// The store changes CloudTrail records (and a seed's history may name).
pub const RECORDED_EVENTS: [&str; 5] =
    ["ConnectCustomKeyStore", "DisconnectCustomKeyStore", "CreateCustomKeyStore", "UpdateCustomKeyStore", "DeleteCustomKeyStore"];

/// The demo account's credentials: fake, printed by `cargo xtask serve`, accepted only here.
pub const DEMO_ACCOUNT_ID: &str = "111122223333";
pub const DEMO_ACCESS_KEY_ID: &str = "ASIASANDBOXDEMO00001";
pub const DEMO_SECRET_ACCESS_KEY: &str = "sandbox/demo/secret/FAKE/not/a/real/key00";
pub const DEMO_SESSION_TOKEN: &str = "sandbox-demo-session-token-FAKE";
/// A long-term demo key (no session token), for GetSessionToken as `aws sts get-session-token` does.
pub const DEMO_LONG_TERM_ACCESS_KEY_ID: &str = "AKIASANDBOXDEMO00002";
pub const DEMO_LONG_TERM_SECRET: &str = "sandbox/demo/long-term/FAKE/not/a/real/key";
/// The code every fake MFA device of the sandbox shows, unless a role's seed says another.
pub const DEMO_MFA_CODE: &str = "123456";
/// The demo's MFA device, which the production account's KeyStoreBreakGlass role requires.
pub const DEMO_MFA_SERIAL: &str = "arn:aws:iam::111122223333:mfa/demo-user";

const DEMO_SEED: &str = include_str!("../../seeds/demo.json");

impl Seed {
    /// Both store types; one that connects, one that fails, one already FAILED, one connected.
    pub fn demo() -> Seed {
        let seed: Seed = serde_json::from_str(DEMO_SEED).expect("the built-in demo seed is valid");
        seed.check().expect("the built-in demo seed is consistent");
        seed
    }

    pub fn from_json(text: &str) -> Result<Seed, String> {
        let seed: Seed = serde_json::from_str(text).map_err(|e| format!("invalid seed: {e}"))?;
        seed.check().map_err(|e| format!("invalid seed: {e}"))?;
        Ok(seed)
    }

    /// What serde cannot say: zone letters, history event names, metrics only where they apply,
    /// the organization's accounts, and the model's constraints on names, emails and aliases.
    fn check(&self) -> Result<(), String> {
        self.check_accounts()?;
        for region in self.accounts.iter().flat_map(|a| a.regions.values()) {
            for c in &region.clusters {
                if let Some(z) = c.hsm_zones.iter().find(|z| z.len() != 1 || !z.chars().all(|c| c.is_ascii_lowercase())) {
                    return Err(format!("cluster {}: hsm_zones takes Availability Zone letters (\"a\"), not {z:?}", c.id));
                }
            }
            for s in &region.stores {
                if let Some(h) = s.history.iter().find(|h| !RECORDED_EVENTS.contains(&h.event_name.as_str())) {
                    return Err(format!("store {}: history event_name {} is not one of {RECORDED_EVENTS:?}", s.id, h.event_name));
                }
                if s.metrics.is_some() && s.store_type != "EXTERNAL_KEY_STORE" {
                    return Err(format!("store {}: metrics apply to external key stores only", s.id));
                }
                if let Some(u) = s.key_usage.iter().find(|u| u.key_index >= s.key_count) {
                    return Err(format!("store {}: key_usage names key {} of {}", s.id, u.key_index, s.key_count));
                }
            }
            for e in &region.endpoint_services {
                let hex = e.service_id.strip_prefix("vpce-svc-").unwrap_or_default();
                if hex.len() != 17 || !hex.chars().all(|c| c.is_ascii_hexdigit()) {
                    return Err(format!("endpoint service {}: ids are vpce-svc- and 17 hex digits", e.service_id));
                }
                if let Some(l) = e.listeners.iter().find(|l| l.split_once(':').is_none_or(|(_, port)| port.parse::<u16>().is_err())) {
                    return Err(format!("endpoint service {}: listeners are PROTOCOL:PORT, not {l:?}", e.service_id));
                }
            }
        }
        Ok(())
    }

    fn check_accounts(&self) -> Result<(), String> {
        let seeded = |id: &String| self.accounts.iter().any(|a| &a.account_id == id);
        if let Some(org) = &self.organization {
            let named = std::iter::once(&org.management_account).chain(&org.delegated_admins).chain(org.members.iter().flatten());
            if let Some(id) = named.clone().find(|id| !seeded(id)) {
                return Err(format!("organization: account {id} is not in the seed's accounts"));
            }
            if let Some(members) = &org.members {
                if let Some(id) = named.take(1 + org.delegated_admins.len()).find(|id| !members.contains(id)) {
                    return Err(format!("organization: {id} must be one of its members"));
                }
            }
        }
        for a in &self.accounts {
            let org = self.organization.as_ref().map(|o| o.id()).unwrap_or_else(|| "o-0000000000".into());
            let listed = crate::organizations::account(a, &org, "000000000000");
            crate::model::validate_output(crate::model::organizations(), "Account", &listed).map_err(|e| format!("account {}: {e}", a.account_id))?;
            if let Some(alias) = &a.alias {
                let aliases = serde_json::json!({ "AccountAliases": [alias] });
                crate::model::validate_output(crate::model::iam(), "ListAccountAliasesResponse", &aliases)
                    .map_err(|e| format!("account {}: alias: {e}", a.account_id))?;
            }
            if a.disabled_regions.iter().any(|r| r == "us-east-1") {
                return Err(format!("account {}: us-east-1 is not an opt-in Region (and signs the global endpoints)", a.account_id));
            }
            if let Some(r) = a.roles.iter().find(|r| !(3600..=43_200).contains(&r.max_session_duration)) {
                return Err(format!("role {}: max_session_duration is 3600–43200 seconds", r.name));
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn demo_seed_parses_and_uses_the_documented_credentials() {
        let seed = Seed::demo();
        let account = &seed.accounts[0];
        assert_eq!(account.account_id, DEMO_ACCOUNT_ID);
        assert_eq!(account.credentials[0].access_key_id, DEMO_ACCESS_KEY_ID);
        assert_eq!(account.credentials[0].secret_access_key, DEMO_SECRET_ACCESS_KEY);
        assert_eq!(account.credentials[0].session_token.as_deref(), Some(DEMO_SESSION_TOKEN));
        assert_eq!(account.credentials[1].access_key_id, DEMO_LONG_TERM_ACCESS_KEY_ID);
        let stores: Vec<_> = account.regions.values().flat_map(|r| &r.stores).collect();
        assert!(stores.iter().any(|s| s.store_type == "AWS_CLOUDHSM"));
        assert!(stores.iter().any(|s| s.store_type == "EXTERNAL_KEY_STORE"));
        assert!(stores.iter().any(|s| s.fail_with.is_some()));
        assert!(stores.iter().any(|s| s.fail_with.is_none() && s.state == ConnectionState::Disconnected));
    }

    #[test]
    fn organizations_aliases_and_roles_are_checked_when_read() {
        let read = |org: serde_json::Value, account: serde_json::Value| {
            let mut a = serde_json::json!({"account_id": "111122223333"});
            a.as_object_mut().unwrap().extend(account.as_object().unwrap().clone());
            Seed::from_json(&serde_json::json!({"organization": org, "accounts": [a]}).to_string())
        };
        let org = serde_json::json!({"management_account": "111122223333"});
        assert!(read(org.clone(), serde_json::json!({"alias": "acme-hub", "disabled_regions": ["me-south-1"]})).is_ok());
        let refused = [
            (serde_json::json!({"management_account": "444455556666"}), serde_json::json!({}), "not in the seed's accounts"),
            (serde_json::json!({"management_account": "111122223333", "members": []}), serde_json::json!({}), "must be one of its members"),
            (org.clone(), serde_json::json!({"alias": "Acme--Hub"}), "alias"),
            (org.clone(), serde_json::json!({"email": "not-an-email"}), "account 111122223333"),
            (org.clone(), serde_json::json!({"disabled_regions": ["us-east-1"]}), "not an opt-in Region"),
            (org.clone(), serde_json::json!({"roles": [{"name": "R", "max_session_duration": 60}]}), "3600–43200"),
        ];
        for (org, account, why) in refused {
            let e = read(org, account.clone()).unwrap_err();
            assert!(e.contains(why), "{account}: {e}");
        }
    }

    #[test]
    fn the_demo_is_an_organization_of_three_accounts() {
        let seed = Seed::demo();
        let ids: Vec<&str> = seed.accounts.iter().map(|a| a.account_id.as_str()).collect();
        assert_eq!(ids, [DEMO_ACCOUNT_ID, "444455556666", "777788889999"]);
        assert_eq!(seed.organization.as_ref().unwrap().management_account, DEMO_ACCOUNT_ID);
        assert_eq!(seed.accounts[0].alias.as_deref(), Some("acme-security-hub"));
        let production = &seed.accounts[2];
        let hub = "arn:aws:sts::111122223333:assumed-role/SandboxDemo/demo-user";
        assert!(production.roles.iter().all(|r| r.trusts(DEMO_ACCOUNT_ID, hub) && !r.trusts("444455556666", "arn:aws:iam::444455556666:user/x")));
        let glass = production.roles.iter().find(|r| r.mfa_serial.is_some()).unwrap();
        assert_eq!((glass.mfa_serial.as_deref(), glass.mfa_code()), (Some(DEMO_MFA_SERIAL), DEMO_MFA_CODE));
        let regions: Vec<&String> = production.regions.keys().collect();
        assert_eq!(regions, ["eu-west-1", "us-east-1"]);
    }
}
