//! Checks before a change, on the paths users take: the blast radius of a disconnect is in the
//! dialog before the user confirms; the external key store pre-flight predicts what Connect ends
//! in, and Connect then ends in it.

use crate::browser::Browser;
use cks_sandbox::seed::Seed;
use serde_json::{json, Value};
use std::time::Duration;

/// The demo seed with `change` applied to its JSON.
fn demo_with(change: impl FnOnce(&mut Value)) -> Seed {
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/sandbox/seeds/demo.json")).unwrap();
    let mut seed: Value = serde_json::from_str(&text).unwrap();
    change(&mut seed);
    Seed::from_json(&seed.to_string()).unwrap()
}

/// The demo's store `name` in the hub's us-east-1.
fn hub_store<'a>(seed: &'a mut Value, name: &str) -> &'a mut Value {
    let stores = seed["accounts"][0]["regions"]["us-east-1"]["stores"].as_array_mut().unwrap();
    stores.iter_mut().find(|s| s["name"] == name).unwrap()
}

/// The demo seed with payments-hsm already CONNECTED (its keys' use is seeded in CloudTrail).
fn demo_connected() -> Seed {
    demo_with(|seed| hub_store(seed, "payments-hsm")["state"] = json!("CONNECTED"))
}

#[tokio::test]
async fn the_disconnect_dialog_shows_what_breaks_before_the_user_confirms() {
    let b = Browser::start(demo_connected()).await;
    let page = b.signed_in().await;
    page.press("payments-hsm", "Disconnect").await;
    page.wait_text("dialog[open]", Duration::from_secs(5)).await;
    // Partial numbers show while CloudTrail is read; the whole window at the end.
    page.wait_until(Duration::from_secs(30), || async {
        page.text("dialog[open] .blast-sentence").await.ends_with("by 3 principals (also through s3.amazonaws.com).")
    })
    .await;
    let sentence = page.text("dialog[open] .blast-sentence").await;
    assert_eq!(sentence, "Disconnecting makes 3 keys unusable; in the last 24 h they were used 1,240 times by 3 principals (also through s3.amazonaws.com).");
    assert_eq!(b.sandbox_count("DisconnectCustomKeyStore").await, 0, "nothing is changed before the user confirms");
    // CloudTrail is asked at most twice a second.
    let log = b.sandbox_log().await;
    let lookups: Vec<u64> =
        log["requests"].as_array().unwrap().iter().filter(|r| r["operation"] == "LookupEvents").map(|r| r["started_ms"].as_u64().unwrap()).collect();
    assert!(lookups.len() >= 3, "one lookup a key at least: {lookups:?}");
    assert!(lookups.windows(2).all(|w| w[1] - w[0] >= 450), "paced under 2 a second: {lookups:?}");
    // A longer window counts the older calls too.
    page.select("Use over the last", "7").await;
    page.wait_until(Duration::from_secs(30), || async {
        let s = page.text("dialog[open] .blast-sentence").await;
        s.contains("in the last 7 days") && !s.contains("so far")
    })
    .await;
    let week = page.text("dialog[open] .blast-sentence").await;
    assert!(!week.contains("1,240 times"), "the older calls on the third key count in a week: {week}");
    page.click_button("Yes, disconnect").await;
    page.wait_for_state("payments-hsm", "DISCONNECTING", Duration::from_secs(5)).await;
    b.finish().await;
}

#[tokio::test]
async fn the_vpc_pre_flight_predicts_the_connection_error_and_connect_ends_in_it() {
    let b = Browser::start(Seed::demo()).await;
    let page = b.signed_in().await;
    page.press("strict-vpc-xks", "Connect").await;
    page.wait_text("dialog[open]", Duration::from_secs(5)).await;
    page.wait_until(Duration::from_secs(10), || async {
        page.text("dialog[open] .prediction").await.contains("XKS_VPC_ENDPOINT_SERVICE_INVALID_CONFIGURATION")
    })
    .await;
    let checks = page.text("dialog[open] .checks").await;
    assert!(checks.to_lowercase().contains("acceptance"), "the acceptance check is listed: {checks}");
    assert!(checks.contains("TLS") || checks.contains("TCP"), "the listener check is listed: {checks}");
    for operation in ["DescribeVpcEndpointServiceConfigurations", "DescribeVpcEndpointServicePermissions", "DescribeListeners"] {
        assert!(b.sandbox_count(operation).await >= 1, "{operation} was asked");
    }
    page.click_button("Connect anyway").await;
    page.wait_for_state("strict-vpc-xks", "FAILED", Duration::from_secs(30)).await;
    assert!(page.text("table.store-list").await.contains("XKS_VPC_ENDPOINT_SERVICE_INVALID_CONFIGURATION"));
    b.finish().await;
}

