//! The timed half of `cargo xtask bench`: drives the release console, the reference page built on
//! the AWS SDK for JavaScript (bench/sdk-page) and a static page of the console's first-load size
//! in headless Chromium, alternately, against one sandbox, and writes the raw measurements as
//! JSON to $CKS_BENCH_OUT. xtask turns them into medians, ratios and BENCHMARKS.md.
//!
//! Every page load is cold: each is served from a new loopback port, so neither the HTTP cache nor
//! the compiled-code cache has seen its files.

#[path = "../tests/browser/mod.rs"]
mod browser;

use browser::{demo_account, Browser, Page};
use cks_sandbox::seed;
use serde_json::{json, Value};
use std::path::PathBuf;
use std::time::{Duration, Instant};

const LOADS: usize = 10;
/// 1,000 timings, each the mean of a batch (the page's clock ticks in 0.1 ms steps).
const SIGNATURES: u32 = 1000;
const BATCH: u32 = 20;
/// How long CONNECTING lasts in the sandbox for the store each page connects.
const CONNECT_MS: u64 = 20_000;
const IDLE_WINDOW: Duration = Duration::from_secs(60);

/// A page under test: where its files are, and how to find its store rows.
struct Subject {
    key: &'static str,
    dir: PathBuf,
    rows: &'static str,
}

fn dir(var: &str) -> PathBuf {
    PathBuf::from(std::env::var(var).unwrap_or_else(|_| panic!("{var} must name a built page (run `cargo xtask bench`)")))
}

/// An external key store (no CloudHSM cluster to check); ids as KMS forms them.
fn store(n: u64, name: &str, state: &str) -> Value {
    json!({"id": format!("cks-{n:017x}"), "name": name, "type": "EXTERNAL_KEY_STORE", "state": state, "connect_delay_ms": CONNECT_MS,
        "xks_proxy": {"connectivity": "PUBLIC_ENDPOINT", "access_key_id": "BENCHPROXYACCESSKEY1", "uri_endpoint": format!("https://{name}.example.com"), "uri_path": "/kms/xks/v1"}})
}

/// Two Regions, nine stores; each page connects its own target store.
fn small_regions() -> Value {
    let mut east: Vec<Value> = (1..=5).map(|i| store(i, &format!("east-{i}"), "CONNECTED")).collect();
    east.push(store(6, "console-target", "DISCONNECTED"));
    east.push(store(7, "sdk-target", "DISCONNECTED"));
    let west: Vec<Value> = (8..=9).map(|i| store(i, &format!("west-{i}"), "CONNECTED")).collect();
    json!({"us-east-1": {"stores": east}, "eu-west-1": {"stores": west}})
}

const SCALE_REGIONS: [&str; 10] =
    ["us-east-1", "us-east-2", "us-west-1", "us-west-2", "eu-west-1", "eu-west-2", "eu-central-1", "ap-northeast-1", "ap-southeast-1", "sa-east-1"];

/// 1,000 stores: 100 in each of ten Regions.
fn scale_regions() -> Value {
    let mut regions = serde_json::Map::new();
    for (r, region) in SCALE_REGIONS.iter().enumerate() {
        let stores: Vec<Value> = (0..100)
            .map(|i| {
                let state = if i % 10 == 0 { "DISCONNECTED" } else { "CONNECTED" };
                store(1000 + r as u64 * 100 + i, &format!("store-{r}-{i:03}"), state)
            })
            .collect();
        regions.insert((*region).to_owned(), json!({"stores": stores}));
    }
    Value::Object(regions)
}

/// The demo account with 1,000 stores, and a second account with the same Regions and none.
fn scale_seed() -> seed::Seed {
    let mut seed = serde_json::to_value(demo_account(None, scale_regions())).unwrap();
    let empty: serde_json::Map<String, Value> = SCALE_REGIONS.iter().map(|r| ((*r).to_owned(), json!({"stores": []}))).collect();
    seed["accounts"].as_array_mut().unwrap().push(json!({"account_id": "444455556666",
        "credentials": [{"access_key_id": EMPTY.0, "secret_access_key": EMPTY.1, "session_token": EMPTY.2}], "regions": empty}));
    serde_json::from_value(seed).unwrap()
}

