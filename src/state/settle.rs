//! What is derived across the whole fleet (the summary, the forecast, the certificate board, the
//! tab title) is rebuilt once a burst of answers has settled, not once per scope's answer, which
//! at sign-in is once per scope. Each scope reports its own changes here: one watcher per scope,
//! rather than one that watched every scope and was rebuilt at each of their answers.

use leptos::prelude::*;
use std::time::Duration;

/// How long the fleet must be quiet before what is derived across it is rebuilt.
const SETTLE: Duration = Duration::from_millis(200);

#[derive(Clone, Copy)]
pub struct Settle {
    /// Moves once after each burst of changes.
    pub settled: RwSignal<u64>,
    pending: StoredValue<bool>,
}

impl Settle {
    pub fn provide() -> Self {
        let settle = Self { settled: RwSignal::new(0), pending: StoredValue::new(false) };
        provide_context(settle);
        settle
    }

    pub fn get() -> Option<Self> {
        use_context::<Self>()
    }

    /// Something a fleet-wide view reads has changed: it is rebuilt once things are quiet.
    pub fn changed(self) {
        if self.pending.try_get_value() != Some(false) {
            return;
        }
        self.pending.set_value(true);
        set_timeout(
            move || {
                self.pending.try_set_value(false);
                self.settled.try_update(|n| *n += 1);
            },
            SETTLE,
        );
    }
}
