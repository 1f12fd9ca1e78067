//! CloudWatch's GetMetricData over HTTP against the demo seed's external key stores: partner-xks
//! degrading (certificate expiring in 5 days), vpc-xks healthy. Every answer is checked against
//! the cloudwatch model by `common::call`.

mod common;

use cks_sandbox::seed::Seed;
use common::{call, logged, now_s, raw_call, sandbox, Error, CLOUDWATCH};
use serde_json::{json, Value};

const PARTNER: &str = "cks-1a2b3c4d5e6f70002";
const VPC: &str = "cks-1a2b3c4d5e6f70004";
const PER_OPERATION: &str = "CustomKeyStoreId,KmsOperation,XksOperation,KeySpec";
const PER_ERROR: &str = "CustomKeyStoreId,KmsOperation,XksOperation,KeySpec,ErrorType,ExceptionName";

fn demo() -> Seed {
    let mut seed = Seed::demo();
    seed.settings.throttle_per_second = None;
    seed
}

/// The last `hours` hours in `period`-second periods, ending at the last whole period.
fn window(hours: i64, period: i64) -> (i64, i64) {
    let end = now_s() / period * period;
    (end - hours * 3600, end)
}

fn search(aggregate: &str, schema: &str, filters: &str, stat: &str, period: i64) -> String {
    let s = format!("SEARCH('{{AWS/KMS,{schema}}} {filters}', '{stat}', {period})");
    if aggregate.is_empty() {
        s
    } else {
        format!("{aggregate}({s})")
    }
}

fn query(id: &str, expression: String) -> Value {
    json!({"Id": id, "Expression": expression})
}

async fn get(url: &str, queries: Value, (start, end): (i64, i64)) -> Value {
    call(url, CLOUDWATCH, "GetMetricData", json!({"MetricDataQueries": queries, "StartTime": start, "EndTime": end})).await.unwrap()
}

fn results<'a>(answer: &'a Value, id: &str) -> Vec<&'a Value> {
    answer["MetricDataResults"].as_array().unwrap().iter().filter(|r| r["Id"] == id).collect()
}

fn values(result: &Value) -> Vec<f64> {
    result["Values"].as_array().unwrap().iter().map(|v| v.as_f64().unwrap()).collect()
}

fn p99(store: &str) -> Value {
    query("p99", search("MAX", PER_OPERATION, &format!("MetricName=\"XksProxyLatency\" CustomKeyStoreId=\"{store}\""), "p99", 300))
}

fn retryable(store: &str) -> Value {
    query("retryable", search("SUM", PER_ERROR, &format!("MetricName=\"XksProxyErrors\" CustomKeyStoreId=\"{store}\" ErrorType=\"Retryable\""), "Sum", 300))
}

#[tokio::test]
async fn series_are_newest_first_one_point_per_period_and_deterministic() {
    let url = sandbox(demo()).await;
    let w = window(3, 300);
    let answer = get(&url, json!([p99(PARTNER)]), w).await;
    let r = results(&answer, "p99")[0];
    assert_eq!(r["StatusCode"], "Complete");
    assert_eq!(r["Label"], "p99", "an aggregate without a label is labelled by its id");
    let times: Vec<i64> = r["Timestamps"].as_array().unwrap().iter().map(|t| t.as_i64().unwrap()).collect();
    assert_eq!(times.len() as i64, (w.1 - w.0) / 300);
    assert_eq!((times[0], *times.last().unwrap()), (w.1 - 300, w.0), "newest first");
    assert!(times.windows(2).all(|p| p[0] - p[1] == 300));
    assert_eq!(get(&url, json!([p99(PARTNER)]), w).await, answer, "the same question gets the same numbers");

    let ascending =
        call(&url, CLOUDWATCH, "GetMetricData", json!({"MetricDataQueries": [p99(PARTNER)], "StartTime": w.0, "EndTime": w.1, "ScanBy": "TimestampAscending"}))
            .await
            .unwrap();
    let mut reversed = values(r);
    reversed.reverse();
    assert_eq!(values(results(&ascending, "p99")[0]), reversed);
    // One hour in minutes.
    let minutes = get(
        &url,
        json!([query("m", search("MAX", PER_OPERATION, &format!("MetricName=\"XksProxyLatency\" CustomKeyStoreId=\"{VPC}\""), "p50", 60))]),
        window(1, 60),
    )
    .await;
    assert_eq!(values(results(&minutes, "m")[0]).len(), 60);

    let entry = logged(&url, "GetMetricData").await.pop().unwrap();
    assert_eq!((entry["service"].as_str(), entry["store_id"].as_str(), entry["region"].as_str()), (Some("monitoring"), Some(VPC), Some("us-east-1")));
}

