//! Whether a moment (epoch ms) has passed, as a signal that changes only when it does: a
//! credential's expiry watched this way wakes nothing until then, where a comparison with a clock
//! ticking every second woke every reader of "expired" every second (at 204 scopes, 600 of them).
//!
//! The timer never waits more than [`UseDeadlineOptions::recheck`] at a time and compares with the
//! wall clock when it fires: a computer that slept through the moment notices it soon after waking
//! (a browser's timers may not count time asleep).

use crate::browser::now_ms;
use leptos::prelude::*;
use std::time::Duration;

#[derive(Clone, Copy)]
pub struct UseDeadlineOptions {
    /// The longest single wait before the clock is looked at again.
    pub recheck: Duration,
}

impl Default for UseDeadlineOptions {
    fn default() -> Self {
        Self { recheck: Duration::from_secs(10) }
    }
}

/// `true` from `at` on (never while `at` is `None`); the timer goes with its owner.
pub fn use_deadline(at: Signal<Option<u64>>, options: UseDeadlineOptions) -> ReadSignal<bool> {
    let (passed, set_passed) = signal(at.get_untracked().is_some_and(|at| now_ms() >= at));
    let timer: StoredValue<Option<TimeoutHandle>> = StoredValue::new(None);
    let cancel = move || {
        if let Some(handle) = timer.try_update_value(Option::take).flatten() {
            handle.clear();
        }
    };
    // Arms the next look at the clock; stops once the moment has passed.
    fn arm(at: u64, options: UseDeadlineOptions, (passed, set_passed): (ReadSignal<bool>, WriteSignal<bool>), timer: StoredValue<Option<TimeoutHandle>>) {
        let left = at.saturating_sub(now_ms());
        // Written only when it changes: a re-check every few seconds must wake no reader.
        if passed.try_get_untracked() != Some(left == 0) {
            set_passed.try_set(left == 0);
        }
        if left == 0 {
            return;
        }
        let wait = Duration::from_millis(left).min(options.recheck);
        if let Ok(handle) = set_timeout_with_handle(move || arm(at, options, (passed, set_passed), timer), wait) {
            timer.try_set_value(Some(handle));
        }
    }
    Effect::watch(
        move || at.get(),
        move |at, _, _| {
            cancel();
            match *at {
                Some(at) => arm(at, options, (passed, set_passed), timer),
                None if passed.get_untracked() => set_passed.set(false),
                None => {}
            }
        },
        true,
    );
    on_cleanup(cancel);
    passed
}
