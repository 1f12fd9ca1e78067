//! Whether the browser believes it is online (`navigator.onLine` and the `online`/`offline`
//! events), as a signal; the listeners go away with their owner.

use leptos::prelude::*;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

fn online_now() -> bool {
    web_sys::window().is_none_or(|w| w.navigator().on_line())
}

pub fn use_online() -> ReadSignal<bool> {
    let (online, set_online) = signal(online_now());
    let Some(window) = web_sys::window() else { return online };
    let listener = Closure::<dyn Fn()>::new(move || set_online.set(online_now()));
    for event in ["online", "offline"] {
        let _ = window.add_event_listener_with_callback(event, listener.as_ref().unchecked_ref());
    }
    let listener = send_wrapper::SendWrapper::new(listener);
    let window = send_wrapper::SendWrapper::new(window);
    on_cleanup(move || {
        for event in ["online", "offline"] {
            let _ = window.remove_event_listener_with_callback(event, listener.as_ref().unchecked_ref());
        }
    });
    online
}
