//! Everything that changes a Region's stores: a refresh, and Connect, Disconnect, Create, Update,
//! Delete. Each call is one request per press; its failure is shown where it was started.

use super::panels::{Guide, Origin};
use super::prefetch::Listed;
use super::requests::{Failure, CREATING};
use super::{Client, Scope};
use crate::aws::codes;
use crate::browser::now_ms;
use crate::kms::model::{CreateCustomKeyStoreRequest, UpdateCustomKeyStoreRequest};
use crate::kms::operation::Operation;
use crate::kms::progress::record;
use crate::kms::rules::{expected_state_after, is_in_transition, Action};
use crate::kms::words;
use crate::kms::{ConnectionState, KeyStore, KmsError};
use futures_channel::oneshot;
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::future::Future;

impl Scope {
    /// Fetches the whole list once. At most one refresh is in flight; a list that was fetched
    /// before an accepted change is thrown away and fetched again. A failed load keeps the rows
    /// of the last good one.
    pub fn refresh(self) {
        self.refresh_from(None);
    }

    /// `refresh`, taking the list sign-in already asked for when there is one (see `prefetch`).
    pub fn refresh_from(self, prefetched: Option<oneshot::Receiver<Listed>>) {
        if self.requests.refreshing.get_untracked() || self.expired.get_untracked() {
            return;
        }
        self.requests.refreshing.set(true);
        let generation = self.requests.generation.get_untracked();
        let client = self.client.get_value();
        spawn_local(async move {
            let result = match prefetched {
                Some(list) => match list.await {
                    Ok(result) => result,
                    Err(_) => client.describe_all().await,
                },
                None => client.describe_all().await,
            };
            // After sign-out these signals are gone: `try_` drops a late answer quietly.
            if self.requests.refreshing.try_set(false).is_some() {
                return;
            }
            self.requests.retrying.set(None);
            if self.requests.generation.get_untracked() != generation {
                return self.refresh();
            }
            match result {
                Ok(list) => {
                    self.note_states(&list);
                    self.list.stores.set(list);
                    self.observe_rotations();
                    self.list.load.set(super::store_list::Load { loaded_at: Some(now_ms()), error: None, failures: 0 });
                }
                Err(error) => {
                    self.expire_if_refused(&error);
                    self.list.load.update(|l| {
                        l.error = Some(error);
                        l.failures += 1;
                    });
                }
            }
            self.requests.refreshes.update(|n| *n += 1);
        });
    }

    /// Runs one KMS call for `key` (a store id, or [`CREATING`]): a key with a call in flight ignores
    /// further presses, so one press is one call. On success `then` runs and the list is refreshed.
    fn call<T: 'static, Fut: Future<Output = Result<T, KmsError>> + 'static>(
        self,
        key: String,
        (origin, doing, operation): (Origin, String, Operation),
        send: impl FnOnce(Client) -> Fut + 'static,
        then: impl FnOnce(Self, T) + 'static,
    ) {
        if self.is_pending(&key) || self.expired.get_untracked() {
            return;
        }
        self.requests.pending.update(|p| {
            p.insert(key.clone());
        });
        if self.requests.failure.with_untracked(|f| f.as_ref().is_some_and(|f| f.origin == origin)) {
            self.requests.failure.set(None);
        }
        let client = self.client.get_value();
        spawn_local(async move {
            let result = send(client).await;
            if self.requests.pending.try_update(|p| p.remove(&key)).is_none() {
                return;
            }
            self.requests.retrying.set(None);
            match result {
                Ok(value) => {
                    self.requests.generation.update(|g| *g += 1);
                    then(self, value);
                    self.refresh();
                }
                Err(error) => {
                    self.expire_if_refused(&error);
                    if origin == Origin::Rotation && operation == Operation::UpdateCustomKeyStore {
                        self.change_rotation(&key, |r| r.update_failed(error.code()));
                    }
                    self.requests.announcement.set(format!("{doing} failed: {}.", error.code()));
                    self.requests.failure.set(Some(Failure { origin, doing, operation, error }));
                }
            }
        });
    }

    /// Connect or Disconnect, once the user confirmed.
    pub fn run(self, action: Action, store_id: String, origin: Origin) {
        let Some(store) = self.list.store_untracked(&store_id) else { return };
        if !self.can(action, &store) {
            return;
        }
        let name = crate::kms::words::visible(store.name()).into_owned();
        let operation = action.operation();
        let verb = match action {
            Action::Connect => "Connecting",
            Action::Disconnect => "Disconnecting",
        };
        let id = store_id.clone();
        let send = move |client: Client| async move {
            match action {
                Action::Connect => client.connect(&id).await,
                Action::Disconnect => client.disconnect(&id).await,
            }
        };
        self.call(store_id.clone(), (origin, format!("{verb} {name}"), operation), send, move |region, ()| {
            region.record_change(operation, serde_json::json!({ "CustomKeyStoreId": store_id }), None);
            if origin == Origin::Rotation && action == Action::Connect {
                region.change_rotation(&store_id, |r| r.connect_requested());
            }
            let state = expected_state_after(action);
            let now = now_ms();
            region.list.stores.update(|list| {
                if let Some(s) = list.iter_mut().find(|s| s.id() == store_id) {
                    s.connection_state = Some(state.clone());
                    s.connection_error_code = None;
                }
            });
            region.list.timelines.update(|t| record(t.entry(store_id.clone()).or_default(), now, state.clone(), None));
            let r = region.requests;
            r.watching.update(|w| {
                w.insert(store_id.clone());
            });
            r.action_started.update(|a| {
                a.insert(store_id.clone(), now);
            });
            r.transition_started.set(Some(now));
            r.announcement.set(format!("{verb} {name}: KMS accepted the request; the state is now {state}."));
        });
    }