#[tokio::test]
async fn a_degrading_proxy_is_slow_and_failing_a_healthy_one_is_not() {
    let url = sandbox(demo()).await;
    let w = window(3, 300);
    let answer = get(&url, json!([p99(PARTNER), retryable(PARTNER)]), w).await;
    let latency = values(results(&answer, "p99")[0]);
    assert!(latency[0] > 200.0, "the latest p99 is above AWS's 200 ms alarm: {latency:?}");
    assert!(latency[latency.len() - 1] < 130.0, "three hours ago it was healthy: {latency:?}");
    let errors = values(results(&answer, "retryable")[0]);
    assert!(errors[0] / 5.0 > 5.0, "more than 5 retryable errors a minute: {errors:?}");

    let healthy = get(&url, json!([p99(VPC), retryable(VPC)]), w).await;
    let latency = values(results(&healthy, "p99")[0]);
    assert!(latency.iter().all(|v| (90.0..=120.0).contains(v)), "{latency:?}");
    let none = results(&healthy, "retryable")[0];
    assert_eq!((none["Values"].clone(), none["StatusCode"].as_str()), (json!([]), Some("Complete")), "a healthy proxy never failed");
}

#[tokio::test]
async fn searches_expand_with_dynamic_labels_and_aggregate() {
    let url = sandbox(demo()).await;
    let w = window(1, 300);
    let filters = format!("MetricName=\"XksProxyLatency\" CustomKeyStoreId=\"{PARTNER}\"");
    let mut each = query("each", search("", PER_OPERATION, &filters, "SampleCount", 300));
    each["Label"] = json!("${PROP('Dim.KmsOperation')} via ${PROP('MetricName')}");
    let total = query("total", search("SUM", PER_OPERATION, &filters, "SampleCount", 300));
    let answer = get(&url, json!([each, total]), w).await;
    let expanded = results(&answer, "each");
    let labels: Vec<&str> = expanded.iter().map(|r| r["Label"].as_str().unwrap()).collect();
    assert_eq!(labels, ["Encrypt via XksProxyLatency", "Decrypt via XksProxyLatency", "GenerateDataKey via XksProxyLatency"]);
    let sum = values(results(&answer, "total")[0]);
    for (i, s) in sum.iter().enumerate() {
        let by_hand: f64 = expanded.iter().map(|r| values(r)[i]).sum();
        assert!((s - by_hand).abs() < 1e-6, "SUM is pointwise: {s} vs {by_hand}");
    }
    // Errors by exception name, as a console lists the top exceptions.
    let mut exceptions = query("ex", search("", PER_ERROR, &format!("MetricName=\"XksProxyErrors\" CustomKeyStoreId=\"{PARTNER}\""), "Sum", 300));
    exceptions["Label"] = json!("${PROP('Dim.ExceptionName')}");
    let answer = get(&url, json!([exceptions]), w).await;
    let names: Vec<&str> = results(&answer, "ex").iter().map(|r| r["Label"].as_str().unwrap()).collect();
    assert!(names.contains(&"XksProxyUriUnreachableException") && names.contains(&"XksProxyInvalidResponseException"), "{names:?}");
    // The schema is exact: the store's dimension alone matches only the credential age.
    let answer = get(&url, json!([query("only", search("", "CustomKeyStoreId", &format!("CustomKeyStoreId=\"{PARTNER}\""), "Maximum", 300))]), w).await;
    let only = results(&answer, "only");
    assert_eq!(only.len(), 1);
    assert_eq!(values(only[0])[0], 400.0, "partner-xks's credential is 400 days old");
    // No match at all: one empty result.
    let answer = get(&url, json!([query("nothing", search("MIN", "CustomKeyStoreId", "CustomKeyStoreId=\"cks-unknown\"", "Minimum", 300))]), w).await;
    assert_eq!(results(&answer, "nothing")[0]["Values"], json!([]));
}

