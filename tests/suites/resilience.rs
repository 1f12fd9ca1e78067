//! Issue «Resilience and security», the faults, end to end in Chromium against the sandbox's
//! fault injection: for each, what the user sees, how it recovers, and (from the sandbox's log)
//! that a press of Connect is at most one accepted Connect. docs/resilience.md lists the same.

use crate::browser;

use browser::{demo_account, demo_sts_json, expiring_account, expiring_export, now_s, Browser, Page};
use cks_sandbox::seed::{self, Seed};
use serde_json::json;
use std::time::Duration;

fn quick_world() -> Seed {
    demo_account(
        None,
        json!({"us-east-1": {"stores": [
            {"id": "cks-00000000000000001", "name": "quick-hsm", "type": "AWS_CLOUDHSM", "connect_delay_ms": 1500, "disconnect_delay_ms": 1000,
             "cloud_hsm_cluster_id": "cluster-abcdefghijk"},
            {"id": "cks-00000000000000002", "name": "steady-xks", "type": "EXTERNAL_KEY_STORE", "state": "CONNECTED"}
        ]}}),
    )
}

async fn signed_in(b: &Browser) -> Page<'_> {
    let page = b.open().await;
    page.paste(&demo_sts_json(now_s() + 3600)).await;
    page.wait_text(".sign-in [role=status]", Duration::from_secs(5)).await;
    page.submit().await;
    page.wait_until(Duration::from_secs(10), || async { page.row_count().await == 2 }).await;
    page
}

/// Statuses of the `operation` requests the sandbox answered since `from` entries of its log.
async fn statuses(b: &Browser, operation: &str) -> Vec<u64> {
    b.sandbox_calls(operation).await.into_iter().map(|c| c.2).collect()
}

#[tokio::test]
async fn each_failed_refresh_is_retried_then_explained_with_the_rows_kept_and_retry_recovers() {
    let b = Browser::start(quick_world()).await;
    // Each injected fault.
    b.expect_console_errors(&["status of 500", "status of 503", "status of 502", "net::ERR_EMPTY_RESPONSE"]);
    let page = signed_in(&b).await;
    // (fault, how many, what the user reads)
    let cases: [(&str, usize, &str); 6] = [
        ("http_500", 3, "KMSInternalException"),
        ("http_503", 3, "ServiceUnavailable"),
        ("malformed", 3, "UnreadableResponse"),
        ("html", 3, "UnreadableResponse"),
        // Chromium itself sends a request again, once, when a reused connection fails under it:
        // six of these outlast the console's three attempts.
        ("truncated", 6, "NetworkError"),
        ("drop", 6, "NetworkError"),
    ];
    // An injected fault answers before the operation is read: the log counts every KMS request
    // (faults hit KMS and STS only; the health calls to other services pass them by).
    let requests = || async { b.sandbox_log().await["requests"].as_array().unwrap().iter().filter(|r| r["service"] == "kms").count() };
    for (fault, count, reads) in cases {
        let before = requests().await;
        b.set_faults(json!({"add": [{"fault": fault, "count": count}]})).await;
        page.click_css("button[aria-label='Refresh us-east-1']").await;
        page.wait_until(Duration::from_secs(10), || async { requests().await >= before + 3 }).await;
        let problem = page.wait_text(".load-failed", Duration::from_secs(10)).await;
        assert!(problem.contains(reads), "{fault}: {problem}");
        assert_eq!(page.row_count().await, 2, "{fault}: the rows stay");
        let sent = requests().await - before;
        assert!(sent >= 3, "{fault}: three attempts, as the AWS SDKs make ({sent})");
        b.clear_faults().await;
        page.click_button("Retry").await;
        page.wait_until(Duration::from_secs(10), || async { page.text(".load-failed").await.is_empty() }).await;
    }
    // One fault alone is absorbed: the user sees nothing but a good list.
    b.set_faults(json!({"add": [{"fault": "http_500", "count": 1}]})).await;
    let before = requests().await;
    page.click_button("Refresh").await;
    page.wait_until(Duration::from_secs(5), || async { requests().await == before + 2 }).await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert!(page.text(".load-failed").await.is_empty(), "a single 500 is retried away");
    b.finish().await;
}

