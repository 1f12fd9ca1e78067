use super::session::{Session, SessionContext};
use super::sign_in::SignIn;
use super::stores_page::StoresPage;
use leptos::prelude::*;

#[component]
pub fn App() -> impl IntoView {
    let session = RwSignal::new(None::<Session>);
    provide_context(SessionContext(session));
    view! {
        <main class="app">
            <Show
                when=move || session.with(Option::is_some)
                fallback=|| view! { <SignIn/> }
            >
                <StoresPage/>
            </Show>
        </main>
    }
}
