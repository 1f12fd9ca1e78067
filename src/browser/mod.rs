//! The browser side of the transport boundary: `fetch`, the clock, the page URL, tab storage.

pub mod fetch;
pub mod location;
pub mod notify;
pub mod recovery;
pub mod storage;
pub mod vault;
pub mod work;
pub mod zeroing;

/// Epoch milliseconds from `Date.now()` (wasm has no `SystemTime::now`).
pub fn now_ms() -> u64 {
    js_sys::Date::now() as u64
}

/// Adds the stylesheet the sign-in page does without (its address and SRI hash are in
/// `<meta name="cks-later-styles">`, written by the build; see xtask/src/styles.rs).
pub fn add_later_styles() {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else { return };
    let Some(content) = document.query_selector("meta[name=cks-later-styles]").ok().flatten().and_then(|m| m.get_attribute("content")) else { return };
    let Some((href, integrity)) = content.split_once(' ') else { return };
    let (Ok(link), Some(head)) = (document.create_element("link"), document.head()) else { return };
    let _ = link.set_attribute("rel", "stylesheet");
    let _ = link.set_attribute("href", href);
    let _ = link.set_attribute("integrity", integrity);
    let _ = head.append_child(&link);
}

/// A named moment on the page's performance timeline, for the benchmark and for anyone
/// profiling the console in the browser's tools.
pub fn mark(name: &str) {
    if let Some(performance) = web_sys::window().and_then(|w| w.performance()) {
        let _ = performance.mark(name);
    }
}

/// `mark`, unless the page has marked `name` already (the prerendered form marks its own
/// readiness from index.html's inline script).
pub fn mark_once(name: &str) {
    if let Some(performance) = web_sys::window().and_then(|w| w.performance()) {
        if performance.get_entries_by_name(name).length() == 0 {
            let _ = performance.mark(name);
        }
    }
}

thread_local! {
    // Building an Intl formatter costs far more than using one (a table of 1,000 stores spent
    // 200 ms in `toLocaleDateString`, which builds one per call): one of each, for the page's life.
    static DATE: js_sys::Function = formatter(&[("dateStyle", "medium")]);
    static DATE_TIME: js_sys::Function = formatter(&[("dateStyle", "short"), ("timeStyle", "short")]);
}

/// `Intl.DateTimeFormat(undefined, options).format`, for the user's own locale and time zone.
fn formatter(options: &[(&str, &str)]) -> js_sys::Function {
    let object = js_sys::Object::new();
    for (key, value) in options {
        let _ = js_sys::Reflect::set(&object, &(*key).into(), &(*value).into());
    }
    js_sys::Intl::DateTimeFormat::new(&js_sys::Array::new(), &object).format()
}

fn formatted(with: &'static std::thread::LocalKey<js_sys::Function>, epoch_seconds: f64) -> String {
    let date = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(epoch_seconds * 1000.0));
    with.with(|format| format.call1(&wasm_bindgen::JsValue::NULL, &date).ok().and_then(|s| s.as_string()).unwrap_or_default())
}

/// `epoch_seconds` as a date in the user's own locale and time zone (e.g. "Jan 1, 2026").
pub fn local_date(epoch_seconds: f64) -> String {
    formatted(&DATE, epoch_seconds)
}

/// Takes focus off whatever holds it, before the view that holds it is replaced: removing a
/// focused element makes the browser settle focus and style first (about 10 ms at sign-in, a
/// form of fields going away while the fleet's sections arrive). Focus starts again from the
/// top of the new page, as after a page load.
pub fn release_focus() {
    use wasm_bindgen::JsCast;
    if let Some(element) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.active_element()) {
        if let Ok(element) = element.dyn_into::<web_sys::HtmlElement>() {
            let _ = element.blur();
        }
    }
}

/// `epoch_seconds` as a short date and time in the user's locale and time zone, for chart axes
/// and history lines.
pub fn local_time(epoch_seconds: f64) -> String {
    formatted(&DATE_TIME, epoch_seconds)
}

/// Offers `text` as a file named `name` to save (a runbook, an export); nothing leaves the page.
pub fn save_text(name: &str, mime: &str, text: &str) {
    use wasm_bindgen::JsCast;
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let Ok(blob) = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options) else { return };
    let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else { return };
    let link =
        web_sys::window().and_then(|w| w.document()).and_then(|d| d.create_element("a").ok()).and_then(|a| a.dyn_into::<web_sys::HtmlAnchorElement>().ok());
    if let Some(link) = link {
        link.set_href(&url);
        link.set_download(name);
        link.click();
    }
    let _ = web_sys::Url::revoke_object_url(&url);
}

/// Puts `text` on the clipboard; false when the browser refused.
pub async fn copy_text(text: &str) -> bool {
    let Some(window) = web_sys::window() else { return false };
    let promise = window.navigator().clipboard().write_text(text);
    wasm_bindgen_futures::JsFuture::from(promise).await.is_ok()
}