#[tokio::test]
async fn throttling_backs_off_visibly_and_the_list_comes_back_when_it_eases() {
    let b = Browser::start(quick_world()).await;
    // The throttles.
    b.expect_console_errors(&["status of 400"]);
    let page = signed_in(&b).await;
    b.set_faults(json!({"add": [{"fault": "throttle", "count": 10}]})).await;
    // Every text the Region's line shows, kept as it changes: a backoff can be short enough for
    // a poll of the page to miss the line it showed meanwhile.
    page.run_script(
        "window.metaSeen = []; const m = document.querySelector('.region-meta');
         new MutationObserver(() => window.metaSeen.push(m.textContent)).observe(m, { childList: true, characterData: true, subtree: true });",
    )
    .await;
    page.click_button("Refresh").await;
    let meta = page.wait_text(".region-meta", Duration::from_secs(3)).await;
    page.wait_until(Duration::from_secs(3), || async {
        let seen = page.run_script("return window.metaSeen;").await;
        seen.as_array().unwrap().iter().any(|t| t.as_str().unwrap_or_default().starts_with("retrying… (attempt 2 of 3, after ThrottlingException)"))
    })
    .await;
    let problem = page.wait_text(".load-failed", Duration::from_secs(15)).await;
    assert!(problem.contains("ThrottlingException"), "{meta} / {problem}");
    assert_eq!(page.row_count().await, 2);
    // The remaining throttles are met by the next tries; then the list is back.
    for _ in 0..4 {
        if page.text(".load-failed").await.is_empty() {
            break;
        }
        page.click_button("Retry").await;
        tokio::time::sleep(Duration::from_secs(4)).await;
    }
    page.wait_until(Duration::from_secs(15), || async { page.text(".load-failed").await.is_empty() }).await;
    b.finish().await;
}

#[tokio::test]
async fn one_press_of_connect_is_one_accepted_connect_whatever_the_network_does() {
    let b = Browser::start(quick_world()).await;
    // The injected 500 and dropped answers.
    b.expect_console_errors(&["status of 500", "net::ERR_EMPTY_RESPONSE"]);
    let page = signed_in(&b).await;
    // A sure failure: sent again.
    b.set_faults(json!({"add": [{"fault": "http_500", "count": 1}]})).await;
    page.act("quick-hsm", "Connect").await;
    page.wait_for_state("quick-hsm", "CONNECTED", Duration::from_secs(15)).await;
    assert_eq!(statuses(&b, "ConnectCustomKeyStore").await.iter().filter(|s| **s == 200).count(), 1);
    // No answer: the state is read before anything is sent again.
    page.act("quick-hsm", "Disconnect").await;
    page.wait_for_state("quick-hsm", "DISCONNECTED", Duration::from_secs(15)).await;
    b.set_faults(json!({"add": [{"fault": "drop", "count": 2}]})).await;
    page.act("quick-hsm", "Connect").await;
    page.wait_for_state("quick-hsm", "CONNECTED", Duration::from_secs(15)).await;
    let connects = statuses(&b, "ConnectCustomKeyStore").await;
    assert_eq!(connects.iter().filter(|s| **s == 200).count(), 2, "one accepted Connect per press: {connects:?}");
    let disconnects = statuses(&b, "DisconnectCustomKeyStore").await;
    assert_eq!(disconnects, [200]);
    b.finish().await;
}

