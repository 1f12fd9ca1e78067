//! The CloudWatch alarms AWS recommends for an external key store (REFERENCE §10: certificate
//! days to expire below a threshold, p99 latency above 200 ms, more than 5 retryable or
//! non-retryable errors a minute; plus credential age over the user's policy and throttles), as
//! exact `PutMetricAlarm` inputs over the `AWS/KMS` metrics `metrics` charts; one set per store,
//! as AWS advises. Alarms cannot SEARCH, so each watches the series it is given — the dimension
//! sets the store publishes, found with [`discovery_queries`] — and a series that appears later
//! needs the alarms put again. The console's alarms are named `cks-console/<store id>/<what>`:
//! only those can be removed from here. `DescribeAlarms` is read back per store with its state.

use super::metrics::{Dimension, Metric, MetricStat, Query};
use super::summary::{CERTIFICATE_DAYS_WARNING, ERRORS_PER_MINUTE_WARNING, LATENCY_WARNING_MS};
use crate::aws::error::ServiceError;
use crate::aws::http::Transport;
use crate::aws::json_client::JsonClient;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use std::collections::BTreeMap;

/// Every alarm the console makes starts with this: the mark that it may delete it.
pub const PREFIX: &str = "cks-console/";
const NAMESPACE: &str = "AWS/KMS";

/// The thresholds; AWS's suggestions where it makes one.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Policy {
    /// Alarm when the certificate expires in fewer days (the console's default 30; AWS suggests 10).
    pub certificate_days: f64,
    /// p99 latency in ms (AWS: 200; KMS gives up at 250).
    pub latency_ms: f64,
    /// Errors a minute, each of retryable and non-retryable (AWS: 5).
    pub errors_per_minute: f64,
    /// Credential age in days the user's rotation policy allows.
    pub credential_days: f64,
    /// Throttled requests a minute.
    pub throttles_per_minute: f64,
    /// An SNS topic ARN to notify on ALARM and back to OK.
    pub topic_arn: Option<String>,
}

impl Default for Policy {
    fn default() -> Self {
        Self {
            certificate_days: 30.0,
            latency_ms: LATENCY_WARNING_MS,
            errors_per_minute: ERRORS_PER_MINUTE_WARNING,
            credential_days: 90.0,
            throttles_per_minute: 0.0,
            topic_arn: None,
        }
    }
}

/// AWS's own suggestion for the certificate (10 days), offered beside the default.
pub const AWS_CERTIFICATE_DAYS: f64 = CERTIFICATE_DAYS_WARNING;

/// `(KmsOperation, XksOperation, KeySpec)`: a latency series' dimensions beyond the store.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Operation {
    pub kms_operation: String,
    pub xks_operation: String,
    pub key_spec: String,
}

/// An error series: an operation, `ErrorType` (`Retryable` | `Non-retryable`) and `ExceptionName`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct ErrorSeries {
    pub operation: Operation,
    pub error_type: String,
    pub exception_name: String,
}

/// What a store publishes, as far as known.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoreSeries {
    pub store_id: String,
    pub certificate_names: Vec<String>,
    pub operations: Vec<Operation>,
    pub errors: Vec<ErrorSeries>,
    /// `(KmsOperation, KeySpec)` of `ExternalKeyStoreThrottle`.
    pub throttles: Vec<(String, String)>,
}

/// Which alarm of a store.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Kind {
    Certificate,
    Latency,
    RetryableErrors,
    NonRetryableErrors,
    CredentialAge,
    Throttles,
}

impl Kind {
    pub const ALL: [Kind; 6] = [Self::Certificate, Self::Latency, Self::RetryableErrors, Self::NonRetryableErrors, Self::CredentialAge, Self::Throttles];

    pub fn slug(self) -> &'static str {
        match self {
            Self::Certificate => "certificate-days",
            Self::Latency => "latency-p99",
            Self::RetryableErrors => "retryable-errors",
            Self::NonRetryableErrors => "non-retryable-errors",
            Self::CredentialAge => "credential-age",
            Self::Throttles => "throttles",
        }
    }

    pub fn title(self) -> &'static str {
        match self {
            Self::Certificate => "Certificate days to expire",
            Self::Latency => "p99 latency",
            Self::RetryableErrors => "Retryable errors",
            Self::NonRetryableErrors => "Non-retryable errors",
            Self::CredentialAge => "Credential age",
            Self::Throttles => "Throttles",
        }
    }
}

