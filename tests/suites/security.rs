//! Issue «Resilience and security», the probe's findings, end to end in Chromium against the
//! sandbox: a link's endpoint is used only once confirmed and stays shown for the session;
//! "loopback" means a loopback address; a value that cannot go in a header is refused in words
//! (the page never hangs); paste errors never echo a secret.

use crate::browser;

use browser::Browser;
use cks_sandbox::seed::{self, Seed};
use std::time::Duration;

#[tokio::test]
async fn an_endpoint_from_a_link_is_used_only_once_confirmed_and_stays_in_view() {
    let b = Browser::start(Seed::demo()).await;
    let sandbox = b.kms_url.trim_end_matches('/').to_owned();
    b.page().client_goto(&format!("{}?endpoint={sandbox}&region=us-east-1", b.console_url)).await;
    let page = b.page();
    page.wait_text("h1", Duration::from_secs(15)).await;
    let note = page.wait_text(".link-endpoint", Duration::from_secs(5)).await;
    assert!(note.contains(&sandbox) && note.contains("session token"), "{note}");
    page.fill_credentials(seed::DEMO_ACCESS_KEY_ID, seed::DEMO_SECRET_ACCESS_KEY, seed::DEMO_SESSION_TOKEN).await;
    page.submit().await;
    page.wait_until(Duration::from_secs(5), || async { page.text(".sign-in [role=alert]").await.contains("The link you opened set the endpoint") }).await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(b.sandbox_count("GetCallerIdentity").await, 0, "nothing is signed for a link's endpoint before the user agrees");

    b.check("Send my signed requests to this endpoint").await;
    page.submit().await;
    page.wait_until(Duration::from_secs(10), || async { page.row_count().await > 0 }).await;
    assert_eq!(page.text(".app-bar .endpoint").await, format!("Requests go to {sandbox}/"));
    b.finish().await;
}

#[tokio::test]
async fn plain_http_only_to_a_loopback_address_and_unsendable_characters_are_refused_in_words() {
    let b = Browser::start(Seed::demo()).await;
    let page = b.open().await;
    // A host name that merely starts with 127. is a public name.
    page.fill("Endpoint URL for all services", "").await;
    page.fill("Endpoint URL for all services", "http://127.www.example.com").await;
    page.fill_credentials(seed::DEMO_ACCESS_KEY_ID, seed::DEMO_SECRET_ACCESS_KEY, seed::DEMO_SESSION_TOKEN).await;
    page.submit().await;
    page.wait_until(Duration::from_secs(5), || async { page.text(".sign-in [role=alert]").await.contains("Plain http is allowed only") }).await;

    // A token with a character no header can carry: a sentence, not a hang.
    page.fill("Endpoint URL for all services", "").await;
    page.fill("Endpoint URL for all services", b.kms_url.trim_end_matches('/')).await;
    page.fill("Session token", "").await;
    page.fill("Session token", "tok\u{113}n-FAKE").await;
    page.submit().await;
    page.wait_until(Duration::from_secs(5), || async { page.text(".sign-in [role=alert]").await.starts_with("Session token holds a character") }).await;
    assert_eq!(page.text(".sign-in button[type=submit]").await, "Sign in", "the form is usable again at once");
    b.finish().await;
}

#[tokio::test]
async fn a_paste_error_never_repeats_a_secret() {
    let b = Browser::start(Seed::demo()).await;
    let page = b.open().await;
    let token = "IQoJb3JpZ2luX2VjEFAKEtokenEXAMPLEnotReal==";
    for text in [
        format!("export AWS_ACCESS_KEY_ID={}\n{token}", seed::DEMO_ACCESS_KEY_ID),
        format!("export AWS_ACCESS_KEY_ID={}\n{}", seed::DEMO_ACCESS_KEY_ID, seed::DEMO_SECRET_ACCESS_KEY),
    ] {
        page.paste(&text).await;
        let problem = page.wait_text(".sign-in [role=alert]", Duration::from_secs(5)).await;
        assert!(problem.starts_with("The paste could not be read"), "{problem}");
        for secret in [token, seed::DEMO_SECRET_ACCESS_KEY] {
            let head: String = secret.chars().take(10).collect();
            assert!(!problem.to_uppercase().contains(&head.to_uppercase()), "the message repeats a secret: {problem}");
        }
    }
    b.finish().await;
}

