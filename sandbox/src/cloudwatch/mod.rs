//! CloudWatch's GetMetricData (awsJson 1.0, signing name `monitoring`) over the `AWS/KMS`
//! metrics of external key stores: `MetricStat` queries for one series, and `SEARCH`
//! expressions (see `search`) for many, optionally aggregated. Values come from `series`.
//! CloudWatch keeps its awsQuery error codes beside JSON: each error carries both.

mod alarms;
mod search;
pub mod series;

use crate::api::{self, Api, Call, JsonFault, Output};
use crate::auth::Caller;
use crate::model;
use crate::world::World;
use regex::Regex;
use search::{Aggregate, Expression};
use serde_json::{json, Map, Value};
use series::{Series, Stat, NAMESPACE};
use std::sync::OnceLock;

const MAX_QUERIES: usize = 500;
const DEFAULT_MAX_DATAPOINTS: usize = 100_800;
/// 15 months, in seconds.
const RETENTION: i64 = 455 * 86_400;

fn invalid(message: impl Into<String>) -> JsonFault {
    JsonFault::query("InvalidParameterValueException", "InvalidParameterValue", message)
}

pub fn serve(world: &mut World, caller: &Caller, operation: &str, call: &Call, store_id: &mut Option<String>) -> Output {
    if !["GetMetricData", "PutMetricAlarm", "DescribeAlarms", "DeleteAlarms"].contains(&operation) {
        return Err(JsonFault::new(
            "UnknownOperationException",
            format!("The sandbox's CloudWatch answers GetMetricData, PutMetricAlarm, DescribeAlarms and DeleteAlarms only, not {operation}."),
        ));
    }
    api::check_denied(world, Api::CloudWatch, caller, operation, "*")?;
    if operation != "GetMetricData" {
        let input = api::json_body(call.request.body)?;
        return match operation {
            "PutMetricAlarm" => {
                *store_id = alarm_store(&input);
                alarms::put(world, caller, &input, call.now)
            }
            "DescribeAlarms" => alarms::describe(world, caller, &input, call.now),
            _ => alarms::delete(world, caller, &input),
        };
    }
    let input = api::json_body(call.request.body)?;
    let violations = model::input_violations(model::cloudwatch(), "GetMetricDataInput", &input)
        .map_err(|model::WrongTypes| JsonFault::new("SerializationException", "A member has the wrong JSON type."))?;
    if !violations.is_empty() {
        return Err(JsonFault::query("ValidationException", "ValidationError", model::sentence(&violations)));
    }
    let request = read(input.as_object().expect("validated as a structure"))?;
    *store_id = request.queries.iter().find_map(Query::store_id);
    let anchor = world.started_epoch;
    let catalog = series::catalog(world.region(&caller.account_id, &caller.region, call.instant));
    let results: Vec<Result> = request.queries.iter().filter(|q| q.return_data).flat_map(|q| evaluate(q, &request, &catalog, anchor, call.now)).collect();
    Ok(page(results, &request))
}

/// The store an alarm watches, for the request log.
fn alarm_store(input: &Value) -> Option<String> {
    let of = |dims: &Value| dims.as_array()?.iter().find(|d| d["Name"] == "CustomKeyStoreId")?["Value"].as_str().map(str::to_owned);
    of(&input["Dimensions"]).or_else(|| input["Metrics"].as_array()?.iter().find_map(|q| of(&q["MetricStat"]["Metric"]["Dimensions"])))
}

struct Request {
    queries: Vec<Query>,
    start: i64,
    end: i64,
    ascending: bool,
    max_points: usize,
    /// Data points already returned on earlier pages.
    offset: usize,
}

struct Query {
    id: String,
    label: Option<String>,
    return_data: bool,
    what: What,
}

enum What {
    Stat { metric: String, namespace: String, dims: Vec<(String, String)>, stat: Stat, period: i64, unit: Option<String> },
    Search(Expression),
}

impl Query {
    fn store_id(&self) -> Option<String> {
        match &self.what {
            What::Stat { dims, .. } => dims.iter().find(|(k, _)| k == "CustomKeyStoreId").map(|(_, v)| v.clone()),
            What::Search(e) => e.search.terms.iter().find(|(k, _)| k == "CustomKeyStoreId").map(|(_, v)| v.clone()),
        }
    }
}

fn check_period(period: i64, at: &str) -> std::result::Result<(), JsonFault> {
    if period < 60 || period % 60 != 0 {
        return Err(invalid(format!("The parameter {at} must be a multiple of 60 (the sandbox keeps no high-resolution metrics); it is {period}.")));
    }
    Ok(())
}

