//! Whether an element has come near the viewport (an `IntersectionObserver` with a margin), as a
//! signal that turns true once and stays so; the element is let go then, or with its owner.
//!
//! One observer serves every element watched with the same margin: a fleet's page watches a
//! placeholder per scope (204 at sign-in), and an observer of its own for each cost an observer,
//! a callback and a call into the page per element, where one callback now hears of them all.

use leptos::html::Div;
use leptos::prelude::*;
use std::cell::RefCell;
use std::collections::HashMap;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};

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

/// The property a watched element carries: its number in its observer's list.
const WATCH_ID: &str = "__cksNear";

/// One observer and the elements it watches (by number) with the signal each turns true.
struct Observer {
    margin_px: u32,
    observer: web_sys::IntersectionObserver,
    _callback: Closure<dyn Fn(js_sys::Array)>,
    waiting: HashMap<u32, WriteSignal<bool>>,
    next: u32,
}

thread_local! {
    static OBSERVERS: RefCell<Vec<Observer>> = const { RefCell::new(Vec::new()) };
}

fn id_of(element: &JsValue) -> Option<u32> {
    js_sys::Reflect::get(element, &JsValue::from_str(WATCH_ID)).ok()?.as_f64().map(|n| n as u32)
}

/// The elements that came near: let go, and their signals set once no list is borrowed (a
/// signal set builds the part it stood for, which may watch or let go of other elements).
fn arrived(margin_px: u32, entries: js_sys::Array) {
    let near: Vec<WriteSignal<bool>> = OBSERVERS.with_borrow_mut(|all| {
        let Some(o) = all.iter_mut().find(|o| o.margin_px == margin_px) else { return vec![] };
        entries
            .iter()
            .map(|e| e.unchecked_into::<web_sys::IntersectionObserverEntry>())
            .filter(|e| e.is_intersecting())
            .filter_map(|e| {
                let target = e.target();
                let signal = o.waiting.remove(&id_of(&target)?)?;
                o.observer.unobserve(&target);
                Some(signal)
            })
            .collect()
    });
    for signal in near {
        signal.try_set(true);
    }
}

/// Starts watching `element`; its number, or `None` when this browser has no observer.
fn watch(element: &web_sys::Element, margin_px: u32, signal: WriteSignal<bool>) -> Option<u32> {
    OBSERVERS.with_borrow_mut(|all| {
        let index = match all.iter().position(|o| o.margin_px == margin_px) {
            Some(i) => i,
            None => {
                let callback = Closure::<dyn Fn(js_sys::Array)>::new(move |entries| arrived(margin_px, entries));
                let init = web_sys::IntersectionObserverInit::new();
                init.set_root_margin(&format!("{margin_px}px 0px"));
                let observer = web_sys::IntersectionObserver::new_with_options(callback.as_ref().unchecked_ref(), &init).ok()?;
                all.push(Observer { margin_px, observer, _callback: callback, waiting: HashMap::new(), next: 0 });
                all.len() - 1
            }
        };
        let o = &mut all[index];
        let id = o.next;
        o.next += 1;
        js_sys::Reflect::set(element, &JsValue::from_str(WATCH_ID), &JsValue::from(id)).ok()?;
        o.waiting.insert(id, signal);
        o.observer.observe(element);
        Some(id)
    })
}

fn let_go(element: &web_sys::Element, margin_px: u32, id: u32) {
    OBSERVERS.with_borrow_mut(|all| {
        if let Some(o) = all.iter_mut().find(|o| o.margin_px == margin_px) {
            if o.waiting.remove(&id).is_some() {
                o.observer.unobserve(element);
            }
        }
    });
}

pub fn use_near(target: NodeRef<Div>, options: UseNearOptions) -> ReadSignal<bool> {
    let (near, set_near) = signal(false);
    let margin_px = options.margin_px;
    let watched = StoredValue::new_local(None::<(web_sys::Element, u32)>);
    let enabled = options.enabled;
    Effect::new(move |_| {
        let Some(element) = target.get() else { return };
        if !enabled.get() || near.get_untracked() || watched.with_value(Option::is_some) {
            return;
        }
        let element: web_sys::Element = element.into();
        match watch(&element, margin_px, set_near) {
            Some(id) => watched.set_value(Some((element, id))),
            // No observer in this browser: build at once, as before.
            None => set_near.set(true),
        }
    });
    on_cleanup(move || {
        if let Some((element, id)) = watched.try_update_value(Option::take).flatten() {
            let_go(&element, margin_px, id);
        }
    });
    near
}
