//! The sandbox over real HTTP on loopback, driven by the console's own KMS client (aws-sigv4
//! signing) against the sandbox's independent verifier, plus hand-made bad requests.

mod common;

use cks_console::aws::http::Transport;
use cks_console::kms::{ConnectionErrorCode, ConnectionState, ErrorKind, KmsClient};
use cks_sandbox::seed::Seed;
use common::{client, demo_credentials, sandbox, seed_with, Reqwest};
use serde_json::{json, Value};
use std::collections::BTreeSet;
use std::time::Duration;

/// A seed with quick transitions: one store that connects, one that fails.
fn quick_seed(stores: usize) -> Seed {
    let mut list = vec![
        serde_json::json!({"id": "cks-00000000000000001", "name": "hsm-ok", "type": "AWS_CLOUDHSM", "connect_delay_ms": 400, "disconnect_delay_ms": 200, "cloud_hsm_cluster_id": "cluster-abcdefghijk"}),
        serde_json::json!({"id": "cks-00000000000000002", "name": "xks-bad", "type": "EXTERNAL_KEY_STORE", "connect_delay_ms": 200, "disconnect_delay_ms": 200, "fail_with": "XKS_PROXY_TIMED_OUT"}),
    ];
    for i in list.len()..stores {
        list.push(serde_json::json!({"id": format!("cks-1{i:016x}"), "name": format!("store-{i}"), "type": "AWS_CLOUDHSM", "state": "CONNECTED"}));
    }
    seed_with(serde_json::json!({"us-east-1": {"stores": list}}))
}

fn state_of(stores: &[cks_console::kms::KeyStore], id: &str) -> (ConnectionState, Option<ConnectionErrorCode>) {
    let s = stores.iter().find(|s| s.id() == id).expect("store listed");
    (s.connection_state.clone().unwrap(), s.connection_error_code.clone())
}

#[tokio::test]
async fn signed_requests_are_accepted_and_regions_are_separate() {
    let url = sandbox(Seed::demo()).await;
    let east = client(&url, demo_credentials(), "us-east-1").describe_all().await.unwrap();
    assert_eq!(east.len(), 5);
    assert!(east.iter().any(|s| s.name() == "payments-hsm"));
    let eu = client(&url, demo_credentials(), "eu-west-1").describe_all().await.unwrap();
    assert_eq!(eu.iter().map(|s| s.name()).collect::<Vec<_>>(), ["eu-hsm"]);
    let none = client(&url, demo_credentials(), "ap-south-2").describe_all().await.unwrap();
    assert!(none.is_empty());
}

#[tokio::test]
async fn bad_credentials_get_kms_errors() {
    let url = sandbox(Seed::demo()).await;
    let mut wrong_secret = demo_credentials();
    wrong_secret.secret_access_key.push('x');
    let e = client(&url, wrong_secret, "us-east-1").describe_all().await.unwrap_err();
    assert_eq!((e.code(), e.status), ("InvalidSignatureException", Some(400)));
    assert!(e.request_id.is_some(), "every answer carries x-amzn-RequestId");

    let mut unknown_key = demo_credentials();
    unknown_key.access_key_id = "ASIAUNKNOWNFAKE00000".into();
    let e = client(&url, unknown_key, "us-east-1").describe_all().await.unwrap_err();
    assert_eq!(e.code(), "UnrecognizedClientException");

    let mut no_token = demo_credentials();
    no_token.session_token = None;
    let e = client(&url, no_token, "us-east-1").describe_all().await.unwrap_err();
    assert_eq!(e.code(), "UnrecognizedClientException");

    // Six minutes slow: refused at first, then corrected from the sandbox's Date header.
    let skewed = KmsClient::new(Reqwest { http: reqwest::Client::new(), skew_ms: -6 * 60_000 }, demo_credentials(), "us-east-1", url.as_str());
    assert_eq!(skewed.describe_all().await.unwrap().len(), 5);
}