#[tokio::test]
async fn metric_stats_read_one_series_and_hidden_queries_are_not_returned() {
    let url = sandbox(demo()).await;
    let w = window(3, 300);
    let stat = |id: &str, store: &str, name: &str, stat: &str| {
        json!({"Id": id, "MetricStat": {"Metric": {"Namespace": "AWS/KMS", "MetricName": "XksProxyCertificateDaysToExpire",
            "Dimensions": [{"Name": "CertificateName", "Value": name}, {"Name": "CustomKeyStoreId", "Value": store}]}, "Period": 300, "Stat": stat}})
    };
    let mut hidden = stat("hidden", VPC, "xks.vpc.example.com", "Minimum");
    hidden["ReturnData"] = json!(false);
    let answer =
        get(&url, json!([stat("partner", PARTNER, "xks-proxy.example.com", "Minimum"), stat("wrong", PARTNER, "other.example.com", "Minimum"), hidden]), w)
            .await;
    let partner = results(&answer, "partner")[0];
    assert_eq!(partner["Label"], "XksProxyCertificateDaysToExpire");
    assert_eq!(values(partner)[0], 5.0, "partner-xks's certificate expires in 5 days");
    assert_eq!(results(&answer, "wrong")[0]["Values"], json!([]), "dimensions must match exactly");
    assert!(results(&answer, "hidden").is_empty());
    let healthy = get(&url, json!([stat("vpc", VPC, "xks.vpc.example.com", "p90")]), w).await;
    assert_eq!(values(results(&healthy, "vpc")[0])[0], 200.0);
    // A degraded key manager in the last hour.
    let managers = json!([{"Id": "degraded", "MetricStat": {"Metric": {"Namespace": "AWS/KMS", "MetricName": "XksExternalKeyManagerStates",
        "Dimensions": [{"Name": "CustomKeyStoreId", "Value": PARTNER}, {"Name": "XksExternalKeyManagerState", "Value": "Degraded"}]}, "Period": 300, "Stat": "Maximum"}}]);
    let degraded = values(results(&get(&url, managers, w).await, "degraded")[0]);
    assert_eq!((degraded[0], degraded[degraded.len() - 1]), (1.0, 0.0));
}

#[tokio::test]
async fn max_datapoints_pages_with_a_next_token() {
    let url = sandbox(demo()).await;
    let w = window(3, 300);
    let cert = query("cert", search("MIN", "CustomKeyStoreId,CertificateName", &format!("CustomKeyStoreId=\"{PARTNER}\""), "Minimum", 300));
    let input = |token: Option<&str>| {
        let mut i = json!({"MetricDataQueries": [p99(PARTNER), cert.clone()], "StartTime": w.0, "EndTime": w.1, "MaxDatapoints": 50});
        if let Some(t) = token {
            i["NextToken"] = json!(t);
        }
        i
    };
    let first = call(&url, CLOUDWATCH, "GetMetricData", input(None)).await.unwrap();
    assert_eq!(values(results(&first, "p99")[0]).len(), 36);
    let part = results(&first, "cert")[0];
    assert_eq!((values(part).len(), part["StatusCode"].as_str()), (14, Some("PartialData")));
    let token = first["NextToken"].as_str().unwrap();
    let second = call(&url, CLOUDWATCH, "GetMetricData", input(Some(token))).await.unwrap();
    assert!(results(&second, "p99").is_empty());
    let rest = results(&second, "cert")[0];
    assert_eq!((values(rest).len(), rest["StatusCode"].as_str()), (22, Some("Complete")));
    assert!(second.get("NextToken").is_none());
    let whole = get(&url, json!([cert]), w).await;
    assert_eq!([values(part), values(rest)].concat(), values(results(&whole, "cert")[0]));
    let e = call(&url, CLOUDWATCH, "GetMetricData", input(Some("bogus"))).await.unwrap_err();
    assert_eq!((e.status, e.error_type.as_str()), (400, "InvalidNextToken"));
}

