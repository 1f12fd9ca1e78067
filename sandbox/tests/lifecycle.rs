//! Create, Update and Delete over HTTP: the model's validation, every state rule, and each error
//! the sandbox can produce for them. Every answer is checked against the model by `common::kms`.

mod common;

use common::{kms, sandbox, seed_with, store_state, Error};
use serde_json::{json, Value};
use std::time::Duration;

const ANCHOR: &str = "-----BEGIN CERTIFICATE-----\nFAKEanchor\n-----END CERTIFICATE-----";
const PROXY_SECRET: &str = "SandboxFakeXksSecretNotRealAtAll0123456789ab";

fn world() -> cks_sandbox::seed::Seed {
    seed_with(json!({"us-east-1": {
        "stores": [
            {"id": "cks-00000000000000001", "name": "hsm-a", "type": "AWS_CLOUDHSM", "cloud_hsm_cluster_id": "cluster-aaaaaaaaaaa",
             "connect_delay_ms": 100, "disconnect_delay_ms": 100, "key_count": 2},
            {"id": "cks-00000000000000002", "name": "hsm-locked", "type": "AWS_CLOUDHSM", "cloud_hsm_cluster_id": "cluster-bbbbbbbbbbb",
             "state": "FAILED", "connection_error_code": "USER_LOCKED_OUT", "fail_with": "USER_LOCKED_OUT", "connect_delay_ms": 100, "disconnect_delay_ms": 100},
            {"id": "cks-00000000000000003", "name": "xks-a", "type": "EXTERNAL_KEY_STORE", "state": "CONNECTED", "connect_delay_ms": 100, "disconnect_delay_ms": 100,
             "xks_proxy": {"connectivity": "PUBLIC_ENDPOINT", "access_key_id": "AAAAAAAAAAAAAAAAAAAA", "uri_endpoint": "https://proxy-a.example.com", "uri_path": "/kms/xks/v1"}},
            {"id": "cks-00000000000000004", "name": "hsm-gone", "type": "AWS_CLOUDHSM", "cloud_hsm_cluster_id": "cluster-ccccccccccc",
             "fail_with": "CLUSTER_NOT_FOUND", "connect_delay_ms": 100, "disconnect_delay_ms": 100}
        ],
        "clusters": [
            {"id": "cluster-ddddddddddd", "trust_anchor_certificate": ANCHOR},
            {"id": "cluster-eeeeeeeeeee", "lineage": "cluster-ccccccccccc"},
            {"id": "cluster-fffffffffff", "state": "UNINITIALIZED"},
            {"id": "cluster-ggggggggggg", "invalid_configuration": true},
            {"id": "cluster-hhhhhhhhhhh", "lineage": "cluster-aaaaaaaaaaa"}
        ],
        "xks_proxies": [
            {"uri_endpoint": "https://proxy-a.example.com", "uri_path": "/kms/xks/v1", "access_key_id": "AAAAAAAAAAAAAAAAAAAA", "secret_access_key": PROXY_SECRET},
            {"uri_endpoint": "https://proxy-b.example.com", "uri_path": "/tenant/kms/xks/v1", "access_key_id": "BBBBBBBBBBBBBBBBBBBB", "secret_access_key": PROXY_SECRET},
            {"uri_endpoint": "https://proxy-bad.example.com", "uri_path": "/kms/xks/v1", "access_key_id": "CCCCCCCCCCCCCCCCCCCC", "secret_access_key": PROXY_SECRET, "invalid_response": true},
            {"uri_endpoint": "https://proxy-vpc.example.com", "uri_path": "/kms/xks/v1", "access_key_id": "DDDDDDDDDDDDDDDDDDDD", "secret_access_key": PROXY_SECRET,
             "vpc_endpoint_service_name": "com.amazonaws.vpce.us-east-1.vpce-svc-0123456789abcdef0"},
            {"uri_endpoint": "https://proxy-vpc.example.com", "uri_path": "/kms/xks/v1", "access_key_id": "DDDDDDDDDDDDDDDDDDDD", "secret_access_key": PROXY_SECRET,
             "vpc_endpoint_service_name": "com.amazonaws.vpce.us-east-1.vpce-svc-0fedcba9876543210"},
            {"uri_endpoint": "https://proxy-vpc-bad.example.com", "uri_path": "/kms/xks/v1", "access_key_id": "EEEEEEEEEEEEEEEEEEEE", "secret_access_key": PROXY_SECRET,
             "vpc_endpoint_service_name": "com.amazonaws.vpce.us-east-1.vpce-svc-0badbadbadbadbad0", "vpc_invalid": true}
        ]
    }}))
}

