//! The signed-in page: who and where, the table, the guide, and live progress.

use super::error_banner::ErrorBanner;
use super::guidance_panel::GuidancePanel;
use super::session::use_session;
use super::store_table::StoreTable;
use super::stores_model::StoresModel;
use crate::browser::fetch::FetchTransport;
use crate::hooks::{use_transition_polling, UseTransitionPollingOptions};
use crate::kms::KmsClient;
use leptos::prelude::*;

#[component]
pub fn StoresPage() -> impl IntoView {
    let session = use_session().0;
    let Some(current) = session.get_untracked() else { return ().into_any() };
    let client = KmsClient::new(FetchTransport::new(), current.credentials.clone(), current.region.clone(), current.kms_endpoint.clone());
    let model = StoresModel::new(client);
    provide_context(model);
    model.refresh();
    use_transition_polling(
        Signal::derive(move || model.needs_polling()),
        model.transition_started.into(),
        model.refreshes.into(),
        move || model.refresh(),
        UseTransitionPollingOptions::default(),
    );
    on_cleanup(move || model.shut_down());

    view! {
        <header class="top">
            <p class="identity">
                "Signed in as "<code>{current.credentials.access_key_id.clone()}</code>
                " · Region "<strong>{current.region.clone()}</strong>
                " · "<span class="endpoint">{current.kms_endpoint.clone()}</span>
            </p>
            <button type="button" on:click=move |_| model.refresh() disabled=move || model.refreshing.get()>
                {move || if model.refreshing.get() { "Refreshing…" } else { "Refresh" }}
            </button>
            <button type="button" on:click=move |_| session.set(None)>"Sign out"</button>
        </header>
        <ErrorBanner/>
        <p class="live" role="status" aria-live="polite">{move || model.announcement.get()}</p>
        <Show when=move || model.first_load.get() && model.refreshing.get()>
            <p class="loading">"Loading custom key stores…"</p>
        </Show>
        <StoreTable/>
        <GuidancePanel/>
    }
    .into_any()
}