#[tokio::test]
async fn recommended_alarms_are_shown_created_listed_with_their_state_and_removed() {
    let b = Browser::start(Seed::demo()).await;
    let page = b.signed_in().await;
    page.press("partner-xks", "Details").await;
    page.wait_until(Duration::from_secs(10), || async { page.text("section.details .alarms-panel").await.contains("No alarm watches this store.") }).await;
    page.click_button("Show the recommended alarms").await;
    page.wait_until(Duration::from_secs(10), || async { page.text("section.details .alarms-panel").await.contains("alarms to create") }).await;
    let shown = page.text("section.details .alarms-panel .proposed").await;
    assert!(shown.contains("cks-console/cks-1a2b3c4d5e6f70002/"), "the definitions are shown before anything is created: {shown}");
    assert_eq!(b.sandbox_count("PutMetricAlarm").await, 0, "nothing created before the user says so");
    page.click_button("Create these alarms").await;
    page.wait_until(Duration::from_secs(10), || async { page.text("section.details .alarms-panel [role=status]").await.starts_with("Created") }).await;
    page.wait_until(Duration::from_secs(10), || async { page.text("section.details .alarms-panel ul.alarms").await.contains("(created by this console)") })
        .await;
    let listed = page.text("section.details .alarms-panel ul.alarms").await;
    assert!(["OK", "ALARM", "INSUFFICIENT_DATA"].iter().any(|s| listed.contains(s)), "each with its state: {listed}");
    page.click_button("Remove the alarms this console created").await;
    page.wait_until(Duration::from_secs(10), || async { page.text("section.details .alarms-panel").await.contains("No alarm watches this store.") }).await;
    assert!(b.sandbox_count("DeleteAlarms").await >= 1);
    b.finish().await;
}

/// The credential the demo's vpc proxy accepts beside its own (fake, documented in the sandbox's
/// README), as a proxy does half-way through a rotation.
const NEXT_KEY_ID: &str = "SANDBOXFAKEXKSKEYNEXTTWO";
const NEXT_SECRET: &str = "SandboxFakeXksSecretNextRotationNotReal00ab";

#[tokio::test]
async fn a_proxy_credential_rotation_resumes_after_leaving_and_ends_with_the_age_confirmed() {
    let b = Browser::start(Seed::demo()).await;
    let page = b.signed_in().await;
    page.press("vpc-xks", "Details").await;
    page.wait_text("section.details", Duration::from_secs(5)).await;
    page.click_button("Rotate the proxy credential").await;
    let now = || async { page.text("section.rotation ol.steps li[aria-current=step]").await };
    page.wait_until(Duration::from_secs(5), || async { now().await.contains("The proxy accepts the old and the new") }).await;
    assert!(page.text("section.rotation").await.contains("up to 5 minutes"), "it says why the steps are what they are");
    page.click_button("The proxy accepts both credentials").await;
    page.wait_until(Duration::from_secs(5), || async { now().await.contains("Update the store") }).await;

    // Leaving the page (here: a new sign-in in the same tab) keeps the rotation where it was.
    let page = b.signed_in().await;
    page.press("vpc-xks", "Details").await;
    let now = || async { page.text("section.rotation ol.steps li[aria-current=step]").await };
    page.wait_until(Duration::from_secs(5), || async { now().await.contains("Update the store") }).await;
    let kept = page.persisted().await;
    assert!(kept.contains("rotations.111122223333.us-east-1"), "kept in the tab: {kept}");

    // The update, with the credential the proxy now accepts too.
    page.fill("New proxy access key ID", NEXT_KEY_ID).await;
    page.fill("New proxy secret access key", NEXT_SECRET).await;
    page.click_button("Update the proxy credential").await;
    // KMS taking it up is seen in XksProxyCredentialAge: 30 days before, 0 after the update.
    page.wait_until(Duration::from_secs(15), || async { now().await.contains("drops the old") }).await;
    let all = page.text("section.rotation ol.steps").await;
    assert!(all.contains("30 days before, 0 now."), "the age is confirmed: {all}");
    let updates = b.sandbox_log().await["requests"].as_array().unwrap().iter().filter(|r| r["operation"] == "UpdateCustomKeyStore").count();
    assert_eq!(updates, 1, "one update");
    page.click_button("The proxy no longer accepts the old credential").await;
    page.wait_until(Duration::from_secs(5), || async { page.text("section.rotation [role=status]").await.starts_with("Done: KMS uses the new credential") })
        .await;
    let kept = page.persisted().await;
    assert!(!kept.contains(NEXT_SECRET) && !kept.contains(NEXT_KEY_ID), "no credential reaches storage: {kept}");
    page.click_button("Close").await;
    page.wait_until(Duration::from_secs(5), || async { !page.persisted().await.contains("rotations.") }).await;
    b.finish().await;
}

