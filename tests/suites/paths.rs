//! Issue «Live progress breaks on the paths real users take», end to end in Chromium against the
//! sandbox. Every sign-in here carries an `Expiration`, as STS credentials always do; operators
//! watch several Regions, paste, use the keyboard, and leave the tab open.

use crate::browser;

use browser::{demo_account, demo_sts_json, expiring_account, expiring_export, now_s, Browser};
use cks_sandbox::seed::{self, Seed};
use serde_json::{json, Value};
use std::time::Duration;

const ENTER: char = '\u{E007}';
const TAB: char = '\u{E004}';
const ESCAPE: char = '\u{E00C}';

fn iso8601(epoch: i64) -> String {
    cks_sandbox::clock::format_iso8601(epoch)
}

fn hsm(id: u32, name: &str, state: &str, connect_ms: u64) -> Value {
    json!({"id": format!("cks-0000000000000{id:04}"), "name": name, "type": "AWS_CLOUDHSM", "state": state,
           "connect_delay_ms": connect_ms, "disconnect_delay_ms": 1500, "cloud_hsm_cluster_id": "cluster-abcdefghijk"})
}

#[tokio::test]
async fn every_paste_format_with_an_expiration_then_connect_is_followed_live_to_connected() {
    let stores: Vec<Value> = (1..=7).map(|i| hsm(i, &format!("hsm-{i}"), "DISCONNECTED", 3000)).collect();
    let b = Browser::start(demo_account(None, json!({"us-east-1": {"stores": stores}}))).await;
    let exp = iso8601(now_s() + 3600);
    let (akid, secret, token) = (seed::DEMO_ACCESS_KEY_ID, seed::DEMO_SECRET_ACCESS_KEY, seed::DEMO_SESSION_TOKEN);
    let formats = [
        demo_sts_json(now_s() + 3600),
        json!({"Version": 1, "AccessKeyId": akid, "SecretAccessKey": secret, "SessionToken": token, "Expiration": exp}).to_string(),
        format!("export AWS_ACCESS_KEY_ID={akid}\nexport AWS_SECRET_ACCESS_KEY={secret}\nexport AWS_SESSION_TOKEN={token}\nexport AWS_CREDENTIAL_EXPIRATION={exp}\n"),
        format!("AWS_ACCESS_KEY_ID={akid}\nAWS_SECRET_ACCESS_KEY={secret}\nAWS_SESSION_TOKEN={token}\nAWS_CREDENTIAL_EXPIRATION={exp}\n"),
        format!("$Env:AWS_ACCESS_KEY_ID=\"{akid}\"\n$Env:AWS_SECRET_ACCESS_KEY=\"{secret}\"\n$Env:AWS_SESSION_TOKEN=\"{token}\"\n$Env:AWS_CREDENTIAL_EXPIRATION=\"{exp}\""),
        format!("set AWS_ACCESS_KEY_ID={akid}\r\nset AWS_SECRET_ACCESS_KEY={secret}\r\nset AWS_SESSION_TOKEN={token}\r\nset AWS_CREDENTIAL_EXPIRATION={exp}\r\n"),
        // The portal's credentials-file block has no expiry line; the console then says so.
        format!("[111122223333_Operator]\naws_access_key_id={akid}\naws_secret_access_key={secret}\naws_session_token={token}"),
    ];
    for (i, text) in formats.iter().enumerate() {
        let store = format!("hsm-{}", i + 1);
        let page = b.paste_sign_in("us-east-1", text, 1).await;
        let expiry = page.text(".expiry").await;
        if i < 6 {
            assert!(expiry.starts_with("Credentials expire in 59:") || expiry.starts_with("Credentials expire in 1 h"), "format {i}: {expiry}");
        }
        page.act(&store, "Connect").await;
        page.wait_for_state(&store, "CONNECTING", Duration::from_secs(5)).await;
        page.wait_for_state(&store, "CONNECTED", Duration::from_secs(15)).await;
        let live = page.live_text().await;
        assert!(live.contains(&format!("{store} is CONNECTED")), "format {i}: the settle is announced: {live}");
        page.sign_out().await;
    }
    b.finish().await;
}

