//! The fleet view on the paths its users take: accounts added from a pasted `~/.aws/config`, from
//! the organization, or by role ARN; an account that refuses while the others load; a chained
//! session renewed at its end while a Connect is followed; the production guard by keyboard; a
//! shared view link opened in a fresh browser, Back and Forward between views, a link to a store
//! that is not there.

use crate::browser::{Browser, Page};
use cks_sandbox::seed::{self, Seed};
use serde_json::{json, Value};
use std::time::Duration;

const ENTER: char = '\u{E007}';
const TAB: char = '\u{E004}';
const SHIFT_TAB: [char; 2] = ['\u{E008}', '\u{E004}'];

const STAGING: &str = "444455556666";
const PRODUCTION: &str = "777788889999";

/// The demo seed with `change` applied to its JSON (e.g. a production store left DISCONNECTED).
fn demo_with(change: impl FnOnce(&mut Value)) -> Seed {
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/sandbox/seeds/demo.json")).unwrap();
    let mut value: Value = serde_json::from_str(&text).unwrap();
    change(&mut value);
    Seed::from_json(&value.to_string()).unwrap()
}

fn account_mut<'a>(seed: &'a mut Value, id: &str) -> &'a mut Value {
    seed["accounts"].as_array_mut().unwrap().iter_mut().find(|a| a["account_id"] == id).unwrap()
}

fn store_mut<'a>(seed: &'a mut Value, account: &str, region: &str, name: &str) -> &'a mut Value {
    account_mut(seed, account)["regions"][region]["stores"].as_array_mut().unwrap().iter_mut().find(|s| s["name"] == name).unwrap()
}

/// Signs in with the demo keys in `regions` (the endpoint from the link, ticked).
async fn sign_in<'a>(b: &'a Browser, regions: &str) -> Page<'a> {
    let page = b.open_regions(regions).await;
    page.fill_credentials(seed::DEMO_ACCESS_KEY_ID, seed::DEMO_SECRET_ACCESS_KEY, seed::DEMO_SESSION_TOKEN).await;
    page.submit().await;
    page.wait_until(Duration::from_secs(10), || async { page.row_count().await > 0 }).await;
    page
}

/// Opens "Add accounts" on the tab named `source`.
async fn add_accounts_from(page: &Page<'_>, source: &str) {
    page.click_button("Add accounts").await;
    page.wait_text(".add-accounts", Duration::from_secs(5)).await;
    page.click_button(source).await;
}

/// Adds the production account by its role ARN, as a user types it.
async fn add_production(page: &Page<'_>) {
    add_accounts_from(page, "Role ARNs").await;
    page.fill("Role ARNs, one a line; an external ID may follow after a space", &format!("arn:aws:iam::{PRODUCTION}:role/KeyStoreOperator")).await;
    page.click_button("Add these accounts").await;
}

/// The sections (account, Region) on the page whose list has loaded.
async fn loaded_scopes(page: &Page<'_>) -> Vec<(String, String)> {
    let found = page
        .run_script(
            "return [...document.querySelectorAll('section.region')].filter(s => /updated/.test(s.querySelector('.region-meta')?.innerText || ''))
                .map(s => [s.dataset.account, s.dataset.region]);",
        )
        .await;
    serde_json::from_value(found).unwrap()
}

/// (account, Region, status) of each `operation` in the sandbox's log.
async fn calls(b: &Browser, operation: &str) -> Vec<(String, String, u64)> {
    let log = b.sandbox_log().await;
    log["requests"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["operation"] == operation)
        .map(|r| (r["account_id"].as_str().unwrap_or_default().to_owned(), r["region"].as_str().unwrap_or_default().to_owned(), r["status"].as_u64().unwrap()))
        .collect()
}

