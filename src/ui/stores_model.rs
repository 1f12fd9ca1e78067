//! The store list of one Region: its signals, and everything that changes them (a refresh, and
//! Connect, Disconnect, Create, Update, Delete). Provided as a context to the Region's components.

use crate::browser::fetch::FetchTransport;
use crate::browser::now_ms;
use crate::kms::model::{CreateCustomKeyStoreRequest, UpdateCustomKeyStoreRequest};
use crate::kms::operation::Operation;
use crate::kms::polling::any_in_transition;
use crate::kms::progress::{record, Step};
use crate::kms::rules::{expected_state_after, is_allowed, is_in_transition, Action};
use crate::kms::{ConnectionState, KeyStore, KmsClient, KmsError};
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::collections::{BTreeMap, BTreeSet};
use std::future::Future;

pub type Client = KmsClient<FetchTransport>;

#[derive(Clone, Debug, PartialEq)]
pub struct Banner {
    /// What the user was doing, e.g. "Connecting payments-hsm".
    pub doing: String,
    pub operation: Operation,
    pub error: KmsError,
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
    /// Stores (by id, or "create") with a call in flight: their buttons are locked.
    pub pending: RwSignal<BTreeSet<String>>,
    /// Stores whose transition the user started and the page follows to its end.
    pub watching: RwSignal<BTreeSet<String>>,
    /// When the latest transition began (epoch ms), for the polling schedule.
    pub transition_started: RwSignal<Option<u64>>,
    /// When the user last started an action on each store (epoch ms).
    pub action_started: RwSignal<BTreeMap<String, u64>>,
    /// The states each store passed through while this page was open.
    pub timelines: RwSignal<BTreeMap<String, Vec<Step>>>,
    /// Bumped on each accepted change, so a list fetched before it is known to be stale.
    generation: RwSignal<u64>,
    /// The store whose troubleshooting guide is open, and the code it failed with.
    pub guide: RwSignal<Option<(String, String)>>,
    /// The action waiting for the user's confirmation.
    pub confirming: RwSignal<Option<(Action, String)>>,
    /// The store whose details are open.
    pub details: RwSignal<Option<String>>,
    pub creating: RwSignal<bool>,
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
            action_started: RwSignal::new(BTreeMap::new()),
            timelines: RwSignal::new(BTreeMap::new()),
            generation: RwSignal::new(0),
            guide: RwSignal::new(None),
            confirming: RwSignal::new(None),
            details: RwSignal::new(None),
            creating: RwSignal::new(false),
            announcement: RwSignal::new(String::new()),
            expired,
            client: StoredValue::new_local(client),
        }
    }

    pub fn region(&self) -> String {
        self.client.with_value(|c| c.region().to_owned())
    }

    pub fn in_transition(&self) -> bool {
        self.stores.with(|s| any_in_transition(s))
    }

    pub fn can_send(&self) -> bool {
        !self.expired.get()
    }

    pub fn store(&self, id: &str) -> Option<KeyStore> {
        self.stores.with(|s| s.iter().find(|s| s.id() == id).cloned())
    }

    pub fn is_pending(&self, id: &str) -> bool {
        self.pending.with(|p| p.contains(id))
    }

    pub fn can(&self, action: Action, store: &KeyStore) -> bool {
        !self.is_pending(store.id()) && self.can_send() && store.connection_state.as_ref().is_some_and(|s| is_allowed(action, s))
    }

    /// New credentials for the same account: the list, its progress and the guide stay.
    pub fn set_credentials(&self, credentials: crate::aws::credentials::Credentials) {
        self.client.update_value(|c| *c = c.with_credentials(credentials));
    }

    /// Fetches the whole list once. At most one refresh is in flight; a list that was fetched
    /// before an accepted change is thrown away and fetched again.
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
                    self.note_states(&list);
                    self.stores.set(list);
                    self.first_load.set(false);
                    if self.banner.with_untracked(|b| b.as_ref().is_some_and(|b| b.operation == Operation::DescribeCustomKeyStores)) {
                        self.banner.set(None);
                    }
                }
                Err(error) => self.fail("Loading the key stores".into(), Operation::DescribeCustomKeyStores, error),
            }
            self.refreshes.update(|n| *n += 1);
        });
    }

    fn fail(&self, doing: String, operation: Operation, error: KmsError) {
        self.banner.set(Some(Banner { doing, operation, error }));
    }

    /// Runs one KMS call for `key` (a store id, or "create"): a key with a call in flight ignores
    /// further presses, so one press is one call. On success `then` runs and the list is refreshed.
    fn call<T: 'static, Fut: Future<Output = Result<T, KmsError>> + 'static>(
        self,
        key: String,
        doing: String,
        operation: Operation,
        send: impl FnOnce(Client) -> Fut + 'static,
        then: impl FnOnce(Self, T) + 'static,
    ) {
        if self.is_pending(&key) || self.expired.get_untracked() {
            return;
        }
        self.pending.update(|p| {
            p.insert(key.clone());
        });
        let client = self.client.get_value();
        spawn_local(async move {
            let result = send(client).await;
            if self.pending.try_update(|p| p.remove(&key)).is_none() {
                return;
            }
            match result {
                Ok(value) => {
                    self.generation.update(|g| *g += 1);
                    then(self, value);
                    self.refresh();
                }
                Err(error) => self.fail(doing, operation, error),
            }
        });
    }

    /// Connect or Disconnect, once the user confirmed.
    pub fn run(self, action: Action, store_id: String) {
        let Some(store) = self.store(&store_id) else { return };
        if !self.can(action, &store) {
            return;
        }
        let name = store.name().to_owned();
        let verb = if action == Action::Connect { "Connecting" } else { "Disconnecting" };
        let operation = if action == Action::Connect { Operation::ConnectCustomKeyStore } else { Operation::DisconnectCustomKeyStore };
        let id = store_id.clone();
        self.call(
            store_id.clone(),
            format!("{verb} {name}"),
            operation,
            move |client| async move {
                match action {
                    Action::Connect => client.connect(&id).await,
                    Action::Disconnect => client.disconnect(&id).await,
                }
            },
            move |model, ()| {
                let state = expected_state_after(action);
                let now = now_ms();
                model.stores.update(|list| {
                    if let Some(s) = list.iter_mut().find(|s| s.id() == store_id) {
                        s.connection_state = Some(state.clone());
                        s.connection_error_code = None;
                    }
                });
                model.timelines.update(|t| record(t.entry(store_id.clone()).or_default(), now, state.clone(), None));
                model.watching.update(|w| {
                    w.insert(store_id.clone());
                });
                model.action_started.update(|a| {
                    a.insert(store_id.clone(), now);
                });
                model.transition_started.set(Some(now));
                model.announcement.set(format!("{verb} {name}: KMS accepted the request; the state is now {state}."));
            },
        );
    }

    pub fn update(self, request: UpdateCustomKeyStoreRequest, doing: String, done: impl FnOnce() + 'static) {
        let key = request.custom_key_store_id.clone();
        let said = doing.clone();
        self.call(
            key,
            doing,
            Operation::UpdateCustomKeyStore,
            move |client| async move { client.update(&request).await },
            move |model, ()| {
                model.announcement.set(format!("{said}: done."));
                done();
            },
        );
    }

    pub fn create(self, request: CreateCustomKeyStoreRequest, done: impl FnOnce(String) + 'static) {
        let doing = format!("Creating {}", request.custom_key_store_name);
        self.call(
            "create".into(),
            doing,
            Operation::CreateCustomKeyStore,
            move |client| async move { client.create(&request).await },
            move |model, id: String| {
                model.announcement.set(format!("Created custom key store {id}. It is DISCONNECTED until you connect it."));
                done(id);
            },
        );
    }

    pub fn delete(self, store_id: String, name: String) {
        let id = store_id.clone();
        self.call(
            store_id.clone(),
            format!("Deleting {name}"),
            Operation::DeleteCustomKeyStore,
            move |client| async move { client.delete(&id).await },
            move |model, ()| {
                model.details.set(None);
                model.stores.update(|l| l.retain(|s| s.id() != store_id));
                model.announcement.set(format!("Deleted custom key store {name}."));
            },
        );
    }

    /// Records each store's state in its timeline; announces the followed stores that settled,
    /// in the live region, the tab title and (if allowed) a notification; opens the guide of one
    /// that ended FAILED.
    fn note_states(&self, list: &[KeyStore]) {
        let now = now_ms();
        self.timelines.update(|t| {
            for s in list {
                if let Some(state) = &s.connection_state {
                    record(t.entry(s.id().to_owned()).or_default(), now, state.clone(), s.connection_error_code.as_ref().map(ToString::to_string));
                }
            }
        });
        let watching = self.watching.get_untracked();
        for store in list.iter().filter(|s| watching.contains(s.id())) {
            let Some(state) = &store.connection_state else { continue };
            if is_in_transition(state) {
                continue;
            }
            self.watching.update(|w| {
                w.remove(store.id());
            });
            let sentence = match (state, &store.connection_error_code) {
                (ConnectionState::Failed, Some(code)) => {
                    self.guide.set(Some((store.id().to_owned(), code.to_string())));
                    format!("{} is FAILED with {code}. The troubleshooting guide is open below the table.", store.name())
                }
                _ => format!("{} is {state}.", store.name()),
            };
            self.announcement.set(sentence.clone());
            crate::browser::notify::settled(&format!("{} {state}", store.name()), &sentence);
        }
    }

    /// Cancels requests in flight; called when the page goes away (sign-out).
    pub fn shut_down(&self) {
        self.client.try_with_value(|c| c.transport().abort_all());
    }
}
