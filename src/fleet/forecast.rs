//! What will need a person soon, across the fleet: certificates expiring within 30 days, proxy
//! credentials older than the user's policy, CloudHSM clusters with fewer than two active HSMs or
//! all of them in one Availability Zone, and external key stores no alarm watches. A function
//! over simple facts per store (what the page already learnt from CloudWatch, CloudHSM and
//! DescribeAlarms); results are indexes into the rows given, most urgent first, as in `summary`.

use super::summary::MIN_HSMS;

/// Certificates expiring within this many days are forecast.
pub const CERTIFICATE_DAYS: f64 = 30.0;

/// One store, as far as the page knows it (`None`: not known, so not forecast).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct StoreFacts {
    pub store_id: String,
    /// An external key store (certificates, credentials and alarms apply to those).
    pub external: bool,
    /// Lowest `XksProxyCertificateDaysToExpire` of the latest readings.
    pub certificate_days: Option<f64>,
    /// `XksProxyCredentialAge`, days.
    pub credential_age_days: Option<f64>,
    /// A CloudHSM key store's cluster: active HSMs, and the Availability Zones they are in.
    pub active_hsms: Option<usize>,
    pub hsm_zones: Option<usize>,
    /// Alarms watching the store (DescribeAlarms); `None` when not read.
    pub alarms: Option<usize>,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ForecastPolicy {
    pub certificate_days: f64,
    /// The credential rotation policy, days.
    pub credential_days: f64,
}

impl Default for ForecastPolicy {
    fn default() -> Self {
        Self { certificate_days: CERTIFICATE_DAYS, credential_days: 90.0 }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Forecast {
    /// Fewest days first (expired ones, at 0 or below, lead).
    pub certificates_expiring: Vec<usize>,
    /// Oldest first.
    pub old_credentials: Vec<usize>,
    /// Fewest active HSMs first.
    pub thin_clusters: Vec<usize>,
    /// Two or more HSMs, all in one zone.
    pub one_zone_clusters: Vec<usize>,
    /// External key stores whose alarms were read and are none.
    pub unwatched: Vec<usize>,
}

impl Forecast {
    pub fn is_empty(&self) -> bool {
        self == &Forecast::default()
    }

    /// "2 certificates expire within 30 days; 1 credential is older than 90 days; …".
    pub fn sentence(&self, policy: &ForecastPolicy) -> String {
        let count = |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
        let mut parts = Vec::new();
        if !self.certificates_expiring.is_empty() {
            let n = self.certificates_expiring.len();
            parts.push(format!("{} within {} days", count(n, "certificate expires", "certificates expire"), policy.certificate_days));
        }
        if !self.old_credentials.is_empty() {
            let n = self.old_credentials.len();
            parts.push(format!("{} older than {} days", count(n, "proxy credential is", "proxy credentials are"), policy.credential_days));
        }
        if !self.thin_clusters.is_empty() {
            parts.push(format!("{} fewer than {MIN_HSMS} active HSMs", count(self.thin_clusters.len(), "cluster has", "clusters have")));
        }
        if !self.one_zone_clusters.is_empty() {
            parts.push(format!("{} all HSMs in one Availability Zone", count(self.one_zone_clusters.len(), "cluster has", "clusters have")));
        }
        if !self.unwatched.is_empty() {
            parts.push(format!("{} no alarms", count(self.unwatched.len(), "external key store has", "external key stores have")));
        }
        if parts.is_empty() {
            return "Nothing is forecast to need you.".into();
        }
        let mut s = parts.join("; ");
        s.push('.');
        s
    }
}

pub fn forecast(stores: &[StoreFacts], policy: &ForecastPolicy) -> Forecast {
    let by = |pick: &dyn Fn(&StoreFacts) -> Option<f64>, keep: &dyn Fn(f64) -> bool, ascending: bool| {
        let mut v: Vec<(usize, f64)> = stores.iter().enumerate().filter_map(|(i, s)| pick(s).filter(|x| keep(*x)).map(|x| (i, x))).collect();
        v.sort_by(|a, b| if ascending { a.1.total_cmp(&b.1) } else { b.1.total_cmp(&a.1) }.then(a.0.cmp(&b.0)));
        v.into_iter().map(|(i, _)| i).collect::<Vec<_>>()
    };
    let external = |s: &StoreFacts, x: Option<f64>| if s.external { x } else { None };
    Forecast {
        certificates_expiring: by(&|s| external(s, s.certificate_days), &|d| d < policy.certificate_days, true),
        old_credentials: by(&|s| external(s, s.credential_age_days), &|d| d > policy.credential_days, false),
        thin_clusters: by(&|s| s.active_hsms.map(|n| n as f64), &|n| n < MIN_HSMS as f64, true),
        one_zone_clusters: stores
            .iter()
            .enumerate()
            .filter(|(_, s)| s.active_hsms.is_some_and(|n| n >= MIN_HSMS) && s.hsm_zones == Some(1))
            .map(|(i, _)| i)
            .collect(),
        unwatched: stores.iter().enumerate().filter(|(_, s)| s.external && s.alarms == Some(0)).map(|(i, _)| i).collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn xks(id: &str, cert: f64, age: f64, alarms: Option<usize>) -> StoreFacts {
        StoreFacts { store_id: id.into(), external: true, certificate_days: Some(cert), credential_age_days: Some(age), alarms, ..Default::default() }
    }

    fn hsm(id: &str, active: usize, zones: usize) -> StoreFacts {
        StoreFacts { store_id: id.into(), active_hsms: Some(active), hsm_zones: Some(zones), ..Default::default() }
    }

    #[test]
    fn each_forecast_lists_the_most_urgent_first() {
        let stores = [
            xks("a", 25.0, 400.0, Some(0)),
            xks("b", 5.0, 30.0, Some(6)),
            xks("c", 200.0, 120.0, None),
            hsm("d", 1, 1),
            hsm("e", 2, 1),
            hsm("f", 0, 0),
            hsm("g", 3, 2),
        ];
        let f = forecast(&stores, &ForecastPolicy::default());
        assert_eq!(f.certificates_expiring, [1, 0]);
        assert_eq!(f.old_credentials, [0, 2]);
        assert_eq!(f.thin_clusters, [5, 3]);
        assert_eq!(f.one_zone_clusters, [4]);
        assert_eq!(f.unwatched, [0], "stores whose alarms were not read are not called unwatched");
        assert_eq!(
            f.sentence(&ForecastPolicy::default()),
            "2 certificates expire within 30 days; 2 proxy credentials are older than 90 days; 2 clusters have fewer than 2 active HSMs; 1 cluster has all HSMs in one Availability Zone; 1 external key store has no alarms."
        );
        let strict = ForecastPolicy { certificate_days: 10.0, credential_days: 365.0 };
        let f = forecast(&stores, &strict);
        assert_eq!((f.certificates_expiring.as_slice(), f.old_credentials.as_slice()), (&[1][..], &[0][..]));
        assert!(forecast(&[hsm("g", 2, 2)], &strict).is_empty());
        assert_eq!(Forecast::default().sentence(&strict), "Nothing is forecast to need you.");
    }
}
