//! How often to look again while a store is in transition. Transitions take seconds to twenty
//! minutes, and the six custom key store operations share 5 requests per second per account and
//! Region with every other caller, so the pace slows as a transition drags on.

use super::model::KeyStore;
use super::rules::is_in_transition;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PollSchedule {
    /// (until this many ms since the action, poll every this many ms), in order.
    pub steps: Vec<(u64, u64)>,
    /// The interval once every step is past.
    pub slowest_ms: u64,
    /// With nothing in transition, one refresh this often picks up changes made elsewhere.
    pub idle_ms: u64,
}

impl Default for PollSchedule {
    fn default() -> Self {
        Self { steps: vec![(30_000, 2_000), (120_000, 5_000), (600_000, 10_000)], slowest_ms: 20_000, idle_ms: 60_000 }
    }
}

impl PollSchedule {
    pub fn delay_ms(&self, since_action_ms: u64) -> u64 {
        self.steps.iter().find(|(until, _)| since_action_ms < *until).map_or(self.slowest_ms, |(_, every)| *every)
    }

    /// The wait before the next list: the transition pace while something moves, else the idle one.
    pub fn next_ms(&self, in_transition: bool, since_action_ms: u64) -> u64 {
        if in_transition {
            self.delay_ms(since_action_ms)
        } else {
            self.idle_ms
        }
    }

    /// The wait before the next list after `failures` lists in a row failed: doubled for each,
    /// up to the idle minute (a throttled or failing Region asks less often, then returns to its
    /// pace with the first good list). Each Region counts its own, so one in trouble slows no other.
    pub fn after_failures_ms(&self, in_transition: bool, since_action_ms: u64, failures: u32) -> u64 {
        let pace = self.next_ms(in_transition, since_action_ms);
        if failures == 0 {
            return pace;
        }
        pace.saturating_mul(1 << failures.min(6)).min(self.idle_ms.max(pace))
    }

    /// At most this many lists in the first `window_ms` of a transition (for checking a run).
    pub fn max_requests(&self, window_ms: u64) -> u64 {
        let mut t = 0;
        let mut n = 0;
        while t < window_ms {
            t += self.delay_ms(t);
            n += 1;
        }
        n
    }
}

/// Whether any store will change without the user doing anything.
pub fn any_in_transition<'a>(stores: impl IntoIterator<Item = &'a KeyStore>) -> bool {
    stores.into_iter().any(|s| s.connection_state.as_ref().is_some_and(is_in_transition))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kms::ConnectionState;

    #[test]
    fn slows_down_as_a_transition_drags_on() {
        let s = PollSchedule::default();
        assert_eq!(s.delay_ms(0), 2_000);
        assert_eq!(s.delay_ms(29_999), 2_000);
        assert_eq!(s.delay_ms(30_000), 5_000);
        assert_eq!(s.delay_ms(300_000), 10_000);
        assert_eq!(s.delay_ms(3_600_000), 20_000);
    }

    #[test]
    fn idle_means_one_list_a_minute() {
        let s = PollSchedule::default();
        assert_eq!(s.next_ms(false, 0), 60_000);
        assert_eq!(s.next_ms(true, 0), 2_000);
        assert_eq!(s.max_requests(60_000), 15 + 6, "2 s for 30 s, then 5 s");
    }

    #[test]
    fn failing_lists_back_off_to_the_idle_pace_and_recover_at_once() {
        let s = PollSchedule::default();
        assert_eq!(s.after_failures_ms(true, 0, 0), 2_000);
        assert_eq!(s.after_failures_ms(true, 0, 1), 4_000);
        assert_eq!(s.after_failures_ms(true, 0, 3), 16_000);
        assert_eq!(s.after_failures_ms(true, 0, 9), 60_000, "never slower than the idle minute");
        assert_eq!(s.after_failures_ms(false, 0, 4), 60_000, "idle stays idle");
    }

    #[test]
    fn polling_is_needed_only_while_something_moves() {
        let store = |state: ConnectionState| KeyStore { connection_state: Some(state), ..Default::default() };
        assert!(!any_in_transition(&[store(ConnectionState::Connected), store(ConnectionState::Failed)]));
        assert!(any_in_transition(&[store(ConnectionState::Connected), store(ConnectionState::Disconnecting)]));
        assert!(!any_in_transition(&[KeyStore::default()]));
    }
}
