//! The store a shared link opens (`store=<account>/<Region>/<store id>`), and what the page says
//! when it cannot open it. Only where the store is: never credentials or external IDs.
//!
//! The link is read before the page knows the store: the account's role may still be assumed, the
//! list still loading. [`resolve`] says, from what the page knows so far, whether to wait, open
//! the details (with a note when the table's filters hide its row) or say in one sentence why not.

use super::Scope;

/// The URL parameter that names the store whose details are open.
pub const STORE_PARAM: &str = "store";

/// A store on the page: one account, one Region, one id.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct StoreRef {
    pub account_id: String,
    pub region: String,
    pub store_id: String,
}

impl StoreRef {
    pub fn new(account_id: impl Into<String>, region: impl Into<String>, store_id: impl Into<String>) -> Self {
        Self { account_id: account_id.into(), region: region.into(), store_id: store_id.into() }
    }

    /// Reads a link's `store=` value. Anything that is not an account id, a Region's shape and a
    /// store id is refused, so that nothing else a link carries is ever looked up or shown.
    pub fn parse(value: &str) -> Result<Self, String> {
        let unreadable = || "The link's store cannot be read; it may have been cut off when it was copied.".to_owned();
        let mut parts = value.trim().split('/');
        let (Some(account), Some(region), Some(id), None) = (parts.next(), parts.next(), parts.next(), parts.next()) else { return Err(unreadable()) };
        let account_ok = account.len() == 12 && account.bytes().all(|b| b.is_ascii_digit());
        // A Region's shape, not the list of Regions: a link names the Region, the page decides
        // whether it shows it (and says so when it does not).
        let region_ok = (1..=32).contains(&region.len()) && region.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
        // KMS's CustomKeyStoreIdType is 1–64 characters; real ids are `cks-` and 17 hex digits.
        let id_ok = (1..=64).contains(&id.len()) && id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-');
        if account_ok && region_ok && id_ok {
            Ok(Self::new(account, region, id))
        } else {
            Err(unreadable())
        }
    }

    /// The `store=` value.
    pub fn to_param(&self) -> String {
        format!("{}/{}/{}", self.account_id, self.region, self.store_id)
    }

    pub fn scope(&self) -> Scope {
        Scope::new(&self.account_id, &self.region)
    }
}

/// The store the link names as details open and close across the page: the one opened last; when
/// it closes, one still open; else none. `before` and `now` are the stores whose details are open.
pub fn selected_after(selected: Option<&StoreRef>, before: &[StoreRef], now: &[StoreRef]) -> Option<StoreRef> {
    if let Some(opened) = now.iter().rev().find(|s| !before.contains(s)) {
        return Some(opened.clone());
    }
    match selected.filter(|s| now.contains(s)) {
        Some(kept) => Some(kept.clone()),
        None => now.last().cloned(),
    }
}

/// What the page knows of the place a linked store is in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Place {
    /// Its Region is not among the Regions the page shows.
    RegionNotShown,
    /// The account is neither the signed-in one nor one of the fleet's.
    AccountNotOnPage,
    /// The account's role is being assumed (or waits for an MFA code).
    AccountNotReady,
    /// The account's role could not be assumed: why.
    AccountRefused(String),
    /// The scope could not be opened (an endpoint that does not resolve): why.
    ScopeFailed(String),
    /// The scope is open: how its list stands.
    Listed(Listing),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Listing {
    /// A list has been loaded.
    pub loaded: bool,
    /// The latest load failed.
    pub failed: bool,
    /// The store is in the list.
    pub has_store: bool,
    /// The table's filters (text, state, type) show its row.
    pub row_shown: bool,
    /// The Account filter shows its account.
    pub account_shown: bool,
}

/// What to do with a linked store now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Not known yet; a sentence to show meanwhile when the wait may be long.
    Wait(Option<String>),
    /// Open its details; a sentence when something on the page hides them.
    Open(Option<String>),
    /// It cannot be opened: why, in one sentence. The rest of the link's view stays.
    Missing(String),
}

pub fn resolve(target: &StoreRef, place: &Place) -> Outcome {
    let StoreRef { account_id: account, region, store_id: id } = target;
    let store = format!("The linked store {id}");
    match place {
        Place::RegionNotShown => Outcome::Missing(format!("{store} is in {region}, which this page does not show; add it from the Regions menu to see it.")),
        Place::AccountNotOnPage => Outcome::Missing(format!("{store} is in account {account}, which is not on this page.")),
        Place::AccountNotReady => Outcome::Wait(None),
        Place::AccountRefused(why) => Outcome::Missing(format!("{store} cannot be shown: account {account} could not be reached. {why}")),
        Place::ScopeFailed(why) => Outcome::Missing(format!("{store} cannot be shown: {region} of account {account} could not be opened. {why}")),
        Place::Listed(l) if !l.loaded && l.failed => {
            Outcome::Wait(Some(format!("{store} is not found yet: the list of account {account} in {region} did not load. It opens once the list loads.")))
        }
        Place::Listed(l) if !l.loaded => Outcome::Wait(None),
        Place::Listed(l) if !l.has_store => Outcome::Missing(format!("{store} is not in account {account} in {region}; it may have been deleted.")),
        Place::Listed(l) if !l.account_shown => {
            Outcome::Open(Some(format!("{store} is open in account {account}, which the Account filter hides; choose “Every account” to see it.")))
        }
        Place::Listed(l) if !l.row_shown => Outcome::Open(Some(format!("{store}'s details are open below; the table's filters hide its row."))),
        Place::Listed(_) => Outcome::Open(None),
    }
}

#[cfg(test)]
#[path = "view_link_tests.rs"]
mod tests;
