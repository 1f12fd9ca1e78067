use super::deferred::{deferred, provide_console_chunk};
use super::sign_in::SignIn;
use crate::browser::{now_ms, storage};
use crate::state::session::{LinkTrusted, Session, SessionContext, ViewKey};
use leptos::prelude::*;
use leptos::task::spawn_local;

#[component]
pub fn App() -> impl IntoView {
    let session = RwSignal::new(None::<Session>);
    provide_context(SessionContext(session));
    crate::state::activity::ActivityLog::provide();
    provide_context(LinkTrusted(RwSignal::new(false)));
    // The sign-in page shows first; the rest of the console downloads right after, while the
    // user pastes, so that pressing Sign in never waits on it.
    let chunk = provide_console_chunk();
    let restoring = RwSignal::new(false);
    // Why the remembered session could not be checked (the copy kept, Retry offered).
    let unchecked = RwSignal::new(None::<String>);
    restore(session, restoring, unchecked);
    // The page is rebuilt for another identity, Region set or endpoint; renewed credentials for the
    // same identity keep it (and its progress) as it is.
    let view_key = Memo::new(move |_| session.with(|s| s.as_ref().map(Session::view_key)));
    // What shows changes only when the screen does: the chunk arriving while the user types into
    // the sign-in form must not rebuild the form (and lose what was typed).
    let screen = Memo::new(move |_| match view_key.get() {
        Some(key) if chunk.with(Option::is_some) => Screen::Console(key),
        Some(_) => Screen::Loading,
        None if restoring.get() => Screen::Restoring,
        None => Screen::SignIn,
    });
    view! {
        <main class="app">
            <Show when=move || unchecked.with(Option::is_some) && session.with(Option::is_none)>
                <div class="warning restore-failed" role="alert">
                    <p>{move || format!("The session remembered in this tab could not be checked, and is kept: {}", unchecked.get().unwrap_or_default())}</p>
                    <button type="button" class="primary" on:click=move |_| restore(session, restoring, unchecked)>"Retry"</button>
                </div>
            </Show>
            {move || match screen.get() {
                Screen::Console(_) => chunk.get_untracked().map(|parts| (parts.page)()).into_any(),
                Screen::Loading => view! { <p class="loading">"Loading the console…"</p> }.into_any(),
                Screen::Restoring => view! { <p class="loading">"Restoring the session remembered in this tab…"</p> }.into_any(),
                Screen::SignIn => view! { <SignIn/> }.into_any(),
            }}
        </main>
    }
}

#[derive(Clone, PartialEq)]
enum Screen {
    SignIn,
    Restoring,
    /// Signed in, the console's chunk still on its way.
    Loading,
    /// The signed-in page for this view key (another identity or endpoint rebuilds it).
    Console(ViewKey),
}

/// Signs in again from the tab's remembered copy, if the user asked for one and it has not expired.
/// The copy is deleted only when it cannot be used again: it expired, this tab cannot open it, or
/// STS refused the credentials. A network failure (or a busy STS) keeps it, says why, and offers
/// Retry: a brief outage at reload must not cost the user the session they asked to keep.
fn restore(session: RwSignal<Option<Session>>, restoring: RwSignal<bool>, unchecked: RwSignal<Option<String>>) {
    if !storage::has_copy() {
        return;
    }
    restoring.set(true);
    unchecked.set(None);
    spawn_local(async move {
        let parts = deferred().await;
        let opened = (parts.restore)(now_ms()).await;
        let Some((credentials, regions, endpoints)) = opened else {
            storage::clear();
            return restoring.set(false);
        };
        let region = regions.first().cloned().unwrap_or_default();
        match (parts.confirm)(credentials.clone(), region, endpoints.clone()).await {
            Ok(identity) => {
                let restored = Session { credentials, identity, regions, endpoints, remember: true, previous: None };
                (parts.prefetch)(&restored);
                session.set(Some(restored));
            }
            Err(refusal) if refusal.refused => storage::clear(),
            Err(unconfirmed) => unchecked.set(Some(unconfirmed.why)),
        }
        restoring.set(false);
    });
}