#[tokio::test]
async fn a_pasted_aws_config_shows_three_accounts_in_two_regions_and_acts_in_each_with_its_own_credentials() {
    let b = Browser::start(demo_with(|s| {
        let store = store_mut(s, PRODUCTION, "eu-west-1", "prod-eu-xks");
        store["state"] = json!("DISCONNECTED");
        store["connect_delay_ms"] = json!(3000);
    }))
    .await;
    let page = sign_in(&b, "us-east-1,eu-west-1").await;
    add_accounts_from(&page, "~/.aws/config").await;
    let config = format!(
        "[default]\nregion = us-east-1\n\n[profile staging]\nrole_arn = arn:aws:iam::{STAGING}:role/KeyStoreOperator\nsource_profile = default\n\n\
         # the one that matters\n[profile production]\nrole_arn = arn:aws:iam::{PRODUCTION}:role/KeyStoreOperator\nsource_profile = default\nregion = eu-west-1\n"
    );
    page.fill("Paste a ~/.aws/config: every profile with a role_arn becomes an account", &config).await;
    let summary = page.text(".add-summary").await;
    assert_eq!(summary, "2 accounts to add.", "the default profile has no role to assume");
    assert!(page.text(".left-out").await.contains("default"), "and it says why it is left out");
    page.click_button("Add these accounts").await;

    // Every scope of 3 accounts × 2 Regions loads its own list.
    page.wait_until(Duration::from_secs(15), || async { loaded_scopes(&page).await.len() == 6 }).await;
    let mut scopes = loaded_scopes(&page).await;
    scopes.sort();
    let want: Vec<(String, String)> =
        [seed::DEMO_ACCOUNT_ID, STAGING, PRODUCTION].iter().flat_map(|a| ["eu-west-1", "us-east-1"].map(|r| (a.to_string(), r.to_owned()))).collect();
    assert_eq!(scopes, want);
    for (account, region, _) in calls(&b, "DescribeCustomKeyStores").await {
        assert!(want.contains(&(account.clone(), region.clone())), "a list in an unexpected scope: {account} {region}");
    }
    assert!(page.text("section[data-account='777788889999'] h2").await.contains("production"), "named from the organization");
    assert_eq!(page.state_of("prod-eu-xks").await, "DISCONNECTED");

    // Connect the third account's store: signed with that account's credentials in its Region.
    page.act("prod-eu-xks", "Connect").await;
    page.wait_for_state("prod-eu-xks", "CONNECTING", Duration::from_secs(5)).await;
    assert_eq!(calls(&b, "ConnectCustomKeyStore").await, vec![(PRODUCTION.to_owned(), "eu-west-1".to_owned(), 200)]);
    page.wait_for_state("prod-eu-xks", "CONNECTED", Duration::from_secs(20)).await;
    assert!(page.current_url().await.contains("accounts="), "the accounts are in the link");
    b.finish().await;
}

#[tokio::test]
async fn accounts_come_from_the_organization_through_a_searchable_checklist() {
    let b = Browser::start(Seed::demo()).await;
    let page = sign_in(&b, "us-east-1").await;
    add_accounts_from(&page, "AWS Organizations").await;
    page.click_button("List the accounts of the organization").await;
    page.wait_until(Duration::from_secs(10), || async { page.text(".org-accounts").await.contains("production") }).await;
    assert!(page.text(".org-accounts").await.contains("staging"));
    page.fill("Search accounts", "prod").await;
    page.wait_until(Duration::from_secs(3), || async { !page.text(".org-accounts").await.contains("staging") }).await;
    b.check("production 777788889999 ACTIVE").await;
    assert_eq!(page.text(".add-summary").await, "1 account to add.");
    page.click_button("Add these accounts").await;
    page.wait_until(Duration::from_secs(10), || async { page.text("section[data-account='777788889999'] .region-meta").await.contains("updated") }).await;
    assert_eq!(calls(&b, "ListAccounts").await.len(), calls(&b, "ListAccounts").await.iter().filter(|c| c.2 == 200).count());
    assert!(calls(&b, "AssumeRole").await.iter().any(|c| c.0 == seed::DEMO_ACCOUNT_ID && c.2 == 200), "assumed from the hub");
    b.finish().await;
}

