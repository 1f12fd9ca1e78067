//! Identity policies in the sandbox, with the console's own least-privilege policies
//! (`cks_console::ops::policy`): the read-only one reads everything the console reads and is
//! refused Connect as AWS words it; the operator one does every change the console offers.

mod common;

use cks_console::aws::credentials::Credentials;
use cks_console::health::keys;
use cks_console::ops::policy::{identity_policy, Access, Scope};
use cks_sandbox::seed::{self, Seed};
use common::{call_as, client, element, kms_as, query, sandbox, CLOUDHSM, CLOUDTRAIL, CLOUDWATCH};
use serde_json::{json, Value};

const READER: &str = "AKIAPOLICYREADER0001";
const OPERATOR: &str = "AKIAPOLICYOPERATOR01";
const SECRET: &str = "policy-test-secret-FAKE";
const REGION: &str = "us-east-1";

fn scope() -> Scope {
    let mut scope = Scope::new(seed::DEMO_ACCOUNT_ID);
    scope.regions = vec![REGION.into()];
    scope
}

/// The demo, with a reader and an operator in the hub account, each with the console's policy,
/// and the staging account's KeyStoreOperator role given the read-only one.
fn seeded() -> Seed {
    let mut demo = serde_json::to_value(Seed::demo()).unwrap();
    // Many store operations in a row: past the demo's 5 a second, which is not under test here.
    demo["settings"]["throttle_per_second"] = json!(1000);
    let user = |id: &str, name: &str, access: Access| {
        json!({"access_key_id": id, "secret_access_key": SECRET, "arn": format!("arn:aws:iam::{}:user/{name}", seed::DEMO_ACCOUNT_ID),
               "policy": identity_policy(access, &scope())})
    };
    let credentials = demo["accounts"][0]["credentials"].as_array_mut().unwrap();
    credentials.push(user(READER, "reader", Access::ReadOnly));
    credentials.push(user(OPERATOR, "operator", Access::Operator));
    let staging = demo["accounts"].as_array_mut().unwrap().iter_mut().find(|a| a["account_id"] == "444455556666").unwrap();
    let role = staging["roles"].as_array_mut().unwrap().iter_mut().find(|r| r["name"] == "KeyStoreOperator").unwrap();
    let mut staging_scope = Scope::new("444455556666");
    staging_scope.regions = vec![REGION.into()];
    role["policy"] = identity_policy(Access::ReadOnly, &staging_scope);
    Seed::from_json(&demo.to_string()).unwrap()
}

fn credentials(id: &str) -> Credentials {
    Credentials::from_fields(id, SECRET, "").unwrap()
}

/// Every read the console makes, as `creds`.
async fn reads(url: &str, creds: &Credentials) {
    let kms = client(url, creds.clone(), REGION);
    assert!(!kms.describe_all().await.unwrap().is_empty());
    let counted = keys::keys_by_store(&kms).await.unwrap();
    assert!(counted.count("cks-1a2b3c4d5e6f70001") > 0, "ListKeys and DescribeKey on the account's keys");
    call_as(url, creds, REGION, CLOUDHSM, "DescribeClusters", json!({"Filters": {"clusterIds": ["cluster-7abcdefghij"]}})).await.unwrap();
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs();
    let query_one = json!({"MetricDataQueries": [{"Id": "m", "MetricStat": {"Metric": {"Namespace": "AWS/KMS", "MetricName": "XksProxyCredentialAge",
        "Dimensions": [{"Name": "CustomKeyStoreId", "Value": "cks-1a2b3c4d5e6f70004"}]}, "Period": 300, "Stat": "Maximum"}}],
        "StartTime": now - 3600, "EndTime": now});
    call_as(url, creds, REGION, CLOUDWATCH, "GetMetricData", query_one).await.unwrap();
    let lookup = json!({"LookupAttributes": [{"AttributeKey": "ResourceName", "AttributeValue": "cks-1a2b3c4d5e6f70001"}], "MaxResults": 50});
    call_as(url, creds, REGION, CLOUDTRAIL, "LookupEvents", lookup).await.unwrap();
    let (status, xml) = query(url, creds, REGION, "sts", "Action=GetCallerIdentity&Version=2011-06-15").await;
    assert_eq!(status, 200, "{xml}");
    let (status, xml) = query(url, creds, REGION, "iam", "Action=ListAccountAliases&Version=2010-05-08").await;
    assert_eq!(status, 200, "{xml}");
}

