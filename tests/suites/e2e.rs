//! End to end in Debian's headless Chromium: the release bundle (dist/) served on one loopback
//! port, the sandbox on another, driven through chromedriver as a user would drive it.
//! Run by `cargo xtask test`, which builds dist/ first and sets CKS_DIST.

use crate::browser;

use browser::{demo_account, expiring_account, expiring_export, now_s, Browser};
use cks_sandbox::seed::{self, Seed};
use serde_json::json;
use std::time::Duration;

fn seed(stores: serde_json::Value) -> Seed {
    demo_account(Some(5), json!({"us-east-1": {"stores": stores}}))
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
    page.act("payments-hsm", "Connect").await;
    page.wait_for_state("payments-hsm", "CONNECTING", Duration::from_secs(5)).await;
    assert!(!page.button_enabled("payments-hsm", "Connect").await, "the button locks while connecting");
    page.wait_for_state("payments-hsm", "CONNECTED", Duration::from_secs(15)).await;
    assert_eq!(b.sandbox_count("ConnectCustomKeyStore").await, before + 1, "one call per press");
    assert!(page.live_text().await.contains("payments-hsm is CONNECTED"));
    assert!(page.title().await.starts_with("payments-hsm CONNECTED"), "the tab title tells a user looking elsewhere");

    // Nothing is in transition now: polling must stop.
    let describes = b.sandbox_count("DescribeCustomKeyStores").await;
    tokio::time::sleep(Duration::from_secs(6)).await;
    assert_eq!(b.sandbox_count("DescribeCustomKeyStores").await, describes, "no polling while nothing moves");

    page.act("payments-hsm", "Disconnect").await;
    page.wait_for_state("payments-hsm", "DISCONNECTING", Duration::from_secs(5)).await;
    page.wait_for_state("payments-hsm", "DISCONNECTED", Duration::from_secs(15)).await;
    assert!(page.button_enabled("payments-hsm", "Connect").await);
    b.finish().await;
}

#[tokio::test]
async fn a_failing_store_ends_failed_with_its_guidance_and_the_way_back() {
    let b = Browser::start(two_stores()).await;
    let page = b.signed_in().await;
    page.act("partner-xks", "Connect").await;
    page.wait_for_state("partner-xks", "FAILED", Duration::from_secs(15)).await;
    assert_eq!(page.cell("partner-xks", 5).await, "XKS_PROXY_NOT_REACHABLE");

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
    // Each injected failure, as Chromium reports it (the unsafe port is the test's own unreachable endpoint).
    b.expect_console_errors(&["status of 400", "status of 502", "status of 403", "net::ERR_EMPTY_RESPONSE", "net::ERR_UNSAFE_PORT"]);
    let page = b.signed_in().await;
    assert_eq!(page.state_of("vpc-xks").await, "CONNECTED");
    // Someone else disconnects the store behind the console's back; the console's Disconnect then
    // meets KMS's state rule.
    b.kms_call("DisconnectCustomKeyStore", json!({"CustomKeyStoreId": "cks-00000000000000003"})).await;
    page.act("vpc-xks", "Disconnect").await;
    let banner = page.wait_text("[role=alert]", Duration::from_secs(5)).await;
    assert!(banner.contains("Disconnecting vpc-xks failed"), "{banner}");
    assert!(banner.contains("CustomKeyStoreInvalidStateException"), "{banner}");
    assert!(banner.contains("Request ID"), "{banner}");
    assert_eq!(page.row_count().await, 3, "the table stays");

    // A store deleted elsewhere: Connect meets CustomKeyStoreNotFoundException, explained.
    page.click_in(".banner", "Dismiss").await;
    b.kms_call("DeleteCustomKeyStore", json!({"CustomKeyStoreId": "cks-00000000000000001"})).await;
    page.act("payments-hsm", "Connect").await;
    let banner = page.wait_text(".banner", Duration::from_secs(5)).await;
    assert!(banner.contains("CustomKeyStoreNotFoundException") && banner.contains("it may have been deleted"), "{banner}");
    page.click_in(".banner", "Dismiss").await;

    // A KMS answer the console cannot read: the table stays, the banner says what came back.
    // (Three of them: the console retries an unreadable answer twice, as the AWS SDKs do.)
    for _ in 0..3 {
        b.inject("html").await;
    }
    page.click_button("Refresh").await;
    let banner = page.wait_text("[role=alert]", Duration::from_secs(5)).await;
    assert!(banner.contains("UnreadableResponse") && banner.contains("HTTP 502"), "{banner}");
    assert_eq!(page.row_count().await, 3, "the table stays as it was");
    // Chromium retries a request once when a reused connection closes without an answer, so the
    // connection drops twice; the spare one is cleared before going on.
    for _ in 0..6 {
        b.inject("drop").await;
    }
    page.click_button("Refresh").await;
    page.wait_until(Duration::from_secs(10), || async { page.text("[role=alert]").await.contains("NetworkError") }).await;
    assert_eq!(page.row_count().await, 3, "the table stays");
    b.clear_faults().await;

    // At sign-in, STS refusals are explained and nothing typed is lost.
    page.sign_out().await;
    let page = b.sign_in(seed::DEMO_ACCESS_KEY_ID, "wrong-secret-FAKE", seed::DEMO_SESSION_TOKEN, None).await;
    let problem = page.wait_text("[role=alert]", Duration::from_secs(5)).await;
    assert!(problem.contains("The secret access key does not belong") && problem.contains("SignatureDoesNotMatch"), "{problem}");
    assert_eq!(page.field_value("Secret access key").await, "wrong-secret-FAKE");

    let page = b.sign_in(seed::DEMO_ACCESS_KEY_ID, seed::DEMO_SECRET_ACCESS_KEY, seed::DEMO_SESSION_TOKEN, Some("http://127.0.0.1:9")).await;
    let problem = page.wait_text("[role=alert]", Duration::from_secs(10)).await;
    assert!(problem.contains("STS did not answer"), "{problem}");
    b.finish().await;
}

