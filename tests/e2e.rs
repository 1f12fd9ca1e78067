//! End to end in Debian's headless Chromium: the release bundle (dist/) served on one loopback
//! port, the sandbox on another, driven through chromedriver as a user would drive it.
//! Run by `cargo xtask test`, which builds dist/ first and sets CKS_DIST.

mod browser;

use browser::Browser;
use cks_sandbox::seed::{self, Seed};
use serde_json::json;
use std::time::Duration;

fn seed(stores: serde_json::Value) -> Seed {
    serde_json::from_value(json!({"settings": {"throttle_per_second": 5}, "accounts": [{
        "account_id": "111122223333",
        "credentials": [{"access_key_id": seed::DEMO_ACCESS_KEY_ID, "secret_access_key": seed::DEMO_SECRET_ACCESS_KEY, "session_token": seed::DEMO_SESSION_TOKEN}],
        "regions": {"us-east-1": {"stores": stores}}
    }]}))
    .unwrap()
}

fn two_stores() -> Seed {
    seed(json!([
        {"id": "cks-00000000000000001", "name": "payments-hsm", "type": "AWS_CLOUDHSM", "connect_delay_ms": 2500, "disconnect_delay_ms": 1500,
         "cloud_hsm_cluster_id": "cluster-abcdefghijk"},
        {"id": "cks-00000000000000002", "name": "partner-xks", "type": "EXTERNAL_KEY_STORE", "connect_delay_ms": 2000, "disconnect_delay_ms": 1500,
         "fail_with": "XKS_PROXY_NOT_REACHABLE",
         "xks_proxy": {"connectivity": "PUBLIC_ENDPOINT", "access_key_id": "SANDBOXFAKEXKSKEY234567", "uri_endpoint": "https://xks.example.com", "uri_path": "/kms/xks/v1"}},
        {"id": "cks-00000000000000003", "name": "vpc-xks", "type": "EXTERNAL_KEY_STORE", "state": "CONNECTED"}
    ]))
}

#[tokio::test]
async fn connect_a_store_and_watch_it_become_connected_then_disconnect() {
    let b = Browser::start(two_stores()).await;
    let page = b.signed_in().await;
    assert!(!page.current_url().await.contains("sandbox/demo/secret"), "credentials never reach the URL");

    assert_eq!(page.state_of("payments-hsm").await, "DISCONNECTED");
    assert!(page.button_enabled("payments-hsm", "Connect").await);
    assert!(!page.button_enabled("payments-hsm", "Disconnect").await, "Disconnect is not offered from DISCONNECTED");
    assert!(!page.button_enabled("vpc-xks", "Connect").await, "Connect is not offered from CONNECTED");
    assert!(page.button_enabled("vpc-xks", "Disconnect").await);

    let before = b.sandbox_count("ConnectCustomKeyStore").await;
    page.press("payments-hsm", "Connect").await;
    page.wait_for_state("payments-hsm", "CONNECTING", Duration::from_secs(5)).await;
    assert!(!page.button_enabled("payments-hsm", "Connect").await, "the button locks while connecting");
    page.wait_for_state("payments-hsm", "CONNECTED", Duration::from_secs(15)).await;
    assert_eq!(b.sandbox_count("ConnectCustomKeyStore").await, before + 1, "one call per press");
    assert!(page.live_text().await.contains("payments-hsm is CONNECTED"));

    // Nothing is in transition now: polling must stop.
    let describes = b.sandbox_count("DescribeCustomKeyStores").await;
    tokio::time::sleep(Duration::from_secs(6)).await;
    assert_eq!(b.sandbox_count("DescribeCustomKeyStores").await, describes, "no polling while nothing moves");

    page.press("payments-hsm", "Disconnect").await;
    page.wait_for_state("payments-hsm", "DISCONNECTING", Duration::from_secs(5)).await;
    page.wait_for_state("payments-hsm", "DISCONNECTED", Duration::from_secs(15)).await;
    assert!(page.button_enabled("payments-hsm", "Connect").await);
    b.finish().await;
}