fn err(r: Result<Value, Error>) -> String {
    r.expect_err("the call must fail").error_type
}

fn hsm(name: &str, cluster: &str) -> Value {
    json!({"CustomKeyStoreName": name, "CloudHsmClusterId": cluster, "TrustAnchorCertificate": ANCHOR, "KeyStorePassword": "kmsPswd1"})
}

fn xks(name: &str, endpoint: &str, path: &str, akid: &str) -> Value {
    json!({"CustomKeyStoreName": name, "CustomKeyStoreType": "EXTERNAL_KEY_STORE", "XksProxyConnectivity": "PUBLIC_ENDPOINT",
           "XksProxyUriEndpoint": endpoint, "XksProxyUriPath": path,
           "XksProxyAuthenticationCredential": {"AccessKeyId": akid, "RawSecretAccessKey": PROXY_SECRET}})
}

#[tokio::test]
async fn create_cloudhsm_store_checks_the_cluster() {
    let url = sandbox(world()).await;
    let created = kms(&url, "CreateCustomKeyStore", hsm("hsm-new", "cluster-ddddddddddd")).await.unwrap();
    let id = created["CustomKeyStoreId"].as_str().unwrap();
    assert!(id.len() == 21 && id.starts_with("cks-") && id[4..].chars().all(|c| c.is_ascii_hexdigit()), "{id}");
    let listed = kms(&url, "DescribeCustomKeyStores", json!({"CustomKeyStoreId": id})).await.unwrap();
    let entry = &listed["CustomKeyStores"][0];
    assert_eq!((entry["ConnectionState"].as_str(), entry["CustomKeyStoreType"].as_str()), (Some("DISCONNECTED"), Some("AWS_CLOUDHSM")));
    assert!(entry["CreationDate"].as_f64().unwrap() > 1.7e9);

    assert_eq!(err(kms(&url, "CreateCustomKeyStore", hsm("hsm-new", "cluster-ddddddddddd")).await), "CustomKeyStoreNameInUseException");
    assert_eq!(err(kms(&url, "CreateCustomKeyStore", hsm("other", "cluster-ddddddddddd")).await), "CloudHsmClusterInUseException");
    assert_eq!(err(kms(&url, "CreateCustomKeyStore", hsm("other", "cluster-hhhhhhhhhhh")).await), "CloudHsmClusterInUseException", "related to a used one");
    assert_eq!(err(kms(&url, "CreateCustomKeyStore", hsm("other", "cluster-zzzzzzzzzzz")).await), "CloudHsmClusterNotFoundException");
    assert_eq!(err(kms(&url, "CreateCustomKeyStore", hsm("other", "cluster-fffffffffff")).await), "CloudHsmClusterNotActiveException");
    assert_eq!(err(kms(&url, "CreateCustomKeyStore", hsm("other", "cluster-ggggggggggg")).await), "CloudHsmClusterInvalidConfigurationException");
    let mut wrong_anchor = hsm("other", "cluster-ddddddddddd");
    wrong_anchor["TrustAnchorCertificate"] = json!("not the anchor");
    // The cluster is in use already, which KMS reports first; use a fresh world for the anchor.
    let url2 = sandbox(world()).await;
    assert_eq!(err(kms(&url2, "CreateCustomKeyStore", wrong_anchor).await), "IncorrectTrustAnchorException");
}