#[tokio::test]
async fn the_release_build_runs_under_its_content_security_policy_without_a_violation() {
    let b = Browser::start(Seed::demo()).await;
    let page = b.open().await;
    page.run_script(
        "window.violations = []; document.addEventListener('securitypolicyviolation', e => window.violations.push(e.violatedDirective + ' ' + e.blockedURI));",
    )
    .await;
    // The policy is in force: as the page's <meta>, and as the header the console server sends.
    let meta = page.run_script("return document.querySelector('meta[http-equiv=Content-Security-Policy]').content;").await;
    let meta = meta.as_str().unwrap().to_owned();
    assert!(meta.starts_with("default-src 'none'; script-src 'self' 'wasm-unsafe-eval' 'sha256-"), "{meta}");
    assert!(!meta.contains("unsafe-inline") && !meta.contains("'unsafe-eval'"), "{meta}");
    let header = page.run_script_async("fetch('/').then(r => done(r.headers.get('content-security-policy')));").await;
    assert_eq!(header.as_str().unwrap(), format!("{meta}; frame-ancestors 'none'"));
    // Everything the page needs loaded under it: the script and wasm (it rendered), the styles.
    let styled = page.run_script("return getComputedStyle(document.querySelector('.sign-in')).borderTopStyle;").await;
    assert_eq!(styled, serde_json::json!("solid"), "the stylesheet applies");
    let sri = page.run_script("return [...document.querySelectorAll('link[href], script[src]')].filter(l => !l.integrity).map(l => l.outerHTML);").await;
    assert_eq!(sri, serde_json::json!([]), "every asset carries its integrity hash");

    // A whole session: sign-in, a transition, a dialog, the details, the guide, an error.
    page.fill_credentials(seed::DEMO_ACCESS_KEY_ID, seed::DEMO_SECRET_ACCESS_KEY, seed::DEMO_SESSION_TOKEN).await;
    page.submit().await;
    page.wait_until(Duration::from_secs(10), || async { page.row_count().await > 0 }).await;
    page.act("payments-hsm", "Connect").await;
    page.wait_for_state("payments-hsm", "CONNECTED", Duration::from_secs(20)).await;
    page.press("legacy-hsm", "Troubleshoot").await;
    page.press("vpc-xks", "Details").await;
    page.wait_text("section.details h3", Duration::from_secs(5)).await;
    page.run_script("window.scrollTo(0, document.body.scrollHeight);").await;
    let violations = page.run_script("return window.violations;").await;
    assert_eq!(violations, serde_json::json!([]), "no violation in a whole session");
    b.finish().await;
}

#[tokio::test]
async fn no_secret_reaches_the_dom_console_url_or_storage_in_a_whole_session_with_failures() {
    let b = Browser::start(Seed::demo()).await;
    // The refused secret, the injected faults and the refused delete.
    b.expect_console_errors(&["status of 403", "status of 500", "status of 400", "status of 502"]);
    let page = b.open().await;
    page.run_script(
        "window.logged = []; for (const m of ['log', 'info', 'warn', 'error', 'debug']) { const o = console[m];
         console[m] = (...a) => { window.logged.push(a.map(String).join(' ')); o.apply(console, a); }; }",
    )
    .await;
    // A refused secret, a broken paste, then a good sign-in, an operation error, injected faults.
    page.fill_credentials(seed::DEMO_ACCESS_KEY_ID, "wrong-secret-FAKE-value", seed::DEMO_SESSION_TOKEN).await;
    page.submit().await;
    page.wait_text(".sign-in [role=alert]", Duration::from_secs(10)).await;
    page.paste(&format!("export AWS_ACCESS_KEY_ID={}\n{}", seed::DEMO_ACCESS_KEY_ID, seed::DEMO_SESSION_TOKEN)).await;
    page.paste("").await;
    page.fill("Secret access key", "").await;
    page.fill("Secret access key", seed::DEMO_SECRET_ACCESS_KEY).await;
    page.submit().await;
    page.wait_until(Duration::from_secs(10), || async { page.row_count().await > 0 }).await;
    page.act("legacy-hsm", "Disconnect").await;
    b.set_faults(serde_json::json!({"add": [{"fault": "http_500", "count": 3}, {"fault": "html", "count": 3}]})).await;
    page.click_css("button[aria-label='Refresh us-east-1']").await;
    page.wait_text(".load-failed", Duration::from_secs(10)).await;
    b.clear_faults().await;
    page.press("payments-hsm", "Details").await;
    page.fill("Type payments-hsm to confirm", "payments-hsm").await;
    page.click_button("Delete this key store").await;
    page.wait_text("section.details [role=alert]", Duration::from_secs(10)).await;

    let everything = page
        .run_script_async(
            "const dbs = indexedDB.databases ? indexedDB.databases() : Promise.resolve([]);
             dbs.then(list => done(JSON.stringify({ html: document.documentElement.outerHTML, title: document.title, url: location.href,
                 logged: window.logged, local: Object.assign({}, localStorage), session: Object.assign({}, sessionStorage),
                 cookie: document.cookie, idb: list.map(d => d.name) })));",
        )
        .await;
    let everything = everything.as_str().unwrap();
    for secret in [seed::DEMO_SECRET_ACCESS_KEY, seed::DEMO_SESSION_TOKEN, "wrong-secret-FAKE-value"] {
        assert!(!everything.contains(secret), "{secret} leaked somewhere in: {}", &everything[..everything.len().min(3000)]);
    }
    b.finish().await;
}

