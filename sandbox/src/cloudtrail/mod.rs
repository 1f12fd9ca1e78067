//! CloudTrail's LookupEvents (awsJson 1.1, signing name `cloudtrail`): the last 90 days of
//! management events for the custom key store changes in an account and Region, newest first,
//! at most 2 requests a second (CloudTrail's quota for it).

mod events;

pub use events::TrailEvent;

use crate::api::{self, Api, Call, JsonFault, Output};
use crate::auth::Caller;
use crate::model;
use crate::world::World;
use serde_json::{json, Map, Value};

/// The KMS calls CloudTrail records here.
pub const RECORDED: [&str; 5] = crate::seed::RECORDED_EVENTS;

/// How far back LookupEvents looks by default, and how far CloudTrail keeps events.
const NINETY_DAYS: i64 = 90 * 86_400;
const DEFAULT_MAX_RESULTS: usize = 50;

/// Records a KMS store change in its account and Region's trail.
pub fn record(world: &mut World, caller: &Caller, operation: &str, input: Option<&Value>, result: &Output, call: &Call) {
    let event = TrailEvent::recorded(caller, operation, input, result, call);
    world.region(&caller.account_id, &caller.region, call.instant).trail.push(event);
}

pub fn serve(world: &mut World, caller: &Caller, operation: &str, call: &Call) -> Output {
    if operation != "LookupEvents" {
        return Err(JsonFault::new("UnknownOperationException", format!("The sandbox's CloudTrail answers LookupEvents only, not {operation}.")));
    }
    let per_second = world.settings.lookup_events_per_second;
    if !world.region(&caller.account_id, &caller.region, call.instant).admit_to("cloudtrail", call.instant, per_second) {
        return Err(JsonFault::new("ThrottlingException", "Rate exceeded"));
    }
    let resource = format!("arn:aws:cloudtrail:{}:{}:*", caller.region, caller.account_id);
    api::check_denied(world, Api::CloudTrail, caller, operation, &resource)?;
    let input = api::json_body(call.request.body)?;
    validate(&input)?;
    let input = input.as_object().expect("validated as a structure");
    let region = world.region(&caller.account_id, &caller.region, call.instant);
    lookup(&region.trail, input, call.now)
}

/// The model's constraints, each answered with the error CloudTrail names for that member.
fn validate(input: &Value) -> Result<(), JsonFault> {
    let violations = model::input_violations(model::cloudtrail(), "LookupEventsRequest", input)
        .map_err(|model::WrongTypes| JsonFault::new("SerializationException", "A member has the wrong JSON type."))?;
    let Some(first) = violations.first() else { return Ok(()) };
    let error = match first.path.split('.').next().unwrap_or_default() {
        "lookupAttributes" => "InvalidLookupAttributesException",
        "maxResults" => "InvalidMaxResultsException",
        "eventCategory" => "InvalidEventCategoryException",
        _ => "ValidationException",
    };
    Err(JsonFault::new(error, model::sentence(&violations)))
}

fn lookup(trail: &[TrailEvent], input: &Map<String, Value>, now: i64) -> Output {
    let time = |member: &str| input.get(member).and_then(Value::as_f64);
    let end = time("EndTime").unwrap_or(now as f64);
    let start = time("StartTime").unwrap_or(end - NINETY_DAYS as f64);
    if start > end {
        return Err(JsonFault::new("InvalidTimeRangeException", "The start time must not be after the end time."));
    }
    let attributes = input.get("LookupAttributes").and_then(Value::as_array).cloned().unwrap_or_default();
    if attributes.len() > 1 {
        return Err(JsonFault::new("InvalidLookupAttributesException", "You can specify only one lookup attribute."));
    }
    let filter = attributes.first().map(|a| (a["AttributeKey"].as_str().unwrap_or_default(), a["AttributeValue"].as_str().unwrap_or_default()));
    if let Some(("ReadOnly", v)) = filter {
        if v != "true" && v != "false" {
            return Err(JsonFault::new("InvalidLookupAttributesException", "The ReadOnly lookup attribute takes true or false."));
        }
    }
    // Insight events are another kind of event altogether; the sandbox has none.
    let insight = input.get("EventCategory").is_some();
    let kept = now - NINETY_DAYS;
    let mut found: Vec<&TrailEvent> = trail
        .iter()
        .filter(|e| !insight && e.event_time >= kept && (start..=end).contains(&(e.event_time as f64)))
        .filter(|e| filter.is_none_or(|(k, v)| matches(e, k, v)))
        .collect();
    // Newest first; among events of one second, the one recorded last first.
    found.reverse();
    found.sort_by_key(|e| std::cmp::Reverse(e.event_time));
    let max = input.get("MaxResults").and_then(Value::as_u64).map_or(DEFAULT_MAX_RESULTS, |n| n as usize);
    // The token names the next page's first event: it stays right while newer events arrive.
    let from = match input.get("NextToken").and_then(Value::as_str) {
        None => 0,
        Some(token) => {
            let id = hex::decode(token).ok().and_then(|b| String::from_utf8(b).ok()).unwrap_or_default();
            found.iter().position(|e| e.event_id == id).ok_or_else(|| JsonFault::new("InvalidNextTokenException", "The NextToken is not valid."))?
        }
    };
    let to = (from + max).min(found.len());
    let mut out = json!({ "Events": found[from..to].iter().map(|e| e.event()).collect::<Vec<_>>() });
    if to < found.len() {
        out["NextToken"] = json!(hex::encode(&found[to].event_id));
    }
    Ok(out)
}

fn matches(e: &TrailEvent, key: &str, value: &str) -> bool {
    match key {
        "EventId" => e.event_id == value,
        "EventName" => e.event_name == value,
        "EventSource" => value == "kms.amazonaws.com",
        "Username" => e.identity.username() == value,
        "AccessKeyId" => e.identity.access_key_id == value,
        "ReadOnly" => value == e.read_only.to_string(),
        "ResourceName" => e.resources.iter().any(|r| r == value),
        "ResourceType" => !e.resources.is_empty() && value == "AWS::KMS::Key",
        _ => false,
    }
}
