//! What the whole fleet adds up to, from what each scope's polls learnt: stores by connection
//! state, what needs a person first (FAILED, then anything moving), certificates and proxy
//! credentials by urgency, CloudHSM clusters with fewer than two HSMs, and scopes not read.
//! Results are indexes into the rows given, so the page keeps its own data and order.

use super::Scope;
use crate::health::summary::{Summary as Readings, CERTIFICATE_DAYS_WARNING};
use crate::kms::model::ConnectionErrorCode;
use crate::kms::rules::is_in_transition;
use crate::kms::ConnectionState;

/// AWS recommends at least two HSMs (in different Availability Zones) behind a key store.
pub const MIN_HSMS: usize = 2;

/// One store in one scope, as the page knows it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct StoreRow {
    pub scope: Option<Scope>,
    pub account_name: String,
    pub store_id: String,
    pub store_name: String,
    pub state: Option<ConnectionState>,
    pub error_code: Option<ConnectionErrorCode>,
    /// An external key store's latest CloudWatch readings (certificate days, credential age).
    pub readings: Option<Readings>,
    /// A CloudHSM key store's active HSMs, when its cluster was described.
    pub active_hsms: Option<usize>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StateCount {
    /// `None`: KMS gave no state.
    pub state: Option<ConnectionState>,
    pub count: usize,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct FleetSummary {
    pub stores: usize,
    /// Distinct scopes with at least one store.
    pub scopes: usize,
    /// FAILED first, then CONNECTING, DISCONNECTING, DISCONNECTED, CONNECTED, then any state KMS
    /// added since, then no state; states with no store are left out.
    pub by_state: Vec<StateCount>,
    /// FAILED stores, then stores in transition, each group by account, Region and store name.
    pub attention: Vec<usize>,
    /// Stores with a certificate or credential reading, the soonest to act on first.
    pub certificates: Vec<usize>,
    /// Of those, how many certificates expire in under the warning's days.
    pub certificates_due: usize,
    /// CloudHSM stores whose cluster has fewer than [`MIN_HSMS`] active HSMs.
    pub thin_clusters: Vec<usize>,
}

fn state_rank(state: Option<&ConnectionState>) -> usize {
    use ConnectionState::*;
    match state {
        Some(Failed) => 0,
        Some(Connecting) => 1,
        Some(Disconnecting) => 2,
        Some(Disconnected) => 3,
        Some(Connected) => 4,
        Some(Unknown(_)) => 5,
        None => 6,
    }
}

pub fn summarize(rows: &[StoreRow]) -> FleetSummary {
    let mut by_state: Vec<StateCount> = vec![];
    for row in rows {
        match by_state.iter_mut().find(|c| c.state == row.state) {
            Some(c) => c.count += 1,
            None => by_state.push(StateCount { state: row.state.clone(), count: 1 }),
        }
    }
    by_state.sort_by(|a, b| {
        (state_rank(a.state.as_ref()), a.state.as_ref().map(|s| s.as_str())).cmp(&(state_rank(b.state.as_ref()), b.state.as_ref().map(|s| s.as_str())))
    });

    // Borrowed: a sort computes the key twice per comparison.
    let place = |i: &usize| {
        let r = &rows[*i];
        (state_rank(r.state.as_ref()), r.account_name.as_str(), r.scope.as_ref().map(|s| s.region.as_str()), r.store_name.as_str(), *i)
    };
    let mut attention: Vec<usize> =
        (0..rows.len()).filter(|i| rows[*i].state.as_ref().is_some_and(|s| *s == ConnectionState::Failed || is_in_transition(s))).collect();
    attention.sort_by(|a, b| place(a).cmp(&place(b)));

    let mut certificates: Vec<usize> =
        (0..rows.len()).filter(|i| rows[*i].readings.as_ref().is_some_and(|r| r.certificate_days.is_some() || r.credential_age_days.is_some())).collect();
    certificates.sort_by_key(|i| (rows[*i].readings.as_ref().map(Readings::urgency_key), *i));
    let certificates_due =
        certificates.iter().filter(|i| rows[**i].readings.as_ref().and_then(|r| r.certificate_days).is_some_and(|d| d < CERTIFICATE_DAYS_WARNING)).count();

    let mut thin_clusters: Vec<usize> = (0..rows.len()).filter(|i| rows[*i].active_hsms.is_some_and(|n| n < MIN_HSMS)).collect();
    thin_clusters.sort_by(|a, b| (rows[*a].active_hsms, place(a)).cmp(&(rows[*b].active_hsms, place(b))));

    // Counted, not sorted: a fleet has thousands of rows and a few hundred scopes.
    let scopes: std::collections::HashSet<&Scope> = rows.iter().filter_map(|r| r.scope.as_ref()).collect();
    FleetSummary { stores: rows.len(), scopes: scopes.len(), by_state, attention, certificates, certificates_due, thin_clusters }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(account: &str, region: &str, name: &str, state: Option<ConnectionState>) -> StoreRow {
        StoreRow {
            scope: Some(Scope::new(account, region)),
            account_name: account.into(),
            store_id: format!("cks-{name}"),
            store_name: name.into(),
            state,
            ..Default::default()
        }
    }

    #[test]
    fn states_are_counted_worst_first() {
        use ConnectionState::*;
        let rows = [
            row("b", "eu-west-1", "s1", Some(Connected)),
            row("a", "eu-west-1", "s2", Some(Failed)),
            row("a", "us-east-1", "s3", Some(Connected)),
            row("b", "eu-west-1", "s4", Some(Unknown("DEGRADED".into()))),
            row("c", "eu-west-1", "s5", None),
            row("a", "eu-west-1", "s6", Some(Connecting)),
            row("b", "us-east-1", "s7", Some(Failed)),
        ];
        let s = summarize(&rows);
        let counts: Vec<(String, usize)> = s.by_state.iter().map(|c| (c.state.as_ref().map_or("none".into(), |s| s.as_str().to_owned()), c.count)).collect();
        assert_eq!(counts, [("FAILED".into(), 2), ("CONNECTING".into(), 1), ("CONNECTED".into(), 2), ("DEGRADED".into(), 1), ("none".into(), 1)]);
        assert_eq!((s.stores, s.scopes), (7, 5));
        assert_eq!(s.attention, [1, 6, 5], "FAILED by account, then moving");
        assert_eq!(summarize(&[]), FleetSummary::default());
    }

    #[test]
    fn certificates_and_thin_clusters_are_listed_soonest_first() {
        let with = |name: &str, cert: Option<f64>, age: Option<f64>| StoreRow {
            readings: Some(Readings { certificate_days: cert, credential_age_days: age, ..Default::default() }),
            ..row("a", "eu-west-1", name, Some(ConnectionState::Connected))
        };
        let hsms = |name: &str, n: usize| StoreRow { active_hsms: Some(n), ..row("a", "eu-west-1", name, Some(ConnectionState::Connected)) };
        let rows = [
            with("far", Some(200.0), None),
            with("soon", Some(3.0), None),
            with("age only", None, Some(400.0)),
            hsms("one", 1),
            hsms("two", 2),
            hsms("none", 0),
        ];
        let s = summarize(&rows);
        assert_eq!(s.certificates, [1, 0, 2]);
        assert_eq!(s.certificates_due, 1);
        assert_eq!(s.thin_clusters, [5, 3]);
    }
}