#[tokio::test]
async fn after_switch_role_a_disconnect_is_followed_live_to_disconnected() {
    let b = Browser::start(Seed::demo()).await;
    let page = b.paste_sign_in("us-east-1", &demo_sts_json(now_s() + 3600), 1).await;
    page.click_button("Switch role").await;
    page.fill("Role ARN", "arn:aws:iam::444455556666:role/KeyStoreOperator").await;
    page.click_button("Assume role").await;
    page.wait_until(Duration::from_secs(10), || async { page.text(".account").await == "444455556666" }).await;
    page.wait_for_state("other-account-hsm", "CONNECTED", Duration::from_secs(10)).await;
    page.act("other-account-hsm", "Disconnect").await;
    page.wait_for_state("other-account-hsm", "DISCONNECTING", Duration::from_secs(5)).await;
    page.wait_for_state("other-account-hsm", "DISCONNECTED", Duration::from_secs(15)).await;
    b.finish().await;
}

#[tokio::test]
async fn two_regions_act_on_their_own_stores_and_each_refreshes_once_a_minute_when_idle() {
    let seed = demo_account(
        None,
        json!({"us-east-1": {"stores": [hsm(1, "east-hsm", "DISCONNECTED", 2000)]},
               "eu-west-1": {"stores": [hsm(2, "west-hsm", "CONNECTED", 2000)]}}),
    );
    let b = Browser::start(seed).await;
    let page = b.paste_sign_in("us-east-1,eu-west-1", &demo_sts_json(now_s() + 3600), 1).await;
    page.wait_until(Duration::from_secs(10), || async { page.row_count().await == 2 }).await;
    assert!(page.text("section[data-region=us-east-1] table").await.contains("east-hsm"));
    assert!(page.text("section[data-region=eu-west-1] table").await.contains("west-hsm"));
    assert!(!page.text("section[data-region=us-east-1] table").await.contains("west-hsm"), "each section lists its own Region");

    // The first section's buttons act on the first Region: its Details open in its own section.
    page.press("east-hsm", "Details").await;
    let details = page.wait_text("section[data-region=us-east-1] section.details h3", Duration::from_secs(5)).await;
    assert_eq!(details, "Details of east-hsm");
    page.click_button("Close the details").await;

    page.act("east-hsm", "Connect").await;
    page.act("west-hsm", "Disconnect").await;
    page.wait_for_state("east-hsm", "CONNECTED", Duration::from_secs(15)).await;
    page.wait_for_state("west-hsm", "DISCONNECTED", Duration::from_secs(15)).await;
    let east_id = "cks-00000000000000001".to_owned();
    let west_id = "cks-00000000000000002".to_owned();
    assert_eq!(b.sandbox_calls("ConnectCustomKeyStore").await, [("us-east-1".to_owned(), east_id, 200)]);
    assert_eq!(b.sandbox_calls("DisconnectCustomKeyStore").await, [("eu-west-1".to_owned(), west_id, 200)]);

    // Idle: one list a minute per Region, never none and never more.
    tokio::time::sleep(Duration::from_secs(1)).await;
    let per_region = |calls: Vec<(String, String, u64)>, region: &str| calls.iter().filter(|c| c.0 == region).count();
    let before = b.sandbox_calls("DescribeCustomKeyStores").await;
    tokio::time::sleep(Duration::from_secs(70)).await;
    let after = b.sandbox_calls("DescribeCustomKeyStores").await;
    for region in ["us-east-1", "eu-west-1"] {
        let n = per_region(after.clone(), region) - per_region(before.clone(), region);
        assert_eq!(n, 1, "{region}: idle lists in 70 s");
    }
    b.finish().await;
}

