//! Where an action will land, said in every dialog that changes something: the account and the
//! Region. A labelled account ("production") asks for its name or id to be typed first, so a
//! change meant for a test account never lands there by a slip.

use crate::state::scope::Scope;
use leptos::prelude::*;

/// The account and Region an action lands in, with the account's label: the first line of every
/// dialog that changes something.
#[component]
pub fn ScopePlace(scope: Scope) -> impl IntoView {
    let account = scope.account;
    view! {
        <p class="scope-guard">
            {account.label().map(|l| view! { <span class=format!("account-label colour-{}", l.colour.key())>{l.word}</span>" " })}
            {format!("In account {} ({}), Region {}.", account.name(), account.id(), scope.name())}
        </p>
    }
}

/// For a labelled account, the field its name is typed into, placed just above the dialog's
/// answers; `typed` is what the user typed, and the action waits for
/// `scope.account.confirmed_by(typed)`. Nothing for an account without a label.
#[component]
pub fn ScopeGuard(scope: Scope, typed: RwSignal<String>, #[prop(into)] id: String) -> impl IntoView {
    let account = scope.account;
    view! {
        {account.label().map(|l| {
            let for_id = id.clone();
            view! {
                <div class="field">
                    <label for=for_id>{format!("This account is labelled {}. Type its name ({}) or id to go on", l.word, account.name())}</label>
                    <input id=id.clone() type="text" autocomplete="off" spellcheck="false" prop:value=move || typed.get() on:input=move |ev| typed.set(event_target_value(&ev))/>
                </div>
            }
        })}
    }
}
