//! The signed-in page as a registry of scopes: one [`Scope`] per account and Region, for the hub
//! and every member account whose role could be assumed. Scopes are opened and closed here as
//! accounts and Regions come and go; what the page shows across them (the tab title, the
//! certificate board, the fleet summary) is derived from this registry, never published into it.

use super::account::{Access, Account};
use super::organization::organization_accounts;
use super::scope::{open, Scope};
use super::session::{Session, SessionClock};
use crate::browser::location::{query_param, replace_query};
use crate::fleet::accounts::MemberAccount;
use crate::fleet::link::{decode, encode, merge};
use leptos::prelude::*;

/// The URL parameter that carries the fleet's accounts.
const LINK_PARAM: &str = "accounts";

/// (account id, Region): the unit of state, polling and failure.
pub type ScopeKey = (String, String);

/// One entry of the registry: the scope, or why it could not be opened (an endpoint that does
/// not resolve), with the owner its polling and requests live under.
#[derive(Clone)]
pub struct ScopeEntry {
    pub key: ScopeKey,
    pub account: Account,
    pub scope: Result<Scope, String>,
    owner: Owner,
}

/// An entry is its scope: one per key for as long as it is open.
impl PartialEq for ScopeEntry {
    fn eq(&self, other: &Self) -> bool {
        self.key == other.key
    }
}

/// How long registry changes are gathered before the page follows them.
const FRAME: std::time::Duration = std::time::Duration::from_millis(16);

#[derive(Clone, Copy)]
pub struct Fleet {
    pub hub: Account,
    /// Member accounts, in the order they were added.
    pub members: RwSignal<Vec<Account>>,
    /// Every open scope, hub first, then members, each in the session's Region order.
    pub scopes: RwSignal<Vec<ScopeEntry>>,
    /// More than the hub's account is on the page (what every section asks, as one value).
    pub many_accounts: Memo<bool>,
    session: RwSignal<Option<Session>>,
    clock: SessionClock,
    /// The signed-in page's owner: accounts and scopes live as long as it does, not as long as
    /// the dialog or effect that added them.
    root: StoredValue<Owner>,
    /// Moves once after a burst of changes in any scope (lists, health): what is derived across
    /// the whole fleet (the summary, the certificate board) is rebuilt once per burst, not once
    /// per scope's answer, which at sign-in is once per scope.
    pub settled: RwSignal<u64>,
}

impl Fleet {
    /// The registry for the signed-in page; scopes open and close with the accounts and Regions.
    pub fn provide(session: RwSignal<Option<Session>>, clock: SessionClock, notify: RwSignal<bool>) -> Self {
        let root = Owner::current().expect("the fleet is created inside the signed-in page");
        super::changes::ChangeLog::provide();
        let warmup = super::warmup::Warmup::provide();
        let members = RwSignal::new(vec![]);
        let fleet = Self {
            hub: Account::hub(session, clock),
            members,
            many_accounts: Memo::new(move |_| members.with(|m: &Vec<Account>| !m.is_empty())),
            scopes: RwSignal::new(vec![]),
            session,
            clock,
            root: StoredValue::new(root.clone()),
            settled: super::settle::Settle::provide(warmup).settled,
        };
        provide_context(fleet);
        // Which (account, Region) pairs should be open: every Region of every account that has
        // credentials. A renewal does not change it, so scopes and their progress survive it.
        let wanted = Memo::new(move |_| {
            let regions = session.with(|s| s.as_ref().map(|s| s.regions.clone()).unwrap_or_default());
            let ready = fleet.members.get().into_iter().filter(|a| a.access.get() == Access::Ready);
            let accounts: Vec<String> = std::iter::once(fleet.hub).chain(ready).map(|a| a.id()).collect();
            accounts.into_iter().flat_map(|a| regions.iter().map(move |r| (a.clone(), r.clone()))).collect::<Vec<ScopeKey>>()
        });
        let apply = move |wanted: Vec<ScopeKey>| {
            let wanted_set: std::collections::HashSet<&ScopeKey> = wanted.iter().collect();
            let mut entries = fleet.scopes.get_untracked();
            let mut closed = vec![];
            entries.retain(|e| {
                let keep = wanted_set.contains(&e.key);
                if !keep {
                    closed.push(e.owner.clone());
                }
                keep
            });
            // The sections of closed scopes go first; their signals are disposed after, in a
            // later task, so that nothing still on the page reads a disposed value.
            if !closed.is_empty() {
                set_timeout(move || closed.iter().for_each(Owner::cleanup), std::time::Duration::ZERO);
            }
            // By key: each change goes over every scope open so far.
            let mut opened: std::collections::HashMap<ScopeKey, ScopeEntry> = entries.into_iter().map(|e| (e.key.clone(), e)).collect();
            let mut ordered = Vec::with_capacity(wanted.len());
            for key in &wanted {
                let entry = match opened.remove(key) {
                    Some(entry) => entry,
                    None => {
                        let Some(account) = fleet.account(&key.0) else { continue };
                        let owner = fleet.root.with_value(|root| root.with(Owner::new));
                        let scope = owner.with(|| open(account, &key.1, session, notify));
                        ScopeEntry { key: key.clone(), account, scope, owner }
                    }
                };
                ordered.push(entry);
            }
            fleet.scopes.set(ordered);
        };
        // At sign-in the accounts' roles are assumed one answer at a time (50 in half a second):
        // the registry, and all that is derived from it, follows once per frame, not per answer.
        let queued = StoredValue::new(false);
        Effect::watch(
            move || wanted.track(),
            move |_, _, _| {
                if queued.get_value() {
                    return;
                }
                queued.set_value(true);
                set_timeout(
                    move || {
                        // (None: the page is still there.)
                        if queued.try_set_value(false).is_none() {
                            if let Some(wanted) = wanted.try_get_untracked() {
                                apply(wanted);
                            }
                        }
                    },
                    FRAME,
                );
            },
            true,
        );
        // Scopes opened or closed change the fleet-wide views too.
        if let Some(settle) = super::settle::Settle::get() {
            Effect::new(move |_| {
                fleet.scopes.track();
                settle.changed();
            });
        }
        fleet.follow_link();
        // The hub renewed (after it expired, or early): every member's chained session is asked
        // again from the new one, so each account's view carries on with fresh credentials. A new
        // key or the same key with another end: either is a renewal.
        let hub_key = Memo::new(move |_| session.with(|s| s.as_ref().map(|s| (s.credentials.access_key_id.clone(), s.credentials.expires_at_ms))));
        Effect::watch(move || hub_key.get(), move |_, _, _| fleet.members.with_untracked(|m| m.iter().for_each(|a| a.assume())), false);
        on_cleanup(move || {
            fleet.scopes.try_with_untracked(|s| s.iter().for_each(|e| e.owner.cleanup()));
        });
        fleet
    }

