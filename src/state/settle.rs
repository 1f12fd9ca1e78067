//! What is derived across the whole fleet (the summary, the forecast, the certificate board, the
//! tab title) is rebuilt once a burst of answers has settled, not once per scope's answer, which
//! at sign-in is once per scope. Each scope reports its own changes here: one watcher per scope,
//! rather than one that watched every scope and was rebuilt at each of their answers.

use super::warmup::Warmup;
use leptos::prelude::*;
use std::time::Duration;

/// How long the fleet must be quiet before what is derived across it is rebuilt.
const SETTLE: Duration = Duration::from_millis(200);

/// The same while the page's first lists are still coming in (see `warmup`): at sign-in a fleet's
/// answers never pause for 200 ms, and each rebuild went over every store of the fleet (4,000 at
/// 204 scopes, a dozen times before the last scope showed). It is rebuilt once more when the
/// warmup ends, so the summary is whole the moment the last scope is.
const SETTLE_WARMING: Duration = Duration::from_millis(1000);

#[derive(Clone, Copy)]
pub struct Settle {
    /// Moves once after each burst of changes.
    pub settled: RwSignal<u64>,
    pending: StoredValue<bool>,
    warmup: Warmup,
}

impl Settle {
    pub fn provide(warmup: Warmup) -> Self {
        let settle = Self { settled: RwSignal::new(0), pending: StoredValue::new(false), warmup };
        Effect::watch(
            move || warmup.is_over(),
            move |over, _, _| {
                if *over {
                    settle.settled.update(|n| *n += 1)
                }
            },
            false,
        );
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
            if self.warmup.is_over_untracked() { SETTLE } else { SETTLE_WARMING },
        );
    }
}