/// `cks-console/<store id>/<slug>`.
pub fn alarm_name(store_id: &str, kind: Kind) -> String {
    format!("{PREFIX}{store_id}/{}", kind.slug())
}

pub fn is_console_alarm(name: &str) -> bool {
    name.starts_with(PREFIX)
}

/// A `PutMetricAlarm` input, in the model's member names.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct PutMetricAlarm {
    pub alarm_name: String,
    pub alarm_description: String,
    pub actions_enabled: bool,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub alarm_actions: Vec<String>,
    #[serde(rename = "OKActions", skip_serializing_if = "Vec::is_empty")]
    pub ok_actions: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub namespace: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub metric_name: Option<&'static str>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub dimensions: Vec<Dimension>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub statistic: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub extended_statistic: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub period: Option<u64>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub metrics: Vec<AlarmQuery>,
    pub evaluation_periods: u32,
    pub threshold: f64,
    pub comparison_operator: &'static str,
}

/// A `MetricDataQuery` of an alarm built on metric math.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct AlarmQuery {
    pub id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub metric_stat: Option<MetricStat>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expression: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    pub return_data: bool,
}

/// An alarm the store cannot have yet, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    pub kind: Kind,
    pub why: String,
}

fn dim(name: &'static str, value: &str) -> Dimension {
    Dimension { name, value: value.to_owned() }
}

fn op_dims(store_id: &str, op: &Operation) -> Vec<Dimension> {
    vec![dim("CustomKeyStoreId", store_id), dim("KmsOperation", &op.kms_operation), dim("XksOperation", &op.xks_operation), dim("KeySpec", &op.key_spec)]
}

struct Base<'a> {
    store_id: &'a str,
    policy: &'a Policy,
}

impl Base<'_> {
    fn alarm(&self, kind: Kind, description: String, threshold: f64, comparison: &'static str) -> PutMetricAlarm {
        let topics: Vec<String> = self.policy.topic_arn.iter().cloned().collect();
        PutMetricAlarm {
            alarm_name: alarm_name(self.store_id, kind),
            alarm_description: format!("{description} Created by cks-console for external key store {}.", self.store_id),
            actions_enabled: true,
            alarm_actions: topics.clone(),
            ok_actions: topics,
            namespace: None,
            metric_name: None,
            dimensions: vec![],
            statistic: None,
            extended_statistic: None,
            period: None,
            metrics: vec![],
            evaluation_periods: 1,
            threshold,
            comparison_operator: comparison,
        }
    }

    /// One series: a plain metric alarm; several: `AGG([m0, m1…])` over them.
    fn over(
        &self,
        mut alarm: PutMetricAlarm,
        metric: &'static str,
        series: Vec<Vec<Dimension>>,
        stat: &'static str,
        period: u64,
        aggregate: &str,
    ) -> PutMetricAlarm {
        let percentile = stat.starts_with('p');
        if series.len() == 1 {
            alarm.namespace = Some(NAMESPACE);
            alarm.metric_name = Some(metric);
            alarm.dimensions = series.into_iter().next().unwrap_or_default();
            if percentile {
                alarm.extended_statistic = Some(stat);
            } else {
                alarm.statistic = Some(stat);
            }
            alarm.period = Some(period);
            return alarm;
        }
        let ids: Vec<String> = (0..series.len()).map(|i| format!("m{i}")).collect();
        alarm.metrics = series
            .into_iter()
            .zip(&ids)
            .map(|(dimensions, id)| AlarmQuery {
                id: id.clone(),
                metric_stat: Some(MetricStat { metric: Metric { namespace: NAMESPACE, metric_name: metric, dimensions }, period, stat: stat.to_owned() }),
                expression: None,
                label: None,
                return_data: false,
            })
            .collect();
        alarm.metrics.push(AlarmQuery {
            id: "e0".into(),
            metric_stat: None,
            expression: Some(format!("{aggregate}([{}])", ids.join(", "))),
            label: Some(alarm.alarm_name.clone()),
            return_data: true,
        });
        alarm
    }
}