#[tokio::test]
async fn an_account_that_refuses_assume_role_is_its_own_row_and_never_holds_up_the_others() {
    let b = Browser::start(Seed::demo()).await;
    b.expect_console_errors(&["status of 403"]);
    let page = sign_in(&b, "us-east-1").await;
    add_accounts_from(&page, "Role ARNs").await;
    // PartnerAudit wants an external id that this line does not give.
    let lines = format!("arn:aws:iam::{STAGING}:role/PartnerAudit\narn:aws:iam::{PRODUCTION}:role/KeyStoreOperator\n");
    page.fill("Role ARNs, one a line; an external ID may follow after a space", &lines).await;
    page.click_button("Add these accounts").await;
    page.wait_until(Duration::from_secs(10), || async { page.row_count().await >= 5 }).await;
    page.wait_until(Duration::from_secs(10), || async { page.text("li.account[data-account='444455556666']").await.contains("Retry") }).await;
    let row = page.text("li.account[data-account='444455556666']").await;
    assert!(row.contains("PartnerAudit"), "the refusal names the role: {row}");
    assert!(page.text("section[data-account='777788889999']").await.contains("prod-payments-hsm"), "the other account loaded");
    assert!(page.text("section[data-account='444455556666']").await.is_empty(), "no section for the refused account");

    // Retry with the same (wrong) settings is refused again, once.
    let before = calls(&b, "AssumeRole").await.len();
    page.click_in("li.account[data-account='444455556666']", "Retry").await;
    page.wait_until(Duration::from_secs(5), || async { calls(&b, "AssumeRole").await.len() == before + 1 }).await;
    page.wait_until(Duration::from_secs(5), || async { page.text("li.account[data-account='444455556666']").await.contains("Retry") }).await;
    b.finish().await;
}

#[tokio::test]
async fn a_chained_session_is_renewed_before_it_ends_while_a_connect_is_followed() {
    // Production's sessions last 6 minutes here (a sandbox test knob): the console renews them 5
    // minutes ahead, so within a minute, and the Connect it follows carries on.
    let b = Browser::start(demo_with(|s| {
        let account = account_mut(s, PRODUCTION);
        account["roles"][0]["test_session_seconds"] = json!(330);
        let store = store_mut(s, PRODUCTION, "us-east-1", "prod-payments-hsm");
        store["state"] = json!("DISCONNECTED");
        store["connect_delay_ms"] = json!(45_000);
    }))
    .await;
    let page = sign_in(&b, "us-east-1").await;
    add_production(&page).await;
    page.wait_until(Duration::from_secs(10), || async { page.state_of("prod-payments-hsm").await == "DISCONNECTED" }).await;
    page.act("prod-payments-hsm", "Connect").await;
    page.wait_for_state("prod-payments-hsm", "CONNECTING", Duration::from_secs(5)).await;
    let assumed = |calls: Vec<(String, String, u64)>| calls.into_iter().filter(|c| c.0 == seed::DEMO_ACCOUNT_ID && c.2 == 200).count();
    assert_eq!(assumed(calls(&b, "AssumeRole").await), 1);
    page.wait_until(Duration::from_secs(60), || async { assumed(calls(&b, "AssumeRole").await) == 2 }).await;
    page.wait_for_state("prod-payments-hsm", "CONNECTED", Duration::from_secs(30)).await;
    let lists = calls(&b, "DescribeCustomKeyStores").await;
    assert!(lists.iter().filter(|c| c.0 == PRODUCTION).all(|c| c.2 == 200), "no list was refused for an expired session: {lists:?}");
    b.finish().await;
}

