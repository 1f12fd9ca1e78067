//! The store list of one signed-in session: its signals, and the two things that change them
//! (a refresh, and a Connect or Disconnect). Provided as a context to the page's components.

use crate::browser::fetch::FetchTransport;
use crate::browser::now_ms;
use crate::kms::polling::any_in_transition;
use crate::kms::rules::{expected_state_after, is_allowed, is_in_transition, Action};
use crate::kms::{ConnectionState, KeyStore, KmsClient, KmsError};
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::collections::BTreeSet;

pub type Client = KmsClient<FetchTransport>;

#[derive(Clone, Debug, PartialEq)]
pub struct Banner {
    /// What the user was doing, e.g. "Connecting payments-hsm".
    pub doing: String,
    pub error: KmsError,
    /// A refresh error goes away when a later refresh succeeds; an action's error stays.
    pub from_refresh: bool,
}

#[derive(Clone, Copy)]
pub struct StoresModel {
    pub stores: RwSignal<Vec<KeyStore>>,
    /// True until the first list arrives.
    pub first_load: RwSignal<bool>,
    pub refreshing: RwSignal<bool>,
    /// Bumped whenever a refresh ends, successful or not.
    pub refreshes: RwSignal<u64>,
    pub banner: RwSignal<Option<Banner>>,
    /// Stores with a Connect or Disconnect call in flight: their buttons are locked.
    pub pending: RwSignal<BTreeSet<String>>,
    /// Stores whose transition the user started and the page is following to its end.
    pub watching: RwSignal<BTreeSet<String>>,
    /// When the latest transition began (epoch ms), for the polling schedule.
    pub transition_started: RwSignal<Option<u64>>,
    /// Bumped on each accepted action, so a list fetched before it is known to be stale.
    generation: RwSignal<u64>,
    /// The store whose troubleshooting guide is open, and the code it failed with.
    pub guide: RwSignal<Option<(String, String)>>,
    /// The last progress sentence, for the ARIA live region.
    pub announcement: RwSignal<String>,
    /// The session's credentials have expired: nothing is sent until they are renewed.
    expired: Signal<bool>,
    client: StoredValue<Client, LocalStorage>,
}

impl StoresModel {
    pub fn new(client: Client, expired: Signal<bool>) -> Self {
        Self {
            stores: RwSignal::new(vec![]),
            first_load: RwSignal::new(true),
            refreshing: RwSignal::new(false),
            refreshes: RwSignal::new(0),
            banner: RwSignal::new(None),
            pending: RwSignal::new(BTreeSet::new()),
            watching: RwSignal::new(BTreeSet::new()),
            transition_started: RwSignal::new(None),
            generation: RwSignal::new(0),
            guide: RwSignal::new(None),
            announcement: RwSignal::new(String::new()),
            expired,
            client: StoredValue::new_local(client),
        }
    }

    pub fn region(&self) -> String {
        self.client.with_value(|c| c.region().to_owned())
    }

    /// Whether anything will change without the user: the polling hook runs while this holds
    /// (and never with expired credentials).
    pub fn needs_polling(&self) -> bool {
        !self.expired.get() && (self.stores.with(|s| any_in_transition(s)) || self.pending.with(|p| !p.is_empty()))
    }

    pub fn can(&self, action: Action, store: &KeyStore) -> bool {
        let locked = self.pending.with(|p| p.contains(store.id()));
        !locked && !self.expired.get() && store.connection_state.as_ref().is_some_and(|s| is_allowed(action, s))
    }

    /// New credentials for the same account: the list, its progress and the guide stay.
    pub fn set_credentials(&self, credentials: crate::aws::credentials::Credentials) {
        self.client.update_value(|c| *c = c.with_credentials(credentials));
    }

    /// Fetches the whole list once. At most one refresh is in flight; a list that was fetched
    /// before an accepted action is thrown away and fetched again.
    pub fn refresh(self) {
        if self.refreshing.get_untracked() || self.expired.get_untracked() {
            return;
        }
        self.refreshing.set(true);
        let generation = self.generation.get_untracked();
        let client = self.client.get_value();
        spawn_local(async move {
            let result = client.describe_all().await;
            // After sign-out these signals are gone: `try_` drops a late answer quietly.
            if self.refreshing.try_set(false).is_some() {
                return;
            }
            if self.generation.get_untracked() != generation {
                return self.refresh();
            }
            match result {
                Ok(list) => {
                    self.note_settled(&list);
                    self.stores.set(list);
                    self.first_load.set(false);
                    if self.banner.with_untracked(|b| b.as_ref().is_some_and(|b| b.from_refresh)) {
                        self.banner.set(None);
                    }
                }
                Err(error) => self.banner.set(Some(Banner { doing: "Loading the key stores".into(), error, from_refresh: true })),
            }
            self.refreshes.update(|n| *n += 1);
        });
    }

    /// Connect or Disconnect, one call per press: a store with a call in flight ignores presses.
    pub fn run(self, action: Action, store_id: String) {
        let Some(store) = self.stores.with_untracked(|s| s.iter().find(|s| s.id() == store_id).cloned()) else { return };
        if !self.can(action, &store) {
            return;
        }
        self.pending.update(|p| {
            p.insert(store_id.clone());
        });
        let client = self.client.get_value();
        let name = store.name().to_owned();
        spawn_local(async move {
            let result = match action {
                Action::Connect => client.connect(&store_id).await,
                Action::Disconnect => client.disconnect(&store_id).await,
            };
            let verb = if action == Action::Connect { "Connecting" } else { "Disconnecting" };
            if self.pending.try_update(|p| p.remove(&store_id)).is_none() {
                return;
            }
            match result {
                Ok(()) => {
                    let state = expected_state_after(action);
                    self.stores.update(|list| {
                        if let Some(s) = list.iter_mut().find(|s| s.id() == store_id) {
                            s.connection_state = Some(state.clone());
                            s.connection_error_code = None;
                        }
                    });
                    self.watching.update(|w| {
                        w.insert(store_id.clone());
                    });
                    self.transition_started.set(Some(now_ms()));
                    self.generation.update(|g| *g += 1);
                    self.announcement.set(format!("{verb} {name}: KMS accepted the request; the state is now {state}."));
                    self.refresh();
                }
                Err(error) => self.banner.set(Some(Banner { doing: format!("{verb} {name}"), error, from_refresh: false })),
            }
        });
    }

    /// Announces stores the user was following that have settled, and opens the guide of one
    /// that ended FAILED.
    fn note_settled(&self, list: &[KeyStore]) {
        let watching = self.watching.get_untracked();
        for store in list.iter().filter(|s| watching.contains(s.id())) {
            let Some(state) = &store.connection_state else { continue };
            if is_in_transition(state) {
                continue;
            }
            self.watching.update(|w| {
                w.remove(store.id());
            });
            match (state, &store.connection_error_code) {
                (ConnectionState::Failed, Some(code)) => {
                    self.announcement.set(format!("{} is FAILED with {code}. The troubleshooting guide is open below the table.", store.name()));
                    self.guide.set(Some((store.id().to_owned(), code.to_string())));
                }
                _ => self.announcement.set(format!("{} is {state}.", store.name())),
            }
        }
    }

    /// Cancels requests in flight; called when the page goes away (sign-out).
    pub fn shut_down(&self) {
        self.client.try_with_value(|c| c.transport().abort_all());
    }
}
