//! Signing and sending, shared by every service client: the credentials, the Region they sign
//! for, the transport, and the clock correction. Service clients add their protocol on top.

use super::credentials::Credentials;
use super::error::ServiceError;
use super::exchange::{Answer, Exchange, Sent};
use super::http::{HttpRequest, HttpResponse, Transport};
use super::sigv4::sign_request;
use super::time::parse_http_date_ms;
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Arc;

#[derive(Debug, Clone)]
pub struct SignedSender<T> {
    transport: T,
    credentials: Credentials,
    region: String,
    /// How far the service's clock is ahead of ours (ms), learnt from its `Date` header when it
    /// refused a signature as too old or too new; shared by every clone of the sender, and so kept
    /// per endpoint (a sender serves one endpoint), never for every endpoint at once.
    clock_offset_ms: Arc<AtomicI64>,
}

/// The most the console moves its signing clock on an endpoint's word (its `Date` header).
///
/// A request signed for time `t` is accepted by AWS until about `t + 5 min` (STS: 15 min). An
/// endpoint that claims a clock 6 hours ahead would, if believed, get requests signed 6 hours in
/// the future, which whoever captured them could replay to AWS for hours. Capping the correction
/// at 30 minutes keeps a captured request replayable for at most 35 minutes (30 + 5), within a
/// few minutes of what STS itself allows (15 + 15), while a computer whose clock has drifted (a VM
/// restored from a snapshot, a laptop after a long sleep: the console has always corrected 20
/// minutes, `e2e.rs`) still just works. A clock off by an hour or more is not a drift but a wrong
/// setting (a time zone or daylight-saving mistake), which only the user can set right: the
/// console refuses, says by how much, and signs nothing for it.
pub const MAX_CLOCK_CORRECTION_MS: i64 = 30 * 60 * 1000;

/// KMS and STS refuse a request signed more than 5 (STS: 15) minutes away from their clock.
fn is_clock_skew(response: &HttpResponse) -> bool {
    matches!(response.status, 400 | 403) && ["Signature expired", "Signature not yet current", "RequestTimeTooSkewed"].iter().any(|m| response.body.contains(m))
}

impl<T: Transport> SignedSender<T> {
    pub fn new(transport: T, credentials: Credentials, region: impl Into<String>) -> Self {
        Self { transport, credentials, region: region.into(), clock_offset_ms: Arc::default() }
    }

    pub fn region(&self) -> &str {
        &self.region
    }

    pub fn transport(&self) -> &T {
        &self.transport
    }

    pub fn clock_offset_ms(&self) -> i64 {
        self.clock_offset_ms.load(Ordering::Relaxed)
    }

    /// Signs `request` for `service` at the corrected current time and sends it. When the service
    /// says our clock is off, as the AWS SDKs do: take its time from `Date` and sign once more.
    pub async fn send(&self, service: &str, request: HttpRequest) -> Result<HttpResponse, ServiceError> {
        let mut retried = false;
        loop {
            let local = self.transport.now_ms();
            let mut signed = request.clone();
            let now = local.saturating_add_signed(self.clock_offset_ms());
            sign_request(&mut signed, &self.credentials, &self.region, service, now)
                .map_err(|e| ServiceError::client(format!("could not sign the request: {}", e.0)))?;
            self.transport.signed();
            let record = self
                .transport
                .records()
                .then(|| Exchange::sent(service, &self.region, Sent { url: &signed.url, headers: &signed.headers, body: &signed.body }, local));
            let answer = self.transport.post(signed).await;
            if let Some(record) = record {
                let ended = self.transport.now_ms();
                let answered = answer.as_ref().map(|r| Answer { status: r.status, headers: &r.headers, body: &r.body }).map_err(|e| e.0.clone());
                let code = answer.as_ref().ok().filter(|r| r.status >= 300).map(|r| {
                    if r.body.trim_start().starts_with('<') { ServiceError::from_xml_response(r) } else { ServiceError::from_response(r) }.code().to_owned()
                });
                self.transport.record(record.answered(ended, answered, code));
            }
            let response = answer.map_err(ServiceError::network)?;
            // The service's clock is read only from a refusal (the transport reads `Date` from errors only).
            let server = if retried || !is_clock_skew(&response) { None } else { response.header("date").and_then(parse_http_date_ms) };
            match server {
                Some(server) => {
                    let offset = server as i64 - local as i64;
                    if offset.abs() > MAX_CLOCK_CORRECTION_MS {
                        return Err(ServiceError::client(too_far(&request.url, offset)));
                    }
                    self.clock_offset_ms.store(offset, Ordering::Relaxed);
                    self.transport.clock_corrected(&request.url, offset);
                    retried = true;
                }
                _ => return Ok(response),
            }
        }
    }
}

/// Why a correction beyond `MAX_CLOCK_CORRECTION_MS` was refused.
fn too_far(url: &str, offset_ms: i64) -> String {
    format!(
        "{url} says this computer's clock is {} {}. The console corrects its signing clock by up to 30 min on an endpoint's word, not more: \
         a request signed that far from now could be replayed for as long. Nothing was signed for that time. Set this computer's clock right \
         (or check that this endpoint is the one you meant), then try again.",
        offset_text(offset_ms),
        if offset_ms > 0 { "behind" } else { "ahead" }
    )
}