#[tokio::test]
async fn a_labelled_account_asks_for_its_name_before_a_change_by_keyboard_alone() {
    let b = Browser::start(Seed::demo()).await;
    let page = sign_in(&b, "us-east-1").await;
    add_accounts_from(&page, "Role ARNs").await;
    page.fill("Role ARNs, one a line; an external ID may follow after a space", &format!("arn:aws:iam::{PRODUCTION}:role/KeyStoreOperator")).await;
    page.fill("Label these accounts (optional, e.g. production)", "production").await;
    page.click_button("Add these accounts").await;
    page.wait_until(Duration::from_secs(10), || async { page.state_of("prod-payments-hsm").await == "CONNECTED" }).await;

    page.focus("button[aria-label='Disconnect prod-payments-hsm']").await;
    page.press_key(ENTER).await;
    let dialog = page.wait_text("dialog[open]", Duration::from_secs(5)).await;
    assert!(dialog.contains(PRODUCTION) && dialog.contains("us-east-1"), "the dialog names the account and Region: {dialog}");
    assert_eq!(page.focused_name().await, "Cancel");
    assert!(!page.is_enabled_by_css("dialog[open] button.primary").await, "not before the name is typed");
    // Back to the name field, type a wrong name, then the right one.
    page.press_keys(&SHIFT_TAB).await;
    assert!(page.focused_name().await.starts_with("This account is labelled production"), "{}", page.focused_name().await);
    page.type_text("staging").await;
    assert!(!page.is_enabled_by_css("dialog[open] button.primary").await);
    page.select_all_and_type("production").await;
    page.press_key(TAB).await;
    assert_eq!(page.focused_name().await, "Cancel");
    page.press_key(TAB).await;
    assert_eq!(page.focused_name().await, "Yes, disconnect");
    page.press_key(ENTER).await;
    page.wait_for_state("prod-payments-hsm", "DISCONNECTING", Duration::from_secs(5)).await;
    assert_eq!(calls(&b, "DisconnectCustomKeyStore").await, vec![(PRODUCTION.to_owned(), "us-east-1".to_owned(), 200)]);
    // The hub's own stores are not labelled: no name asked there.
    page.focus("button[aria-label='Connect payments-hsm']").await;
    page.press_key(ENTER).await;
    page.wait_text("dialog[open]", Duration::from_secs(5)).await;
    page.press_key(TAB).await;
    assert!(page.is_enabled_by_css("dialog[open] button.primary").await);
    b.finish().await;
}

/// How far each store table scrolls sideways (px hidden), and whether every row's name, state and
/// main action, and every type tab, are inside the window.
async fn fit(page: &Page<'_>) -> (Vec<i64>, bool) {
    let v = page
        .run_script(
            "const w = document.documentElement.clientWidth;
             const inside = (e) => { const r = e.getBoundingClientRect(); return r.width > 0 && r.left >= 0 && r.right <= w; };
             const hidden = [...document.querySelectorAll('.table-box')].filter(b => b.querySelector('table.store-list')).map(b => b.scrollWidth - b.clientWidth);
             const rows = [...document.querySelectorAll('table.store-list tbody tr')];
             const ok = rows.length > 0 && rows.every(r => inside(r.querySelector('th[scope=row] button.name')) && inside(r.querySelector('.badge'))
                 && inside(r.querySelector('td.actions button, td.actions summary')))
                 && [...document.querySelectorAll('.type-tabs .tab')].every(inside) && document.documentElement.scrollWidth <= w;
             return [hidden, ok];",
        )
        .await;
    serde_json::from_value(v).unwrap()
}

#[tokio::test]
async fn the_fleet_table_fits_1280_1366_and_a_390_px_phone() {
    let b = Browser::start(Seed::demo()).await;
    let page = sign_in(&b, "us-east-1").await;
    add_production(&page).await;
    page.wait_until(Duration::from_secs(10), || async { page.text("section[data-account='777788889999']").await.contains("prod-payments-hsm") }).await;
    assert!(page.text("table.store-list thead").await.contains("Account"), "the Account column shows in a fleet");
    for (width, height) in [(1280, 900), (1366, 768)] {
        b.set_size(width, height).await;
        let (hidden, _) = fit(&page).await;
        if std::env::var("CKS_MEASURE").is_ok() {
            let widths = page.run_script("return [...document.querySelectorAll('table.store-list')].map(t => [...t.querySelectorAll('thead th')].map(th => th.className + ':' + Math.round(th.getBoundingClientRect().width)).join(' '));").await;
            eprintln!("{width}: {widths}");
        }
        assert!(hidden.iter().all(|&px| px <= 0), "at {width} px the tables hide {hidden:?} px of their columns");
    }
    b.set_size(390, 844).await;
    let (_, ok) = fit(&page).await;
    assert!(ok, "at 390 px every store's name, state and main action, and every type tab, are on screen");
    // The choice of columns: hiding one is remembered in the URL and the name stays.
    b.set_size(1280, 900).await;
    page.click_css("details.column-chooser > summary").await;
    b.uncheck("ID").await;
    page.wait_until(Duration::from_secs(3), || async { !page.text("table.store-list thead").await.contains("ID") }).await;
    let url = page.current_url().await;
    assert!(url.contains("hide=created%2Cid"), "the choice (the fleet leaves the date out by default) is in the link: {url}");
    b.finish().await;
}

