//! Every dialog of the console, on the platform's modal `<dialog>`: `showModal()` makes the page
//! behind it inert (Tab stays inside), the browser moves the focus in (to the `autofocus` element,
//! else the first focusable one), Escape asks `on_escape`, and when the dialog goes away the focus
//! returns to whatever opened it.

use leptos::html::Dialog;
use leptos::prelude::*;
use send_wrapper::SendWrapper;
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::JsCast;

fn focused_element() -> Option<web_sys::HtmlElement> {
    web_sys::window()?.document()?.active_element()?.dyn_into().ok()
}

/// `on_escape` runs when the user presses Escape; `None` keeps the dialog open (a dialog that must
/// be answered, such as renewing expired credentials).
#[component]
pub fn Modal(#[prop(into)] labelled_by: String, #[prop(optional)] on_escape: Option<Callback<()>>, children: Children) -> impl IntoView {
    let dialog = NodeRef::<Dialog>::new();
    let opener = SendWrapper::new(focused_element());
    let shown = SendWrapper::new(Rc::new(RefCell::new(None::<web_sys::HtmlDialogElement>)));
    let keep = SendWrapper::new(Rc::clone(&shown));
    Effect::new(move |_| {
        if let Some(d) = dialog.get() {
            if !d.open() {
                let _ = d.show_modal();
            }
            keep.replace(Some(d));
        }
    });
    on_cleanup(move || {
        // The page behind is inert while the dialog is modal: close it first, or the focus
        // cannot go back.
        if let Some(d) = shown.borrow_mut().take() {
            d.close();
        }
        if let Some(el) = opener.take().filter(|el| el.is_connected()) {
            let _ = el.focus();
        }
    });
    view! {
        <dialog node_ref=dialog class="dialog" aria-labelledby=labelled_by
            on:cancel=move |ev: leptos::ev::Event| {
                // The browser would close the dialog by itself; the page decides instead, so its
                // state and the DOM never disagree.
                ev.prevent_default();
                if let Some(escape) = on_escape {
                    escape.run(());
                }
            }>
            {children()}
        </dialog>
    }
}
