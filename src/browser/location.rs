//! Settings the page URL may carry: the endpoint, the Regions, the table's view and the store whose
//! details are open; and the browser's history of views (Back and Forward). Never credentials.

use crate::fleet::view_history::{Params, Step};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

fn search_params() -> Option<web_sys::UrlSearchParams> {
    let search = web_sys::window()?.location().search().ok()?;
    web_sys::UrlSearchParams::new_with_str(&search).ok()
}

pub fn query_param(name: &str) -> Option<String> {
    search_params()?.get(name).filter(|v| !v.trim().is_empty())
}

/// The values the URL has now for `keys` (those present and not empty), in the order of `keys`.
pub fn query_values(keys: &[&str]) -> Params {
    let Some(params) = search_params() else { return vec![] };
    keys.iter().filter_map(|k| params.get(k).filter(|v| !v.trim().is_empty()).map(|v| ((*k).to_owned(), v))).collect()
}

/// Replaces the `keys` parameters of the URL with `values` (others stay), without a reload or a
/// history entry, so a refresh or a shared link shows the same view.
pub fn replace_query(keys: &[&str], values: &[(&str, String)]) {
    write_query(keys, values, Step::Replace);
}

/// Writes the `keys` parameters of the URL as `values` (others stay) without a reload: on the
/// entry the page is on (`Step::Replace`) or on a new one after it (`Step::Push`).
pub fn write_query(keys: &[&str], values: &[(impl AsRef<str>, String)], step: Step) {
    let Some(window) = web_sys::window() else { return };
    let Ok(search) = window.location().search() else { return };
    let Ok(params) = web_sys::UrlSearchParams::new_with_str(&search) else { return };
    for key in keys {
        params.delete(key);
    }
    for (k, v) in values {
        params.append(k.as_ref(), v);
    }
    let query: String = params.to_string().into();
    // Nothing changed: leave the history entry alone (replacing it costs milliseconds).
    if step == Step::Keep || web_sys::UrlSearchParams::new_with_str(&search).is_ok_and(|before| before.to_string() == query) {
        return;
    }
    let url = if query.is_empty() { window.location().pathname().unwrap_or_default() } else { format!("?{query}") };
    let Ok(history) = window.history() else { return };
    let _ = match step {
        Step::Push => history.push_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url)),
        _ => history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url)),
    };
}

/// `popstate` (Back or Forward between this page's entries) calls `on_arrive` until
/// [`HistoryListener::remove`].
pub struct HistoryListener {
    listener: Closure<dyn Fn()>,
}

impl HistoryListener {
    pub fn listen(on_arrive: impl Fn() + 'static) -> Option<Self> {
        let listener = Closure::<dyn Fn()>::new(on_arrive);
        web_sys::window()?.add_event_listener_with_callback("popstate", listener.as_ref().unchecked_ref()).ok()?;
        Some(Self { listener })
    }

    pub fn remove(self) {
        if let Some(window) = web_sys::window() {
            let _ = window.remove_event_listener_with_callback("popstate", self.listener.as_ref().unchecked_ref());
        }
    }
}