#[tokio::test]
async fn what_the_service_says_is_rendered_as_text_never_as_markup() {
    let hostile = r#"<img src=x onerror="window.pwned=1"><b>bold</b>"#;
    let seed = browser::demo_account(
        None,
        serde_json::json!({"us-east-1": {"stores": [
            {"id": "cks-00000000000000001", "name": hostile, "type": "EXTERNAL_KEY_STORE", "state": "FAILED", "connection_error_code": "XKS_PROXY_NOT_REACHABLE",
             "xks_proxy": {"connectivity": "PUBLIC_ENDPOINT", "access_key_id": "SANDBOXFAKEXKSKEY234567", "uri_endpoint": "https://x.example.com/<script>window.pwned=2</script>",
                           "uri_path": "/kms/xks/v1"}}
        ]}}),
    );
    let b = Browser::start(seed).await;
    let page = b.signed_in().await;
    assert_eq!(page.cell(hostile, 0).await, hostile, "the name is shown as the text it is");
    page.press(hostile, "Troubleshoot").await;
    page.wait_text("section.guidance h3", Duration::from_secs(5)).await;
    page.press(hostile, "Details").await;
    page.wait_text("section.details h3", Duration::from_secs(5)).await;
    let injected = page.run_script("return [window.pwned === undefined, document.querySelectorAll('main img, main b, main script').length];").await;
    assert_eq!(injected, serde_json::json!([true, 0]), "no markup from the service became elements");
    assert!(page.text("section.details").await.contains("<script>window.pwned=2</script>"));
    b.finish().await;
}

#[tokio::test]
async fn an_oversized_answer_is_refused_while_it_streams_in_once_and_the_rows_stay() {
    let b = Browser::start(Seed::demo()).await;
    let proxy = browser::hostile::Proxy::start(&b.kms_url).await;
    b.capture_wasm_memory().await;
    let page = b.sign_in(seed::DEMO_ACCESS_KEY_ID, seed::DEMO_SECRET_ACCESS_KEY, seed::DEMO_SESSION_TOKEN, Some(&proxy.url)).await;
    page.wait_until(Duration::from_secs(10), || async { page.row_count().await > 0 }).await;
    let rows = page.row_count().await;
    let memory_before = b.wasm_memory_bytes().await;
    // 300 MB, streamed without a length, then announced by Content-Length.
    for chunked in [true, false] {
        proxy.flood(300_000_000, chunked);
        let floods = proxy.floods();
        page.click_css("button[aria-label='Refresh us-east-1']").await;
        let problem = page.wait_text(".load-failed", Duration::from_secs(60)).await;
        let (sent, memory, asked) = (proxy.flood_sent(), b.wasm_memory_bytes().await, proxy.floods() - floods);
        eprintln!("MEASURED flood chunked={chunked}: asked {asked} times, {sent} bytes sent of the last 300 MB; wasm memory {memory_before} -> {memory} bytes");
        assert_eq!(asked, 1, "chunked {chunked}: the flood is asked for once, never again");
        assert!(sent < 64_000_000, "chunked {chunked}: the page stopped reading early ({sent} bytes sent of 300 MB)");
        assert!(memory < memory_before + 32_000_000, "chunked {chunked}: wasm memory grew from {memory_before} to {memory}");
        assert!(problem.contains("larger than 8 MB"), "chunked {chunked}: {problem}");
        assert_eq!(page.row_count().await, rows, "the rows stay");
        proxy.pass_through();
        page.click_button("Retry").await;
        page.wait_until(Duration::from_secs(10), || async { page.text(".load-failed").await.is_empty() }).await;
    }
    b.finish().await;
}