thread_local! {
    /// The page servers started for `fresh_origin`, stopped at the end.
    static SERVERS: std::cell::RefCell<Vec<std::process::Child>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// Serves `dir` on a port of its own: a cold cache for whatever loads from it. With
/// $CKS_PAGE_SERVER (the release sandbox binary, as `cargo xtask bench` sets it) the files come
/// from an optimized server, as from a real host; otherwise from this driver's own (a debug build).
async fn fresh_origin(dir: &std::path::Path) -> String {
    let Ok(server) = std::env::var("CKS_PAGE_SERVER") else {
        let addr = cks_sandbox::site::serve_console(dir.to_path_buf(), "127.0.0.1:0").await.expect("the page is served");
        return format!("http://{addr}/");
    };
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let child = std::process::Command::new(server)
        .args(["--listen", "127.0.0.1:0", "--console-listen", &format!("127.0.0.1:{port}"), "--console"])
        .arg(dir)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("the page server starts");
    SERVERS.with(|s| s.borrow_mut().push(child));
    let deadline = Instant::now() + Duration::from_secs(10);
    while tokio::net::TcpStream::connect(("127.0.0.1", port)).await.is_err() {
        assert!(Instant::now() < deadline, "the page server did not answer on {port}");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    format!("http://127.0.0.1:{port}/")
}

async fn mark_time(page: &Page<'_>, name: &str) -> f64 {
    let script = format!("const m = performance.getEntriesByName('{name}'); return m.length ? m[0].startTime : null;");
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        if let Some(t) = page.run_script(&script).await.as_f64() {
            return t;
        }
        assert!(Instant::now() < deadline, "no '{name}' mark after 30 s");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// Opens `subject` cold for `regions` and returns (the page, navigation → interactive sign-in in ms).
async fn open_cold<'a>(b: &'a Browser, subject: &Subject, regions: &str) -> (Page<'a>, f64) {
    open_cold_with(b, subject, regions, "").await
}

/// `open_cold` with more of the console's query parameters (`extra` starts with `&`).
async fn open_cold_with<'a>(b: &'a Browser, subject: &Subject, regions: &str, extra: &str) -> (Page<'a>, f64) {
    let origin = fresh_origin(&subject.dir).await;
    let page = b.page();
    let endpoint = b.kms_url.trim_end_matches('/');
    page.client_goto(&format!("{origin}?endpoint={endpoint}&region={regions}{extra}")).await;
    let interactive = mark_time(&page, "sign-in-interactive").await;
    if subject.key == "console" {
        // The prerendered form takes input from here; the driver fills the live one (a user
        // needs no such wait: what they type is carried over by index.html's script).
        mark_time(&page, "console-live").await;
    }
    (page, interactive)
}

/// Where a cold load's time went, in ms from navigation start: the HTML's last byte, the first
/// request the page made, the last script or wasm byte of the first load, DOMContentLoaded, the
/// sign-in form taking input, and the console's code running (`console-live`; the SDK page has
/// one moment for both).
const TIMELINE: &str = "const nav = performance.getEntriesByType('navigation')[0];
    const at = (name) => performance.getEntriesByName(name)[0]?.startTime;
    const live = at('console-live') ?? at('sign-in-interactive');
    const first = performance.getEntriesByType('resource').filter(e => e.startTime < live);
    return {html: nav.responseEnd, first_request: Math.min(...first.map(e => e.startTime)),
        code: Math.max(...first.filter(e => /\\.(js|wasm)$/.test(e.name)).map(e => e.responseEnd)), dom_content_loaded: nav.domContentLoadedEventEnd,
        interactive: at('sign-in-interactive'), live};";

/// Fills the sign-in form as a user would (not timed), then waits for what a user's pasting time
/// gives the page: its later files have arrived.
async fn fill_sign_in(b: &Browser, page: &Page<'_>, subject: &Subject, regions: &str) {
    fill_sign_in_as(b, page, subject, regions, DEMO).await;
}

/// (access key id, secret, session token)
type Keys = (&'static str, &'static str, &'static str);
const DEMO: Keys = (seed::DEMO_ACCESS_KEY_ID, seed::DEMO_SECRET_ACCESS_KEY, seed::DEMO_SESSION_TOKEN);
/// Fake keys of a second account with the same ten Regions and no stores: what signing in costs
/// without a table to build.
const EMPTY: Keys = ("ASIABENCHEMPTY000001", "bench/empty/secret/FAKE/not/a/real/key0", "bench-empty-token-FAKE");

async fn fill_sign_in_as(b: &Browser, page: &Page<'_>, subject: &Subject, regions: &str, keys: Keys) {
    page.fill("Access key ID", keys.0).await;
    page.fill("Secret access key", keys.1).await;
    page.fill("Session token", keys.2).await;
    if subject.key == "console" {
        if page.text(".link-endpoint").await.contains("The link you opened") {
            b.check("Send my signed requests to this endpoint").await;
        }
    } else {
        page.fill("Regions", "").await;
        page.fill("Regions", regions).await;
        page.fill("Endpoint URL for all services", b.kms_url.trim_end_matches('/')).await;
    }
    tokio::time::sleep(Duration::from_millis(1500)).await;
}

/// Presses Sign in and returns ms until `expected` rows are in the document.
async fn timed_sign_in(page: &Page<'_>, subject: &Subject, expected: usize) -> f64 {
    let script = format!(
        "const rows = '{}', expected = {expected};
         const button = [...document.querySelectorAll('button')].find(b => b.textContent.trim() === 'Sign in');
         const t0 = performance.now();
         const check = () => document.querySelectorAll(rows).length >= expected;
         const observer = new MutationObserver(() => {{ if (check()) {{ observer.disconnect(); done(performance.now() - t0); }} }});
         observer.observe(document.body, {{childList: true, subtree: true, characterData: true}});
         setTimeout(() => {{ observer.disconnect(); done('only ' + document.querySelectorAll(rows).length + ' rows after 20 s: ' +
             (document.querySelector('[role=alert]')?.textContent ?? '')); }}, 20000);
         button.click();",
        subject.rows
    );
    let answer = page.run_script_async(&script).await;
    answer.as_f64().unwrap_or_else(|| panic!("{}: {answer}", subject.key))
}

/// Presses Sign in and returns ms until every one of the ten Regions has answered with no stores
/// (console: each Region's line says "updated"; SDK page: its `table-rendered` mark).
async fn timed_sign_in_empty(page: &Page<'_>, subject: &Subject) -> f64 {
    let done = if subject.key == "console" {
        "const m = [...document.querySelectorAll('.region-meta')]; return m.length === 10 && m.every(e => e.textContent.includes('updated'));"
    } else {
        "return performance.getEntriesByName('table-rendered').length > 0;"
    };
    let script = format!(
        "const button = [...document.querySelectorAll('button')].find(b => b.textContent.trim() === 'Sign in');
         const t0 = performance.now();
         const ready = () => {{ {done} }};
         // Attributes change too (a table shown), and a mark changes nothing: look every 2 ms as well.
         let finished = false;
         const finish = (value) => {{ if (!finished) {{ finished = true; observer.disconnect(); clearInterval(timer); done(value); }} }};
         const check = () => {{ if (ready()) finish(performance.now() - t0); }};
         const observer = new MutationObserver(check);
         observer.observe(document.body, {{childList: true, subtree: true, characterData: true, attributes: true}});
         const timer = setInterval(check, 2);
         setTimeout(() => finish('not every Region answered after 20 s: ' + (document.querySelector('[role=alert]')?.textContent ?? '')), 20000);
         button.click();"
    );
    let answer = page.run_script_async(&script).await;
    answer.as_f64().unwrap_or_else(|| panic!("{}: {answer}", subject.key))
}

/// Epoch ms of the sandbox's clock zero (its log counts ms since it started).
async fn sandbox_epoch(b: &Browser) -> f64 {
    let before = now_ms();
    b.kms_call("DescribeCustomKeyStores", json!({"Limit": 1})).await;
    let after = now_ms();
    let log = b.sandbox_log().await;
    let last = log["requests"].as_array().unwrap().iter().rev().find(|r| r["operation"] == "DescribeCustomKeyStores").unwrap();
    (before + after) / 2.0 - last["started_ms"].as_f64().unwrap()
}

fn now_ms() -> f64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs_f64() * 1000.0
}

async fn request_log(b: &Browser) -> Vec<Value> {
    b.sandbox_log().await["requests"].as_array().unwrap().clone()
}

/// Connect on the subject's own store; ms from the sandbox's flip to CONNECTED until the row shows
/// it, requests a minute while it connects, then requests a minute once nothing moves.
async fn transition(b: &Browser, page: &Page<'_>, subject: &Subject) -> Value {
    let target = if subject.key == "console" { "console-target" } else { "sdk-target" };
    let row = if subject.key == "console" {
        format!("[...document.querySelectorAll('table.store-list tbody tr')].find(r => r.querySelector('th')?.textContent.trim() === '{target}')")
    } else {
        format!("[...document.querySelectorAll('table#stores tbody tr')].find(r => r.textContent.includes('{target}'))")
    };
    let state = if subject.key == "console" { "r.querySelector('[data-state]')?.dataset.state" } else { "r.querySelector('td.state')?.textContent.trim()" };
    page.run_script(&format!(
        "window.__shown = null;
         const seen = () => {{ const r = {row}; return r && {state} === 'CONNECTED'; }};
         const o = new MutationObserver(() => {{ if (!window.__shown && seen()) {{ window.__shown = Date.now(); o.disconnect(); }} }});
         o.observe(document.body, {{childList: true, subtree: true, characterData: true, attributes: true}});"
    ))
    .await;
    let epoch = sandbox_epoch(b).await;
    let before = request_log(b).await.len();
    if subject.key == "console" {
        page.act(target, "Connect").await;
    } else {
        page.run_script(&format!("({row}).querySelector('button').click();")).await;
    }
    let deadline = Instant::now() + Duration::from_millis(CONNECT_MS) + Duration::from_secs(30);
    let shown = loop {
        if let Some(t) = page.run_script("return window.__shown;").await.as_f64() {
            break t;
        }
        assert!(Instant::now() < deadline, "{}: {target} never showed CONNECTED", subject.key);
        tokio::time::sleep(Duration::from_millis(200)).await;
    };
    let log = request_log(b).await;
    let connect = log[before..].iter().find(|r| r["operation"] == "ConnectCustomKeyStore").expect("the page sent Connect");
    let connect_at = connect["started_ms"].as_f64().unwrap();
    let flipped = connect_at + CONNECT_MS as f64;
    let during: Vec<&Value> =
        log[before..].iter().filter(|r| r["started_ms"].as_f64().unwrap() >= connect_at && r["started_ms"].as_f64().unwrap() < flipped).collect();
    let lists = during.iter().filter(|r| r["operation"] == "DescribeCustomKeyStores").count();
    // Idle: everything settled; count a full minute of what the page asks on its own.
    tokio::time::sleep(Duration::from_secs(3)).await;
    let idle_from = request_log(b).await.len();
    tokio::time::sleep(IDLE_WINDOW).await;
    let idle_log = request_log(b).await;
    let idle = &idle_log[idle_from..];
    let per_minute = |n: usize, ms: f64| n as f64 * 60_000.0 / ms;
    json!({
        "shown_after_ms": shown - (epoch + flipped),
        "transition_requests_per_minute": per_minute(during.len(), CONNECT_MS as f64),
        "transition_lists_per_minute": per_minute(lists, CONNECT_MS as f64),
        "transition_operations": operations(&during),
        "idle_requests_per_minute": per_minute(idle.len(), IDLE_WINDOW.as_millis() as f64),
        "idle_operations": operations(&idle.iter().collect::<Vec<_>>()),
        "regions": 2,
    })
}

/// How many requests of each operation, e.g. {"DescribeCustomKeyStores": 10}.
fn operations(log: &[&Value]) -> Value {
    let mut counts = serde_json::Map::new();
    for r in log {
        let op = r["operation"].as_str().unwrap_or("?").to_owned();
        let n = counts.get(&op).and_then(Value::as_u64).unwrap_or(0);
        counts.insert(op, json!(n + 1));
    }
    Value::Object(counts)
}

async fn metrics(b: &Browser) -> (f64, f64) {
    let m = b.cdp("Performance.getMetrics", json!({})).await;
    let get = |name: &str| m["metrics"].as_array().unwrap().iter().find(|e| e["name"] == name).and_then(|e| e["value"].as_f64()).unwrap_or(0.0);
    (get("ScriptDuration") * 1000.0, get("TaskDuration") * 1000.0)
}

/// Sign-in with ten Regions (as `keys`: 100 stores each, or none) until `rows` rows show: wall
/// time, scripting time, requests per Region, heap. `extra` adds console query parameters.
async fn scale(b: &Browser, subject: &Subject, keys: Keys, extra: &str, rows: usize) -> Value {
    let regions = SCALE_REGIONS.join(",");
    let (page, _) = open_cold_with(b, subject, &regions, extra).await;
    fill_sign_in_as(b, &page, subject, &regions, keys).await;
    b.cdp("Performance.enable", json!({"timeDomain": "threadTicks"})).await;
    let before = request_log(b).await.len();
    let (script0, task0) = metrics(b).await;
    let wall = if rows == 0 { timed_sign_in_empty(&page, subject).await } else { timed_sign_in(&page, subject, rows).await };
    let (script1, task1) = metrics(b).await;
    // What the page goes on doing right after (the first render's effects) counts too.
    tokio::time::sleep(Duration::from_millis(500)).await;
    let (script2, _) = metrics(b).await;
    let log = request_log(b).await;
    let mut per_region = serde_json::Map::new();
    for r in log[before..].iter().filter(|r| r["operation"] == "DescribeCustomKeyStores") {
        let region = r["region"].as_str().unwrap_or("?").to_owned();
        let n = per_region.get(&region).and_then(Value::as_u64).unwrap_or(0);
        per_region.insert(region, json!(n + 1));
    }
    b.cdp("HeapProfiler.collectGarbage", json!({})).await;
    let heap = b.cdp("Runtime.getHeapUsage", json!({})).await;
    let rows = page.run_script(&format!("return document.querySelectorAll('{}').length;", subject.rows)).await;
    b.cdp("Performance.disable", json!({})).await;
    json!({
        "rows": rows,
        "wall_ms": wall,
        "script_ms": script1 - script0,
        "script_ms_with_effects": script2 - script0,
        "task_ms": task1 - task0,
        "lists_per_region": per_region,
        "js_heap_used": heap["usedSize"],
        "backing_stores": heap["backingStorageSize"],
    })
}

/// Fleet accounts × Regions × stores a Region: 50 × 4 × 20 (4,000 stores in 200 member scopes, plus
/// the hub's own 4 empty ones), every answer 50 ms late.
const FLEET: (usize, usize, usize) = (50, 4, 20);
const FLEET_LATENCY_MS: u64 = 50;

/// Sign-in with the fleet's accounts in the link: ms until every scope shows its first page,
/// scripting time, memory (JS heap; array buffers, the wasm memory among them) and, over a minute
/// left idle, the lists each scope asked for.
async fn fleet_view(subject: &Subject) -> Value {
    use cks_console::aws::iam::RoleArn;
    use cks_console::fleet::accounts::MemberAccount;
    let (accounts, regions, stores) = FLEET;
    // CKS_BENCH_FLEET_ACCOUNTS=n: another number of accounts, to see how the costs grow.
    let accounts = std::env::var("CKS_BENCH_FLEET_ACCOUNTS").ok().and_then(|n| n.parse().ok()).unwrap_or(accounts);
    let regions = &cks_sandbox::seed::FLEET_REGIONS[..regions];
    let members: Vec<MemberAccount> = (0..accounts)
        .map(|i| MemberAccount::new(RoleArn::for_account("aws", &format!("{:012}", 200_000_000_000 + i as u64), "KeyStoreOperator").unwrap()))
        .collect();
    let link = cks_console::fleet::link::encode(&members, &[]);
    let b = Browser::start_at(seed::fleet(accounts, regions, stores), "about:blank".into(), &[]).await;
    b.set_faults(json!({"latency_ms": FLEET_LATENCY_MS})).await;
    let scopes = (accounts + 1) * regions.len();
    // The wasm memory is not in the JS heap's figures: keep each instance's memory where the
    // driver can read its size (CDP's script runs before the page's own, outside its CSP).
    b.cdp(
        "Page.addScriptToEvaluateOnNewDocument",
        json!({"source": "window.__wasmMemories = []; for (const f of ['instantiate', 'instantiateStreaming']) { const o = WebAssembly[f];
            WebAssembly[f] = async (...a) => { const r = await o.apply(WebAssembly, a); const i = r.instance ?? r; if (i.exports?.memory) window.__wasmMemories.push(i.exports.memory); return r; }; }"}),
    )
    .await;
    let (page, _) = open_cold_with(&b, subject, &regions.join(","), &format!("&accounts={link}")).await;
    fill_sign_in_as(&b, &page, subject, &regions.join(","), DEMO).await;
    b.cdp("Performance.enable", json!({"timeDomain": "threadTicks"})).await;
    let (script0, _) = metrics(&b).await;
    let script = format!(
        "const button = [...document.querySelectorAll('button')].find(b => b.textContent.trim() === 'Sign in');
         const t0 = performance.now();
         // The harness's own checks run on the page's thread: their time is measured and taken
         // out of the page's scripting (about 60 ms at 204 scopes, checked every 10 ms).
         let harness = 0;
         // Shown: every scope's heading says when it was updated, and no table on screen is still
         // a placeholder (far scopes build theirs as they come near).
         const onScreen = p => {{ const r = p.getBoundingClientRect(); return r.bottom > 0 && r.top < innerHeight; }};
         const updated = () => [...document.querySelectorAll('.region-meta')].filter(e => e.textContent.includes('updated')).length;
         const ready = () => {{ const s = performance.now();
           const shown = updated() >= {scopes} && ![...document.querySelectorAll('.table-placeholder')].some(onScreen);
           harness += performance.now() - s; return shown; }};
         let finished = false;
         const finish = (value) => {{ if (!finished) {{ finished = true; clearInterval(timer); done(typeof value === 'number' ? [value, harness] : value); }} }};
         const timer = setInterval(() => {{ if (ready()) finish(performance.now() - t0); }}, 10);
         setTimeout(() => finish('after 20 s: ' + updated() + ' scopes updated, '
           + document.querySelectorAll('table.store-list tbody tr').length + ' rows, placeholders on screen: '
           + [...document.querySelectorAll('.table-placeholder')].filter(onScreen).map(p => p.closest('section')?.getAttribute('aria-labelledby') + ' ' + JSON.stringify(p.getBoundingClientRect())).join('; ')), 20000);
         button.click();"
    );
    // CKS_BENCH_PROFILE=FILE: a CPU profile of the same span (Chromium's .cpuprofile format).
    let profile = std::env::var("CKS_BENCH_PROFILE").ok();
    if profile.is_some() {
        b.cdp("Profiler.enable", json!({})).await;
        b.cdp("Profiler.setSamplingInterval", json!({"interval": 200})).await;
        b.cdp("Profiler.start", json!({})).await;
    }
    let answer = page.run_script_async(&script).await;
    let (wall, harness) = match answer.as_array().map(|a| (a[0].as_f64(), a[1].as_f64())) {
        Some((Some(wall), Some(harness))) => (wall, harness),
        _ => panic!("fleet: {answer}"),
    };
    if let Some(path) = profile {
        let taken = b.cdp("Profiler.stop", json!({})).await;
        std::fs::write(path, taken["profile"].to_string()).unwrap();
    }
    let (script1, _) = metrics(&b).await;
    b.cdp("HeapProfiler.collectGarbage", json!({})).await;
    let heap = b.cdp("Runtime.getHeapUsage", json!({})).await;
    let rows = page.run_script("return document.querySelectorAll('table.store-list tbody tr').length;").await;
    let wasm = page.run_script("return [...new Set(window.__wasmMemories)].reduce((n, m) => n + m.buffer.byteLength, 0);").await;
    // Idle: nothing in transition, the tab visible; count every list of the next minute.
    let signed_in = request_log(&b).await;
    let before = signed_in.len();
    // What was asked before every scope was shown (and after: the health calls still on their way).
    let mut asked = std::collections::BTreeMap::<String, u64>::new();
    for r in &signed_in {
        *asked.entry(r["operation"].as_str().unwrap_or("?").to_owned()).or_default() += 1;
    }
    // CKS_BENCH_QUICK=1 leaves the idle minute out (for comparing builds by their sign-in alone).
    if std::env::var_os("CKS_BENCH_QUICK").is_none() {
        tokio::time::sleep(IDLE_WINDOW).await;
    }
    let log = request_log(&b).await;
    let idle_lists = log[before..].iter().filter(|r| r["operation"] == "DescribeCustomKeyStores").count();
    let mut per_scope = std::collections::BTreeMap::<String, u64>::new();
    for r in log[before..].iter().filter(|r| r["operation"] == "DescribeCustomKeyStores") {
        *per_scope.entry(format!("{} {}", r["account_id"], r["region"])).or_default() += 1;
    }
    // The same after the idle minute: the health calls (held back until every scope had its first
    // list) have been answered by then.
    b.cdp("HeapProfiler.collectGarbage", json!({})).await;
    let heap_later = b.cdp("Runtime.getHeapUsage", json!({})).await;
    let wasm_later = page.run_script("return [...new Set(window.__wasmMemories)].reduce((n, m) => n + m.buffer.byteLength, 0);").await;
    b.cdp("Performance.disable", json!({})).await;
    b.finish().await;
    json!({
        "js_heap_used_after_idle": heap_later["usedSize"],
        "wasm_memory_after_idle": wasm_later,
        "accounts": accounts, "regions": regions.len(), "stores_per_region": stores, "scopes": scopes, "latency_ms": FLEET_LATENCY_MS,
        "rows": rows,
        "wall_ms": wall,
        "script_ms": script1 - script0 - harness,
        "script_ms_with_harness": script1 - script0,
        "harness_ms": harness,
        "js_heap_used": heap["usedSize"],
        "backing_stores": heap["backingStorageSize"],
        "wasm_memory": wasm,
        "idle_lists_per_minute": idle_lists,
        "requests_until_shown": asked,
        "idle_max_per_scope": per_scope.values().max().copied().unwrap_or(0),
    })
}

/// The reference pages (the SDK page, the static page, the signing page) link no icon, so the
/// browser asks each new origin for `/favicon.ico` and logs the 404: theirs, not the console's,
/// which links its own. Without this every full bench ended in the suites' console-error check.
fn allow_reference_icons(b: &Browser) {
    b.expect_console_errors(&["/favicon.ico - Failed to load resource: the server responded with a status of 404"]);
}

async fn sigv4(b: &Browser, dir: &std::path::Path, call: &str) -> Value {
    let origin = fresh_origin(dir).await;
    let page = b.page();
    page.client_goto(&origin).await;
    mark_time(&page, "sign-in-interactive").await;
    page.run_script_async(&format!("Promise.resolve({call}({SIGNATURES}, {BATCH})).then(t => done(Array.from(t)));")).await
}

/// Loads a page each way as users host it: served by nginx (Debian's) with hosting/nginx/root.conf as
/// shipped, the console and the SDK page alike (the SDK page's web root gets an empty
/// csp-header.conf: it has no policy to send). Each round starts nginx on a new port (a new origin:
/// nothing cached), loads the page cold, then again from about:blank (warm: the second visit,
/// hashed files from the browser's cache). In each load a script the driver puts into every new
/// document (CDP, before the page's own) fills the sign-in form and presses Sign in the moment the
/// page marks `sign-in-interactive`, as a user who signs in as soon as the form takes input; what
/// it typed must be kept for the sign-in to reach the table.
const HOSTED_LOADS: usize = 10;

fn hosted_loads() -> usize {
    std::env::var("CKS_HOSTED_LOADS").ok().and_then(|n| n.parse().ok()).unwrap_or(HOSTED_LOADS)
}

/// The page's side of a hosted load: waits for `sign-in-interactive`, fills and presses Sign in,
/// and marks `bench-table` once `rows` rows are in the document.
fn hosted_script(subject: &Subject, endpoint: &str, regions: &str, expected: usize) -> String {
    let console = subject.key.starts_with("console");
    format!(
        "(() => {{
  if (location.protocol !== 'http:') return;
  const rows = {rows:?}, expected = {expected}, console = {console};
  const byLabel = (text) => {{ const l = [...document.querySelectorAll('label')].find(l => l.textContent.trim() === text); return l && (l.control || document.getElementById(l.htmlFor)); }};
  const set = (label, value) => {{ const e = byLabel(label); if (!e) throw new Error('no field ' + label); e.value = value; e.dispatchEvent(new Event('input', {{bubbles: true}})); }};
  const go = () => {{
    set('Access key ID', {akid:?}); set('Secret access key', {secret:?}); set('Session token', {token:?});
    set('Endpoint URL for all services', {endpoint:?});
    if (!console) set('Regions', {regions:?});
    window.__benchFilled = performance.now();
    [...document.querySelectorAll('button')].find(b => b.textContent.trim() === 'Sign in').click();
    const check = () => {{ if (document.querySelectorAll(rows).length >= expected) {{ performance.mark('bench-table'); o.disconnect(); }} }};
    const o = new MutationObserver(check);
    o.observe(document.documentElement, {{childList: true, subtree: true}});
  }};
  new PerformanceObserver((list, observer) => {{
    if (list.getEntries().some(e => e.name === 'sign-in-interactive')) {{ observer.disconnect(); try {{ go(); }} catch (e) {{ window.__benchError = String(e); }} }}
  }}).observe({{type: 'mark', buffered: true}});
}})();",
        rows = subject.rows,
        akid = seed::DEMO_ACCESS_KEY_ID,
        secret = seed::DEMO_SECRET_ACCESS_KEY,
        token = seed::DEMO_SESSION_TOKEN,
    )
}

