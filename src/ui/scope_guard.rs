//! Where an action will land, said in every dialog that changes something: the account and the
//! Region. A labelled account ("production") asks for its name or id to be typed first, so a
//! change meant for a test account never lands there by a slip.

use crate::state::scope::Scope;
use leptos::prelude::*;

/// `typed` is what the user typed; the dialog's action waits for `scope.account.confirmed_by(typed)`.
#[component]
pub fn ScopeGuard(scope: Scope, typed: RwSignal<String>, #[prop(into)] id: String) -> impl IntoView {
    let account = scope.account;
    let label = account.label();
    let place = format!("In account {} ({}), Region {}.", account.name(), account.id(), scope.name());
    view! {
        <p class="scope-guard">
            {label.clone().map(|l| view! { <span class=format!("account-label colour-{}", l.colour.key())>{l.word}</span>" " })}
            {place}
        </p>
        {label.map(|l| {
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