#[tokio::test]
async fn long_term_keys_need_an_explicit_choice_and_fips_is_offered_only_where_it_exists() {
    let b = Browser::start(Seed::demo()).await;
    let page = b.open().await;
    assert!(b.is_enabled_by_label("Use FIPS endpoints").await, "us-east-1 has a FIPS endpoint");
    page.fill_credentials(seed::DEMO_LONG_TERM_ACCESS_KEY_ID, seed::DEMO_LONG_TERM_SECRET, "").await;
    let warning = page.wait_text("[role=note]", Duration::from_secs(5)).await;
    assert!(warning.contains("long-term keys"), "{warning}");
    page.submit().await;
    let problem = page.wait_text("form [role=alert]", Duration::from_secs(5)).await;
    assert!(problem.contains("Use long-term keys anyway"), "{problem}");
    b.check("Use long-term keys anyway").await;
    page.submit().await;
    page.wait_until(Duration::from_secs(10), || async { page.text(".arn").await == "arn:aws:iam::111122223333:user/sandbox-demo" }).await;
    page.sign_out().await;

    // China has no FIPS endpoint: with cn-north-1 picked the toggle is off and disabled.
    b.open_regions("us-east-1,cn-north-1").await;
    assert!(!b.is_enabled_by_label("Use FIPS endpoints").await);
    b.finish().await;
}

#[tokio::test]
async fn a_clock_twenty_minutes_off_is_corrected_from_the_servers_date() {
    let b = Browser::start(two_stores()).await;
    // STS (403) and KMS (400) refuse the skewed signatures before the console corrects its clock.
    b.expect_console_errors(&["status of 403", "status of 400"]);
    b.set_faults(json!({"clock_offset_seconds": 1200})).await;
    let page = b.signed_in().await;
    assert_eq!(page.row_count().await, 3, "STS and KMS both answered after the correction");
    assert!(page.text("[role=alert]").await.is_empty());
    b.finish().await;
}

#[tokio::test]
async fn sign_out_stops_polling_and_forgets_the_session() {
    let b = Browser::start(two_stores()).await;
    let page = b.signed_in().await;
    page.act("payments-hsm", "Connect").await;
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
    page.fill("Endpoint URL for all services", "").await;
    page.fill("Endpoint URL for all services", "http://kms.example.com").await;
    page.fill("Secret access key", "").await;
    page.fill("Secret access key", "typed-secret-FAKE").await;
    page.fill("Session token", "token-FAKE").await;
    page.submit().await;
    page.wait_until(Duration::from_secs(5), || async { page.text("[role=alert]").await.starts_with("Endpoint URL for all services: ") }).await;
    b.finish().await;
}

