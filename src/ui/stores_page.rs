//! The signed-in page: the app bar, the page heading and view tools, the fleet's accounts, then
//! one section per scope (account and Region). Regions come and go from the app bar, accounts from
//! the accounts panel, without disturbing the others; they (never credentials) live in the URL,
//! with the table's view and the store whose details are open, and Back and Forward step between
//! views (`state::view_link`).
//! The tab title says which store is in transition, across the whole fleet.

use super::accounts_panel::AccountsPanel;
use super::activity_log::ActivityPanel;
use super::app_bar::AppBar;
use super::certificate_view::CertificateView;
use super::fleet_summary::FleetSummary;
use super::list_view::{ListToolbar, TypeTabs};
use super::operator_tools::OperatorTools;
use super::renew_dialog::RenewDialog;
use super::scope_section::{Group, ScopeGroup, ScopesByGroup};
use super::shortcuts::Shortcuts;
use crate::browser::notify;
use crate::hooks::{use_now, use_online};
use crate::kms::listing::Grouping;
use crate::state::fleet::{Fleet, ScopeEntry};
use crate::state::list_view::provide_list_view;
use crate::state::session::{use_session, RenewEarly, SessionClock};
use crate::state::view_link::ViewLink;
use leptos::prelude::*;

#[component]
pub fn StoresPage() -> impl IntoView {
    let session = use_session().0;
    let clock = SessionClock::new(session, use_now(1000));
    provide_context(clock);
    let renew_early = RenewEarly(RwSignal::new(false));
    provide_context(renew_early);
    // Every scope's polling pauses while the tab is hidden or offline: one watcher for them all.
    crate::hooks::provide_looking();
    let notifications = RwSignal::new(notify::permission_granted());
    let fleet = Fleet::provide(session, clock, notifications);
    // "Remember in this tab" lasts until the credentials expire: the tab's copy goes then.
    Effect::watch(
        move || clock.expired.get(),
        |&expired, _, _| {
            if expired {
                crate::browser::storage::clear();
            }
        },
        true,
    );
    // Rebuilt once a burst of answers has settled (see `Fleet::settled`), not per scope's answer.
    let title = Memo::new(move |_| {
        fleet.settled.track();
        untrack(|| fleet.open_scopes().iter().flat_map(|r| r.moving()).collect::<Vec<_>>())
    });
    Effect::watch(move || title.get(), |names, _, _| notify::in_progress(names), false);
    let regions = Memo::new(move |_| session.with(|s| s.as_ref().map(|s| s.regions.clone()).unwrap_or_default()));
    let view = provide_list_view();
    // The view, the Regions and the store whose details are open live in the URL, with Back and
    // Forward between views.
    let link = ViewLink::provide(fleet, session, view);
    let online = use_online();
    let remove = Callback::new(move |name: String| {
        session.update(|s| {
            if let Some(s) = s.as_mut().filter(|s| s.regions.len() > 1) {
                s.regions.retain(|r| *r != name);
                s.store();
            }
        })
    });
    let removable = Signal::derive(move || regions.with(|r| r.len() > 1));
    // The groups shown, in order: accounts (hub first) or Regions, as the view says; one group
    // holds every scope when the page watches one account.
    let groups = Memo::new(move |_| {
        let (group, only) = view.with(|v| (v.group, v.account.clone()));
        // Read in place, each key found by hashing: this runs at each change of the registry.
        fleet.scopes.with(|scopes| {
            let mut seen = std::collections::HashSet::new();
            scopes
                .iter()
                .filter(|e| only.as_ref().is_none_or(|a| *a == e.key.0))
                .map(|e| if group == Grouping::Region { &e.key.1 } else { &e.key.0 })
                .filter(|k| seen.insert(*k))
                .map(|k| Group { by: group, key: k.clone() })
                .collect::<Vec<_>>()
        })
    });
    // Each group's scopes, sorted out once per change of the registry (not once per group).
    let by_group = Memo::new(move |_| {
        let (group, only) = view.with(|v| (v.group, v.account.clone()));
        let mut map: std::collections::HashMap<String, Vec<ScopeEntry>> = std::collections::HashMap::new();
        fleet.scopes.with(|scopes| {
            for e in scopes.iter().filter(|e| only.as_ref().is_none_or(|a| *a == e.key.0)) {
                let k = if group == Grouping::Region { e.key.1.clone() } else { e.key.0.clone() };
                map.entry(k).or_default().push(e.clone());
            }
        });
        map
    });
    provide_context(ScopesByGroup(by_group));
    view! {
        <AppBar/>
        <Show when=move || clock.expired.get() || renew_early.0.get()>
            <RenewDialog/>
        </Show>
        <Show when=move || !online.get()>
            <div class="warning offline" role="status">
                <p>"You are offline. Nothing is sent and the table shows what was last loaded; the page carries on by itself when the connection is back."</p>
            </div>
        </Show>
        <div class="page-head">
            <h1>"Custom key stores"</h1>
            <p class="hint">{move || regions.with(|r| match r.len() {
                1 => format!("In {}. Add Regions from the Regions menu above.", r[0]),
                n => format!("In {n} Regions: {}.", r.join(", ")),
            })}</p>
        </div>
        <Show when=move || link.note.with(Option::is_some)>
            <p class="link-note" role="status">{move || link.note.get()}</p>
        </Show>
        <FleetSummary/>
        <AccountsPanel/>
        <TypeTabs/>
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
        <For each=move || groups.get() key=|g| g.clone() let:group>
            <ScopeGroup group on_remove=remove removable/>
        </For>
        <CertificateView/>
        <OperatorTools/>
        <ActivityPanel/>
        <Shortcuts/>
    }
}
