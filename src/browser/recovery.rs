//! What the user sees when the app itself fails (a panic stops the WebAssembly for good): a plain
//! message and a Reload button, drawn with the DOM directly since the app can no longer render.
//! It never shows the panic's text, which might hold something the user typed.

use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

pub fn show() {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else { return };
    let Some(body) = document.body() else { return };
    if document.get_element_by_id("recovery").is_some() {
        return;
    }
    let Ok(panel) = document.create_element("div") else { return };
    panel.set_id("recovery");
    let _ = panel.set_attribute("role", "alert");
    let _ = panel.set_attribute("class", "recovery");
    let Ok(text) = document.create_element("p") else { return };
    text.set_text_content(Some(
        "The console stopped because of an error of its own. Your credentials were in this tab's memory only; reload to start again (a session you asked to be remembered in this tab comes back).",
    ));
    let Ok(button) = document.create_element("button") else { return };
    button.set_text_content(Some("Reload"));
    let reload = Closure::<dyn Fn()>::new(|| {
        if let Some(w) = web_sys::window() {
            let _ = w.location().reload();
        }
    });
    let _ = button.add_event_listener_with_callback("click", reload.as_ref().unchecked_ref());
    reload.forget();
    let _ = panel.append_child(&text);
    let _ = panel.append_child(&button);
    let _ = body.prepend_with_node_1(&panel);
}

/// A fire drill for the recovery path: `window.wasmBindings.cksRecoveryDrill()` (from the
/// browser's developer tools, or a test) stops the app with a real panic, through the same hook
/// as any other, so that what users would see can be checked. It can only stop the tab it runs in.
#[wasm_bindgen::prelude::wasm_bindgen(js_name = cksRecoveryDrill)]
pub fn recovery_drill() {
    panic!("recovery drill");
}