#[tokio::test]
async fn tampered_requests_are_rejected() {
    let url = sandbox(Seed::demo()).await;
    // Sign a real request, then change the body after signing.
    let mut request = cks_console::kms::operation::build_request(&url, cks_console::kms::operation::Operation::DescribeCustomKeyStores, &serde_json::json!({}));
    let now = Reqwest { http: reqwest::Client::new(), skew_ms: 0 }.now_ms();
    cks_console::aws::sigv4::sign_request(&mut request, &demo_credentials(), "us-east-1", "kms", now).unwrap();
    let send = |body: &'static str, target: &'static str| {
        let mut b = reqwest::Client::new().post(&url).body(body);
        for (k, v) in &request.headers {
            b = b.header(k.as_str(), if k == "x-amz-target" { target } else { v.as_str() });
        }
        b.send()
    };
    let ok = send("{}", "TrentService.DescribeCustomKeyStores").await.unwrap();
    assert_eq!(ok.status(), 200);
    for (body, target) in [("{\"Limit\":1}", "TrentService.DescribeCustomKeyStores"), ("{}", "TrentService.ConnectCustomKeyStore")] {
        let r = send(body, target).await.unwrap();
        assert_eq!(r.status(), 400);
        assert_eq!(r.headers()["x-amzn-errortype"], "InvalidSignatureException");
        let body: serde_json::Value = r.json().await.unwrap();
        assert_eq!(body["__type"], "InvalidSignatureException");
    }
    let unsigned = reqwest::Client::new().post(&url).header("x-amz-target", "TrentService.DescribeCustomKeyStores").body("{}").send().await.unwrap();
    assert_eq!(unsigned.status(), 400);
}

#[tokio::test]
async fn transitions_happen_on_time() {
    let url = sandbox(quick_seed(2)).await;
    let kms = client(&url, demo_credentials(), "us-east-1");
    kms.connect("cks-00000000000000001").await.unwrap();
    kms.connect("cks-00000000000000002").await.unwrap();
    let now = kms.describe_all().await.unwrap();
    assert_eq!(state_of(&now, "cks-00000000000000001").0, ConnectionState::Connecting);
    assert_eq!(state_of(&now, "cks-00000000000000002").0, ConnectionState::Connecting);
    tokio::time::sleep(Duration::from_millis(250)).await;
    let mid = kms.describe_all().await.unwrap();
    assert_eq!(state_of(&mid, "cks-00000000000000001").0, ConnectionState::Connecting, "400 ms delay not over at 250 ms");
    assert_eq!(state_of(&mid, "cks-00000000000000002"), (ConnectionState::Failed, Some(ConnectionErrorCode::XksProxyTimedOut)));
    tokio::time::sleep(Duration::from_millis(250)).await;
    let end = kms.describe_all().await.unwrap();
    assert_eq!(state_of(&end, "cks-00000000000000001"), (ConnectionState::Connected, None));

    // FAILED must be disconnected before it connects again.
    let e = kms.connect("cks-00000000000000002").await.unwrap_err();
    assert_eq!(e.kind, ErrorKind::Service("CustomKeyStoreInvalidStateException".into()));
    kms.disconnect("cks-00000000000000002").await.unwrap();
    let e = kms.disconnect("cks-00000000000000002").await.unwrap_err();
    assert_eq!(e.code(), "CustomKeyStoreInvalidStateException", "not from DISCONNECTING");
    let during = kms.describe_all().await.unwrap();
    assert_eq!(state_of(&during, "cks-00000000000000002"), (ConnectionState::Disconnecting, None));
    tokio::time::sleep(Duration::from_millis(300)).await;
    let after = kms.describe_all().await.unwrap();
    assert_eq!(state_of(&after, "cks-00000000000000002"), (ConnectionState::Disconnected, None));
    assert_eq!(kms.disconnect("cks-00000000000000002").await.unwrap_err().code(), "CustomKeyStoreInvalidStateException");

    let e = kms.connect("cks-ffffffffffffffff0").await.unwrap_err();
    assert_eq!(e.code(), "CustomKeyStoreNotFoundException");
}

