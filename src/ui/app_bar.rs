//! The app bar: the product, who is signed in and for how long, the Regions shown, and the
//! session's own actions. Before sign-in it shows the product alone.

use super::modal::Modal;
use super::region_picker::RegionPicker;
use super::switch_role::SwitchRole;
use crate::aws::expiry::{countdown, expiry, Expiry};
use crate::state::session::{sign_out, use_session, RenewEarly, SessionClock};
use leptos::prelude::*;

#[component]
pub fn Brand() -> impl IntoView {
    view! {
        <div class="brand">
            <svg class="logo" viewBox="0 0 24 24" aria-hidden="true" width="26" height="26">
                <path d="M7 14a5 5 0 1 1 4.9-6H22v4h-2v3h-3v-3h-5.1A5 5 0 0 1 7 14zm0-3a2 2 0 1 0 0-4 2 2 0 0 0 0 4z" fill="currentColor"/>
            </svg>
            <span class="product">"cks-console"</span>
            <span class="tagline">"KMS custom key stores"</span>
        </div>
    }
}

#[component]
pub fn AppBar() -> impl IntoView {
    let session = use_session().0;
    let now = expect_context::<SessionClock>().now;
    let renew_early = expect_context::<RenewEarly>().0;
    let switching = RwSignal::new(false);
    let field = move |f: fn(&crate::state::session::Session) -> String| move || session.with(|s| s.as_ref().map(f).unwrap_or_default());
    let state = move || expiry(now.get(), session.with(|s| s.as_ref().and_then(|s| s.credentials.expires_at_ms)));
    let soon = Memo::new(move |_| matches!(state(), Expiry::Soon { .. }));
    let previous = move || session.with(|s| s.as_ref().and_then(|s| s.previous.as_ref().map(|p| p.identity.account.clone())));
    let go_back = move |_| {
        let back = session.with_untracked(|s| s.as_ref().and_then(|s| s.previous.clone()));
        if let Some(back) = back {
            back.store();
            session.set(Some(*back));
        }
    };
    let regions = Signal::derive(move || session.with(|s| s.as_ref().map(|s| s.regions.clone()).unwrap_or_default()));
    let set_regions = Callback::new(move |chosen: Vec<String>| {
        session.update(|s| {
            if let Some(s) = s.as_mut() {
                s.regions = chosen;
                s.store();
            }
        })
    });
    view! {
        <header class="app-bar">
            <Brand/>
            <div class="identity">
                <p>"Account "<strong class="account">{field(|s| s.identity.account.clone())}</strong></p>
                <p class="arn"><code>{field(|s| s.identity.arn.clone())}</code></p>
            </div>
            // Each service's destination: an override of KMS and STS alone leaves the other three
            // on AWS's public endpoints, and the bar says so rather than name one URL for all.
            {move || session.with(|s| s.as_ref().filter(|s| s.endpoints.overrides.any()).map(|s| s.endpoints.destinations(&s.regions))).map(|text| view! {
                <p class="endpoint" title="Set at sign-in">{text}</p>
            })}
            <ClockNotice/>
            <div class="session-tools">
                <p class=move || match state() { Expiry::Soon { .. } | Expiry::Expired => "expiry soon", _ => "expiry" }>
                    {move || match state() {
                        Expiry::Unknown => "Expiry unknown".to_owned(),
                        Expiry::Valid { remaining_ms } => format!("Credentials expire in {}", countdown(remaining_ms)),
                        Expiry::Soon { remaining_ms } => format!("Credentials expire in {}: renew them soon", countdown(remaining_ms)),
                        Expiry::Expired => "Credentials expired".to_owned(),
                    }}
                </p>
                <RegionPicker id="bar-regions" selected=regions on_change=set_regions on_first_open=true/>
                <button type="button" on:click=move |_| switching.set(true)>"Switch role"</button>
                {move || previous().map(|account| view! { <button type="button" on:click=go_back>{format!("Return to account {account}")}</button> })}
                <button type="button" on:click=move |_| sign_out(session)>"Sign out"</button>
            </div>
        </header>
        <Show when=move || soon.get()>
            <div class="warning" role="alert">
                <p>"Your credentials expire in less than five minutes. Get new ones now to keep working without a break."</p>
                <button type="button" class="primary" on:click=move |_| renew_early.set(true)>"Renew now"</button>
            </div>
        </Show>
        <Show when=move || switching.get()>
            <Modal labelled_by="switch-role-title" on_escape=Callback::new(move |()| switching.set(false))>
                <SwitchRole done=move || switching.set(false)/>
            </Modal>
        </Show>
    }
}

/// Says, calmly, when the console signs for an endpoint with that endpoint's time rather than this
/// computer's, by how much and for which endpoint (see `aws::client::MAX_CLOCK_CORRECTION_MS`).
#[component]
pub fn ClockNotice() -> impl IntoView {
    use crate::browser::fetch::{clock_corrections, CLOCK_CORRECTED_EVENT};
    let corrections = RwSignal::new(clock_corrections());
    let handle = window_event_listener_untyped(CLOCK_CORRECTED_EVENT, move |_| corrections.set(clock_corrections()));
    on_cleanup(move || handle.remove());
    move || {
        corrections.with(|list| {
            list.iter()
                .map(|(endpoint, offset)| {
                    let text = format!(
                        "This computer's clock is {} {} {endpoint}'s: requests to it are signed with its time.",
                        crate::aws::client::offset_text(*offset),
                        if *offset > 0 { "behind" } else { "ahead of" }
                    );
                    view! { <p class="clock-note" role="status">{text}</p> }
                })
                .collect_view()
        })
    }
}
