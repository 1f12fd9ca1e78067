//! Least privilege for the console: the IAM identity policy it needs, read-only (the store list,
//! health, history and key counts) or operator (read-only plus every change it offers), and the
//! trust policy of a fleet role the hub assumes.
//!
//! What is scoped and why (facts from the KMS model's documentation; see [`NOTES`]): the custom
//! key store operations are documented as "(IAM policy)" permissions on no resource, with no ARN
//! form for a custom key store, so they go on `*`. DescribeKey is a permission on a key, so it
//! goes on the keys of the account in the chosen Regions.

use serde_json::{json, Value};

/// Which of the console's two policies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Lists stores, their health, history and key counts; changes nothing.
    ReadOnly,
    /// Read-only plus connect, disconnect, create, update and delete.
    Operator,
}

/// Where the policy applies.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scope {
    /// `aws`, `aws-cn`, `aws-us-gov`.
    pub partition: String,
    pub account_id: String,
    /// The Regions the console watches; empty for every Region.
    pub regions: Vec<String>,
    /// Fleet roles the hub assumes (`sts:AssumeRole` on exactly these ARNs); empty for none.
    pub fleet_roles: Vec<String>,
    /// The hub lists its organization's accounts (`organizations:ListAccounts`).
    pub organization: bool,
    /// Adds `iam:CreateServiceLinkedRole` for a first CloudHSM key store (see [`NOTES`]).
    pub service_linked_role: bool,
}

impl Scope {
    pub fn new(account_id: impl Into<String>) -> Self {
        Self { partition: "aws".into(), account_id: account_id.into(), regions: vec![], fleet_roles: vec![], organization: false, service_linked_role: false }
    }
}

/// Reads of KMS the console makes, none of which names a resource (documented as IAM policy
/// permissions): the store list, the key list, aliases.
pub const KMS_READS: [&str; 3] = ["kms:DescribeCustomKeyStores", "kms:ListKeys", "kms:ListAliases"];
/// A key's metadata (which store backs it): a permission on the key.
pub const KMS_KEY_READS: [&str; 1] = ["kms:DescribeKey"];
/// The changes the console offers.
pub const KMS_CHANGES: [&str; 5] =
    ["kms:ConnectCustomKeyStore", "kms:DisconnectCustomKeyStore", "kms:CreateCustomKeyStore", "kms:UpdateCustomKeyStore", "kms:DeleteCustomKeyStore"];
/// Health and history: the cluster behind a CloudHSM store (also what create checks first), a
/// store's metrics, its CloudTrail events.
pub const HEALTH_READS: [&str; 3] = ["cloudhsm:DescribeClusters", "cloudwatch:GetMetricData", "cloudtrail:LookupEvents"];
/// Who the console signed in as, and the account's name.
pub const IDENTITY_READS: [&str; 2] = ["sts:GetCallerIdentity", "iam:ListAccountAliases"];

/// What the policies cannot scope or could not confirm, in words for the page.
pub const NOTES: [&str; 5] = [
    "The custom key store actions (Describe, Connect, Disconnect, Create, Update and DeleteCustomKeyStore), ListKeys and ListAliases \
     are documented as IAM policy permissions with no resource: KMS defines no ARN for a custom key store, so they are granted on \"*\" \
     and cannot be limited to the stores shown.",
    "DescribeKey is a permission on a key: it is limited to this account's keys in the chosen Regions.",
    "cloudhsm:DescribeClusters, cloudwatch:GetMetricData and cloudtrail:LookupEvents are granted on \"*\": the sources this console \
     follows do not document a resource form for them.",
    "sts:GetCallerIdentity needs no permission (AWS answers it for any valid credentials); it is listed to say what sign-in calls.",
    "Not confirmed from the sources this console follows: whether creating the first CloudHSM key store of an account needs \
     iam:CreateServiceLinkedRole from the caller (turn on service_linked_role to grant it on the account's service-linked roles), \
     and whether KMS checks other CloudHSM permissions of the caller at create.",
];

fn regions(scope: &Scope) -> Vec<String> {
    if scope.regions.is_empty() {
        vec!["*".into()]
    } else {
        scope.regions.clone()
    }
}

fn statement(sid: &str, actions: &[&str], resources: Vec<String>) -> Value {
    let resource = if resources.len() == 1 { json!(resources[0]) } else { json!(resources) };
    json!({ "Sid": sid, "Effect": "Allow", "Action": actions, "Resource": resource })
}

/// Every action `access` grants (without the optional ones of [`Scope`]).
pub fn actions(access: Access) -> Vec<&'static str> {
    let mut all: Vec<&str> = KMS_READS.iter().chain(&KMS_KEY_READS).chain(&HEALTH_READS).chain(&IDENTITY_READS).copied().collect();
    if access == Access::Operator {
        all.extend(KMS_CHANGES);
    }
    all
}

/// The identity policy for `access` over `scope`.
pub fn identity_policy(access: Access, scope: &Scope) -> Value {
    let p = &scope.partition;
    let mut kms: Vec<&str> = KMS_READS.to_vec();
    if access == Access::Operator {
        kms.extend(KMS_CHANGES);
    }
    let keys = regions(scope).iter().map(|r| format!("arn:{p}:kms:{r}:{}:key/*", scope.account_id)).collect();
    let mut statements = vec![
        statement(if access == Access::Operator { "CustomKeyStores" } else { "CustomKeyStoresRead" }, &kms, vec!["*".into()]),
        statement("KeysOfTheStores", &KMS_KEY_READS, keys),
        statement("StoreHealthAndHistory", &HEALTH_READS, vec!["*".into()]),
        statement("WhoAmI", &IDENTITY_READS, vec!["*".into()]),
    ];
    if !scope.fleet_roles.is_empty() {
        statements.push(statement("FleetRoles", &["sts:AssumeRole"], scope.fleet_roles.clone()));
    }
    if scope.organization {
        statements.push(statement("OrganizationAccounts", &["organizations:ListAccounts"], vec!["*".into()]));
    }
    if access == Access::Operator && scope.service_linked_role {
        statements.push(statement(
            "ServiceLinkedRole",
            &["iam:CreateServiceLinkedRole"],
            vec![format!("arn:{p}:iam::{}:role/aws-service-role/*", scope.account_id)],
        ));
    }
    json!({ "Version": "2012-10-17", "Statement": statements })
}

