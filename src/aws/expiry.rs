//! How long temporary credentials have left, and how to say it.

/// Warn this long before the credentials expire.
pub const WARN_BEFORE_MS: u64 = 5 * 60 * 1000;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expiry {
    /// No expiration is known (long-term keys, or typed fields without one).
    Unknown,
    Valid {
        remaining_ms: u64,
    },
    /// Less than [`WARN_BEFORE_MS`] left.
    Soon {
        remaining_ms: u64,
    },
    Expired,
}

pub fn expiry(now_ms: u64, expires_at_ms: Option<u64>) -> Expiry {
    match expires_at_ms {
        None => Expiry::Unknown,
        Some(at) if at <= now_ms => Expiry::Expired,
        Some(at) if at - now_ms <= WARN_BEFORE_MS => Expiry::Soon { remaining_ms: at - now_ms },
        Some(at) => Expiry::Valid { remaining_ms: at - now_ms },
    }
}

/// `1 h 05 min` over an hour, `4:09` (minutes:seconds) under it.
pub fn countdown(remaining_ms: u64) -> String {
    let secs = remaining_ms.div_ceil(1000);
    if secs >= 3600 {
        format!("{} h {:02} min", secs / 3600, secs % 3600 / 60)
    } else {
        format!("{}:{:02}", secs / 60, secs % 60)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn states_around_the_warning_and_the_end() {
        let at = 10_000_000;
        assert_eq!(expiry(0, None), Expiry::Unknown);
        assert_eq!(expiry(at - WARN_BEFORE_MS - 1, Some(at)), Expiry::Valid { remaining_ms: WARN_BEFORE_MS + 1 });
        assert_eq!(expiry(at - WARN_BEFORE_MS, Some(at)), Expiry::Soon { remaining_ms: WARN_BEFORE_MS });
        assert_eq!(expiry(at - 1, Some(at)), Expiry::Soon { remaining_ms: 1 });
        assert_eq!(expiry(at, Some(at)), Expiry::Expired);
        assert_eq!(expiry(at + 5, Some(at)), Expiry::Expired);
    }

    #[test]
    fn countdown_text() {
        assert_eq!(countdown(3_900_000), "1 h 05 min");
        assert_eq!(countdown(249_000), "4:09");
        assert_eq!(countdown(1), "0:01", "rounds up: never shows 0:00 while still valid");
        assert_eq!(countdown(60_000), "1:00");
    }
}
