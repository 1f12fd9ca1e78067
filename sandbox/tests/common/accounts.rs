//! Four accounts for the fleet tests: a hub that manages the organization, a delegated
//! administrator, a member with trust rules and a disabled Region, and an account outside it.

use cks_console::aws::credentials::Credentials;
use cks_sandbox::seed::{self, Seed};
use serde_json::json;

pub const HUB: &str = "111122223333";
pub const STAGING: &str = "444455556666";
pub const PRODUCTION: &str = "777788889999";
pub const LONER: &str = "999900001111";
pub const MFA_SERIAL: &str = "arn:aws:iam::111122223333:mfa/sandbox-demo";

pub fn seed() -> Seed {
    let key = |id: &str, arn: &str| json!({"access_key_id": id, "secret_access_key": "fake-secret", "arn": arn});
    serde_json::from_value(json!({
        "settings": {"throttle_per_second": null},
        "organization": {"management_account": HUB, "delegated_admins": [STAGING], "members": [HUB, STAGING, PRODUCTION]},
        "accounts": [
            {"account_id": HUB, "name": "security-hub", "email": "hub@example.com", "alias": "acme-security-hub", "joined_method": "INVITED",
             "credentials": [
                {"access_key_id": seed::DEMO_ACCESS_KEY_ID, "secret_access_key": seed::DEMO_SECRET_ACCESS_KEY, "session_token": seed::DEMO_SESSION_TOKEN,
                 "arn": "arn:aws:sts::111122223333:assumed-role/SandboxDemo/demo-user"},
                {"access_key_id": seed::DEMO_LONG_TERM_ACCESS_KEY_ID, "secret_access_key": seed::DEMO_LONG_TERM_SECRET,
                 "arn": "arn:aws:iam::111122223333:user/sandbox-demo"}
             ]},
            {"account_id": STAGING, "name": "staging", "credentials": [key("AKIASTAGINGFAKE00001", "arn:aws:iam::444455556666:user/ops")]},
            {"account_id": PRODUCTION, "name": "production", "email": "prod@example.com", "disabled_regions": ["me-south-1"],
             "credentials": [key("AKIAPRODUCTIONFAKE01", "arn:aws:iam::777788889999:user/ops")],
             "roles": [
                {"name": "KeyStoreOperator", "trust": [HUB], "max_session_duration": 43200},
                {"name": "HubUserOnly", "trust": ["arn:aws:iam::111122223333:user/sandbox-*"]},
                {"name": "BreakGlass", "trust": [HUB], "mfa_serial": MFA_SERIAL}
             ],
             "regions": {
                "eu-west-1": {"stores": [{"id": "cks-77778888999900001", "name": "prod-eu-hsm", "type": "AWS_CLOUDHSM", "cloud_hsm_cluster_id": "cluster-7prodeuhsm2"}]},
                "me-south-1": {"stores": [{"id": "cks-77778888999900002", "name": "prod-me-xks", "type": "EXTERNAL_KEY_STORE"}]}
             }},
            {"account_id": LONER, "credentials": [key("AKIALONERFAKE0000001", "arn:aws:iam::999900001111:user/ops")]}
        ]
    }))
    .unwrap()
}

/// The session credentials of the hub's demo user (an assumed-role session itself).
pub fn hub_session() -> Credentials {
    super::demo_credentials()
}

/// The hub's long-term IAM user key.
pub fn hub_user() -> Credentials {
    Credentials::from_fields(seed::DEMO_LONG_TERM_ACCESS_KEY_ID, seed::DEMO_LONG_TERM_SECRET, "").unwrap()
}

pub fn user(access_key_id: &str) -> Credentials {
    Credentials::from_fields(access_key_id, "fake-secret", "").unwrap()
}
