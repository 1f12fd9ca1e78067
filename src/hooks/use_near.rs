//! Whether an element has come near the viewport (an `IntersectionObserver` with a margin), as a
//! signal that turns true once and stays so; the observer goes away then, or with its owner.

use leptos::html::Div;
use leptos::prelude::*;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

pub struct UseNearOptions {
    /// How far outside the viewport counts as near (CSS pixels): far enough that a user
    /// scrolling at reading speed never meets an unbuilt part.
    pub margin_px: u32,
    /// Watching starts once this is true (a page still laying itself out would call near what
    /// is about to move away).
    pub enabled: Signal<bool>,
}

impl Default for UseNearOptions {
    fn default() -> Self {
        Self { margin_px: 800, enabled: Signal::stored(true) }
    }
}

pub fn use_near(target: NodeRef<Div>, options: UseNearOptions) -> ReadSignal<bool> {
    let (near, set_near) = signal(false);
    let observer = StoredValue::new_local(None::<(web_sys::IntersectionObserver, Closure<dyn Fn(js_sys::Array)>)>);
    let stop = move || {
        if let Some((o, _)) = observer.try_update_value(Option::take).flatten() {
            o.disconnect();
        }
    };
    let enabled = options.enabled;
    Effect::new(move |_| {
        let Some(element) = target.get() else { return };
        if !enabled.get() {
            return;
        }
        if near.get_untracked() || observer.with_value(Option::is_some) {
            return;
        }
        let callback = Closure::<dyn Fn(js_sys::Array)>::new(move |entries: js_sys::Array| {
            let any = entries.iter().any(|e| e.unchecked_into::<web_sys::IntersectionObserverEntry>().is_intersecting());
            if any {
                set_near.set(true);
                stop();
            }
        });
        let init = web_sys::IntersectionObserverInit::new();
        init.set_root_margin(&format!("{}px 0px", options.margin_px));
        // No observer in this browser: build at once, as before.
        let Ok(o) = web_sys::IntersectionObserver::new_with_options(callback.as_ref().unchecked_ref(), &init) else {
            return set_near.set(true);
        };
        o.observe(&element);
        observer.set_value(Some((o, callback)));
    });
    on_cleanup(stop);
    near
}
