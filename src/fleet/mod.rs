//! The fleet view's pure logic: many accounts × Regions, reached from one hub identity by
//! `sts:AssumeRole`. The unit everything is keyed by is a [`Scope`]: one account in one Region.
//!
//! - `accounts`: the member accounts and the three ways to list them (role ARNs, a pasted
//!   `~/.aws/config`, Organizations), their labels and display names.
//! - `schedule`: polling many scopes without bunching up or overrunning any scope's quota.
//! - `summary`: what the whole fleet adds up to, worst first.
//! - `forecast`: what will need a person soon (certificates, credentials, thin or one-zone
//!   clusters, stores no alarm watches).
//! - `link`: the account set in a shareable URL value, without secrets.
//! - `reach`: the AssumeRole call for a member account, and member-scope errors in words.
//! - `view_link`: the store a shared link opens, and what the page says when it cannot.
//! - `view_history`: which view changes are a step Back and Forward move between.
//!
//! Platform-neutral, tested natively.

pub mod accounts;
pub mod forecast;
pub mod link;
pub mod reach;
pub mod schedule;
pub mod summary;
pub mod view_history;
pub mod view_link;

/// One account in one Region: the unit the fleet polls, limits and reports by.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Scope {
    pub account_id: String,
    pub region: String,
}

impl Scope {
    pub fn new(account_id: impl Into<String>, region: impl Into<String>) -> Self {
        Self { account_id: account_id.into(), region: region.into() }
    }
}

impl std::fmt::Display for Scope {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} in {}", self.account_id, self.region)
    }
}