/// A copy of the root build on a plain static host, with one wasm file altered: a custom section
/// appended (the module stays valid and would run as before) and its precompressed copies gone.
async fn host_with_altered_wasm(main: bool) -> (String, std::path::PathBuf, String) {
    let dist = std::path::PathBuf::from(std::env::var("CKS_DIST").expect("CKS_DIST"));
    let root = std::env::temp_dir().join(format!("cks-altered-{}-{main}", std::process::id()));
    let _ = std::fs::remove_dir_all(&root);
    crate::browser::nginx::copy_dir(&dist, &root);
    let wasm_dir =
        std::fs::read_dir(&root).unwrap().map(|e| e.unwrap().path()).find(|p| p.file_name().unwrap().to_str().unwrap().starts_with("wasm-")).unwrap();
    let mut modules: Vec<_> = std::fs::read_dir(&wasm_dir).unwrap().map(|e| e.unwrap().path()).filter(|p| p.extension().is_some_and(|e| e == "wasm")).collect();
    // The main module, or the largest chunk (the signed-in console, fetched right after the form shows).
    modules.sort_by_key(|p| std::fs::metadata(p).unwrap().len());
    let target = if main { wasm_dir.join("main_bg.wasm") } else { modules.into_iter().rev().find(|p| !p.ends_with("main_bg.wasm")).unwrap() };
    let mut bytes = std::fs::read(&target).unwrap();
    bytes.extend_from_slice(&[0, 5, 4, b'c', b'k', b's', b'!']);
    std::fs::write(&target, bytes).unwrap();
    for suffix in ["br", "gz"] {
        let _ = std::fs::remove_file(format!("{}.{suffix}", target.display()));
    }
    let addr = cks_sandbox::site::serve_plain(root.clone(), "127.0.0.1:0").await.unwrap();
    (format!("http://{addr}/"), root, target.file_name().unwrap().to_str().unwrap().to_owned())
}

#[tokio::test]
async fn the_checked_wasm_is_downloaded_once_the_preload_serving_the_checked_fetch() {
    let b = Browser::start(Seed::demo()).await;
    let page = b.open().await;
    let wasm =
        page.run_script("return performance.getEntriesByType('resource').filter(e => e.name.endsWith('.wasm')).map(e => e.name.split('/').pop());").await;
    let names: Vec<&str> = wasm.as_array().unwrap().iter().map(|n| n.as_str().unwrap()).collect();
    assert_eq!(names.iter().filter(|n| **n == "main_bg.wasm").count(), 1, "main_bg.wasm fetched once: {names:?}");
    b.finish().await;
}

#[tokio::test]
async fn an_altered_wasm_module_or_chunk_never_runs_and_the_page_says_so() {
    for main in [true, false] {
        let (host, root, name) = host_with_altered_wasm(main).await;
        let b = Browser::start_at(Seed::demo(), host.clone(), &[]).await;
        // Chromium's own report of the refused file, and the fetch that failed because of it.
        b.expect_console_errors(&[
            "SRI's integrity checks failed",
            "Failed to find a valid digest in the 'integrity' attribute",
            "Failed to fetch",
            "load callback should succeed",
            // The genuine main module stopping (panic = abort) once its chunk was refused.
            "Uncaught RuntimeError: unreachable",
        ]);
        let page = b.page();
        page.client_goto(&format!("{host}?region=us-east-1")).await;
        let message = page.wait_text("#load-failure", Duration::from_secs(20)).await;
        assert!(message.contains(&name) && message.contains("failed its integrity check") && message.contains("Do not enter credentials"), "{name}: {message}");
        assert!(!page.is_displayed("form").await, "{name}: no form is left to type credentials into");
        if main {
            let ran = page.run_script("return [performance.getEntriesByName('console-live').length, typeof window.wasmBindings];").await;
            assert_eq!(ran, serde_json::json!([0, "undefined"]), "the altered main module never ran");
        }
        b.finish().await;
        let _ = std::fs::remove_dir_all(root);
    }
}

