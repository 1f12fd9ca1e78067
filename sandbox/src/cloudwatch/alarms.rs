//! CloudWatch metric alarms: PutMetricAlarm (create or replace by name), DescribeAlarms (by
//! names, name prefix, state, action prefix; `MaxRecords` pages with `NextToken`) and
//! DeleteAlarms. An alarm's state is evaluated from the sandbox's own series at the latest whole
//! period: a single metric, or metric math whose expression is `MAX(...)`, `MIN(...)`, `SUM(...)`
//! or `AVG(...)` over `MetricStat` queries; no data is INSUFFICIENT_DATA.

use super::series::{self, Stat};
use crate::api::{JsonFault, Output};
use crate::auth::Caller;
use crate::model;
use crate::world::World;
use serde_json::{json, Map, Value};
use std::time::Instant;

/// CloudWatch's DescribeAlarms page size when `MaxRecords` is absent.
const DEFAULT_MAX_RECORDS: usize = 50;

fn invalid(message: impl Into<String>) -> JsonFault {
    JsonFault::query("InvalidParameterValueException", "InvalidParameterValue", message)
}

fn validated(shape: &str, input: &Value) -> Result<(), JsonFault> {
    let violations = model::input_violations(model::cloudwatch(), shape, input)
        .map_err(|model::WrongTypes| JsonFault::new("SerializationException", "A member has the wrong JSON type."))?;
    if violations.is_empty() {
        Ok(())
    } else {
        Err(JsonFault::query("ValidationException", "ValidationError", model::sentence(&violations)))
    }
}

pub fn put(world: &mut World, caller: &Caller, input: &Value, now: i64) -> Output {
    validated("PutMetricAlarmInput", input)?;
    let single = input.get("MetricName").is_some();
    let math = input.get("Metrics").is_some();
    if single == math {
        return Err(invalid("Exactly one of MetricName and Metrics must be given."));
    }
    if single && input.get("Statistic").is_some() == input.get("ExtendedStatistic").is_some() {
        return Err(invalid("Exactly one of Statistic and ExtendedStatistic must be given for a metric alarm."));
    }
    for member in ["EvaluationPeriods", "ComparisonOperator"] {
        if input.get(member).is_none() {
            return Err(invalid(format!("{member} is required for a metric alarm.")));
        }
    }
    if let Some(p) = input.get("Period").and_then(Value::as_i64) {
        if p < 60 || p % 60 != 0 {
            return Err(invalid(format!("The parameter Period must be a multiple of 60; it is {p}.")));
        }
    }
    let name = input["AlarmName"].as_str().unwrap_or_default().to_owned();
    world.region(&caller.account_id, &caller.region, Instant::now()).alarms.insert(name, (input.clone(), now));
    Ok(json!({}))
}

pub fn describe(world: &mut World, caller: &Caller, input: &Value, now: i64) -> Output {
    validated("DescribeAlarmsInput", input)?;
    let anchor = world.started_epoch;
    let (account, region_name) = (caller.account_id.clone(), caller.region.clone());
    let region = world.region(&account, &region_name, Instant::now());
    let catalog = series::catalog(region);
    let names: Vec<&str> = input.get("AlarmNames").and_then(Value::as_array).into_iter().flatten().filter_map(Value::as_str).collect();
    let prefix = input.get("AlarmNamePrefix").and_then(Value::as_str);
    let action_prefix = input.get("ActionPrefix").and_then(Value::as_str);
    let state = input.get("StateValue").and_then(Value::as_str);
    if !names.is_empty() && prefix.is_some() {
        return Err(invalid("AlarmNames and AlarmNamePrefix cannot both be given."));
    }
    let types: Vec<&str> = input.get("AlarmTypes").and_then(Value::as_array).into_iter().flatten().filter_map(Value::as_str).collect();
    let mut alarms = Vec::new();
    if types.is_empty() || types.contains(&"MetricAlarm") {
        for (name, (spec, updated)) in &region.alarms {
            if (!names.is_empty() && !names.contains(&name.as_str())) || prefix.is_some_and(|p| !name.starts_with(p)) {
                continue;
            }
            let actions = ["AlarmActions", "OKActions", "InsufficientDataActions"];
            if let Some(p) = action_prefix {
                if !actions.iter().any(|a| spec.get(*a).and_then(Value::as_array).into_iter().flatten().any(|v| v.as_str().is_some_and(|s| s.starts_with(p)))) {
                    continue;
                }
            }
            let alarm = render(spec, name, *updated, &account, &region_name, &catalog, anchor, now);
            if state.is_some_and(|s| alarm["StateValue"] != s) {
                continue;
            }
            alarms.push(alarm);
        }
    }
    let max = input.get("MaxRecords").and_then(Value::as_u64).map_or(DEFAULT_MAX_RECORDS, |n| n as usize);
    let from = match input.get("NextToken").and_then(Value::as_str) {
        None => 0,
        Some(t) => t.parse::<usize>().ok().filter(|n| *n <= alarms.len()).ok_or_else(|| {
            JsonFault::query("InvalidNextToken", "InvalidNextToken", "The service couldn't process your request because the NextToken is invalid.")
        })?,
    };
    let to = (from + max).min(alarms.len());
    let mut out = json!({ "MetricAlarms": alarms[from..to], "CompositeAlarms": [] });
    if to < alarms.len() {
        out["NextToken"] = json!(to.to_string());
    }
    Ok(out)
}

