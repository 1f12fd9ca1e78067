//! Calls `poll` on the schedule of [`PollSchedule`] while `active` holds, and not otherwise.
//! One timer at a time: each completed poll (`completed` ticks) arms the next one, so polls never
//! overlap, and the timer dies with the component that owns it.

use crate::browser::now_ms;
use crate::kms::polling::PollSchedule;
use leptos::prelude::*;
use std::time::Duration;

#[derive(Clone, Default)]
pub struct UseTransitionPollingOptions {
    pub schedule: PollSchedule,
}

pub fn use_transition_polling(
    active: Signal<bool>,
    // When the transition being watched began (epoch ms): the schedule slows down from there.
    started_at: Signal<Option<u64>>,
    // Ticks whenever a poll finishes, successful or not.
    completed: Signal<u64>,
    poll: impl Fn() + Clone + 'static,
    options: UseTransitionPollingOptions,
) {
    let timer: StoredValue<Option<TimeoutHandle>> = StoredValue::new(None);
    let cancel = move || {
        if let Some(handle) = timer.try_update_value(Option::take).flatten() {
            handle.clear();
        }
    };
    Effect::new(move |_| {
        completed.track();
        let active = active.get();
        cancel();
        if !active {
            return;
        }
        let now = now_ms();
        let since = now.saturating_sub(started_at.get_untracked().unwrap_or(now));
        let delay = options.schedule.delay_ms(since);
        let poll = poll.clone();
        if let Ok(handle) = set_timeout_with_handle(move || poll(), Duration::from_millis(delay)) {
            timer.set_value(Some(handle));
        }
    });
    on_cleanup(cancel);
}
