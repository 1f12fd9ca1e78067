//! The session's activity log: every signed request, newest last, with the account it was made
//! in. Kept in memory only, and without secrets (`aws::exchange` leaves them out). Every client
//! of the page gets its transport from [`transport`], so nothing is sent that is not logged.

use crate::aws::exchange::Exchange;
use crate::browser::fetch::FetchTransport;
use leptos::prelude::*;
use std::cell::Cell;
use std::collections::VecDeque;

/// The log keeps this many requests (the oldest go first): a fleet left open for a day makes
/// hundreds of thousands of polls.
pub const KEPT: usize = 2_000;

#[derive(Clone, Debug, PartialEq)]
pub struct Entry {
    pub seq: u64,
    /// The account whose credentials signed it; empty while signing in (not known yet).
    pub account: String,
    pub exchange: Exchange,
}

/// A ring: a tab left open for a day drops its oldest entry at each request without moving the rest.
#[derive(Clone, Copy)]
pub struct ActivityLog(pub RwSignal<VecDeque<Entry>>);

thread_local! {
    /// The log of this page, for clients made outside any reactive owner (in tasks).
    static LOG: Cell<Option<ActivityLog>> = const { Cell::new(None) };
    static NEXT: Cell<u64> = const { Cell::new(1) };
    /// A change is waiting to be told (see [`TOLD_EVERY`]).
    static UNTOLD: Cell<bool> = const { Cell::new(false) };
}

/// What reads the log (its count, and its rows while open) is told of new entries at most this
/// often: at sign-in a fleet makes hundreds of requests within a second or two, each in its own task.
const TOLD_EVERY: std::time::Duration = std::time::Duration::from_millis(100);

impl ActivityLog {
    /// The page's log, app-wide: sign-in's own requests are in it too.
    pub fn provide() -> Self {
        let log = Self(RwSignal::new(VecDeque::new()));
        LOG.with(|l| l.set(Some(log)));
        provide_context(log);
        log
    }

    fn push(&self, account: String, exchange: Exchange) {
        let seq = NEXT.with(|n| n.replace(n.get() + 1));
        self.0.try_update_untracked(|entries| {
            entries.push_back(Entry { seq, account, exchange });
            while entries.len() > KEPT {
                entries.pop_front();
            }
        });
        if !UNTOLD.with(|u| u.replace(true)) {
            let log = self.0;
            set_timeout(
                move || {
                    UNTOLD.with(|u| u.set(false));
                    log.notify();
                },
                TOLD_EVERY,
            );
        }
    }
}

/// A transport whose every request is logged as made in `account`.
pub fn transport(account: impl Into<String>) -> FetchTransport {
    let transport = FetchTransport::new();
    if let Some(log) = LOG.with(Cell::get) {
        let account = account.into();
        transport.on_record(move |exchange| log.push(account.clone(), exchange));
    }
    transport
}
