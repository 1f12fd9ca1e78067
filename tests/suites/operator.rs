//! Operator tools on a user's path: the confirm dialog hands back the AWS CLI command of the
//! action, and that very command, run by the real AWS CLI, does what the console would have done;
//! the session's changes are counted for the runbook; the policies are there to copy.

use crate::browser::Browser;
use cks_sandbox::seed::{self, Seed};
use std::path::PathBuf;
use std::time::Duration;

/// The pinned AWS CLI (`cargo xtask bootstrap` installs it; `CKS_AWS_CLI` may name another).
fn aws_cli() -> PathBuf {
    let path = std::env::var("CKS_AWS_CLI").map(PathBuf::from).unwrap_or_else(|_| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(".tools/awscli/bin/aws"));
    assert!(path.exists(), "the AWS CLI is missing at {}: run `cargo xtask bootstrap`; this test does not skip", path.display());
    path
}

#[tokio::test]
async fn the_confirm_dialog_hands_back_the_command_and_the_real_cli_runs_it() {
    let b = Browser::start(Seed::demo()).await;
    let page = b.signed_in().await;
    page.press("payments-hsm", "Connect").await;
    let dialog = page.wait_text("dialog[open]", Duration::from_secs(5)).await;
    assert!(dialog.contains("In account 111122223333"), "{dialog}");
    page.click_css("dialog[open] details.cli-command > summary").await;
    let command = page.text("dialog[open] details.cli-command pre").await;
    assert!(command.starts_with("aws kms connect-custom-key-store --custom-key-store-id cks-1a2b3c4d5e6f70001 --region us-east-1 --endpoint-url"), "{command}");
    // Cancel here, and connect with the CLI instead: the console sees the store move.
    page.click_button("Cancel").await;
    let words: Vec<String> = command.split_whitespace().skip(1).map(|w| w.trim_matches('\'').to_owned()).collect();
    // On the blocking pool: the sandbox answers on this test's own runtime meanwhile.
    let out = tokio::task::spawn_blocking(move || {
        std::process::Command::new(aws_cli())
            .args(&words)
            .env_clear()
            .env("PATH", std::env::var("PATH").unwrap_or_default())
            .env("HOME", std::env::temp_dir())
            .env("AWS_ACCESS_KEY_ID", seed::DEMO_ACCESS_KEY_ID)
            .env("AWS_SECRET_ACCESS_KEY", seed::DEMO_SECRET_ACCESS_KEY)
            .env("AWS_SESSION_TOKEN", seed::DEMO_SESSION_TOKEN)
            .output()
    })
    .await
    .unwrap()
    .expect("the AWS CLI runs");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let connects = b.sandbox_calls("ConnectCustomKeyStore").await;
    assert_eq!(connects, vec![("us-east-1".to_owned(), "cks-1a2b3c4d5e6f70001".to_owned(), 200)], "the command did what Connect does");
    // The page sees it at its next look; Refresh looks now.
    page.click_css("button[aria-label='Refresh us-east-1']").await;
    page.wait_until(Duration::from_secs(10), || async { ["CONNECTING", "CONNECTED"].contains(&page.state_of("payments-hsm").await.as_str()) }).await;

    // A change made in the console is kept for the runbook; the policies are there to copy.
    page.act("partner-xks", "Connect").await;
    page.wait_for_state("partner-xks", "CONNECTING", Duration::from_secs(5)).await;
    page.click_css("details.operator-tools > summary").await;
    page.wait_until(Duration::from_secs(3), || async { page.text("details.operator-tools").await.contains("1 change in this session.") }).await;
    page.click_css("details.policy > summary").await;
    let policy = page.text("details.policy pre").await;
    let policy: serde_json::Value = serde_json::from_str(&policy).expect("the policy is JSON");
    assert!(policy.to_string().contains("kms:DescribeCustomKeyStores") && !policy.to_string().contains("kms:ConnectCustomKeyStore"), "read-only: {policy}");
    b.finish().await;
}

