//! `Transport` over the browser's `fetch` (gloo-net). Cookies are never sent. Each request is
//! aborted by its own timeout (a stalled answer never freezes the page) or by `abort_all`
//! (sign-out cancels whatever is in flight, and refuses anything sent later). Both are the
//! browser's own signals (`AbortSignal.timeout`, one controller per transport, joined with
//! `AbortSignal.any`): at sign-in a fleet sends hundreds of requests at once, none of which
//! needs a timer, a callback or a list entry of the console's own.

use crate::aws::exchange::Exchange;
use crate::aws::http::{HttpRequest, HttpResponse, RetryEvent, Transport, TransportError, MAX_ANSWER_BYTES};
use gloo_net::http::{Request, Response};
use js_sys::Uint8Array;
use std::cell::{Cell, OnceCell, RefCell};
use std::rc::Rc;
use std::time::Duration;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortController, AbortSignal, ReadableStreamDefaultReader, ReadableStreamReadResult, RequestCredentials};

/// Response headers a page may read from KMS (it exposes exactly these to scripts); the error
/// type and message, and the service's clock (which only a refused signature needs), are read
/// from errors only.
const READABLE_HEADERS_ON_ERROR: [&str; 4] = ["x-amzn-requestid", "x-amzn-errortype", "x-amzn-errormessage", "date"];
const READABLE_HEADERS: [&str; 1] = ["x-amzn-requestid"];

/// How long one request may take, answer included. KMS answers in well under a second; a
/// request still open after this is treated as lost (and retried, like any network failure).
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(10);

type RetryListener = Box<dyn Fn(&RetryEvent)>;
type Recorder = Box<dyn Fn(Exchange)>;

#[derive(Default)]
struct Shared {
    /// Aborts every request of this transport (made with its first request).
    cancel_all: OnceCell<AbortController>,
    closed: Cell<bool>,
    on_retry: RefCell<Option<RetryListener>>,
    on_record: RefCell<Option<Recorder>>,
    /// The attempt the next request is (a retry says so before it is sent).
    next_attempt: Cell<u32>,
}

#[derive(Clone, Default)]
pub struct FetchTransport {
    shared: Rc<Shared>,
}

impl FetchTransport {
    pub fn new() -> Self {
        Self::default()
    }

    /// Tells `f` of every retry this transport's clients make.
    pub fn on_retry(&self, f: impl Fn(&RetryEvent) + 'static) {
        *self.shared.on_retry.borrow_mut() = Some(Box::new(f));
    }

    /// Tells `f` of every request sent through this transport, signed and answered.
    pub fn on_record(&self, f: impl Fn(Exchange) + 'static) {
        *self.shared.on_record.borrow_mut() = Some(Box::new(f));
    }

    /// Cancels every request in flight, and any sent later through this transport.
    pub fn abort_all(&self) {
        self.shared.closed.set(true);
        if let Some(controller) = self.shared.cancel_all.get() {
            controller.abort();
        }
    }

    /// The signal that ends one request: `abort_all`, or its own timeout (`timeout` says which).
    fn request_signal(&self) -> Result<(AbortSignal, AbortSignal), TransportError> {
        let refused = || TransportError("The browser could not set up the request.".into());
        let all = match self.shared.cancel_all.get() {
            Some(controller) => controller.signal(),
            None => {
                let controller = AbortController::new().map_err(|_| refused())?;
                self.shared.cancel_all.get_or_init(|| controller).signal()
            }
        };
        let timeout = AbortSignal::timeout_with_u32(REQUEST_TIMEOUT.as_millis() as u32);
        Ok((AbortSignal::any(&js_sys::Array::of2(&all, &timeout)), timeout))
    }
}

impl Transport for FetchTransport {
    fn now_ms(&self) -> u64 {
        super::now_ms()
    }

    async fn post(&self, request: HttpRequest) -> Result<HttpResponse, TransportError> {
        if self.shared.closed.get() {
            return Err(TransportError("The session ended; the request was not sent.".into()));
        }
        // The browser refuses such a value (an error without a reason): said here, in words.
        if let Some(name) = request.unsafe_header() {
            return Err(TransportError(format!("The {name} header would hold a character that cannot be sent (only visible ASCII can).")));
        }
        let (signal, timeout) = self.request_signal()?;
        let lost = |what: &str| {
            if timeout.aborted() {
                TransportError(format!("No answer from {} within {} s; the request was abandoned.", request.url, REQUEST_TIMEOUT.as_secs()))
            } else {
                TransportError(what.to_owned())
            }
        };
        let response = Request::from(browser_request(&request, &signal)?)
            .send()
            .await
            // The browser hides why (CORS, DNS, refused, offline) from scripts on purpose.
            .map_err(|_| {
                lost(&format!("No answer from {}: the endpoint is unreachable, refused the connection, or blocked the request (CORS).", request.url))
            })?;
        // The error headers only on an error: each read is a call into the browser.
        let readable = if response.ok() { &READABLE_HEADERS[..] } else { &READABLE_HEADERS_ON_ERROR[..] };
        let response_headers = response.headers();
        let headers = readable.iter().filter_map(|h| response_headers.get(h).map(|v| ((*h).to_owned(), v))).collect();
        // `Content-Length` is readable across origins: an answer that announces more than any
        // of this API's is refused before a byte of it is read.
        let announced = response_headers.get("content-length").and_then(|v| v.trim().parse::<u64>().ok());
        if announced.is_some_and(|n| n > MAX_ANSWER_BYTES) {
            // Not a byte more is downloaded.
            if let Some(body) = response.body() {
                let _ = body.cancel();
            }
            return Err(TransportError::too_large(&request.url, announced));
        }
        let body = match read_at_most(&response, MAX_ANSWER_BYTES).await {
            // Not copied when it is UTF-8, as every answer of these APIs is.
            Ok(bytes) => String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned()),
            Err(Unread::TooLarge) => return Err(TransportError::too_large(&request.url, None)),
            Err(Unread::Failed(why)) => return Err(lost(&format!("The answer was cut off: {why}"))),
        };
        Ok(HttpResponse { status: response.status(), headers, body })
    }

    async fn sleep(&self, ms: u64) {
        let promise = js_sys::Promise::new(&mut |resolve, _| {
            if let Some(window) = web_sys::window() {
                let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms.min(i32::MAX as u64) as i32);
            }
        });
        let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
    }

    fn random(&self) -> f64 {
        js_sys::Math::random()
    }

    fn clock_corrected(&self, endpoint: &str, offset_ms: i64) {
        note_clock_correction(endpoint, offset_ms);
    }

    fn retrying(&self, event: &RetryEvent) {
        self.shared.next_attempt.set(event.attempt);
        if let Some(f) = self.shared.on_retry.borrow().as_ref() {
            f(event);
        }
    }

    fn signed(&self) {
        super::zeroing::scrub_stack();
    }

    fn records(&self) -> bool {
        self.shared.on_record.borrow().is_some()
    }

    fn record(&self, mut exchange: Exchange) {
        exchange.attempt = self.shared.next_attempt.replace(1).max(1);
        if let Some(f) = self.shared.on_record.borrow().as_ref() {
            f(exchange);
        }
    }
}

