//! `Transport` over the browser's `fetch` (gloo-net). Cookies are never sent, and every request
//! of a session shares one `AbortController`, so signing out cancels whatever is in flight.

use crate::aws::http::{HttpRequest, HttpResponse, Transport, TransportError};
use gloo_net::http::Request;
use web_sys::{AbortController, RequestCredentials};

/// Response headers a page may read from KMS (it exposes exactly these to scripts).
const READABLE_HEADERS: [&str; 4] = ["x-amzn-requestid", "x-amzn-errortype", "x-amzn-errormessage", "date"];

#[derive(Clone)]
pub struct FetchTransport {
    abort: AbortController,
}

impl FetchTransport {
    pub fn new() -> Self {
        Self { abort: AbortController::new().expect("AbortController exists in every supported browser") }
    }

    /// Cancels every request in flight, and any sent later through this transport.
    pub fn abort_all(&self) {
        self.abort.abort();
    }
}

impl Default for FetchTransport {
    fn default() -> Self {
        Self::new()
    }
}

impl Transport for FetchTransport {
    fn now_ms(&self) -> u64 {
        super::now_ms()
    }

    async fn post(&self, request: HttpRequest) -> Result<HttpResponse, TransportError> {
        let mut builder = Request::post(&request.url).credentials(RequestCredentials::Omit).abort_signal(Some(&self.abort.signal()));
        for (name, value) in &request.headers {
            builder = builder.header(name, value);
        }
        let response = builder
            .body(request.body)
            .map_err(|e| TransportError(e.to_string()))?
            .send()
            .await
            // The browser hides why (CORS, DNS, refused, offline) from scripts on purpose.
            .map_err(|_| {
                TransportError(format!("No answer from {}: the endpoint is unreachable, refused the connection, or blocked the request (CORS).", request.url))
            })?;
        let headers = READABLE_HEADERS.iter().filter_map(|h| response.headers().get(h).map(|v| ((*h).to_owned(), v))).collect();
        let body = response.text().await.map_err(|e| TransportError(format!("The answer was cut off: {e}")))?;
        Ok(HttpResponse { status: response.status(), headers, body })
    }
}
