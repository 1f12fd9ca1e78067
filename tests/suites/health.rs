//! Issue «See the cluster and the proxy»: pre-flight checks from CloudHSM, health charts from
//! CloudWatch, the certificate view across Regions, history from CloudTrail and key counts from
//! KMS, end to end in Chromium against the sandbox, including every "no permission" path.

use crate::browser;

use browser::{demo_account, demo_sts_json, now_s, Browser, Page};
use cks_console::aws::json_client::CLOUDWATCH;
use cks_console::health::metrics::chart_queries;
use cks_sandbox::seed::Seed;
use serde_json::{json, Value};
use std::time::Duration;

const WAIT: Duration = Duration::from_secs(15);

fn xks(id: &str, name: &str, state: &str, metrics: Value) -> Value {
    json!({"id": id, "name": name, "type": "EXTERNAL_KEY_STORE", "state": state, "connect_delay_ms": 800, "disconnect_delay_ms": 400, "metrics": metrics,
        "xks_proxy": {"connectivity": "PUBLIC_ENDPOINT", "access_key_id": "HEALTHKEYHEALTHKEY22", "uri_endpoint": format!("https://{name}.example.com"), "uri_path": "/kms/xks/v1"}})
}

fn hsm(id: &str, name: &str, state: &str, cluster: &str, keys: u32) -> Value {
    json!({"id": id, "name": name, "type": "AWS_CLOUDHSM", "state": state, "connect_delay_ms": 1500, "disconnect_delay_ms": 400,
        "cloud_hsm_cluster_id": cluster, "key_count": keys})
}

/// An older Disconnect by someone else, refused, as CloudTrail would have kept it.
fn with_history(mut store: Value) -> Value {
    store["history"] = json!([{"event_name": "DisconnectCustomKeyStore", "minutes_ago": 200, "user": "bob", "source_ip": "198.51.100.7",
        "error_code": "CustomKeyStoreInvalidStateException", "error_message": "The store is not connected."}]);
    store
}

/// A CloudHSM store on a healthy cluster, one on a cluster without HSMs, and two external key
/// stores: one healthy, one degrading whose certificate expires in 5 days.
fn world(deny: &[&str]) -> Seed {
    let mut seed = demo_account(
        None,
        json!({"us-east-1": {
            "stores": [
                hsm("cks-50000000000000001", "good-hsm", "CONNECTED", "cluster-2abcdefghij", 2),
                hsm("cks-50000000000000002", "empty-hsm", "DISCONNECTED", "cluster-3abcdefghij", 3),
                xks("cks-50000000000000003", "calm-xks", "CONNECTED", json!({"profile": "healthy", "certificate_days": 200, "credential_age_days": 30})),
                with_history(xks("cks-50000000000000004", "shaky-xks", "DISCONNECTED", json!({"profile": "degrading", "certificate_days": 5, "credential_age_days": 400}))),
            ],
            "clusters": [{"id": "cluster-3abcdefghij", "active_hsms": 0}]
        }}),
    );
    seed.accounts[0].deny = deny.iter().map(|d| d.to_string()).collect();
    seed
}

async fn details(page: &Page<'_>, store: &str) {
    page.click_css(&format!("button[aria-label='Details {store}']")).await;
    page.wait_text("section.details h3", WAIT).await;
}

async fn script(page: &Page<'_>, js: &str) -> Value {
    page.run_script(js).await
}