#[tokio::test]
async fn regions_are_added_and_removed_from_the_header_and_kept_in_the_url() {
    let seed = demo_account(
        None,
        json!({"us-east-1": {"stores": [hsm(1, "east-hsm", "DISCONNECTED", 6000)]},
               "eu-west-1": {"stores": [hsm(2, "west-hsm", "CONNECTED", 2000)]}}),
    );
    let b = Browser::start(seed).await;
    let page = b.paste_sign_in("us-east-1", &demo_sts_json(now_s() + 3600), 1).await;
    page.act("east-hsm", "Connect").await;
    page.wait_for_state("east-hsm", "CONNECTING", Duration::from_secs(5)).await;
    // By keyboard: the header's list is built when it first opens, Enter included.
    page.run_script("document.querySelector('.app-bar .region-picker > summary').focus();").await;
    page.press_key('\u{E007}').await;
    b.check("eu-west-1").await;
    page.wait_until(Duration::from_secs(10), || async { page.row_count().await == 2 }).await;
    assert!(page.current_url().await.contains("region=us-east-1%2Ceu-west-1"), "{}", page.current_url().await);
    assert_eq!(page.state_of("east-hsm").await, "CONNECTING", "adding a Region leaves the others as they were");
    page.wait_for_state("east-hsm", "CONNECTED", Duration::from_secs(15)).await;
    page.click_in("section[data-region=us-east-1] .region-head", "Remove").await;
    page.wait_until(Duration::from_secs(5), || async { page.row_count().await == 1 }).await;
    assert!(page.current_url().await.contains("region=eu-west-1"), "{}", page.current_url().await);
    assert!(page.text("section[data-region=eu-west-1]").await.contains("west-hsm"));
    b.finish().await;
}

#[tokio::test]
async fn a_bad_paste_takes_back_the_good_one_and_expired_credentials_are_refused() {
    let b = Browser::start(Seed::demo()).await;
    let page = b.open().await;
    page.paste(&demo_sts_json(now_s() + 3600)).await;
    page.wait_text(".sign-in [role=status]", Duration::from_secs(5)).await;
    assert_eq!(page.field_value("Access key ID").await, seed::DEMO_ACCESS_KEY_ID);
    page.paste("{\"Credentials\": {\"AccessKeyId\": ").await;
    page.wait_until(Duration::from_secs(5), || async { page.text(".sign-in [role=alert]").await.contains("could not be read") }).await;
    assert_eq!(page.field_value("Access key ID").await, "", "the fields the good paste filled are emptied");
    page.submit().await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert!(page.text(".sign-in [role=alert]").await.contains("could not be read"), "{}", page.text(".sign-in [role=alert]").await);
    assert_eq!(b.sandbox_count("GetCallerIdentity").await, 0, "nothing was sent with the earlier paste's credentials");

    let expired = now_s() - 600;
    page.paste(&demo_sts_json(expired)).await;
    page.wait_text(".sign-in [role=status]", Duration::from_secs(5)).await;
    page.submit().await;
    page.wait_until(Duration::from_secs(5), || async { page.text(".sign-in [role=alert]").await.contains("expired at") }).await;
    let why = page.text(".sign-in [role=alert]").await;
    assert!(why.contains(&format!("expired at {}", cks_sandbox::clock::format_iso8601(expired).replace('T', " ").replace('Z', " UTC"))), "{why}");
    assert!(why.contains("10 min 0") && why.contains("ago"), "{why}");
    assert_eq!(b.sandbox_count("GetCallerIdentity").await, 0, "expired credentials are refused before any request");
    assert!(page.text("h1").await.starts_with("Sign in"), "still on the sign-in page");
    b.finish().await;
}

