//! The browser side of the transport boundary: `fetch`, the clock, and the page URL.

pub mod fetch;
pub mod location;

/// Epoch milliseconds from `Date.now()` (wasm has no `SystemTime::now`).
pub fn now_ms() -> u64 {
    js_sys::Date::now() as u64
}
