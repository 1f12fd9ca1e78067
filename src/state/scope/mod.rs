//! One Region of the signed-in page. A [`Region`] bundles what KMS said (`StoreList`), the
//! bookkeeping of its requests (`Requests`) and which of its panels are open (`Panels`); every
//! component of the section is handed its `Region` as a prop, never through a context, so that
//! two Regions on one page can never act on each other's stores.

mod actions;
pub mod alarms;
pub mod blast;
pub mod health;
mod live;
pub mod panels;
pub mod prefetch;
pub mod requests;
pub mod rotations;
pub mod store_list;

pub use live::open;
pub use panels::Origin;

use crate::browser::fetch::FetchTransport;
use crate::kms::operation::Operation;
use crate::kms::rules::{is_allowed, is_in_transition, Action};
use crate::kms::words;
use crate::kms::{KeyStore, KmsClient};
use crate::ops::cli::Target;
use crate::state::account::Account;
use crate::state::changes::ChangeLog;
use health::{Health, HealthClients};
use leptos::prelude::*;
use panels::Panels;
use requests::Requests;
use store_list::StoreList;

pub type Client = KmsClient<FetchTransport>;

#[derive(Clone, Copy)]
pub struct Scope {
    pub list: StoreList,
    pub requests: Requests,
    pub panels: Panels,
    pub health: Health,
    /// Whose stores these are: its credentials sign every request of the scope.
    pub account: Account,
    name: StoredValue<String>,
    /// The account's credentials have expired: nothing is sent until they are renewed.
    expired: Memo<bool>,
    /// The user wants a system notification when a transition ends.
    notify: RwSignal<bool>,
    /// Where the scope's AWS CLI commands go: its Region, endpoint override and profile.
    cli: StoredValue<Target>,
    changes: Option<ChangeLog>,
    /// Guided rotations under way, by store id.
    rotations: rotations::Rotations,
    client: StoredValue<Client, LocalStorage>,
}

impl Scope {
    pub fn new(account: Account, client: Client, health: HealthClients, notify: RwSignal<bool>, cli: Target) -> Self {
        Self {
            account,
            expired: account.expired,
            name: StoredValue::new(client.region().to_owned()),
            list: StoreList::new(),
            requests: Requests::new(),
            panels: Panels::new(),
            health: Health::new(health),
            notify,
            cli: StoredValue::new(cli),
            changes: use_context::<ChangeLog>(),
            rotations: rotations::restore(&account.id(), client.region()),
            client: StoredValue::new_local(client),
        }
    }

    /// The Region's name.
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

    /// "name connecting" for each store in transition, tracked: the tab title says them.
    pub fn moving(&self) -> Vec<String> {
        self.list.stores.with(|l| {
            l.iter()
                .filter_map(|s| {
                    s.connection_state
                        .as_ref()
                        .filter(|st| is_in_transition(st))
                        .map(|st| format!("{} {}", words::visible(s.name()), words::state(st).to_lowercase()))
                })
                .collect()
        })
    }

    /// Where this scope's AWS CLI commands go.
    pub fn cli_target(&self) -> Target {
        self.cli.get_value()
    }

    /// Keeps an accepted change for the runbook.
    pub(super) fn record_change(&self, operation: Operation, input: serde_json::Value, created_id: Option<String>) {
        if let Some(log) = self.changes {
            log.record(self.cli_target(), operation, input, created_id);
        }
    }

    /// Cancels requests in flight; called when the section goes away (sign-out, Region removed).
    pub fn shut_down(&self) {
        self.client.try_with_value(|c| c.transport().abort_all());
    }
}