#[tokio::test]
async fn an_error_from_the_details_is_shown_and_announced_there() {
    let b = Browser::start(Seed::demo()).await;
    // The error the test provokes.
    b.expect_console_errors(&["status of 400"]);
    let page = b.paste_sign_in("us-east-1", &demo_sts_json(now_s() + 3600), 1).await;
    page.press("payments-hsm", "Details").await;
    page.wait_text("section.details h3", Duration::from_secs(5)).await;
    page.fill("Type payments-hsm to confirm", "payments-hsm").await;
    page.click_button("Delete this key store").await;
    let here = page.wait_text("section.details [role=alert]", Duration::from_secs(10)).await;
    assert!(here.contains("CustomKeyStoreHasCMKsException"), "{here}");
    assert!(here.contains("Schedule the deletion of every key"), "with what to do: {here}");
    assert!(page.text("section.region > .banner").await.is_empty(), "not in the banner above the table");
    assert!(page.live_text().await.contains("Deleting payments-hsm failed"), "{}", page.live_text().await);
    b.finish().await;
}

#[tokio::test]
async fn a_failed_refresh_keeps_the_rows_marked_stale_and_retry_recovers() {
    let b = Browser::start(Seed::demo()).await;
    // The injected 500s.
    b.expect_console_errors(&["status of 500"]);
    let page = b.paste_sign_in("us-east-1", &demo_sts_json(now_s() + 3600), 1).await;
    let rows = page.row_count().await;
    // Three: the first attempt and the two retries the console makes, as the AWS SDKs do.
    b.set_faults(json!({"add": [{"fault": "http_500", "count": 3}]})).await;
    page.click_button("Refresh").await;
    let problem = page.wait_text(".load-failed", Duration::from_secs(10)).await;
    assert!(problem.contains("could not be loaded") && problem.contains("KMSInternalException"), "{problem}");
    assert!(problem.contains("as it was") && problem.contains("ago"), "says how old the rows are: {problem}");
    assert_eq!(page.row_count().await, rows, "the last good rows stay");
    assert!(page.text("caption").await.contains("out of date"), "{}", page.text("caption").await);
    page.click_button("Retry").await;
    page.wait_until(Duration::from_secs(10), || async { page.text(".load-failed").await.is_empty() }).await;
    assert!(!page.text("caption").await.contains("out of date"));

    // A Region that never loaded says so, instead of looking empty.
    let mut seed = Seed::demo();
    seed.accounts[0].regions.insert("eu-north-1".into(), serde_json::from_value(json!({"outage": "KMSInternalException"})).unwrap());
    let b2 = Browser::start(seed).await;
    // The Region's outage (KMSInternalException, HTTP 500).
    b2.expect_console_errors(&["status of 500"]);
    let page = b2.paste_sign_in("us-east-1,eu-north-1", &demo_sts_json(now_s() + 3600), 1).await;
    let eu = page.wait_text("section[data-region=eu-north-1] .load-failed", Duration::from_secs(10)).await;
    assert!(eu.contains("No list has been loaded yet"), "{eu}");
    let caption = page.text("section[data-region=eu-north-1] caption").await;
    assert!(caption.ends_with("not loaded"), "{caption}");
    assert!(page.text("section[data-region=eu-north-1]").await.contains("Retry"));
    b.finish().await;
    b2.finish().await;
}

