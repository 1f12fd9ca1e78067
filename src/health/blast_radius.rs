//! What a Disconnect (or a failed rotation) would take down: a store's keys, with their aliases
//! and states, and how much each was used over the last 1–90 days — calls, distinct principals,
//! the AWS services that called on their behalf, the last call — from CloudTrail, which records
//! KMS's cryptographic calls as management events and finds a key's by `LookupAttributes`
//! `ResourceName` = its ARN (REFERENCE §10). One attribute per lookup, so one lookup per key,
//! paged; paced by `history::Pacer` under CloudTrail's 2 requests a second per account and Region.
//! [`BlastRadius`] accumulates as pages arrive, so the page shows progress and partial numbers,
//! and says when a page limit or the time budget cut the window short.

use super::history::Pacer;
use super::keys::describe_store_keys;
use crate::aws::error::ServiceError;
use crate::aws::http::Transport;
use crate::aws::json_client::JsonClient;
use crate::kms::operation::Operation;
use crate::kms::KmsClient;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

/// CloudTrail keeps 90 days of management events.
pub const MAX_WINDOW_DAYS: u32 = 90;
/// Events per lookup page: CloudTrail's maximum.
const PAGE: u32 = 50;
/// ListAliases' largest page (the model's documentation: 1–100).
const ALIAS_PAGE: u32 = 100;
const MAX_ALIAS_PAGES: usize = 50;

#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
struct ListAliasesRequest {
    limit: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    marker: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase")]
struct ListAliasesResponse {
    aliases: Option<Vec<AliasEntry>>,
    next_marker: Option<String>,
    truncated: Option<bool>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase")]
struct AliasEntry {
    alias_name: Option<String>,
    target_key_id: Option<String>,
}

/// Alias names by target key id, from every page of ListAliases.
pub async fn aliases_by_key<T: Transport>(client: &KmsClient<T>) -> Result<BTreeMap<String, Vec<String>>, ServiceError> {
    let mut out: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut marker = None;
    for _ in 0..MAX_ALIAS_PAGES {
        let page: ListAliasesResponse = client.call(Operation::ListAliases, &ListAliasesRequest { limit: ALIAS_PAGE, marker: marker.take() }).await?;
        for a in page.aliases.unwrap_or_default() {
            if let (Some(name), Some(key)) = (a.alias_name, a.target_key_id) {
                out.entry(key).or_default().push(name);
            }
        }
        match (page.truncated, page.next_marker) {
            (Some(true), Some(next)) => marker = Some(next),
            _ => break,
        }
    }
    Ok(out)
}

/// A key of the store and its aliases.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeyEntry {
    pub key_id: String,
    pub arn: String,
    pub key_state: Option<String>,
    pub aliases: Vec<String>,
}

/// The store's keys (ListKeys + DescribeKey each, as `keys` does) with their aliases (ListAliases),
/// and whether every key of the Region was described.
/// The store's keys, without their aliases: those are read on their own ([`aliases_by_key`]), so
/// that a caller who may not list aliases still sees the keys.
pub async fn store_keys<T: Transport>(client: &KmsClient<T>, store_id: &str) -> Result<(Vec<KeyEntry>, bool), ServiceError> {
    let (mut by_store, complete) = describe_store_keys(client).await?;
    let keys = by_store.remove(store_id).unwrap_or_default();
    Ok((keys.into_iter().map(|k| KeyEntry { aliases: vec![], key_id: k.key_id, arn: k.arn, key_state: k.key_state }).collect(), complete))
}

/// Gives each key its aliases (sorted), from [`aliases_by_key`].
pub fn name_keys(keys: &mut [KeyEntry], aliases: &BTreeMap<String, Vec<String>>) {
    for key in keys {
        key.aliases = aliases.get(&key.key_id).cloned().unwrap_or_default();
        key.aliases.sort();
    }
}

/// One key's use in the window, so far.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct KeyUsage {
    pub calls: u64,
    /// Callers: a role's sessions count as the role.
    pub principals: BTreeSet<String>,
    /// AWS services that called on a principal's behalf (`invokedBy`).
    pub services: BTreeSet<String>,
    /// Epoch seconds of the newest call seen.
    pub last_call: Option<f64>,
    /// Calls by operation (Encrypt, Decrypt, GenerateDataKey…).
    pub operations: BTreeMap<String, u64>,
}

