//! The `AWS/KMS` metrics KMS publishes for external key stores, generated: every value is a
//! function of the store, the metric, its dimensions, the period and the period's start, plus the
//! moment the sandbox started (the "now" of the profiles), so the same request always gets the
//! same numbers.

use crate::ids;
use crate::seed::{MetricsProfile, MetricsSeed};
use crate::world::Region;

pub const NAMESPACE: &str = "AWS/KMS";
const HOUR: i64 = 3600;
const DAY: f64 = 86_400.0;

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Stat {
    Average,
    Sum,
    Minimum,
    Maximum,
    SampleCount,
    /// `p50`, `p90`, `p99`, `p99.9`: any percentile above 0 and up to 100.
    Percentile(f64),
}

impl Stat {
    pub fn parse(s: &str) -> Option<Stat> {
        Some(match s {
            "Average" => Stat::Average,
            "Sum" => Stat::Sum,
            "Minimum" => Stat::Minimum,
            "Maximum" => Stat::Maximum,
            "SampleCount" => Stat::SampleCount,
            _ => {
                let p: f64 = s.strip_prefix('p')?.parse().ok()?;
                if !(p > 0.0 && p <= 100.0) || s.contains(['e', 'E', '+', '-']) {
                    return None;
                }
                Stat::Percentile(p)
            }
        })
    }
}

/// How one series' values come about.
#[derive(Debug, Clone)]
enum Kind {
    /// Milliseconds; `rate` requests a minute.
    Latency {
        rate: f64,
    },
    /// Errors or throttles counted per 5 minutes at the peak of `degrading`.
    Count {
        per_5_minutes: f64,
    },
    /// External key managers in `state`.
    Managers {
        state: &'static str,
    },
    CertificateDays,
    CredentialAge,
}

/// One metric with one set of dimension values.
#[derive(Debug, Clone)]
pub struct Series {
    pub metric: &'static str,
    /// In the order the metric's schema lists them.
    pub dims: Vec<(&'static str, String)>,
    pub unit: &'static str,
    kind: Kind,
    metrics: MetricsSeed,
    /// No data before the store existed.
    created: i64,
}

/// (KmsOperation, XksOperation, requests a minute, share of the retryable errors).
const OPERATIONS: [(&str, &str, f64, f64); 3] =
    [("Encrypt", "Encrypt", 30.0, 0.5), ("Decrypt", "Decrypt", 50.0, 0.3), ("GenerateDataKey", "Encrypt", 20.0, 0.2)];
const KEY_SPEC: &str = "AES_256";

/// Every series the Region's external key stores publish.
pub fn catalog(region: &Region) -> Vec<Series> {
    let mut all = Vec::new();
    for store in &region.stores {
        let Some(metrics) = store.metrics.clone() else { continue };
        let degrading = metrics.profile == MetricsProfile::Degrading;
        let mut add = |metric: &'static str, unit: &'static str, dims: Vec<(&'static str, &str)>, kind: Kind| {
            let mut full = vec![("CustomKeyStoreId", store.id.clone())];
            full.extend(dims.into_iter().map(|(k, v)| (k, v.to_owned())));
            all.push(Series { metric, dims: full, unit, kind, metrics: metrics.clone(), created: store.creation_date as i64 });
        };
        for (kms_op, xks_op, rate, share) in OPERATIONS {
            let op_dims = vec![("KmsOperation", kms_op), ("XksOperation", xks_op), ("KeySpec", KEY_SPEC)];
            add("XksProxyLatency", "Milliseconds", op_dims.clone(), Kind::Latency { rate });
            // A healthy proxy has never failed: those series do not exist at all.
            if degrading {
                let retryable = [("ErrorType", "Retryable"), ("ExceptionName", "XksProxyUriUnreachableException")];
                add("XksProxyErrors", "Count", [op_dims.clone(), retryable.to_vec()].concat(), Kind::Count { per_5_minutes: 40.0 * share });
                if kms_op == "Decrypt" {
                    let fatal = [("ErrorType", "Non-retryable"), ("ExceptionName", "XksProxyInvalidResponseException")];
                    add("XksProxyErrors", "Count", [op_dims.clone(), fatal.to_vec()].concat(), Kind::Count { per_5_minutes: 10.0 });
                }
                if kms_op != "GenerateDataKey" {
                    let dims = vec![("KmsOperation", kms_op), ("KeySpec", KEY_SPEC)];
                    add("ExternalKeyStoreThrottle", "Count", dims, Kind::Count { per_5_minutes: 6.0 * share });
                }
            }
        }
        for state in ["Active", "Degraded", "Unavailable"] {
            add("XksExternalKeyManagerStates", "Count", vec![("XksExternalKeyManagerState", state)], Kind::Managers { state });
        }
        let name = metrics.certificate_name.clone();
        add("XksProxyCertificateDaysToExpire", "Count", vec![("CertificateName", name.as_str())], Kind::CertificateDays);
        add("XksProxyCredentialAge", "Count", vec![], Kind::CredentialAge);
    }
    all
}

impl Series {
    pub fn dim(&self, name: &str) -> Option<&str> {
        self.dims.iter().find(|(k, _)| *k == name).map(|(_, v)| v.as_str())
    }

