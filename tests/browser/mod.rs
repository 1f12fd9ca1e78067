//! Test support: the sandbox and the built console on loopback ports, a chromedriver, and a page
#![allow(dead_code)] // shared by two test crates, each using part of it
//! object that finds things the way a screen reader would (labels, button names, table rows).

pub mod hostile;

use cks_sandbox::seed::{self, Seed};
use fantoccini::elements::Element;
use fantoccini::{Client, ClientBuilder, Locator};
use hyper_util::client::legacy::connect::HttpConnector;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub mod nginx;

pub struct Browser {
    client: Client,
    driver: Child,
    profile: PathBuf,
    pub console_url: String,
    pub kms_url: String,
    driver_port: u16,
    /// Console errors a test causes on purpose (substrings of their messages): see `finish`.
    expected_errors: std::sync::Mutex<Vec<String>>,
}

pub struct Page<'a> {
    client: &'a Client,
}

/// The demo account with `regions` (a seed's `regions` object) and the given quota.
pub fn demo_account(throttle_per_second: Option<u32>, regions: serde_json::Value) -> Seed {
    serde_json::from_value(serde_json::json!({"settings": {"throttle_per_second": throttle_per_second}, "accounts": [{
        "account_id": seed::DEMO_ACCOUNT_ID,
        "credentials": [{"access_key_id": seed::DEMO_ACCESS_KEY_ID, "secret_access_key": seed::DEMO_SECRET_ACCESS_KEY, "session_token": seed::DEMO_SESSION_TOKEN}],
        "regions": regions
    }]}))
    .unwrap()
}

/// The fake key the sandbox refuses once its `expires_at` has passed (see `expiring_account`).
pub const EXPIRING_ACCESS_KEY_ID: &str = "ASIAEXPIRINGFAKE0001";

/// The demo account with two keys: one the sandbox refuses after `expires` (epoch seconds), and
/// the demo key for renewing; its us-east-1 holds `stores`.
pub fn expiring_account(expires: i64, throttle_per_second: Option<u32>, stores: serde_json::Value) -> Seed {
    serde_json::from_value(serde_json::json!({"settings": {"throttle_per_second": throttle_per_second}, "accounts": [{
        "account_id": seed::DEMO_ACCOUNT_ID,
        "credentials": [
            {"access_key_id": EXPIRING_ACCESS_KEY_ID, "secret_access_key": "expiring-secret-FAKE", "session_token": "expiring-token-FAKE", "expires_at": expires},
            {"access_key_id": seed::DEMO_ACCESS_KEY_ID, "secret_access_key": seed::DEMO_SECRET_ACCESS_KEY, "session_token": seed::DEMO_SESSION_TOKEN}
        ],
        "regions": {"us-east-1": {"stores": stores}}
    }]}))
    .unwrap()
}

/// The expiring key as `aws configure export-credentials` prints it, with `expiration` (epoch s).
pub fn expiring_export(expiration: i64) -> String {
    serde_json::json!({"Version": 1, "AccessKeyId": EXPIRING_ACCESS_KEY_ID, "SecretAccessKey": "expiring-secret-FAKE",
        "SessionToken": "expiring-token-FAKE", "Expiration": cks_sandbox::clock::format_iso8601(expiration)})
    .to_string()
}

pub fn now_s() -> i64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs() as i64
}

/// The demo credentials as `aws sts` prints them, expiring at `expires` (epoch seconds).
pub fn demo_sts_json(expires: i64) -> String {
    serde_json::json!({"Credentials": {"AccessKeyId": seed::DEMO_ACCESS_KEY_ID, "SecretAccessKey": seed::DEMO_SECRET_ACCESS_KEY,
        "SessionToken": seed::DEMO_SESSION_TOKEN, "Expiration": cks_sandbox::clock::format_iso8601(expires)}})
    .to_string()
}

