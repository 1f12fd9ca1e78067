//! The bookkeeping of one Region's requests: what is in flight, what the page follows, and the
//! outcome of the user's last action. No server data and no panel state.

use super::panels::Origin;
use crate::aws::http::RetryEvent;
use crate::kms::operation::Operation;
use crate::kms::KmsError;
use leptos::prelude::*;
use std::collections::{BTreeMap, BTreeSet};

/// The pending key of a Create in flight (no store id exists yet): the form's button waits on it.
pub const CREATING: &str = "create";

/// An action that failed, shown where it was started.
#[derive(Clone, Debug, PartialEq)]
pub struct Failure {
    pub origin: Origin,
    /// What the user was doing, e.g. "Connecting payments-hsm".
    pub doing: String,
    pub operation: Operation,
    pub error: KmsError,
}

#[derive(Clone, Copy)]
pub struct Requests {
    pub refreshing: RwSignal<bool>,
    /// Bumped whenever a refresh ends, successful or not: the poll timer re-arms on it.
    pub refreshes: RwSignal<u64>,
    /// Stores (by id, or [`CREATING`]) with a call in flight: their buttons are locked.
    pub pending: RwSignal<BTreeSet<String>>,
    /// Stores whose transition the user started and the page follows to its end.
    pub watching: RwSignal<BTreeSet<String>>,
    /// When the latest transition began (epoch ms), for the polling schedule.
    pub transition_started: RwSignal<Option<u64>>,
    /// When the user last started an action on each store (epoch ms).
    pub action_started: RwSignal<BTreeMap<String, u64>>,
    pub failure: RwSignal<Option<Failure>>,
    /// The retry under way, shown while it lasts.
    pub retrying: RwSignal<Option<RetryEvent>>,
    /// Every retry of this session (the newest 200), for the activity log.
    pub retries: RwSignal<Vec<RetryEvent>>,
    /// The last progress sentence, for the ARIA live region.
    pub announcement: RwSignal<String>,
    /// Bumped on each accepted change, so a list fetched before it is known to be stale.
    pub(super) generation: RwSignal<u64>,
}

impl Requests {
    pub fn new() -> Self {
        Self {
            refreshing: RwSignal::new(false),
            refreshes: RwSignal::new(0),
            pending: RwSignal::new(BTreeSet::new()),
            watching: RwSignal::new(BTreeSet::new()),
            transition_started: RwSignal::new(None),
            action_started: RwSignal::new(BTreeMap::new()),
            failure: RwSignal::new(None),
            retrying: RwSignal::new(None),
            retries: RwSignal::new(Vec::new()),
            announcement: RwSignal::new(String::new()),
            generation: RwSignal::new(0),
        }
    }

    /// Records a retry about to happen.
    pub fn note_retry(&self, event: &RetryEvent) {
        self.retrying.try_set(Some(event.clone()));
        self.retries.try_update(|r| {
            r.push(event.clone());
            let excess = r.len().saturating_sub(200);
            r.drain(..excess);
        });
    }

    pub fn is_pending(&self, key: &str) -> bool {
        self.pending.with(|p| p.contains(key))
    }
}

impl Default for Requests {
    fn default() -> Self {
        Self::new()
    }
}
