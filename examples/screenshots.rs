//! `cargo xtask screenshots`: drives the release build against the demo sandbox in headless
//! Chromium and writes PNGs of the key screens into docs/screenshots/ (or $CKS_SCREENSHOTS_DIR).
//! Each screen is reached through the same page object as the browser tests, and waits for what
//! it must show, so a broken screen stops the run instead of producing a wrong picture.

#[path = "../tests/browser/mod.rs"]
mod browser;

use browser::{demo_sts_json, now_s, Browser};
use cks_sandbox::seed::Seed;
use std::path::PathBuf;
use std::time::Duration;

#[tokio::main]
async fn main() {
    let dir = PathBuf::from(std::env::var("CKS_SCREENSHOTS_DIR").unwrap_or_else(|_| "docs/screenshots".into()));
    std::fs::create_dir_all(&dir).unwrap();
    let shot = |name: &str| dir.join(format!("{name}.png"));

    let b = Browser::start(Seed::demo()).await;
    b.set_size(1440, 900).await;
    let page = b.open_regions("us-east-1,eu-west-1").await;
    page.paste(&demo_sts_json(now_s() + 3600)).await;
    page.wait_text(".sign-in [role=status]", Duration::from_secs(5)).await;
    b.screenshot_to(&shot("sign-in")).await;
    page.submit().await;
    page.wait_until(Duration::from_secs(10), || async { page.row_count().await >= 5 }).await;
    b.screenshot_to(&shot("table")).await;

    // The fleet: the demo's staging and production accounts added by role ARN, production labelled.
    page.click_button("Add accounts").await;
    page.fill(
        "Role ARNs, one a line; an external ID may follow after a space",
        "arn:aws:iam::444455556666:role/KeyStoreOperator\narn:aws:iam::777788889999:role/KeyStoreOperator",
    )
    .await;
    page.click_button("Add these accounts").await;
    page.wait_until(Duration::from_secs(15), || async { page.text("body").await.contains("prod-eu-xks") }).await;
    page.wait_until(Duration::from_secs(5), || async { page.text("section[data-account='777788889999'] h2").await.contains("production") }).await;
    b.screenshot_to(&shot("fleet")).await;
    // The rest of the tour is the hub's: the member accounts go again.
    for account in ["444455556666", "777788889999"] {
        page.click_in(&format!("li.account[data-account='{account}']"), "Remove").await;
    }

    page.act("payments-hsm", "Connect").await;
    page.wait_for_state("payments-hsm", "CONNECTING", Duration::from_secs(5)).await;
    tokio::time::sleep(Duration::from_secs(3)).await;
    b.screenshot_to(&shot("progress")).await;

    page.act("partner-xks", "Connect").await;
    page.wait_for_state("partner-xks", "FAILED", Duration::from_secs(15)).await;
    page.wait_text("section.guidance h3", Duration::from_secs(5)).await;
    page.run_script("document.querySelector('section.guidance').scrollIntoView();").await;
    b.screenshot_to(&shot("failure-guide")).await;
    page.click_button("Close the guide").await;

    page.press("vpc-xks", "Details").await;
    page.wait_text("section.details h3", Duration::from_secs(5)).await;
    b.screenshot_to(&shot("details")).await;
    page.click_button("Close the details").await;

    page.press("partner-xks", "Details").await;
    page.wait_text(".health-charts figure.chart figcaption", Duration::from_secs(15)).await;
    page.run_script("document.querySelector('.health-charts').scrollIntoView();").await;
    b.screenshot_to(&shot("health-charts")).await;
    page.click_button("Close the details").await;

    // Checks before a change: what a disconnect takes down, and what a VPC store's Connect would end in.
    page.wait_for_state("payments-hsm", "CONNECTED", Duration::from_secs(20)).await;
    page.press("payments-hsm", "Disconnect").await;
    page.wait_until(Duration::from_secs(30), || async { page.text("dialog[open] .blast-sentence").await.ends_with("s3.amazonaws.com).") }).await;
    b.screenshot_to(&shot("blast-radius")).await;
    page.click_button("Cancel").await;
    page.press("strict-vpc-xks", "Connect").await;
    page.wait_until(Duration::from_secs(10), || async { page.text("dialog[open] .prediction").await.contains("XKS_VPC") }).await;
    b.screenshot_to(&shot("xks-preflight")).await;
    page.click_button("Cancel").await;

    page.click_button("Create key store").await;
    page.wait_text("section.create h3", Duration::from_secs(5)).await;
    page.run_script("document.querySelector('section.create').scrollIntoView();").await;
    b.screenshot_to(&shot("create")).await;

    b.set_size(390, 844).await;
    page.run_script("window.scrollTo(0, 0);").await;
    b.screenshot_to(&shot("phone")).await;
    b.finish().await;

    let dark = Browser::start_with(Seed::demo(), &["--force-dark-mode"]).await;
    dark.set_size(1440, 900).await;
    let page = dark.paste_sign_in("us-east-1", &demo_sts_json(now_s() + 3600), 4).await;
    page.press("legacy-hsm", "Troubleshoot").await;
    page.wait_text("section.guidance h3", Duration::from_secs(5)).await;
    dark.screenshot_to(&shot("dark")).await;
    dark.finish().await;
    println!("screenshots written to {}", dir.display());
}
