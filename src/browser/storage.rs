//! The one place the console writes to browser storage, and only when the user ticked "remember
//! in this tab": sessionStorage holds the copy sealed with this tab's key (see `vault`), never the
//! credentials in clear. Never localStorage or cookies.

use super::vault;
use leptos::task::spawn_local;

const KEY: &str = "cks-console.session";

fn tab_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.session_storage().ok()?
}

/// Seals `text` and keeps it; a browser that cannot seal keeps nothing.
pub fn save(text: String) {
    spawn_local(async move {
        match vault::seal(&text).await {
            Ok(sealed) => {
                if let Some(s) = tab_storage() {
                    let _ = s.set_item(KEY, &sealed);
                }
            }
            Err(_) => clear(),
        }
    });
}

/// Whether a sealed copy is there (without opening it).
pub fn has_copy() -> bool {
    tab_storage().and_then(|s| s.get_item(KEY).ok().flatten()).is_some()
}

pub async fn load() -> Option<String> {
    let sealed = tab_storage()?.get_item(KEY).ok()??;
    let (text, inherited) = vault::open(&sealed).await.ok()?;
    // A duplicated tab's copy was sealed with the other tab's key: sealed again with its own, so
    // that the two tabs never depend on each other again.
    if inherited {
        save(text.clone());
    }
    Some(text)
}

/// Removes the sealed copy and its key.
pub fn clear() {
    let had_copy = has_copy();
    if let Some(s) = tab_storage() {
        let _ = s.remove_item(KEY);
    }
    // The key exists only beside a copy; without one, opening the key store would only slow
    // down a sign-in that remembers nothing.
    if had_copy {
        spawn_local(vault::forget());
    }
}
