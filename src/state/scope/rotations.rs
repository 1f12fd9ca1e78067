//! The guided rotations under way in a scope (`kms::rotation`), one per store. Each is kept in
//! the tab's work storage as it changes, so that leaving the page (a reload, signing in again)
//! resumes it where it stopped. The new credential or password never enters a rotation: it goes
//! from its field straight into the UpdateCustomKeyStore request.

use super::Scope;
use crate::browser::work;
use crate::kms::rotation::{Observed, Rotation};
use leptos::prelude::*;
use std::collections::BTreeMap;

pub type Rotations = RwSignal<BTreeMap<String, Rotation>>;

/// The storage name of a scope's rotations.
fn storage_name(account_id: &str, region: &str) -> String {
    format!("rotations.{account_id}.{region}")
}

/// The rotations a scope left in this tab (none when unreadable: they are a convenience).
pub fn restore(account_id: &str, region: &str) -> Rotations {
    let saved = work::load(&storage_name(account_id, region)).and_then(|t| serde_json::from_str(&t).ok()).unwrap_or_default();
    RwSignal::new(saved)
}

impl Scope {
    /// The store's rotation under way, tracked.
    pub fn rotation(&self, store_id: &str) -> Option<Rotation> {
        self.rotations.with(|r| r.get(store_id).cloned())
    }

    pub fn start_rotation(self, rotation: Rotation) {
        self.rotations.update(|r| {
            r.insert(rotation.store_id.clone(), rotation);
        });
        self.save_rotations();
        self.observe_rotations();
    }

    /// Changes the store's rotation, if one is under way.
    pub fn change_rotation(self, store_id: &str, change: impl FnOnce(&mut Rotation)) {
        if self.rotations.try_update(|r| r.get_mut(store_id).map(change)).flatten().is_some() {
            self.save_rotations();
        }
    }

    pub fn end_rotation(self, store_id: &str) {
        self.rotations.update(|r| {
            r.remove(store_id);
        });
        self.save_rotations();
    }

    /// What the console sees of the store now: its state and its latest credential age.
    pub fn observed(&self, store_id: &str, now_ms: u64) -> Observed {
        let store = self.list.store(store_id);
        let credential_age_days =
            self.health.summaries.with(|s| s.as_ref().and_then(|f| f.value.as_ref().ok()).and_then(|m| m.get(store_id)).and_then(|s| s.credential_age_days));
        Observed {
            now_ms,
            state: store.as_ref().and_then(|s| s.connection_state.clone()),
            error_code: store.and_then(|s| s.connection_error_code),
            credential_age_days,
        }
    }

    /// Latches what every rotation has seen happen (a disconnect, the credential age dropping),
    /// after each list and each reading of the metrics.
    pub(super) fn observe_rotations(self) {
        let Some(mut all) = self.rotations.try_get_untracked().filter(|r| !r.is_empty()) else { return };
        let now = crate::browser::now_ms();
        let mut changed = false;
        for (id, rotation) in all.iter_mut() {
            let seen = untrack(|| self.observed(id, now));
            let before = rotation.clone();
            rotation.observe(&seen);
            changed |= *rotation != before;
        }
        if changed {
            self.rotations.set(all);
            self.save_rotations();
        }
    }

    fn save_rotations(&self) {
        let text = self.rotations.try_with_untracked(|r| if r.is_empty() { String::new() } else { serde_json::to_string(r).unwrap_or_default() });
        if let Some(text) = text {
            work::save(&storage_name(&self.account.id(), &self.name()), &text);
        }
    }
}
