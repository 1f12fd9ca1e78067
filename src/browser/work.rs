//! Work in progress that should outlive a reload of the tab: the guided rotations under way. It
//! is plain data with no secret in it (store ids, times, what the user confirmed), so, unlike the
//! remembered session (`storage`), it needs no sealing. sessionStorage: this tab only.

const PREFIX: &str = "cks-console.work.";

fn tab_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.session_storage().ok()?
}

pub fn load(name: &str) -> Option<String> {
    tab_storage()?.get_item(&format!("{PREFIX}{name}")).ok()?
}

/// Keeps `text` under `name`; an empty text removes it.
pub fn save(name: &str, text: &str) {
    let Some(s) = tab_storage() else { return };
    let key = format!("{PREFIX}{name}");
    let _ = if text.is_empty() { s.remove_item(&key) } else { s.set_item(&key, text) };
}
