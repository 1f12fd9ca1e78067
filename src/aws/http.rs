//! The transport boundary: plain request and response values, and the one trait the browser
//! (or a test) implements to move them. Everything above this line is testable without a network.

use std::future::Future;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HttpRequest {
    pub url: String,
    /// Names in lower case. Only headers the browser sends unchanged belong here, since all of
    /// them are signed.
    pub headers: Vec<(String, String)>,
    pub body: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HttpResponse {
    pub status: u16,
    /// Names in lower case.
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl HttpResponse {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }
}

/// Whether `value` can travel in an HTTP header as it is: visible ASCII and spaces only. The
/// browser's `Headers.set` throws on anything else (NUL, line breaks, U+202E, `ē`), so every value
/// is checked before it gets there.
pub fn header_safe(value: &str) -> bool {
    value.bytes().all(|b| b == b' ' || b.is_ascii_graphic())
}

impl HttpRequest {
    /// The first header whose value cannot be sent, by name.
    pub fn unsafe_header(&self) -> Option<&str> {
        self.headers.iter().find(|(_, v)| !header_safe(v)).map(|(k, _)| k.as_str())
    }
}

/// The request never reached a server, or its answer never arrived.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TransportError(pub String);

/// No answer of the APIs the console calls comes near this: a larger one is refused as soon as
/// it is announced (`Content-Length`) or, streamed, as soon as this many bytes have arrived, so
/// that a hostile or broken endpoint cannot fill the page's memory.
pub const MAX_ANSWER_BYTES: u64 = 8_000_000;

const TOO_LARGE: &str = "The answer was larger than 8 MB";

impl TransportError {
    /// An answer refused for its size: `announced` is its `Content-Length`, when it gave one.
    pub fn too_large(url: &str, announced: Option<u64>) -> Self {
        let size = match announced {
            Some(n) => format!(" (it announced {} MB)", n / 1_000_000),
            None => " (it was cut off there)".to_owned(),
        };
        Self(format!("{TOO_LARGE}{size}, far more than any answer of this API; {url} sent it and it was not read. It is not asked again."))
    }

    /// Whether this is `too_large`: such an answer is never asked for again (it would come again).
    pub fn is_too_large(&self) -> bool {
        self.0.starts_with(TOO_LARGE)
    }
}

/// A retry about to happen, for the page (which says "retrying…" while it lasts) and for the
/// activity log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetryEvent {
    pub operation: String,
    /// The attempt about to start: 2 or 3.
    pub attempt: u32,
    pub delay_ms: u64,
    /// Why the previous attempt failed.
    pub error: String,
}

/// Sends a POST and reads the clock; waits between retries. All are the platform's business: wasm
/// has no `SystemTime::now` nor a blocking sleep, and tests want a fixed time and no waiting.
pub trait Transport {
    fn now_ms(&self) -> u64;
    fn post(&self, request: HttpRequest) -> impl Future<Output = Result<HttpResponse, TransportError>>;

    /// Waits `ms` before a retry. By default it does not wait (tests).
    fn sleep(&self, _ms: u64) -> impl Future<Output = ()> {
        std::future::ready(())
    }

    /// A number in [0, 1) for the retry jitter.
    fn random(&self) -> f64 {
        0.5
    }

    /// Told of each retry before its wait.
    fn retrying(&self, _event: &RetryEvent) {}

    /// Told when the signing clock for `endpoint` was corrected by `offset_ms` (the endpoint's
    /// clock minus ours), so that the page can say so.
    fn clock_corrected(&self, _endpoint: &str, _offset_ms: i64) {}

    /// Called right after a request was signed: the browser wipes the stack the signer used (its
    /// HMAC key block holds a copy of the secret).
    fn signed(&self) {}

    /// Whether it keeps a record of each request ([`Transport::record`]): building one has a cost.
    fn records(&self) -> bool {
        false
    }

    /// Told of every attempt, signed and answered (or not): the activity log's one source.
    fn record(&self, _exchange: super::exchange::Exchange) {}
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_visible_ascii_goes_in_a_header() {
        assert!(header_safe("AWS4-HMAC-SHA256 Credential=ASIA/20261129/us-east-1/kms/aws4_request"));
        for bad in ["tok\u{113}n", "a\u{202E}b", "nul\0", "line\nbreak", "tab\t"] {
            assert!(!header_safe(bad), "{bad:?}");
        }
        let req = HttpRequest { url: "https://x/".into(), headers: vec![("x-amz-security-token".into(), "t\u{113}".into())], body: String::new() };
        assert_eq!(req.unsafe_header(), Some("x-amz-security-token"));
    }
}