fn env_path(name: &str, default: &str) -> String {
    std::env::var(name).unwrap_or_else(|_| default.to_owned())
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

impl Browser {
    pub async fn start(seed: Seed) -> Browser {
        Self::start_with(seed, &[]).await
    }

    /// A browser with extra Chromium flags, e.g. `--force-dark-mode` for the dark theme.
    pub async fn start_with(seed: Seed, extra_args: &[&str]) -> Browser {
        let dist = std::env::var("CKS_DIST").expect("CKS_DIST must name the built console (run `cargo xtask test`)");
        let console = cks_sandbox::site::serve_console(dist.into(), "127.0.0.1:0").await.expect("dist/ is served");
        Self::start_at(seed, format!("http://{console}/"), extra_args).await
    }

    /// A browser for the console served at `console_url` by someone else (a static host).
    pub async fn start_at(seed: Seed, console_url: String, extra_args: &[&str]) -> Browser {
        let sandbox = cks_sandbox::start("127.0.0.1:0", seed, Default::default()).await.expect("sandbox starts");
        let port = free_port();
        let driver = Command::new(env_path("CHROMEDRIVER", "/usr/bin/chromedriver"))
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromedriver starts");
        let profile = std::env::temp_dir().join(format!("cks-e2e-profile-{port}"));
        let mut args: Vec<String> = [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--hide-scrollbars",
            "--window-size=1280,1000",
        ]
        .map(str::to_owned)
        .to_vec();
        args.push(format!("--user-data-dir={}", profile.display()));
        args.extend(extra_args.iter().map(|a| (*a).to_owned()));
        // The browser's console (errors, CSP reports, failed loads) is kept for `finish` to check.
        let caps = serde_json::json!({"goog:chromeOptions": {"binary": env_path("CHROMIUM", "/usr/bin/chromium"), "args": args},
            "goog:loggingPrefs": {"browser": "ALL"}});
        let caps: fantoccini::wd::Capabilities = caps.as_object().unwrap().clone();
        let deadline = Instant::now() + Duration::from_secs(20);
        let client = loop {
            match ClientBuilder::new(HttpConnector::new()).capabilities(caps.clone()).connect(&format!("http://127.0.0.1:{port}")).await {
                Ok(c) => break c,
                Err(e) if Instant::now() > deadline => panic!("no WebDriver session: {e}"),
                Err(_) => tokio::time::sleep(Duration::from_millis(200)).await,
            }
        };
        Browser {
            client,
            driver,
            profile,
            console_url,
            kms_url: format!("http://{}/", sandbox.addr),
            driver_port: port,
            expected_errors: std::sync::Mutex::new(vec![]),
        }
    }

    /// The console with the sandbox's endpoint in its URL, as `cargo xtask serve` prints it.
    pub async fn open(&self) -> Page<'_> {
        self.open_regions("us-east-1").await
    }

    pub async fn open_regions(&self, regions: &str) -> Page<'_> {
        let url = format!("{}?endpoint={}&region={regions}", self.console_url, self.kms_url.trim_end_matches('/'));
        self.client.goto(&url).await.unwrap();
        let page = Page { client: &self.client };
        page.wait_live().await;
        page.wait_text("h1", Duration::from_secs(15)).await;
        // An endpoint from a link is used only once the user says so (once per tab).
        if page.text(".link-endpoint").await.contains("The link you opened") {
            self.check("Send my signed requests to this endpoint").await;
        }
        page
    }

    /// Opens the console for `regions`, pastes `text`, signs in and waits for `rows` rows.
    pub async fn paste_sign_in(&self, regions: &str, text: &str, rows: usize) -> Page<'_> {
        let page = self.open_regions(regions).await;
        page.paste(text).await;
        let note = page.wait_text(".sign-in [role=status]", Duration::from_secs(5)).await;
        assert!(note.starts_with("Read "), "the paste is read: {note}");
        page.submit().await;
        page.wait_until(Duration::from_secs(10), || async { page.row_count().await >= rows }).await;
        page
    }

    /// Ticks the checkbox its label names.
    pub async fn check(&self, label: &str) {
        let page = self.page();
        let input = page.labelled(label).await;
        if !input.is_selected().await.unwrap() {
            input.click().await.unwrap();
        }
    }

    /// Unticks the checkbox its label names.
    pub async fn uncheck(&self, label: &str) {
        let input = self.page().labelled(label).await;
        if input.is_selected().await.unwrap() {
            input.click().await.unwrap();
        }
    }

    /// Whether the input its label names can be used.
    pub async fn is_enabled_by_label(&self, label: &str) -> bool {
        self.page().labelled(label).await.is_enabled().await.unwrap()
    }

    /// Resizes the window (the viewport follows in headless Chromium).
    pub async fn set_size(&self, width: u32, height: u32) {
        self.client.set_window_size(width, height).await.unwrap();
        tokio::time::sleep(Duration::from_millis(200)).await;
    }

    /// Saves a PNG of the page as it is now to `path`.
    pub async fn screenshot_to(&self, path: &std::path::Path) {
        std::fs::write(path, self.client.screenshot().await.unwrap()).unwrap();
    }

    /// The page as it is now, without navigating.
    pub fn page(&self) -> Page<'_> {
        Page { client: &self.client }
    }

    pub async fn sign_in(&self, akid: &str, secret: &str, token: &str, endpoint: Option<&str>) -> Page<'_> {
        let page = self.open().await;
        page.fill_credentials(akid, secret, token).await;
        if let Some(endpoint) = endpoint {
            page.fill("Endpoint URL for all services", "").await;
            page.fill("Endpoint URL for all services", endpoint).await;
        }
        page.submit().await;
        page
    }

    /// Signed in with the demo credentials, the store table loaded.
    pub async fn signed_in(&self) -> Page<'_> {
        let page = self.sign_in(seed::DEMO_ACCESS_KEY_ID, seed::DEMO_SECRET_ACCESS_KEY, seed::DEMO_SESSION_TOKEN, None).await;
        page.wait_until(Duration::from_secs(10), || async { page.row_count().await > 0 }).await;
        assert!(page.field_value_by_css("#endpoint-all").await.is_none(), "the form is gone after sign-in");
        page
    }

    /// Queues one fault in the sandbox for the next request.
    pub async fn inject(&self, fault: &str) {
        let r = reqwest::Client::new()
            .post(format!("{}__sandbox/faults", self.kms_url))
            .json(&serde_json::json!({"add": [{"fault": fault}]}))
            .send()
            .await
            .unwrap();
        assert!(r.status().is_success());
    }

    pub async fn set_faults(&self, faults: serde_json::Value) {
        let r = reqwest::Client::new().post(format!("{}__sandbox/faults", self.kms_url)).json(&faults).send().await.unwrap();
        assert!(r.status().is_success());
    }

    pub async fn clear_faults(&self) {
        let r = reqwest::Client::new().delete(format!("{}__sandbox/faults", self.kms_url)).json(&serde_json::json!({})).send().await.unwrap();
        assert!(r.status().is_success());
    }

    /// The sandbox's request log.
    pub async fn sandbox_log(&self) -> serde_json::Value {
        reqwest::get(format!("{}__sandbox/requests", self.kms_url)).await.unwrap().json().await.unwrap()
    }

    /// Opens the console with extra query parameters (a shared link) and signs in with the demo keys.
    pub async fn sign_in_at(&self, params: &str) -> Page<'_> {
        self.client.goto(&format!("{}?{params}", self.console_url)).await.unwrap();
        self.page().wait_live().await;
        let page = Page { client: &self.client };
        page.wait_text("h1", Duration::from_secs(15)).await;
        if page.text(".link-endpoint").await.contains("The link you opened") {
            self.check("Send my signed requests to this endpoint").await;
        }
        page.fill_credentials(seed::DEMO_ACCESS_KEY_ID, seed::DEMO_SECRET_ACCESS_KEY, seed::DEMO_SESSION_TOKEN).await;
        page.submit().await;
        page
    }

    /// (Region, store id, HTTP status) of each `operation` the sandbox answered, in order.
    pub async fn sandbox_calls(&self, operation: &str) -> Vec<(String, String, u64)> {
        let log = self.sandbox_log().await;
        log["requests"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|r| r["operation"] == operation)
            .map(|r| {
                (r["region"].as_str().unwrap_or_default().to_owned(), r["store_id"].as_str().unwrap_or_default().to_owned(), r["status"].as_u64().unwrap_or(0))
            })
            .collect()
    }

    /// How many requests of `operation` the sandbox has answered.
    pub async fn sandbox_count(&self, operation: &str) -> usize {
        let log: serde_json::Value = reqwest::get(format!("{}__sandbox/requests", self.kms_url)).await.unwrap().json().await.unwrap();
        log["requests"].as_array().unwrap().iter().filter(|r| r["operation"] == operation).count()
    }

    /// A KMS call made outside the console (another operator), signed by the console's own core.
    pub async fn kms_call(&self, operation: &str, input: serde_json::Value) {
        let req = cks_console::kms::operation::build_request(&self.kms_url, operation_named(operation), &input);
        let creds =
            cks_console::aws::credentials::Credentials::from_fields(seed::DEMO_ACCESS_KEY_ID, seed::DEMO_SECRET_ACCESS_KEY, seed::DEMO_SESSION_TOKEN).unwrap();
        let (status, _) = signed_post(req, &creds, "kms").await;
        assert!((200..300).contains(&status), "{operation} outside the console: HTTP {status}");
    }

    /// A call to any awsJson service of the sandbox with the demo keys, signed by the console's
    /// core; its JSON answer (the test fails on an error).
    pub async fn service_call(&self, service: cks_console::aws::json_client::JsonService, operation: &str, input: serde_json::Value) -> serde_json::Value {
        let req = service.request(&self.kms_url, operation, &input);
        let creds =
            cks_console::aws::credentials::Credentials::from_fields(seed::DEMO_ACCESS_KEY_ID, seed::DEMO_SECRET_ACCESS_KEY, seed::DEMO_SESSION_TOKEN).unwrap();
        let (status, body) = signed_post(req, &creds, service.signing_name).await;
        assert!((200..300).contains(&status), "{operation}: HTTP {status} {body}");
        serde_json::from_str(&body).unwrap()
    }

    /// Temporary credentials from the sandbox's STS, as `aws sts get-session-token` prints them.
    pub async fn session_token_json(&self) -> String {
        let req = cks_console::aws::sts::build_request(&self.kms_url, "GetSessionToken", &[("DurationSeconds", "900")]);
        let creds = cks_console::aws::credentials::Credentials::from_fields(seed::DEMO_LONG_TERM_ACCESS_KEY_ID, seed::DEMO_LONG_TERM_SECRET, "").unwrap();
        let (status, xml) = signed_post(req, &creds, "sts").await;
        assert_eq!(status, 200, "{xml}");
        let e = |name: &str| cks_console::aws::xml::element(&xml, name).unwrap();
        serde_json::json!({"Credentials": {"AccessKeyId": e("AccessKeyId"), "SecretAccessKey": e("SecretAccessKey"),
            "SessionToken": e("SessionToken"), "Expiration": e("Expiration")}})
        .to_string()
    }

    /// Whether any file of the browser's profile on disk holds `text`, as UTF-8 or UTF-16 (how
    /// Chromium keeps web storage).
    pub fn profile_holds(&self, text: &str) -> bool {
        let utf8 = text.as_bytes().to_vec();
        let utf16: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
        let mut dirs = vec![self.profile.clone()];
        while let Some(dir) = dirs.pop() {
            let Ok(entries) = std::fs::read_dir(&dir) else { continue };
            for entry in entries.flatten() {
                let path = entry.path();
                if path.is_dir() {
                    dirs.push(path);
                } else if let Ok(bytes) = std::fs::read(&path) {
                    if [&utf8, &utf16].iter().any(|needle| bytes.windows(needle.len()).any(|w| w == needle.as_slice())) {
                        return true;
                    }
                }
            }
        }
        false
    }

    /// A Chrome DevTools Protocol command through chromedriver (e.g. `Performance.getMetrics`).
    pub async fn cdp(&self, cmd: &str, params: serde_json::Value) -> serde_json::Value {
        let session = self.client.session_id().await.unwrap().expect("a WebDriver session");
        let url = format!("http://127.0.0.1:{}/session/{session}/goog/cdp/execute", self.driver_port);
        let answer: serde_json::Value =
            reqwest::Client::new().post(url).json(&serde_json::json!({"cmd": cmd, "params": params})).send().await.unwrap().json().await.unwrap();
        answer["value"].clone()
    }

    /// From the next page load on, keeps the console's WebAssembly memory where the test can
    /// read it (`wasm_memory_bytes`, `wasm_memory_holds`): a script run before the page's own
    /// (CDP), so the console itself exposes nothing.
    pub async fn capture_wasm_memory(&self) {
        let source = "(() => { const keep = (r) => { const i = r && (r.instance || r); if (!window.__cksTestMemory && i && i.exports && i.exports.memory) window.__cksTestMemory = i.exports.memory; return r; };
            for (const f of ['instantiate', 'instantiateStreaming']) { const o = WebAssembly[f]; WebAssembly[f] = function (...a) { return o.apply(this, a).then(keep); }; } })();";
        self.cdp("Page.addScriptToEvaluateOnNewDocument", serde_json::json!({"source": source})).await;
    }

    /// The size of the console's WebAssembly memory (bytes), once `capture_wasm_memory` caught it.
    pub async fn wasm_memory_bytes(&self) -> u64 {
        let size = self.page().run_script("return window.__cksTestMemory ? window.__cksTestMemory.buffer.byteLength : -1;").await;
        size.as_u64().expect("capture_wasm_memory was called before the page loaded")
    }

    /// Whether the console's WebAssembly memory holds `text` as UTF-8 anywhere.
    pub async fn wasm_memory_holds(&self, text: &str) -> bool {
        let script = "const m = new Uint8Array(window.__cksTestMemory.buffer); const n = new TextEncoder().encode(arguments[0]);
            outer: for (let i = m.indexOf(n[0]); i !== -1 && i <= m.length - n.length; i = m.indexOf(n[0], i + 1)) {
                for (let j = 1; j < n.length; j++) if (m[i + j] !== n[j]) continue outer; return true; } return false;";
        self.client.execute(script, vec![serde_json::json!(text)]).await.unwrap().as_bool().unwrap()
    }

    /// Where the console's WebAssembly memory holds a piece of `text` (UTF-8) at least `piece`
    /// bytes long: one `(offset of where text would start, range of text found there)` per place.
    /// A block freed without being wiped keeps most of its bytes: the allocator (dlmalloc) writes
    /// its free-list links over the first 8 and the next block's size over the last 4, so a
    /// leftover copy of a secret is seldom whole, and `wasm_memory_holds` alone misses it.
    pub async fn wasm_memory_pieces(&self, text: &str, piece: usize) -> Vec<(i64, std::ops::Range<usize>)> {
        let script = "const m = new Uint8Array(window.__cksTestMemory.buffer); const n = new TextEncoder().encode(arguments[0]); const w = arguments[1];
            const found = new Map();
            for (let i = 0; i + w <= n.length; i++) {
                outer: for (let p = m.indexOf(n[i]); p !== -1 && p + w <= m.length; p = m.indexOf(n[i], p + 1)) {
                    for (let j = 1; j < w; j++) if (m[p + j] !== n[i + j]) continue outer;
                    const at = p - i, f = found.get(at);
                    if (f) { f[0] = Math.min(f[0], i); f[1] = Math.max(f[1], i + w); } else found.set(at, [i, i + w]);
                } }
            return [...found].map(([at, [from, to]]) => [at, from, to]);";
        let found = self.client.execute(script, vec![serde_json::json!(text), serde_json::json!(piece)]).await.unwrap();
        let found: Vec<(i64, usize, usize)> = serde_json::from_value(found).unwrap();
        found.into_iter().map(|(at, from, to)| (at, from..to)).collect()
    }

    /// From the next page load on, keeps each STS answer that issues credentials to the page
    /// (AssumeRole's: "Switch role", "Add accounts") as the page received it, for
    /// `issued_credentials`: a script run before the page's own (CDP) wraps `fetch` and reads a
    /// clone of each XML answer, so the console itself exposes nothing and reads its own copy.
    pub async fn record_issued_credentials(&self) {
        let source = "(() => { window.__cksTestIssued = []; const f = window.fetch;
            window.fetch = function (...a) { return f.apply(this, a).then((r) => {
                if (/xml/.test(r.headers.get('content-type') || '')) r.clone().text().then((t) => { if (t.includes('<SecretAccessKey>')) window.__cksTestIssued.push(t); }, () => {});
                return r; }); }; })();";
        self.cdp("Page.addScriptToEvaluateOnNewDocument", serde_json::json!({"source": source})).await;
    }

    /// The (secret access key, session token) of each credentials answer recorded since the page
    /// loaded (`record_issued_credentials`), in the order they came.
    pub async fn issued_credentials(&self) -> Vec<(String, String)> {
        let answers = self.page().run_script("return window.__cksTestIssued || [];").await;
        let element = |xml: &str, name: &str| {
            let open = format!("<{name}>");
            let start = xml.find(&open).map(|i| i + open.len()).unwrap_or_else(|| panic!("no {name} in {xml}"));
            xml[start..].split('<').next().unwrap().to_owned()
        };
        let answers: Vec<String> = serde_json::from_value(answers).unwrap();
        answers.iter().map(|xml| (element(xml, "SecretAccessKey"), element(xml, "SessionToken"))).collect()
    }

    /// Opens a new tab (its own sessionStorage, as a user's new tab has) and switches to it;
    /// returns the handle of the tab it left.
    pub async fn new_tab(&self) -> fantoccini::wd::WindowHandle {
        let before = self.client.window().await.unwrap();
        let opened = self.client.new_window(true).await.unwrap();
        self.client.switch_to_window(opened.handle).await.unwrap();
        before
    }

    pub async fn current_tab(&self) -> fantoccini::wd::WindowHandle {
        self.client.window().await.unwrap()
    }

    pub async fn switch_tab(&self, handle: fantoccini::wd::WindowHandle) {
        self.client.switch_to_window(handle).await.unwrap();
    }

    /// Declares console errors this test causes on purpose, each by a substring of its message
    /// (say, "status of 500" for an injected fault): `finish` lets those, and only those, pass.
    pub fn expect_console_errors(&self, patterns: &[&str]) {
        self.expected_errors.lock().unwrap().extend(patterns.iter().map(|p| (*p).to_owned()));
    }

    /// What the browser's console said at error level since the last call (chromedriver's log):
    /// console.error, uncaught exceptions, CSP violations and invalid policies, failed loads.
    pub async fn console_errors(&self) -> Vec<String> {
        let Ok(Some(session)) = self.client.session_id().await else { return vec![] };
        let url = format!("http://127.0.0.1:{}/session/{session}/se/log", self.driver_port);
        let answer: serde_json::Value = match reqwest::Client::new().post(url).json(&serde_json::json!({"type": "browser"})).send().await {
            Ok(r) => r.json().await.unwrap_or_default(),
            Err(_) => return vec![],
        };
        answer["value"]
            .as_array()
            .map(|entries| {
                entries
                    .iter()
                    .filter(|e| {
                        let message = e["message"].as_str().unwrap_or_default();
                        e["level"] == "SEVERE" || message.contains("Content Security Policy") || message.contains("Content-Security-Policy")
                    })
                    .map(|e| e["message"].as_str().unwrap_or_default().to_owned())
                    .collect()
            })
            .unwrap_or_default()
    }

    /// Ends the test: every test ends here, and fails if the page logged an error (or a CSP
    /// report) it did not declare with `expect_console_errors`.
    pub async fn finish(mut self) {
        let errors = self.console_errors().await;
        let expected = self.expected_errors.lock().unwrap().clone();
        let _ = self.client.clone().close().await;
        let _ = self.driver.kill();
        let _ = self.driver.wait();
        let _ = std::fs::remove_dir_all(&self.profile);
        let unexpected: Vec<&String> = errors.iter().filter(|e| !expected.iter().any(|p| e.contains(p.as_str()))).collect();
        assert!(unexpected.is_empty(), "the page logged errors this test did not expect: {unexpected:#?} (expected: {expected:?})");
    }
}

