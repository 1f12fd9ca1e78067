//! Issue «Key store operations, live progress and troubleshooting», end to end in Chromium against
//! the sandbox: every failure code's guide and the guided path back to CONNECTED, every action on
//! both store types, the table's view in the URL, and the polling rules counted from the
//! sandbox's request log.

use crate::browser;

use browser::{demo_account, Browser};
use cks_sandbox::seed::{self, Seed};
use serde_json::{json, Value};
use std::time::Duration;

fn account(regions: Value) -> Seed {
    demo_account(None, regions)
}

const PROXY_SECRET: &str = "SandboxFakeXksSecretNotRealAtAll0123456789ab";
const CLOUDHSM_CODES: [&str; 10] = [
    "INVALID_CREDENTIALS",
    "CLUSTER_NOT_FOUND",
    "NETWORK_ERRORS",
    "INTERNAL_ERROR",
    "INSUFFICIENT_CLOUDHSM_HSMS",
    "USER_LOCKED_OUT",
    "USER_NOT_FOUND",
    "USER_LOGGED_IN",
    "SUBNET_NOT_FOUND",
    "INSUFFICIENT_FREE_ADDRESSES_IN_SUBNET",
];
const XKS_CODES: [&str; 9] = [
    "INVALID_CREDENTIALS",
    "XKS_PROXY_ACCESS_DENIED",
    "XKS_PROXY_NOT_REACHABLE",
    "XKS_VPC_ENDPOINT_SERVICE_NOT_FOUND",
    "XKS_PROXY_INVALID_RESPONSE",
    "XKS_PROXY_INVALID_CONFIGURATION",
    "XKS_VPC_ENDPOINT_SERVICE_INVALID_CONFIGURATION",
    "XKS_PROXY_TIMED_OUT",
    "XKS_PROXY_INVALID_TLS_CONFIGURATION",
];

