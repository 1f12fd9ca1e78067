//! The checks before connecting a CloudHSM key store, from what `DescribeClusters` says and what
//! the store itself says. A check that will certainly fail names the `ConnectionErrorCode` (or
//! the refusal) it would end in, so the user knows before waiting up to 20 minutes.

use super::cluster::{Cluster, ClusterState};
use crate::kms::{ConnectionErrorCode, KeyStore};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Pass,
    Warn,
    Fail,
    NotChecked,
}

impl Status {
    pub fn word(self) -> &'static str {
        match self {
            Self::Pass => "Pass",
            Self::Warn => "Warning",
            Self::Fail => "Fail",
            Self::NotChecked => "Not checked",
        }
    }

    pub fn key(self) -> &'static str {
        match self {
            Self::Pass => "pass",
            Self::Warn => "warn",
            Self::Fail => "fail",
            Self::NotChecked => "unchecked",
        }
    }
}

/// How a Connect would end when a check fails.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Predicted {
    /// CONNECTING, then FAILED with this code.
    Fails(ConnectionErrorCode),
    /// Refused at once with this error.
    Refused(&'static str),
}

impl Predicted {
    pub fn text(&self) -> String {
        match self {
            Self::Fails(code) => format!("Connect would end FAILED with {code}."),
            Self::Refused(error) => format!("Connect would be refused with {error}."),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Check {
    pub title: &'static str,
    pub status: Status,
    pub detail: String,
    /// What to do about a warning or failure.
    pub fix: Option<String>,
    pub predicts: Option<Predicted>,
}

impl Check {
    pub(crate) fn new(title: &'static str, status: Status, detail: impl Into<String>) -> Self {
        Self { title, status, detail: detail.into(), fix: None, predicts: None }
    }

    pub(crate) fn fix(mut self, fix: impl Into<String>) -> Self {
        self.fix = Some(fix.into());
        self
    }

    pub(crate) fn predicts(mut self, p: Predicted) -> Self {
        self.predicts = Some(p);
        self
    }
}

/// What CloudHSM said about the store's cluster.
#[derive(Debug, Clone, PartialEq)]
pub enum ClusterLookup {
    Found(Cluster),
    /// CloudHSM answered and does not know the cluster.
    Missing,
    /// The question could not be asked: the sentence says why.
    NotChecked(String),
}

const CLUSTER_CHECKS: [&str; 4] = ["The cluster exists", "The cluster is active", "Active HSMs", "Trust anchor"];

/// Every check for a CloudHSM key store, in the order a user would fix them.
pub fn cloudhsm_checks(store: &KeyStore, lookup: &ClusterLookup) -> Vec<Check> {
    let cluster_id = store.cloud_hsm_cluster_id.as_deref().unwrap_or("(none)");
    let mut checks = match lookup {
        ClusterLookup::NotChecked(why) => CLUSTER_CHECKS.iter().map(|t| Check::new(t, Status::NotChecked, why.clone())).collect(),
        ClusterLookup::Missing => vec![Check::new(CLUSTER_CHECKS[0], Status::Fail, format!("CloudHSM has no cluster {cluster_id} in this Region."))
            .fix("Create a cluster from a backup of the original one and point the store at it (Edit settings → cluster ID); only a related cluster is accepted.")
            .predicts(Predicted::Fails(ConnectionErrorCode::ClusterNotFound))],
        ClusterLookup::Found(cluster) => found_checks(cluster_id, cluster),
    };
    checks.push(credentials_check(store));
    checks.push(
        Check::new(
            "Subnets and security group",
            Status::NotChecked,
            "Not checked: that needs EC2 (free addresses in each subnet, TCP 2223–2225 open in the cluster's security group), which this console does not call.",
        )
        .fix("If Connect ends with INSUFFICIENT_FREE_ADDRESSES_IN_SUBNET or NETWORK_ERRORS, look there first."),
    );
    checks
}

fn found_checks(cluster_id: &str, cluster: &Cluster) -> Vec<Check> {
    let mut checks = vec![Check::new(CLUSTER_CHECKS[0], Status::Pass, format!("CloudHSM knows {cluster_id}."))];
    let state = cluster.state.as_ref().map_or("unknown", |s| s.as_str());
    checks.push(if cluster.state == Some(ClusterState::Active) {
        Check::new(CLUSTER_CHECKS[1], Status::Pass, "The cluster is ACTIVE.")
    } else {
        Check::new(CLUSTER_CHECKS[1], Status::Fail, format!("The cluster is {state}, not ACTIVE."))
            .fix("Wait until the cluster is ACTIVE (initialize and activate a new cluster first).")
            .predicts(Predicted::Refused("CloudHsmClusterNotActiveException"))
    });
    let active = cluster.active_hsms().count();
    let zones = cluster.active_zones().len();
    checks.push(match (active, zones) {
        (0, _) => Check::new(CLUSTER_CHECKS[2], Status::Fail, format!("The cluster now has 0 active HSMs ({} in all).", cluster.hsms().len()))
            .fix("Add an HSM to the cluster (CloudHSM CreateHsm) and wait until it is ACTIVE; two in different Availability Zones are better.")
            .predicts(Predicted::Fails(ConnectionErrorCode::InsufficientCloudHsmHsms)),
        (1, _) => Check::new(CLUSTER_CHECKS[2], Status::Warn, "1 active HSM: Connect can work, but one HSM is a single point of failure.")
            .fix("Add a second HSM in another Availability Zone."),
        (n, 1) => Check::new(CLUSTER_CHECKS[2], Status::Warn, format!("{n} active HSMs, all in one Availability Zone."))
            .fix("Add an HSM in another Availability Zone, so one zone's outage does not take the store down."),
        (n, z) => Check::new(CLUSTER_CHECKS[2], Status::Pass, format!("{n} active HSMs in {z} Availability Zones.")),
    });
    let initialized = !matches!(cluster.state, Some(ClusterState::Uninitialized | ClusterState::CreateInProgress | ClusterState::InitializeInProgress));
    let certificate = cluster.certificates.as_ref().and_then(|c| c.cluster_certificate.as_ref()).is_some();
    checks.push(match (initialized, certificate) {
        (false, _) => Check::new(CLUSTER_CHECKS[3], Status::Fail, "The cluster is not initialized, so it has no trust anchor yet.")
            .fix("Initialize the cluster with the trust anchor the store was created with.")
            .predicts(Predicted::Refused("CloudHsmClusterNotActiveException")),
        (true, true) => Check::new(
            CLUSTER_CHECKS[3],
            Status::Pass,
            "The cluster was initialized and has its certificate; KMS compares it with the store's trust anchor at Connect.",
        ),
        (true, false) => Check::new(CLUSTER_CHECKS[3], Status::Warn, "CloudHSM did not return the cluster's certificate, so its trust anchor cannot be shown."),
    });
    checks
}

/// The kmsuser account cannot be seen from outside the cluster; what the last failure said is all
/// the evidence there is, and nothing repairs it without a password update.
fn credentials_check(store: &KeyStore) -> Check {
    use ConnectionErrorCode as C;
    let title = "kmsuser and its password";
    let rule = "kmsuser must exist in the cluster, must not be logged in, and its password (7 to 32 characters) must be the one the store holds.";
    match store.connection_error_code.as_ref() {
        Some(code @ (C::InvalidCredentials | C::UserLockedOut | C::UserNotFound | C::UserLoggedIn)) => {
            Check::new(title, Status::Fail, format!("The last Connect failed with {code}. {rule}"))
                .fix("Fix kmsuser in the cluster (see the guide), then update the store's password before connecting.")
                .predicts(Predicted::Fails(code.clone()))
        }
        _ => Check::new(title, Status::NotChecked, format!("Not checked: the console cannot see users inside the cluster. {rule}")),
    }
}

/// The first certain failure, if any: what Connect would end in.
pub fn predicted(checks: &[Check]) -> Option<&Predicted> {
    checks.iter().filter(|c| c.status == Status::Fail).find_map(|c| c.predicts.as_ref())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::health::cluster::Cluster;
    use serde_json::json;

    fn store(code: Option<&str>) -> KeyStore {
        serde_json::from_value(json!({"CustomKeyStoreId": "cks-1", "CloudHsmClusterId": "cluster-7abcdefghij", "ConnectionState": if code.is_some() {"FAILED"} else {"DISCONNECTED"},
            "ConnectionErrorCode": code})).unwrap()
    }

    fn cluster(state: &str, hsms: &[(&str, &str)]) -> ClusterLookup {
        let hsms: Vec<_> = hsms.iter().enumerate().map(|(i, (az, st))| json!({"HsmId": format!("hsm-{i}"), "AvailabilityZone": az, "State": st})).collect();
        let c: Cluster =
            serde_json::from_value(json!({"ClusterId": "cluster-7abcdefghij", "State": state, "Hsms": hsms, "Certificates": {"ClusterCertificate": "pem"}}))
                .unwrap();
        ClusterLookup::Found(c)
    }

    fn statuses(checks: &[Check]) -> Vec<Status> {
        checks.iter().map(|c| c.status).collect()
    }

    #[test]
    fn a_healthy_cluster_passes_and_predicts_nothing() {
        let checks = cloudhsm_checks(&store(None), &cluster("ACTIVE", &[("us-east-1a", "ACTIVE"), ("us-east-1b", "ACTIVE")]));
        use Status::*;
        assert_eq!(statuses(&checks), [Pass, Pass, Pass, Pass, NotChecked, NotChecked]);
        assert_eq!(predicted(&checks), None);
    }

    #[test]
    fn no_active_hsm_predicts_insufficient_cloudhsm_hsms() {
        let checks = cloudhsm_checks(&store(None), &cluster("ACTIVE", &[("us-east-1a", "DEGRADED")]));
        assert_eq!(checks[2].status, Status::Fail);
        assert!(checks[2].detail.contains("0 active HSMs (1 in all)"), "{}", checks[2].detail);
        assert_eq!(predicted(&checks), Some(&Predicted::Fails(ConnectionErrorCode::InsufficientCloudHsmHsms)));
        assert_eq!(predicted(&checks).unwrap().text(), "Connect would end FAILED with INSUFFICIENT_CLOUDHSM_HSMS.");
    }

    #[test]
    fn one_zone_or_one_hsm_is_a_warning_not_a_failure() {
        let one_zone = cloudhsm_checks(&store(None), &cluster("ACTIVE", &[("us-east-1a", "ACTIVE"), ("us-east-1a", "ACTIVE")]));
        assert_eq!(one_zone[2].status, Status::Warn);
        let one = cloudhsm_checks(&store(None), &cluster("ACTIVE", &[("us-east-1a", "ACTIVE")]));
        assert_eq!(one[2].status, Status::Warn);
        assert_eq!(predicted(&one), None);
    }

    #[test]
    fn missing_inactive_and_unchecked_clusters() {
        let missing = cloudhsm_checks(&store(None), &ClusterLookup::Missing);
        assert_eq!(predicted(&missing), Some(&Predicted::Fails(ConnectionErrorCode::ClusterNotFound)));
        let uninitialized = cloudhsm_checks(&store(None), &cluster("UNINITIALIZED", &[]));
        assert_eq!(predicted(&uninitialized), Some(&Predicted::Refused("CloudHsmClusterNotActiveException")));
        let denied = cloudhsm_checks(&store(None), &ClusterLookup::NotChecked("Not checked: no permission".into()));
        assert!(denied[..4].iter().all(|c| c.status == Status::NotChecked && c.detail == "Not checked: no permission"));
        assert_eq!(predicted(&denied), None, "an unchecked cluster predicts nothing");
    }

    #[test]
    fn a_credentials_failure_stays_predicted_until_fixed() {
        let checks = cloudhsm_checks(&store(Some("USER_LOCKED_OUT")), &cluster("ACTIVE", &[("a", "ACTIVE"), ("b", "ACTIVE")]));
        assert_eq!(checks[4].status, Status::Fail);
        assert_eq!(predicted(&checks), Some(&Predicted::Fails(ConnectionErrorCode::UserLockedOut)));
    }
}