#[tokio::test]
async fn slow_answers_skewed_clocks_and_offline_leave_the_page_calm() {
    let b = Browser::start(quick_world()).await;
    // The skewed signatures the sandbox refuses before the correction.
    b.expect_console_errors(&["status of 400"]);
    let page = signed_in(&b).await;

    // 5 s latency: slower, not stuck; the page answers meanwhile.
    b.set_faults(json!({"latency_ms": 5000})).await;
    page.click_button("Refresh").await;
    page.fill("Filter", "quick").await;
    assert_eq!(page.row_count().await, 1, "the page answers while the request is slow");
    page.wait_until(Duration::from_secs(12), || async { !page.text(".region-tools").await.contains("Refreshing") }).await;
    assert!(page.text(".load-failed").await.is_empty());
    page.fill("Filter", "").await;

    // The service's clock 10 minutes ahead, then behind: corrected, no failure shown.
    for offset in [600, -600] {
        b.set_faults(json!({"latency_ms": 0, "clock_offset_seconds": offset})).await;
        page.click_button("Refresh").await;
        tokio::time::sleep(Duration::from_secs(2)).await;
        assert!(page.text(".load-failed").await.is_empty(), "clock {offset:+} s: {}", page.text(".load-failed").await);
    }
    b.set_faults(json!({"clock_offset_seconds": 0})).await;

    // Offline: said, nothing sent, and back by itself.
    page.act("quick-hsm", "Connect").await;
    page.wait_for_state("quick-hsm", "CONNECTING", Duration::from_secs(5)).await;
    page.run_script("Object.defineProperty(navigator, 'onLine', {value: false, configurable: true}); window.dispatchEvent(new Event('offline'));").await;
    let note = page.wait_text(".offline", Duration::from_secs(3)).await;
    assert!(note.contains("You are offline"), "{note}");
    let lists = b.sandbox_count("DescribeCustomKeyStores").await;
    tokio::time::sleep(Duration::from_secs(5)).await;
    assert_eq!(b.sandbox_count("DescribeCustomKeyStores").await, lists, "nothing is sent while offline");
    page.run_script("Object.defineProperty(navigator, 'onLine', {value: true, configurable: true}); window.dispatchEvent(new Event('online'));").await;
    page.wait_until(Duration::from_secs(2), || async { b.sandbox_count("DescribeCustomKeyStores").await > lists }).await;
    assert!(page.text(".offline").await.is_empty());
    page.wait_for_state("quick-hsm", "CONNECTED", Duration::from_secs(10)).await;
    b.finish().await;
}

#[tokio::test]
async fn a_token_refused_mid_poll_pauses_the_page_and_renewal_carries_on() {
    let expires = now_s() + 15;
    let slow = json!([{"id": "cks-00000000000000001", "name": "slow-hsm", "type": "AWS_CLOUDHSM", "connect_delay_ms": 60000, "cloud_hsm_cluster_id": "cluster-abcdefghijk"}]);
    let b = Browser::start(expiring_account(expires, None, slow)).await;
    // The refused token.
    b.expect_console_errors(&["status of 400"]);
    // The paste says an hour; the service refuses the token after 15 s.
    let page = b.paste_sign_in("us-east-1", &expiring_export(now_s() + 3600), 1).await;
    page.act("slow-hsm", "Connect").await;
    page.wait_for_state("slow-hsm", "CONNECTING", Duration::from_secs(5)).await;
    let dialog = page.wait_text("dialog[open]", Duration::from_secs(30)).await;
    assert!(dialog.contains("Your credentials have expired"), "{dialog}");
    assert_eq!(page.state_of("slow-hsm").await, "CONNECTING", "the view stays");
    page.fill_credentials(seed::DEMO_ACCESS_KEY_ID, seed::DEMO_SECRET_ACCESS_KEY, seed::DEMO_SESSION_TOKEN).await;
    page.click_button("Continue").await;
    page.wait_until(Duration::from_secs(10), || async { page.text("dialog[open]").await.is_empty() }).await;
    assert_eq!(statuses(&b, "ConnectCustomKeyStore").await, [200], "one Connect in all");
    let after = b.sandbox_count("DescribeCustomKeyStores").await;
    page.click_button("Refresh").await;
    page.wait_until(Duration::from_secs(5), || async { b.sandbox_count("DescribeCustomKeyStores").await > after }).await;
    b.finish().await;
}

