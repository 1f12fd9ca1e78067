//! One Region's section of the page: it loads, polls and fails on its own, so one Region's
//! trouble never hides another's stores.

use super::health::HealthClients;
use super::{Origin, Region};
use crate::aws::time::duration_text;
use crate::browser::fetch::FetchTransport;
use crate::hooks::{use_polling, PollingSignals, UsePollingOptions};
use crate::kms::rules::is_in_transition;
use crate::kms::words;
use crate::kms::KmsClient;
use crate::ui::confirm_dialog::ConfirmDialog;
use crate::ui::create_store::CreateStore;
use crate::ui::error_banner::ErrorBanner;
use crate::ui::guidance_panel::GuidancePanel;
use crate::ui::load_status::LoadStatus;
use crate::ui::session::{use_session, SessionClock};
use crate::ui::store_details::StoreDetails;
use crate::ui::store_table::StoreTable;
use crate::ui::stores_page::InTransition;
use leptos::prelude::*;

#[component]
pub fn RegionSection(#[prop(into)] region: String, notify: RwSignal<bool>, on_remove: Callback<String>, removable: Signal<bool>) -> impl IntoView {
    let session = use_session().0;
    let clock = expect_context::<SessionClock>();
    let Some(current) = session.get_untracked() else { return ().into_any() };
    let heading_id = format!("region-{region}");
    let body = match current.endpoint("kms", &region) {
        Err(e) => view! {
            <div class="region-head"><h2 id=heading_id.clone()>{region.clone()}</h2></div>
            <p class="problem" role="alert">{e.to_string()}</p>
        }
        .into_any(),
        Ok(url) => {
            let transport = FetchTransport::new();
            let client = KmsClient::new(transport.clone(), current.credentials.clone(), region.clone(), url);
            let health = HealthClients::new(&current, &region, &transport);
            let r = Region::new(client, health, clock.expired, notify, session);
            transport.on_retry(move |event| r.requests.note_retry(event));
            follow_renewals(r);
            r.refresh_from(super::prefetch::take(&region, &current.credentials.access_key_id));
            use_polling(
                PollingSignals {
                    in_transition: Memo::new(move |_| r.list.in_transition()),
                    enabled: Memo::new(move |_| r.can_send()),
                    started_at: r.requests.transition_started.into(),
                    completed: r.requests.refreshes.into(),
                    failures: Signal::derive(move || r.list.load.with(|l| l.failures)),
                },
                move || r.refresh(),
                UsePollingOptions::default(),
            );
            publish_transitions(r);
            follow_health(r);
            crate::ui::certificate_view::publish(r);
            on_cleanup(move || r.shut_down());
            view! { <RegionBody region=r on_remove removable/> }.into_any()
        }
    };
    let labelled_by = heading_id.clone();
    view! {
        <section class="region" aria-labelledby=labelled_by data-region=region.clone()>
            {body}
        </section>
    }
    .into_any()
}

const HEALTH_AFTER_LIST: std::time::Duration = std::time::Duration::from_millis(250);

/// Clusters and metrics are looked at again after list refreshes, when they are due.
fn follow_health(r: Region) {
    Effect::watch(
        move || r.requests.refreshes.get(),
        move |_, _, _| {
            // Once the rows are on screen and the page has settled: the health dots can wait a
            // quarter of a second, the table should not wait for them.
            set_timeout(
                move || {
                    if r.list.load.try_with_untracked(|l| l.error.is_none()) == Some(true) {
                        r.check_clusters(false);
                        r.load_summaries(false);
                    }
                },
                HEALTH_AFTER_LIST,
            );
        },
        false,
    );
}

/// Tells the page which of this Region's stores are in transition, for the tab title.
fn publish_transitions(r: Region) {
    let Some(moving) = use_context::<InTransition>() else { return };
    let name = r.name();
    let names = Memo::new(move |_| {
        r.list.stores.with(|l| {
            l.iter()
                .filter_map(|s| {
                    s.connection_state
                        .as_ref()
                        .filter(|st| is_in_transition(st))
                        .map(|st| format!("{} {}", words::visible(s.name()), words::state(st).to_lowercase()))
                })
                .collect::<Vec<_>>()
        })
    });
    let key = name.clone();
    Effect::watch(
        move || names.get(),
        move |names, _, _| {
            moving.0.update(|m| {
                m.insert(key.clone(), names.clone());
            })
        },
        true,
    );
    on_cleanup(move || {
        moving.0.try_update(|m| m.remove(&name));
    });
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
fn RegionBody(region: Region, on_remove: Callback<String>, removable: Signal<bool>) -> impl IntoView {
    let r = region;
    let now = expect_context::<SessionClock>().now;
    let name = r.name();
    let meta = move || {
        if let Some(retry) = r.requests.retrying.get() {
            return format!("retrying… (attempt {} of 3, after {})", retry.attempt, retry.error);
        }
        let count = r.list.stores.with(Vec::len);
        let stores = if count == 1 { "1 store".to_owned() } else { format!("{count} stores") };
        match r.list.load.with(|l| l.loaded_at) {
            Some(at) => format!("{stores} · updated {} ago", duration_text(now.get().saturating_sub(at))),
            None => "not loaded yet".to_owned(),
        }
    };
    view! {
        <div class="region-head">
            <h2 id=format!("region-{name}")>{name.clone()}</h2>
            <p class="region-meta">{meta}</p>
            <div class="region-tools">
                <button type="button" on:click=move |_| r.panels.creating.update(|c| *c = !*c) disabled=move || !r.can_send()>"Create key store"</button>
                <button type="button" aria-label=format!("Refresh {name}") on:click=move |_| r.refresh()
                    disabled=move || r.requests.refreshing.get() || !r.can_send()>
                    {move || if r.requests.refreshing.get() { "Refreshing…" } else { "Refresh" }}
                </button>
                <Show when=move || removable.get()>
                    <button type="button" class="link" aria-label=format!("Remove Region {}", r.name())
                        on:click=move |_| on_remove.run(r.name())>"Remove"</button>
                </Show>
            </div>
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
