//! Keys for people who work from the keyboard: `/` goes to the filter, `?` lists the keys, and
//! on a store's row (any control in it focused) `d` opens its details, `c` connects it and `x`
//! disconnects it, through the same buttons a click presses (so the same confirmations follow,
//! and the focus returns to the row when they close). Keys typed into a field are the field's.

use super::modal::Modal;
use leptos::ev;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

const KEYS: [(&str, &str); 7] = [
    ("/", "Go to the filter"),
    ("?", "Show these keys"),
    ("d", "Open the details of the store whose row has the focus"),
    ("c", "Connect that store (after its confirmation)"),
    ("x", "Disconnect that store (after its confirmation)"),
    ("a", "Open the activity log and go to its filter"),
    ("Escape", "Close a dialog; the focus goes back where it was"),
];

fn active() -> Option<web_sys::Element> {
    web_sys::window()?.document()?.active_element()
}

/// Whether the focus is in something that takes text: its keys are not shortcuts.
fn typing(el: &web_sys::Element) -> bool {
    matches!(el.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT") || el.closest("dialog[open]").ok().flatten().is_some()
}

/// Presses the button of the focused row whose accessible name starts with `verb`.
fn press_in_row(verb: &str) {
    let Some(row) = active().and_then(|el| el.closest("table.store-list tbody tr").ok().flatten()) else { return };
    let Some(name) = row.query_selector("th[scope=row] button.name").ok().flatten().and_then(|b| b.text_content()) else { return };
    let label = format!("{verb} {}", name.trim());
    let Ok(buttons) = row.query_selector_all("button") else { return };
    for i in 0..buttons.length() {
        let Some(button) = buttons.item(i).and_then(|n| n.dyn_into::<web_sys::HtmlElement>().ok()) else { continue };
        if button.get_attribute("aria-label").as_deref() == Some(label.as_str()) && !button.has_attribute("disabled") {
            return button.click();
        }
    }
}

fn open_activity() {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else { return };
    if let Some(log) = document.get_element_by_id("activity") {
        let _ = log.set_attribute("open", "");
    }
    if let Some(filter) = document.get_element_by_id("activity-filter") {
        let _ = filter.unchecked_into::<web_sys::HtmlElement>().focus();
    }
}

#[component]
pub fn Shortcuts() -> impl IntoView {
    let listing = RwSignal::new(false);
    let handle = window_event_listener(ev::keydown, move |e: web_sys::KeyboardEvent| {
        if e.ctrl_key() || e.meta_key() || e.alt_key() || active().is_some_and(|el| typing(&el)) {
            return;
        }
        match e.key().as_str() {
            "/" => {
                if let Some(filter) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.get_element_by_id("filter-text")) {
                    e.prevent_default();
                    let _ = filter.unchecked_into::<web_sys::HtmlElement>().focus();
                }
            }
            "?" => listing.set(true),
            "d" => press_in_row("Details"),
            "c" => press_in_row("Connect"),
            "x" => press_in_row("Disconnect"),
            "a" => open_activity(),
            _ => {}
        }
    });
    on_cleanup(move || handle.remove());
    view! {
        <Show when=move || listing.get()>
            <Modal labelled_by="shortcuts-title" on_escape=Callback::new(move |()| listing.set(false))>
                <h2 id="shortcuts-title">"Keyboard shortcuts"</h2>
                <dl class="shortcuts">
                    {KEYS.iter().map(|(key, what)| view! { <dt><kbd>{*key}</kbd></dt><dd>{*what}</dd> }).collect_view()}
                </dl>
                <div class="dialog-actions">
                    <button type="button" autofocus on:click=move |_| listing.set(false)>"Close"</button>
                </div>
            </Modal>
        </Show>
    }
}