#[tokio::test]
async fn pagination_lists_every_store_exactly_once() {
    let url = sandbox(quick_seed(2_500)).await;
    let all = client(&url, demo_credentials(), "us-east-1").describe_all().await.unwrap();
    let ids: BTreeSet<_> = all.iter().map(|s| s.id().to_owned()).collect();
    assert_eq!((all.len(), ids.len()), (2_500, 2_500));

    // Smaller pages by hand, and a marker KMS never gave.
    let kms = client(&url, demo_credentials(), "us-east-1");
    let mut seen = Vec::new();
    let mut marker: Option<String> = None;
    loop {
        let mut input = serde_json::json!({"Limit": 333});
        if let Some(m) = &marker {
            input["Marker"] = serde_json::json!(m);
        }
        let page: serde_json::Value = kms.call(cks_console::kms::operation::Operation::DescribeCustomKeyStores, &input).await.unwrap();
        seen.extend(page["CustomKeyStores"].as_array().unwrap().iter().map(|s| s["CustomKeyStoreId"].as_str().unwrap().to_owned()));
        if page["Truncated"] != true {
            assert!(page.get("NextMarker").is_none());
            break;
        }
        marker = Some(page["NextMarker"].as_str().unwrap().to_owned());
    }
    assert_eq!(seen, all.iter().map(|s| s.id().to_owned()).collect::<Vec<_>>());
    let e = kms
        .call::<serde_json::Value>(cks_console::kms::operation::Operation::DescribeCustomKeyStores, &serde_json::json!({"Marker": "not-a-marker"}))
        .await
        .unwrap_err();
    assert_eq!(e.code(), "InvalidMarkerException");
}

#[tokio::test]
async fn cors_is_answered_as_kms_does() {
    let url = sandbox(Seed::demo()).await;
    let http = reqwest::Client::new();
    let preflight = common::preflight(&url).await;
    assert_eq!(preflight.status(), 200);
    let h = preflight.headers();
    assert_eq!(h["access-control-allow-origin"], "*");
    assert_eq!(h["access-control-allow-headers"], "authorization,content-type,x-amz-date,x-amz-security-token,x-amz-target");
    assert_eq!(h["access-control-allow-methods"], "POST");
    assert_eq!(h["access-control-max-age"], "172800");
    let answer = http.post(&url).body("{}").send().await.unwrap();
    assert_eq!(answer.headers()["access-control-allow-origin"], "*");
    assert_eq!(answer.headers()["access-control-expose-headers"], "x-amzn-RequestId,x-amzn-ErrorType,x-amzn-ErrorMessage,Date");
}

#[tokio::test]
async fn admin_log_and_reset() {
    let url = sandbox(quick_seed(2)).await;
    let kms = client(&url, demo_credentials(), "us-east-1");
    kms.connect("cks-00000000000000001").await.unwrap();
    kms.describe_all().await.unwrap();
    let log: serde_json::Value = reqwest::get(format!("{url}__sandbox/requests")).await.unwrap().json().await.unwrap();
    let ops: Vec<_> = log["requests"].as_array().unwrap().iter().map(|r| r["operation"].as_str().unwrap().to_owned()).collect();
    assert_eq!(ops, ["ConnectCustomKeyStore", "DescribeCustomKeyStores"]);
    let stores: Vec<_> = log["requests"].as_array().unwrap().iter().map(|r| (r["region"].clone(), r["store_id"].clone())).collect();
    assert_eq!(stores, [(json!("us-east-1"), json!("cks-00000000000000001")), (json!("us-east-1"), Value::Null)], "the store each call named");
    let reset = reqwest::Client::new().post(format!("{url}__sandbox/reset")).json(&json!({})).send().await.unwrap();
    assert_eq!(reset.status(), 200);
    let stores = kms.describe_all().await.unwrap();
    assert_eq!(state_of(&stores, "cks-00000000000000001").0, ConnectionState::Disconnected);
}