#[tokio::test]
async fn create_validates_members_as_the_model_says() {
    let url = sandbox(world()).await;
    let e =
        kms(&url, "CreateCustomKeyStore", json!({"CustomKeyStoreName": "x", "CloudHsmClusterId": "cluster-1", "KeyStorePassword": "short"})).await.unwrap_err();
    assert_eq!((e.status, e.error_type.as_str()), (400, "ValidationException"));
    assert!(e.message.starts_with("3 validation errors detected: "), "{}", e.message);
    assert!(e.message.contains("'cloudHsmClusterId' failed to satisfy constraint: Member must satisfy regular expression pattern"), "{}", e.message);
    assert!(!e.message.contains("short"), "sensitive values are not echoed");
    let e = kms(&url, "CreateCustomKeyStore", json!({"CustomKeyStoreName": "x", "CloudHsmClusterId": "cluster-ddddddddddd"})).await.unwrap_err();
    assert_eq!(e.error_type, "ValidationException");
    assert!(e.message.contains("TrustAnchorCertificate is required"), "{}", e.message);
    let mut mixed = hsm("x", "cluster-ddddddddddd");
    mixed["XksProxyUriPath"] = json!("/kms/xks/v1");
    assert_eq!(err(kms(&url, "CreateCustomKeyStore", mixed).await), "ValidationException");
    let mut vpc_fields_on_public = xks("x", "https://proxy-b.example.com", "/tenant/kms/xks/v1", "BBBBBBBBBBBBBBBBBBBB");
    vpc_fields_on_public["XksProxyVpcEndpointServiceName"] = json!("com.amazonaws.vpce.us-east-1.vpce-svc-0123456789abcdef0");
    assert_eq!(err(kms(&url, "CreateCustomKeyStore", vpc_fields_on_public).await), "ValidationException");
    assert_eq!(err(kms(&url, "CreateCustomKeyStore", json!({"CustomKeyStoreName": 5})).await), "SerializationException");
    let bad_path = xks("x", "https://proxy-b.example.com", "/kms/xks/v100", "BBBBBBBBBBBBBBBBBBBB");
    assert_eq!(err(kms(&url, "CreateCustomKeyStore", bad_path).await), "ValidationException");
}

#[tokio::test]
async fn create_external_store_checks_the_proxy() {
    let url = sandbox(world()).await;
    let created = kms(&url, "CreateCustomKeyStore", xks("xks-new", "https://proxy-b.example.com", "/tenant/kms/xks/v1", "BBBBBBBBBBBBBBBBBBBB")).await.unwrap();
    let id = created["CustomKeyStoreId"].as_str().unwrap().to_owned();
    let listed = kms(&url, "DescribeCustomKeyStores", json!({"CustomKeyStoreName": "xks-new"})).await.unwrap();
    let cfg = &listed["CustomKeyStores"][0]["XksProxyConfiguration"];
    assert_eq!(cfg["AccessKeyId"], "BBBBBBBBBBBBBBBBBBBB");
    assert_eq!(cfg["UriPath"], "/tenant/kms/xks/v1");
    assert!(listed["CustomKeyStores"][0]["CustomKeyStoreId"] == json!(id));

    let cases = [
        (xks("n1", "https://proxy-b.example.com", "/tenant/kms/xks/v1", "BBBBBBBBBBBBBBBBBBBB"), "XksProxyUriInUseException"),
        (xks("n2", "https://nowhere.example.com", "/kms/xks/v1", "BBBBBBBBBBBBBBBBBBBB"), "XksProxyUriUnreachableException"),
        (xks("n3", "https://proxy-bad.example.com", "/other/kms/xks/v1", "CCCCCCCCCCCCCCCCCCCC"), "XksProxyInvalidConfigurationException"),
        (xks("n4", "https://proxy-bad.example.com", "/kms/xks/v1", "ZZZZZZZZZZZZZZZZZZZZ"), "XksProxyIncorrectAuthenticationCredentialException"),
        (xks("n5", "https://proxy-bad.example.com", "/kms/xks/v1", "CCCCCCCCCCCCCCCCCCCC"), "XksProxyInvalidResponseException"),
    ];
    for (input, expected) in cases {
        assert_eq!(err(kms(&url, "CreateCustomKeyStore", input).await), expected);
    }
    let vpc = |name: &str, endpoint: &str, service: &str, akid: &str| {
        let mut v = xks(name, endpoint, "/kms/xks/v1", akid);
        v["XksProxyConnectivity"] = json!("VPC_ENDPOINT_SERVICE");
        v["XksProxyVpcEndpointServiceName"] = json!(service);
        v
    };
    let ok = vpc("vpc-1", "https://proxy-vpc.example.com", "com.amazonaws.vpce.us-east-1.vpce-svc-0123456789abcdef0", "DDDDDDDDDDDDDDDDDDDD");
    kms(&url, "CreateCustomKeyStore", ok.clone()).await.unwrap();
    let mut again = ok.clone();
    again["CustomKeyStoreName"] = json!("vpc-2");
    assert_eq!(err(kms(&url, "CreateCustomKeyStore", again).await), "XksProxyVpcEndpointServiceInUseException");
    let same_endpoint = vpc("vpc-5", "https://proxy-vpc.example.com", "com.amazonaws.vpce.us-east-1.vpce-svc-0fedcba9876543210", "DDDDDDDDDDDDDDDDDDDD");
    assert_eq!(err(kms(&url, "CreateCustomKeyStore", same_endpoint).await), "XksProxyUriEndpointInUseException");
    let unknown = vpc("vpc-3", "https://proxy-vpc.example.com", "com.amazonaws.vpce.us-east-1.vpce-svc-0000000000000000f", "DDDDDDDDDDDDDDDDDDDD");
    assert_eq!(err(kms(&url, "CreateCustomKeyStore", unknown).await), "XksProxyVpcEndpointServiceNotFoundException");
    let invalid = vpc("vpc-4", "https://proxy-vpc-bad.example.com", "com.amazonaws.vpce.us-east-1.vpce-svc-0badbadbadbadbad0", "EEEEEEEEEEEEEEEEEEEE");
    assert_eq!(err(kms(&url, "CreateCustomKeyStore", invalid).await), "XksProxyVpcEndpointServiceInvalidConfigurationException");
}

