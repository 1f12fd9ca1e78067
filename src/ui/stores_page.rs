//! The signed-in page: the header, then one section per Region, each loading, polling and
//! failing on its own, so one Region's trouble never hides another's stores.

use super::confirm_dialog::ConfirmDialog;
use super::create_store::CreateStore;
use super::error_banner::ErrorBanner;
use super::guidance_panel::GuidancePanel;
use super::header::Header;
use super::list_view::{provide_list_view, ListToolbar};
use super::progress::NowContext;
use super::renew_dialog::RenewDialog;
use super::session::use_session;
use super::store_details::StoreDetails;
use super::store_table::StoreTable;
use super::stores_model::StoresModel;
use crate::browser::fetch::FetchTransport;
use crate::browser::notify;
use crate::hooks::{use_now, use_polling, PollingSignals, UsePollingOptions};
use crate::kms::KmsClient;
use leptos::prelude::*;

#[component]
pub fn StoresPage() -> impl IntoView {
    let session = use_session().0;
    let now = use_now(1000);
    let expired = Signal::derive(move || session.with(|s| s.as_ref().and_then(|s| s.credentials.expires_at_ms)).is_some_and(|at| now.get() >= at));
    let regions = session.with_untracked(|s| s.as_ref().map(|s| s.regions.clone()).unwrap_or_default());
    // "Remember in this tab" lasts until the credentials expire: the tab's copy goes then.
    Effect::new(move |_| {
        if expired.get() {
            crate::browser::storage::clear();
        }
    });
    provide_context(NowContext(now));
    provide_list_view();
    let notifications = RwSignal::new(notify::permission_granted());
    view! {
        <Header now/>
        <Show when=move || expired.get()>
            <RenewDialog/>
        </Show>
        <div class="page-tools">
            <ListToolbar/>
            <div class="field checkbox">
                <input type="checkbox" id="notify" prop:checked=move || notifications.get()
                    on:change=move |ev| {
                        let on = event_target_checked(&ev);
                        notifications.set(on);
                        if on {
                            notify::ask_permission();
                        }
                    }/>
                <label for="notify">"Notify me when a transition ends"</label>
            </div>
        </div>
        {regions.into_iter().map(|region| view! { <RegionSection region expired/> }).collect_view()}
    }
}

#[component]
fn RegionSection(region: String, expired: Signal<bool>) -> impl IntoView {
    let session = use_session().0;
    let Some(current) = session.get_untracked() else { return ().into_any() };
    let endpoint = current.endpoint("kms", &region);
    let heading_id = format!("region-{region}");
    let body = match endpoint {
        Err(e) => view! { <p class="problem" role="alert">{e.to_string()}</p> }.into_any(),
        Ok(url) => {
            let model = StoresModel::new(KmsClient::new(FetchTransport::new(), current.credentials.clone(), region.clone(), url), expired);
            provide_context(model);
            // Renewed credentials replace the old ones in place: the view and its progress stay.
            Effect::new(move |previous: Option<Option<(String, Option<u64>)>>| {
                let credentials = session.with(|s| s.as_ref().map(|s| s.credentials.clone()));
                let stamp = credentials.as_ref().map(|c| (c.access_key_id.clone(), c.expires_at_ms));
                if let (Some(previous), Some(credentials)) = (previous, credentials) {
                    if previous != stamp {
                        model.set_credentials(credentials);
                        model.refresh();
                    }
                }
                stamp
            });
            model.refresh();
            use_polling(
                PollingSignals {
                    in_transition: Signal::derive(move || model.in_transition()),
                    enabled: Signal::derive(move || model.can_send()),
                    started_at: model.transition_started.into(),
                    completed: model.refreshes.into(),
                },
                move || model.refresh(),
                UsePollingOptions::default(),
            );
            on_cleanup(move || model.shut_down());
            view! {
                <div class="region-tools">
                    <button type="button" on:click=move |_| model.creating.update(|c| *c = !*c) disabled=move || expired.get()>"Create key store"</button>
                    <button type="button" aria-label=format!("Refresh {}", model.region()) on:click=move |_| model.refresh()
                        disabled=move || model.refreshing.get() || expired.get()>
                        {move || if model.refreshing.get() { "Refreshing…" } else { "Refresh" }}
                    </button>
                </div>
                <Show when=move || model.creating.get()>
                    <CreateStore/>
                </Show>
                <ErrorBanner/>
                <p class="live" role="status" aria-live="polite">{move || model.announcement.get()}</p>
                <Show when=move || model.first_load.get() && model.refreshing.get()>
                    <p class="loading">"Loading custom key stores…"</p>
                </Show>
                <StoreTable/>
                <ConfirmDialog/>
                <GuidancePanel/>
                <StoreDetails/>
            }
            .into_any()
        }
    };
    let labelled_by = heading_id.clone();
    view! {
        <section class="region" aria-labelledby=labelled_by data-region=region.clone()>
            <h2 id=heading_id>{region.clone()}</h2>
            {body}
        </section>
    }
    .into_any()
}
