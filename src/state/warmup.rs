//! The first lists come first. A browser sends at most six requests at a time to one host over
//! HTTP/1.1, and a fleet's hundreds of scopes often sit behind few hosts: at sign-in, the health
//! calls (clusters, metrics, alarms) and the account names waited in the same queue as the lists
//! the user is waiting for (1,108 requests before the last of 204 scopes showed, 650 of them
//! health and names; BENCHMARKS.md §7). So they wait until every scope on the page has its first
//! answer and no account is still being assumed, or until [`MAX_WAIT`] has passed.

use futures_channel::oneshot;
use leptos::prelude::*;
use std::time::Duration;

/// However slow one scope is, the health of the others is not held back longer than this.
pub const MAX_WAIT: Duration = Duration::from_secs(8);

/// An assumed account's scopes open a moment after its role is assumed (in a later task): its
/// place in the count is kept that long, so the count does not touch zero in between.
const HANDOVER: Duration = Duration::from_millis(100);

#[derive(Clone, Copy)]
pub struct Warmup {
    /// Scopes without their first answer, and accounts being assumed (nothing watches the
    /// count itself: see `over_now`).
    waiting: StoredValue<usize>,
    /// Set once [`MAX_WAIT`] has passed since the page began.
    timed_out: StoredValue<bool>,
    /// Whether it is over, set only when that changes: each scope watches this, not the count,
    /// which moves once per scope (a memo over the count would still wake every scope's watcher
    /// at each move to check it: n² at sign-in).
    over_now: RwSignal<bool>,
    /// Tasks waiting in [`Warmup::over`].
    waiters: StoredValue<Vec<oneshot::Sender<()>>, LocalStorage>,
}

impl Warmup {
    /// The signed-in page's gate (one per page, in its context).
    pub fn provide() -> Self {
        let (waiting, timed_out) = (StoredValue::new(0), StoredValue::new(false));
        let over_now = RwSignal::new(true);
        let warmup = Self { waiting, timed_out, over_now, waiters: StoredValue::new_local(vec![]) };
        if let Ok(handle) = set_timeout_with_handle(
            move || {
                warmup.timed_out.try_set_value(true);
                warmup.refresh();
            },
            MAX_WAIT,
        ) {
            on_cleanup(move || handle.clear());
        }
        Effect::watch(
            move || warmup.is_over(),
            move |over, _, _| {
                if *over {
                    for waiter in warmup.waiters.try_update_value(std::mem::take).unwrap_or_default() {
                        let _ = waiter.send(());
                    }
                }
            },
            false,
        );
        provide_context(warmup);
        warmup
    }

    pub fn get() -> Option<Self> {
        use_context::<Self>()
    }

    /// Whether the health calls may go (tracked).
    pub fn is_over(&self) -> bool {
        self.over_now.get()
    }

    pub fn is_over_untracked(&self) -> bool {
        self.over_now.try_get_untracked().unwrap_or(true)
    }

    pub fn enter(&self) {
        self.waiting.update_value(|n| *n += 1);
        self.refresh();
    }

    fn refresh(&self) {
        let over = self.timed_out.try_get_value().unwrap_or(true) || self.waiting.try_get_value().unwrap_or(0) == 0;
        if self.over_now.try_get_untracked().is_some_and(|now| now != over) {
            self.over_now.set(over);
        }
    }

    /// A scope has its first answer (or went away without one).
    pub fn leave(&self) {
        if self.waiting.try_update_value(|n| *n = n.saturating_sub(1)).is_some() {
            self.refresh();
        }
    }

    /// Resolves once the warmup is over (at once if it is; also if the page goes away).
    pub async fn over(self) {
        if self.over_now.try_get_untracked() != Some(false) {
            return;
        }
        let (send, receive) = oneshot::channel();
        if self.waiters.try_update_value(|w| w.push(send)).is_some() {
            let _ = receive.await;
        }
    }

    /// An account's role was assumed or refused: its scopes, if any, enter before it leaves.
    pub fn leave_after_handover(self) {
        set_timeout(move || self.leave(), HANDOVER);
    }
}
