//! A store's history from CloudTrail `LookupEvents`: who connected, disconnected, created, updated
//! or deleted it, when, from where, and with what error. CloudTrail looks up one attribute at a
//! time and does not list a custom key store as a resource, so the console asks for each event
//! name and keeps the events whose parameters name the store. CloudTrail allows 2 lookups a second
//! per account and Region; [`Pacer`] keeps under that.

use crate::aws::error::ServiceError;
use crate::aws::http::Transport;
use crate::aws::json_client::JsonClient;
use serde::{Deserialize, Serialize};
use serde_json::Value;

pub const EVENT_NAMES: [&str; 5] =
    ["ConnectCustomKeyStore", "DisconnectCustomKeyStore", "CreateCustomKeyStore", "UpdateCustomKeyStore", "DeleteCustomKeyStore"];
/// CloudTrail's quota for LookupEvents is 2 per second per account and Region. Requests leave
/// 600 ms apart, not 500: the quota counts arrivals, and the first request of a page arrives
/// late (after its CORS preflight), so exact spacing would let a third one in under a second.
pub const MIN_SPACING_MS: u64 = 600;

#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
struct LookupEventsRequest {
    lookup_attributes: [LookupAttribute; 1],
    max_results: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    next_token: Option<String>,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
struct LookupAttribute {
    attribute_key: &'static str,
    attribute_value: String,
}

/// A page of `LookupEvents`: the history's and the blast radius's.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct LookupEventsResponse {
    pub(crate) events: Option<Vec<Event>>,
    pub(crate) next_token: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub(crate) struct Event {
    pub(crate) event_id: Option<String>,
    pub(crate) event_name: Option<String>,
    pub(crate) event_time: Option<f64>,
    pub(crate) username: Option<String>,
    pub(crate) cloud_trail_event: Option<String>,
}

/// One line of the history.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    pub id: String,
    /// Epoch seconds.
    pub time: f64,
    pub event_name: String,
    pub who: String,
    pub source: String,
    /// `code: message` when the call was refused.
    pub error: Option<String>,
}

impl Entry {
    /// "Connect", "Disconnect", … for the page.
    pub fn action(&self) -> &str {
        self.event_name.strip_suffix("CustomKeyStore").unwrap_or(&self.event_name)
    }
}

/// The store an event is about: its request parameters, or for Create the answer.
fn about_store(detail: &Value) -> Option<&str> {
    let id = |part: &str| detail.get(part).and_then(|p| p.get("customKeyStoreId")).and_then(Value::as_str);
    id("requestParameters").or_else(|| id("responseElements"))
}

/// Reads an event; `None` unless it is about `store_id`. The detail is a JSON document in a
/// string: one that cannot be read is skipped, never the whole page.
fn entry(event: Event, store_id: &str) -> Option<Entry> {
    let detail: Value = serde_json::from_str(event.cloud_trail_event.as_deref()?).ok()?;
    if about_store(&detail)? != store_id {
        return None;
    }
    let text = |v: Option<&Value>| v.and_then(Value::as_str).map(str::to_owned);
    let identity = detail.get("userIdentity");
    let who = text(identity.and_then(|i| i.get("arn"))).or(event.username).unwrap_or_else(|| "unknown".into());
    let error = text(detail.get("errorCode")).map(|code| match text(detail.get("errorMessage")) {
        Some(message) => format!("{code}: {message}"),
        None => code,
    });
    Some(Entry {
        id: event.event_id.unwrap_or_default(),
        time: event.event_time.unwrap_or_default(),
        event_name: event.event_name.unwrap_or_default(),
        who,
        source: text(detail.get("sourceIPAddress")).unwrap_or_default(),
        error,
    })
}

/// Spaces requests at least [`MIN_SPACING_MS`] apart on one transport's clock. One per account
/// and Region (the quota's unit): a scope keeps it between runs, so that a run that starts right
/// after another does not ask at once.
/// Clones share one pace, so that runs at the same time (the history and a blast radius) take
/// turns: each reserves its slot before it waits.
#[derive(Debug, Default, Clone)]
pub struct Pacer {
    last_ms: std::rc::Rc<std::cell::Cell<Option<u64>>>,
}

impl Pacer {
    pub async fn wait<T: Transport>(&mut self, transport: &T) {
        let now = transport.now_ms();
        let slot = self.last_ms.get().map_or(now, |last| now.max(last + MIN_SPACING_MS));
        self.last_ms.set(Some(slot));
        if slot > now {
            transport.sleep(slot - now).await;
        }
    }
}

/// Where each event name's lookup stands.
#[derive(Debug, Clone, PartialEq)]
struct Stream {
    event_name: &'static str,
    /// `None` before the first page; `Some(None)` once the last page was read.
    next: Option<Option<String>>,
}

/// A store's history so far, newest first, and how to read further back.
#[derive(Debug, Clone, PartialEq)]
pub struct History {
    pub store_id: String,
    pub entries: Vec<Entry>,
    streams: Vec<Stream>,
}

/// Events per lookup page: CloudTrail's maximum.
const PAGE: u32 = 50;

fn request(event_name: &str, next_token: Option<String>) -> LookupEventsRequest {
    LookupEventsRequest {
        lookup_attributes: [LookupAttribute { attribute_key: "EventName", attribute_value: event_name.to_owned() }],
        max_results: PAGE,
        next_token,
    }
}

/// The first page's input of each lookup [`History::load_more`] makes (one per name in
/// [`EVENT_NAMES`]), as JSON (for the CLI commands that do the same).
pub fn lookup_inputs() -> Vec<serde_json::Value> {
    EVENT_NAMES.iter().map(|name| serde_json::to_value(request(name, None)).unwrap_or_default()).collect()
}