#[tokio::test]
async fn shortcuts_reach_the_filter_the_key_list_and_a_rows_actions_and_the_focus_returns() {
    const ESCAPE: char = '\u{E00C}';
    let b = Browser::start(Seed::demo()).await;
    let page = b.signed_in().await;
    page.focus("button[aria-label='Details payments-hsm']").await;
    page.press_key('c').await;
    let dialog = page.wait_text("dialog[open]", Duration::from_secs(5)).await;
    assert!(dialog.contains("Connect payments-hsm?"), "{dialog}");
    page.press_key(ESCAPE).await;
    page.wait_until(Duration::from_secs(3), || async { page.text("dialog[open]").await.is_empty() }).await;
    assert_eq!(page.focused_name().await, "Details payments-hsm", "the focus is back where it was");
    assert_eq!(b.sandbox_count("ConnectCustomKeyStore").await, 0);
    page.press_key('d').await;
    page.wait_until(Duration::from_secs(5), || async { page.text("section.details h3").await.contains("payments-hsm") }).await;
    page.press_key('/').await;
    assert_eq!(page.focused_name().await, "Filter");
    page.type_text("?legacy").await;
    assert_eq!(page.field_value("Filter").await, "?legacy", "keys typed into a field are the field's");
    page.erase("Filter").await;
    page.wait_until(Duration::from_secs(5), || async { page.row_count().await > 1 }).await;
    page.focus("button[aria-label='Details payments-hsm']").await;
    page.press_key('?').await;
    let keys = page.wait_text("dialog[open]", Duration::from_secs(5)).await;
    assert!(keys.contains("Keyboard shortcuts") && keys.contains("Go to the filter"), "{keys}");
    b.finish().await;
}

/// The log's rows as (operation, status), oldest first, as the page shows them.
async fn logged(page: &crate::browser::Page<'_>) -> Vec<(String, String)> {
    let rows = page
        .run_script(
            "return [...document.querySelectorAll('table.activity-log tbody tr[data-seq]')].reverse()
                .map(r => [r.cells[3].innerText.split(' ').pop(), r.cells[5].innerText.split(' ')[0]]);",
        )
        .await;
    serde_json::from_value(rows).unwrap()
}

#[tokio::test]
async fn the_activity_log_has_one_entry_per_request_and_no_secret() {
    let b = Browser::start(Seed::demo()).await;
    let page = b.signed_in().await;
    page.act("payments-hsm", "Connect").await;
    page.wait_for_state("payments-hsm", "CONNECTING", Duration::from_secs(5)).await;
    page.press_key('a').await;
    assert_eq!(page.focused_name().await, "Filter the log");
    // One entry for one request: at a moment when nothing is in flight, the page's log and the
    // sandbox's hold the same requests with the same outcomes.
    let sandbox_log = || async {
        let mut all: Vec<(String, String)> = b.sandbox_log().await["requests"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| (r["operation"].as_str().unwrap().to_owned(), r["status"].to_string()))
            .collect();
        all.sort();
        all
    };
    page.wait_until(Duration::from_secs(10), || async {
        let mut mine = logged(&page).await;
        mine.sort();
        mine.iter().any(|(op, _)| op == "ConnectCustomKeyStore") && mine == sandbox_log().await
    })
    .await;
    // The inspector shows what was signed, and nothing secret is anywhere in the log.
    page.click_css("table.activity-log button[aria-label$='ConnectCustomKeyStore']").await;
    let inspected = page.wait_text("table.activity-log .inspect", Duration::from_secs(3)).await;
    assert!(inspected.contains("POST\n/\n") && inspected.contains("AWS4-HMAC-SHA256\n"), "{inspected}");
    let all = page.text("details.activity").await;
    for secret in [seed::DEMO_SECRET_ACCESS_KEY, seed::DEMO_SESSION_TOKEN] {
        assert!(!all.contains(secret), "the log never shows a secret");
    }
    b.finish().await;
}

#[tokio::test]
async fn a_refused_signature_is_explained_with_both_clocks() {
    // The sandbox's clock is an hour ahead: past the bound the console corrects by itself.
    let b = Browser::start(Seed::demo()).await;
    b.expect_console_errors(&["status of 400", "status of 403"]);
    b.set_faults(serde_json::json!({"clock_offset_seconds": 3600})).await;
    let page = b.open().await;
    page.fill_credentials(seed::DEMO_ACCESS_KEY_ID, seed::DEMO_SECRET_ACCESS_KEY, seed::DEMO_SESSION_TOKEN).await;
    page.submit().await;
    page.wait_text(".sign-in [role=alert]", Duration::from_secs(10)).await;
    b.set_faults(serde_json::json!({"clock_offset_seconds": 0})).await;
    page.submit().await;
    page.wait_until(Duration::from_secs(10), || async { page.row_count().await > 0 }).await;
    page.press_key('a').await;
    page.click_css("table.activity-log tbody tr.failed button").await;
    let inspected = page.wait_text("table.activity-log .inspect", Duration::from_secs(3)).await;
    assert!(inspected.contains("This page's clock said") && inspected.contains("The service's clock said"), "{inspected}");
    assert!(inspected.contains("x-amz-date"), "what was signed: {inspected}");
    b.finish().await;
}
