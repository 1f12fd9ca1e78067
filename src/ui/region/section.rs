//! One Region's section of the page: it loads, polls and fails on its own, so one Region's
//! trouble never hides another's stores.

use super::{Origin, Region};
use crate::browser::fetch::FetchTransport;
use crate::hooks::{use_polling, PollingSignals, UsePollingOptions};
use crate::kms::KmsClient;
use crate::ui::confirm_dialog::ConfirmDialog;
use crate::ui::create_store::CreateStore;
use crate::ui::error_banner::ErrorBanner;
use crate::ui::guidance_panel::GuidancePanel;
use crate::ui::load_status::LoadStatus;
use crate::ui::session::{use_session, SessionClock};
use crate::ui::store_details::StoreDetails;
use crate::ui::store_table::StoreTable;
use leptos::prelude::*;

#[component]
pub fn RegionSection(#[prop(into)] region: String, notify: RwSignal<bool>, on_remove: Callback<String>, removable: Signal<bool>) -> impl IntoView {
    let session = use_session().0;
    let clock = expect_context::<SessionClock>();
    let Some(current) = session.get_untracked() else { return ().into_any() };
    let heading_id = format!("region-{region}");
    let body = match current.endpoint("kms", &region) {
        Err(e) => view! { <p class="problem" role="alert">{e.to_string()}</p> }.into_any(),
        Ok(url) => {
            let client = KmsClient::new(FetchTransport::new(), current.credentials.clone(), region.clone(), url);
            let r = Region::new(client, clock.expired, notify);
            follow_renewals(r);
            r.refresh();
            use_polling(
                PollingSignals {
                    in_transition: Memo::new(move |_| r.list.in_transition()),
                    enabled: Memo::new(move |_| r.can_send()),
                    started_at: r.requests.transition_started.into(),
                    completed: r.requests.refreshes.into(),
                },
                move || r.refresh(),
                UsePollingOptions::default(),
            );
            on_cleanup(move || r.shut_down());
            view! { <RegionBody region=r/> }.into_any()
        }
    };
    let labelled_by = heading_id.clone();
    let name = region.clone();
    view! {
        <section class="region" aria-labelledby=labelled_by data-region=region.clone()>
            <div class="region-head">
                <h2 id=heading_id>{region.clone()}</h2>
                <Show when=move || removable.get()>
                    <button type="button" class="link" aria-label=format!("Remove Region {name}")
                        on:click={ let name = name.clone(); move |_| on_remove.run(name.clone()) }>"Remove"</button>
                </Show>
            </div>
            {body}
        </section>
    }
    .into_any()
}

/// Renewed credentials replace the old ones in place: the view and its progress stay.
fn follow_renewals(r: Region) {
    let session = use_session().0;
    let stamp = Memo::new(move |_| session.with(|s| s.as_ref().map(|s| (s.credentials.access_key_id.clone(), s.credentials.expires_at_ms))));
    Effect::watch(
        move || stamp.get(),
        move |_, _, _| {
            if let Some(credentials) = session.with_untracked(|s| s.as_ref().map(|s| s.credentials.clone())) {
                r.set_credentials(credentials);
                r.refresh();
            }
        },
        false,
    );
}

#[component]
fn RegionBody(region: Region) -> impl IntoView {
    let r = region;
    view! {
        <div class="region-tools">
            <button type="button" on:click=move |_| r.panels.creating.update(|c| *c = !*c) disabled=move || !r.can_send()>"Create key store"</button>
            <button type="button" aria-label=format!("Refresh {}", r.name()) on:click=move |_| r.refresh()
                disabled=move || r.requests.refreshing.get() || !r.can_send()>
                {move || if r.requests.refreshing.get() { "Refreshing…" } else { "Refresh" }}
            </button>
        </div>
        <Show when=move || r.panels.creating.get()>
            <CreateStore region=r/>
        </Show>
        <ErrorBanner region=r origin=Origin::Table/>
        <p class="live" role="status" aria-live="polite">{move || r.requests.announcement.get()}</p>
        <LoadStatus region=r/>
        <StoreTable region=r/>
        <ConfirmDialog region=r/>
        <GuidancePanel region=r/>
        <StoreDetails region=r/>
    }
}