#[tokio::test]
async fn a_failing_store_ends_failed_with_its_guidance_and_the_way_back() {
    let b = Browser::start(two_stores()).await;
    let page = b.signed_in().await;
    page.press("partner-xks", "Connect").await;
    page.wait_for_state("partner-xks", "FAILED", Duration::from_secs(15)).await;
    assert_eq!(page.cell("partner-xks", 4).await, "XKS_PROXY_NOT_REACHABLE");

    // The guide opens by itself when a watched store fails.
    let guide = page.wait_text("section.guidance", Duration::from_secs(5)).await;
    assert!(guide.contains("Troubleshooting partner-xks: XKS_PROXY_NOT_REACHABLE"), "{guide}");
    assert!(guide.contains("KMS cannot communicate with the proxy"), "{guide}");
    assert!(page.guide_button_enabled("Disconnect").await, "FAILED: Disconnect first");
    assert!(!page.guide_button_enabled("Connect").await);
    assert!(!page.button_enabled("partner-xks", "Connect").await);

    page.press_in_guide("Disconnect").await;
    page.wait_for_state("partner-xks", "DISCONNECTED", Duration::from_secs(15)).await;
    assert!(page.guide_button_enabled("Connect").await, "the guide's next step is enabled once disconnected");
    page.save_screenshot("guide-after-disconnect").await;
    b.finish().await;
}

#[tokio::test]
async fn kms_errors_are_readable_and_the_table_stays() {
    let b = Browser::start(two_stores()).await;
    let page = b.signed_in().await;
    assert_eq!(page.state_of("vpc-xks").await, "CONNECTED");
    // Someone else disconnects the store behind the console's back; the console's Disconnect then
    // meets KMS's state rule.
    b.kms_call("DisconnectCustomKeyStore", json!({"CustomKeyStoreId": "cks-00000000000000003"})).await;
    page.press("vpc-xks", "Disconnect").await;
    let banner = page.wait_text("[role=alert]", Duration::from_secs(5)).await;
    assert!(banner.contains("Disconnecting vpc-xks failed"), "{banner}");
    assert!(banner.contains("CustomKeyStoreInvalidStateException"), "{banner}");
    assert!(banner.contains("Request ID"), "{banner}");
    assert_eq!(page.row_count().await, 3, "the table stays");

    page.sign_out().await;
    let page = b.sign_in(seed::DEMO_ACCESS_KEY_ID, "wrong-secret-FAKE", seed::DEMO_SESSION_TOKEN, None).await;
    let banner = page.wait_text("[role=alert]", Duration::from_secs(5)).await;
    assert!(banner.contains("InvalidSignatureException"), "{banner}");

    page.sign_out().await;
    let page = b.sign_in(seed::DEMO_ACCESS_KEY_ID, seed::DEMO_SECRET_ACCESS_KEY, seed::DEMO_SESSION_TOKEN, Some("http://127.0.0.1:9")).await;
    let banner = page.wait_text("[role=alert]", Duration::from_secs(10)).await;
    assert!(banner.contains("NetworkError"), "{banner}");
    b.finish().await;
}

#[tokio::test]
async fn sign_out_stops_polling_and_forgets_the_session() {
    let b = Browser::start(two_stores()).await;
    let page = b.signed_in().await;
    page.press("payments-hsm", "Connect").await;
    page.wait_for_state("payments-hsm", "CONNECTING", Duration::from_secs(5)).await;
    page.sign_out().await;
    let describes = b.sandbox_count("DescribeCustomKeyStores").await;
    tokio::time::sleep(Duration::from_secs(5)).await;
    assert_eq!(b.sandbox_count("DescribeCustomKeyStores").await, describes, "no polling after sign-out");
    assert_eq!(page.field_value("Secret access key").await, "", "a new sign-in starts empty");
    assert_eq!(page.row_count().await, 0);
    b.finish().await;
}

#[tokio::test]
async fn sign_in_names_the_field_at_fault_and_keeps_what_was_typed() {
    let b = Browser::start(two_stores()).await;
    let page = b.open().await;
    page.fill("Access key ID", "ASIA-not valid").await;
    page.fill("Secret access key", "typed-secret-FAKE").await;
    page.submit().await;
    let problem = page.wait_text("[role=alert]", Duration::from_secs(5)).await;
    assert!(problem.contains("Access key ID"), "{problem}");
    assert_eq!(page.field_value("Secret access key").await, "typed-secret-FAKE", "nothing typed is cleared");

    page.fill("Access key ID", "").await;
    page.fill("Access key ID", seed::DEMO_ACCESS_KEY_ID).await;
    page.fill("Endpoint URL (optional)", "").await;
    page.fill("Endpoint URL (optional)", "http://kms.example.com").await;
    page.submit().await;
    let problem = page.wait_text("[role=alert]", Duration::from_secs(5)).await;
    assert!(problem.starts_with("Endpoint URL"), "{problem}");
    b.finish().await;
}
