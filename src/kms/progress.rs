//! What a transition's progress can honestly show: time since the action, the typical duration
//! for the store type, a bar that never reaches the end until KMS says so, and the states passed.

use super::model::{ConnectionState, KeyStoreType};

/// Typical durations KMS documents (REFERENCE.md section 2): connecting a CloudHSM key store can
/// take up to 20 minutes, an external key store about 5. Disconnecting has no documented figure.
pub fn typical_ms(store_type: &KeyStoreType, state: &ConnectionState) -> Option<u64> {
    match (state, store_type) {
        (ConnectionState::Connecting, KeyStoreType::CloudHsm) => Some(20 * 60_000),
        (ConnectionState::Connecting, KeyStoreType::External) => Some(5 * 60_000),
        _ => None,
    }
}

/// The bar's fill in 0..=0.95: it follows the typical duration but stops short of full, because
/// only KMS knows when the transition ends.
pub fn fraction(elapsed_ms: u64, typical_ms: u64) -> f64 {
    (elapsed_ms as f64 / typical_ms.max(1) as f64).min(0.95)
}

/// `42 s`, `3 min 05 s`, `1 h 02 min`.
pub use crate::aws::time::duration_text as elapsed_text;

/// One state a store passed through, and when the console saw it (epoch ms).
#[derive(Debug, Clone, PartialEq)]
pub struct Step {
    pub at_ms: u64,
    pub state: ConnectionState,
    pub error_code: Option<String>,
}

/// Appends `state` unless it is the one already last: polls repeat states, the timeline should not.
pub fn record(timeline: &mut Vec<Step>, at_ms: u64, state: ConnectionState, error_code: Option<String>) {
    if timeline.last().is_some_and(|s| s.state == state && s.error_code == error_code) {
        return;
    }
    timeline.push(Step { at_ms, state, error_code });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typical_durations_by_type() {
        assert_eq!(typical_ms(&KeyStoreType::CloudHsm, &ConnectionState::Connecting), Some(1_200_000));
        assert_eq!(typical_ms(&KeyStoreType::External, &ConnectionState::Connecting), Some(300_000));
        assert_eq!(typical_ms(&KeyStoreType::External, &ConnectionState::Disconnecting), None);
    }

    #[test]
    fn the_bar_never_claims_the_end() {
        assert_eq!(fraction(0, 300_000), 0.0);
        assert_eq!(fraction(150_000, 300_000), 0.5);
        assert_eq!(fraction(300_000, 300_000), 0.95);
        assert_eq!(fraction(9_000_000, 300_000), 0.95);
        assert_eq!(elapsed_text(42_500), "42 s");
        assert_eq!(elapsed_text(185_000), "3 min 05 s");
        assert_eq!(elapsed_text(3_725_000), "1 h 02 min");
    }

    #[test]
    fn the_timeline_keeps_changes_only() {
        let mut t = vec![];
        record(&mut t, 1, ConnectionState::Disconnected, None);
        record(&mut t, 2, ConnectionState::Connecting, None);
        record(&mut t, 3, ConnectionState::Connecting, None);
        record(&mut t, 4, ConnectionState::Failed, Some("NETWORK_ERRORS".into()));
        assert_eq!(t.iter().map(|s| s.at_ms).collect::<Vec<_>>(), [1, 2, 4]);
    }
}
