//! Whether the page is visible (`document.visibilityState`), as a signal; the listener goes away
//! with its owner.

use leptos::prelude::*;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

fn visible_now() -> bool {
    web_sys::window().and_then(|w| w.document()).is_none_or(|d| d.visibility_state() == web_sys::VisibilityState::Visible)
}

pub fn use_visibility() -> ReadSignal<bool> {
    let (visible, set_visible) = signal(visible_now());
    let Some(document) = web_sys::window().and_then(|w| w.document()) else { return visible };
    let listener = Closure::<dyn Fn()>::new(move || set_visible.set(visible_now()));
    let _ = document.add_event_listener_with_callback("visibilitychange", listener.as_ref().unchecked_ref());
    let listener = send_wrapper::SendWrapper::new(listener);
    let document = send_wrapper::SendWrapper::new(document);
    on_cleanup(move || {
        let _ = document.remove_event_listener_with_callback("visibilitychange", listener.as_ref().unchecked_ref());
    });
    visible
}