#[tokio::test]
async fn pre_flight_predicts_insufficient_hsms_and_the_connect_then_fails_with_it() {
    let b = Browser::start(world(&[])).await;
    let page = b.signed_in().await;
    // The table says what each cluster has.
    page.wait_until(WAIT, || async { page.text("tr[data-store-id='cks-50000000000000002'] .hsm-summary").await == "no active HSMs" }).await;
    assert_eq!(page.text("tr[data-store-id='cks-50000000000000001'] .hsm-summary").await, "2 HSMs in 2 AZs");

    page.press("empty-hsm", "Connect").await;
    let dialog = page.wait_text("dialog[open] .preflight .prediction", WAIT).await;
    assert_eq!(dialog, "Connect would end FAILED with INSUFFICIENT_CLOUDHSM_HSMS.");
    let hsms = page.text("dialog[open] .preflight li[data-status='fail']").await;
    assert!(hsms.contains("0 active HSMs") && hsms.contains("Add an HSM"), "{hsms}");
    // The user may connect anyway, and the store ends as predicted.
    page.click_button("Connect anyway").await;
    page.wait_for_state("empty-hsm", "FAILED", WAIT).await;
    assert_eq!(page.text("tr[data-store-id='cks-50000000000000002'] .error-code").await, "INSUFFICIENT_CLOUDHSM_HSMS");
    // Its guide opens with the same checks.
    page.press("empty-hsm", "Troubleshoot").await;
    let guide = page.wait_text("section.guidance .preflight li[data-status='fail']", WAIT).await;
    assert!(guide.contains("The cluster now has 0 active HSMs"), "{guide}");

    // A healthy cluster predicts nothing: the dialog keeps its plain "Yes".
    page.act("good-hsm", "Disconnect").await;
    page.wait_for_state("good-hsm", "DISCONNECTED", WAIT).await;
    page.press("good-hsm", "Connect").await;
    let ok = page.wait_text("dialog[open] .preflight .prediction", WAIT).await;
    assert_eq!(ok, "No check predicts a failure.");
    page.confirm("Connect").await;
    page.wait_for_state("good-hsm", "CONNECTED", WAIT).await;
    b.finish().await;
}

#[tokio::test]
async fn charts_are_drawn_from_the_sandbox_series() {
    let b = Browser::start(world(&[])).await;
    let page = b.signed_in().await;
    // The dots: healthy, and not healthy for the degrading proxy.
    page.wait_until(WAIT, || async { script(&page, "return document.querySelectorAll('.health-dot').length").await.as_u64() == Some(2) }).await;
    let page = &page;
    let dot = |id: &'static str| async move {
        script(page, &format!("return document.querySelector(\"tr[data-store-id='{id}'] .health-dot\").dataset.health")).await
    };
    assert_eq!(dot("cks-50000000000000003").await, "healthy");
    assert_ne!(dot("cks-50000000000000004").await, "healthy");

    details(page, "shaky-xks").await;
    let series = "const c = document.querySelector('.health-charts .charts'); if (!c) return null;
        const g = c.querySelector(\"g.series[data-label='p99']\");
        return {start: +c.dataset.start, end: +c.dataset.end, period: +c.dataset.period, points: +g.dataset.points, last: g.dataset.last};";
    page.wait_until(WAIT, || async { !script(page, series).await.is_null() }).await;
    let drawn = script(page, series).await;
    assert_eq!(drawn["period"], 300, "3 hours in 5-minute periods by default");
    assert_eq!(drawn["points"], 36);
    // The same question asked of the sandbox directly: the last point drawn is its last value.
    let (start, end) = (drawn["start"].as_u64().unwrap(), drawn["end"].as_u64().unwrap());
    let answer = b
        .service_call(
            CLOUDWATCH,
            "GetMetricData",
            json!({"MetricDataQueries": chart_queries("cks-50000000000000004", 300), "StartTime": start, "EndTime": end, "ScanBy": "TimestampAscending"}),
        )
        .await;
    let p99 = answer["MetricDataResults"].as_array().unwrap().iter().find(|r| r["Id"] == "latency_p99").unwrap().clone();
    let values = p99["Values"].as_array().unwrap();
    assert_eq!(values.len(), 36);
    let last = values.last().unwrap().as_f64().unwrap();
    assert_eq!(drawn["last"], format!("{last:.0}"), "the chart's last p99 is the sandbox's");
    assert!(last > 200.0, "the degrading proxy ends above AWS's 200 ms alarm: {last}");
    let caption = page.text(".health-charts figure.chart figcaption").await;
    assert!(caption.contains(&format!("p99: last {last:.0} ms")), "{caption}");
    let exceptions = page.text(".top-exceptions").await;
    assert!(exceptions.contains("XksProxyUriUnreachableException"), "{exceptions}");

    // One hour: 60 one-minute points.
    page.click_css(".segments button:first-child").await;
    page.wait_until(WAIT, || async { script(page, series).await["period"] == 60 }).await;
    assert_eq!(script(page, series).await["points"], 60);
    page.save_screenshot("health-charts").await;
    b.finish().await;
}