#[tokio::test]
async fn with_only_kms_and_sts_overridden_the_form_and_the_bar_say_where_each_service_goes() {
    let b = Browser::start(Seed::demo()).await;
    // The health calls really do go to AWS (which this test machine cannot reach).
    b.expect_console_errors(&["amazonaws.com"]);
    let page = b.open().await;
    let sandbox = b.kms_url.clone();
    page.fill("KMS endpoint URL", &sandbox).await;
    page.fill("STS endpoint URL", &sandbox).await;
    page.erase("Endpoint URL for all services").await;
    let expected = format!(
        "Requests go to: KMS, STS → {sandbox} · CloudHSM → https://cloudhsmv2.us-east-1.amazonaws.com/ · \
         CloudWatch → https://monitoring.us-east-1.amazonaws.com/ · CloudTrail → https://cloudtrail.us-east-1.amazonaws.com/ · \
         EC2 → https://ec2.us-east-1.amazonaws.com/ · Elastic Load Balancing → https://elasticloadbalancing.us-east-1.amazonaws.com/ · \
         SNS → https://sns.us-east-1.amazonaws.com/ · IAM → https://iam.amazonaws.com/ · Organizations → https://organizations.us-east-1.amazonaws.com/"
    );
    // The form says it before anything is sent.
    page.wait_until(Duration::from_secs(5), || async { page.text(".sign-in .destinations").await == expected }).await;
    page.fill_credentials(seed::DEMO_ACCESS_KEY_ID, seed::DEMO_SECRET_ACCESS_KEY, seed::DEMO_SESSION_TOKEN).await;
    page.submit().await;
    page.wait_until(Duration::from_secs(10), || async { page.row_count().await > 0 }).await;
    assert_eq!(page.text(".app-bar .endpoint").await, expected, "the bar names no single URL for all");
    b.finish().await;
}

#[tokio::test]
async fn a_links_endpoint_needs_the_tick_however_it_is_respelled_until_another_host_is_typed() {
    let b = Browser::start(Seed::demo()).await;
    let sandbox = b.kms_url.trim_end_matches('/').to_owned();
    let port = sandbox.rsplit(':').next().unwrap().to_owned();
    b.page().client_goto(&format!("{}?endpoint={sandbox}&region=us-east-1", b.console_url)).await;
    let page = b.page();
    page.wait_live().await;
    page.fill_credentials(seed::DEMO_ACCESS_KEY_ID, seed::DEMO_SECRET_ACCESS_KEY, seed::DEMO_SESSION_TOKEN).await;
    let refused = |what: String| {
        let page = &page;
        let b = &b;
        async move {
            let note = page.wait_text(".link-endpoint", Duration::from_secs(5)).await;
            assert!(note.contains("The link you opened"), "{what}: {note}");
            page.submit().await;
            page.wait_until(Duration::from_secs(5), || async { page.text(".sign-in [role=alert]").await.contains("The link you opened set the endpoint") })
                .await;
            assert_eq!(b.sandbox_count("GetCallerIdentity").await, 0, "{what}: nothing signed for the link's host before the tick");
        }
    };
    // Another host in the KMS field keeps the endpoints open while the first field is retyped.
    page.fill("KMS endpoint URL", "https://kms.example.com").await;
    // The same party, spelled otherwise.
    for all in [format!("{sandbox}/"), format!("HTTP://127.0.0.1.:{port}//"), format!("http://2130706433:{port}")] {
        page.erase("Endpoint URL for all services").await;
        page.fill("Endpoint URL for all services", &all).await;
        refused(all).await;
    }
    // Moved to another field.
    page.fill("STS endpoint URL", &format!("{sandbox}/")).await;
    page.erase("Endpoint URL for all services").await;
    refused("STS field".into()).await;
    // Another host, typed by the user: no tick asked for.
    page.fill("Endpoint URL for all services", &format!("http://localhost:{port}")).await;
    page.erase("STS endpoint URL").await;
    page.wait_until(Duration::from_secs(5), || async { !page.is_displayed(".link-endpoint").await }).await;
    b.finish().await;
}

