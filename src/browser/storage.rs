//! The one place the console writes to browser storage: sessionStorage, and only when the user
//! ticked "remember in this tab". Never localStorage, cookies or IndexedDB.

const KEY: &str = "cks-console.session";

fn tab_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.session_storage().ok()?
}

pub fn save(text: &str) {
    if let Some(s) = tab_storage() {
        let _ = s.set_item(KEY, text);
    }
}

pub fn load() -> Option<String> {
    tab_storage()?.get_item(KEY).ok()?
}

pub fn clear() {
    if let Some(s) = tab_storage() {
        let _ = s.remove_item(KEY);
    }
}
