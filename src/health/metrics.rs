//! An external key store's CloudWatch metrics (namespace `AWS/KMS`), fetched with one
//! `GetMetricData` per view. Latency, errors and throttles are published per KMS operation, XKS
//! operation and key spec, so the store-wide series are metric math over a `SEARCH` of the
//! documented dimension set; credential age and key manager states have the store as their only
//! (or first) dimension and are read directly.

use crate::aws::error::ServiceError;
use crate::aws::http::Transport;
use crate::aws::json_client::JsonClient;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A chart's time range, 1 hour to 1 week as the AWS console offers; 3 hours by default.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Range {
    Hour,
    #[default]
    ThreeHours,
    TwelveHours,
    Day,
    ThreeDays,
    Week,
}

impl Range {
    pub const ALL: [Range; 6] = [Self::Hour, Self::ThreeHours, Self::TwelveHours, Self::Day, Self::ThreeDays, Self::Week];

    pub fn label(self) -> &'static str {
        match self {
            Self::Hour => "1h",
            Self::ThreeHours => "3h",
            Self::TwelveHours => "12h",
            Self::Day => "1d",
            Self::ThreeDays => "3d",
            Self::Week => "1w",
        }
    }

    pub fn seconds(self) -> u64 {
        match self {
            Self::Hour => 3_600,
            Self::ThreeHours => 3 * 3_600,
            Self::TwelveHours => 12 * 3_600,
            Self::Day => 86_400,
            Self::ThreeDays => 3 * 86_400,
            Self::Week => 7 * 86_400,
        }
    }

    /// 5-minute periods for 3 hours, as the AWS console; coarser for longer ranges so a chart keeps
    /// under ~200 points.
    pub fn period(self) -> u64 {
        match self {
            Self::Hour => 60,
            Self::ThreeHours => 300,
            Self::TwelveHours => 900,
            Self::Day => 1_800,
            Self::ThreeDays | Self::Week => 3_600,
        }
    }

    /// `[start, end)` in epoch seconds, aligned to the period so repeated views ask the same question.
    pub fn window(self, now_ms: u64) -> (u64, u64) {
        let period = self.period();
        let end = (now_ms / 1000) / period * period + period;
        (end - self.seconds(), end)
    }
}

