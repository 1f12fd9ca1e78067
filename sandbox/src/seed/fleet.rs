//! A generated fleet, for benchmarks of a console that watches many accounts and Regions: a hub
//! account (the demo's, with its fake credentials) that manages an organization of member
//! accounts, each with a `KeyStoreOperator` role trusting the hub and stores in every Region.
//! Everything is derived from the account and store numbers, so a fleet is the same on every run.

use super::{Seed, DEMO_ACCESS_KEY_ID, DEMO_ACCOUNT_ID, DEMO_LONG_TERM_ACCESS_KEY_ID, DEMO_LONG_TERM_SECRET, DEMO_SECRET_ACCESS_KEY, DEMO_SESSION_TOKEN};
use crate::ids;
use serde_json::{json, Value};

/// The Regions `--fleet` takes, in order: `50x4x20` uses the first four.
pub const FLEET_REGIONS: [&str; 10] =
    ["us-east-1", "eu-west-1", "us-west-2", "ap-southeast-2", "eu-central-1", "ap-northeast-1", "ca-central-1", "sa-east-1", "ap-south-1", "eu-north-1"];

/// Member account `i`'s id: 12 digits, far from the demo's ids.
fn member_id(i: usize) -> String {
    format!("{:012}", 200_000_000_000 + i as u64)
}

/// The hub (the demo account with its credentials, no stores) and `accounts` members with
/// `stores_per_region` stores in each of `regions`: two CloudHSM stores for every external one;
/// most CONNECTED, one in ten DISCONNECTED and one in ten FAILED.
pub fn fleet(accounts: usize, regions: &[&str], stores_per_region: usize) -> Seed {
    let hub = json!({
        "account_id": DEMO_ACCOUNT_ID, "name": "security-hub", "email": "security-hub@example.com", "alias": "fleet-hub",
        "credentials": [
            {"access_key_id": DEMO_ACCESS_KEY_ID, "secret_access_key": DEMO_SECRET_ACCESS_KEY, "session_token": DEMO_SESSION_TOKEN,
             "arn": "arn:aws:sts::111122223333:assumed-role/SandboxDemo/demo-user"},
            {"access_key_id": DEMO_LONG_TERM_ACCESS_KEY_ID, "secret_access_key": DEMO_LONG_TERM_SECRET, "arn": "arn:aws:iam::111122223333:user/sandbox-demo"}
        ]
    });
    let members = (0..accounts).map(|i| {
        let id = member_id(i);
        let stores: serde_json::Map<String, Value> =
            regions.iter().map(|r| ((*r).to_owned(), json!({ "stores": (0..stores_per_region).map(|j| store(&id, r, j)).collect::<Vec<_>>() }))).collect();
        json!({
            "account_id": id, "name": format!("member-{i:03}"), "email": format!("member-{i:03}@example.com"), "alias": format!("fleet-member-{i:03}"),
            "roles": [{ "name": "KeyStoreOperator", "trust": [DEMO_ACCOUNT_ID] }],
            "regions": stores
        })
    });
    let seed = json!({
        "settings": { "store_limit": stores_per_region.max(10) },
        "organization": { "management_account": DEMO_ACCOUNT_ID },
        "accounts": std::iter::once(hub).chain(members).collect::<Vec<_>>()
    });
    serde_json::from_value(seed).expect("a generated fleet is a valid seed")
}

fn store(account: &str, region: &str, j: usize) -> Value {
    let seed = [account, region, &j.to_string()];
    let id = format!("cks-{}", ids::hex(&[&["fleet-store"], &seed[..]].concat(), 17));
    let (state, code) = match (j % 10, j % 3 == 2) {
        (8, _) => ("DISCONNECTED", None),
        (9, true) => ("FAILED", Some("XKS_PROXY_NOT_REACHABLE")),
        (9, false) => ("FAILED", Some("INSUFFICIENT_CLOUDHSM_HSMS")),
        _ => ("CONNECTED", None),
    };
    let mut s = json!({ "id": id, "name": format!("{region}-store-{j:02}"), "state": state, "key_count": j % 4, "connection_error_code": code });
    if j % 3 == 2 {
        s["type"] = json!("EXTERNAL_KEY_STORE");
        s["xks_proxy"] = json!({
            "connectivity": "PUBLIC_ENDPOINT", "access_key_id": "SANDBOXFAKEXKSKEYFLEET2",
            "uri_endpoint": format!("https://xks-{j}.{region}.example.com"), "uri_path": "/kms/xks/v1"
        });
    } else {
        s["type"] = json!("AWS_CLOUDHSM");
        s["cloud_hsm_cluster_id"] = json!(format!("cluster-{}", ids::base32(&[&["fleet-cluster"], &seed[..]].concat(), 11)));
    }
    s
}

/// `--fleet ACCOUNTSxREGIONSxSTORES` (e.g. `50x4x20`): the first REGIONS of [`FLEET_REGIONS`].
pub fn parse_fleet(flag: &str) -> Result<Seed, String> {
    let usage = || format!("--fleet takes ACCOUNTSxREGIONSxSTORES (e.g. 50x4x20), not {flag}");
    let n: Vec<usize> = flag.split('x').map(str::parse).collect::<Result<_, _>>().map_err(|_| usage())?;
    let [accounts, regions, stores] = n[..] else { return Err(usage()) };
    if regions == 0 || regions > FLEET_REGIONS.len() {
        return Err(format!("--fleet: 1 to {} Regions ({})", FLEET_REGIONS.len(), FLEET_REGIONS.join(", ")));
    }
    Ok(fleet(accounts, &FLEET_REGIONS[..regions], stores))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_fleet_is_a_consistent_seed_with_every_member_in_the_organization() {
        let seed = parse_fleet("3x2x4").unwrap();
        let again = Seed::from_json(&serde_json::to_string(&seed).unwrap()).expect("passes the seed's checks");
        assert_eq!(again.accounts.len(), 4);
        assert!(again.organization.as_ref().is_some_and(|o| o.management_account == DEMO_ACCOUNT_ID && o.members.is_none()));
        let member = &again.accounts[1];
        assert_eq!((member.account_id.as_str(), member.roles[0].name.as_str()), ("200000000000", "KeyStoreOperator"));
        assert!(member.roles[0].trusts(DEMO_ACCOUNT_ID, "arn:aws:iam::111122223333:user/sandbox-demo"));
        assert_eq!(member.regions["eu-west-1"].stores.len(), 4);
        let ids: std::collections::BTreeSet<&str> =
            again.accounts.iter().flat_map(|a| a.regions.values()).flat_map(|r| &r.stores).map(|s| s.id.as_str()).collect();
        assert_eq!(ids.len(), 3 * 2 * 4, "store ids are unique");
        assert!(parse_fleet("3x11x1").is_err() && parse_fleet("3x2").is_err() && parse_fleet("ax1x1").is_err());
    }
}
