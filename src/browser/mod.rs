//! The browser side of the transport boundary: `fetch`, the clock, the page URL, tab storage.

pub mod fetch;
pub mod location;
pub mod notify;
pub mod storage;

/// Epoch milliseconds from `Date.now()` (wasm has no `SystemTime::now`).
pub fn now_ms() -> u64 {
    js_sys::Date::now() as u64
}