/// The request as the browser sends it. Built here rather than with gloo-net's builder, which
/// makes a second `Request` and parses the URL twice to merge query parameters these POSTs never
/// have: a tenth of a millisecond for each of the hundreds a fleet sends at sign-in.
fn browser_request(request: &HttpRequest, signal: &AbortSignal) -> Result<web_sys::Request, TransportError> {
    let refused = |_| TransportError("The browser could not set up the request.".into());
    let headers = web_sys::Headers::new().map_err(refused)?;
    for (name, value) in &request.headers {
        headers.append(name, value).map_err(refused)?;
    }
    let init = web_sys::RequestInit::new();
    init.set_method("POST");
    init.set_credentials(RequestCredentials::Omit);
    init.set_signal(Some(signal));
    init.set_headers(&headers);
    init.set_body(&wasm_bindgen::JsValue::from_str(&request.body));
    web_sys::Request::new_with_str_and_init(&request.url, &init).map_err(refused)
}

enum Unread {
    /// More than the limit arrived; the rest was not read.
    TooLarge,
    Failed(String),
}

/// The body, read piece by piece as it streams in (never whole, as `Response::text` would), and
/// given up as soon as it passes `limit`: a flood costs the page at most `limit` bytes of memory.
async fn read_at_most(response: &Response, limit: u64) -> Result<Vec<u8>, Unread> {
    let Some(stream) = response.body() else { return Ok(Vec::new()) };
    let reader: ReadableStreamDefaultReader = stream.get_reader().unchecked_into();
    let failed = |e: wasm_bindgen::JsValue| {
        Unread::Failed(
            e.dyn_ref::<js_sys::Error>().map(|e| String::from(e.message())).or_else(|| e.as_string()).unwrap_or_else(|| "the connection closed".into()),
        )
    };
    let mut bytes = Vec::new();
    loop {
        // The result's own getters: no property name passed in for each piece.
        let piece: ReadableStreamReadResult = JsFuture::from(reader.read()).await.map_err(failed)?.unchecked_into();
        if piece.get_done().unwrap_or(true) {
            return Ok(bytes);
        }
        let value: Uint8Array = piece.get_value().unchecked_into();
        let len = value.length() as usize;
        if (bytes.len() + len) as u64 > limit {
            let _ = reader.cancel();
            return Err(Unread::TooLarge);
        }
        let start = bytes.len();
        // Grown by doubling as usual, but never past the limit: a flood costs at most `limit`.
        if bytes.capacity() < start + len {
            let target = (start + len).max(bytes.capacity().saturating_mul(2)).min(limit as usize);
            bytes.reserve_exact(target - start);
        }
        bytes.resize(start + len, 0);
        value.copy_to(&mut bytes[start..]);
    }
}

thread_local! {
    /// Each endpoint whose signing clock was corrected, with the latest offset (its clock minus
    /// ours, ms): the page says so (`clock_corrections`).
    static CLOCK_CORRECTIONS: RefCell<Vec<(String, i64)>> = const { RefCell::new(Vec::new()) };
}

/// The event the page listens to for a new correction.
pub const CLOCK_CORRECTED_EVENT: &str = "cks-clock-corrected";

fn note_clock_correction(endpoint: &str, offset_ms: i64) {
    CLOCK_CORRECTIONS.with_borrow_mut(|list| match list.iter_mut().find(|(e, _)| e == endpoint) {
        Some(entry) => entry.1 = offset_ms,
        None => list.push((endpoint.to_owned(), offset_ms)),
    });
    if let (Some(window), Ok(event)) = (web_sys::window(), web_sys::Event::new(CLOCK_CORRECTED_EVENT)) {
        let _ = window.dispatch_event(&event);
    }
}

/// Every clock correction made in this page so far (endpoint, offset in ms).
pub fn clock_corrections() -> Vec<(String, i64)> {
    CLOCK_CORRECTIONS.with_borrow(Clone::clone)
}