#[tokio::test]
async fn sign_in_with_pasted_sandbox_issued_credentials_shows_who_and_for_how_long() {
    let b = Browser::start(Seed::demo()).await;
    let issued = b.session_token_json().await;
    let page = b.open().await;
    page.paste(&issued).await;
    let note = page.wait_text("[role=status]", Duration::from_secs(5)).await;
    assert!(note.starts_with("Read JSON from aws sts; they expire "), "{note}");
    assert!(page.field_value("Access key ID").await.starts_with("ASIA"), "the fields are filled from the paste");
    page.submit().await;
    page.wait_until(Duration::from_secs(10), || async { page.row_count().await > 0 }).await;
    assert_eq!(page.text(".account").await, "111122223333");
    assert_eq!(page.text(".arn").await, "arn:aws:iam::111122223333:user/sandbox-demo");
    let expiry = page.text(".expiry").await;
    assert!(expiry.starts_with("Credentials expire in 14:") || expiry.starts_with("Credentials expire in 15:"), "{expiry}");

    // A broken paste names what is wrong and keeps the fields as they were.
    page.sign_out().await;
    page.fill("Access key ID", "ASIAKEEPTHISFAKE0001").await;
    page.paste("export AWS_ACCESS_KEY_ID=ASIAEXAMPLEFAKE00001\nthis is not an assignment").await;
    let problem = page.wait_text("[role=alert]", Duration::from_secs(5)).await;
    assert!(problem.contains("Line 2: expected NAME=value"), "{problem}");
    assert_eq!(page.field_value("Access key ID").await, "ASIAKEEPTHISFAKE0001");
    b.finish().await;
}

#[tokio::test]
async fn expiry_pauses_polling_and_renewal_resumes_where_the_user_was() {
    let expires = now_s() + 14;
    let slow = json!([{"id": "cks-00000000000000001", "name": "slow-hsm", "type": "AWS_CLOUDHSM", "connect_delay_ms": 24000, "cloud_hsm_cluster_id": "cluster-abcdefghijk"}]);
    let b = Browser::start(expiring_account(expires, Some(5), slow)).await;
    // A poll (jittered per scope) can leave in the last moment of the session and be refused as
    // expired by the sandbox's clock: the page then pauses exactly as at the known expiry.
    b.expect_console_errors(&["status of 400"]);
    let page = b.open().await;
    let export = expiring_export(expires);
    page.paste(&export).await;
    b.check("Remember in this tab until it closes or the credentials expire").await;
    page.submit().await;
    page.wait_until(Duration::from_secs(10), || async { page.row_count().await > 0 }).await;
    assert!(page.text(".warning").await.contains("less than five minutes"), "the warning shows within 5 minutes of expiry");
    page.wait_until(Duration::from_secs(5), || async { page.persisted().await.contains("cks-console.session") }).await;
    assert!(!page.persisted().await.contains("expiring-secret-FAKE"), "remembered in this tab until expiry, sealed");
    page.act("slow-hsm", "Connect").await;
    page.wait_for_state("slow-hsm", "CONNECTING", Duration::from_secs(5)).await;

    let dialog = page.wait_text("dialog[open]", Duration::from_secs(20)).await;
    assert!(dialog.contains("Your credentials have expired"), "{dialog}");
    let describes = b.sandbox_count("DescribeCustomKeyStores").await;
    tokio::time::sleep(Duration::from_secs(4)).await;
    assert_eq!(b.sandbox_count("DescribeCustomKeyStores").await, describes, "polling stops at expiry");
    assert_eq!(page.state_of("slow-hsm").await, "CONNECTING", "the view stays as it was");
    assert!(!page.persisted().await.contains("cks-console.session"), "the tab's copy goes at expiry");
    page.wait_until(Duration::from_secs(5), || async { page.vault_keys().await == 0 }).await;

    // New credentials for the same account, typed into the dialog.
    page.fill_credentials(seed::DEMO_ACCESS_KEY_ID, seed::DEMO_SECRET_ACCESS_KEY, seed::DEMO_SESSION_TOKEN).await;
    page.click_button("Continue").await;
    page.wait_until(Duration::from_secs(10), || async { page.text("dialog[open]").await.is_empty() }).await;
    page.wait_for_state("slow-hsm", "CONNECTED", Duration::from_secs(30)).await;
    assert!(b.sandbox_count("DescribeCustomKeyStores").await > describes, "polling resumed");
    b.finish().await;
}