/// What a hosted load measured, in ms from navigation start, and the bytes of the page's own files
/// (navigation and resource timing `transferSize`, same origin) fetched before the table.
const HOSTED_METRICS: &str = "const at = (n) => performance.getEntriesByName(n)[0]?.startTime ?? null;
    const table = at('bench-table');
    const nav = performance.getEntriesByType('navigation')[0];
    const own = performance.getEntriesByType('resource').filter(e => e.name.startsWith(location.origin) && e.startTime < table);
    return {fcp: at('first-contentful-paint'), interactive: at('sign-in-interactive'), live: at('console-live'), filled: window.__benchFilled ?? null,
        table, bytes: nav.transferSize + own.reduce((n, e) => n + e.transferSize, 0), html_bytes: nav.transferSize,
        files: own.length, cached: own.filter(e => e.transferSize === 0).length, error: window.__benchError ?? null,
        timeline: performance.getEntriesByType('resource').filter(e => e.startTime < table)
            .map(e => [e.name.startsWith(location.origin) ? e.name.slice(location.origin.length).replace(/^\\/wasm-[0-9a-f]+\\//, '') : e.initiatorType, Math.round(e.startTime), Math.round(e.responseEnd)])};";

async fn hosted_load(page: &Page<'_>, url: &str) -> Value {
    page.client_goto(url).await;
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let m = page.run_script(HOSTED_METRICS).await;
        // CKS_HOSTED_PAINT_ONLY: a page under study that has no table (e.g. without its wasm).
        let paint_only = std::env::var_os("CKS_HOSTED_PAINT_ONLY").is_some();
        if m["table"].is_number() || (paint_only && m["fcp"].is_number()) {
            return m;
        }
        assert!(paint_only || m["error"].is_null(), "hosted load of {url}: {}", m["error"]);
        assert!(Instant::now() < deadline, "hosted load of {url}: no table after 30 s: {m}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

async fn hosted(b: &Browser, subjects: &[Subject]) -> Value {
    use browser::nginx::{copy_dir, Nginx};
    let regions = "us-east-1,eu-west-1";
    let roots: Vec<PathBuf> = subjects
        .iter()
        .map(|subject| {
            let root = std::env::temp_dir().join(format!("cks-bench-hosted-{}-{}", subject.key, std::process::id()));
            let _ = std::fs::remove_dir_all(&root);
            copy_dir(&subject.dir, &root);
            if !root.join("csp-header.conf").exists() {
                std::fs::write(root.join("csp-header.conf"), "# no Content-Security-Policy for this page\n").unwrap();
            }
            root
        })
        .collect();
    let mut results = json!({});
    for subject in subjects {
        results[subject.key] = json!({"cold": [], "warm": []});
    }
    let page = b.page();
    let loads = hosted_loads();
    for round in 0..loads {
        eprintln!("bench: hosted by nginx, round {}/{loads}", round + 1);
        for (subject, root) in subjects.iter().zip(&roots) {
            let nginx = Nginx::start("root.conf", root);
            let mut script = hosted_script(subject, b.kms_url.trim_end_matches('/'), regions, 9);
            if std::env::var_os("CKS_HOSTED_NO_FILL").is_some() {
                script = String::new();
            }
            let added = b.cdp("Page.addScriptToEvaluateOnNewDocument", json!({"source": script})).await;
            let url = format!("{}/?region={regions}", nginx.origin);
            for visit in ["cold", "warm"] {
                page.client_goto("about:blank").await;
                let m = hosted_load(&page, &url).await;
                results[subject.key][visit].as_array_mut().unwrap().push(m);
            }
            b.cdp("Page.removeScriptToEvaluateOnNewDocument", json!({"identifier": added["identifier"]})).await;
            drop(nginx);
        }
    }
    for root in roots {
        let _ = std::fs::remove_dir_all(root);
    }
    results
}

#[tokio::main]
async fn main() {
    let out = PathBuf::from(std::env::var("CKS_BENCH_OUT").unwrap_or_else(|_| "target/bench/timings.json".into()));
    let subjects = [
        Subject { key: "console", dir: dir("CKS_DIST"), rows: "table.store-list tbody tr" },
        Subject { key: "sdk", dir: dir("CKS_SDK_DIST"), rows: "table#stores tbody tr" },
    ];
    let static_page = dir("CKS_STATIC_DIST");
    let mut results = json!({"console": {"scale": {}}, "sdk": {"scale": {}}, "static": {}});

    // CKS_BENCH_ONLY=scale runs only section 6 (for working on it); =fleet only the fleet; =hosted
    // only the loads served by nginx.
    let only = std::env::var("CKS_BENCH_ONLY").unwrap_or_default();
    if only == "fleet" {
        results["console"]["fleet"] = fleet_view(&subjects[0]).await;
        return write_results(&out, &results);
    }
    let only_scale = only == "scale";
    let b = Browser::start_at(demo_account(None, small_regions()), "about:blank".into(), &[]).await;
    allow_reference_icons(&b);
    // CKS_BENCH_ONLY=hosted-ab with CKS_DIST_B: the hosted loads of two console builds, A and B,
    // alternately (for studying a change to the first load; not part of BENCHMARKS.md).
    if only == "hosted-ab" {
        let ab = [
            Subject { key: "console", dir: dir("CKS_DIST"), rows: subjects[0].rows },
            Subject { key: "console_b", dir: dir("CKS_DIST_B"), rows: subjects[0].rows },
        ];
        results["hosted"] = hosted(&b, &ab).await;
        b.finish().await;
        return write_results(&out, &results);
    }
    // CKS_BENCH_ONLY=hosted: only the loads served by nginx.
    if only != "scale" {
        results["hosted"] = hosted(&b, &subjects).await;
    }
    if only == "hosted" {
        b.finish().await;
        return write_results(&out, &results);
    }
    let loads = if only_scale { 0 } else { LOADS };
    let regions = "us-east-1,eu-west-1";
    let (mut interactive, mut table, mut timelines) = (vec![vec![]; 2], vec![vec![]; 2], vec![vec![]; 2]);
    let mut static_interactive = vec![];
    for round in 0..loads {
        eprintln!("bench: cold loads and sign-ins, round {}/{loads}", round + 1);
        for (i, subject) in subjects.iter().enumerate() {
            let (page, t) = open_cold(&b, subject, regions).await;
            interactive[i].push(t);
            timelines[i].push(page.run_script(TIMELINE).await);
            fill_sign_in(&b, &page, subject, regions).await;
            table[i].push(timed_sign_in(&page, subject, 9).await);
        }
        let origin = fresh_origin(&static_page).await;
        let page = b.page();
        page.client_goto(&origin).await;
        static_interactive.push(mark_time(&page, "sign-in-interactive").await);
    }
    for (i, subject) in subjects.iter().enumerate() {
        results[subject.key]["interactive_ms"] = json!(interactive[i]);
        results[subject.key]["table_ms"] = json!(table[i]);
        results[subject.key]["load_timeline"] = json!(timelines[i]);
    }
    results["static"]["interactive_ms"] = json!(static_interactive);

    if !only_scale {
        eprintln!("bench: SigV4 in the page");
        results["console"]["sigv4_ms"] = sigv4(&b, &dir("CKS_SIGV4_DIST"), "window.benchSign").await;
        results["sdk"]["sigv4_ms"] = sigv4(&b, &subjects[1].dir, "window.benchSign").await;
    }
    for subject in subjects.iter().filter(|_| !only_scale) {
        eprintln!("bench: {}: Connect, then a minute idle", subject.key);
        let (page, _) = open_cold(&b, subject, regions).await;
        fill_sign_in(&b, &page, subject, regions).await;
        timed_sign_in(&page, subject, 9).await;
        results[subject.key]["transition"] = transition(&b, &page, subject).await;
    }
    b.finish().await;

    let b = Browser::start_at(scale_seed(), "about:blank".into(), &[]).await;
    allow_reference_icons(&b);
    // The console shows ten rows a page unless asked for more; "all" asks for a hundred a page,
    // which is every row here. The empty account measures what the same sign-in costs without rows.
    let runs: [(&Subject, &str, Keys, &str, usize); 5] = [
        (&subjects[0], "paged", DEMO, "", 100),
        (&subjects[0], "all", DEMO, "&rows=100", 1000),
        (&subjects[0], "empty", EMPTY, "", 0),
        (&subjects[1], "all", DEMO, "", 1000),
        (&subjects[1], "empty", EMPTY, "", 0),
    ];
    for (subject, kind, keys, extra, rows) in runs {
        eprintln!("bench: {}: 10 Regions, {kind}", subject.key);
        let mut measured = vec![];
        for _ in 0..3 {
            measured.push(scale(&b, subject, keys, extra, rows).await);
        }
        results[subject.key]["scale"][kind] = json!(measured);
    }
    b.finish().await;

    eprintln!("bench: the fleet view, {FLEET:?} with {FLEET_LATENCY_MS} ms latency");
    results["console"]["fleet"] = fleet_view(&subjects[0]).await;
    write_results(&out, &results);
}

fn write_results(out: &std::path::Path, results: &Value) {
    SERVERS.with(|s| {
        for child in s.borrow_mut().iter_mut() {
            let _ = child.kill();
            let _ = child.wait();
        }
    });
    std::fs::create_dir_all(out.parent().unwrap()).unwrap();
    std::fs::write(out, serde_json::to_string_pretty(results).unwrap()).unwrap();
    eprintln!("bench: timings written to {}", out.display());
}