#[tokio::test]
async fn the_certificate_view_puts_the_most_urgent_first_across_regions() {
    let seed = demo_account(
        None,
        json!({
            "us-east-1": {"stores": [
                xks("cks-60000000000000001", "east-fine", "CONNECTED", json!({"certificate_days": 200, "credential_age_days": 10})),
                xks("cks-60000000000000002", "east-soon", "CONNECTED", json!({"certificate_days": 5, "credential_age_days": 400})),
            ]},
            "eu-west-1": {"stores": [
                xks("cks-60000000000000003", "west-mid", "CONNECTED", json!({"certificate_days": 30, "credential_age_days": 90})),
            ]}
        }),
    );
    let b = Browser::start(seed).await;
    let page = b.paste_sign_in("us-east-1,eu-west-1", &demo_sts_json(now_s() + 3600), 3).await;
    let order = "return [...document.querySelectorAll('table.cert-table tbody tr')].map(r => r.dataset.storeId)";
    page.wait_until(WAIT, || async { script(&page, order).await.as_array().map_or(0, Vec::len) == 3 }).await;
    assert_eq!(script(&page, order).await, json!(["cks-60000000000000002", "cks-60000000000000003", "cks-60000000000000001"]));
    let urgent = page.text("table.cert-table tr.urgent").await;
    assert!(urgent.contains("east-soon") && urgent.contains("5 days") && urgent.contains("renew now"), "{urgent}");
    assert!(page.text("table.cert-table").await.contains("eu-west-1"));
    b.finish().await;
}

#[tokio::test]
async fn history_shows_the_connect_just_made_and_keys_are_counted_before_disconnect_and_delete() {
    let b = Browser::start(world(&[])).await;
    let page = b.signed_in().await;
    page.act("shaky-xks", "Connect").await;
    page.wait_for_state("shaky-xks", "CONNECTED", WAIT).await;
    details(&page, "shaky-xks").await;
    let first = page.wait_text(".history ol.events li", WAIT).await;
    assert!(first.contains("Connect") && first.contains("from 127.0.0.1"), "{first}");
    // Who: the identity this page signed in as (the sandbox's default ARN for the demo key).
    assert!(first.contains("arn:aws:iam::111122223333:user/sandbox-user"), "who: {first}");
    let older = page.text(".history ol.events li:nth-child(2)").await;
    assert!(older.contains("Disconnect") && older.contains("bob") && older.contains("from 198.51.100.7"), "{older}");
    assert!(older.contains("CustomKeyStoreInvalidStateException: The store is not connected."), "the refusal's error: {older}");
    let event = script(&page, "return document.querySelector('.history ol.events li').dataset.event").await;
    assert_eq!(event, "ConnectCustomKeyStore");
    let lookups = b.sandbox_calls("LookupEvents").await.len();
    assert!(lookups >= 5, "one lookup per event name: {lookups}");

    // Disconnect says how many keys stop working.
    page.press("good-hsm", "Disconnect").await;
    let count = page.wait_text("dialog[open] .key-count span[data-keys]", WAIT).await;
    assert_eq!(count, "2 keys become unusable while disconnected.");
    page.click_button("Cancel").await;
    // Delete says the store still holds keys.
    details(&page, "empty-hsm").await;
    let delete = page.wait_text(".delete .key-count span[data-keys]", WAIT).await;
    assert!(delete.starts_with("3 keys are still in this store"), "{delete}");
    assert!(b.sandbox_calls("DescribeKey").await.len() >= 5, "every key described (5 in stores, 2 ordinary)");
    b.finish().await;
}