#[tokio::test]
async fn the_guide_follows_the_repair_step_by_step_and_ends_with_success() {
    let seed = demo_account(
        None,
        json!({"us-east-1": {"stores": [{"id": "cks-00000000000000003", "name": "legacy-hsm", "type": "AWS_CLOUDHSM", "state": "FAILED",
            "connection_error_code": "USER_LOCKED_OUT", "fail_with": "USER_LOCKED_OUT", "connect_delay_ms": 2500, "disconnect_delay_ms": 1500,
            "cloud_hsm_cluster_id": "cluster-2bcdefghijk"}]}}),
    );
    let b = Browser::start(seed).await;
    let page = b.paste_sign_in("us-east-1", &demo_sts_json(now_s() + 3600), 1).await;
    let statuses = || async {
        let list = page.run_script("return [...document.querySelectorAll('section.guidance .step-status')].map(e => e.textContent);").await;
        list.as_array().unwrap().iter().map(|v| v.as_str().unwrap().to_owned()).collect::<Vec<_>>()
    };
    page.press("legacy-hsm", "Troubleshoot").await;
    page.wait_text("section.guidance h3", Duration::from_secs(5)).await;
    assert_eq!(statuses().await, ["Now", "Next", "Next", "Next"]);
    page.press_in_guide("Disconnect").await;
    page.wait_for_state("legacy-hsm", "DISCONNECTED", Duration::from_secs(10)).await;
    page.wait_until(Duration::from_secs(5), || async { statuses().await == ["Done", "Now", "Next", "Next"] }).await;
    page.fill("New kmsuser password", "a-new-password").await;
    page.click_in("section.guidance", "Update the kmsuser password").await;
    page.wait_until(Duration::from_secs(10), || async { statuses().await == ["Done", "Done", "Done", "Now"] }).await;
    page.press_in_guide("Connect").await;
    page.wait_for_state("legacy-hsm", "CONNECTED", Duration::from_secs(15)).await;
    page.wait_until(Duration::from_secs(5), || async { statuses().await == ["Done", "Done", "Done", "Done"] }).await;
    let guide = page.text("section.guidance").await;
    assert!(guide.contains("legacy-hsm is connected again") && guide.contains("The repair worked"), "{guide}");
    assert!(!guide.contains("is locked out"), "the failure is no longer described as current: {guide}");
    b.finish().await;
}

#[tokio::test]
async fn renew_now_opens_the_renewal_before_expiry_and_the_notify_choice_is_obeyed() {
    let expires = now_s() + 240;
    let b = Browser::start(expiring_account(expires, None, json!([hsm(1, "quick-hsm", "DISCONNECTED", 2000)]))).await;
    let export = expiring_export(expires);
    let page = b.paste_sign_in("us-east-1", &export, 1).await;

    // A stand-in for the system's notifications, granted, counting what is shown.
    page.run_script(
        "window.shown = []; window.Notification = class { constructor(t) { window.shown.push(t); } };
        Notification.permission = 'granted'; Notification.requestPermission = () => Promise.resolve('granted');",
    )
    .await;
    let shown = || async { page.run_script("return window.shown.length;").await.as_u64().unwrap() };
    b.check("Notify me when a transition ends").await;
    page.act("quick-hsm", "Connect").await;
    page.wait_for_state("quick-hsm", "CONNECTED", Duration::from_secs(15)).await;
    page.wait_until(Duration::from_secs(3), || async { shown().await == 1 }).await;
    b.uncheck("Notify me when a transition ends").await;
    page.act("quick-hsm", "Disconnect").await;
    page.wait_for_state("quick-hsm", "DISCONNECTED", Duration::from_secs(15)).await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(shown().await, 1, "no notification once the box is unticked");

    // Renew before expiry, by keyboard: the dialog takes the focus, Escape gives it back.
    assert!(page.text(".warning").await.contains("less than five minutes"));
    page.focus(".warning button").await;
    page.press_key(ENTER).await;
    let dialog = page.wait_text("dialog[open]", Duration::from_secs(5)).await;
    assert!(dialog.starts_with("Renew your credentials"), "{dialog}");
    assert!(page.focus_within("dialog[open]").await, "the focus moved into the dialog");
    page.press_key(ESCAPE).await;
    page.wait_until(Duration::from_secs(3), || async { page.text("dialog[open]").await.is_empty() }).await;
    assert_eq!(page.focused_name().await, "Renew now", "the focus is back on the opener");
    page.press_key(ENTER).await;
    page.wait_text("dialog[open]", Duration::from_secs(5)).await;
    page.fill_credentials(seed::DEMO_ACCESS_KEY_ID, seed::DEMO_SECRET_ACCESS_KEY, seed::DEMO_SESSION_TOKEN).await;
    page.click_button("Continue").await;
    page.wait_until(Duration::from_secs(10), || async { page.text("dialog[open]").await.is_empty() }).await;
    page.wait_until(Duration::from_secs(3), || async { page.text(".warning").await.is_empty() }).await;
    b.finish().await;
}

