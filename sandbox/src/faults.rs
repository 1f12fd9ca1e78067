//! Injected failures, for tests and demos: latency, a skewed clock, one-shot faults that the
//! next service requests meet in order, and services that do not answer browsers. Set by flags
//! or by `POST /__sandbox/faults`.

use serde::{Deserialize, Serialize};
use std::collections::VecDeque;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Fault {
    /// HTTP 500 with KMSInternalException (STS: InternalFailure).
    #[serde(rename = "http_500")]
    Http500,
    /// HTTP 503 with ServiceUnavailableException (STS: ServiceUnavailable).
    #[serde(rename = "http_503")]
    Http503,
    /// ThrottlingException, as when the account's quota is spent by others.
    Throttle,
    /// HTTP 200 with a body that is not JSON at all.
    Malformed,
    /// The answer stops halfway and the connection closes.
    Truncated,
    /// An HTML error page, as a proxy or load balancer in the way would send.
    Html,
    /// The connection closes with no answer.
    Drop,
}

/// A service by its signing name, as the request log names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Service {
    Kms,
    Sts,
    Cloudhsm,
    Monitoring,
    Cloudtrail,
    Organizations,
    Iam,
    Ec2,
    Elasticloadbalancing,
    Sns,
}

impl Service {
    pub fn parse(name: &str) -> Result<Service, String> {
        serde_json::from_value(serde_json::json!(name))
            .map_err(|_| format!("unknown service {name} (kms, sts, cloudhsm, monitoring, cloudtrail, organizations, iam, ec2, elasticloadbalancing, sns)"))
    }
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Faults {
    /// Added before every KMS and STS answer.
    #[serde(default)]
    pub latency_ms: u64,
    /// The sandbox's clock runs this far from the real one (its Date header and signature check).
    #[serde(default)]
    pub clock_offset_seconds: i64,
    /// One-shot faults, consumed by the next KMS and STS requests in order.
    #[serde(default)]
    pub queue: VecDeque<Fault>,
    /// These services answer without `Access-Control-Allow-Origin` (preflights are still
    /// answered): a browser's fetch then fails, as in a Region whose service does not answer
    /// browsers, while other clients see the answer as usual.
    #[serde(default)]
    pub refuse_browsers: Vec<Service>,
}

/// `POST /__sandbox/faults`: fields given replace the current ones; `add` appends to the queue.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FaultsUpdate {
    pub latency_ms: Option<u64>,
    pub clock_offset_seconds: Option<i64>,
    #[serde(default)]
    pub add: Vec<FaultBurst>,
    /// Replaces the list of services that refuse browsers (`[]` to clear it).
    pub refuse_browsers: Option<Vec<Service>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FaultBurst {
    pub fault: Fault,
    #[serde(default = "one")]
    pub count: usize,
}

fn one() -> usize {
    1
}

impl Faults {
    pub fn apply(&mut self, update: FaultsUpdate) {
        if let Some(ms) = update.latency_ms {
            self.latency_ms = ms;
        }
        if let Some(s) = update.clock_offset_seconds {
            self.clock_offset_seconds = s;
        }
        for burst in update.add {
            self.queue.extend(std::iter::repeat_n(burst.fault, burst.count));
        }
        if let Some(services) = update.refuse_browsers {
            self.refuse_browsers = services;
        }
    }

    /// Whether answers of the service with this signing name leave out CORS headers.
    pub fn refuses_browsers(&self, service: &str) -> bool {
        Service::parse(service).is_ok_and(|s| self.refuse_browsers.contains(&s))
    }

    /// `KIND` or `KIND:COUNT`, as the `--fault` flag takes it (e.g. `http_503:3`).
    pub fn parse_flag(&mut self, flag: &str) -> Result<(), String> {
        let (kind, count) = flag.split_once(':').unwrap_or((flag, "1"));
        let fault: Fault = serde_json::from_value(serde_json::json!(kind)).map_err(|_| format!("unknown fault {kind}"))?;
        let count: usize = count.parse().map_err(|_| format!("bad count in {flag}"))?;
        self.queue.extend(std::iter::repeat_n(fault, count));
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flags_and_updates_fill_the_queue_in_order() {
        let mut f = Faults::default();
        f.parse_flag("http_503:2").unwrap();
        f.parse_flag("drop").unwrap();
        assert!(f.parse_flag("meteor").is_err());
        f.apply(serde_json::from_str(r#"{"latency_ms": 50, "add": [{"fault": "html"}]}"#).unwrap());
        assert_eq!(f.queue, [Fault::Http503, Fault::Http503, Fault::Drop, Fault::Html]);
        assert_eq!(f.latency_ms, 50);
    }

    #[test]
    fn services_can_refuse_browsers() {
        let mut f = Faults::default();
        f.apply(serde_json::from_str(r#"{"refuse_browsers": ["monitoring", "cloudtrail"]}"#).unwrap());
        assert!(f.refuses_browsers("monitoring") && f.refuses_browsers("cloudtrail") && !f.refuses_browsers("kms"));
        assert!(serde_json::from_str::<FaultsUpdate>(r#"{"refuse_browsers": ["s3"]}"#).is_err());
        f.apply(serde_json::from_str(r#"{"latency_ms": 1}"#).unwrap());
        assert!(f.refuses_browsers("monitoring"), "kept when not named");
        f.apply(serde_json::from_str(r#"{"refuse_browsers": []}"#).unwrap());
        assert!(!f.refuses_browsers("monitoring"));
        f.apply(serde_json::from_str(r#"{"refuse_browsers": ["ec2", "elasticloadbalancing", "sns"]}"#).unwrap());
        assert!(f.refuses_browsers("ec2") && f.refuses_browsers("elasticloadbalancing") && f.refuses_browsers("sns") && !f.refuses_browsers("monitoring"));
    }
}