#[tokio::test]
async fn a_region_the_account_has_not_enabled_says_so_in_that_scope_only() {
    let b = Browser::start(Seed::demo()).await;
    b.expect_console_errors(&["status of 400", "status of 403"]);
    let page = sign_in(&b, "us-east-1,me-south-1").await;
    add_production(&page).await;
    let disabled = "section[data-account='777788889999'][data-region='me-south-1']";
    page.wait_until(Duration::from_secs(15), || async { page.text(disabled).await.contains("Region not enabled in this account") }).await;
    assert!(page.text("section[data-account='777788889999'][data-region='us-east-1']").await.contains("prod-payments-hsm"), "its other Region loads");
    assert!(!page.text("section[data-account='111122223333'][data-region='me-south-1'] .load-failed").await.contains("not enabled"), "the hub has it");
    b.finish().await;
}

#[tokio::test]
async fn removing_an_account_closes_its_scopes_and_leaves_the_others() {
    let b = Browser::start(Seed::demo()).await;
    let page = sign_in(&b, "us-east-1").await;
    add_production(&page).await;
    page.wait_until(Duration::from_secs(10), || async { page.text("section[data-account='777788889999']").await.contains("prod-payments-hsm") }).await;
    page.click_in("li.account[data-account='777788889999']", "Remove").await;
    page.wait_until(Duration::from_secs(5), || async { page.text("section[data-account='777788889999']").await.is_empty() }).await;
    page.click_button("Refresh").await;
    page.wait_until(Duration::from_secs(5), || async { page.text("body").await.contains("payments-hsm") }).await;
    assert!(page.text("#recovery").await.is_empty(), "the page goes on: {:?}", b.console_errors().await);
    b.finish().await;
}

/// `link`'s query with its endpoint pointed at `b`'s sandbox: the same link, opened where the same
/// KMS answers (each test browser brings a sandbox of its own).
fn link_for(link: &str, b: &Browser) -> String {
    let query = link.split_once('?').expect("the link has a query").1;
    let endpoint = format!("endpoint={}", b.kms_url.trim_end_matches('/'));
    query.split('&').map(|pair| if pair.starts_with("endpoint=") { endpoint.clone() } else { pair.to_owned() }).collect::<Vec<_>>().join("&")
}

/// The focused element's accessible name is `name`, once the page has moved the focus.
async fn wait_focus(page: &Page<'_>, name: &str) {
    page.wait_until(Duration::from_secs(5), || async { page.focused_name().await == name }).await;
}

#[tokio::test]
async fn a_shared_link_opened_in_a_fresh_browser_lands_on_the_same_store_and_filter_after_sign_in() {
    let b = Browser::start(Seed::demo()).await;
    let page = sign_in(&b, "us-east-1,eu-west-1").await;
    add_production(&page).await;
    page.wait_until(Duration::from_secs(15), || async {
        page.text("section[data-account='777788889999'][data-region='eu-west-1']").await.contains("prod-eu-xks")
    })
    .await;
    page.fill("Filter", "prod").await;
    page.wait_until(Duration::from_secs(5), || async { page.state_of("payments-hsm").await.is_empty() }).await;
    page.press("prod-eu-xks", "Details").await;
    page.wait_until(Duration::from_secs(5), || async { page.text("section.details h3").await.contains("prod-eu-xks") }).await;
    let link = page.current_url().await;
    for part in ["accounts=", "region=us-east-1%2Ceu-west-1", "q=prod", "store=777788889999%2Feu-west-1%2Fcks-7a8b9c0d1e2f00002"] {
        assert!(link.contains(part), "{part} is in the link: {link}");
    }
    for secret in [seed::DEMO_ACCESS_KEY_ID, seed::DEMO_SECRET_ACCESS_KEY, seed::DEMO_SESSION_TOKEN] {
        let encoded = secret.replace('/', "%2F");
        assert!(!link.contains(secret) && !link.contains(&encoded), "no credential in the link: {link}");
    }
    b.finish().await;

    // Another browser, its own profile: nothing remembered, only the link.
    let fresh = Browser::start(Seed::demo()).await;
    let page = fresh.sign_in_at(&link_for(&link, &fresh)).await;
    let details = "section[data-account='777788889999'][data-region='eu-west-1'] section.details h3";
    page.wait_until(Duration::from_secs(20), || async { page.text(details).await == "Details of prod-eu-xks" }).await;
    wait_focus(&page, "Details of prod-eu-xks").await;
    assert_eq!(page.field_value("Filter").await, "prod", "the same filter");
    assert_eq!(page.state_of("payments-hsm").await, "", "and it filters");
    assert_eq!(page.text(".link-note").await, "", "nothing to say: the store is there");
    assert!(page.current_url().await.contains("store=777788889999%2Feu-west-1%2Fcks-7a8b9c0d1e2f00002"), "the link still names it");
    fresh.finish().await;
}