/// A piece of a secret this long (bytes) or longer left in the page's memory fails a memory test:
/// freed blocks lose only their first 8 and last 4 bytes to the allocator, so leftover copies are
/// pieces, seldom whole (`Browser::wasm_memory_pieces`); no text of the console's own holds 16
/// bytes of a sandbox secret.
const PIECE: usize = 16;

/// The demo credentials the tests sign in with, named for the failure messages.
fn demo_secrets() -> Vec<(String, String)> {
    vec![("the demo secret key".into(), seed::DEMO_SECRET_ACCESS_KEY.into()), ("the demo session token".into(), seed::DEMO_SESSION_TOKEN.into())]
}

/// The secret key and token of each set of credentials STS issued to the page, named.
async fn issued_secrets(b: &Browser) -> Vec<(String, String)> {
    let mut named = vec![];
    for (i, (secret, token)) in b.issued_credentials().await.into_iter().enumerate() {
        named.push((format!("issued secret key {}", i + 1), secret));
        // The sandbox's tokens all begin "sandbox-session-": only what follows is this token's.
        let own = token.strip_prefix("sandbox-session-").unwrap_or(&token).to_owned();
        named.push((format!("issued session token {} (after its prefix)", i + 1), own));
    }
    named
}

/// Every place the page's WebAssembly memory still holds a piece (`PIECE` bytes or more) of one of
/// `secrets`, one line each, e.g. "the demo secret key: bytes 8..41 of 41 at 0x18d7f8".
async fn left_in_memory(b: &Browser, secrets: &[(String, String)]) -> Vec<String> {
    let mut left = vec![];
    for (name, secret) in secrets {
        for (at, range) in b.wasm_memory_pieces(secret, PIECE).await {
            left.push(format!("{name}: bytes {}..{} of {} at {at:#x}", range.start, range.end, secret.len()));
        }
    }
    left
}

/// A demo browser whose wasm memory can be searched and which records every credential STS
/// issues to the page.
async fn watched_for_secrets() -> Browser {
    let b = Browser::start(Seed::demo()).await;
    b.capture_wasm_memory().await;
    b.record_issued_credentials().await;
    b
}

#[tokio::test]
async fn after_sign_out_no_secret_is_left_in_the_webassembly_memory() {
    let b = watched_for_secrets().await;
    // Pasted (the paste reader's copies), remembered (the sealed copy's JSON), restored at reload
    // (the vault and the restore), switched to a role (the credentials STS issued, remembered too;
    // the demo credentials kept for "Return"), then signed out.
    let page = b.open().await;
    page.paste(&browser::demo_sts_json(browser::now_s() + 3600)).await;
    b.check("Remember in this tab until it closes or the credentials expire").await;
    page.submit().await;
    page.wait_until(Duration::from_secs(10), || async { page.row_count().await > 0 }).await;
    page.wait_until(Duration::from_secs(5), || async { page.persisted().await.contains("cks-console.session") }).await;
    page.reload().await;
    page.wait_until(Duration::from_secs(15), || async { page.row_count().await > 0 }).await;
    assert!(b.wasm_memory_holds(seed::DEMO_SECRET_ACCESS_KEY).await, "the test can see the secret while signed in");
    page.click_button("Switch role").await;
    page.fill("Role ARN", "arn:aws:iam::444455556666:role/KeyStoreOperator").await;
    page.click_button("Assume role").await;
    page.wait_until(Duration::from_secs(10), || async { page.text(".account").await == "444455556666" }).await;
    page.wait_until(Duration::from_secs(10), || async { page.row_count().await > 0 }).await;
    page.wait_until(Duration::from_secs(5), || async { b.issued_credentials().await.len() == 1 }).await;
    let mut secrets = demo_secrets();
    secrets.extend(issued_secrets(&b).await);
    assert!(b.wasm_memory_holds(&secrets[2].1).await, "the test can see the issued secret while signed in");
    page.sign_out().await;
    let left = left_in_memory(&b, &secrets).await;
    assert!(left.is_empty(), "still in the wasm memory after sign-out ({} places): {left:#?}", left.len());
    b.finish().await;
}