    pub fn update(self, request: UpdateCustomKeyStoreRequest, doing: String, origin: Origin, done: impl FnOnce() + 'static) {
        let key = request.custom_key_store_id.clone();
        let said = doing.clone();
        let store_id = key.clone();
        let input = serde_json::to_value(&request).unwrap_or_default();
        let send = move |client: Client| async move { client.update(&request).await };
        self.call(key, (origin, doing, Operation::UpdateCustomKeyStore), send, move |region, ()| {
            region.record_change(Operation::UpdateCustomKeyStore, input, None);
            region.requests.announcement.set(format!("{said}: done."));
            if origin == Origin::Rotation {
                region.change_rotation(&store_id, |r| r.update_succeeded(now_ms()));
                // The credential age shows whether KMS took the new credential up.
                region.load_summaries(true);
            }
            if origin == Origin::Guide {
                region.panels.guide.update(|g| {
                    if let Some(g) = g.as_mut().filter(|g| g.store_id == store_id) {
                        g.fixed = true;
                    }
                });
            }
            done();
        });
    }

    pub fn create(self, request: CreateCustomKeyStoreRequest, done: impl FnOnce(String) + 'static) {
        let doing = format!("Creating {}", request.custom_key_store_name);
        let input = serde_json::to_value(&request).unwrap_or_default();
        let send = move |client: Client| async move { client.create(&request).await };
        self.call(CREATING.into(), (Origin::Create, doing, Operation::CreateCustomKeyStore), send, move |region, id: String| {
            region.record_change(Operation::CreateCustomKeyStore, input, Some(id.clone()));
            region.requests.announcement.set(format!("Created custom key store {id}. It is DISCONNECTED until you connect it."));
            done(id);
        });
    }

    pub fn delete(self, store_id: String, name: String) {
        let id = store_id.clone();
        let send = move |client: Client| async move { client.delete(&id).await };
        self.call(store_id.clone(), (Origin::Details, format!("Deleting {name}"), Operation::DeleteCustomKeyStore), send, move |region, ()| {
            region.record_change(Operation::DeleteCustomKeyStore, serde_json::json!({ "CustomKeyStoreId": store_id }), None);
            region.panels.details.set(None);
            region.list.stores.update(|l| l.retain(|s| s.id() != store_id));
            region.requests.announcement.set(format!("Deleted custom key store {name}."));
        });
    }

    /// The service says the credentials have expired: the account renews them or, for the hub,
    /// the page pauses and asks for new ones, as at the expiry it knew of.
    fn expire_if_refused(&self, error: &KmsError) {
        if codes::is_expired_token(error.code()) {
            self.account.expire_now();
        }
    }

    /// Records each store's state in its timeline; announces the followed stores that settled,
    /// in the live region, the tab title and (if the user wants) a notification; opens the guide
    /// of one that ended FAILED.
    fn note_states(&self, list: &[KeyStore]) {
        let now = now_ms();
        self.list.timelines.update(|t| {
            for s in list {
                if let Some(state) = &s.connection_state {
                    record(t.entry(s.id().to_owned()).or_default(), now, state.clone(), s.connection_error_code.as_ref().map(ToString::to_string));
                }
            }
        });
        let watching = self.requests.watching.get_untracked();
        for store in list.iter().filter(|s| watching.contains(s.id())) {
            let Some(state) = &store.connection_state else { continue };
            if is_in_transition(state) {
                continue;
            }
            self.requests.watching.update(|w| {
                w.remove(store.id());
            });
            let sentence = match (state, &store.connection_error_code) {
                (ConnectionState::Failed, Some(code)) => {
                    self.panels.guide.set(Some(Guide::new(store.id(), code.clone())));
                    format!("{} is FAILED with {code}. The troubleshooting guide is open below the table.", words::visible(store.name()))
                }
                _ => format!("{} is {state}.", words::visible(store.name())),
            };
            self.requests.announcement.set(sentence.clone());
            crate::browser::notify::settled(&format!("{} {state}", words::visible(store.name())), &sentence, self.notify.get_untracked());
        }
    }
}