#[tokio::test]
async fn the_store_limit_is_enforced() {
    let mut seed = world();
    seed.settings.store_limit = 4;
    let url = sandbox(seed).await;
    let e = kms(&url, "CreateCustomKeyStore", hsm("fifth", "cluster-ddddddddddd")).await.unwrap_err();
    assert_eq!(e.error_type, "LimitExceededException");
}

#[tokio::test]
async fn update_follows_the_state_rules_and_repairs_failures() {
    let url = sandbox(world()).await;
    let id = |n: u8| format!("cks-0000000000000000{n}");
    // The name may change in any state, even CONNECTED.
    kms(&url, "UpdateCustomKeyStore", json!({"CustomKeyStoreId": id(3), "NewCustomKeyStoreName": "xks-renamed"})).await.unwrap();
    assert_eq!(
        err(kms(&url, "UpdateCustomKeyStore", json!({"CustomKeyStoreId": id(3), "NewCustomKeyStoreName": "hsm-a"})).await),
        "CustomKeyStoreNameInUseException"
    );
    // An external key store's credential may change while CONNECTED; its endpoint may not.
    let cred = json!({"AccessKeyId": "AAAAAAAAAAAAAAAAAAAA", "RawSecretAccessKey": PROXY_SECRET});
    kms(&url, "UpdateCustomKeyStore", json!({"CustomKeyStoreId": id(3), "XksProxyAuthenticationCredential": cred})).await.unwrap();
    let wrong = json!({"AccessKeyId": "AAAAAAAAAAAAAAAAAAAA", "RawSecretAccessKey": "WrongSecretWrongSecretWrongSecretWrongSecret0"});
    assert_eq!(
        err(kms(&url, "UpdateCustomKeyStore", json!({"CustomKeyStoreId": id(3), "XksProxyAuthenticationCredential": wrong})).await),
        "XksProxyIncorrectAuthenticationCredentialException"
    );
    assert_eq!(
        err(kms(&url, "UpdateCustomKeyStore", json!({"CustomKeyStoreId": id(3), "XksProxyUriEndpoint": "https://proxy-b.example.com"})).await),
        "CustomKeyStoreInvalidStateException"
    );
    // A FAILED store takes a new password only once disconnected.
    let password = json!({"CustomKeyStoreId": id(2), "KeyStorePassword": "newPassword1"});
    assert_eq!(err(kms(&url, "UpdateCustomKeyStore", password.clone()).await), "CustomKeyStoreInvalidStateException");
    assert_eq!(err(kms(&url, "UpdateCustomKeyStore", json!({"CustomKeyStoreId": id(2), "XksProxyUriPath": "/kms/xks/v1"})).await), "ValidationException");
    kms(&url, "DisconnectCustomKeyStore", json!({"CustomKeyStoreId": id(2)})).await.unwrap();
    tokio::time::sleep(Duration::from_millis(150)).await;
    // Before the repair, Connect fails again with the same code; after it, Connect succeeds.
    kms(&url, "ConnectCustomKeyStore", json!({"CustomKeyStoreId": id(2)})).await.unwrap();
    tokio::time::sleep(Duration::from_millis(150)).await;
    assert_eq!(store_state(&url, &id(2)).await, ("FAILED".into(), Some("USER_LOCKED_OUT".into())));
    kms(&url, "DisconnectCustomKeyStore", json!({"CustomKeyStoreId": id(2)})).await.unwrap();
    tokio::time::sleep(Duration::from_millis(150)).await;
    kms(&url, "UpdateCustomKeyStore", password).await.unwrap();
    kms(&url, "ConnectCustomKeyStore", json!({"CustomKeyStoreId": id(2)})).await.unwrap();
    tokio::time::sleep(Duration::from_millis(150)).await;
    assert_eq!(store_state(&url, &id(2)).await, ("CONNECTED".into(), None));

    // A deleted cluster: only a related one (same backup history) may replace it.
    assert_eq!(
        err(kms(&url, "UpdateCustomKeyStore", json!({"CustomKeyStoreId": id(4), "CloudHsmClusterId": "cluster-ddddddddddd"})).await),
        "CloudHsmClusterNotRelatedException"
    );
    assert_eq!(
        err(kms(&url, "UpdateCustomKeyStore", json!({"CustomKeyStoreId": id(4), "CloudHsmClusterId": "cluster-zzzzzzzzzzz"})).await),
        "CloudHsmClusterNotFoundException"
    );
    kms(&url, "UpdateCustomKeyStore", json!({"CustomKeyStoreId": id(4), "CloudHsmClusterId": "cluster-eeeeeeeeeee"})).await.unwrap();
    kms(&url, "ConnectCustomKeyStore", json!({"CustomKeyStoreId": id(4)})).await.unwrap();
    tokio::time::sleep(Duration::from_millis(150)).await;
    assert_eq!(store_state(&url, &id(4)).await, ("CONNECTED".into(), None));

    assert_eq!(err(kms(&url, "UpdateCustomKeyStore", json!({"CustomKeyStoreId": id(1)})).await), "ValidationException");
    assert_eq!(
        err(kms(&url, "UpdateCustomKeyStore", json!({"CustomKeyStoreId": "cks-99999999999999999", "NewCustomKeyStoreName": "x"})).await),
        "CustomKeyStoreNotFoundException"
    );
}