    /// Adds member accounts (those not already here) and assumes their roles from the hub.
    pub fn add(&self, infos: Vec<MemberAccount>) {
        let hub_id = self.hub.id();
        let known: Vec<String> = self.members.with_untracked(|m| m.iter().map(Account::id).collect());
        let added: Vec<Account> = infos
            .into_iter()
            .filter(|i| i.account_id != hub_id && !known.contains(&i.account_id))
            .map(|i| self.root.with_value(|root| root.with(|| Account::member(i, self.session, self.clock))))
            .collect();
        for account in &added {
            account.assume();
        }
        self.members.update(|m| m.extend(added.iter().copied()));
        self.name_from_organization(added);
    }

    /// Names new members from the hub's organization when the hub may list it; when it may not,
    /// each member's IAM alias names it (see `Account`), else its id.
    fn name_from_organization(&self, added: Vec<Account>) {
        let Some(session) = self.session.get_untracked() else { return };
        if added.iter().all(|a| a.info().is_some_and(|i| i.name.is_some())) {
            return;
        }
        leptos::task::spawn_local(async move {
            let Ok(org) = organization_accounts(&session).await else { return };
            for account in added {
                let id = account.id();
                if let Some(name) = org.iter().find(|o| o.id.as_deref() == Some(&id)).and_then(|o| o.name.as_deref()) {
                    account.name_from_organization(name);
                }
            }
        });
    }

    /// The accounts (role ARNs, names, labels; never credentials or external IDs) live in the URL:
    /// a link opened by someone signed in reopens the same fleet. Those a link brings are added once.
    fn follow_link(self) {
        if let Some(value) = query_param(LINK_PARAM) {
            match decode(&value) {
                Ok(shared) => {
                    let mut accounts = vec![];
                    merge(&mut accounts, shared);
                    self.add(accounts);
                }
                // A garbled link loses nothing that the page had: it just brings no accounts.
                Err(why) => leptos::logging::warn!("The link's accounts could not be read: {why}"),
            }
        }
        let fleet = self;
        Effect::new(move |_| fleet.write_link());
    }

    /// Writes the accounts into the URL's entry the page is on (tracked: the caller follows them).
    pub fn write_link(&self) {
        let members: Vec<MemberAccount> = self.members.with(|m| m.iter().filter_map(Account::info_tracked).collect());
        let value = if members.is_empty() { vec![] } else { vec![(LINK_PARAM, encode(&members, &[]))] };
        replace_query(&[LINK_PARAM], &value);
    }

    /// The hub or the member with this id.
    pub fn account(&self, id: &str) -> Option<Account> {
        if self.hub.is(id) {
            return Some(self.hub);
        }
        self.members.with_untracked(|m| m.iter().find(|a| a.is(id)).copied())
    }

    pub fn remove(&self, account_id: &str) {
        self.members.update(|m| m.retain(|a| !a.is(account_id)));
    }

    /// How many scopes the page will hold once every account it has now is in (untracked): at
    /// sign-in, scopes open one account at a time as their roles are assumed.
    pub fn expected_scopes(&self) -> usize {
        let regions = self.session.with_untracked(|s| s.as_ref().map_or(0, |s| s.regions.len()));
        let accounts = 1 + self.members.with_untracked(Vec::len);
        self.scopes.with_untracked(Vec::len).max(accounts * regions)
    }

    /// Every open scope's `Scope`, for what is derived across the fleet.
    pub fn open_scopes(&self) -> Vec<Scope> {
        self.scopes.with(|s| s.iter().filter_map(|e| e.scope.as_ref().ok().copied()).collect())
    }
}

pub fn use_fleet() -> Fleet {
    expect_context::<Fleet>()
}
