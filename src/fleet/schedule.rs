//! Polling many scopes from one page without bunching up or overrunning a quota. Each scope gets
//! a fixed offset (so 200 scopes do not all ask in the same second), a little jitter per round (so
//! they do not drift back together), its own token buckets for the quotas AWS counts per account and
//! Region, at most one poll in flight, and its own back-off: a throttled scope slows, no other.
//! No clock inside: every call takes the time in ms.

use super::Scope;
use crate::kms::polling::PollSchedule;
use std::collections::BTreeMap;

/// splitmix64: spreads close inputs far apart, so neighbouring account ids get unrelated offsets.
fn mix(mut x: u64) -> u64 {
    x = x.wrapping_add(0x9e37_79b9_7f4a_7c15);
    x = (x ^ (x >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^ (x >> 31)
}

/// FNV-1a of the scope, mixed with `seed`: stable across builds (std's hasher promises no such thing).
fn scope_hash(seed: u64, scope: &Scope) -> u64 {
    let bytes = scope.account_id.bytes().chain([0]).chain(scope.region.bytes());
    mix(bytes.fold(0xcbf2_9ce4_8422_2325, |h, b| (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)) ^ mix(seed))
}

/// Where in each `period_ms` this scope polls: the same for the same seed, spread evenly over many.
pub fn offset_ms(seed: u64, scope: &Scope, period_ms: u64) -> u64 {
    scope_hash(seed, scope) % period_ms.max(1)
}

/// `delay_ms` plus up to a tenth more, different for each round of each scope.
pub fn jittered_ms(seed: u64, scope: &Scope, round: u64, delay_ms: u64) -> u64 {
    delay_ms + mix(scope_hash(seed, scope) ^ round) % (delay_ms / 10 + 1)
}

/// A poll that never reported back (its component went away mid-call) must not silence its scope
/// for good: after this long it counts as over. Each attempt gives up after 10 s and three attempts
/// with their waits (at most 20 s each) end well within it.
pub const IN_FLIGHT_LIMIT_MS: u64 = 120_000;

/// A quota AWS counts per account and Region.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rate {
    pub per_second: u64,
    /// Requests that may go at once after a quiet spell. 1 keeps every 1-second window within
    /// `per_second`; more would let a burst and the refill add up past the quota.
    pub burst: u64,
}

/// The custom key store operations share 5 requests a second per account and Region.
pub const KMS_CUSTOM_KEY_STORES: Rate = Rate { per_second: 5, burst: 1 };
/// CloudTrail's LookupEvents: 2 requests a second per account and Region.
pub const CLOUDTRAIL_LOOKUP: Rate = Rate { per_second: 2, burst: 1 };

/// A token bucket counted in thousandths of a token, so integer ms refill it exactly.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenBucket {
    rate: Rate,
    milli_tokens: u64,
    last_ms: u64,
}

impl TokenBucket {
    /// Full at `now_ms`.
    pub fn new(rate: Rate, now_ms: u64) -> Self {
        Self { rate, milli_tokens: rate.burst.max(1) * 1000, last_ms: now_ms }
    }

    fn refill(&mut self, now_ms: u64) {
        // A clock that steps back refills nothing rather than wrapping.
        let elapsed = now_ms.saturating_sub(self.last_ms);
        self.milli_tokens = (self.milli_tokens + elapsed.saturating_mul(self.rate.per_second)).min(self.rate.burst.max(1) * 1000);
        self.last_ms = self.last_ms.max(now_ms);
    }

    /// How long until a request may go (0: now).
    pub fn wait_ms(&self, now_ms: u64) -> u64 {
        let mut probe = self.clone();
        probe.refill(now_ms);
        (1000u64.saturating_sub(probe.milli_tokens)).div_ceil(self.rate.per_second.max(1))
    }

    /// Takes a token, or says how long to wait for one.
    pub fn try_take(&mut self, now_ms: u64) -> Result<(), u64> {
        self.refill(now_ms);
        match self.wait_ms(now_ms) {
            0 => {
                self.milli_tokens -= 1000;
                Ok(())
            }
            wait => Err(wait),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Api {
    /// DescribeCustomKeyStores and the other custom key store operations.
    CustomKeyStores,
    CloudTrail,
}

/// How a poll ended, for the scope's pace.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Ok,
    Failed,
    /// The service asked to slow down: counted as a failure, so this scope backs off.
    Throttled,
}

/// Why a scope cannot poll now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NotNow {
    /// Its previous poll has not finished.
    InFlight,
    /// Its quota needs this many ms more.
    Wait(u64),
    Unknown,
}

/// One scope's bookkeeping.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScopeState {
    pub in_flight_since: Option<u64>,
    /// Polls in a row that failed or were throttled.
    pub failures: u32,
    pub next_due_ms: u64,
    round: u64,
    custom_key_stores: TokenBucket,
    cloudtrail: TokenBucket,
}

