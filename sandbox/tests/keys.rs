//! KMS ListKeys and DescribeKey over HTTP: counting a store's keys as AWS documents (list all,
//! describe each, group by CustomKeyStoreId), their quota apart from the store operations', and
//! their refusals. Every answer is checked against the KMS model by `common::kms`.

mod common;

use cks_sandbox::seed::Seed;
use common::{kms, kms_as, logged, raw_call, sandbox, KMS};
use serde_json::{json, Value};
use std::collections::BTreeMap;

fn demo() -> Seed {
    let mut seed = Seed::demo();
    seed.settings.throttle_per_second = None;
    seed
}

/// Every key id, following the markers with pages of `limit`.
async fn list_all(url: &str, region: &str, limit: u32) -> Vec<String> {
    let mut ids = Vec::new();
    let mut marker: Option<String> = None;
    loop {
        let mut input = json!({"Limit": limit});
        if let Some(m) = marker.take() {
            input["Marker"] = json!(m);
        }
        let page = kms_as(url, &common::demo_credentials(), region, "ListKeys", input).await.unwrap();
        let keys = page["Keys"].as_array().unwrap();
        assert!(keys.len() <= limit as usize);
        ids.extend(keys.iter().map(|k| {
            assert!(k["KeyArn"].as_str().unwrap().ends_with(&format!(":key/{}", k["KeyId"].as_str().unwrap())));
            k["KeyId"].as_str().unwrap().to_owned()
        }));
        match (page["Truncated"].as_bool(), page["NextMarker"].as_str()) {
            (Some(true), Some(m)) => marker = Some(m.to_owned()),
            (Some(false), None) => return ids,
            other => panic!("Truncated and NextMarker disagree: {other:?}"),
        }
    }
}

async fn describe(url: &str, key: &str) -> Value {
    kms(url, "DescribeKey", json!({"KeyId": key})).await.unwrap()["KeyMetadata"].clone()
}

#[tokio::test]
async fn counting_a_stores_keys_as_aws_documents() {
    let url = sandbox(demo()).await;
    let ids = list_all(&url, "us-east-1", 3).await;
    assert_eq!(ids.len(), 8, "3 + 1 + 2 in stores, 2 ordinary");
    assert_eq!(list_all(&url, "us-east-1", 1000).await, ids, "pages do not change the list");
    let mut by_store: BTreeMap<String, Vec<Value>> = BTreeMap::new();
    for id in &ids {
        let key = describe(&url, id).await;
        assert_eq!(key["KeyId"], id.as_str());
        assert_eq!(
            (key["AWSAccountId"].as_str(), key["KeyManager"].as_str(), key["KeySpec"].as_str()),
            (Some("111122223333"), Some("CUSTOMER"), Some("SYMMETRIC_DEFAULT"))
        );
        by_store.entry(key["CustomKeyStoreId"].as_str().unwrap_or("none").to_owned()).or_default().push(key);
    }
    let count = |store: &str| by_store.get(store).map_or(0, Vec::len);
    assert_eq!((count("cks-1a2b3c4d5e6f70001"), count("cks-1a2b3c4d5e6f70003"), count("cks-1a2b3c4d5e6f70004"), count("cks-1a2b3c4d5e6f70002")), (3, 1, 2, 0));
    let ordinary = &by_store["none"];
    assert_eq!(ordinary.len(), 2);
    assert!(ordinary.iter().all(|k| k["Origin"] == "AWS_KMS" && k["KeyState"] == "Enabled" && k["Enabled"] == true));
    for key in &by_store["cks-1a2b3c4d5e6f70001"] {
        assert_eq!((key["Origin"].as_str(), key["CloudHsmClusterId"].as_str()), (Some("AWS_CLOUDHSM"), Some("cluster-7abcdefghij")));
        // payments-hsm is DISCONNECTED: its keys cannot be used.
        assert_eq!((key["KeyState"].as_str(), key["Enabled"].as_bool()), (Some("Unavailable"), Some(false)));
    }
    for key in &by_store["cks-1a2b3c4d5e6f70004"] {
        assert_eq!((key["Origin"].as_str(), key["KeyState"].as_str()), (Some("EXTERNAL_KEY_STORE"), Some("Enabled")));
        assert!(key["XksKeyConfiguration"]["Id"].as_str().is_some_and(|id| !id.is_empty()));
    }
    // The same seed, the same key ids.
    let again = sandbox(demo()).await;
    assert_eq!(list_all(&again, "us-east-1", 1000).await, ids);
    // A Region with stores has its two ordinary keys; one without has none.
    assert_eq!(list_all(&url, "eu-west-1", 100).await.len(), 2);
    assert!(list_all(&url, "ap-south-2", 100).await.is_empty());
    // The log names the described key's store.
    let last = logged(&url, "DescribeKey").await.pop().unwrap();
    assert_eq!(last["service"], "kms");
}