/// Signs `req` for `service` in us-east-1 with the console's signer and posts it.
async fn signed_post(mut req: cks_console::aws::http::HttpRequest, creds: &cks_console::aws::credentials::Credentials, service: &str) -> (u16, String) {
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_millis() as u64;
    cks_console::aws::sigv4::sign_request(&mut req, creds, "us-east-1", service, now).unwrap();
    let mut b = reqwest::Client::new().post(&req.url).body(req.body.clone());
    for (k, v) in &req.headers {
        b = b.header(k.as_str(), v.as_str());
    }
    let r = b.send().await.unwrap();
    (r.status().as_u16(), r.text().await.unwrap())
}

fn operation_named(name: &str) -> cks_console::kms::operation::Operation {
    cks_console::kms::operation::Operation::ALL.into_iter().find(|o| o.name() == name).expect("known operation")
}

impl Drop for Browser {
    fn drop(&mut self) {
        // A failed assertion skips finish(): never leave a chromedriver, or its Chromium, behind.
        let _ = self.driver.kill();
        let _ = Command::new("pkill").arg("-f").arg(format!("user-data-dir={}", self.profile.display())).status();
        let _ = std::fs::remove_dir_all(&self.profile);
    }
}

fn row_xpath(store: &str) -> String {
    format!("//table//tr[th[normalize-space()='{store}']]")
}