fn read(input: &Map<String, Value>) -> std::result::Result<Request, JsonFault> {
    let list = input["MetricDataQueries"].as_array().expect("required by the model");
    if list.is_empty() || list.len() > MAX_QUERIES {
        return Err(invalid(format!("MetricDataQueries must hold 1 to {MAX_QUERIES} queries; it holds {}.", list.len())));
    }
    let id_pattern = Regex::new("^[a-z][a-zA-Z0-9_]*$").expect("static");
    let mut queries: Vec<Query> = Vec::new();
    for (i, q) in list.iter().enumerate() {
        let at = format!("MetricDataQueries.member.{}", i + 1);
        let id = q["Id"].as_str().unwrap_or_default().to_owned();
        if !id_pattern.is_match(&id) {
            return Err(invalid(format!("The value {id} for parameter {at}.Id must start with a lowercase letter and hold only letters, digits and _.")));
        }
        if queries.iter().any(|other| other.id == id) {
            return Err(invalid(format!("The value {id} for parameter {at}.Id is not unique.")));
        }
        let what = match (q.get("MetricStat"), q.get("Expression").and_then(Value::as_str)) {
            (Some(stat), None) => {
                let name = stat["Stat"].as_str().unwrap_or_default();
                let period = stat["Period"].as_i64().unwrap_or_default();
                check_period(period, &format!("{at}.MetricStat.Period"))?;
                let metric = &stat["Metric"];
                What::Stat {
                    metric: metric["MetricName"].as_str().unwrap_or_default().to_owned(),
                    namespace: metric["Namespace"].as_str().unwrap_or_default().to_owned(),
                    dims: metric["Dimensions"]
                        .as_array()
                        .map(|ds| {
                            ds.iter().map(|d| (d["Name"].as_str().unwrap_or_default().to_owned(), d["Value"].as_str().unwrap_or_default().to_owned())).collect()
                        })
                        .unwrap_or_default(),
                    stat: Stat::parse(name).ok_or_else(|| invalid(format!("The value {name} for parameter {at}.MetricStat.Stat is not a valid statistic.")))?,
                    period,
                    unit: stat["Unit"].as_str().map(str::to_owned),
                }
            }
            (None, Some(text)) => {
                let e = search::parse(text).map_err(|why| invalid(format!("Error in expression {id}: {why}. The sandbox understands SEARCH('{{Namespace,Dimension,...}} Key=\"value\" ...', 'Stat', Period), optionally inside SUM, MAX, MIN or AVG.")))?;
                check_period(e.search.period, &format!("{at}.Expression period"))?;
                What::Search(e)
            }
            _ => return Err(invalid(format!("Exactly one of MetricStat and Expression must be given in {at}."))),
        };
        let label = q["Label"].as_str().map(str::to_owned);
        queries.push(Query { id, label, return_data: q["ReturnData"].as_bool().unwrap_or(true), what });
    }
    let start = input["StartTime"].as_f64().expect("required") as i64;
    let end = input["EndTime"].as_f64().expect("required") as i64;
    if start >= end {
        return Err(invalid("The parameter StartTime must be less than the parameter EndTime."));
    }
    let max_points = match input.get("MaxDatapoints").and_then(Value::as_i64) {
        None => DEFAULT_MAX_DATAPOINTS,
        Some(n) if n > 0 => n as usize,
        Some(n) => return Err(invalid(format!("The parameter MaxDatapoints must be positive; it is {n}."))),
    };
    let offset = match input.get("NextToken").and_then(Value::as_str) {
        None => 0,
        Some(token) => {
            parse_token(token).ok_or_else(|| JsonFault::query("InvalidNextToken", "InvalidNextToken", "The service couldn't find the NextToken."))?
        }
    };
    Ok(Request { queries, start, end, ascending: input.get("ScanBy").and_then(Value::as_str) == Some("TimestampAscending"), max_points, offset })
}

/// The token is the number of data points already returned (hex, so that it reads as opaque).
fn parse_token(token: &str) -> Option<usize> {
    let text = String::from_utf8(hex::decode(token).ok()?).ok()?;
    text.strip_prefix("points:")?.parse().ok()
}

/// One series as GetMetricData returns it, before paging: (timestamp, value), oldest first.
struct Result {
    id: String,
    label: String,
    points: Vec<(i64, f64)>,
}

