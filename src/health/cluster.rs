//! The CloudHSM cluster behind a CloudHSM key store, from CloudHSM v2's `DescribeClusters`
//! (members as `aws-models/cloudhsmv2/service-2.json` names them; all optional, enums open).

use crate::aws::error::ServiceError;
use crate::aws::http::Transport;
use crate::aws::json_client::JsonClient;
use crate::kms::model::open_enum;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

open_enum!(
    /// `ClusterState`.
    ClusterState {
        CreateInProgress = "CREATE_IN_PROGRESS",
        Uninitialized = "UNINITIALIZED",
        InitializeInProgress = "INITIALIZE_IN_PROGRESS",
        Initialized = "INITIALIZED",
        Active = "ACTIVE",
        UpdateInProgress = "UPDATE_IN_PROGRESS",
        ModifyInProgress = "MODIFY_IN_PROGRESS",
        RollbackInProgress = "ROLLBACK_IN_PROGRESS",
        DeleteInProgress = "DELETE_IN_PROGRESS",
        Deleted = "DELETED",
        Degraded = "DEGRADED",
    }
);

open_enum!(
    /// `HsmState`.
    HsmState {
        CreateInProgress = "CREATE_IN_PROGRESS",
        Active = "ACTIVE",
        Degraded = "DEGRADED",
        DeleteInProgress = "DELETE_IN_PROGRESS",
        Deleted = "DELETED",
    }
);

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Hsm {
    pub hsm_id: Option<String>,
    pub availability_zone: Option<String>,
    pub subnet_id: Option<String>,
    pub eni_ip: Option<String>,
    pub state: Option<HsmState>,
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Certificates {
    pub cluster_certificate: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Cluster {
    pub cluster_id: Option<String>,
    pub state: Option<ClusterState>,
    pub state_message: Option<String>,
    pub hsms: Option<Vec<Hsm>>,
    /// Availability Zone → subnet.
    pub subnet_mapping: Option<BTreeMap<String, String>>,
    pub security_group: Option<String>,
    pub vpc_id: Option<String>,
    pub certificates: Option<Certificates>,
}

impl Cluster {
    pub fn hsms(&self) -> &[Hsm] {
        self.hsms.as_deref().unwrap_or_default()
    }

    pub fn active_hsms(&self) -> impl Iterator<Item = &Hsm> {
        self.hsms().iter().filter(|h| h.state == Some(HsmState::Active))
    }

    /// The Availability Zones that have an active HSM.
    pub fn active_zones(&self) -> BTreeSet<&str> {
        self.active_hsms().filter_map(|h| h.availability_zone.as_deref()).collect()
    }

    /// For the table row: "2 HSMs in 2 AZs", "no HSMs".
    pub fn summary(&self) -> String {
        let active = self.active_hsms().count();
        let zones = self.active_zones().len();
        let others = self.hsms().len() - active;
        let mut text = match active {
            0 => "no active HSMs".to_owned(),
            1 => "1 HSM in 1 AZ".to_owned(),
            n => format!("{n} HSMs in {zones} AZ{}", if zones == 1 { "" } else { "s" }),
        };
        if others > 0 {
            text.push_str(&format!(" (+{others} not active)"));
        }
        text
    }
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
struct DescribeClustersRequest {
    filters: BTreeMap<&'static str, Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    next_token: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase")]
struct DescribeClustersResponse {
    clusters: Option<Vec<Cluster>>,
    next_token: Option<String>,
}

const MAX_PAGES: usize = 20;

fn request(cluster_ids: &[String], next_token: Option<String>) -> DescribeClustersRequest {
    DescribeClustersRequest { filters: BTreeMap::from([("clusterIds", cluster_ids.to_vec())]), next_token }
}

/// The first page's input of [`describe_clusters`], as JSON (for the CLI command that does the same).
pub fn describe_clusters_input(cluster_ids: &[String]) -> serde_json::Value {
    serde_json::to_value(request(cluster_ids, None)).unwrap_or_default()
}

/// The clusters with these ids, by id; an id CloudHSM does not know (deleted, or in another
/// Region) is absent.
pub async fn describe_clusters<T: Transport>(client: &JsonClient<T>, cluster_ids: &[String]) -> Result<BTreeMap<String, Cluster>, ServiceError> {
    let mut found = BTreeMap::new();
    let mut next_token = None;
    for _ in 0..MAX_PAGES {
        let input = request(cluster_ids, next_token.take());
        let out: DescribeClustersResponse = client.call("DescribeClusters", &input).await?;
        for cluster in out.clusters.unwrap_or_default() {
            if let Some(id) = cluster.cluster_id.clone().filter(|id| cluster_ids.contains(id)) {
                found.insert(id, cluster);
            }
        }
        match out.next_token {
            Some(token) if !token.is_empty() => next_token = Some(token),
            _ => return Ok(found),
        }
    }
    Err(ServiceError::client(format!("CloudHSM's cluster list did not end after {MAX_PAGES} pages.")))
}

#[cfg(test)]
mod tests {
    use super::*;

    pub fn cluster(json: serde_json::Value) -> Cluster {
        serde_json::from_value(json).unwrap()
    }

    #[test]
    fn the_request_filters_on_the_cluster_id() {
        let input = DescribeClustersRequest { filters: BTreeMap::from([("clusterIds", vec!["cluster-7abcdefghij".to_owned()])]), next_token: None };
        assert_eq!(serde_json::to_string(&input).unwrap(), r#"{"Filters":{"clusterIds":["cluster-7abcdefghij"]}}"#);
    }

    #[test]
    fn summaries_count_active_hsms_and_their_zones() {
        let two = cluster(serde_json::json!({"ClusterId": "cluster-1", "State": "ACTIVE", "Hsms": [
            {"HsmId": "hsm-a", "AvailabilityZone": "us-east-1a", "State": "ACTIVE"},
            {"HsmId": "hsm-b", "AvailabilityZone": "us-east-1b", "State": "ACTIVE"},
            {"HsmId": "hsm-c", "AvailabilityZone": "us-east-1b", "State": "DEGRADED"}]}));
        assert_eq!(two.summary(), "2 HSMs in 2 AZs (+1 not active)");
        let same = cluster(serde_json::json!({"Hsms": [
            {"HsmId": "a", "AvailabilityZone": "us-east-1a", "State": "ACTIVE"}, {"HsmId": "b", "AvailabilityZone": "us-east-1a", "State": "ACTIVE"}]}));
        assert_eq!(same.summary(), "2 HSMs in 1 AZ");
        assert_eq!(cluster(serde_json::json!({"State": "ACTIVE", "Hsms": []})).summary(), "no active HSMs");
        let future = cluster(serde_json::json!({"State": "HIBERNATING", "Hsms": [{"HsmId": "a", "State": "ACTIVE", "AvailabilityZone": "x"}]}));
        assert_eq!(future.state, Some(ClusterState::Unknown("HIBERNATING".into())), "unknown states are kept");
        assert_eq!(future.summary(), "1 HSM in 1 AZ");
    }
}