#[tokio::test]
async fn an_answer_that_never_comes_is_abandoned_and_the_page_goes_on() {
    let b = Browser::start(quick_world()).await;
    let page = signed_in(&b).await;
    // Longer than the console's 10 s per request: each of the three attempts is abandoned.
    b.set_faults(json!({"latency_ms": 11000})).await;
    let started = std::time::Instant::now();
    page.click_css("button[aria-label='Refresh us-east-1']").await;
    // Meanwhile the page answers.
    page.fill("Filter", "steady").await;
    page.wait_until(Duration::from_secs(2), || async { page.row_count().await == 1 }).await;
    let problem = page.wait_text(".load-failed", Duration::from_secs(45)).await;
    assert!(problem.contains("NetworkError") && problem.contains("within 10 s"), "{problem}");
    assert!(started.elapsed() >= Duration::from_secs(29), "three attempts of 10 s each: {:?}", started.elapsed());
    let caption = page.text("caption").await;
    assert!(caption.contains("1 of 2 shown (out of date"), "the rows stay, marked: {caption}");
    // The next try, with the service answering again, brings the list back.
    b.set_faults(json!({"latency_ms": 0})).await;
    page.click_button("Retry").await;
    page.wait_until(Duration::from_secs(10), || async { page.text(".load-failed").await.is_empty() }).await;
    b.finish().await;
}

#[tokio::test]
async fn a_panic_shows_a_recovery_message_and_reload_starts_again() {
    let b = Browser::start(quick_world()).await;
    // The drill's own panic, which the panic hook logs.
    b.expect_console_errors(&["recovery drill"]);
    let page = signed_in(&b).await;
    page.run_script("try { window.wasmBindings.cksRecoveryDrill(); } catch (e) { window.trapped = String(e); }").await;
    let message = page.wait_text("#recovery", Duration::from_secs(5)).await;
    assert!(message.starts_with("The console stopped because of an error of its own."), "{message}");
    assert!(!message.contains("recovery drill"), "the panic's own text is not shown");
    let role = page.run_script("return document.getElementById('recovery').getAttribute('role');").await;
    assert_eq!(role, json!("alert"));
    page.click_in("#recovery", "Reload").await;
    page.wait_until(Duration::from_secs(15), || async { page.text("h1").await.starts_with("Sign in") }).await;
    assert!(page.text("#recovery").await.is_empty(), "a fresh start");
    b.finish().await;
}

#[tokio::test]
async fn a_clock_correction_is_said_with_its_size_and_endpoint_and_a_huge_one_is_refused() {
    let b = Browser::start(quick_world()).await;
    // The sandbox refuses each skewed signature (HTTP 400) before the console corrects or refuses.
    b.expect_console_errors(&["status of 400"]);
    let page = signed_in(&b).await;
    let kms = b.kms_url.clone();
    assert!(page.text(".clock-note").await.is_empty(), "nothing corrected yet");
    // Ten minutes: corrected, and said.
    b.set_faults(json!({"clock_offset_seconds": 600})).await;
    page.click_css("button[aria-label='Refresh us-east-1']").await;
    let note = page.wait_text(".clock-note", Duration::from_secs(10)).await;
    assert_eq!(note, format!("This computer's clock is 10 min 00 s behind {kms}'s: requests to it are signed with its time."));
    page.wait_until(Duration::from_secs(5), || async { !page.text(".region-tools").await.contains("Refreshing") }).await;
    assert!(page.text(".load-failed").await.is_empty(), "{}", page.text(".load-failed").await);
    // Six hours: refused in words, not applied (the notice still says ten minutes).
    b.set_faults(json!({"clock_offset_seconds": 6 * 3600})).await;
    let kms_requests = || async { b.sandbox_log().await["requests"].as_array().unwrap().iter().filter(|r| r["service"] == "kms").count() };
    let before = kms_requests().await;
    page.click_css("button[aria-label='Refresh us-east-1']").await;
    let problem = page.wait_text(".load-failed", Duration::from_secs(10)).await;
    assert!(
        problem.contains(&format!("{kms} says this computer's clock is 6 h 00 min behind")) && problem.contains("Nothing was signed for that time"),
        "{problem}"
    );
    assert_eq!(kms_requests().await, before + 1, "one request, never signed again for the endpoint's time");
    assert!(page.text(".clock-note").await.contains("10 min 00 s behind"), "{}", page.text(".clock-note").await);
    b.clear_faults().await;
    b.set_faults(json!({"clock_offset_seconds": 0})).await;
    b.finish().await;
}

