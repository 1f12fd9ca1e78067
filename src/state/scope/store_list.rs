//! What KMS said about one Region's stores: the list, how its last load went, and the states each
//! store passed through while the page was open. Server data only; no request or panel state.

use crate::kms::polling::any_in_transition;
use crate::kms::progress::Step;
use crate::kms::{KeyStore, KmsError};
use leptos::prelude::*;
use std::collections::BTreeMap;

/// How the latest loads of the list went.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Load {
    /// When the list shown was fetched (epoch ms); `None` before the first good answer.
    pub loaded_at: Option<u64>,
    /// Why the latest load failed; cleared by the next good one. The rows from `loaded_at` stay.
    pub error: Option<KmsError>,
    /// Loads that failed in a row (0 after a good one): polling backs off while it grows.
    pub failures: u32,
}

impl Load {
    /// Nothing known yet: neither a list nor a failure.
    pub fn is_first(&self) -> bool {
        self.loaded_at.is_none() && self.error.is_none()
    }

    /// The rows shown are older than the latest attempt, which failed.
    pub fn is_stale(&self) -> bool {
        self.loaded_at.is_some() && self.error.is_some()
    }
}

#[derive(Clone, Copy)]
pub struct StoreList {
    pub stores: RwSignal<Vec<KeyStore>>,
    pub load: RwSignal<Load>,
    /// The states each store passed through while this page was open.
    pub timelines: RwSignal<BTreeMap<String, Vec<Step>>>,
}

impl StoreList {
    pub fn new() -> Self {
        Self { stores: RwSignal::new(vec![]), load: RwSignal::new(Load::default()), timelines: RwSignal::new(BTreeMap::new()) }
    }

    /// The store with this id, tracked: a caller re-runs when the list changes.
    pub fn store(&self, id: &str) -> Option<KeyStore> {
        self.stores.with(|s| s.iter().find(|s| s.id() == id).cloned())
    }

    /// The store with this id as it is now, without tracking (for event handlers and actions).
    pub fn store_untracked(&self, id: &str) -> Option<KeyStore> {
        self.stores.with_untracked(|s| s.iter().find(|s| s.id() == id).cloned())
    }

    pub fn in_transition(&self) -> bool {
        self.stores.with(|s| any_in_transition(s))
    }
}

impl Default for StoreList {
    fn default() -> Self {
        Self::new()
    }
}