#[tokio::test]
async fn delete_needs_disconnected_and_no_keys() {
    let url = sandbox(world()).await;
    let id = |n: u8| json!({"CustomKeyStoreId": format!("cks-0000000000000000{n}")});
    assert_eq!(err(kms(&url, "DeleteCustomKeyStore", id(3)).await), "CustomKeyStoreInvalidStateException", "CONNECTED");
    let e = kms(&url, "DeleteCustomKeyStore", id(1)).await.unwrap_err();
    assert_eq!(e.error_type, "CustomKeyStoreHasCMKsException");
    kms(&url, "DeleteCustomKeyStore", id(4)).await.unwrap();
    assert_eq!(err(kms(&url, "DescribeCustomKeyStores", id(4)).await), "CustomKeyStoreNotFoundException");
    assert_eq!(err(kms(&url, "DeleteCustomKeyStore", id(4)).await), "CustomKeyStoreNotFoundException");
}

#[tokio::test]
async fn cloudhsm_connect_checks_the_cluster() {
    let url = sandbox(seed_with(json!({"us-east-1": {
        "stores": [
            {"id": "cks-00000000000000001", "name": "no-hsm-fail", "type": "AWS_CLOUDHSM", "cloud_hsm_cluster_id": "cluster-aaaaaaaaaaa", "connect_delay_ms": 50},
            {"id": "cks-00000000000000002", "name": "no-hsm-reject", "type": "AWS_CLOUDHSM", "cloud_hsm_cluster_id": "cluster-bbbbbbbbbbb", "connect_delay_ms": 50},
            {"id": "cks-00000000000000003", "name": "bad-config", "type": "AWS_CLOUDHSM", "cloud_hsm_cluster_id": "cluster-ccccccccccc", "connect_delay_ms": 50}
        ],
        "clusters": [
            {"id": "cluster-aaaaaaaaaaa", "active_hsms": 0},
            {"id": "cluster-bbbbbbbbbbb", "active_hsms": 0, "when_no_hsms": "reject"},
            {"id": "cluster-ccccccccccc", "invalid_configuration": true}
        ]
    }})))
    .await;
    kms(&url, "ConnectCustomKeyStore", json!({"CustomKeyStoreId": "cks-00000000000000001"})).await.unwrap();
    tokio::time::sleep(Duration::from_millis(100)).await;
    assert_eq!(store_state(&url, "cks-00000000000000001").await, ("FAILED".into(), Some("INSUFFICIENT_CLOUDHSM_HSMS".into())));
    assert_eq!(err(kms(&url, "ConnectCustomKeyStore", json!({"CustomKeyStoreId": "cks-00000000000000002"})).await), "CloudHsmClusterNotActiveException");
    assert_eq!(
        err(kms(&url, "ConnectCustomKeyStore", json!({"CustomKeyStoreId": "cks-00000000000000003"})).await),
        "CloudHsmClusterInvalidConfigurationException"
    );
}
