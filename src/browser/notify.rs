//! Telling the user a long transition ended while they looked elsewhere: the tab's title always,
//! and a system notification when they allowed it.

const APP_TITLE: &str = "Custom key stores · cks-console";

/// Puts `headline` in the tab title and, when the user wants notifications and the browser
/// allows them, shows one.
pub fn settled(headline: &str, body: &str, notify: bool) {
    if let Some(document) = web_sys::window().and_then(|w| w.document()) {
        document.set_title(&format!("{headline} · {APP_TITLE}"));
    }
    if notify && permission_granted() {
        let options = web_sys::NotificationOptions::new();
        options.set_body(body);
        let _ = web_sys::Notification::new_with_options(headline, &options);
    }
}

/// The tab title while stores are in transition ("Connecting: payments-hsm · …"); back to the
/// app's own title when none is, unless a settle message replaced it since.
pub fn in_progress(names: &[String]) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else { return };
    if names.is_empty() {
        if document.title().starts_with("In progress: ") {
            document.set_title(APP_TITLE);
        }
    } else {
        document.set_title(&format!("In progress: {} · {APP_TITLE}", names.join(", ")));
    }
}

pub fn permission_granted() -> bool {
    web_sys::Notification::permission() == web_sys::NotificationPermission::Granted
}

/// Asks the browser for permission; the answer arrives later and is read when needed.
pub fn ask_permission() {
    let _ = web_sys::Notification::request_permission();
}
