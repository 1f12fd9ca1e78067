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

/// The request never reached a server, or its answer never arrived.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TransportError(pub String);

/// Sends a POST and reads the clock. Both are the platform's business: wasm has no
/// `SystemTime::now`, and tests want a fixed time.
pub trait Transport {
    fn now_ms(&self) -> u64;
    fn post(&self, request: HttpRequest) -> impl Future<Output = Result<HttpResponse, TransportError>>;
}
