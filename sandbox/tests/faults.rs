//! Each injected fault over real HTTP, the skew window moving with the sandbox clock, and the
//! 5-requests-per-second quota.

mod common;

use cks_console::kms::ErrorKind;
use cks_sandbox::faults::Faults;
use common::{admin, client, demo_credentials, kms, sandbox, sandbox_with, seed_with, Reqwest};
use reqwest::Method;
use serde_json::json;
use std::time::{Duration, Instant};

fn one_store() -> cks_sandbox::seed::Seed {
    seed_with(json!({"us-east-1": {"stores": [{"id": "cks-00000000000000001", "name": "a", "type": "EXTERNAL_KEY_STORE"}]}}))
}

async fn inject(url: &str, fault: &str, count: usize) {
    admin(url, Method::POST, "faults", Some(json!({"add": [{"fault": fault, "count": count}]}))).await;
}

#[tokio::test]
async fn each_fault_reaches_the_client_as_the_right_failure() {
    let url = sandbox(one_store()).await;
    let kms_client = client(&url, demo_credentials(), "us-east-1");
    let cases = [
        ("http_500", ErrorKind::Service("KMSInternalException".into()), Some(500)),
        ("http_503", ErrorKind::Service("ServiceUnavailableException".into()), Some(503)),
        ("throttle", ErrorKind::Service("ThrottlingException".into()), Some(400)),
        ("malformed", ErrorKind::Malformed, Some(200)),
        ("html", ErrorKind::Malformed, Some(502)),
        ("truncated", ErrorKind::Network, None),
        ("drop", ErrorKind::Network, None),
    ];
    for (fault, kind, status) in cases {
        // Three in a row outlast the client's three attempts.
        inject(&url, fault, 3).await;
        let e = kms_client.describe_all().await.unwrap_err();
        assert_eq!((&e.kind, e.status), (&kind, status), "{fault}: {e}");
        // Used up: the next request is answered normally.
        assert_eq!(kms_client.describe_all().await.unwrap().len(), 1, "after {fault}");
        // One alone is absorbed by a retry.
        inject(&url, fault, 1).await;
        assert_eq!(kms_client.describe_all().await.unwrap().len(), 1, "{fault} once, then retried");
    }
    let log = admin(&url, Method::GET, "requests", None).await;
    assert_eq!(log["requests"].as_array().unwrap().len(), 7 * (3 + 1 + 2));
}

#[tokio::test]
async fn bursts_flags_and_latency() {
    let mut faults = Faults::default();
    faults.parse_flag("http_503:3").unwrap();
    faults.latency_ms = 200;
    let url = sandbox_with(one_store(), faults).await;
    let started = Instant::now();
    for _ in 0..3 {
        assert_eq!(kms(&url, "DescribeCustomKeyStores", json!({})).await.unwrap_err().status, 503);
    }
    kms(&url, "DescribeCustomKeyStores", json!({})).await.unwrap();
    assert!(started.elapsed() >= Duration::from_millis(800), "4 answers × 200 ms latency");
    let state = admin(&url, Method::DELETE, "faults", None).await;
    assert_eq!(state["latency_ms"], 0);
}

#[tokio::test]
async fn the_skew_window_moves_with_the_sandbox_clock() {
    let url = sandbox(one_store()).await;
    admin(&url, Method::POST, "faults", Some(json!({"clock_offset_seconds": 600}))).await;
    // Our clock is now 10 minutes behind the sandbox's: a request signed by it is refused.
    let e = kms(&url, "DescribeCustomKeyStores", json!({})).await.unwrap_err();
    assert_eq!(e.error_type, "InvalidSignatureException");
    assert!(e.message.starts_with("Signature expired: ") && e.message.ends_with(" - 5 min.)"), "{}", e.message);
    // The console's client reads the sandbox's Date header, corrects its clock and signs again.
    let corrected = client(&url, demo_credentials(), "us-east-1");
    assert_eq!(corrected.describe_all().await.unwrap().len(), 1);
    assert_eq!(corrected.describe_all().await.unwrap().len(), 1, "the correction is kept");
    let log = admin(&url, Method::GET, "requests", None).await;
    let statuses: Vec<u64> = log["requests"].as_array().unwrap().iter().map(|r| r["status"].as_u64().unwrap()).collect();
    assert_eq!(statuses, [400, 400, 200, 200], "one refusal, one corrected retry, then right the first time");
    // Four minutes off is inside the window even without correction.
    admin(&url, Method::POST, "faults", Some(json!({"clock_offset_seconds": 240}))).await;
    kms(&url, "DescribeCustomKeyStores", json!({})).await.unwrap();
}