#[tokio::test]
async fn the_fleet_summary_forecasts_what_will_need_a_person_under_the_users_policy() {
    let b = Browser::start(Seed::demo()).await;
    let page = b.signed_in().await;
    let forecast = || async { page.text(".fleet-summary .forecast").await };
    // Metrics, clusters and alarms are read after the list: the forecast fills in as they arrive.
    page.wait_until(Duration::from_secs(15), || async {
        let f = forecast().await;
        f.contains("older than 90 days") && f.contains("one Availability Zone") && f.contains("no alarms")
    })
    .await;
    let f = forecast().await;
    assert!(f.contains("partner-xks (111122223333, us-east-1): certificate expires in 5 days"), "{f}");
    assert!(f.contains("partner-xks (111122223333, us-east-1): proxy credential 400 days old"), "{f}");
    assert!(f.contains("legacy-hsm (111122223333, us-east-1): 2 active HSMs, all in one Availability Zone"), "{f}");
    assert!(f.contains("vpc-xks (111122223333, us-east-1): no CloudWatch alarm watches it"), "{f}");
    assert!(!f.contains("vpc-xks (111122223333, us-east-1): proxy credential"), "30 days is within the policy: {f}");
    assert_eq!(b.sandbox_count("DescribeAlarms").await, 1, "one walk of the alarms for the account and Region");
    // A stricter policy: vpc-xks's 30-day-old credential is due too; a looser one: neither is.
    page.focus(".fleet-summary .forecast .policy input").await;
    page.select_all_and_type("20\u{E004}").await;
    page.wait_until(Duration::from_secs(5), || async { forecast().await.contains("vpc-xks (111122223333, us-east-1): proxy credential 30 days old") }).await;
    page.focus(".fleet-summary .forecast .policy input").await;
    page.select_all_and_type("500\u{E004}").await;
    page.wait_until(Duration::from_secs(5), || async { !forecast().await.contains("proxy credential") }).await;
    b.finish().await;
}

const STRICT_SERVICE: &str = "com.amazonaws.vpce.us-east-1.vpce-svc-0fedcba9876543210";
const GOOD_SERVICE: &str = "com.amazonaws.vpce.us-east-1.vpce-svc-0abcdef1234567890";

#[tokio::test]
async fn settings_typed_in_create_and_update_are_checked_before_anything_is_sent() {
    let b = Browser::start(Seed::demo()).await;
    let page = b.signed_in().await;
    // Create: an external key store through the endpoint service that requires acceptance.
    page.click_button("Create key store").await;
    b.check("External key store").await;
    b.check("VPC endpoint service").await;
    page.fill("Proxy URI endpoint", "https://xks-strict.vpc.example.com").await;
    page.fill("Proxy URI path", "/kms/xks/v1").await;
    page.fill("VPC endpoint service name", STRICT_SERVICE).await;
    page.wait_until(Duration::from_secs(10), || async {
        page.text("section.create .preflight .prediction").await.contains("XKS_VPC_ENDPOINT_SERVICE_INVALID_CONFIGURATION")
    })
    .await;
    let checks = page.text("section.create .preflight .checks").await;
    assert!(checks.to_lowercase().contains("acceptance"), "{checks}");
    assert_eq!(b.sandbox_count("CreateCustomKeyStore").await, 0, "nothing sent before the user asks");
    assert_eq!(b.sandbox_count("DescribeVpcEndpointServiceConfigurations").await, 1, "asked once, for the whole name");
    page.click_in("section.create", "Cancel").await;

    // Update: a path the model refuses, then an endpoint service that is right.
    page.press("strict-vpc-xks", "Details").await;
    page.click_in("section.details", "Edit settings").await;
    page.fill("New proxy URI path", "/kms").await;
    page.wait_until(Duration::from_secs(5), || async { page.text("section.details .setting .preflight .checks").await.contains("/kms: must be") }).await;
    page.erase("New proxy URI path").await;
    page.wait_until(Duration::from_secs(5), || async { !page.is_displayed("section.details .setting .preflight").await }).await;
    page.fill("New VPC endpoint service name", GOOD_SERVICE).await;
    page.wait_until(Duration::from_secs(10), || async { page.text("section.details .setting .preflight .prediction").await == "No check predicts a failure." })
        .await;
    assert_eq!(b.sandbox_count("UpdateCustomKeyStore").await, 0, "nothing sent before the user asks");
    b.finish().await;
}

/// The demo seed with `deny` refused to the hub, and strict-vpc-xks's endpoint service said to be
/// owned by `owner`.
fn demo_denied(deny: &[&str], owner: &str) -> Seed {
    demo_with(|seed| {
        seed["accounts"][0]["deny"] = json!(deny);
        hub_store(seed, "strict-vpc-xks")["xks_proxy"]["vpc_endpoint_service_owner"] = json!(owner);
    })
}