/// The store's alarms for `policy`, and the ones it cannot have yet (no such series published).
pub fn recommended_alarms(series: &StoreSeries, policy: &Policy) -> (Vec<PutMetricAlarm>, Vec<Skipped>) {
    let b = Base { store_id: &series.store_id, policy };
    let s = series.store_id.as_str();
    let mut alarms = Vec::new();
    let mut skipped = Vec::new();
    let mut skip = |kind: Kind, why: &str| skipped.push(Skipped { kind, why: why.to_owned() });

    if series.certificate_names.is_empty() {
        skip(Kind::Certificate, "The store publishes no certificate days (none yet, or the certificate's name has a wildcard).");
    } else {
        let a = b.alarm(
            Kind::Certificate,
            format!("The proxy's TLS certificate expires in fewer than {} days.", policy.certificate_days),
            policy.certificate_days,
            "LessThanThreshold",
        );
        let dims = series.certificate_names.iter().map(|n| vec![dim("CustomKeyStoreId", s), dim("CertificateName", n)]).collect();
        alarms.push(b.over(a, "XksProxyCertificateDaysToExpire", dims, "Minimum", 300, "MIN"));
    }
    if series.operations.is_empty() {
        skip(Kind::Latency, "The store has published no latency yet (KMS has sent it no requests).");
    } else {
        let a = b.alarm(
            Kind::Latency,
            format!("p99 latency of the proxy above {} ms on any operation (KMS gives up at 250 ms).", policy.latency_ms),
            policy.latency_ms,
            "GreaterThanThreshold",
        );
        let dims = series.operations.iter().map(|op| op_dims(s, op)).collect();
        alarms.push(b.over(a, "XksProxyLatency", dims, "p99", 300, "MAX"));
    }
    for (kind, error_type) in [(Kind::RetryableErrors, "Retryable"), (Kind::NonRetryableErrors, "Non-retryable")] {
        let of_type: Vec<&ErrorSeries> = series.errors.iter().filter(|e| e.error_type == error_type).collect();
        if of_type.is_empty() {
            skip(kind, &format!("The store has published no {error_type} errors yet: there is no series to watch."));
            continue;
        }
        let a = b.alarm(
            kind,
            format!("More than {} {error_type} proxy errors a minute.", policy.errors_per_minute),
            policy.errors_per_minute,
            "GreaterThanThreshold",
        );
        let dims = of_type
            .iter()
            .map(|e| {
                let mut d = op_dims(s, &e.operation);
                d.push(dim("ErrorType", &e.error_type));
                d.push(dim("ExceptionName", &e.exception_name));
                d
            })
            .collect();
        alarms.push(b.over(a, "XksProxyErrors", dims, "Sum", 60, "SUM"));
    }
    let a = b.alarm(
        Kind::CredentialAge,
        format!("The proxy credential is older than {} days: rotate it.", policy.credential_days),
        policy.credential_days,
        "GreaterThanThreshold",
    );
    alarms.push(b.over(a, "XksProxyCredentialAge", vec![vec![dim("CustomKeyStoreId", s)]], "Maximum", 300, "MAX"));
    if series.throttles.is_empty() {
        skip(Kind::Throttles, "The store has never been throttled: there is no series to watch.");
    } else {
        let a = b.alarm(
            Kind::Throttles,
            format!("More than {} throttled requests a minute.", policy.throttles_per_minute),
            policy.throttles_per_minute,
            "GreaterThanThreshold",
        );
        let dims = series.throttles.iter().map(|(op, spec)| vec![dim("CustomKeyStoreId", s), dim("KmsOperation", op), dim("KeySpec", spec)]).collect();
        alarms.push(b.over(a, "ExternalKeyStoreThrottle", dims, "Sum", 60, "SUM"));
    }
    (alarms, skipped)
}

/// GetMetricData queries (last hour) whose result labels name each series' dimensions, for
/// [`parse_discovery`]: what a store publishes, to build its alarms.
pub fn discovery_queries(store_id: &str) -> Vec<Query> {
    let search = |schema: &str, metric: &str, stat: &str| {
        format!("SEARCH('{{{NAMESPACE},{schema}}} MetricName=\"{metric}\" CustomKeyStoreId=\"{store_id}\"', '{stat}', 300)")
    };
    let q = |id: &str, expression: String, label: &str| Query { id: id.into(), expression: Some(expression), metric_stat: None, label: Some(label.into()) };
    vec![
        q("certificates", search("CustomKeyStoreId,CertificateName", "XksProxyCertificateDaysToExpire", "Minimum"), "${PROP('Dim.CertificateName')}"),
        q(
            "operations",
            search("CustomKeyStoreId,KmsOperation,XksOperation,KeySpec", "XksProxyLatency", "SampleCount"),
            "${PROP('Dim.KmsOperation')}|${PROP('Dim.XksOperation')}|${PROP('Dim.KeySpec')}",
        ),
        q(
            "errors",
            search("CustomKeyStoreId,KmsOperation,XksOperation,KeySpec,ErrorType,ExceptionName", "XksProxyErrors", "Sum"),
            "${PROP('Dim.KmsOperation')}|${PROP('Dim.XksOperation')}|${PROP('Dim.KeySpec')}|${PROP('Dim.ErrorType')}|${PROP('Dim.ExceptionName')}",
        ),
        q(
            "throttles",
            search("CustomKeyStoreId,KmsOperation,KeySpec", "ExternalKeyStoreThrottle", "Sum"),
            "${PROP('Dim.KmsOperation')}|${PROP('Dim.KeySpec')}",
        ),
    ]
}