#[tokio::test]
async fn back_and_forward_step_between_views_without_a_reload() {
    let b = Browser::start(Seed::demo()).await;
    let page = b.signed_in().await;
    page.run_script("window.__sameDocument = true;").await;
    let entries = || async { page.run_script("return history.length;").await.as_u64().unwrap() };
    let tab = || async { page.text(".type-tabs .tab[aria-selected=true]").await };
    let details = || async { page.text("section.details h3").await };
    let back = || async { page.run_script("history.back();").await };
    let forward = || async { page.run_script("history.forward();").await };
    let start = entries().await;

    // A search typed key by key is one step back, not one per key.
    page.fill("Filter", "legacy").await;
    page.wait_until(Duration::from_secs(5), || async { page.row_count().await == 1 }).await;
    assert_eq!(entries().await, start + 1);
    back().await;
    page.wait_until(Duration::from_secs(5), || async { page.field_value("Filter").await.is_empty() && page.row_count().await == 5 }).await;
    assert!(!page.current_url().await.contains("q="));

    // Details, then a type tab: two steps.
    page.press("payments-hsm", "Details").await;
    page.wait_until(Duration::from_secs(5), || async { details().await == "Details of payments-hsm" }).await;
    assert!(page.current_url().await.contains("store=111122223333%2Fus-east-1%2Fcks-1a2b3c4d5e6f70001"));
    page.click_button("External key stores").await;
    page.wait_until(Duration::from_secs(5), || async { page.row_count().await == 3 }).await;

    back().await;
    page.wait_until(Duration::from_secs(5), || async { tab().await == "All key stores" && page.row_count().await == 5 }).await;
    assert_eq!(details().await, "Details of payments-hsm", "that view had the details open");
    back().await;
    page.wait_until(Duration::from_secs(5), || async { page.text("section.details").await.is_empty() }).await;
    assert_eq!(tab().await, "All key stores");
    assert!(!page.current_url().await.contains("store="), "{}", page.current_url().await);
    forward().await;
    page.wait_until(Duration::from_secs(5), || async { details().await == "Details of payments-hsm" }).await;
    forward().await;
    page.wait_until(Duration::from_secs(5), || async { tab().await == "External key stores" && page.row_count().await == 3 }).await;
    assert_eq!(details().await, "Details of payments-hsm");
    // The search's entry made way for the details' (a step taken after going back), then the tab's.
    assert_eq!(entries().await, start + 2, "arriving at an entry adds none");

    // A Region added is a step too; going back closes it and the details stay.
    page.click_css(".app-bar .region-picker > summary").await;
    b.check("eu-west-1").await;
    let west = "section[data-region='eu-west-1'] .region-meta";
    page.wait_until(Duration::from_secs(10), || async { page.text(west).await.contains("updated") }).await;
    back().await;
    page.wait_until(Duration::from_secs(5), || async { page.text(west).await.is_empty() }).await;
    assert!(page.current_url().await.contains("region=us-east-1&") || page.current_url().await.ends_with("region=us-east-1"), "{}", page.current_url().await);
    assert_eq!(details().await, "Details of payments-hsm");
    forward().await;
    page.wait_until(Duration::from_secs(10), || async { page.text(west).await.contains("updated") }).await;
    assert!(page.current_url().await.contains("region=us-east-1%2Ceu-west-1"), "{}", page.current_url().await);
    assert_eq!(page.run_script("return window.__sameDocument === true;").await, json!(true), "the page was never reloaded");
    b.finish().await;
}