#[tokio::test]
async fn the_read_only_policy_reads_everything_and_changes_nothing() {
    let url = sandbox(seeded()).await;
    let reader = credentials(READER);
    reads(&url, &reader).await;
    for operation in ["ConnectCustomKeyStore", "DisconnectCustomKeyStore", "DeleteCustomKeyStore", "UpdateCustomKeyStore"] {
        let input = json!({"CustomKeyStoreId": "cks-1a2b3c4d5e6f70001"});
        let e = kms_as(&url, &reader, REGION, operation, input).await.unwrap_err();
        assert_eq!(e.error_type, "AccessDeniedException", "{operation}");
        assert_eq!(
            e.message,
            format!(
                "User: arn:aws:iam::111122223333:user/reader is not authorized to perform: kms:{operation} on resource: \
                 arn:aws:kms:us-east-1:111122223333:* because no identity-based policy allows the kms:{operation} action"
            )
        );
    }
    // A key of another Region is outside DescribeKey's scope.
    let e = kms_as(&url, &reader, "eu-west-1", "DescribeKey", json!({"KeyId": "1234abcd-12ab-34cd-56ef-1234567890ab"})).await.unwrap_err();
    assert!(e.message.contains("kms:DescribeKey on resource: arn:aws:kms:eu-west-1:111122223333:key/1234abcd"), "{}", e.message);
    // The unchanged demo user has no policy: allowed everything, as before.
    let demo = common::demo_credentials();
    kms_as(&url, &demo, REGION, "ConnectCustomKeyStore", json!({"CustomKeyStoreId": "cks-1a2b3c4d5e6f70001"})).await.unwrap();
}

#[tokio::test]
async fn the_operator_policy_does_every_change_the_console_offers() {
    let url = sandbox(seeded()).await;
    let operator = credentials(OPERATOR);
    reads(&url, &operator).await;
    let id = |s: &str| json!({"CustomKeyStoreId": s});
    kms_as(&url, &operator, REGION, "DisconnectCustomKeyStore", id("cks-1a2b3c4d5e6f70004")).await.unwrap();
    let update = json!({"CustomKeyStoreId": "cks-1a2b3c4d5e6f70001", "NewCustomKeyStoreName": "payments-hsm-renamed"});
    kms_as(&url, &operator, REGION, "UpdateCustomKeyStore", update).await.unwrap();
    kms_as(&url, &operator, REGION, "ConnectCustomKeyStore", id("cks-1a2b3c4d5e6f70001")).await.unwrap();
    let create = json!({"CustomKeyStoreName": "operator-xks", "CustomKeyStoreType": "EXTERNAL_KEY_STORE", "XksProxyConnectivity": "PUBLIC_ENDPOINT",
        "XksProxyUriEndpoint": "https://new-proxy.example.com", "XksProxyUriPath": "/kms/xks/v1",
        "XksProxyAuthenticationCredential": {"AccessKeyId": "SANDBOXFAKEXKSKEYNEW222", "RawSecretAccessKey": "SandboxFakeXksSecretForNewStoresOnly000000ab"}});
    let created = kms_as(&url, &operator, REGION, "CreateCustomKeyStore", create).await.unwrap();
    let new_id = created["CustomKeyStoreId"].as_str().unwrap();
    kms_as(&url, &operator, REGION, "DeleteCustomKeyStore", id(new_id)).await.unwrap();
}

#[tokio::test]
async fn a_role_session_carries_its_roles_policy() {
    let url = sandbox(seeded()).await;
    let params = "Action=AssumeRole&Version=2011-06-15&RoleArn=arn%3Aaws%3Aiam%3A%3A444455556666%3Arole%2FKeyStoreOperator&RoleSessionName=policy-test";
    let (status, xml) = query(&url, &common::demo_credentials(), REGION, "sts", params).await;
    assert_eq!(status, 200, "{xml}");
    let session = Credentials::from_fields(element(&xml, "AccessKeyId"), element(&xml, "SecretAccessKey"), element(&xml, "SessionToken")).unwrap();
    let stores: Value = kms_as(&url, &session, REGION, "DescribeCustomKeyStores", json!({})).await.unwrap();
    assert!(!stores["CustomKeyStores"].as_array().unwrap().is_empty());
    let e = kms_as(&url, &session, REGION, "DisconnectCustomKeyStore", json!({"CustomKeyStoreId": "cks-4a5b6c7d8e9f00001"})).await.unwrap_err();
    assert_eq!(e.error_type, "AccessDeniedException");
    assert!(e
        .message
        .starts_with("User: arn:aws:sts::444455556666:assumed-role/KeyStoreOperator/policy-test is not authorized to perform: kms:DisconnectCustomKeyStore"));
    // The read-only policy grants no sts:AssumeRole: the session cannot chain further.
    let (status, xml) = query(&url, &session, REGION, "sts", params).await;
    assert_eq!(status, 403, "{xml}");
    assert!(xml.contains("is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::444455556666:role/KeyStoreOperator"), "{xml}");
}