/// The series found by [`discovery_queries`], from `(query id, label)` of every result (a query
/// that matched nothing answers one result with an empty label, or the query's own).
pub fn parse_discovery(store_id: &str, results: &[(String, String)]) -> StoreSeries {
    let mut s = StoreSeries { store_id: store_id.to_owned(), ..Default::default() };
    for (id, label) in results {
        if label.is_empty() || label.contains("${") || label == id {
            continue;
        }
        let parts: Vec<&str> = label.split('|').collect();
        let op = |p: &[&str]| Operation { kms_operation: p[0].into(), xks_operation: p[1].into(), key_spec: p[2].into() };
        match (id.as_str(), parts.len()) {
            ("certificates", 1) => s.certificate_names.push(label.clone()),
            ("operations", 3) => s.operations.push(op(&parts)),
            ("errors", 5) => s.errors.push(ErrorSeries { operation: op(&parts), error_type: parts[3].into(), exception_name: parts[4].into() }),
            ("throttles", 2) => s.throttles.push((parts[0].into(), parts[1].into())),
            _ => {}
        }
    }
    s.certificate_names.sort();
    s.certificate_names.dedup();
    s.operations.sort();
    s.operations.dedup();
    s.errors.sort();
    s.errors.dedup();
    s.throttles.sort();
    s.throttles.dedup();
    s
}

/// What `store_id` published in the hour before `now_ms`: [`discovery_queries`] through
/// `metrics::get_metric_data`, series without a point left out.
pub async fn discover<T: Transport>(cloudwatch: &JsonClient<T>, store_id: &str, now_ms: u64) -> Result<StoreSeries, ServiceError> {
    let end = (now_ms / 1000) / 300 * 300 + 300;
    let results = super::metrics::get_metric_data(cloudwatch, &discovery_queries(store_id), (end - 3_600, end)).await?;
    let labels: Vec<(String, String)> =
        results.iter().flat_map(|(id, series)| series.iter().filter(|s| !s.points.is_empty()).map(move |s| (id.clone(), s.label.clone()))).collect();
    Ok(parse_discovery(store_id, &labels))
}

/// One alarm as `DescribeAlarms` shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct AlarmStatus {
    pub name: String,
    pub arn: Option<String>,
    /// `OK | ALARM | INSUFFICIENT_DATA`.
    pub state: Option<String>,
    pub reason: Option<String>,
    pub threshold: Option<f64>,
    pub comparison: Option<String>,
    /// The store it watches (its `CustomKeyStoreId` dimension), if any.
    pub store_id: Option<String>,
    /// Made by this console (so it may be deleted from here).
    pub ours: bool,
}

/// `MetricAlarms` of a DescribeAlarms answer; `NextToken`.
pub fn parse_alarms(answer: &Value) -> (Vec<AlarmStatus>, Option<String>) {
    let text = |v: &Value, k: &str| v.get(k).and_then(Value::as_str).map(str::to_owned);
    let store_of = |dims: &Value| dims.as_array()?.iter().find(|d| d["Name"] == "CustomKeyStoreId")?["Value"].as_str().map(str::to_owned);
    let alarms = answer["MetricAlarms"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|a| {
            let name = text(a, "AlarmName").unwrap_or_default();
            let store_id = store_of(&a["Dimensions"])
                .or_else(|| a["Metrics"].as_array()?.iter().find_map(|q| store_of(&q["MetricStat"]["Metric"]["Dimensions"])))
                .or_else(|| name.strip_prefix(PREFIX)?.split('/').next().map(str::to_owned));
            AlarmStatus {
                ours: is_console_alarm(&name),
                arn: text(a, "AlarmArn"),
                state: text(a, "StateValue"),
                reason: text(a, "StateReason"),
                threshold: a["Threshold"].as_f64(),
                comparison: text(a, "ComparisonOperator"),
                store_id,
                name,
            }
        })
        .collect();
    (alarms, text(answer, "NextToken"))
}