pub fn delete(world: &mut World, caller: &Caller, input: &Value) -> Output {
    validated("DeleteAlarmsInput", input)?;
    let region = world.region(&caller.account_id, &caller.region, Instant::now());
    let names: Vec<String> = input["AlarmNames"].as_array().into_iter().flatten().filter_map(|v| v.as_str().map(str::to_owned)).collect();
    if let Some(missing) = names.iter().find(|n| !region.alarms.contains_key(*n)) {
        return Err(JsonFault::query("ResourceNotFound", "ResourceNotFound", format!("The alarm {missing} was not found.")));
    }
    for n in &names {
        region.alarms.remove(n);
    }
    Ok(json!({}))
}

#[allow(clippy::too_many_arguments)]
fn render(spec: &Value, name: &str, updated: i64, account: &str, region: &str, catalog: &[series::Series], anchor: i64, now: i64) -> Value {
    let mut alarm = Map::new();
    for (k, v) in spec.as_object().into_iter().flatten() {
        // Tags are not part of MetricAlarm.
        if k != "Tags" {
            alarm.insert(k.clone(), v.clone());
        }
    }
    let value = evaluate(spec, catalog, anchor, now);
    let threshold = spec["Threshold"].as_f64().unwrap_or_default();
    let op = spec["ComparisonOperator"].as_str().unwrap_or_default();
    let (state, reason) = match value {
        None => ("INSUFFICIENT_DATA", "Insufficient Data: no datapoint in the latest period.".to_owned()),
        Some(v) => {
            let breaching = match op {
                "GreaterThanOrEqualToThreshold" => v >= threshold,
                "GreaterThanThreshold" => v > threshold,
                "LessThanThreshold" => v < threshold,
                "LessThanOrEqualToThreshold" => v <= threshold,
                _ => false,
            };
            let word = if breaching { "" } else { "not " };
            (if breaching { "ALARM" } else { "OK" }, format!("Threshold Crossed: the latest datapoint [{v:.1}] was {word}{op} the threshold ({threshold})."))
        }
    };
    alarm.insert("AlarmName".into(), json!(name));
    alarm.insert("AlarmArn".into(), json!(format!("arn:aws:cloudwatch:{region}:{account}:alarm:{name}")));
    alarm.insert("AlarmConfigurationUpdatedTimestamp".into(), json!(updated));
    alarm.insert("ActionsEnabled".into(), json!(spec.get("ActionsEnabled").and_then(Value::as_bool).unwrap_or(true)));
    for list in ["OKActions", "AlarmActions", "InsufficientDataActions"] {
        alarm.entry(list).or_insert(json!([]));
    }
    alarm.insert("StateValue".into(), json!(state));
    alarm.insert("StateReason".into(), json!(reason));
    alarm.insert("StateUpdatedTimestamp".into(), json!(updated));
    alarm.insert("StateTransitionedTimestamp".into(), json!(updated));
    Value::Object(alarm)
}

/// The alarm's metric at the latest whole period before `now`.
fn evaluate(spec: &Value, catalog: &[series::Series], anchor: i64, now: i64) -> Option<f64> {
    let stat_value = |metric: &str, dims: &Value, stat: &str, period: i64| -> Option<f64> {
        let dims: Vec<(String, String)> = dims
            .as_array()
            .into_iter()
            .flatten()
            .map(|d| (d["Name"].as_str().unwrap_or_default().to_owned(), d["Value"].as_str().unwrap_or_default().to_owned()))
            .collect();
        let stat = Stat::parse(stat)?;
        let s = catalog.iter().find(|s| s.metric == metric && s.dims.len() == dims.len() && dims.iter().all(|(k, v)| s.dim(k) == Some(v.as_str())))?;
        let t = (now / period) * period - period;
        s.value(t, period, stat, anchor)
    };
    if let Some(metric) = spec["MetricName"].as_str() {
        let stat = spec["Statistic"].as_str().or(spec["ExtendedStatistic"].as_str()).unwrap_or_default();
        return stat_value(metric, &spec["Dimensions"], stat, spec["Period"].as_i64().unwrap_or(60));
    }
    let queries = spec["Metrics"].as_array()?;
    let values: Vec<f64> = queries
        .iter()
        .filter_map(|q| {
            let ms = q.get("MetricStat")?;
            stat_value(ms["Metric"]["MetricName"].as_str()?, &ms["Metric"]["Dimensions"], ms["Stat"].as_str()?, ms["Period"].as_i64().unwrap_or(60))
        })
        .collect();
    if values.is_empty() {
        return None;
    }
    let expression = queries.iter().find_map(|q| q.get("Expression")?.as_str()).unwrap_or("MAX");
    Some(match expression.get(..3) {
        Some("SUM") => values.iter().sum(),
        Some("MIN") => values.iter().copied().fold(f64::INFINITY, f64::min),
        Some("AVG") => values.iter().sum::<f64>() / values.len() as f64,
        _ => values.iter().copied().fold(f64::NEG_INFINITY, f64::max),
    })
}
