//! The browser side of the transport boundary: `fetch`, the clock, the page URL, tab storage.

pub mod fetch;
pub mod location;
pub mod notify;
pub mod recovery;
pub mod storage;
pub mod vault;

/// Epoch milliseconds from `Date.now()` (wasm has no `SystemTime::now`).
pub fn now_ms() -> u64 {
    js_sys::Date::now() as u64
}

/// A named moment on the page's performance timeline, for the benchmark and for anyone
/// profiling the console in the browser's tools.
pub fn mark(name: &str) {
    if let Some(performance) = web_sys::window().and_then(|w| w.performance()) {
        let _ = performance.mark(name);
    }
}

/// `epoch_seconds` as a date in the user's own locale and time zone (e.g. "Jan 1, 2026").
pub fn local_date(epoch_seconds: f64) -> String {
    let date = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(epoch_seconds * 1000.0));
    let options = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&options, &"dateStyle".into(), &"medium".into());
    date.to_locale_date_string("default", &options).into()
}

/// `epoch_seconds` as a short date and time in the user's locale and time zone, for chart axes
/// and history lines.
pub fn local_time(epoch_seconds: f64) -> String {
    let date = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(epoch_seconds * 1000.0));
    let options = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&options, &"dateStyle".into(), &"short".into());
    let _ = js_sys::Reflect::set(&options, &"timeStyle".into(), &"short".into());
    date.to_locale_string("default", &options).into()
}

/// Puts `text` on the clipboard; false when the browser refused.
pub async fn copy_text(text: &str) -> bool {
    let Some(window) = web_sys::window() else { return false };
    let promise = window.navigator().clipboard().write_text(text);
    wasm_bindgen_futures::JsFuture::from(promise).await.is_ok()
}