#[tokio::test]
async fn each_check_says_not_checked_when_permission_is_missing() {
    let deny = ["cloudhsm:DescribeClusters", "cloudwatch:GetMetricData", "cloudtrail:LookupEvents", "kms:ListKeys"];
    let b = Browser::start(world(&deny)).await;
    // Each AccessDenied.
    b.expect_console_errors(&["status of 400"]);
    let page = b.signed_in().await;
    page.wait_until(WAIT, || async { page.text("tr[data-store-id='cks-50000000000000001'] .hsm-summary").await == "HSMs not checked" }).await;
    details(&page, "good-hsm").await;
    let check = page.wait_text(".cluster-panel .preflight li[data-status='unchecked']", WAIT).await;
    assert!(check.contains("may not call cloudhsm:DescribeClusters"), "{check}");
    let history = page.wait_text(".history .unchecked", WAIT).await;
    assert!(history.contains("may not call cloudtrail:LookupEvents"), "{history}");
    page.click_css(".key-count button").await;
    let keys = page.wait_text(".key-count .unchecked", WAIT).await;
    assert!(keys.contains("kms:ListKeys"), "{keys}");
    details(&page, "calm-xks").await;
    let charts = page.wait_text(".health-charts .unchecked", WAIT).await;
    assert!(charts.contains("may not call cloudwatch:GetMetricData"), "{charts}");
    let dot = page.run_script("return document.querySelector(\"tr[data-store-id='cks-50000000000000003'] .health-dot\").getAttribute('aria-label')").await;
    assert!(dot.as_str().unwrap().contains("No data"), "{dot}");
    // The rest of the page works: the stores are listed and act.
    assert_eq!(page.row_count().await, 4);
    b.finish().await;
}

#[tokio::test]
async fn a_service_that_does_not_answer_browsers_is_explained() {
    let b = Browser::start(world(&[])).await;
    // The service that does not answer browsers: Chromium blocks its answer.
    b.expect_console_errors(&["blocked by CORS policy", "net::ERR_FAILED"]);
    b.set_faults(json!({"refuse_browsers": ["monitoring", "cloudhsm"]})).await;
    let page = b.signed_in().await;
    details(&page, "calm-xks").await;
    let charts = page.wait_text(".health-charts .unchecked", Duration::from_secs(40)).await;
    assert!(charts.contains("CloudWatch in us-east-1 did not answer this page"), "{charts}");
    details(&page, "good-hsm").await;
    let check = page.wait_text(".cluster-panel .preflight li[data-status='unchecked']", Duration::from_secs(40)).await;
    assert!(check.contains("CloudHSM in us-east-1 did not answer this page"), "{check}");
    assert_eq!(page.row_count().await, 4, "KMS still answers: the stores stay");
    b.finish().await;
}

/// A hundred external key stores in one Region are 600 summary queries, more than CloudWatch
/// takes in one call (it refused the whole call, and every dot said "not checked"): the console
/// asks in batches and every row gets its dot.
#[tokio::test]
async fn a_hundred_external_key_stores_all_get_their_health_dot() {
    let stores: Vec<Value> = (0..100).map(|i| xks(&format!("cks-6{i:016}"), &format!("proxy-{i:03}"), "CONNECTED", json!({"profile": "healthy"}))).collect();
    let b = Browser::start(demo_account(None, json!({"us-east-1": {"stores": stores}}))).await;
    let page = b.sign_in_at(&format!("endpoint={}&rows=100", b.kms_url.trim_end_matches('/'))).await;
    page.wait_until(WAIT, || async { page.row_count().await == 100 }).await;
    let healthy = "return [...document.querySelectorAll('.health-dot')].filter(d => d.dataset.health === 'healthy').length";
    page.wait_until(WAIT, || async { script(&page, healthy).await.as_u64() == Some(100) }).await;
    let calls = b.sandbox_calls("GetMetricData").await;
    assert!(calls.len() >= 2 && calls.iter().all(|(_, _, status)| *status == 200), "{calls:?}");
    b.finish().await;
}
