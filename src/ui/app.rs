use super::identity::confirm;
use super::session::{LinkTrusted, Session, SessionContext};
use super::sign_in::SignIn;
use super::stores_page::StoresPage;
use crate::aws::remembered::Remembered;
use crate::browser::{now_ms, storage};
use leptos::prelude::*;
use leptos::task::spawn_local;

#[component]
pub fn App() -> impl IntoView {
    let session = RwSignal::new(None::<Session>);
    provide_context(SessionContext(session));
    provide_context(LinkTrusted(RwSignal::new(false)));
    let restoring = RwSignal::new(false);
    restore(session, restoring);
    // The page is rebuilt for another identity, Region set or endpoint; renewed credentials for the
    // same identity keep it (and its progress) as it is.
    let view_key = Memo::new(move |_| session.with(|s| s.as_ref().map(Session::view_key)));
    view! {
        <main class="app">
            {move || match view_key.get() {
                Some(_) => view! { <StoresPage/> }.into_any(),
                None if restoring.get() => view! { <p class="loading">"Restoring the session remembered in this tab…"</p> }.into_any(),
                None => view! { <SignIn/> }.into_any(),
            }}
        </main>
    }
}

/// Signs in again from the tab's remembered copy, if the user asked for one and it has not expired.
fn restore(session: RwSignal<Option<Session>>, restoring: RwSignal<bool>) {
    if !storage::has_copy() {
        return;
    }
    restoring.set(true);
    spawn_local(async move {
        let opened = storage::load().await.and_then(|text| Remembered::restore(&text, now_ms()));
        let Some((credentials, regions, overrides, fips)) = opened else {
            storage::clear();
            return restoring.set(false);
        };
        let region = regions.first().cloned().unwrap_or_default();
        match confirm(&credentials, &region, &overrides, fips).await {
            Ok(identity) => session.set(Some(Session { credentials, identity, regions, overrides, fips, remember: true, previous: None })),
            Err(_) => storage::clear(),
        }
        restoring.set(false);
    });
}
