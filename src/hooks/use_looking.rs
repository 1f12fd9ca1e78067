//! Whether someone can be looking at fresh data: the page is visible and the browser online. One
//! per page, shared through context: with 200 scopes polling, one set of listeners rather than
//! three for each scope.

use super::use_online::use_online;
use super::use_visibility::use_visibility;
use leptos::prelude::*;

#[derive(Clone, Copy)]
pub struct Looking(pub Memo<bool>);

/// Makes the page's `Looking` available to everything below the current owner.
pub fn provide_looking() {
    provide_context(Looking(own_looking()));
}

/// The page's `Looking` when one is provided, else one of the caller's own.
pub fn use_looking() -> Memo<bool> {
    use_context::<Looking>().map_or_else(own_looking, |l| l.0)
}

fn own_looking() -> Memo<bool> {
    let visible = use_visibility();
    let online = use_online();
    Memo::new(move |_| visible.get() && online.get())
}