#[tokio::test]
async fn more_than_five_requests_a_second_are_throttled() {
    let mut seed = one_store();
    seed.settings.throttle_per_second = Some(5);
    let url = sandbox(seed).await;
    let mut outcomes = Vec::new();
    for _ in 0..7 {
        outcomes.push(kms(&url, "DescribeCustomKeyStores", json!({})).await.map_err(|e| e.error_type));
    }
    let throttled = outcomes.iter().filter(|o| matches!(o, Err(t) if t == "ThrottlingException")).count();
    assert!(outcomes[..5].iter().all(Result::is_ok), "{outcomes:?}");
    assert_eq!(throttled, 2, "{outcomes:?}");
    tokio::time::sleep(Duration::from_millis(1100)).await;
    kms(&url, "DescribeCustomKeyStores", json!({})).await.unwrap();
    // Another Region of the same account has its own quota.
    let other = cks_console::kms::KmsClient::new(Reqwest::default(), demo_credentials(), "eu-west-1", url.as_str());
    for _ in 0..5 {
        other.describe_all().await.unwrap();
    }
}

#[tokio::test]
async fn admin_answers_loopback_and_resets_everything() {
    let url = sandbox(one_store()).await;
    kms(&url, "ConnectCustomKeyStore", json!({"CustomKeyStoreId": "cks-00000000000000001"})).await.unwrap();
    inject(&url, "drop", 5).await;
    let state = admin(&url, Method::GET, "state", None).await;
    assert_eq!(state["regions"][0]["stores"][0]["state"], "CONNECTING");
    admin(&url, Method::POST, "reset", None).await;
    assert_eq!(admin(&url, Method::GET, "faults", None).await["queue"], json!([]));
    let state = admin(&url, Method::GET, "state", None).await;
    assert_eq!(state["regions"][0]["stores"][0]["state"], "DISCONNECTED");
    assert_eq!(admin(&url, Method::GET, "requests", None).await["requests"], json!([]));
}

#[tokio::test]
async fn a_web_page_cannot_change_the_sandbox() {
    let url = sandbox(one_store()).await;
    let http = reqwest::Client::new();
    // What a page on another origin can send without a preflight: a text/plain POST.
    let simple = http
        .post(format!("{url}__sandbox/faults"))
        .header("content-type", "text/plain")
        .header("origin", "http://127.0.0.1:1234")
        .body(r#"{"add": [{"fault": "http_500", "count": 9}]}"#)
        .send()
        .await
        .unwrap();
    assert_eq!(simple.status(), 403);
    assert!(simple.headers().get("access-control-allow-origin").is_none());
    let preflight = http
        .request(Method::OPTIONS, format!("{url}__sandbox/faults"))
        .header("origin", "http://127.0.0.1:1234")
        .header("access-control-request-method", "POST")
        .header("access-control-request-headers", "content-type")
        .send()
        .await
        .unwrap();
    assert_eq!(preflight.status(), 403, "no preflight is answered on admin paths");
    assert!(preflight.headers().get("access-control-allow-origin").is_none());
    assert_eq!(admin(&url, Method::GET, "faults", None).await["queue"], json!([]), "nothing was queued");
}