/// Where one key's lookup stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Cursor {
    NotStarted,
    Next(String),
    Done,
}

/// Why the numbers cover less than the window.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum CutShort {
    /// The page limit was reached.
    PageLimit(u32),
    /// The time budget ran out.
    TimeBudget,
}

/// A store's blast radius as it is read: the keys, and each key's use so far.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BlastRadius {
    pub store_id: String,
    pub keys: Vec<KeyEntry>,
    /// Whether every key of the Region was described (else "at least").
    pub keys_complete: bool,
    pub window_days: u32,
    /// Epoch seconds: the window is [end − days, end].
    pub window_end: f64,
    /// By key ARN.
    pub usage: BTreeMap<String, KeyUsage>,
    pub cursors: BTreeMap<String, Cursor>,
    pub pages_read: u32,
    pub cut_short: Option<CutShort>,
    /// Event ids already counted (a page re-read after a retry counts once).
    seen: BTreeSet<String>,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct LookupRequest {
    lookup_attributes: [Attribute; 1],
    start_time: f64,
    end_time: f64,
    max_results: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    next_token: Option<String>,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
struct Attribute {
    attribute_key: &'static str,
    attribute_value: String,
}

/// A page of key-use events: the same answer the history reads.
pub type LookupPage = super::history::LookupEventsResponse;

impl BlastRadius {
    /// `window_days` is clamped to 1–90; `now` is epoch seconds.
    pub fn new(store_id: impl Into<String>, keys: Vec<KeyEntry>, keys_complete: bool, window_days: u32, now: f64) -> Self {
        let cursors = keys.iter().map(|k| (k.arn.clone(), Cursor::NotStarted)).collect();
        Self {
            store_id: store_id.into(),
            keys,
            keys_complete,
            window_days: window_days.clamp(1, MAX_WINDOW_DAYS),
            window_end: now,
            usage: BTreeMap::new(),
            cursors,
            pages_read: 0,
            cut_short: None,
            seen: BTreeSet::new(),
        }
    }

    pub fn window_start(&self) -> f64 {
        self.window_end - f64::from(self.window_days) * 86_400.0
    }

    /// The next lookup to make (the first key not at its end), or `None` when every key is read.
    pub fn next_request(&self) -> Option<(String, LookupRequest)> {
        let (arn, cursor) = self.cursors.iter().find(|(_, c)| **c != Cursor::Done)?;
        let next_token = match cursor {
            Cursor::Next(t) => Some(t.clone()),
            _ => None,
        };
        let request = LookupRequest {
            lookup_attributes: [Attribute { attribute_key: "ResourceName", attribute_value: arn.clone() }],
            start_time: self.window_start(),
            end_time: self.window_end,
            max_results: PAGE,
            next_token,
        };
        Some((arn.clone(), request))
    }

    /// Counts a page of `key_arn`'s lookup.
    pub fn add_page(&mut self, key_arn: &str, page: LookupPage) {
        self.pages_read += 1;
        let (start, end) = (self.window_start(), self.window_end);
        let usage = self.usage.entry(key_arn.to_owned()).or_default();
        for e in page.events.unwrap_or_default() {
            if let Some(id) = &e.event_id {
                if !self.seen.insert(id.clone()) {
                    continue;
                }
            }
            let time = e.event_time.unwrap_or_default();
            if time < start || time > end {
                continue;
            }
            let detail: Value = e.cloud_trail_event.as_deref().and_then(|s| serde_json::from_str(s).ok()).unwrap_or(Value::Null);
            usage.calls += 1;
            *usage.operations.entry(e.event_name.clone().unwrap_or_default()).or_default() += 1;
            if let Some(p) = principal(&detail) {
                usage.principals.insert(p);
            }
            if let Some(s) = via_service(&detail) {
                usage.services.insert(s);
            }
            usage.last_call = Some(usage.last_call.map_or(time, |t: f64| t.max(time)));
        }
        let next = page.next_token.filter(|t| !t.is_empty()).map_or(Cursor::Done, Cursor::Next);
        self.cursors.insert(key_arn.to_owned(), next);
    }

    /// Keys read to the end, of all keys.
    pub fn progress(&self) -> (usize, usize) {
        (self.cursors.values().filter(|c| **c == Cursor::Done).count(), self.cursors.len())
    }

    pub fn is_complete(&self) -> bool {
        self.cursors.values().all(|c| *c == Cursor::Done)
    }

    pub fn total_calls(&self) -> u64 {
        self.usage.values().map(|u| u.calls).sum()
    }

    /// Distinct principals over every key.
    pub fn principals(&self) -> BTreeSet<&str> {
        self.usage.values().flat_map(|u| u.principals.iter().map(String::as_str)).collect()
    }

    pub fn services(&self) -> BTreeSet<&str> {
        self.usage.values().flat_map(|u| u.services.iter().map(String::as_str)).collect()
    }

    /// "Disconnecting makes 4 keys unusable; in the last 24 h they were used 1,240 times by 3
    /// principals." — with "so far" while reading and the cut when one was made.
    pub fn sentence(&self) -> String {
        self.sentence_for("Disconnecting")
    }

    /// The same for another change that takes the keys down ("Deleting the store").
    pub fn sentence_for(&self, change: &str) -> String {
        let n = self.keys.len();
        if n == 0 {
            return format!("No KMS keys are in this store, so {} makes nothing unusable.", change.to_lowercase());
        }
        let keys = format!("{}{} key{}", if self.keys_complete { "" } else { "at least " }, group(n as u64), if n == 1 { "" } else { "s" });
        let window = if self.window_days == 1 { "24 h".to_owned() } else { format!("{} days", self.window_days) };
        let calls = self.total_calls();
        let principals = self.principals().len();
        let they = if n == 1 { "it was" } else { "they were" };
        let mut s = format!(
            "{change} makes {keys} unusable; in the last {window} {they} used {} time{} by {} principal{}",
            group(calls),
            if calls == 1 { "" } else { "s" },
            group(principals as u64),
            if principals == 1 { "" } else { "s" }
        );
        let services = self.services();
        if !services.is_empty() {
            s.push_str(&format!(" (also through {})", services.into_iter().collect::<Vec<_>>().join(", ")));
        }
        match (&self.cut_short, self.is_complete()) {
            (Some(CutShort::PageLimit(pages)), _) => {
                s.push_str(&format!(". The window was cut short after {pages} pages of events: these are at least the numbers."))
            }
            (Some(CutShort::TimeBudget), _) => s.push_str(". The window was cut short when the time allowed ran out: these are at least the numbers."),
            (None, false) => {
                let (done, all) = self.progress();
                s.push_str(&format!(" so far ({done} of {all} keys read)."));
            }
            (None, true) => s.push('.'),
        }
        s
    }
}

/// A role's sessions are the role (`sessionContext.sessionIssuer.arn`); others their ARN.
fn principal(detail: &Value) -> Option<String> {
    let id = detail.get("userIdentity")?;
    id.pointer("/sessionContext/sessionIssuer/arn").or_else(|| id.get("arn")).and_then(Value::as_str).map(str::to_owned)
}

/// The service a call came through: `invokedBy`, else a `sourceIPAddress` that is a service name.
fn via_service(detail: &Value) -> Option<String> {
    let text = |k: &str| detail.get(k).and_then(Value::as_str).filter(|s| !s.is_empty());
    text("invokedBy").or_else(|| text("sourceIPAddress").filter(|s| s.ends_with(".amazonaws.com"))).map(str::to_owned)
}

/// 1240 → "1,240".
pub fn group(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// When to stop reading before the window is covered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Budget {
    pub max_pages: u32,
    /// On the transport's clock (ms); `None`: no time limit.
    pub deadline_ms: Option<u64>,
}

impl Default for Budget {
    /// 40 pages (2,000 events, about 25 s at CloudTrail's pace).
    fn default() -> Self {
        Self { max_pages: 40, deadline_ms: None }
    }
}

/// Reads every key's use into `radius`, one lookup page at a time through `pacer` (share one
/// pacer per account and Region with the history's lookups), calling `progress` after each page.
/// Stops at the budget with `cut_short` set; an error stops it with what was read kept.
pub async fn read_usage<T: Transport>(
    cloudtrail: &JsonClient<T>,
    radius: &mut BlastRadius,
    pacer: &mut Pacer,
    budget: Budget,
    mut progress: impl FnMut(&BlastRadius),
) -> Result<(), ServiceError> {
    while let Some((arn, request)) = radius.next_request() {
        if radius.pages_read >= budget.max_pages {
            radius.cut_short = Some(CutShort::PageLimit(radius.pages_read));
            break;
        }
        if budget.deadline_ms.is_some_and(|d| cloudtrail.transport().now_ms() >= d) {
            radius.cut_short = Some(CutShort::TimeBudget);
            break;
        }
        pacer.wait(cloudtrail.transport()).await;
        let page: LookupPage = cloudtrail.call("LookupEvents", &request).await?;
        radius.add_page(&arn, page);
        progress(radius);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn key(n: u8) -> KeyEntry {
        KeyEntry { key_id: format!("k{n}"), arn: format!("arn:aws:kms:us-east-1:111122223333:key/k{n}"), key_state: Some("Enabled".into()), aliases: vec![] }
    }

    fn event(id: &str, name: &str, time: f64, record: Value) -> Value {
        json!({"EventId": id, "EventName": name, "EventTime": time, "CloudTrailEvent": record.to_string()})
    }

    fn page(events: Vec<Value>, next: Option<&str>) -> LookupPage {
        serde_json::from_value(json!({"Events": events, "NextToken": next})).unwrap()
    }

    #[test]
    fn pages_accumulate_into_the_sentence() {
        let now = 1_000_000.0;
        let mut r = BlastRadius::new("cks-1", vec![key(1), key(2)], true, 1, now);
        let (arn, req) = r.next_request().unwrap();
        assert_eq!(arn, key(1).arn);
        let body = serde_json::to_value(&req).unwrap();
        assert_eq!(body["LookupAttributes"][0], json!({"AttributeKey": "ResourceName", "AttributeValue": key(1).arn}));
        assert_eq!((body["StartTime"].as_f64(), body["MaxResults"].as_u64()), (Some(now - 86_400.0), Some(50)));
        let role =
            json!({"userIdentity": {"arn": "arn:aws:sts::1:assumed-role/app/i-1", "sessionContext": {"sessionIssuer": {"arn": "arn:aws:iam::1:role/app"}}}});
        let other_session =
            json!({"userIdentity": {"arn": "arn:aws:sts::1:assumed-role/app/i-2", "sessionContext": {"sessionIssuer": {"arn": "arn:aws:iam::1:role/app"}}}});
        let via_s3 = json!({"userIdentity": {"arn": "arn:aws:iam::1:user/u"}, "invokedBy": "s3.amazonaws.com", "sourceIPAddress": "s3.amazonaws.com"});
        r.add_page(&arn, page(vec![event("a", "Decrypt", now - 10.0, role.clone()), event("b", "Decrypt", now - 20.0, other_session)], Some("t")));
        assert_eq!(r.progress(), (0, 2));
        assert!(r.sentence().contains("so far (0 of 2 keys read)"), "{}", r.sentence());
        let (_, req) = r.next_request().unwrap();
        assert_eq!(serde_json::to_value(&req).unwrap()["NextToken"], "t");
        // The same event again (a retried page) counts once; one outside the window not at all.
        r.add_page(&arn, page(vec![event("a", "Decrypt", now - 10.0, role), event("c", "Encrypt", now - 90_000.0, via_s3.clone())], None));
        let (arn2, _) = r.next_request().unwrap();
        assert_eq!(arn2, key(2).arn);
        r.add_page(&arn2, page(vec![event("d", "GenerateDataKey", now - 5.0, via_s3)], None));
        assert!(r.is_complete() && r.next_request().is_none());
        assert_eq!(r.total_calls(), 3);
        assert_eq!(r.usage[&key(1).arn].principals.len(), 1, "two sessions of one role are one principal");
        assert_eq!(r.usage[&key(2).arn].last_call, Some(now - 5.0));
        assert_eq!(r.usage[&key(1).arn].operations["Decrypt"], 2);
        assert_eq!(
            r.sentence(),
            "Disconnecting makes 2 keys unusable; in the last 24 h they were used 3 times by 2 principals (also through s3.amazonaws.com)."
        );
    }

    #[test]
    fn the_window_is_clamped_and_cuts_are_said() {
        let mut r = BlastRadius::new("cks-1", vec![key(1)], false, 365, 0.0);
        assert_eq!(r.window_days, 90);
        r.cut_short = Some(CutShort::PageLimit(40));
        assert!(r.sentence().starts_with("Disconnecting makes at least 1 key unusable; in the last 90 days it was used 0 times by 0 principals."));
        assert!(r.sentence().contains("cut short after 40 pages"));
        assert_eq!(BlastRadius::new("x", vec![], true, 0, 0.0).window_days, 1);
        assert!(BlastRadius::new("x", vec![], true, 7, 0.0).sentence().contains("No KMS keys"));
        assert_eq!((group(0), group(999), group(1240), group(1_234_567)), ("0".into(), "999".into(), "1,240".into(), "1,234,567".into()));
    }

    #[test]
    fn the_radius_survives_serialization_for_resuming() {
        let mut r = BlastRadius::new("cks-1", vec![key(1)], true, 7, 100.0);
        r.add_page(&key(1).arn, page(vec![], Some("next")));
        let back: BlastRadius = serde_json::from_str(&serde_json::to_string(&r).unwrap()).unwrap();
        assert_eq!(back, r);
    }

    /// Answers every lookup with a full page of new events and a next token; time passes only by
    /// the pacer's sleeps and 100 ms a request.
    struct Trail {
        now: std::cell::Cell<u64>,
        posts: std::cell::RefCell<Vec<u64>>,
    }

    impl crate::aws::http::Transport for &Trail {
        fn now_ms(&self) -> u64 {
            self.now.get()
        }
        async fn post(&self, _: crate::aws::http::HttpRequest) -> Result<crate::aws::http::HttpResponse, crate::aws::http::TransportError> {
            let n = self.posts.borrow().len();
            self.posts.borrow_mut().push(self.now.get());
            self.now.set(self.now.get() + 100);
            let events: Vec<Value> =
                (0..50).map(|i| event(&format!("{n}-{i}"), "Decrypt", 1_000_000.0 - 1.0, json!({"userIdentity": {"arn": "arn:aws:iam::1:user/u"}}))).collect();
            let body = json!({"Events": events, "NextToken": format!("t{n}")}).to_string();
            Ok(crate::aws::http::HttpResponse { status: 200, headers: vec![], body })
        }
        async fn sleep(&self, ms: u64) {
            self.now.set(self.now.get() + ms);
        }
    }

    #[tokio::test]
    async fn reading_is_paced_and_stops_at_the_budget() {
        let trail = Trail { now: std::cell::Cell::new(1_000), posts: Default::default() };
        let credentials = crate::aws::credentials::Credentials::from_fields("ASIAEXAMPLEEXAMPLE00", "secret", "token").unwrap();
        let client = JsonClient::new(crate::aws::json_client::CLOUDTRAIL, &trail, credentials, "us-east-1", "https://cloudtrail.us-east-1.amazonaws.com/");
        let mut r = BlastRadius::new("cks-1", vec![key(1)], true, 1, 1_000_000.0);
        let mut seen = vec![];
        read_usage(&client, &mut r, &mut Pacer::default(), Budget { max_pages: 4, deadline_ms: None }, |r| seen.push(r.total_calls())).await.unwrap();
        assert_eq!(seen, [50, 100, 150, 200], "partial numbers after each page");
        assert_eq!(r.cut_short, Some(CutShort::PageLimit(4)));
        let posts = trail.posts.borrow().clone();
        assert!(posts.windows(2).all(|w| w[1] - w[0] >= super::super::history::MIN_SPACING_MS), "under 2 a second: {posts:?}");
        // A deadline already passed: nothing more is read, and the sentence says why.
        let deadline = Budget { max_pages: 100, deadline_ms: Some(trail.now.get()) };
        read_usage(&client, &mut r, &mut Pacer::default(), deadline, |_| {}).await.unwrap();
        assert_eq!((r.cut_short.clone(), r.pages_read), (Some(CutShort::TimeBudget), 4));
        assert!(r.sentence().contains("time allowed ran out"));
    }
}