/// (store kind, failure code, the fix's (label, value) inputs).
type Repair = (&'static str, &'static str, &'static [(&'static str, &'static str)]);

fn store_name(kind: &str, code: &str) -> String {
    format!("{kind}-{}", code.to_lowercase().replace('_', "-"))
}

/// One store per (type, code), already FAILED with it. INTERNAL_ERROR is transient (the next
/// Connect works); the others keep failing until the update that removes their cause.
fn failing_world() -> Seed {
    let mut stores = vec![];
    let mut n = 0;
    for code in CLOUDHSM_CODES {
        n += 1;
        let sticky = if code == "INTERNAL_ERROR" { Value::Null } else { json!(code) };
        stores.push(json!({"id": format!("cks-1000000000000{n:04}"), "name": store_name("hsm", code), "type": "AWS_CLOUDHSM",
            "state": "FAILED", "connection_error_code": code, "fail_with": sticky, "connect_delay_ms": 600, "disconnect_delay_ms": 300,
            "cloud_hsm_cluster_id": format!("cluster-{}", "abcdefghijklmnopqrst".chars().nth(n).unwrap().to_string().repeat(11))}));
    }
    for code in XKS_CODES {
        n += 1;
        let path = if code == "XKS_PROXY_INVALID_CONFIGURATION" { "/wrong/kms/xks/v1" } else { "/kms/xks/v1" };
        stores.push(json!({"id": format!("cks-1000000000000{n:04}"), "name": store_name("xks", code), "type": "EXTERNAL_KEY_STORE",
            "state": "FAILED", "connection_error_code": code, "fail_with": code, "connect_delay_ms": 600, "disconnect_delay_ms": 300,
            "xks_proxy": {"connectivity": "PUBLIC_ENDPOINT", "access_key_id": "OLDKEYOLDKEYOLDKEY22", "uri_endpoint": format!("https://proxy{n}.example.com"), "uri_path": path}}));
    }
    let proxies: Vec<Value> = (11..=19)
        .map(|n| json!({"uri_endpoint": format!("https://proxy{n}.example.com"), "uri_path": "/kms/xks/v1", "access_key_id": "NEWKEYNEWKEYNEWKEY22", "secret_access_key": PROXY_SECRET}))
        .collect();
    // The cluster restored from CLUSTER_NOT_FOUND's backup.
    let clusters = json!([{"id": "cluster-zzzzzzzzzzz", "lineage": "cluster-ccccccccccc"}]);
    account(json!({"us-east-1": {"stores": stores, "xks_proxies": proxies, "clusters": clusters}}))
}

#[tokio::test]
async fn every_failure_code_has_its_guide_and_the_repairable_ones_reach_connected() {
    let b = Browser::start(failing_world()).await;
    // All 19 on one page (the table shows 10 a page unless asked for more).
    let page = b.sign_in_at(&format!("endpoint={}&rows=25", b.kms_url.trim_end_matches('/'))).await;
    page.wait_until(Duration::from_secs(10), || async { page.row_count().await == 19 }).await;
    for (kind, codes) in [("hsm", &CLOUDHSM_CODES[..]), ("xks", &XKS_CODES[..])] {
        for code in codes {
            let name = store_name(kind, code);
            page.press(&name, "Troubleshoot").await;
            let guide = page.wait_text("section.guidance", Duration::from_secs(5)).await;
            assert!(guide.contains(&format!("Troubleshooting {name}: {code}")), "{guide}");
            assert!(!guide.contains("unexpected"), "{name}: a code of its own type gets specific guidance: {guide}");
            assert!(guide.contains("AWS KMS Developer Guide: troubleshooting"));
            assert!(page.guide_button_enabled("Disconnect").await, "{name}: FAILED, so Disconnect first");
            assert!(!page.guide_button_enabled("Connect").await, "{name}: Connect only after Disconnect");
        }
    }

    // The guided path: Disconnect, the fix in place, Connect, CONNECTED.
    let repairs: [Repair; 7] = [
        ("hsm", "INVALID_CREDENTIALS", &[("New kmsuser password", "newKmsuserPass1")]),
        ("hsm", "USER_LOCKED_OUT", &[("New kmsuser password", "newKmsuserPass2")]),
        ("hsm", "USER_NOT_FOUND", &[("New kmsuser password", "newKmsuserPass3")]),
        ("hsm", "CLUSTER_NOT_FOUND", &[("Related cluster ID", "cluster-zzzzzzzzzzz")]),
        ("hsm", "INTERNAL_ERROR", &[]),
        ("xks", "INVALID_CREDENTIALS", &[("New proxy access key ID", "NEWKEYNEWKEYNEWKEY22"), ("New proxy secret access key", PROXY_SECRET)]),
        ("xks", "XKS_PROXY_INVALID_CONFIGURATION", &[("New proxy URI path", "/kms/xks/v1")]),
    ];
    for (kind, code, fix) in repairs {
        let name = store_name(kind, code);
        page.press(&name, "Troubleshoot").await;
        page.wait_text("section.guidance", Duration::from_secs(5)).await;
        page.press_in_guide("Disconnect").await;
        page.wait_for_state(&name, "DISCONNECTED", Duration::from_secs(10)).await;
        if !fix.is_empty() {
            for (label, value) in fix {
                page.fill(label, value).await;
            }
            let button = page.text("section.guidance .setting button").await;
            page.click_in("section.guidance .setting", &button).await;
            page.wait_until(Duration::from_secs(5), || async { page.text("section.guidance [role=status], .live").await.contains(": done.") }).await;
        }
        page.press_in_guide("Connect").await;
        page.wait_for_state(&name, "CONNECTED", Duration::from_secs(15)).await;
    }
    b.finish().await;
}

const ANCHOR: &str = "-----BEGIN CERTIFICATE-----\naGVsbG8=\n-----END CERTIFICATE-----";

fn lifecycle_world() -> Seed {
    account(json!({"us-east-1": {
        "stores": [
            {"id": "cks-20000000000000001", "name": "holds-keys", "type": "AWS_CLOUDHSM", "cloud_hsm_cluster_id": "cluster-aaaaaaaaaaa", "key_count": 2},
            {"id": "cks-20000000000000002", "name": "live-xks", "type": "EXTERNAL_KEY_STORE", "state": "CONNECTED",
             "xks_proxy": {"connectivity": "PUBLIC_ENDPOINT", "access_key_id": "OLDKEYOLDKEYOLDKEY22", "uri_endpoint": "https://live.example.com", "uri_path": "/kms/xks/v1"}}
        ],
        "clusters": [{"id": "cluster-bbbbbbbbbbb", "trust_anchor_certificate": ANCHOR}],
        "xks_proxies": [
            {"uri_endpoint": "https://live.example.com", "uri_path": "/kms/xks/v1", "access_key_id": "NEWKEYNEWKEYNEWKEY22", "secret_access_key": PROXY_SECRET},
            {"uri_endpoint": "https://fresh.example.com", "uri_path": "/tenant/kms/xks/v1", "access_key_id": "FRESHKEYFRESHKEY2222", "secret_access_key": PROXY_SECRET}
        ]
    }}))
}

#[tokio::test]
async fn create_edit_connect_disconnect_and_delete_both_types() {
    let b = Browser::start(lifecycle_world()).await;
    // The validation and state errors the test provokes.
    b.expect_console_errors(&["status of 400"]);
    let page = b.signed_in().await;

    // CloudHSM: typed, checked as typed.
    page.click_button("Create key store").await;
    page.fill("Name", "new-hsm").await;
    page.fill("CloudHSM cluster ID", "cluster-1").await;
    let problem = page.wait_text("section.create .problem", Duration::from_secs(5)).await;
    assert!(problem.starts_with("CloudHSM cluster ID must be 19 to 24 characters"), "{problem}");
    page.fill("CloudHSM cluster ID", "").await;
    page.fill("CloudHSM cluster ID", "cluster-bbbbbbbbbbb").await;
    page.fill("Trust anchor certificate (customerCA.crt)", ANCHOR).await;
    page.fill("kmsuser password", "kmsPswd1").await;
    page.click_in("section.create", "Create key store").await;
    let details = page.wait_text("section.details", Duration::from_secs(10)).await;
    assert!(details.contains("Details of new-hsm") && details.contains("cluster-bbbbbbbbbbb"), "{details}");
    assert!(details.contains("SHA-256 2C:F2:4D:BA"), "the trust anchor's fingerprint: {details}");
    page.save_screenshot("details-new-hsm").await;
    page.wait_for_state("new-hsm", "DISCONNECTED", Duration::from_secs(5)).await;

    // Rename it, then connect and disconnect it.
    page.click_in("section.details", "Edit settings").await;
    page.fill("New name", "renamed-hsm").await;
    page.click_in("section.details", "Update the name").await;
    page.wait_for_state("renamed-hsm", "DISCONNECTED", Duration::from_secs(10)).await;
    let dialog = {
        page.press("renamed-hsm", "Connect").await;
        page.confirm("Connect").await
    };
    assert!(dialog.contains("up to 20 minutes"), "the confirmation says how long: {dialog}");
    page.save_screenshot("connecting-renamed-hsm").await;
    page.wait_for_state("renamed-hsm", "CONNECTED", Duration::from_secs(30)).await;
    let dialog = {
        page.press("renamed-hsm", "Disconnect").await;
        page.confirm("Disconnect").await
    };
    assert!(dialog.contains("cannot be used"), "{dialog}");
    page.wait_for_state("renamed-hsm", "DISCONNECTED", Duration::from_secs(15)).await;

    // External key store from an uploaded proxy configuration file.
    let file = std::env::temp_dir().join(format!("cks-proxy-{}.json", std::process::id()));
    std::fs::write(&file, json!({"XksProxyUriEndpoint": "https://fresh.example.com", "XksProxyUriPath": "/tenant/kms/xks/v1",
        "XksProxyConnectivity": "PUBLIC_ENDPOINT", "XksProxyAuthenticationCredential": {"AccessKeyId": "FRESHKEYFRESHKEY2222", "RawSecretAccessKey": PROXY_SECRET}}).to_string()).unwrap();
    page.click_button("Create key store").await;
    b.check("External key store").await;
    page.labelled("Proxy configuration file (JSON, optional)").await.send_keys(file.to_str().unwrap()).await.unwrap();
    page.wait_until(Duration::from_secs(5), || async { page.field_value("Proxy URI path").await == "/tenant/kms/xks/v1" }).await;
    page.fill("Name", "new-xks").await;
    page.click_in("section.create", "Create key store").await;
    let details = page.wait_text("section.details", Duration::from_secs(10)).await;
    assert!(details.contains("Details of new-xks") && details.contains("https://fresh.example.com") && details.contains("FRESHKEYFRESHKEY2222"), "{details}");

    // A connected external key store takes a new credential live; its endpoint waits for DISCONNECTED.
    page.press("live-xks", "Details").await;
    page.wait_until(Duration::from_secs(5), || async { page.text("section.details h3").await == "Details of live-xks" }).await;
    page.wait_until(Duration::from_secs(2), || async { page.focused_text().await == "Details of live-xks" }).await;
    page.click_in("section.details", "Edit settings").await;
    let endpoint_hint = page.text("section.details [data-setting=XksUriEndpoint] .hint").await;
    assert!(endpoint_hint.contains("DISCONNECTED"), "{endpoint_hint}");
    page.fill("New proxy access key ID", "NEWKEYNEWKEYNEWKEY22").await;
    page.fill("New proxy secret access key", PROXY_SECRET).await;
    page.click_in("section.details", "Update the proxy credential").await;
    page.wait_until(Duration::from_secs(10), || async { page.text("section.details").await.contains("NEWKEYNEWKEYNEWKEY22") }).await;

    // Delete: the name must be typed; a store with keys is refused and the reason explained.
    page.press("holds-keys", "Details").await;
    page.wait_until(Duration::from_secs(5), || async { page.text("section.details h3").await == "Details of holds-keys" }).await;
    page.fill("Type holds-keys to confirm", "holds-keys").await;
    page.click_in("section.details", "Delete this key store").await;
    let banner = page.wait_text(".banner", Duration::from_secs(5)).await;
    assert!(banner.contains("CustomKeyStoreHasCMKsException") && banner.contains("Schedule the deletion of every key"), "{banner}");
    page.click_in(".banner", "Dismiss").await;
    page.press("renamed-hsm", "Details").await;
    page.wait_until(Duration::from_secs(5), || async { page.text("section.details h3").await == "Details of renamed-hsm" }).await;
    page.fill("Type renamed-hsm to confirm", "renamed-hsm").await;
    page.click_in("section.details", "Delete this key store").await;
    page.wait_until(Duration::from_secs(10), || async { page.state_of("renamed-hsm").await.is_empty() }).await;
    assert_eq!(page.row_count().await, 3);
    let _ = std::fs::remove_file(file);
    b.finish().await;
}

#[tokio::test]
async fn the_tables_filter_and_sort_live_in_the_url() {
    let b = Browser::start(lifecycle_world()).await;
    let page = b.signed_in().await;
    page.fill("Filter", "live").await;
    page.wait_until(Duration::from_secs(5), || async { page.row_count().await == 1 }).await;
    page.click_in("table.stores thead", "Created").await;
    page.click_in("table.stores thead", "Created").await;
    let url = page.current_url().await;
    assert!(url.contains("q=live") && url.contains("sort=-created"), "{url}");
    assert!(!url.contains(seed::DEMO_SECRET_ACCESS_KEY));
    // The same URL, opened afresh, shows the same view after sign-in.
    let params = url.split_once('?').unwrap().1.to_owned();
    let page = b.sign_in_at(&params).await;
    page.wait_until(Duration::from_secs(10), || async { page.row_count().await == 1 }).await;
    assert_eq!(page.field_value("Filter").await, "live");
    b.finish().await;
}

#[tokio::test]
async fn a_long_list_shows_a_page_at_a_time_and_the_page_size_lives_in_the_url() {
    let stores: Vec<Value> = (1..=23)
        .map(|i| {
            json!({"id": format!("cks-4000000000000{i:04}"), "name": format!("store-{i:02}"), "type": "AWS_CLOUDHSM", "state": "CONNECTED",
            "cloud_hsm_cluster_id": "cluster-abcdefghijk"})
        })
        .collect();
    let b = Browser::start(account(json!({"us-east-1": {"stores": stores}}))).await;
    let page = b.signed_in().await;
    page.wait_until(Duration::from_secs(10), || async { page.row_count().await == 10 }).await;
    assert!(page.text("table.stores caption").await.contains("23 of 23 shown, rows 1–10 of 23"));
    assert_eq!(page.cell("store-01", 0).await, "store-01");
    assert!(!page.is_enabled_by_css("nav.pager button[aria-label='Previous page of us-east-1']").await, "the first page has no previous");
    page.click_in("nav.pager", "Next").await;
    page.wait_until(Duration::from_secs(5), || async { page.text("nav.pager").await.contains("Rows 11–20 of 23 · page 2 of 3") }).await;
    page.click_in("nav.pager", "Next").await;
    page.wait_until(Duration::from_secs(5), || async { page.row_count().await == 3 }).await;
    assert_eq!(page.cell("store-23", 0).await, "store-23");
    assert!(!page.is_enabled_by_css("nav.pager button[aria-label='Next page of us-east-1']").await, "the last page has no next");
    // A filter starts again from the first page; a bigger page shows them all and travels in the link.
    page.fill("Filter", "store-2").await;
    page.wait_until(Duration::from_secs(5), || async { page.row_count().await == 4 }).await;
    page.erase("Filter").await;
    page.wait_until(Duration::from_secs(5), || async { page.row_count().await == 10 }).await;
    page.select("Rows per page", "25").await;
    page.wait_until(Duration::from_secs(5), || async { page.row_count().await == 23 }).await;
    assert_eq!(page.text("nav.pager").await, "", "one page needs no pager");
    let url = page.current_url().await;
    assert!(url.contains("rows=25"), "{url}");
    b.finish().await;
}

/// Counted from the sandbox's log. Prints the measured numbers for the closing note.
#[tokio::test]
async fn polling_follows_the_rules() {
    let seed = account(json!({"us-east-1": {"stores": [
        {"id": "cks-30000000000000001", "name": "slow-xks", "type": "EXTERNAL_KEY_STORE", "connect_delay_ms": 40000, "disconnect_delay_ms": 1000,
         "xks_proxy": {"connectivity": "PUBLIC_ENDPOINT", "access_key_id": "OLDKEYOLDKEYOLDKEY22", "uri_endpoint": "https://slow.example.com", "uri_path": "/kms/xks/v1"}}
    ]}}));
    let b = Browser::start(seed).await;
    let page = b.signed_in().await;
    let log = || async { b.sandbox_log().await };
    let describes =
        |log: &Value| log["requests"].as_array().unwrap().iter().filter(|r| r["operation"] == "DescribeCustomKeyStores").cloned().collect::<Vec<_>>();

    // Idle: nothing in transition, no list for the next 10 s (the idle refresh is once a minute).
    let before = describes(&log().await).len();
    tokio::time::sleep(Duration::from_secs(10)).await;
    let idle = describes(&log().await).len() - before;
    assert_eq!(idle, 0, "no requests while idle");

    // In transition: one list at a time, about every 2 s.
    page.act("slow-xks", "Connect").await;
    let start = describes(&log().await).len();
    tokio::time::sleep(Duration::from_secs(20)).await;
    let during = describes(&log().await);
    let in_transition = during.len() - start;
    assert!((8..=12).contains(&in_transition), "lists in 20 s of transition: {in_transition}");
    for pair in during.windows(2) {
        assert!(pair[1]["started_ms"].as_u64() >= pair[0]["ended_ms"].as_u64(), "never two lists in flight: {pair:?}");
    }

    // Hidden: nothing; shown again: a list at once.
    page.set_hidden(true).await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    let hidden_start = describes(&log().await).len();
    tokio::time::sleep(Duration::from_secs(6)).await;
    let while_hidden = describes(&log().await).len() - hidden_start;
    assert_eq!(while_hidden, 0, "no requests while the tab is hidden");
    page.set_hidden(false).await;
    tokio::time::sleep(Duration::from_millis(800)).await;
    let on_show = describes(&log().await).len() - hidden_start;
    assert!(on_show >= 1, "a list at once when the tab shows again");
    eprintln!(
        "MEASURED polling: idle 10 s -> {idle} lists; transition 20 s -> {in_transition} lists; hidden 6 s -> {while_hidden}; shown -> {on_show} within 0.8 s"
    );
    b.finish().await;
}