/// A clock offset as the page says it: whole minutes from a minute up (a `Date` header has whole
/// seconds, and the network adds some: "10 min 00 s", not "9 min 59 s").
pub fn offset_text(offset_ms: i64) -> String {
    let ms = offset_ms.unsigned_abs();
    let ms = if ms >= 60_000 { (ms + 30_000) / 60_000 * 60_000 } else { ms };
    crate::aws::time::duration_text(ms)
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::aws::http::TransportError;
    use std::cell::RefCell;

    struct SkewedServer {
        /// The server's clock is this far ahead (ms).
        ahead_ms: u64,
        seen_dates: RefCell<Vec<String>>,
        corrections: RefCell<Vec<(String, i64)>>,
    }

    const LOCAL_MS: u64 = 1_795_932_000_000; // Sun, 29 Nov 2026 06:00:00 GMT

    impl Transport for &SkewedServer {
        fn now_ms(&self) -> u64 {
            LOCAL_MS
        }
        fn clock_corrected(&self, endpoint: &str, offset_ms: i64) {
            self.corrections.borrow_mut().push((endpoint.to_owned(), offset_ms));
        }
        async fn post(&self, request: HttpRequest) -> Result<HttpResponse, TransportError> {
            let amz_date = request.headers.iter().find(|(k, _)| k == "x-amz-date").unwrap().1.clone();
            self.seen_dates.borrow_mut().push(amz_date.clone());
            let server = LOCAL_MS + self.ahead_ms;
            let ok = amz_date == amz_date_of(server);
            Ok(HttpResponse {
                status: if ok { 200 } else { 400 },
                headers: vec![("date".into(), http_date(server))],
                body: if ok {
                    "{}".into()
                } else {
                    format!(r#"{{"__type":"InvalidSignatureException","message":"Signature expired: {amz_date} is now earlier than …"}}"#)
                },
            })
        }
    }

    #[tokio::test]
    async fn a_skewed_clock_is_corrected_from_the_date_header_once() {
        let server = SkewedServer { ahead_ms: 600_000, seen_dates: RefCell::default(), corrections: RefCell::default() };
        let creds = Credentials::from_fields("ASIAEXAMPLEFAKE0001", "fake", "fake").unwrap();
        let sender = SignedSender::new(&server, creds, "us-east-1");
        let request = HttpRequest { url: "http://127.0.0.1:1/".into(), headers: vec![], body: "{}".into() };
        let response = sender.send("kms", request.clone()).await.unwrap();
        assert_eq!(response.status, 200);
        assert_eq!(sender.clock_offset_ms(), server.ahead_ms as i64);
        assert_eq!(*server.seen_dates.borrow(), ["20261129T060000Z", "20261129T061000Z"]);
        // The offset is kept: the next request is signed right the first time.
        sender.clone().send("kms", request).await.unwrap();
        assert_eq!(server.seen_dates.borrow().len(), 3);
        assert_eq!(*server.corrections.borrow(), [("http://127.0.0.1:1/".to_owned(), 600_000)], "the correction is told, with the endpoint");
    }

    fn amz_date_of(ms: u64) -> String {
        crate::aws::time::format_utc(ms as f64 / 1000.0).replace(['-', ':'], "").replace(" UTC", "Z").replace(' ', "T")
    }

    fn http_date(ms: u64) -> String {
        // 2026-11-29 is a Sunday; these tests stay within that day.
        let s = (ms / 1000) % 86_400;
        format!("Sun, 29 Nov 2026 {:02}:{:02}:{:02} GMT", s / 3600, s % 3600 / 60, s % 60)
    }

    #[tokio::test]
    async fn a_clock_far_off_is_refused_in_words_and_never_signed_for() {
        // 6 hours ahead: believed, it would make requests replayable for hours.
        let server = SkewedServer { ahead_ms: 6 * 3_600_000, seen_dates: RefCell::default(), corrections: RefCell::default() };
        let creds = Credentials::from_fields("ASIAEXAMPLEFAKE0001", "fake", "fake").unwrap();
        let sender = SignedSender::new(&server, creds, "us-east-1");
        let request = HttpRequest { url: "http://127.0.0.1:1/".into(), headers: vec![], body: "{}".into() };
        let e = sender.send("kms", request).await.unwrap_err();
        assert_eq!(e.kind, crate::aws::error::ErrorKind::Client, "not retried");
        assert!(e.message.contains("http://127.0.0.1:1/ says this computer's clock is 6 h 00 min behind"), "{}", e.message);
        assert_eq!(sender.clock_offset_ms(), 0, "not applied");
        assert_eq!(server.seen_dates.borrow().len(), 1, "nothing signed for the endpoint's time");
        assert!(server.corrections.borrow().is_empty());
        // Just inside the bound: corrected.
        let near = SkewedServer { ahead_ms: 29 * 60_000, seen_dates: RefCell::default(), corrections: RefCell::default() };
        let sender = SignedSender::new(&near, Credentials::from_fields("ASIAEXAMPLEFAKE0001", "fake", "fake").unwrap(), "us-east-1");
        let request = HttpRequest { url: "http://127.0.0.1:1/".into(), headers: vec![], body: "{}".into() };
        assert_eq!(sender.send("kms", request).await.unwrap().status, 200);
        assert_eq!(sender.clock_offset_ms(), 29 * 60_000);
    }
}