#[tokio::test]
async fn switch_role_into_another_account_and_return() {
    let b = Browser::start(Seed::demo()).await;
    // The refused AssumeRole.
    b.expect_console_errors(&["status of 403"]);
    let page = b.signed_in().await;
    page.click_button("Switch role").await;
    page.fill("Role ARN", "arn:aws:iam::444455556666:role/KeyStoreOperator").await;
    page.click_button("Assume role").await;
    page.wait_until(Duration::from_secs(10), || async { page.text(".account").await == "444455556666" }).await;
    page.wait_for_state("other-account-hsm", "CONNECTED", Duration::from_secs(10)).await;
    assert_eq!(page.text(".arn").await, "arn:aws:sts::444455556666:assumed-role/KeyStoreOperator/cks-console");
    assert!(page.text(".expiry").await.starts_with("Credentials expire in "), "sandbox-issued credentials carry an expiry");

    page.click_button("Return to account 111122223333").await;
    page.wait_until(Duration::from_secs(10), || async { page.text(".account").await == "111122223333" }).await;
    page.wait_for_state("payments-hsm", "DISCONNECTED", Duration::from_secs(10)).await;

    page.click_button("Switch role").await;
    page.fill("Role ARN", "arn:aws:iam::444455556666:role/PartnerAudit").await;
    page.click_button("Assume role").await;
    let problem = page.wait_text(".switch-role [role=alert]", Duration::from_secs(10)).await;
    assert!(problem.contains("AccessDenied"), "the role needs its external id: {problem}");
    b.finish().await;
}

#[tokio::test]
async fn regions_load_and_fail_independently() {
    let mut seed = two_stores();
    seed.accounts[0].regions.insert("eu-west-1".into(), serde_json::from_value(json!({"outage": "KMSInternalException"})).unwrap());
    let b = Browser::start(seed).await;
    // The injected 500s.
    b.expect_console_errors(&["status of 500"]);
    b.open_regions("us-east-1,eu-west-1").await;
    let page = b.page();
    page.fill_credentials(seed::DEMO_ACCESS_KEY_ID, seed::DEMO_SECRET_ACCESS_KEY, seed::DEMO_SESSION_TOKEN).await;
    page.submit().await;
    let eu = page.wait_text("section[data-region=eu-west-1] [role=alert]", Duration::from_secs(10)).await;
    assert!(eu.contains("KMSInternalException"), "{eu}");
    page.wait_until(Duration::from_secs(10), || async { page.row_count().await == 3 }).await;
    assert!(page.text("section[data-region=us-east-1]").await.contains("payments-hsm"));
    assert!(page.text("section[data-region=us-east-1] [role=alert]").await.is_empty(), "one Region's error stays in its section");
    b.finish().await;
}

#[tokio::test]
async fn credentials_never_reach_storage_cookies_or_the_url_unless_remembered() {
    let b = Browser::start(two_stores()).await;
    let page = b.signed_in().await;
    let secrets = [seed::DEMO_SECRET_ACCESS_KEY, seed::DEMO_SESSION_TOKEN];
    let clean = |dump: &str| secrets.iter().all(|s| !dump.contains(s)) && !dump.contains(seed::DEMO_ACCESS_KEY_ID);
    let signed_in = page.persisted().await;
    assert!(clean(&signed_in), "after sign-in: {signed_in}");
    page.sign_out().await;
    let signed_out = page.persisted().await;
    assert!(clean(&signed_out), "after sign-out: {signed_out}");

    // Opting in keeps them in this tab's sessionStorage only, and a reload signs in again.
    page.fill_credentials(seed::DEMO_ACCESS_KEY_ID, seed::DEMO_SECRET_ACCESS_KEY, seed::DEMO_SESSION_TOKEN).await;
    b.check("Remember in this tab until it closes or the credentials expire").await;
    page.submit().await;
    page.wait_until(Duration::from_secs(10), || async { page.row_count().await > 0 }).await;
    page.wait_until(Duration::from_secs(5), || async { page.persisted().await.contains("cks-console.session") }).await;
    let remembered: serde_json::Value = serde_json::from_str(&page.persisted().await).unwrap();
    assert!(clean(&remembered.to_string()), "sealed: neither storage holds a credential in clear: {remembered}");
    assert_eq!(page.vault_keys().await, 1, "the key that seals it is in IndexedDB");
    assert_eq!(page.vault_key_extractable().await, Some(false), "and no script can read it out");
    // What the browser writes to disk: the sealed copy (once it flushes), never the credentials.
    page.wait_until(Duration::from_secs(30), || async { b.profile_holds("cks-console.session") }).await;
    for secret in [seed::DEMO_SECRET_ACCESS_KEY, seed::DEMO_SESSION_TOKEN] {
        assert!(!b.profile_holds(secret), "the profile on disk holds a credential in clear");
    }
    page.reload().await;
    page.wait_until(Duration::from_secs(15), || async { page.row_count().await > 0 }).await;
    page.sign_out().await;
    let after = page.persisted().await;
    assert!(clean(&after) && !after.contains("cks-console.session"), "sign-out wipes the tab's copy: {after}");
    page.wait_until(Duration::from_secs(5), || async { page.vault_keys().await == 0 }).await;
    b.finish().await;
}
