//! Settings the page URL may carry: the endpoint, the Regions, and the table's view. Never
//! credentials.

pub fn query_param(name: &str) -> Option<String> {
    let search = web_sys::window()?.location().search().ok()?;
    let params = web_sys::UrlSearchParams::new_with_str(&search).ok()?;
    params.get(name).filter(|v| !v.trim().is_empty())
}

/// Replaces the `keys` parameters of the URL with `values` (others stay), without a reload or a
/// history entry, so a refresh or a shared link shows the same view.
pub fn replace_query(keys: &[&str], values: &[(&str, String)]) {
    let Some(window) = web_sys::window() else { return };
    let Ok(search) = window.location().search() else { return };
    let Ok(params) = web_sys::UrlSearchParams::new_with_str(&search) else { return };
    for key in keys {
        params.delete(key);
    }
    for (k, v) in values {
        params.append(k, v);
    }
    let query: String = params.to_string().into();
    // Nothing changed: leave the history entry alone (replacing it costs milliseconds).
    if web_sys::UrlSearchParams::new_with_str(&search).is_ok_and(|before| before.to_string() == query) {
        return;
    }
    let url = if query.is_empty() { window.location().pathname().unwrap_or_default() } else { format!("?{query}") };
    if let Ok(history) = window.history() {
        let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url));
    }
}
