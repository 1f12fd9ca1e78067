//! The seed: accounts, their credentials, and their stores per Region. `--seed FILE` reads one;
//! without it the sandbox starts from [`Seed::demo`]. Every credential here is fake.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Seed {
    pub accounts: Vec<AccountSeed>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AccountSeed {
    pub account_id: String,
    pub credentials: Vec<CredentialSeed>,
    /// Region name to the stores in it, in the order DescribeCustomKeyStores lists them.
    #[serde(default)]
    pub regions: BTreeMap<String, Vec<StoreSeed>>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CredentialSeed {
    pub access_key_id: String,
    pub secret_access_key: String,
    /// Required on every request signed with this key when present (temporary credentials).
    #[serde(default)]
    pub session_token: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StoreSeed {
    pub id: String,
    pub name: String,
    /// `AWS_CLOUDHSM` or `EXTERNAL_KEY_STORE`.
    #[serde(rename = "type")]
    pub store_type: String,
    /// The initial `ConnectionState`.
    #[serde(default = "disconnected")]
    pub state: String,
    /// With `state: FAILED`, the code it failed with.
    #[serde(default)]
    pub connection_error_code: Option<String>,
    /// How long CONNECTING lasts.
    #[serde(default = "default_connect_ms")]
    pub connect_delay_ms: u64,
    /// How long DISCONNECTING lasts.
    #[serde(default = "default_disconnect_ms")]
    pub disconnect_delay_ms: u64,
    /// When set, every Connect ends FAILED with this `ConnectionErrorCode`.
    #[serde(default)]
    pub fail_with: Option<String>,
    #[serde(default)]
    pub creation_date: Option<f64>,
    #[serde(default)]
    pub cloud_hsm_cluster_id: Option<String>,
    #[serde(default)]
    pub trust_anchor_certificate: Option<String>,
    #[serde(default)]
    pub xks_proxy: Option<XksSeed>,
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

fn disconnected() -> String {
    "DISCONNECTED".into()
}
fn default_connect_ms() -> u64 {
    8_000
}
fn default_disconnect_ms() -> u64 {
    2_000
}

/// The demo account's credentials: fake, printed by `cargo xtask serve`, accepted only here.
pub const DEMO_ACCOUNT_ID: &str = "111122223333";
pub const DEMO_ACCESS_KEY_ID: &str = "ASIASANDBOXDEMO00001";
pub const DEMO_SECRET_ACCESS_KEY: &str = "sandbox/demo/secret/FAKE/not/a/real/key00";
pub const DEMO_SESSION_TOKEN: &str = "sandbox-demo-session-token-FAKE";

const DEMO_SEED: &str = include_str!("../seeds/demo.json");

impl Seed {
    /// Both store types; one that connects, one that fails, and one already FAILED.
    pub fn demo() -> Seed {
        serde_json::from_str(DEMO_SEED).expect("the built-in demo seed is valid")
    }

    pub fn from_json(text: &str) -> Result<Seed, String> {
        serde_json::from_str(text).map_err(|e| format!("invalid seed: {e}"))
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
        let stores: Vec<_> = account.regions.values().flatten().collect();
        assert!(stores.iter().any(|s| s.store_type == "AWS_CLOUDHSM"));
        assert!(stores.iter().any(|s| s.store_type == "EXTERNAL_KEY_STORE"));
        assert!(stores.iter().any(|s| s.fail_with.is_some()));
        assert!(stores.iter().any(|s| s.fail_with.is_none() && s.state == "DISCONNECTED"));
    }
}