/// Alarms by the store they watch (alarms watching no store are left out).
pub fn by_store(alarms: Vec<AlarmStatus>) -> BTreeMap<String, Vec<AlarmStatus>> {
    let mut out: BTreeMap<String, Vec<AlarmStatus>> = BTreeMap::new();
    for a in alarms {
        if let Some(s) = a.store_id.clone() {
            out.entry(s).or_default().push(a);
        }
    }
    out
}

/// The console's alarms of `store_id` that `DeleteAlarms` may remove: never another's.
pub fn deletable(store_id: &str, alarms: &[AlarmStatus]) -> Vec<String> {
    let prefix = format!("{PREFIX}{store_id}/");
    alarms.iter().filter(|a| a.name.starts_with(&prefix)).map(|a| a.name.clone()).collect()
}

/// The topic ARNs of an SNS `ListTopics` answer, and its `NextToken`.
pub fn parse_topics(xml: &str) -> Result<(Vec<String>, Option<String>), String> {
    if !xml.contains("<ListTopicsResult") {
        return Err("SNS answered ListTopics with something other than a list of topics.".into());
    }
    let topics = crate::aws::xml::elements(xml, "TopicArn").into_iter().map(|t| crate::aws::xml::unescape(t).trim().to_owned()).collect();
    Ok((topics, crate::aws::xml::element(xml, "NextToken").filter(|t| !t.is_empty())))
}

/// Every SNS topic of the Region, for the alarms' notification (an SNS [`QueryClient`] built with
/// `query_client::SNS`).
pub async fn list_topics<T: Transport>(sns: &crate::aws::query_client::QueryClient<T>) -> Result<Vec<String>, ServiceError> {
    let mut all = Vec::new();
    let mut token: Option<String> = None;
    for _ in 0..50 {
        let params: Vec<(&str, &str)> = token.as_deref().map(|t| vec![("NextToken", t)]).unwrap_or_default();
        let xml = sns.call("ListTopics", &params).await?;
        let (topics, next) = parse_topics(&xml).map_err(|why| ServiceError {
            kind: crate::aws::error::ErrorKind::Malformed,
            message: why,
            request_id: None,
            status: Some(200),
        })?;
        all.extend(topics);
        match next {
            Some(t) => token = Some(t),
            None => break,
        }
    }
    Ok(all)
}

/// Puts each alarm (PutMetricAlarm replaces an alarm of the same name).
pub async fn put_alarms<T: Transport>(cloudwatch: &JsonClient<T>, alarms: &[PutMetricAlarm]) -> Result<(), ServiceError> {
    for a in alarms {
        let _: Value = cloudwatch.call("PutMetricAlarm", a).await?;
    }
    Ok(())
}

/// Every alarm whose name starts with `prefix` (the console's: [`PREFIX`]; empty for every alarm), every page.
pub async fn describe_alarms<T: Transport>(cloudwatch: &JsonClient<T>, prefix: &str) -> Result<Vec<AlarmStatus>, ServiceError> {
    let mut all = Vec::new();
    let mut token: Option<String> = None;
    for _ in 0..50 {
        let mut input = json!({ "AlarmTypes": ["MetricAlarm"], "MaxRecords": 100 });
        // The model's AlarmNamePrefix is 1–255 characters: every alarm is asked for without one.
        if !prefix.is_empty() {
            input["AlarmNamePrefix"] = json!(prefix);
        }
        if let Some(t) = token.take() {
            input["NextToken"] = json!(t);
        }
        let answer: Value = cloudwatch.call("DescribeAlarms", &input).await?;
        let (alarms, next) = parse_alarms(&answer);
        all.extend(alarms);
        match next.filter(|t| !t.is_empty()) {
            Some(t) => token = Some(t),
            None => break,
        }
    }
    Ok(all)
}

/// Deletes the console's own alarms among `names` (up to 100 a call); others are refused unasked.
pub async fn delete_console_alarms<T: Transport>(cloudwatch: &JsonClient<T>, names: &[String]) -> Result<(), String> {
    if let Some(other) = names.iter().find(|n| !is_console_alarm(n)) {
        return Err(format!("{other} was not made by this console: it is not deleted from here."));
    }
    for chunk in names.chunks(100) {
        let _: Value = cloudwatch.call("DeleteAlarms", &json!({ "AlarmNames": chunk })).await.map_err(|e| e.to_string())?;
    }
    Ok(())
}

#[cfg(test)]
#[path = "alarms_tests.rs"]
mod tests;
