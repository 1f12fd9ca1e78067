//! One Region of the signed-in page. A [`Region`] bundles what KMS said (`StoreList`), the
//! bookkeeping of its requests (`Requests`) and which of its panels are open (`Panels`); every
//! component of the section is handed its `Region` as a prop, never through a context, so that
//! two Regions on one page can never act on each other's stores.

mod actions;
pub mod health;
pub mod panels;
pub mod prefetch;
pub mod requests;
mod section;
pub mod store_list;

pub use panels::Origin;
pub use section::RegionSection;

use super::session::Session;
use crate::browser::fetch::FetchTransport;
use crate::kms::rules::{is_allowed, Action};
use crate::kms::{KeyStore, KmsClient};
use health::{Health, HealthClients};
use leptos::prelude::*;
use panels::Panels;
use requests::Requests;
use store_list::StoreList;

pub type Client = KmsClient<FetchTransport>;

#[derive(Clone, Copy)]
pub struct Region {
    pub list: StoreList,
    pub requests: Requests,
    pub panels: Panels,
    pub health: Health,
    name: StoredValue<String>,
    /// The session's credentials have expired: nothing is sent until they are renewed.
    expired: Memo<bool>,
    /// The user wants a system notification when a transition ends.
    notify: RwSignal<bool>,
    /// The session, to mark its credentials expired when the service says they are.
    session: RwSignal<Option<Session>>,
    client: StoredValue<Client, LocalStorage>,
}

impl Region {
    pub fn new(client: Client, health: HealthClients, expired: Memo<bool>, notify: RwSignal<bool>, session: RwSignal<Option<Session>>) -> Self {
        Self {
            name: StoredValue::new(client.region().to_owned()),
            list: StoreList::new(),
            requests: Requests::new(),
            panels: Panels::new(),
            health: Health::new(health),
            expired,
            notify,
            session,
            client: StoredValue::new_local(client),
        }
    }

    pub fn name(&self) -> String {
        self.name.get_value()
    }

    /// Whether requests may go out now (tracked: it changes only when the credentials expire or
    /// are renewed).
    pub fn can_send(&self) -> bool {
        !self.expired.get()
    }

    /// The same, for event handlers and tasks.
    pub fn can_send_untracked(&self) -> bool {
        !self.expired.get_untracked()
    }

    pub fn is_pending(&self, key: &str) -> bool {
        self.requests.is_pending(key)
    }

    pub fn can(&self, action: Action, store: &KeyStore) -> bool {
        !self.is_pending(store.id()) && self.can_send() && store.connection_state.as_ref().is_some_and(|s| is_allowed(action, s))
    }

    /// New credentials for the same account: the list, its progress and the guide stay.
    pub fn set_credentials(&self, credentials: crate::aws::credentials::Credentials) {
        self.health.set_credentials(&credentials);
        self.client.update_value(|c| *c = c.with_credentials(credentials));
    }

    /// Cancels requests in flight; called when the section goes away (sign-out, Region removed).
    pub fn shut_down(&self) {
        self.client.try_with_value(|c| c.transport().abort_all());
    }
}