/// The trust policy of a fleet role: `hub` (an account id, or the ARN of the hub's role or user)
/// may assume it, with `sts:ExternalId` when given and MFA when asked.
pub fn trust_policy(partition: &str, hub: &str, external_id: Option<&str>, require_mfa: bool) -> Value {
    let principal = if hub.starts_with("arn:") { hub.to_owned() } else { format!("arn:{partition}:iam::{hub}:root") };
    let mut statement = json!({ "Effect": "Allow", "Principal": { "AWS": principal }, "Action": "sts:AssumeRole" });
    let mut condition = serde_json::Map::new();
    if let Some(id) = external_id {
        condition.insert("StringEquals".into(), json!({ "sts:ExternalId": id }));
    }
    if require_mfa {
        condition.insert("Bool".into(), json!({ "aws:MultiFactorAuthPresent": "true" }));
    }
    if !condition.is_empty() {
        statement["Condition"] = Value::Object(condition);
    }
    json!({ "Version": "2012-10-17", "Statement": [statement] })
}

/// A policy as the IAM console and `aws iam create-policy --policy-document` take it.
pub fn to_text(policy: &Value) -> String {
    serde_json::to_string_pretty(policy).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn granted(policy: &Value) -> Vec<String> {
        policy["Statement"].as_array().unwrap().iter().flat_map(|s| s["Action"].as_array().unwrap().iter().map(|a| a.as_str().unwrap().to_owned())).collect()
    }

    #[test]
    fn read_only_reads_and_changes_nothing() {
        let policy = identity_policy(Access::ReadOnly, &Scope::new("111122223333"));
        let actions = granted(&policy);
        for read in ["kms:DescribeCustomKeyStores", "kms:ListKeys", "kms:DescribeKey", "kms:ListAliases", "cloudhsm:DescribeClusters"] {
            assert!(actions.iter().any(|a| a == read), "{read}");
        }
        for read in ["cloudwatch:GetMetricData", "cloudtrail:LookupEvents", "sts:GetCallerIdentity", "iam:ListAccountAliases"] {
            assert!(actions.iter().any(|a| a == read), "{read}");
        }
        assert!(!actions.iter().any(|a| KMS_CHANGES.contains(&a.as_str())), "{actions:?}");
        assert!(!actions.iter().any(|a| a.contains('*')), "no wildcard actions");
        assert_eq!(policy["Version"], "2012-10-17");
        assert_eq!(policy["Statement"][1]["Resource"], "arn:aws:kms:*:111122223333:key/*");
        let mut sorted = actions.clone();
        sorted.sort();
        sorted.dedup();
        assert_eq!(sorted.len(), actions.len(), "each action once");
        assert_eq!(actions.len(), actions_for(Access::ReadOnly));
    }

    fn actions_for(access: Access) -> usize {
        actions(access).len()
    }

    #[test]
    fn operator_adds_every_change_and_scopes_keys_to_its_regions() {
        let mut scope = Scope::new("111122223333");
        scope.regions = vec!["us-east-1".into(), "eu-west-1".into()];
        scope.fleet_roles = vec!["arn:aws:iam::444455556666:role/KeyStoreOperator".into()];
        scope.organization = true;
        scope.service_linked_role = true;
        let policy = identity_policy(Access::Operator, &scope);
        let actions = granted(&policy);
        for change in KMS_CHANGES {
            assert!(actions.iter().any(|a| a == change), "{change}");
        }
        assert_eq!(policy["Statement"][1]["Resource"], json!(["arn:aws:kms:us-east-1:111122223333:key/*", "arn:aws:kms:eu-west-1:111122223333:key/*"]));
        let fleet = policy["Statement"].as_array().unwrap().iter().find(|s| s["Sid"] == "FleetRoles").unwrap();
        assert_eq!(fleet["Resource"], "arn:aws:iam::444455556666:role/KeyStoreOperator");
        assert!(actions.iter().any(|a| a == "organizations:ListAccounts"));
        assert!(actions.iter().any(|a| a == "iam:CreateServiceLinkedRole"));
        // The read-only policy has no service-linked role, even when asked.
        assert!(!granted(&identity_policy(Access::ReadOnly, &scope)).iter().any(|a| a == "iam:CreateServiceLinkedRole"));
        assert_eq!(serde_json::from_str::<Value>(&to_text(&policy)).unwrap(), policy, "the text is the policy");
    }

    #[test]
    fn the_trust_policy_names_the_hub_and_its_conditions() {
        let plain = trust_policy("aws", "111122223333", None, false);
        assert_eq!(
            plain,
            json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": "sts:AssumeRole"}]})
        );
        let strict = trust_policy("aws", "arn:aws:iam::111122223333:role/SandboxDemo", Some("ext-42"), true);
        let s = &strict["Statement"][0];
        assert_eq!(s["Principal"]["AWS"], "arn:aws:iam::111122223333:role/SandboxDemo");
        assert_eq!(s["Condition"]["StringEquals"]["sts:ExternalId"], "ext-42");
        assert_eq!(s["Condition"]["Bool"]["aws:MultiFactorAuthPresent"], "true");
    }
}