#[tokio::test]
async fn bad_requests_are_invalid_parameter_values() {
    let url = sandbox(demo()).await;
    let w = window(1, 300);
    let refused = |queries: Value, (start, end): (i64, i64)| {
        let url = url.clone();
        async move { call(&url, CLOUDWATCH, "GetMetricData", json!({"MetricDataQueries": queries, "StartTime": start, "EndTime": end})).await.unwrap_err() }
    };
    let stat = |s: &str, period: i64| {
        json!([{"Id": "m", "MetricStat": {"Metric": {"Namespace": "AWS/KMS", "MetricName": "XksProxyCredentialAge",
        "Dimensions": [{"Name": "CustomKeyStoreId", "Value": PARTNER}]}, "Period": period, "Stat": s}}])
    };
    let cases = [
        (stat("Median", 300), w, "not a valid statistic"),
        (stat("Maximum", 90), w, "multiple of 60"),
        (stat("Maximum", 300), (w.1, w.0), "StartTime must be less than"),
        (json!([query("m", "m1 + m2".into())]), w, "Error in expression m"),
        (json!([query("m", "SEARCH('{AWS/KMS} MetricName=\"XksProxyLatency\"', 'p99', 30)".into())]), w, "multiple of 60"),
        (json!((0..501).map(|i| query(&format!("m{i}"), search("MAX", "CustomKeyStoreId", "", "Maximum", 300))).collect::<Vec<_>>()), w, "1 to 500"),
        (json!([query("M1", search("MAX", "CustomKeyStoreId", "", "Maximum", 300))]), w, "lowercase letter"),
    ];
    for (queries, window, expected) in cases {
        let Error { status, error_type, message } = refused(queries, window).await;
        assert_eq!((status, error_type.as_str()), (400, "InvalidParameterValueException"), "{message}");
        assert!(message.contains(expected), "{message}");
    }
    let e = call(&url, CLOUDWATCH, "GetMetricData", json!({"MetricDataQueries": []})).await.unwrap_err();
    assert_eq!(e.error_type, "ValidationException", "the model's required members: ValidationError");
}

#[tokio::test]
async fn the_deny_list_and_the_signing_name_are_enforced() {
    let mut seed = demo();
    seed.accounts[0].deny = vec!["cloudwatch:GetMetricData".into()];
    let url = sandbox(seed).await;
    let w = window(1, 300);
    let e = call(&url, CLOUDWATCH, "GetMetricData", json!({"MetricDataQueries": [p99(PARTNER)], "StartTime": w.0, "EndTime": w.1})).await.unwrap_err();
    assert_eq!((e.status, e.error_type.as_str()), (400, "AccessDeniedException"));
    assert!(
        e.message.ends_with(
            "is not authorized to perform: cloudwatch:GetMetricData on resource: * because no identity-based policy allows the cloudwatch:GetMetricData action"
        ),
        "{}",
        e.message
    );
    let response = raw_call(&url, &common::demo_credentials(), "us-east-1", CLOUDWATCH, "cloudwatch", "GetMetricData", &json!({})).await;
    assert_eq!(response.status, 400);
    assert!(response.body.contains("InvalidSignatureException") && response.body.contains("'monitoring'"), "{}", response.body);
    assert_eq!(response.header("content-type"), Some("application/x-amz-json-1.0"));
}

#[tokio::test]
async fn a_new_proxy_credential_restarts_the_credential_age() {
    let url = sandbox(demo()).await;
    let age = || async {
        let q = json!([{"Id": "age", "MetricStat": {"Metric": {"Namespace": "AWS/KMS", "MetricName": "XksProxyCredentialAge",
            "Dimensions": [{"Name": "CustomKeyStoreId", "Value": VPC}]}, "Period": 60, "Stat": "Maximum"}}]);
        let now = now_s();
        let answer = get(&url, q, (now - 600, now + 60)).await;
        values(results(&answer, "age")[0])[0]
    };
    assert_eq!(age().await, 30.0, "the seeded age, newest first");
    // Only a credential the proxy accepts is taken; the vpc proxy also accepts the "next" one.
    let refused = json!({"AccessKeyId": "SANDBOXFAKEXKSKEYOTHERS", "RawSecretAccessKey": "SandboxFakeXksSecretNextRotationNotReal00ab"});
    let e = call(&url, common::KMS, "UpdateCustomKeyStore", json!({"CustomKeyStoreId": VPC, "XksProxyAuthenticationCredential": refused})).await.unwrap_err();
    assert_eq!(e.error_type, "XksProxyIncorrectAuthenticationCredentialException");
    assert_eq!(age().await, 30.0, "a refused update changes nothing");
    let next = json!({"AccessKeyId": "SANDBOXFAKEXKSKEYNEXTTWO", "RawSecretAccessKey": "SandboxFakeXksSecretNextRotationNotReal00ab"});
    call(&url, common::KMS, "UpdateCustomKeyStore", json!({"CustomKeyStoreId": VPC, "XksProxyAuthenticationCredential": next})).await.unwrap();
    assert_eq!(age().await, 0.0, "the age counts from the update");
}
