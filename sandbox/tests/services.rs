//! What the awsJson services share over HTTP: routing by target prefix, the request log, CORS and
//! the `refuse_browsers` fault, and injected faults in each service's own words.

mod common;

use cks_sandbox::seed::Seed;
use common::{admin, call, raw_call, sandbox, Service, CLOUDHSM, CLOUDTRAIL, CLOUDWATCH, KMS};
use reqwest::Method;
use serde_json::{json, Value};

fn demo() -> Seed {
    let mut seed = Seed::demo();
    seed.settings.throttle_per_second = None;
    seed.settings.lookup_events_per_second = None;
    seed
}

/// A harmless request for each service.
fn requests() -> [(Service, &'static str, Value); 4] {
    let now = common::now_s();
    [
        (KMS, "ListKeys", json!({})),
        (CLOUDHSM, "DescribeClusters", json!({})),
        (
            CLOUDWATCH,
            "GetMetricData",
            json!({"MetricDataQueries": [{"Id": "m", "Expression": "SEARCH('{AWS/KMS,CustomKeyStoreId} x=\"y\"', 'Maximum', 300)"}], "StartTime": now - 3600, "EndTime": now}),
        ),
        (CLOUDTRAIL, "LookupEvents", json!({})),
    ]
}

async fn origin_header(url: &str, service: Service, operation: &str, input: &Value) -> Option<String> {
    let response = raw_call(url, &common::demo_credentials(), "us-east-1", service, service.signing_name, operation, input).await;
    assert_eq!(response.status, 200, "{}", response.body);
    response.header("access-control-allow-origin").map(str::to_owned)
}

#[tokio::test]
async fn each_service_is_logged_under_its_signing_name() {
    let url = sandbox(demo()).await;
    for (service, operation, input) in requests() {
        call(&url, service, operation, input).await.unwrap();
    }
    let log = admin(&url, Method::GET, "requests", None).await;
    let seen: Vec<(String, String, String, String)> = log["requests"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["service"].as_str().unwrap().into(),
                r["operation"].as_str().unwrap().into(),
                r["account_id"].as_str().unwrap().into(),
                r["region"].as_str().unwrap().into(),
            )
        })
        .collect();
    let expected: Vec<(String, String, String, String)> =
        [("kms", "ListKeys"), ("cloudhsm", "DescribeClusters"), ("monitoring", "GetMetricData"), ("cloudtrail", "LookupEvents")]
            .iter()
            .map(|(s, o)| (s.to_string(), o.to_string(), "111122223333".to_string(), "us-east-1".to_string()))
            .collect();
    assert_eq!(seen, expected);
    // An unknown prefix is KMS's business, as before.
    let odd = Service { target_prefix: "Nonsense", ..KMS };
    let e = call(&url, odd, "ListKeys", json!({})).await;
    assert!(e.is_err());
}

#[tokio::test]
async fn a_service_can_refuse_browsers_while_the_others_answer_them() {
    let url = sandbox(demo()).await;
    for (service, operation, input) in requests() {
        assert_eq!(origin_header(&url, service, operation, &input).await.as_deref(), Some("*"), "{operation}");
    }
    let faults = admin(&url, Method::POST, "faults", Some(json!({"refuse_browsers": ["monitoring", "cloudtrail"]}))).await;
    assert_eq!(faults["refuse_browsers"], json!(["monitoring", "cloudtrail"]));
    for (service, operation, input) in requests() {
        let refused = ["monitoring", "cloudtrail"].contains(&service.signing_name);
        let origin = origin_header(&url, service, operation, &input).await;
        assert_eq!(origin.is_none(), refused, "{operation}: {origin:?}");
    }
    // The preflight still answers (a browser cannot tell the services apart before sending).
    let preflight = common::preflight(&url).await;
    assert_eq!(preflight.headers()["access-control-allow-origin"], "*");
    // A bad name is refused; DELETE clears the list.
    let bad = reqwest::Client::new().post(format!("{url}__sandbox/faults")).json(&json!({"refuse_browsers": ["s3"]})).send().await.unwrap();
    assert_eq!(bad.status(), 400);
    admin(&url, Method::DELETE, "faults", None).await;
    let (service, operation, input) = requests()[2].clone();
    assert_eq!(origin_header(&url, service, operation, &input).await.as_deref(), Some("*"));
}

#[tokio::test]
async fn injected_faults_are_met_by_kms_alone_and_pass_the_health_services_by() {
    let url = sandbox(demo()).await;
    let all = requests();
    let (kms_service, kms_operation, kms_input) = all[0].clone();
    for (service, operation, input) in all.into_iter().skip(1) {
        admin(&url, Method::POST, "faults", Some(json!({"add": [{"fault": "http_500"}]}))).await;
        assert!(call(&url, service, operation, input.clone()).await.is_ok(), "{operation} passes the fault by");
        let e = call(&url, kms_service, kms_operation, kms_input.clone()).await.unwrap_err();
        assert_eq!((e.error_type.as_str(), e.status), ("KMSInternalException", 500), "the next KMS call meets it");
    }
    admin(&url, Method::POST, "faults", Some(json!({"add": [{"fault": "throttle"}]}))).await;
    assert_eq!(call(&url, kms_service, kms_operation, kms_input).await.unwrap_err().error_type, "ThrottlingException");
}