#[tokio::test]
async fn a_network_failure_at_reload_keeps_the_remembered_session_and_retry_restores_it() {
    let b = Browser::start(quick_world()).await;
    // The dropped connections.
    b.expect_console_errors(&["net::ERR_EMPTY_RESPONSE"]);
    let page = b.open().await;
    page.paste(&demo_sts_json(now_s() + 3600)).await;
    b.check("Remember in this tab until it closes or the credentials expire").await;
    page.submit().await;
    page.wait_until(Duration::from_secs(10), || async { page.row_count().await == 2 }).await;
    page.wait_until(Duration::from_secs(5), || async { page.persisted().await.contains("cks-console.session") }).await;
    // STS does not answer while the tab reloads.
    b.set_faults(json!({"add": [{"fault": "drop", "count": 6}]})).await;
    page.reload().await;
    let note = page.wait_text(".restore-failed", Duration::from_secs(40)).await;
    assert!(note.contains("could not be checked, and is kept") && note.contains("STS did not answer"), "{note}");
    assert!(page.persisted().await.contains("cks-console.session"), "the sealed copy is kept");
    b.clear_faults().await;
    page.click_button("Retry").await;
    page.wait_until(Duration::from_secs(10), || async { page.row_count().await == 2 }).await;
    assert!(page.text(".restore-failed").await.is_empty());
    b.finish().await;
}

/// Signs in with "Remember in this tab" in the current tab, and waits for the sealed copy.
async fn remembered_sign_in(b: &Browser) {
    let page = b.open().await;
    page.paste(&demo_sts_json(now_s() + 3600)).await;
    b.check("Remember in this tab until it closes or the credentials expire").await;
    page.submit().await;
    page.wait_until(Duration::from_secs(10), || async { page.row_count().await == 2 }).await;
    page.wait_until(Duration::from_secs(5), || async { page.persisted().await.contains("cks-console.session") }).await;
}

#[tokio::test]
async fn signing_out_in_one_tab_leaves_another_tabs_remembered_session_alone_duplicates_included() {
    let b = Browser::start(quick_world()).await;
    remembered_sign_in(&b).await;
    let first = b.current_tab().await;
    let page = b.page();
    let copy = page.run_script("return JSON.stringify(Object.assign({}, sessionStorage));").await;

    // A second tab of its own, remembered too, then signed out.
    b.new_tab().await;
    remembered_sign_in(&b).await;
    page.sign_out().await;
    b.switch_tab(first.clone()).await;
    page.reload().await;
    page.wait_until(Duration::from_secs(15), || async { page.row_count().await == 2 }).await;

    // A duplicate of the first tab (the browser copies its sessionStorage): it signs in from the
    // copy, and its sign-out does not cost the first tab its session either.
    b.new_tab().await;
    page.client_goto(&b.console_url).await;
    page.run_script(&format!("const c = {}; for (const k in c) sessionStorage.setItem(k, c[k]);", copy.as_str().unwrap())).await;
    page.reload().await;
    page.wait_until(Duration::from_secs(15), || async { page.row_count().await == 2 }).await;
    page.sign_out().await;
    b.switch_tab(first).await;
    page.reload().await;
    page.wait_until(Duration::from_secs(15), || async { page.row_count().await == 2 }).await;
    page.sign_out().await;
    page.wait_until(Duration::from_secs(5), || async { page.vault_keys().await == 0 }).await;
    b.finish().await;
}