fn evaluate(q: &Query, r: &Request, catalog: &[Series], anchor: i64, now: i64) -> Vec<Result> {
    // CloudWatch rounds a recent StartTime down to the minute; periods then run from there, and
    // none holds data from before CloudWatch's 15 months of retention or after now.
    let first = r.start.div_euclid(60) * 60;
    let points = |s: &Series, stat: Stat, period: i64| -> Vec<(i64, f64)> {
        let skipped = (now - RETENTION - first).max(0) / period;
        (first + skipped * period..r.end)
            .step_by(period as usize)
            .take_while(|t| *t <= now)
            .filter_map(|t| s.value(t, period, stat, anchor).map(|v| (t, round(v))))
            .collect()
    };
    match &q.what {
        What::Stat { metric, namespace, dims, stat, period, unit } => {
            let found = catalog.iter().find(|s| {
                namespace == NAMESPACE
                    && s.metric == metric
                    && s.dims.len() == dims.len()
                    && dims.iter().all(|(k, v)| s.dim(k) == Some(v.as_str()))
                    && unit.as_deref().is_none_or(|u| u == s.unit)
            });
            let label = q.label.as_deref().map_or_else(|| metric.clone(), |l| dynamic_label(l, found));
            vec![Result { id: q.id.clone(), label, points: found.map(|s| points(s, *stat, *period)).unwrap_or_default() }]
        }
        What::Search(e) => {
            let s = &e.search;
            let matched: Vec<&Series> = catalog
                .iter()
                .filter(|series| {
                    s.namespace == NAMESPACE
                        && series.dims.len() == s.schema.len()
                        && s.schema.iter().all(|d| series.dim(d).is_some())
                        && s.terms.iter().all(|(k, v)| if k == "MetricName" { series.metric == v } else { series.dim(k) == Some(v.as_str()) })
                })
                .collect();
            let Some(aggregate) = e.aggregate else {
                if matched.is_empty() {
                    return vec![Result {
                        id: q.id.clone(),
                        label: q.label.as_deref().map_or_else(|| q.id.clone(), |l| dynamic_label(l, None)),
                        points: vec![],
                    }];
                }
                return matched
                    .iter()
                    .map(|series| {
                        let label = q.label.as_deref().map_or_else(|| default_label(series), |l| dynamic_label(l, Some(series)));
                        Result { id: q.id.clone(), label, points: points(series, s.stat, s.period) }
                    })
                    .collect();
            };
            let each: Vec<Vec<(i64, f64)>> = matched.iter().map(|series| points(series, s.stat, s.period)).collect();
            let label = q.label.as_deref().map_or_else(|| q.id.clone(), |l| dynamic_label(l, None));
            vec![Result { id: q.id.clone(), label, points: combine(aggregate, &each) }]
        }
    }
}

/// Pointwise over the series, at every timestamp any of them has.
fn combine(aggregate: Aggregate, each: &[Vec<(i64, f64)>]) -> Vec<(i64, f64)> {
    let mut at: std::collections::BTreeMap<i64, Vec<f64>> = Default::default();
    for (t, v) in each.iter().flatten() {
        at.entry(*t).or_default().push(*v);
    }
    at.into_iter()
        .map(|(t, vs)| {
            let v = match aggregate {
                Aggregate::Sum => vs.iter().sum(),
                Aggregate::Max => vs.iter().copied().fold(f64::MIN, f64::max),
                Aggregate::Min => vs.iter().copied().fold(f64::MAX, f64::min),
                Aggregate::Avg => vs.iter().sum::<f64>() / vs.len() as f64,
            };
            (t, round(v))
        })
        .collect()
}

fn round(v: f64) -> f64 {
    (v * 10_000.0).round() / 10_000.0
}

/// The series' dimension values, then its metric name.
fn default_label(s: &Series) -> String {
    let mut parts: Vec<&str> = s.dims.iter().map(|(_, v)| v.as_str()).collect();
    parts.push(s.metric);
    parts.join(" ")
}

/// `${PROP('Dim.Name')}`, `${PROP('MetricName')}` and `${PROP('Namespace')}` take the series'
/// values; without a series (an aggregate) they are left empty.
fn dynamic_label(label: &str, series: Option<&Series>) -> String {
    static PROP: OnceLock<Regex> = OnceLock::new();
    let prop = PROP.get_or_init(|| Regex::new(r"\$\{PROP\('([^']*)'\)\}").expect("static"));
    prop.replace_all(label, |c: &regex::Captures| {
        let Some(s) = series else { return String::new() };
        match &c[1] {
            "MetricName" => s.metric.to_owned(),
            "Namespace" => NAMESPACE.to_owned(),
            name => name.strip_prefix("Dim.").and_then(|d| s.dim(d)).unwrap_or_default().to_owned(),
        }
    })
    .into_owned()
}

/// At most `max_points` data points across the results, in order; a result cut short is
/// `PartialData`, and `NextToken` says where the next page starts.
fn page(results: Vec<Result>, r: &Request) -> Value {
    let total: usize = results.iter().map(|x| x.points.len()).sum();
    let (from, to) = (r.offset, (r.offset + r.max_points).min(total));
    let mut before = 0;
    let mut out = Vec::new();
    for mut result in results {
        let n = result.points.len();
        let (lo, hi) = (from.saturating_sub(before).min(n), to.saturating_sub(before).min(n));
        before += n;
        // A result with no data at all appears on the first page only.
        if lo == hi && !(n == 0 && from == 0) {
            continue;
        }
        // Pages count points in the order they are returned: newest first unless asked otherwise.
        if !r.ascending {
            result.points.reverse();
        }
        let kept = &result.points[lo..hi];
        out.push(json!({
            "Id": result.id,
            "Label": result.label,
            "Timestamps": kept.iter().map(|(t, _)| *t).collect::<Vec<_>>(),
            "Values": kept.iter().map(|(_, v)| *v).collect::<Vec<_>>(),
            "StatusCode": if hi < n { "PartialData" } else { "Complete" },
        }));
    }
    let mut body = json!({ "MetricDataResults": out, "Messages": [] });
    if to < total {
        body["NextToken"] = json!(hex::encode(format!("points:{to}")));
    }
    body
}