/// One query of a GetMetricData request.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Query {
    pub id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expression: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub metric_stat: Option<MetricStat>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct MetricStat {
    pub metric: Metric,
    pub period: u64,
    pub stat: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Metric {
    pub namespace: &'static str,
    pub metric_name: &'static str,
    pub dimensions: Vec<Dimension>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Dimension {
    pub name: &'static str,
    pub value: String,
}

const NAMESPACE: &str = "AWS/KMS";

/// `aggregate(SEARCH('{AWS/KMS,<schema>} MetricName="<metric>" CustomKeyStoreId="<id>" <filters>', '<stat>', period))`.
fn search(aggregate: Option<&str>, schema: &str, metric: &str, store_id: &str, filters: &str, stat: &str, period: u64) -> String {
    let search = format!("SEARCH('{{{NAMESPACE},{schema}}} MetricName=\"{metric}\" CustomKeyStoreId=\"{store_id}\"{filters}', '{stat}', {period})");
    match aggregate {
        Some(f) => format!("{f}({search})"),
        None => search,
    }
}

const PER_OPERATION: &str = "CustomKeyStoreId,KmsOperation,XksOperation,KeySpec";
const PER_ERROR: &str = "CustomKeyStoreId,KmsOperation,XksOperation,KeySpec,ErrorType,ExceptionName";

fn expression(id: String, expression: String, label: &str) -> Query {
    Query { id, expression: Some(expression), metric_stat: None, label: Some(label.to_owned()) }
}

fn direct(id: String, metric_name: &'static str, dimensions: Vec<Dimension>, stat: &str, period: u64, label: &str) -> Query {
    let metric = Metric { namespace: NAMESPACE, metric_name, dimensions };
    Query { id, expression: None, metric_stat: Some(MetricStat { metric, period, stat: stat.to_owned() }), label: Some(label.to_owned()) }
}

fn store_dimension(store_id: &str) -> Dimension {
    Dimension { name: "CustomKeyStoreId", value: store_id.to_owned() }
}

fn manager_state(id: String, store_id: &str, state: &'static str, period: u64) -> Query {
    let dims = vec![store_dimension(store_id), Dimension { name: "XksExternalKeyManagerState", value: state.to_owned() }];
    direct(id, "XksExternalKeyManagerStates", dims, "Maximum", period, state)
}

/// The series a store's charts show, by query id.
pub mod ids {
    pub const P50: &str = "latency_p50";
    pub const P99: &str = "latency_p99";
    pub const RETRYABLE: &str = "errors_retryable";
    pub const NON_RETRYABLE: &str = "errors_non_retryable";
    pub const EXCEPTIONS: &str = "exceptions";
    pub const ACTIVE: &str = "managers_active";
    pub const DEGRADED: &str = "managers_degraded";
    pub const UNAVAILABLE: &str = "managers_unavailable";
    pub const CERTIFICATE: &str = "certificate_days";
    pub const CREDENTIAL: &str = "credential_age";
    pub const THROTTLES: &str = "throttles";
}

/// Every query behind one store's charts.
pub fn chart_queries(store_id: &str, period: u64) -> Vec<Query> {
    let s = store_id;
    let p = period;
    vec![
        expression(ids::P50.into(), search(Some("MAX"), PER_OPERATION, "XksProxyLatency", s, "", "p50", p), "p50"),
        expression(ids::P99.into(), search(Some("MAX"), PER_OPERATION, "XksProxyLatency", s, "", "p99", p), "p99"),
        expression(ids::RETRYABLE.into(), search(Some("SUM"), PER_ERROR, "XksProxyErrors", s, " ErrorType=\"Retryable\"", "Sum", p), "Retryable"),
        expression(ids::NON_RETRYABLE.into(), search(Some("SUM"), PER_ERROR, "XksProxyErrors", s, " ErrorType=\"Non-retryable\"", "Sum", p), "Non-retryable"),
        expression(ids::EXCEPTIONS.into(), search(None, PER_ERROR, "XksProxyErrors", s, "", "Sum", p), "${PROP('Dim.ExceptionName')}"),
        manager_state(ids::ACTIVE.into(), s, "Active", p),
        manager_state(ids::DEGRADED.into(), s, "Degraded", p),
        manager_state(ids::UNAVAILABLE.into(), s, "Unavailable", p),
        expression(
            ids::CERTIFICATE.into(),
            search(Some("MIN"), "CustomKeyStoreId,CertificateName", "XksProxyCertificateDaysToExpire", s, "", "Minimum", p),
            "Days to expire",
        ),
        direct(ids::CREDENTIAL.into(), "XksProxyCredentialAge", vec![store_dimension(s)], "Maximum", p, "Credential age"),
        expression(
            ids::THROTTLES.into(),
            search(Some("SUM"), "CustomKeyStoreId,KmsOperation,KeySpec", "ExternalKeyStoreThrottle", s, "", "Sum", p),
            "Throttles",
        ),
    ]
}

/// GetMetricData takes at most 500 queries a call.
pub const MAX_QUERIES: usize = 500;
/// `summary_queries` asks this many per store.
const SUMMARY_QUERIES_PER_STORE: usize = 6;

/// The stores in groups whose summaries fit one GetMetricData call each (a Region with a hundred
/// external key stores would otherwise ask for 600 queries, and CloudWatch refuses the call).
pub fn summary_batches(store_ids: &[String]) -> std::slice::Chunks<'_, String> {
    store_ids.chunks(MAX_QUERIES / SUMMARY_QUERIES_PER_STORE)
}

/// The few queries per store behind the table's health dot and the certificate view: the last
/// hour in 5-minute periods. Ids are `s<index>_<what>` (CloudWatch ids start with a lower-case letter).
pub fn summary_queries(store_ids: &[String]) -> Vec<Query> {
    let p = 300;
    store_ids
        .iter()
        .enumerate()
        .flat_map(|(i, s)| {
            let id = |what: &str| format!("s{i}_{what}");
            [
                expression(id(ids::P99), search(Some("MAX"), PER_OPERATION, "XksProxyLatency", s, "", "p99", p), "p99"),
                expression(id("errors"), search(Some("SUM"), PER_ERROR, "XksProxyErrors", s, "", "Sum", p), "Errors"),
                expression(
                    id(ids::CERTIFICATE),
                    search(Some("MIN"), "CustomKeyStoreId,CertificateName", "XksProxyCertificateDaysToExpire", s, "", "Minimum", p),
                    "Days",
                ),
                direct(id(ids::CREDENTIAL), "XksProxyCredentialAge", vec![store_dimension(s)], "Maximum", p, "Age"),
                manager_state(id(ids::DEGRADED), s, "Degraded", p),
                manager_state(id(ids::UNAVAILABLE), s, "Unavailable", p),
            ]
        })
        .collect()
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
struct GetMetricDataInput<'a> {
    metric_data_queries: &'a [Query],
    start_time: u64,
    end_time: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    next_token: Option<String>,
    scan_by: &'static str,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase")]
struct GetMetricDataOutput {
    metric_data_results: Option<Vec<MetricDataResult>>,
    next_token: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase")]
struct MetricDataResult {
    id: Option<String>,
    label: Option<String>,
    timestamps: Option<Vec<f64>>,
    values: Option<Vec<f64>>,
}

/// One line of a chart: points in time order (epoch seconds, value).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Series {
    pub label: String,
    pub points: Vec<(f64, f64)>,
}

impl Series {
    pub fn last(&self) -> Option<f64> {
        self.points.last().map(|p| p.1)
    }

    pub fn max(&self) -> Option<f64> {
        self.points.iter().map(|p| p.1).reduce(f64::max)
    }

    pub fn sum(&self) -> f64 {
        self.points.iter().map(|p| p.1).sum()
    }
}

/// Query id → its series (a SEARCH without aggregate gives several, one per label).
pub type Results = BTreeMap<String, Vec<Series>>;

/// A bound on pages, as for every paginated call.
const MAX_PAGES: usize = 20;

fn request(queries: &[Query], (start, end): (u64, u64), next_token: Option<String>) -> GetMetricDataInput<'_> {
    GetMetricDataInput { metric_data_queries: queries, start_time: start, end_time: end, next_token, scan_by: "TimestampAscending" }
}

/// The first page's input of [`get_metric_data`], as JSON (for the CLI command that does the same).
pub fn get_metric_data_input(queries: &[Query], window: (u64, u64)) -> serde_json::Value {
    serde_json::to_value(request(queries, window, None)).unwrap_or_default()
}

/// Runs the queries over `[start, end)`, following `NextToken`, and merges each id's pages.
pub async fn get_metric_data<T: Transport>(client: &JsonClient<T>, queries: &[Query], (start, end): (u64, u64)) -> Result<Results, ServiceError> {
    let mut results = Results::new();
    let mut next_token = None;
    for _ in 0..MAX_PAGES {
        let input = request(queries, (start, end), next_token.take());
        let page: GetMetricDataOutput = client.call("GetMetricData", &input).await?;
        merge(&mut results, page.metric_data_results.unwrap_or_default());
        match page.next_token {
            Some(token) if !token.is_empty() => next_token = Some(token),
            _ => return Ok(results),
        }
    }
    Err(ServiceError::client(format!("CloudWatch's answer did not end after {MAX_PAGES} pages.")))
}

fn merge(results: &mut Results, page: Vec<MetricDataResult>) {
    for r in page {
        let id = r.id.unwrap_or_default();
        let label = r.label.unwrap_or_default();
        let points = r.timestamps.unwrap_or_default().into_iter().zip(r.values.unwrap_or_default());
        let all = results.entry(id).or_default();
        let series = match all.iter_mut().position(|s| s.label == label) {
            Some(i) => &mut all[i],
            None => {
                all.push(Series { label, points: vec![] });
                all.last_mut().expect("just pushed")
            }
        };
        series.points.extend(points);
    }
    // Whatever order the pages came in, a chart draws left to right.
    for series in results.values_mut().flatten() {
        series.points.sort_by(|a, b| a.0.total_cmp(&b.0));
        series.points.dedup_by(|a, b| a.0 == b.0);
    }
}

/// The one series of an id (aggregates and direct metrics have one).
pub fn single<'a>(results: &'a Results, id: &str) -> Option<&'a Series> {
    results.get(id).and_then(|s| s.first())
}