/// The text of each check the open dialog's pre-flight could not make.
async fn unchecked(page: &crate::browser::Page<'_>, css: &str) -> Vec<String> {
    let script =
        format!("return [...document.querySelectorAll(\"{css} .preflight li[data-status='unchecked']\")].map(li => li.innerText.replace(/\\s+/g, ' '));");
    serde_json::from_value(page.run_script(&script).await).unwrap()
}

#[tokio::test]
async fn every_check_that_cannot_be_made_says_not_checked_and_why() {
    const WAIT: Duration = Duration::from_secs(10);
    let deny = [
        "ec2:DescribeVpcEndpointServicePermissions",
        "elasticloadbalancing:DescribeLoadBalancers",
        "elasticloadbalancing:DescribeListeners",
        "cloudtrail:LookupEvents",
        "kms:ListAliases",
        "cloudwatch:DescribeAlarms",
        "sns:ListTopics",
    ];
    let b = Browser::start(demo_denied(&deny, "111122223333")).await;
    b.expect_console_errors(&["status of 400", "status of 403"]);
    let page = b.signed_in().await;
    // The pre-flight before Connect: what EC2 and ELB refused is named, the rest is checked.
    page.press("strict-vpc-xks", "Connect").await;
    page.wait_until(WAIT, || async { unchecked(&page, "dialog[open]").await.len() >= 3 }).await;
    let list = unchecked(&page, "dialog[open]").await.join("\n");
    for action in ["ec2:DescribeVpcEndpointServicePermissions", "elasticloadbalancing:DescribeLoadBalancers", "elasticloadbalancing:DescribeListeners"] {
        assert!(list.contains(action), "{action} is named: {list}");
    }
    assert!(page.text("dialog[open] .preflight").await.contains("Acceptance not required"), "what EC2 allowed is still checked");
    page.click_button("Cancel").await;
    // The blast radius before Disconnect: keys listed by id, their use and aliases not checked.
    page.press("vpc-xks", "Disconnect").await;
    page.wait_until(WAIT, || async { page.text("dialog[open] .blast-sentence").await.contains("cloudtrail:LookupEvents") }).await;
    let blast = page.text("dialog[open] .blast-radius").await;
    assert!(blast.contains("Disconnecting makes 2 keys unusable"), "the keys are known even when their use is not: {blast}");
    assert!(blast.contains("Aliases: ") && blast.contains("kms:ListAliases"), "{blast}");
    page.click_button("Cancel").await;
    // Alarms and topics in the details, and the fleet forecast, which calls nothing unwatched.
    page.press("partner-xks", "Details").await;
    page.wait_until(WAIT, || async {
        let panel = page.text("section.details .alarms-panel").await;
        panel.contains("cloudwatch:DescribeAlarms") && panel.contains("sns:ListTopics")
    })
    .await;
    let forecast = page.text(".fleet-summary .forecast").await;
    assert!(forecast.contains("cloudwatch:DescribeAlarms") && !forecast.contains("no alarms"), "{forecast}");
    assert_eq!(page.row_count().await, 5, "the page works on");
    b.finish().await;

    // EC2 refused altogether (before Create), and an endpoint service another account owns.
    let b = Browser::start(demo_denied(&["ec2:DescribeVpcEndpointServiceConfigurations"], "444455556666")).await;
    b.expect_console_errors(&["status of 403"]);
    let page = b.signed_in().await;
    page.click_button("Create key store").await;
    b.check("External key store").await;
    b.check("VPC endpoint service").await;
    page.fill("VPC endpoint service name", GOOD_SERVICE).await;
    page.wait_until(WAIT, || async { unchecked(&page, "section.create").await.iter().any(|c| c.contains("ec2:DescribeVpcEndpointServiceConfigurations")) })
        .await;
    let list = unchecked(&page, "section.create").await;
    assert_eq!(list.len(), 7, "{list:?}");
    assert!(list.iter().all(|c| c.contains("ec2:DescribeVpcEndpointServiceConfigurations")), "{list:?}");
    page.click_in("section.create", "Cancel").await;
    page.press("strict-vpc-xks", "Connect").await;
    page.wait_until(WAIT, || async { unchecked(&page, "dialog[open]").await.len() == 7 }).await;
    let list = unchecked(&page, "dialog[open]").await;
    assert!(list.iter().all(|c| c.contains("belongs to account 444455556666")), "{list:?}");
    assert_eq!(b.sandbox_count("DescribeVpcEndpointServiceConfigurations").await, 1, "the other account's service is not asked about");
    b.finish().await;
}