#[tokio::test]
async fn every_dialog_works_by_keyboard_and_rows_keep_the_focus_through_polls() {
    let b = Browser::start(Seed::demo()).await;
    let page = b.paste_sign_in("us-east-1", &demo_sts_json(now_s() + 3600), 1).await;

    // Confirm: Enter opens it on Cancel, Escape closes it and the focus returns to Connect.
    page.focus("button[aria-label='Connect payments-hsm']").await;
    page.press_key(ENTER).await;
    page.wait_text("dialog[open]", Duration::from_secs(5)).await;
    assert_eq!(page.focused_name().await, "Cancel", "the safe answer has the focus");
    page.press_key(TAB).await;
    assert_eq!(page.focused_name().await, "Yes, connect");
    for _ in 0..4 {
        page.press_key(TAB).await;
        assert!(page.focus_within("dialog[open]").await || page.focused_name().await.is_empty(), "Tab never reaches the page behind the dialog");
    }
    page.press_key(ESCAPE).await;
    page.wait_until(Duration::from_secs(3), || async { page.text("dialog[open]").await.is_empty() }).await;
    assert_eq!(page.focused_name().await, "Connect payments-hsm");
    assert_eq!(b.sandbox_count("ConnectCustomKeyStore").await, 0, "Escape sent nothing");

    // Enter, Tab, Enter: confirmed once.
    page.press_key(ENTER).await;
    page.wait_text("dialog[open]", Duration::from_secs(5)).await;
    let apart = page
        .run_script(
            "const [a, c] = [...document.querySelectorAll('dialog[open] .dialog-actions button')].map(b => b.getBoundingClientRect());
                     return Math.max(c.left - a.right, a.left - c.right, c.top - a.bottom, a.top - c.bottom);",
        )
        .await;
    assert!(apart.as_f64().unwrap() >= 8.0, "Yes and Cancel never touch: {apart}");
    page.press_key(TAB).await;
    page.press_key(ENTER).await;
    page.wait_for_state("payments-hsm", "CONNECTING", Duration::from_secs(5)).await;
    assert_eq!(b.sandbox_count("ConnectCustomKeyStore").await, 1);

    // The row keeps the keyboard focus while polls change it.
    page.focus("button[aria-label='Details payments-hsm']").await;
    page.wait_for_state("payments-hsm", "CONNECTED", Duration::from_secs(15)).await;
    assert_eq!(page.focused_name().await, "Details payments-hsm", "a poll updates the row in place");

    // Switch role: Enter opens it on the Role ARN field; Escape closes it back to the button.
    page.focus_button("Switch role").await;
    page.press_key(ENTER).await;
    page.wait_text("dialog[open]", Duration::from_secs(5)).await;
    assert_eq!(page.focused_name().await, "Role ARN");
    page.press_key(ESCAPE).await;
    page.wait_until(Duration::from_secs(3), || async { page.text("dialog[open]").await.is_empty() }).await;
    assert_eq!(page.focused_name().await, "Switch role");
    page.press_key(ENTER).await;
    page.wait_text("dialog[open]", Duration::from_secs(5)).await;
    page.type_text("arn:aws:iam::444455556666:role/KeyStoreOperator").await;
    page.press_key(ENTER).await;
    page.wait_until(Duration::from_secs(10), || async { page.text(".account").await == "444455556666" }).await;
    assert!(page.text("dialog[open]").await.is_empty(), "the dialog closed after switching");
    b.finish().await;
}
