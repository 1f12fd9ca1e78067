//! Calls `poll` on the schedule of [`PollSchedule`]: at the transition pace while something is in
//! transition, once a minute otherwise, never while the tab is hidden or the browser offline (and
//! at once when it shows again or comes back online), never while `enabled` is false. One timer at a time: each finished poll (`completed`
//! ticks) arms the next, so polls never overlap; the timer dies with its owner.
//!
//! The timer is re-armed only by what must restart it: a finished poll, a change of `enabled`,
//! `in_transition` or visibility. Those two are `Memo`s by type, so a value derived from a
//! ticking clock (such as "the credentials have expired") notifies only when it flips; a plain
//! derived signal there would re-arm the timer on every tick, and it would never fire.

use super::use_looking::use_looking;
use crate::browser::now_ms;
use crate::fleet::schedule::jittered_ms;
use crate::fleet::Scope;
use crate::kms::polling::PollSchedule;
use leptos::prelude::*;
use std::time::Duration;

#[derive(Clone, Default)]
pub struct UsePollingOptions {
    pub schedule: PollSchedule,
    /// The scope polled: each wait gets up to a tenth more, different for each scope and round,
    /// so the many scopes of a fleet that signed in together do not keep asking in the same second.
    pub spread: Option<Scope>,
}

/// Any fixed number: it only has to be the same for every scope of a page.
const SPREAD_SEED: u64 = 0x0063_6b73;

pub struct PollingSignals {
    pub in_transition: Memo<bool>,
    pub enabled: Memo<bool>,
    /// When the transition being watched began (epoch ms): the pace slows from there. Read
    /// untracked, when the timer is armed.
    pub started_at: Signal<Option<u64>>,
    /// Ticks whenever a poll finishes, successful or not.
    pub completed: Signal<u64>,
    /// Polls that failed in a row: the pace backs off while they do. Read untracked.
    pub failures: Signal<u32>,
    /// A poll is on its way (read untracked): no timer is armed then, as its end arms the next.
    /// At sign-in each of a fleet's scopes is loading its first list when this starts watching.
    pub in_flight: Signal<bool>,
}

pub fn use_polling(signals: PollingSignals, poll: impl Fn() + Clone + 'static, options: UsePollingOptions) {
    let PollingSignals { in_transition, enabled, started_at, completed, failures, in_flight } = signals;
    let looking = use_looking();
    let timer: StoredValue<Option<TimeoutHandle>> = StoredValue::new(None);
    let cancel = move || {
        if let Some(handle) = timer.try_update_value(Option::take).flatten() {
            handle.clear();
        }
    };
    // One watcher (at 204 scopes, each watcher is a task of its own).
    Effect::watch(
        move || (completed.get(), in_transition.get(), enabled.get(), looking.get()),
        move |&(_, moving, enabled, looking), before, _| {
            cancel();
            // Back from a hidden tab or from offline: look at once rather than at the next tick.
            if before.is_some_and(|&(_, _, _, was_looking)| !was_looking) && looking && enabled {
                poll();
            }
            if !(enabled && looking) || in_flight.get_untracked() {
                return;
            }
            let now = now_ms();
            let since = now.saturating_sub(started_at.get_untracked().unwrap_or(now));
            let poll = poll.clone();
            let wait = options.schedule.after_failures_ms(moving, since, failures.get_untracked());
            let wait = options.spread.as_ref().map_or(wait, |scope| jittered_ms(SPREAD_SEED, scope, completed.get_untracked(), wait));
            if let Ok(handle) = set_timeout_with_handle(poll, Duration::from_millis(wait)) {
                timer.set_value(Some(handle));
            }
        },
        true,
    );
    on_cleanup(cancel);
}
