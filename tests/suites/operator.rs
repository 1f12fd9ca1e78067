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
    page.wait_for_state("payments-hsm", "CONNECTING", Duration::from_secs(90)).await;

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
    assert_eq!(page.focused_name().await, "Connect payments-hsm", "the focus is back on the row");
    assert_eq!(b.sandbox_count("ConnectCustomKeyStore").await, 0);
    page.press_key('d').await;
    page.wait_until(Duration::from_secs(5), || async { page.text("section.details h3").await.contains("payments-hsm") }).await;
    page.press_key('/').await;
    assert_eq!(page.focused_name().await, "Filter");
    page.type_text("?legacy").await;
    assert_eq!(page.field_value("Filter").await, "?legacy", "keys typed into a field are the field's");
    page.focus("button[aria-label='Details payments-hsm']").await;
    page.press_key('?').await;
    let keys = page.wait_text("dialog[open]", Duration::from_secs(5)).await;
    assert!(keys.contains("Keyboard shortcuts") && keys.contains("Go to the filter"), "{keys}");
    b.finish().await;
}
