//! Retries as the AWS SDKs' standard mode does them (REFERENCE.md section 4): at most 3 attempts,
//! a delay drawn at random in [0, min(base · 2^n, 20 s)] with base 50 ms, or 1 s for throttling.
//! Only what can succeed on a second try is retried: no answer, an unreadable answer, 500, 502,
//! 503, 504, 429, throttling and KMS's internal error; never a validation, state or access error.

use super::error::{ErrorKind, ServiceError};

pub const MAX_ATTEMPTS: u32 = 3;
const BASE_MS: u64 = 50;
const THROTTLED_BASE_MS: u64 = 1_000;
const CAP_MS: u64 = 20_000;

/// Error types the AWS SDKs treat as throttling.
const THROTTLING: [&str; 7] =
    ["ThrottlingException", "Throttling", "ThrottledException", "RequestThrottledException", "TooManyRequestsException", "RequestLimitExceeded", "SlowDown"];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Retry {
    No,
    /// A passing fault: network, an unreadable answer, a 5xx, KMSInternalException.
    Transient,
    /// The service asks callers to slow down: backed off harder.
    Throttled,
}

pub fn classify(error: &ServiceError) -> Retry {
    match &error.kind {
        ErrorKind::Network | ErrorKind::Malformed => Retry::Transient,
        // The same endpoint would send the same flood again: downloading it three times is
        // exactly what the size limit is there to prevent.
        ErrorKind::Client | ErrorKind::TooLarge => Retry::No,
        ErrorKind::Service(code) if THROTTLING.contains(&code.as_str()) || error.status == Some(429) => Retry::Throttled,
        ErrorKind::Service(code) if code == "KMSInternalException" || code == "InternalFailure" => Retry::Transient,
        ErrorKind::Service(_) if matches!(error.status, Some(500 | 502 | 503 | 504)) => Retry::Transient,
        ErrorKind::Service(_) => Retry::No,
    }
}

/// Whether a failed call may still have been carried out: no answer came, or one that could not
/// be read. Connect and Disconnect then read the state before sending again.
pub fn outcome_unknown(error: &ServiceError) -> bool {
    matches!(error.kind, ErrorKind::Network | ErrorKind::Malformed | ErrorKind::TooLarge)
}

/// The wait before retry number `retry` (0 for the first), for a `random` value in [0, 1).
pub fn delay_ms(retry: u32, kind: Retry, random: f64) -> u64 {
    let base = if kind == Retry::Throttled { THROTTLED_BASE_MS } else { BASE_MS };
    let ceiling = base.saturating_mul(1u64 << retry.min(20)).min(CAP_MS);
    (random.clamp(0.0, 1.0) * ceiling as f64) as u64
}

#[cfg(test)]
mod tests {
    use super::*;

    fn service(code: &str, status: u16) -> ServiceError {
        ServiceError { kind: ErrorKind::Service(code.into()), message: String::new(), request_id: None, status: Some(status) }
    }

    #[test]
    fn only_what_can_pass_is_retried() {
        assert_eq!(classify(&service("ThrottlingException", 400)), Retry::Throttled);
        assert_eq!(classify(&service("Anything", 429)), Retry::Throttled);
        assert_eq!(classify(&service("KMSInternalException", 500)), Retry::Transient);
        assert_eq!(classify(&service("ServiceUnavailable", 503)), Retry::Transient);
        assert_eq!(classify(&ServiceError::network(crate::aws::http::TransportError("gone".into()))), Retry::Transient);
        for code in ["ValidationException", "CustomKeyStoreInvalidStateException", "AccessDeniedException", "LimitExceededException", "ExpiredTokenException"] {
            assert_eq!(classify(&service(code, 400)), Retry::No, "{code}");
        }
        assert_eq!(classify(&ServiceError::client("bad input")), Retry::No);
        let flood = ServiceError::network(crate::aws::http::TransportError::too_large("http://127.0.0.1:1/", Some(300_000_000)));
        assert_eq!(flood.kind, ErrorKind::TooLarge);
        assert_eq!(flood.code(), "UnreadableResponse");
        assert!(flood.message.starts_with("The answer was larger than 8 MB (it announced 300 MB)"), "{}", flood.message);
        assert_eq!(classify(&flood), Retry::No, "an answer refused for its size is not asked for again");
    }

    #[test]
    fn full_jitter_under_a_growing_ceiling_capped_at_20_s() {
        assert_eq!(delay_ms(0, Retry::Transient, 0.999_999), 49);
        assert_eq!(delay_ms(1, Retry::Transient, 0.5), 50);
        assert_eq!(delay_ms(0, Retry::Throttled, 0.5), 500);
        assert_eq!(delay_ms(1, Retry::Throttled, 1.0), 2_000);
        assert_eq!(delay_ms(10, Retry::Throttled, 1.0), 20_000, "capped");
        assert_eq!(delay_ms(40, Retry::Transient, 1.0), 20_000, "no overflow");
        assert_eq!(delay_ms(2, Retry::Transient, 0.0), 0);
    }
}