#[tokio::test]
async fn a_link_to_a_store_that_is_not_there_says_so_and_keeps_the_rest_of_the_view() {
    let b = Browser::start(Seed::demo()).await;
    let endpoint = b.kms_url.trim_end_matches('/').to_owned();
    let page = b.sign_in_at(&format!("endpoint={endpoint}&region=us-east-1&state=DISCONNECTED&store=111122223333/us-east-1/cks-0000000000000dead")).await;
    let note = page.wait_text(".link-note", Duration::from_secs(10)).await;
    assert_eq!(note, "The linked store cks-0000000000000dead is not in account 111122223333 in us-east-1; it may have been deleted.");
    page.wait_until(Duration::from_secs(5), || async { page.row_count().await == 3 }).await;
    assert_eq!(page.field_value_by_css("#filter-state").await.as_deref(), Some("3"), "the link's state filter stays");
    assert!(page.text("section.details").await.is_empty());
    let url = page.current_url().await;
    assert!(url.contains("state=DISCONNECTED") && !url.contains("store="), "{url}");

    // A store in a Region the page does not show.
    let page = b.sign_in_at(&format!("endpoint={endpoint}&region=us-east-1&store=111122223333/eu-west-1/cks-1a2b3c4d5e6f70005")).await;
    let note = page.wait_text(".link-note", Duration::from_secs(10)).await;
    assert!(note.contains("cks-1a2b3c4d5e6f70005 is in eu-west-1, which this page does not show"), "{note}");
    page.wait_until(Duration::from_secs(10), || async { page.row_count().await == 5 }).await;
    b.finish().await;
}

#[tokio::test]
async fn when_the_hub_expires_everything_pauses_and_its_renewal_renews_every_account() {
    let b = Browser::start(Seed::demo()).await;
    // The hub's pasted session ends 30 s from now; production is added from it.
    let ends = crate::browser::now_s() + 30;
    let page = b.paste_sign_in("us-east-1", &crate::browser::demo_sts_json(ends), 1).await;
    add_production(&page).await;
    page.wait_until(Duration::from_secs(10), || async { !page.state_of("prod-payments-hsm").await.is_empty() }).await;
    let assumed = || async { calls(&b, "AssumeRole").await.iter().filter(|c| c.2 == 200).count() };
    assert_eq!(assumed().await, 1);
    // At the hub's end the page pauses and asks for new credentials, keeping what it shows.
    let dialog = page.wait_text("dialog[open]", Duration::from_secs(45)).await;
    assert!(dialog.starts_with("Your credentials have expired") && dialog.contains("Nothing was lost"), "{dialog}");
    let lists_paused = calls(&b, "DescribeCustomKeyStores").await.len();
    assert!(!page.state_of("prod-payments-hsm").await.is_empty(), "the member's rows stay while paused");
    page.fill_credentials(seed::DEMO_ACCESS_KEY_ID, seed::DEMO_SECRET_ACCESS_KEY, seed::DEMO_SESSION_TOKEN).await;
    page.click_button("Continue").await;
    page.wait_until(Duration::from_secs(10), || async { page.text("dialog[open]").await.is_empty() }).await;
    // The member's chained session is asked again from the renewed hub, and its scope lists again.
    page.wait_until(Duration::from_secs(10), || async { assumed().await == 2 }).await;
    page.wait_until(Duration::from_secs(20), || async {
        calls(&b, "DescribeCustomKeyStores").await[lists_paused..].iter().any(|c| c.0 == PRODUCTION && c.2 == 200)
    })
    .await;
    let refused: Vec<_> = calls(&b, "DescribeCustomKeyStores").await.into_iter().filter(|c| c.2 != 200).collect();
    assert!(refused.is_empty(), "nothing was sent with an expired session: {refused:?}");
    assert!(!page.state_of("prod-payments-hsm").await.is_empty());
    b.finish().await;
}