/// Exceptions by total count over the range, most frequent first.
pub fn top_exceptions(results: &Results) -> Vec<(String, f64)> {
    let mut totals: BTreeMap<String, f64> = BTreeMap::new();
    for s in results.get(ids::EXCEPTIONS).into_iter().flatten() {
        *totals.entry(s.label.clone()).or_default() += s.sum();
    }
    let mut list: Vec<_> = totals.into_iter().filter(|(_, n)| *n > 0.0).collect();
    list.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    list
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_align_to_the_period_and_the_default_is_three_hours_of_five_minutes() {
        let r = Range::default();
        assert_eq!((r.label(), r.period(), r.seconds()), ("3h", 300, 10_800));
        let (start, end) = r.window(1_795_932_123_456);
        assert_eq!(end % 300, 0);
        assert_eq!(end - start, 10_800);
        assert!(end >= 1_795_932_123 && end - 300 <= 1_795_932_123);
        for r in Range::ALL {
            assert!(r.seconds() / r.period() <= 200, "{r:?} keeps a chart readable");
        }
    }

    #[test]
    fn queries_follow_the_documented_dimensions() {
        let q = chart_queries("cks-1a2b3c4d5e6f70002", 300);
        let json = serde_json::to_value(&q).unwrap();
        assert_eq!(
            json[1]["Expression"],
            "MAX(SEARCH('{AWS/KMS,CustomKeyStoreId,KmsOperation,XksOperation,KeySpec} MetricName=\"XksProxyLatency\" CustomKeyStoreId=\"cks-1a2b3c4d5e6f70002\"', 'p99', 300))"
        );
        assert_eq!(json[5]["MetricStat"]["Metric"]["Dimensions"][1], serde_json::json!({"Name": "XksExternalKeyManagerState", "Value": "Active"}));
        assert_eq!(json[9]["MetricStat"]["Stat"], "Maximum");
        assert!(json[0].get("MetricStat").is_none(), "an expression query carries no MetricStat");
        let ids: Vec<_> = q.iter().map(|q| q.id.clone()).collect();
        assert!(ids.iter().all(|id| id.starts_with(|c: char| c.is_ascii_lowercase())), "{ids:?}");
        let summary = summary_queries(&["cks-a".into(), "cks-b".into()]);
        assert_eq!(summary.len(), 12);
        assert_eq!(summary[6].id, "s1_latency_p99");
    }

    #[test]
    fn summaries_of_many_stores_go_in_calls_of_at_most_500_queries() {
        assert_eq!(summary_queries(&["cks-a".into()]).len(), SUMMARY_QUERIES_PER_STORE);
        let ids: Vec<String> = (0..200).map(|i| format!("cks-{i}")).collect();
        let batches: Vec<&[String]> = summary_batches(&ids).collect();
        assert_eq!(batches.iter().map(|b| b.len()).collect::<Vec<_>>(), [83, 83, 34]);
        assert!(batches.iter().all(|b| summary_queries(b).len() <= MAX_QUERIES));
        assert_eq!(batches.concat(), ids, "every store once, in order");
    }

    #[test]
    fn pages_merge_by_id_and_label_in_time_order() {
        let mut results = Results::new();
        let page = |v: serde_json::Value| serde_json::from_value::<Vec<MetricDataResult>>(v).unwrap();
        merge(
            &mut results,
            page(serde_json::json!([
            {"Id": "latency_p99", "Label": "p99", "Timestamps": [1.7959323E9, 1.7959320E9], "Values": [120.0, 100.0], "StatusCode": "PartialData"},
            {"Id": "exceptions", "Label": "XksProxyUriUnreachableException", "Timestamps": [1], "Values": [3]},
            {"Id": "exceptions", "Label": "XksProxyInvalidResponseException", "Timestamps": [1], "Values": [5]}])),
        );
        merge(
            &mut results,
            page(serde_json::json!([
            {"Id": "latency_p99", "Label": "p99", "Timestamps": [1.7959317E9], "Values": [90.0], "StatusCode": "Complete"},
            {"Id": "exceptions", "Label": "XksProxyUriUnreachableException", "Timestamps": [2], "Values": [4]}])),
        );
        let p99 = single(&results, ids::P99).unwrap();
        assert_eq!(p99.points.iter().map(|p| p.1).collect::<Vec<_>>(), [90.0, 100.0, 120.0]);
        assert_eq!(p99.last(), Some(120.0));
        assert_eq!(top_exceptions(&results), [("XksProxyUriUnreachableException".to_owned(), 7.0), ("XksProxyInvalidResponseException".to_owned(), 5.0)]);
    }
}
