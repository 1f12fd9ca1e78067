//! The fleet's accounts: the hub the user signed in with, each member account with how its role
//! assumption went (a refusal is its own row with its reason and Retry, and never holds up the
//! others), and the ways to add more.

use super::add_accounts::AddAccounts;
use crate::state::account::{Access, Account};
use crate::state::fleet::use_fleet;
use leptos::prelude::*;

#[component]
pub fn AccountsPanel() -> impl IntoView {
    let fleet = use_fleet();
    let adding = RwSignal::new(false);
    let count = move || fleet.members.with(Vec::len) + 1;
    view! {
        <section class="accounts" aria-label="Accounts">
            <div class="accounts-head">
                <details class="account-details" prop:open=move || fleet.members.with(|m| !m.is_empty())>
                    <summary>{move || match count() { 1 => "1 account".to_owned(), n => format!("{n} accounts") }}</summary>
                    <ul class="account-list">
                        <AccountRow account=fleet.hub/>
                        <For each=move || fleet.members.get() key=|a| a.id() let:account>
                            <AccountRow account/>
                        </For>
                    </ul>
                </details>
                <Show when=move || !adding.get()>
                    <button type="button" on:click=move |_| adding.set(true)>"Add accounts"</button>
                </Show>
            </div>
            <Show when=move || adding.get()>
                <AddAccounts done=Callback::new(move |()| adding.set(false))/>
            </Show>
        </section>
    }
}

#[component]
fn AccountRow(account: Account) -> impl IntoView {
    let fleet = use_fleet();
    let id = account.id();
    let status = move || match account.access.get() {
        _ if account.is_hub() => view! { <span class="account-status">"signed in (hub)"</span> }.into_any(),
        Access::Assuming => view! { <span class="account-status">"assuming its role…"</span> }.into_any(),
        Access::Ready => view! { <span class="account-status ok">"ready"</span> }.into_any(),
        Access::NeedsMfa(serial) => view! { <MfaCode account serial/> }.into_any(),
        Access::Refused(why) => view! {
            <span class="account-status problem" role="alert">{why}</span>
            <button type="button" on:click=move |_| account.assume()>"Retry"</button>
        }
        .into_any(),
    };
    let remove = {
        let id = id.clone();
        move |_| fleet.remove(&id)
    };
    view! {
        <li class="account" data-account=id.clone()>
            <span class="account-name">{move || account.name()}</span>" "
            <span class="mono">{id.clone()}</span>" "
            {account.label().map(|l| view! { <span class=format!("account-label colour-{}", l.colour.key())>{l.word}</span> })}
            {status}
            <Show when=move || !account.is_hub()>
                <button type="button" class="link" aria-label=format!("Remove account {}", account.name()) on:click=remove.clone()>"Remove"</button>
            </Show>
        </li>
    }
}

/// The code from the MFA device a member's role asks for; sent once, with the AssumeRole call.
#[component]
fn MfaCode(account: Account, serial: String) -> impl IntoView {
    let code = RwSignal::new(String::new());
    let input_id = format!("mfa-{}", account.id());
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        account.assume_with_code(Some(code.get_untracked()));
    };
    view! {
        <form class="mfa" on:submit=submit>
            <label for=input_id.clone()>{format!("Code from {serial}")}</label>
            <input id=input_id type="text" inputmode="numeric" autocomplete="one-time-code" prop:value=move || code.get() on:input=move |ev| code.set(event_target_value(&ev))/>
            <button type="submit">"Assume role"</button>
        </form>
    }
}