    /// The statistic over the period starting at `t` (epoch seconds), or None when no data point
    /// was published then. `anchor` is the profiles' "now": when the sandbox started.
    pub fn value(&self, t: i64, period: i64, stat: Stat, anchor: i64) -> Option<f64> {
        if t < self.created {
            return None;
        }
        let mut key: Vec<String> = vec![self.metric.to_owned(), t.to_string(), period.to_string()];
        key.extend(self.dims.iter().map(|(_, v)| v.clone()));
        let noise = |salt: &str| {
            let parts: Vec<&str> = key.iter().map(String::as_str).chain([salt]).collect();
            ids::noise(&parts)
        };
        let degrading = self.metrics.profile == MetricsProfile::Degrading;
        // 0 until three hours before the anchor, 1 from the anchor on.
        let ramp = if degrading { ((t + period / 2 - (anchor - 3 * HOUR)) as f64 / (3 * HOUR) as f64).clamp(0.0, 1.0) } else { 0.0 };
        let minutes = period as f64 / 60.0;
        let days_before = ((anchor - t) as f64 / DAY).trunc();
        let gauge = |v: f64| match stat {
            Stat::Sum => v * minutes,
            Stat::SampleCount => minutes,
            _ => v,
        };
        match &self.kind {
            Kind::Latency { rate } => {
                let p50 = lerp(50.0 + 10.0 * noise("p50"), 180.0 + 6.0 * noise("p50 peak"), ramp);
                let p99 = lerp(105.0 + 15.0 * noise("p99"), 255.0 + 5.0 * noise("p99 peak"), ramp);
                let p90 = p50 + 0.6 * (p99 - p50);
                let (min, max) = (0.45 * p50, 1.15 * p99);
                let average = p50 + 0.2 * (p99 - p50);
                let samples = (rate * minutes * (1.0 + 0.05 * noise("samples"))).round().max(1.0);
                Some(match stat {
                    Stat::Average => average,
                    Stat::Sum => average * samples,
                    Stat::Minimum => min,
                    Stat::Maximum => max,
                    Stat::SampleCount => samples,
                    Stat::Percentile(p) => percentile(p, [(0.0, min), (50.0, p50), (90.0, p90), (99.0, p99), (100.0, max)]),
                })
            }
            // Each error is one sample of 1: Sum and SampleCount are the count.
            Kind::Count { per_5_minutes } => {
                let n = (per_5_minutes * minutes / 5.0 * ramp * (1.0 + 0.1 * noise("count"))).round();
                (n >= 1.0).then_some(match stat {
                    Stat::Sum | Stat::SampleCount => n,
                    _ => 1.0,
                })
            }
            Kind::Managers { state } => {
                let late = degrading && t >= anchor - HOUR;
                let v = match (*state, late) {
                    ("Active", false) => 2.0,
                    ("Active", true) | ("Degraded", true) => 1.0,
                    _ => 0.0,
                };
                Some(gauge(v))
            }
            Kind::CertificateDays => Some(gauge(self.metrics.certificate_days + days_before)),
            Kind::CredentialAge => {
                if let Some(set) = self.metrics.credential_set_at.filter(|set| t + period > *set) {
                    return Some(gauge(((t - set).max(0) as f64 / DAY).trunc()));
                }
                let age = self.metrics.credential_age_days - days_before;
                (age >= 0.0).then(|| gauge(age))
            }
        }
    }
}

fn lerp(from: f64, to: f64, x: f64) -> f64 {
    from + (to - from) * x
}

/// Linear between the known points of the distribution.
fn percentile(p: f64, points: [(f64, f64); 5]) -> f64 {
    let i = points.iter().position(|(q, _)| *q >= p).unwrap_or(4).max(1);
    let ((q0, v0), (q1, v1)) = (points[i - 1], points[i]);
    lerp(v0, v1, (p - q0) / (q1 - q0))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn series(profile: &str) -> Vec<Series> {
        let seed: crate::seed::RegionSeed = serde_json::from_value(serde_json::json!({"stores": [
            {"id": "cks-x", "name": "x", "type": "EXTERNAL_KEY_STORE", "creation_date": 0,
             "metrics": {"profile": profile, "certificate_days": 5, "credential_age_days": 400}},
            {"id": "cks-h", "name": "h", "type": "AWS_CLOUDHSM", "cloud_hsm_cluster_id": "cluster-aaaaaaaaaaa"}
        ]}))
        .unwrap();
        let mut world =
            crate::world::World::from_seed(serde_json::from_value(serde_json::json!({"accounts": [{"account_id": "1", "regions": {"r": seed}}]})).unwrap());
        catalog(world.region("1", "r", std::time::Instant::now()))
    }

    #[test]
    fn profiles_shape_the_catalog_and_the_values() {
        assert_eq!(Stat::parse("p99.9"), Some(Stat::Percentile(99.9)));
        assert!(Stat::parse("p0").is_none() && Stat::parse("Median").is_none() && Stat::parse("p1e2").is_none());
        let healthy = series("healthy");
        assert!(healthy.iter().all(|s| s.dim("CustomKeyStoreId") == Some("cks-x")), "no metrics for CloudHSM key stores");
        assert!(!healthy.iter().any(|s| s.metric == "XksProxyErrors"));
        assert!(series("none").is_empty());
        let anchor = 1_800_000_000;
        let latest = anchor - 300;
        let lat = healthy.iter().find(|s| s.metric == "XksProxyLatency").unwrap();
        let p99 = lat.value(latest, 300, Stat::Percentile(99.0), anchor).unwrap();
        assert!((90.0..=120.0).contains(&p99), "{p99}");
        assert_eq!(lat.value(latest, 300, Stat::Percentile(99.0), anchor), Some(p99), "deterministic");
        let degrading = series("degrading");
        let lat = degrading.iter().find(|s| s.metric == "XksProxyLatency").unwrap();
        assert!(lat.value(latest, 300, Stat::Percentile(99.0), anchor).unwrap() > 200.0);
        assert!(lat.value(anchor - 5 * HOUR, 300, Stat::Percentile(99.0), anchor).unwrap() < 120.0, "healthy before the ramp");
        let errors: f64 = degrading.iter().filter(|s| s.dim("ErrorType") == Some("Retryable")).filter_map(|s| s.value(latest, 300, Stat::Sum, anchor)).sum();
        assert!((34.0..=46.0).contains(&errors), "{errors}");
        let cert = degrading.iter().find(|s| s.metric == "XksProxyCertificateDaysToExpire").unwrap();
        assert_eq!(cert.value(latest, 300, Stat::Minimum, anchor), Some(5.0));
        assert_eq!(cert.value(anchor - 3 * 86_400, 300, Stat::Minimum, anchor), Some(8.0));
        let degraded = degrading.iter().find(|s| s.dim("XksExternalKeyManagerState") == Some("Degraded")).unwrap();
        assert_eq!(degraded.value(latest, 300, Stat::Maximum, anchor), Some(1.0));
        assert_eq!(degraded.value(anchor - 2 * HOUR, 300, Stat::Maximum, anchor), Some(0.0));
    }
}
