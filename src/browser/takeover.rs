//! The built page carries the sign-in form as HTML (prerendered from this very app by the build,
//! xtask/src/prerender.rs), so the form takes typing and pasting before the wasm has arrived.
//! Mounting replaces that copy with the live one in a single task (no frame shows both), and
//! carries over what the user did meanwhile: what they typed or ticked, the disclosures they
//! opened, where the caret was, and a Sign in they pressed (index.html's inline script held it).

use leptos::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Document, Element, EventInit, HtmlDetailsElement, HtmlElement, HtmlFormElement, HtmlInputElement, HtmlTextAreaElement, NodeList};

/// Mounts `app` on the body, taking over the prerendered form if the page has one.
pub fn mount<F, N>(app: F)
where
    F: FnOnce() -> N + 'static,
    N: IntoView,
{
    let document = document();
    let prerendered = document.query_selector("main[data-prerendered]").ok().flatten();
    let focus = prerendered.as_ref().and_then(|_| Focus::of(&document));
    if let Some(old) = &prerendered {
        // Out of the document first, so that ids name the live form's elements only.
        old.remove();
    }
    leptos::mount::mount_to_body(app);
    if let Some(old) = prerendered {
        carry_over(&old, &document);
        if let Some(focus) = focus {
            focus.restore(&document);
        }
        if old.has_attribute("data-pending-submit") {
            if let Some(form) = document.query_selector("main.app form").ok().flatten().and_then(|f| f.dyn_into::<HtmlFormElement>().ok()) {
                let _ = form.request_submit();
            }
        }
    }
    super::mark("console-live");
}

/// What the user changed in the prerendered form, onto the live one, through the same events
/// their typing raises (so the live form's handlers see it as input).
fn carry_over(old: &Element, document: &Document) {
    let Ok(fields) = old.query_selector_all("input[id], textarea[id]") else { return };
    for i in 0..fields.length() {
        let Some(field) = fields.item(i) else { continue };
        let id = field.dyn_ref::<Element>().map(Element::id).unwrap_or_default();
        let Some(live) = document.get_element_by_id(&id) else { continue };
        if let (Some(was), Some(now)) = (field.dyn_ref::<HtmlInputElement>(), live.dyn_ref::<HtmlInputElement>()) {
            if matches!(was.type_().as_str(), "checkbox" | "radio") {
                if was.checked() != was.default_checked() && now.checked() != was.checked() {
                    now.set_checked(was.checked());
                    raise(&live, "change");
                }
            } else if was.value() != was.default_value() {
                now.set_value(&was.value());
                raise(&live, "input");
            }
        } else if let (Some(was), Some(now)) = (field.dyn_ref::<HtmlTextAreaElement>(), live.dyn_ref::<HtmlTextAreaElement>()) {
            if Ok(was.value()) != was.default_value() {
                now.set_value(&was.value());
                raise(&live, "input");
            }
        }
    }
    // Disclosures have no ids; the live form has the same ones in the same order.
    for (was, now) in disclosures(old.query_selector_all("details")).iter().zip(disclosures(document.query_selector_all("main.app details"))) {
        if was.open() {
            now.set_open(true);
        }
    }
}

fn disclosures(found: Result<NodeList, wasm_bindgen::JsValue>) -> Vec<HtmlDetailsElement> {
    let Ok(list) = found else { return vec![] };
    (0..list.length()).filter_map(|i| list.item(i)?.dyn_into().ok()).collect()
}

fn raise(target: &Element, kind: &str) {
    let init = EventInit::new();
    init.set_bubbles(true);
    if let Ok(event) = web_sys::Event::new_with_event_init_dict(kind, &init) {
        let _ = target.dispatch_event(&event);
    }
}

/// The focused field and its selection, so the user's next keystroke lands where they left off.
struct Focus {
    id: String,
    selection: Option<(u32, u32)>,
}

impl Focus {
    fn of(document: &Document) -> Option<Self> {
        let active = document.active_element()?;
        let id = active.id();
        if id.is_empty() {
            return None;
        }
        let selection = if let Some(input) = active.dyn_ref::<HtmlInputElement>() {
            input.selection_start().ok().flatten().zip(input.selection_end().ok().flatten())
        } else {
            active.dyn_ref::<HtmlTextAreaElement>().and_then(|t| t.selection_start().ok().flatten().zip(t.selection_end().ok().flatten()))
        };
        Some(Self { id, selection })
    }

    fn restore(&self, document: &Document) {
        let Some(live) = document.get_element_by_id(&self.id) else { return };
        if let Some(element) = live.dyn_ref::<HtmlElement>() {
            let _ = element.focus();
        }
        if let Some((start, end)) = self.selection {
            if let Some(input) = live.dyn_ref::<HtmlInputElement>() {
                let _ = input.set_selection_range(start, end);
            } else if let Some(text) = live.dyn_ref::<HtmlTextAreaElement>() {
                let _ = text.set_selection_range(start, end);
            }
        }
    }
}