#[tokio::test]
async fn after_adding_accounts_by_role_and_sign_out_no_issued_secret_is_left_in_the_webassembly_memory() {
    let b = watched_for_secrets().await;
    // Typed sign-in, then two member accounts by role ARN (one AssumeRole each, each account's
    // lists signed with its own credentials), then sign-out.
    let page = b.signed_in().await;
    page.click_button("Add accounts").await;
    page.wait_text(".add-accounts", Duration::from_secs(5)).await;
    page.click_button("Role ARNs").await;
    let roles = "arn:aws:iam::444455556666:role/KeyStoreOperator\narn:aws:iam::777788889999:role/KeyStoreOperator";
    page.fill("Role ARNs, one a line; an external ID may follow after a space", roles).await;
    page.click_button("Add these accounts").await;
    let loaded =
        "return [...document.querySelectorAll('section.region')].filter(s => /updated/.test(s.querySelector('.region-meta')?.innerText || '')).length;";
    page.wait_until(Duration::from_secs(15), || async { page.run_script(loaded).await == serde_json::json!(3) }).await;
    page.wait_until(Duration::from_secs(5), || async { b.issued_credentials().await.len() == 2 }).await;
    let mut secrets = demo_secrets();
    secrets.extend(issued_secrets(&b).await);
    assert!(b.wasm_memory_holds(&secrets[4].1).await, "the test can see an issued secret while signed in");
    page.sign_out().await;
    let left = left_in_memory(&b, &secrets).await;
    assert!(left.is_empty(), "still in the wasm memory after sign-out ({} places): {left:#?}", left.len());
    b.finish().await;
}

#[tokio::test]
async fn a_name_with_direction_characters_never_reads_as_another_stores_nor_reverses_the_consoles_words() {
    // U+202E reverses what follows: "\u{202E}msh-stnemyap" reads "payments-hsm".
    let lookalike = "\u{202E}msh-stnemyap";
    let shown = "⟨U+202E⟩msh-stnemyap";
    let seed = browser::demo_account(
        None,
        serde_json::json!({"us-east-1": {"stores": [
            {"id": "cks-00000000000000001", "name": "payments-hsm", "type": "AWS_CLOUDHSM", "cloud_hsm_cluster_id": "cluster-abcdefghijk"},
            {"id": "cks-00000000000000002", "name": lookalike, "type": "AWS_CLOUDHSM", "cloud_hsm_cluster_id": "cluster-abcdefghijk", "connect_delay_ms": 60000},
            {"id": "cks-00000000000000003", "name": "legacy\u{202E}\u{2066}", "type": "AWS_CLOUDHSM", "state": "FAILED", "connection_error_code": "USER_LOCKED_OUT",
             "cloud_hsm_cluster_id": "cluster-abcdefghijk"}
        ]}}),
    );
    let b = Browser::start(seed).await;
    let page = b.signed_in().await;
    page.wait_until(Duration::from_secs(10), || async { page.row_count().await == 3 }).await;
    // The row shows the character, and the name is isolated from the rest of its row.
    assert_eq!(page.cell(shown, 0).await, shown);
    let isolated = page.run_script("return [...document.querySelectorAll('table.stores tbody th button.name')].every(b => b.querySelector('bdi'));").await;
    assert_eq!(isolated, serde_json::json!(true), "every name is in a <bdi>");
    // The dialog that names the store says which one it really is.
    page.press(shown, "Connect").await;
    let dialog = page.wait_text("dialog[open] h2", Duration::from_secs(5)).await;
    assert_eq!(dialog, format!("Connect {shown}?"));
    assert!(!page.text("dialog[open]").await.contains('\u{202E}'), "no direction character reaches the dialog's text");
    page.click_button("Yes, connect").await;
    // The tab title (and the notification, built the same way) while it connects.
    page.wait_until(Duration::from_secs(10), || async { page.title().await.contains(shown) }).await;
    assert!(!page.title().await.contains('\u{202E}'), "{}", page.title().await);
    // The guide's heading: the error code after the name reads as it should.
    page.press("legacy⟨U+202E⟩⟨U+2066⟩", "Troubleshoot").await;
    let heading = page.wait_text("section.guidance h3", Duration::from_secs(5)).await;
    assert_eq!(heading, "Troubleshooting legacy⟨U+202E⟩⟨U+2066⟩: USER_LOCKED_OUT");
    b.finish().await;
}

