//! Opening a scope: its clients, its first list (the one sign-in already asked for, for the hub),
//! its polling, its health checks after each list, and its renewals. Everything started here
//! lives under the scope's owner and stops with it.

use super::health::HealthClients;
use super::Scope;
use crate::hooks::{use_polling, PollingSignals, UsePollingOptions};
use crate::kms::KmsClient;
use crate::ops::cli::Target;
use crate::state::account::Account;
use crate::state::session::Session;
use crate::state::settle::Settle;
use crate::state::warmup::Warmup;
use leptos::prelude::*;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

/// Clusters and metrics wait this long after a list: the rows first, then the health dots.
const HEALTH_AFTER_LIST: Duration = Duration::from_millis(250);

/// The scope of `account` in `region`, or why it cannot be opened (an endpoint that does not
/// resolve, or an account without credentials yet).
pub fn open(account: Account, region: &str, session: RwSignal<Option<Session>>, notify: RwSignal<bool>) -> Result<Scope, String> {
    let current = session.get_untracked().ok_or("You are signed out.")?;
    let credentials = account.credentials_untracked().ok_or("This account has no credentials yet.")?;
    let url = current.endpoint("kms", region).map_err(|e| e.to_string())?;
    let transport = crate::state::activity::transport(account.id());
    let client = KmsClient::new(transport.clone(), credentials.clone(), region.to_owned(), url);
    let health = HealthClients::new(&current, &credentials, region, &transport);
    // The CLI names an endpoint only when the console's own is overridden (a sandbox, a VPC endpoint).
    let endpoint = current.endpoints.overrides.kms.clone().or_else(|| current.endpoints.overrides.all.clone());
    let profile = account.info().and_then(|i| i.profile);
    let cli = Target::new(region).endpoint(endpoint.as_deref()).profile(profile.as_deref());
    let r = Scope::new(account, client, health, notify, cli);
    transport.on_retry(move |event| r.requests.note_retry(event));
    follow_renewals(r);
    let prefetched = if account.is_hub() { super::prefetch::take(region, &credentials.access_key_id) } else { None };
    r.refresh_from(prefetched);
    use_polling(
        PollingSignals {
            in_transition: Memo::new(move |_| r.list.in_transition()),
            enabled: Memo::new(move |_| r.can_send()),
            started_at: r.requests.transition_started.into(),
            completed: r.requests.refreshes.into(),
            failures: Signal::derive(move || r.list.load.with(|l| l.failures)),
            in_flight: r.requests.refreshing.into(),
        },
        move || r.refresh(),
        UsePollingOptions { spread: Some(crate::fleet::Scope::new(account.id(), region)), ..Default::default() },
    );
    follow_health(r);
    report_changes(r);
    on_cleanup(move || r.shut_down());
    Ok(r)
}

/// Clusters and metrics are looked at again after list refreshes, when they are due, and not
/// before every scope of the page has its first list (see `warmup`).
fn follow_health(r: Scope) {
    let warmup = Warmup::get();
    // The scope counts in the warmup until its first answer (or until it goes away without one).
    let waiting = Arc::new(AtomicBool::new(warmup.is_some()));
    if let Some(w) = warmup {
        w.enter();
        let waiting = waiting.clone();
        on_cleanup(move || {
            if waiting.swap(false, Ordering::Relaxed) {
                w.leave();
            }
        });
    }
    // One watcher for both (at 204 scopes, a watcher is a task each). The warmup's flag is set
    // only when it flips: watched directly, without a memo per scope. It also looks when it is
    // made: a hub scope's first list (the one sign-in asked for) may be in before it watches.
    Effect::watch(
        move || (r.requests.refreshes.get(), warmup.is_none_or(|w| w.is_over())),
        move |&(refreshes, open), _, _| {
            if refreshes == 0 {
                return;
            }
            if waiting.swap(false, Ordering::Relaxed) {
                if let Some(w) = warmup {
                    w.leave();
                }
            }
            if !open {
                return;
            }
            // Once the rows are on screen and the page has settled: the health dots can wait a
            // quarter of a second, the table should not wait for them.
            set_timeout(
                move || {
                    if r.list.load.try_with_untracked(|l| l.error.is_none()) == Some(true) {
                        r.check_clusters(false);
                        r.load_summaries(false);
                        r.count_alarms();
                    }
                },
                HEALTH_AFTER_LIST,
            );
        },
        true,
    );
}

/// Tells the fleet-wide views that this scope's stores or health changed (see `settle`).
fn report_changes(r: Scope) {
    let Some(settle) = Settle::get() else { return };
    Effect::new(move |_| {
        r.list.stores.track();
        r.health.summaries.track();
        r.health.clusters.track();
        r.health.alarm_counts.track();
        settle.changed();
    });
}

/// Renewed credentials replace the old ones in place: the view and its progress stay.
fn follow_renewals(r: Scope) {
    // The hub's stamp is read from the session, which also changes for other reasons (a Region
    // added): only a new key or expiry is a renewal.
    Effect::watch(
        move || r.account.credential_stamp(),
        move |stamp, before, _| {
            if before.is_some_and(|before| before != stamp) {
                if let Some(credentials) = r.account.credentials_untracked() {
                    r.set_credentials(credentials);
                    r.refresh();
                }
            }
        },
        false,
    );
}