impl Page<'_> {
    /// Navigates to `url` as a user following a link would.
    pub async fn client_goto(&self, url: &str) {
        self.client.goto(url).await.unwrap();
    }

    pub async fn current_url(&self) -> String {
        self.client.current_url().await.unwrap().to_string()
    }

    pub async fn wait_until<F, Fut>(&self, timeout: Duration, mut check: F)
    where
        F: FnMut() -> Fut,
        Fut: std::future::Future<Output = bool>,
    {
        let deadline = Instant::now() + timeout;
        while !check().await {
            if Instant::now() > deadline {
                self.fail(&format!("timed out after {timeout:?}")).await;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// The text of the first element matching `css`, once it exists and is not empty.
    pub async fn wait_text(&self, css: &str, timeout: Duration) -> String {
        let deadline = Instant::now() + timeout;
        loop {
            if let Ok(e) = self.client.find(Locator::Css(css)).await {
                let text = e.text().await.unwrap_or_default();
                if !text.trim().is_empty() {
                    return text;
                }
            }
            if Instant::now() > deadline {
                self.fail(&format!("no text in {css} after {timeout:?}")).await;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Saves a PNG under $CKS_E2E_SCREENSHOTS when it is set, for looking at the page by eye.
    pub async fn save_screenshot(&self, name: &str) {
        if let Ok(dir) = std::env::var("CKS_E2E_SCREENSHOTS") {
            let _ = std::fs::create_dir_all(&dir);
            let _ = std::fs::write(format!("{dir}/{name}.png"), self.client.screenshot().await.unwrap());
        }
    }

    /// Panics with a screenshot saved for whoever reads the failure.
    async fn fail(&self, why: &str) -> ! {
        let shot = self.client.screenshot().await.unwrap_or_default();
        let path = std::env::temp_dir().join("cks-e2e-failure.png");
        let _ = std::fs::write(&path, shot);
        panic!("{why}; screenshot at {}", path.display());
    }

    /// The input a visible label names, found through the label's `for`.
    pub async fn labelled(&self, label: &str) -> Element {
        let label = self.client.find(Locator::XPath(&format!("//label[normalize-space()='{label}']"))).await.expect("label exists");
        let id = label.attr("for").await.unwrap().expect("label has for");
        self.client.find(Locator::Id(&id)).await.expect("labelled input exists")
    }

    pub async fn fill(&self, label: &str, text: &str) {
        let input = self.labelled(label).await;
        if text.is_empty() {
            input.clear().await.unwrap();
        } else {
            input.send_keys(text).await.unwrap();
        }
    }

    /// Types the three credential fields (of the sign-in form, or the renewal dialog when open).
    /// Empties a field as a user does (select all, Backspace), so the page hears it: WebDriver's
    /// own clear fires no `input` event.
    pub async fn erase(&self, label: &str) {
        self.labelled(label).await.send_keys("\u{E009}a\u{E000}\u{E003}").await.unwrap();
    }

    pub async fn fill_credentials(&self, akid: &str, secret: &str, token: &str) {
        self.fill("Access key ID", akid).await;
        self.fill("Secret access key", secret).await;
        self.fill("Session token", token).await;
    }

    /// Whether the first element matching `css` is rendered (false when there is none).
    pub async fn is_displayed(&self, css: &str) -> bool {
        match self.client.find(Locator::Css(css)).await {
            Ok(e) => e.is_displayed().await.unwrap_or(false),
            Err(_) => false,
        }
    }

    /// Keys to whatever has the focus, as a user typing on does.
    pub async fn type_into_focused(&self, text: &str) {
        self.client.active_element().await.unwrap().send_keys(text).await.unwrap();
    }

    pub async fn field_value(&self, label: &str) -> String {
        self.labelled(label).await.prop("value").await.unwrap().unwrap_or_default()
    }

    pub async fn field_value_by_css(&self, css: &str) -> Option<String> {
        let e = self.client.find(Locator::Css(css)).await.ok()?;
        e.prop("value").await.ok().flatten()
    }

    pub async fn submit(&self) {
        self.click_button("Sign in").await;
    }

    /// Clicks the first button whose visible text is `label`.
    pub async fn click_button(&self, label: &str) {
        let xpath = format!("//button[normalize-space()='{label}']");
        self.client.find(Locator::XPath(&xpath)).await.unwrap_or_else(|_| panic!("no button {label}")).click().await.unwrap();
    }

    /// Clicks the button labelled `label` inside the first element matching `css`.
    /// Clicks the first element matching `css`.
    pub async fn click_css(&self, css: &str) {
        self.client.find(Locator::Css(css)).await.unwrap_or_else(|_| panic!("no {css}")).click().await.unwrap();
    }

    /// Picks the option with `value` in the select its label names.
    pub async fn select(&self, label: &str, value: &str) {
        self.labelled(label).await.select_by_value(value).await.unwrap();
    }

    pub async fn is_enabled_by_css(&self, css: &str) -> bool {
        self.client.find(Locator::Css(css)).await.unwrap_or_else(|_| panic!("no {css}")).is_enabled().await.unwrap()
    }

    pub async fn click_in(&self, css: &str, label: &str) {
        let scope = self.client.find(Locator::Css(css)).await.unwrap_or_else(|_| panic!("no {css}"));
        let button =
            scope.find(Locator::XPath(&format!(".//button[normalize-space()='{label}']"))).await.unwrap_or_else(|_| panic!("no button {label} in {css}"));
        button.click().await.unwrap();
    }

    /// Pastes `text` into the paste box labelled "Paste credentials" (the first one on the page),
    /// and waits until the page has read it (on the sign-in page the reader comes with the
    /// console's chunk, moments after the page shows).
    pub async fn paste(&self, text: &str) {
        self.start_paste(text).await;
        self.wait_until(Duration::from_secs(15), || async { !self.text(".sign-in").await.contains("Reading the paste") }).await;
    }

    /// `paste` without waiting for the page to read it.
    pub async fn start_paste(&self, text: &str) {
        let input = self.labelled("Paste credentials").await;
        input.clear().await.unwrap();
        // Typing a whole JSON key by key is slow; set it and fire `input` as a paste would.
        self.client
            .execute(
                "arguments[0].value = arguments[1]; arguments[0].dispatchEvent(new Event('input', {bubbles: true}));",
                vec![serde_json::to_value(&input).unwrap(), serde_json::json!(text)],
            )
            .await
            .unwrap();
    }

    pub async fn text(&self, css: &str) -> String {
        match self.client.find(Locator::Css(css)).await {
            Ok(e) => e.text().await.unwrap_or_default(),
            Err(_) => String::new(),
        }
    }

    /// Everything the page could have persisted or exposed: both storages, cookies, IndexedDB
    /// database names and the URL, as one string to search.
    pub async fn persisted(&self) -> String {
        let script = "const done = arguments[arguments.length - 1];
            const dbs = indexedDB.databases ? indexedDB.databases() : Promise.resolve([]);
            dbs.then(list => done(JSON.stringify({
                local: Object.assign({}, localStorage), session: Object.assign({}, sessionStorage),
                cookie: document.cookie, idb: list.map(d => d.name), url: location.href })));";
        self.client.execute_async(script, vec![]).await.unwrap().as_str().unwrap().to_owned()
    }

    /// How many keys the "remember in this tab" vault holds in IndexedDB.
    pub async fn vault_keys(&self) -> u64 {
        let script = "const done = arguments[arguments.length - 1];
            const req = indexedDB.open('cks-console', 1);
            req.onupgradeneeded = () => req.result.createObjectStore('keys');
            req.onsuccess = () => { const db = req.result; const c = db.transaction('keys').objectStore('keys').count();
                c.onsuccess = () => { done(c.result); db.close(); }; };
            req.onerror = () => done(-1);";
        self.client.execute_async(script, vec![]).await.unwrap().as_u64().unwrap_or(u64::MAX)
    }

    /// Whether the vault's key could be exported by a script (`None` when there is none).
    pub async fn vault_key_extractable(&self) -> Option<bool> {
        let script = "const done = arguments[arguments.length - 1];
            const req = indexedDB.open('cks-console', 1);
            req.onupgradeneeded = () => req.result.createObjectStore('keys');
            req.onsuccess = () => { const g = req.result.transaction('keys').objectStore('keys').openCursor();
                g.onsuccess = () => done(g.result ? g.result.value.extractable : null); };";
        self.client.execute_async(script, vec![]).await.unwrap().as_bool()
    }

    /// Makes the page believe its tab is hidden (or shown), through the real `visibilitychange`
    /// path; headless Chromium has no tab to switch away from.
    pub async fn set_hidden(&self, hidden: bool) {
        let script = "Object.defineProperty(document, 'visibilityState', {value: arguments[0] ? 'hidden' : 'visible', configurable: true});
                      document.dispatchEvent(new Event('visibilitychange'));";
        self.client.execute(script, vec![serde_json::json!(hidden)]).await.unwrap();
    }

    /// The text of the element that has the keyboard focus.
    pub async fn focused_text(&self) -> String {
        self.client.active_element().await.unwrap().text().await.unwrap_or_default()
    }

    pub async fn title(&self) -> String {
        self.client.title().await.unwrap()
    }

    pub async fn reload(&self) {
        self.client.refresh().await.unwrap();
        self.wait_live().await;
    }

    /// Waits for the console's code to run. Until then the page shows its prerendered sign-in
    /// form, which takes input but which the live one replaces (index.html's script): a test
    /// that means to act on the live form waits for it, as one that means the copy does not.
    pub async fn wait_live(&self) {
        let live = "return performance.getEntriesByName('console-live').length > 0;";
        self.wait_until(Duration::from_secs(15), || async { self.run_script(live).await == serde_json::json!(true) }).await;
    }

    pub async fn sign_out(&self) {
        self.client.find(Locator::XPath("//button[normalize-space()='Sign out']")).await.unwrap().click().await.unwrap();
        self.wait_until(Duration::from_secs(5), || async { self.text("h1").await.starts_with("Sign in") }).await;
    }

    pub async fn row_count(&self) -> usize {
        self.client.find_all(Locator::Css("table.store-list tbody tr")).await.map_or(0, |rows| rows.len())
    }

    /// The text of column `index` (0 = the name) of a store's row.
    pub async fn cell(&self, store: &str, index: usize) -> String {
        let row = self.client.find(Locator::XPath(&row_xpath(store))).await.expect("row exists");
        let cells = row.find_all(Locator::XPath("./th|./td")).await.unwrap();
        cells[index].text().await.unwrap()
    }

    /// The state a row's badge shows, as the wire value (its `data-state`).
    pub async fn state_of(&self, store: &str) -> String {
        let xpath = format!("{}//span[contains(@class,'badge')]", row_xpath(store));
        match self.client.find(Locator::XPath(&xpath)).await {
            Ok(badge) => badge.attr("data-state").await.ok().flatten().unwrap_or_default(),
            Err(_) => String::new(),
        }
    }

    pub async fn wait_for_state(&self, store: &str, state: &str, timeout: Duration) {
        self.wait_until(timeout, || async { self.state_of(store).await == state }).await;
    }

    /// A row's button by its accessible name, opening the row's menu when the button is in it.
    async fn row_button(&self, store: &str, label: &str) -> Element {
        let xpath = format!("{}//button[@aria-label='{label} {store}']", row_xpath(store));
        if let Ok(button) = self.client.find(Locator::XPath(&xpath)).await {
            if button.is_displayed().await.unwrap_or(false) {
                return button;
            }
        }
        // The others sit in the row's menu, which the page builds when it first opens.
        let menu = format!("{}//summary[@aria-label='More actions for {store}']", row_xpath(store));
        self.client.find(Locator::XPath(&menu)).await.expect("row menu exists").click().await.unwrap();
        let deadline = Instant::now() + Duration::from_secs(5);
        loop {
            match self.client.find(Locator::XPath(&xpath)).await {
                Ok(button) => return button,
                Err(_) if Instant::now() < deadline => tokio::time::sleep(Duration::from_millis(50)).await,
                Err(e) => panic!("no button {label} {store} in the row or its menu: {e}"),
            }
        }
    }

    pub async fn button_enabled(&self, store: &str, label: &str) -> bool {
        self.row_button(store, label).await.is_enabled().await.unwrap()
    }

    pub async fn press(&self, store: &str, label: &str) {
        self.row_button(store, label).await.click().await.unwrap();
    }

    /// Connect or Disconnect from the row, then "Yes" in the confirmation that says what happens.
    pub async fn act(&self, store: &str, label: &str) {
        self.press(store, label).await;
        self.confirm(label).await;
    }

    /// Answers the open confirmation with "Yes, <label>"; returns what it said.
    pub async fn confirm(&self, label: &str) -> String {
        // `[role=dialog]` too, so that this suite can also be run against builds from before the
        // dialogs moved to <dialog> (to show that its tests fail there for the right reason).
        let dialog = self.wait_text("dialog[open], [role=dialog]", Duration::from_secs(5)).await;
        self.click_button(&format!("Yes, {}", label.to_lowercase())).await;
        dialog
    }

    async fn guide_button(&self, label: &str) -> Element {
        let xpath = format!("//section[contains(@class,'guidance')]//button[normalize-space()='{label}']");
        self.client.find(Locator::XPath(&xpath)).await.expect("guide button exists")
    }

    pub async fn guide_button_enabled(&self, label: &str) -> bool {
        self.guide_button(label).await.is_enabled().await.unwrap()
    }

    pub async fn press_in_guide(&self, label: &str) {
        self.guide_button(label).await.click().await.unwrap();
        self.confirm(label).await;
    }

    /// Presses one key on whatever has the focus, as a keyboard would (WebDriver actions).
    pub async fn press_key(&self, key: char) {
        use fantoccini::actions::{InputSource, KeyAction, KeyActions};
        let actions = KeyActions::new("keyboard".into()).then(KeyAction::Down { value: key }).then(KeyAction::Up { value: key });
        self.client.perform_actions(actions).await.unwrap();
        tokio::time::sleep(Duration::from_millis(150)).await;
    }

    /// Presses keys together (a chord such as Shift+Tab), releasing them in reverse order.
    pub async fn press_keys(&self, keys: &[char]) {
        use fantoccini::actions::{InputSource, KeyAction, KeyActions};
        let mut actions = KeyActions::new("keyboard".into());
        for &k in keys {
            actions = actions.then(KeyAction::Down { value: k });
        }
        for &k in keys.iter().rev() {
            actions = actions.then(KeyAction::Up { value: k });
        }
        self.client.perform_actions(actions).await.unwrap();
        tokio::time::sleep(Duration::from_millis(150)).await;
    }

    /// Replaces what the focused field holds (Ctrl+A, then the keys of `text`).
    pub async fn select_all_and_type(&self, text: &str) {
        self.press_keys(&['\u{E009}', 'a']).await;
        self.type_text(text).await;
    }

    /// Types `text` into whatever has the focus, key by key.
    pub async fn type_text(&self, text: &str) {
        use fantoccini::actions::{InputSource, KeyAction, KeyActions};
        let mut actions = KeyActions::new("keyboard".into());
        for c in text.chars() {
            actions = actions.then(KeyAction::Down { value: c }).then(KeyAction::Up { value: c });
        }
        self.client.perform_actions(actions).await.unwrap();
    }

    /// Runs `script` in the page and returns what it returns.
    pub async fn run_script(&self, script: &str) -> serde_json::Value {
        self.client.execute(script, vec![]).await.unwrap()
    }

    /// Runs `script` with a `done(value)` callback and returns what it was called with.
    pub async fn run_script_async(&self, script: &str) -> serde_json::Value {
        let wrapped = format!("const done = arguments[arguments.length - 1]; {script}");
        self.client.execute_async(&wrapped, vec![]).await.unwrap()
    }

    /// Moves the focus to the first button whose visible text is `label`.
    pub async fn focus_button(&self, label: &str) {
        let xpath = format!("//button[normalize-space()='{label}']");
        let button = self.client.find(Locator::XPath(&xpath)).await.unwrap_or_else(|_| panic!("no button {label}"));
        self.client.execute("arguments[0].focus();", vec![serde_json::to_value(&button).unwrap()]).await.unwrap();
    }

    /// Whether the focused element is inside the first element matching `css`.
    pub async fn focus_within(&self, css: &str) -> bool {
        let script =
            "const s = document.querySelector(arguments[0]); return !!s && s.contains(document.activeElement) && document.activeElement !== document.body;";
        self.client.execute(script, vec![serde_json::json!(css)]).await.unwrap().as_bool().unwrap_or(false)
    }

    /// The accessible name of the focused element, as a screen reader would say it: its
    /// aria-label, else its text, else its label's text.
    pub async fn focused_name(&self) -> String {
        let script = "const e = document.activeElement; if (!e || e === document.body) return '';
            return e.getAttribute('aria-label') || e.innerText.trim() || (e.labels && e.labels[0] ? e.labels[0].innerText.trim() : e.tagName);";
        self.client.execute(script, vec![]).await.unwrap().as_str().unwrap_or_default().to_owned()
    }

    /// Moves the focus to the element matching `css` (the starting point of a keyboard walk).
    pub async fn focus(&self, css: &str) {
        self.client.execute("document.querySelector(arguments[0]).focus();", vec![serde_json::json!(css)]).await.unwrap();
    }

    pub async fn live_text(&self) -> String {
        self.client.find(Locator::Css("[aria-live]")).await.unwrap().text().await.unwrap()
    }
}