impl History {
    pub fn new(store_id: impl Into<String>) -> Self {
        Self { store_id: store_id.into(), entries: vec![], streams: EVENT_NAMES.iter().map(|&event_name| Stream { event_name, next: None }).collect() }
    }

    /// Whether older events may exist.
    pub fn has_more(&self) -> bool {
        self.streams.iter().any(|s| !matches!(s.next, Some(None)))
    }

    /// Reads the next page of each lookup not yet at its end, paced under CloudTrail's quota.
    pub async fn load_more<T: Transport>(&mut self, client: &JsonClient<T>, pacer: &mut Pacer) -> Result<(), ServiceError> {
        for i in 0..self.streams.len() {
            let token = match &self.streams[i].next {
                Some(None) => continue,
                Some(Some(token)) => Some(token.clone()),
                None => None,
            };
            pacer.wait(client.transport()).await;
            let input = request(self.streams[i].event_name, token);
            let page: LookupEventsResponse = client.call("LookupEvents", &input).await?;
            self.add(page.events.unwrap_or_default());
            self.streams[i].next = Some(page.next_token.filter(|t| !t.is_empty()));
        }
        Ok(())
    }

    fn add(&mut self, events: Vec<Event>) {
        let store_id = self.store_id.clone();
        for e in events.into_iter().filter_map(|e| entry(e, &store_id)) {
            if !self.entries.iter().any(|known| known.id == e.id && !e.id.is_empty()) {
                self.entries.push(e);
            }
        }
        self.entries.sort_by(|a, b| b.time.total_cmp(&a.time));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn event(id: &str, name: &str, time: f64, detail: Value) -> Event {
        serde_json::from_value(json!({"EventId": id, "EventName": name, "EventTime": time, "Username": "alice", "CloudTrailEvent": detail.to_string()}))
            .unwrap()
    }

    #[test]
    fn events_about_other_stores_or_unreadable_are_skipped_and_the_rest_sorted_newest_first() {
        let mut h = History::new("cks-1");
        h.add(vec![
            event("1", "ConnectCustomKeyStore", 100.0, json!({"requestParameters": {"customKeyStoreId": "cks-1"}, "sourceIPAddress": "198.51.100.7",
                "userIdentity": {"arn": "arn:aws:sts::111122223333:assumed-role/Ops/alice"}, "errorCode": "CustomKeyStoreInvalidStateException", "errorMessage": "bad state"})),
            event("2", "ConnectCustomKeyStore", 300.0, json!({"requestParameters": {"customKeyStoreId": "cks-2"}})),
            event("3", "CreateCustomKeyStore", 50.0, json!({"requestParameters": {"customKeyStoreName": "x"}, "responseElements": {"customKeyStoreId": "cks-1"}})),
        ]);
        h.add(vec![
            event("4", "DisconnectCustomKeyStore", 200.0, json!({"requestParameters": {"customKeyStoreId": "cks-1"}})),
            serde_json::from_value(json!({"EventId": "5", "CloudTrailEvent": "{not json"})).unwrap(),
            event("4", "DisconnectCustomKeyStore", 200.0, json!({"requestParameters": {"customKeyStoreId": "cks-1"}})),
        ]);
        let ids: Vec<_> = h.entries.iter().map(|e| e.id.as_str()).collect();
        assert_eq!(ids, ["4", "1", "3"]);
        assert_eq!(h.entries[1].who, "arn:aws:sts::111122223333:assumed-role/Ops/alice");
        assert_eq!(h.entries[1].source, "198.51.100.7");
        assert_eq!(h.entries[1].error.as_deref(), Some("CustomKeyStoreInvalidStateException: bad state"));
        assert_eq!(h.entries[0].who, "alice", "the user name when the detail has no ARN");
        assert_eq!(h.entries[0].action(), "Disconnect");
    }

    #[test]
    fn a_lookup_names_one_event_and_asks_for_fifty() {
        let input = LookupEventsRequest {
            lookup_attributes: [LookupAttribute { attribute_key: "EventName", attribute_value: "ConnectCustomKeyStore".into() }],
            max_results: PAGE,
            next_token: None,
        };
        assert_eq!(
            serde_json::to_value(&input).unwrap(),
            json!({"LookupAttributes": [{"AttributeKey": "EventName", "AttributeValue": "ConnectCustomKeyStore"}], "MaxResults": 50})
        );
    }

    struct Clock(std::cell::Cell<u64>, std::cell::RefCell<Vec<u64>>);
    impl Transport for &Clock {
        fn now_ms(&self) -> u64 {
            self.0.get()
        }
        async fn post(&self, _: crate::aws::http::HttpRequest) -> Result<crate::aws::http::HttpResponse, crate::aws::http::TransportError> {
            unreachable!()
        }
        async fn sleep(&self, ms: u64) {
            self.1.borrow_mut().push(ms);
            self.0.set(self.0.get() + ms);
        }
    }

    #[tokio::test]
    async fn the_pacer_keeps_two_requests_a_second() {
        let clock = Clock(std::cell::Cell::new(1_000), Default::default());
        let mut pacer = Pacer::default();
        for _ in 0..3 {
            pacer.wait(&&clock).await;
        }
        assert_eq!(*clock.1.borrow(), [600, 600]);
        clock.0.set(clock.0.get() + 2_000);
        pacer.wait(&&clock).await;
        assert_eq!(clock.1.borrow().len(), 2, "no wait after a quiet spell");
    }
}