impl ScopeState {
    fn busy(&self, now_ms: u64) -> bool {
        self.in_flight_since.is_some_and(|since| now_ms.saturating_sub(since) < IN_FLIGHT_LIMIT_MS)
    }
}

/// Every scope's schedule, keyed by scope.
#[derive(Debug, Clone)]
pub struct Scheduler {
    seed: u64,
    pub pace: PollSchedule,
    scopes: BTreeMap<Scope, ScopeState>,
}

impl Scheduler {
    /// `seed` decides the offsets (e.g. the page's load time): fixed for a page, different across tabs.
    pub fn new(seed: u64, pace: PollSchedule) -> Self {
        Self { seed, pace, scopes: BTreeMap::new() }
    }

    /// Starts watching `scope`; its first poll falls at its offset within the idle period.
    pub fn add(&mut self, scope: Scope, now_ms: u64) {
        let first = now_ms + offset_ms(self.seed, &scope, self.pace.idle_ms);
        self.scopes.entry(scope).or_insert(ScopeState {
            in_flight_since: None,
            failures: 0,
            next_due_ms: first,
            round: 0,
            custom_key_stores: TokenBucket::new(KMS_CUSTOM_KEY_STORES, now_ms),
            cloudtrail: TokenBucket::new(CLOUDTRAIL_LOOKUP, now_ms),
        });
    }

    pub fn remove(&mut self, scope: &Scope) {
        self.scopes.remove(scope);
    }

    pub fn state(&self, scope: &Scope) -> Option<&ScopeState> {
        self.scopes.get(scope)
    }

    /// Asks for a poll of `scope` at once (a user's refresh, or just after an action).
    pub fn poll_now(&mut self, scope: &Scope, now_ms: u64) {
        if let Some(s) = self.scopes.get_mut(scope) {
            s.next_due_ms = s.next_due_ms.min(now_ms);
        }
    }

    /// Scopes whose poll is due and may go now, the longest waiting first.
    pub fn due(&self, now_ms: u64) -> Vec<Scope> {
        let mut due: Vec<(&Scope, &ScopeState)> =
            self.scopes.iter().filter(|(_, s)| !s.busy(now_ms) && s.next_due_ms <= now_ms && s.custom_key_stores.wait_ms(now_ms) == 0).collect();
        due.sort_by_key(|(scope, s)| (s.next_due_ms, *scope));
        due.into_iter().map(|(scope, _)| scope.clone()).collect()
    }

    /// When the page should look again: the earliest due time, a polling scope's being when its
    /// poll would count as over.
    pub fn next_wake_ms(&self) -> Option<u64> {
        self.scopes.values().map(|s| s.in_flight_since.map_or(s.next_due_ms, |since| since + IN_FLIGHT_LIMIT_MS)).min()
    }

    /// Takes a token from `scope`'s quota for `api`, for calls outside the poll (actions, history).
    pub fn take(&mut self, scope: &Scope, api: Api, now_ms: u64) -> Result<(), NotNow> {
        let s = self.scopes.get_mut(scope).ok_or(NotNow::Unknown)?;
        let bucket = match api {
            Api::CustomKeyStores => &mut s.custom_key_stores,
            Api::CloudTrail => &mut s.cloudtrail,
        };
        bucket.try_take(now_ms).map_err(NotNow::Wait)
    }

    /// Marks `scope`'s poll as sent, if none is in flight and its quota allows.
    pub fn start(&mut self, scope: &Scope, now_ms: u64) -> Result<(), NotNow> {
        let s = self.scopes.get_mut(scope).ok_or(NotNow::Unknown)?;
        if s.busy(now_ms) {
            return Err(NotNow::InFlight);
        }
        s.custom_key_stores.try_take(now_ms).map_err(NotNow::Wait)?;
        s.in_flight_since = Some(now_ms);
        Ok(())
    }

    /// Records how `scope`'s poll ended and sets its next one: the transition pace while a store
    /// moves, else the idle one, slowed by the scope's own failures in a row (as a failing Region
    /// backs off in `kms::polling`), jittered.
    pub fn finish(&mut self, scope: &Scope, now_ms: u64, outcome: Outcome, in_transition: bool, since_action_ms: u64) {
        let Some(s) = self.scopes.get_mut(scope) else { return };
        s.in_flight_since = None;
        s.failures = if outcome == Outcome::Ok { 0 } else { s.failures.saturating_add(1) };
        s.round += 1;
        let delay = self.pace.after_failures_ms(in_transition, since_action_ms, s.failures);
        s.next_due_ms = now_ms + jittered_ms(self.seed, scope, s.round, delay);
    }
}

#[cfg(test)]
#[path = "schedule_tests.rs"]
mod tests;