#[tokio::test]
async fn describe_key_takes_an_id_or_an_arn() {
    let url = sandbox(demo()).await;
    let id = list_all(&url, "us-east-1", 100).await.remove(0);
    let key = describe(&url, &id).await;
    let arn = key["Arn"].as_str().unwrap().to_owned();
    assert_eq!(arn, format!("arn:aws:kms:us-east-1:111122223333:key/{id}"));
    assert_eq!(describe(&url, &arn).await, key);
    let logged_store = logged(&url, "DescribeKey").await.pop().unwrap()["store_id"].clone();
    assert_eq!(logged_store, key.get("CustomKeyStoreId").cloned().unwrap_or(Value::Null));
    for missing in
        ["00000000-0000-4000-8000-000000000000", "arn:aws:kms:eu-west-1:111122223333:key/00000000-0000-4000-8000-000000000000", "alias/payments", "nonsense"]
    {
        let e = kms(&url, "DescribeKey", json!({"KeyId": missing})).await.unwrap_err();
        assert_eq!((e.status, e.error_type.as_str()), (400, "NotFoundException"), "{missing}");
    }
    // Another Region's key is not found here.
    let eu = list_all(&url, "eu-west-1", 100).await;
    assert_eq!(kms(&url, "DescribeKey", json!({"KeyId": eu[0]})).await.unwrap_err().error_type, "NotFoundException");
}

#[tokio::test]
async fn validation_markers_and_a_new_store_without_keys() {
    let url = sandbox(demo()).await;
    let e = kms(&url, "ListKeys", json!({"Limit": 1001})).await.unwrap_err();
    assert_eq!(e.error_type, "ValidationException");
    assert!(e.message.contains("'limit' failed to satisfy constraint: Member must have value less than or equal to 1000"), "{}", e.message);
    assert_eq!(kms(&url, "ListKeys", json!({"Marker": "gone"})).await.unwrap_err().error_type, "InvalidMarkerException");
    assert_eq!(kms(&url, "DescribeKey", json!({})).await.unwrap_err().error_type, "ValidationException");
    let before = list_all(&url, "us-east-1", 100).await;
    kms(
        &url,
        "CreateCustomKeyStore",
        json!({"CustomKeyStoreName": "fresh", "CustomKeyStoreType": "EXTERNAL_KEY_STORE",
        "XksProxyConnectivity": "PUBLIC_ENDPOINT", "XksProxyUriEndpoint": "https://new-proxy.example.com", "XksProxyUriPath": "/kms/xks/v1",
        "XksProxyAuthenticationCredential": {"AccessKeyId": "SANDBOXFAKEXKSKEYNEW222", "RawSecretAccessKey": "SandboxFakeXksSecretForNewStoresOnly000000ab"}}),
    )
    .await
    .unwrap();
    assert_eq!(list_all(&url, "us-east-1", 100).await, before, "a new store holds no keys");
}

#[tokio::test]
async fn keys_have_their_own_quota_and_are_on_the_deny_list() {
    let mut seed = Seed::demo();
    seed.settings.throttle_per_second = Some(5);
    let url = sandbox(seed).await;
    let id = kms(&url, "ListKeys", json!({})).await.unwrap()["Keys"][0]["KeyId"].as_str().unwrap().to_owned();
    for _ in 0..12 {
        kms(&url, "ListKeys", json!({})).await.unwrap();
        kms(&url, "DescribeKey", json!({"KeyId": id})).await.unwrap();
    }
    // None of that used the custom key store quota.
    for _ in 0..5 {
        kms(&url, "DescribeCustomKeyStores", json!({})).await.unwrap();
    }
    assert_eq!(kms(&url, "DescribeCustomKeyStores", json!({})).await.unwrap_err().error_type, "ThrottlingException");

    let mut seed = demo();
    seed.accounts[0].deny = vec!["kms:ListKeys".into(), "kms:DescribeKey".into()];
    let url = sandbox(seed).await;
    for (operation, input) in [("ListKeys", json!({})), ("DescribeKey", json!({"KeyId": id}))] {
        let e = kms(&url, operation, input).await.unwrap_err();
        assert_eq!((e.status, e.error_type.as_str()), (400, "AccessDeniedException"));
        assert!(
            e.message.contains(&format!("is not authorized to perform: kms:{operation} on resource: arn:aws:kms:us-east-1:111122223333:*")),
            "{}",
            e.message
        );
    }
    // Signed for another service.
    let response = raw_call(&url, &common::demo_credentials(), "us-east-1", KMS, "monitoring", "ListKeys", &json!({})).await;
    assert_eq!(response.status, 400);
    assert!(response.body.contains("InvalidSignatureException") && response.body.contains("'kms'"), "{}", response.body);
}
