//! Who is signed in, for how long, and the session's own actions.

use super::session::{sign_out, use_session};
use super::switch_role::SwitchRole;
use crate::aws::expiry::{countdown, expiry, Expiry};
use leptos::prelude::*;

#[component]
pub fn Header(now: ReadSignal<u64>) -> impl IntoView {
    let session = use_session().0;
    let switching = RwSignal::new(false);
    let field = move |f: fn(&super::session::Session) -> String| move || session.with(|s| s.as_ref().map(f).unwrap_or_default());
    let state = move || expiry(now.get(), session.with(|s| s.as_ref().and_then(|s| s.credentials.expires_at_ms)));
    let previous = move || session.with(|s| s.as_ref().and_then(|s| s.previous.as_ref().map(|p| p.identity.account.clone())));
    let go_back = move |_| {
        let back = session.with_untracked(|s| s.as_ref().and_then(|s| s.previous.clone()));
        if let Some(back) = back {
            back.store();
            session.set(Some(*back));
        }
    };
    view! {
        <header class="top">
            <div class="identity">
                <p>"Account "<strong class="account">{field(|s| s.identity.account.clone())}</strong></p>
                <p class="arn"><code>{field(|s| s.identity.arn.clone())}</code></p>
            </div>
            <p class=move || match state() { Expiry::Soon { .. } | Expiry::Expired => "expiry soon", _ => "expiry" }>
                {move || match state() {
                    Expiry::Unknown => "Expiry unknown".to_owned(),
                    Expiry::Valid { remaining_ms } => format!("Credentials expire in {}", countdown(remaining_ms)),
                    Expiry::Soon { remaining_ms } => format!("Credentials expire in {}: renew them soon", countdown(remaining_ms)),
                    Expiry::Expired => "Credentials expired".to_owned(),
                }}
            </p>
            <button type="button" on:click=move |_| switching.update(|s| *s = !*s) aria-expanded=move || switching.get().to_string()>"Switch role"</button>
            {move || previous().map(|account| view! { <button type="button" on:click=go_back>{format!("Return to account {account}")}</button> })}
            <button type="button" on:click=move |_| sign_out(session)>"Sign out"</button>
        </header>
        <Show when=move || matches!(state(), Expiry::Soon { .. })>
            <p class="warning" role="alert">"Your credentials expire in less than five minutes. Get new ones now to keep working without a break."</p>
        </Show>
        <Show when=move || switching.get()>
            <SwitchRole done=move || switching.set(false)/>
        </Show>
    }
}
