//! Signing and sending, shared by every service client: the credentials, the Region they sign
//! for, the transport, and the clock correction. Service clients add their protocol on top.

use super::credentials::Credentials;
use super::error::ServiceError;
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
    /// refused a signature as too old or too new; shared by every clone of the sender.
    clock_offset_ms: Arc<AtomicI64>,
}

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
            let response = self.transport.post(signed).await.map_err(ServiceError::network)?;
            let server = response.header("date").and_then(parse_http_date_ms);
            match server {
                Some(server) if !retried && is_clock_skew(&response) => {
                    self.clock_offset_ms.store(server as i64 - local as i64, Ordering::Relaxed);
                    retried = true;
                }
                _ => return Ok(response),
            }
        }
    }
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
    }

    const LOCAL_MS: u64 = 1_795_932_000_000; // Sun, 29 Nov 2026 06:00:00 GMT

    impl Transport for &SkewedServer {
        fn now_ms(&self) -> u64 {
            LOCAL_MS
        }
        async fn post(&self, request: HttpRequest) -> Result<HttpResponse, TransportError> {
            let amz_date = request.headers.iter().find(|(k, _)| k == "x-amz-date").unwrap().1.clone();
            self.seen_dates.borrow_mut().push(amz_date.clone());
            let ok = amz_date == "20261129T061000Z";
            Ok(HttpResponse {
                status: if ok { 200 } else { 400 },
                headers: vec![("date".into(), "Sun, 29 Nov 2026 06:10:00 GMT".into())],
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
        let server = SkewedServer { ahead_ms: 600_000, seen_dates: RefCell::default() };
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
    }
}
