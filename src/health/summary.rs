//! One word for an external key store's health, from the last hour of its metrics, with the
//! thresholds AWS suggests for alarms: certificate under 10 days, latency over 200 ms (KMS gives up
//! at 250 ms), more than 5 errors a minute.

use super::metrics::{ids, single, Results};

pub const CERTIFICATE_DAYS_WARNING: f64 = 10.0;
pub const LATENCY_WARNING_MS: f64 = 200.0;
pub const KMS_TIMEOUT_MS: f64 = 250.0;
pub const ERRORS_PER_MINUTE_WARNING: f64 = 5.0;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Health {
    Failing,
    Degraded,
    Healthy,
    NoData,
}

impl Health {
    pub fn word(self) -> &'static str {
        match self {
            Self::Healthy => "Healthy",
            Self::Degraded => "Degraded",
            Self::Failing => "Failing",
            Self::NoData => "No data",
        }
    }

    pub fn key(self) -> &'static str {
        match self {
            Self::Healthy => "healthy",
            Self::Degraded => "degraded",
            Self::Failing => "failing",
            Self::NoData => "no-data",
        }
    }
}

/// The latest readings of one store and what they add up to.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Summary {
    pub latency_p99_ms: Option<f64>,
    pub errors_per_minute: Option<f64>,
    pub certificate_days: Option<f64>,
    pub credential_age_days: Option<f64>,
    pub managers_degraded: Option<f64>,
    pub managers_unavailable: Option<f64>,
}

impl Summary {
    /// Reads store number `index` of `summary_queries`, whose periods are 5 minutes.
    pub fn from_results(results: &Results, index: usize) -> Self {
        let last = |what: &str| single(results, &format!("s{index}_{what}")).and_then(|s| s.last());
        Self {
            latency_p99_ms: last(ids::P99),
            errors_per_minute: last("errors").map(|n| n / 5.0),
            certificate_days: last(ids::CERTIFICATE),
            credential_age_days: last(ids::CREDENTIAL),
            managers_degraded: last(ids::DEGRADED),
            managers_unavailable: last(ids::UNAVAILABLE),
        }
    }

    pub fn health(&self) -> Health {
        let above = |v: Option<f64>, limit: f64| v.is_some_and(|v| v > limit);
        if self.latency_p99_ms.is_none() && self.certificate_days.is_none() && self.errors_per_minute.is_none() {
            return Health::NoData;
        }
        if above(self.latency_p99_ms, KMS_TIMEOUT_MS - 0.001) || self.certificate_days.is_some_and(|d| d <= 0.0) || above(self.managers_unavailable, 0.0) {
            return Health::Failing;
        }
        if self.reasons().is_empty() {
            Health::Healthy
        } else {
            Health::Degraded
        }
    }

    /// Each reading past its threshold, in words, for the dot's tooltip and the details.
    pub fn reasons(&self) -> Vec<String> {
        let mut reasons = Vec::new();
        if let Some(ms) = self.latency_p99_ms.filter(|ms| *ms > LATENCY_WARNING_MS) {
            reasons.push(format!("p99 latency {ms:.0} ms (over {LATENCY_WARNING_MS:.0}; KMS times out at {KMS_TIMEOUT_MS:.0})"));
        }
        if let Some(n) = self.errors_per_minute.filter(|n| *n > ERRORS_PER_MINUTE_WARNING) {
            reasons.push(format!("{n:.1} proxy errors a minute (over {ERRORS_PER_MINUTE_WARNING:.0})"));
        }
        if let Some(d) = self.certificate_days.filter(|d| *d < CERTIFICATE_DAYS_WARNING) {
            reasons.push(format!("TLS certificate expires in {d:.0} days"));
        }
        if let Some(n) = self.managers_unavailable.filter(|n| *n > 0.0) {
            reasons.push(format!("{n:.0} external key manager(s) unavailable"));
        }
        if let Some(n) = self.managers_degraded.filter(|n| *n > 0.0) {
            reasons.push(format!("{n:.0} external key manager(s) degraded"));
        }
        reasons
    }

    /// How soon something must be done, for sorting the certificate view: fewer days first;
    /// stores without a certificate reading last, older credentials before newer ones.
    pub fn urgency_key(&self) -> (u8, i64, i64) {
        match self.certificate_days {
            Some(d) => (0, (d * 1000.0) as i64, -(self.credential_age_days.unwrap_or(0.0) * 1000.0) as i64),
            None => (1, 0, -(self.credential_age_days.unwrap_or(0.0) * 1000.0) as i64),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn summary(p99: f64, errors_per_min: f64, cert: f64) -> Summary {
        Summary { latency_p99_ms: Some(p99), errors_per_minute: Some(errors_per_min), certificate_days: Some(cert), ..Default::default() }
    }

    #[test]
    fn thresholds_decide_the_word() {
        assert_eq!(summary(110.0, 0.0, 180.0).health(), Health::Healthy);
        assert_eq!(summary(201.0, 0.0, 180.0).health(), Health::Degraded);
        assert_eq!(summary(110.0, 5.2, 180.0).health(), Health::Degraded);
        assert_eq!(summary(110.0, 5.0, 180.0).health(), Health::Healthy, "5 a minute is the limit, not over it");
        assert_eq!(summary(110.0, 0.0, 9.5).health(), Health::Degraded);
        assert_eq!(summary(260.0, 0.0, 180.0).health(), Health::Failing);
        assert_eq!(summary(110.0, 0.0, 0.0).health(), Health::Failing);
        assert_eq!(Summary::default().health(), Health::NoData);
        let reasons = summary(260.0, 12.0, 5.0).reasons();
        assert_eq!(reasons.len(), 3, "{reasons:?}");
        assert!(reasons[2].contains("expires in 5 days"));
    }

    #[test]
    fn urgency_puts_the_nearest_expiry_first_and_unknown_last() {
        let mut list = [
            Summary { certificate_days: Some(200.0), ..Default::default() },
            Summary { certificate_days: None, credential_age_days: Some(900.0), ..Default::default() },
            Summary { certificate_days: Some(5.0), credential_age_days: Some(400.0), ..Default::default() },
        ];
        list.sort_by_key(Summary::urgency_key);
        assert_eq!(list.iter().map(|s| s.certificate_days).collect::<Vec<_>>(), [Some(5.0), Some(200.0), None]);
    }
}