#[tokio::test]
async fn a_very_long_name_hides_no_column_nor_the_rows_actions_at_1400_px() {
    let long = "n".repeat(3000);
    let longest_allowed = format!("m{}", "x".repeat(255));
    let seed = browser::demo_account(
        None,
        serde_json::json!({"us-east-1": {"stores": [
            {"id": "cks-00000000000000001", "name": long, "type": "AWS_CLOUDHSM", "cloud_hsm_cluster_id": "cluster-abcdefghijk"},
            {"id": "cks-00000000000000002", "name": longest_allowed, "type": "EXTERNAL_KEY_STORE", "state": "CONNECTED"}
        ]}}),
    );
    let b = Browser::start(seed).await;
    b.set_size(1400, 1000).await;
    let page = b.signed_in().await;
    page.wait_until(Duration::from_secs(10), || async { page.row_count().await == 2 }).await;
    let layout = page
        .run_script(
            "const box = document.querySelector('.table-box').getBoundingClientRect();
             const out = (e) => { const r = e.getBoundingClientRect(); return r.right > box.right + 1 || r.right > innerWidth; };
             return { page: document.documentElement.scrollWidth - innerWidth,
                      tableBox: document.querySelector('.table-box').scrollWidth - document.querySelector('.table-box').clientWidth,
                      hiddenHeaders: [...document.querySelectorAll('table.stores thead th')].filter(out).map(h => h.innerText),
                      hiddenActions: [...document.querySelectorAll('table.stores tbody td.actions')].filter(out).length,
                      titles: [...document.querySelectorAll('table.stores tbody th button.name')].map(b => b.title.length).sort((a, b) => a - b) };",
        )
        .await;
    assert_eq!(layout["page"], serde_json::json!(0), "no sideways scroll: {layout}");
    assert_eq!(layout["tableBox"], serde_json::json!(0), "nor inside the table's box: {layout}");
    assert_eq!(layout["hiddenHeaders"], serde_json::json!([]), "{layout}");
    assert_eq!(layout["hiddenActions"], serde_json::json!(0), "{layout}");
    assert_eq!(layout["titles"], serde_json::json!([256, 3000]), "the whole name on hover: {layout}");
    b.finish().await;
}

#[tokio::test]
async fn after_a_renewal_and_sign_out_no_secret_is_left_in_the_webassembly_memory() {
    let b = Browser::start(Seed::demo()).await;
    b.capture_wasm_memory().await;
    // Credentials four minutes from expiry: "Renew now" with new ones for the same account (as
    // `aws sts get-session-token` prints them, typed), then sign-out. The first set is dropped at
    // the renewal, the second at sign-out: neither may be left.
    let page = b.paste_sign_in("us-east-1", &browser::demo_sts_json(browser::now_s() + 240), 1).await;
    let renewed: serde_json::Value = serde_json::from_str(&b.session_token_json().await).unwrap();
    let field = |name: &str| renewed["Credentials"][name].as_str().unwrap().to_owned();
    page.click_button("Renew now").await;
    page.wait_text("dialog[open]", Duration::from_secs(5)).await;
    page.fill_credentials(&field("AccessKeyId"), &field("SecretAccessKey"), &field("SessionToken")).await;
    page.click_button("Continue").await;
    page.wait_until(Duration::from_secs(10), || async { page.text("dialog[open]").await.is_empty() }).await;
    page.wait_until(Duration::from_secs(10), || async { !page.text(".expiry").await.contains("renew them soon") }).await;
    let mut secrets = demo_secrets();
    secrets.push(("the renewed secret key".into(), field("SecretAccessKey")));
    let token = field("SessionToken");
    secrets.push(("the renewed session token (after its prefix)".into(), token.strip_prefix("sandbox-session-").unwrap_or(&token).to_owned()));
    assert!(b.wasm_memory_holds(&secrets[2].1).await, "the test can see the renewed secret while signed in");
    page.sign_out().await;
    let left = left_in_memory(&b, &secrets).await;
    assert!(left.is_empty(), "still in the wasm memory after sign-out ({} places): {left:#?}", left.len());
    b.finish().await;
}
