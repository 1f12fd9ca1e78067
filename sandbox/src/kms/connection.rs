//! Connect and Disconnect: the state rules of the model, and for CloudHSM stores, their cluster.

use super::{invalid_state, store_index, KmsFault, Output};
use crate::seed::ConnectionState;
use crate::world::Region;
use serde_json::{json, Map, Value};
use std::time::Instant;

/// The model rejects Connect from DISCONNECTING and FAILED and accepts it from every other state;
/// from CONNECTED or CONNECTING it changes nothing.
pub fn connect(region: &mut Region, input: &Map<String, Value>, now: Instant, region_name: &str) -> Output {
    let i = store_index(region, input)?;
    let store = &region.stores[i];
    match store.state {
        ConnectionState::Disconnected => {}
        ConnectionState::Connected | ConnectionState::Connecting => return Ok(json!({})),
        ConnectionState::Failed => return Err(invalid_state(format!("Custom key store {} is FAILED: disconnect it, then connect it.", store.id))),
        ConnectionState::Disconnecting => return Err(invalid_state(format!("Custom key store {} is DISCONNECTING; wait until it is DISCONNECTED.", store.id))),
    }
    let forced = if store.is_cloudhsm() { cluster_check(region, i)? } else { endpoint_service_check(region, i, region_name) };
    region.stores[i].begin_connect(now, forced);
    Ok(json!({}))
}

/// What the store's cluster allows: an error now, a failure code for later, or nothing.
fn cluster_check(region: &Region, i: usize) -> Result<Option<String>, KmsFault> {
    let Some(cluster) = region.stores[i].cluster_id.as_deref().and_then(|id| region.cluster(id)) else {
        return Ok(Some("CLUSTER_NOT_FOUND".into()));
    };
    if cluster.state != "ACTIVE" {
        return Err(KmsFault::new("CloudHsmClusterNotActiveException", format!("Cluster {} is {}, not ACTIVE.", cluster.id, cluster.state)));
    }
    if cluster.invalid_configuration {
        return Err(KmsFault::new(
            "CloudHsmClusterInvalidConfigurationException",
            format!("Cluster {} does not meet KMS's requirements (subnets or security group).", cluster.id),
        ));
    }
    if cluster.active_hsms == 0 {
        if cluster.when_no_hsms == "reject" {
            return Err(KmsFault::new("CloudHsmClusterNotActiveException", format!("Cluster {} has no active HSM.", cluster.id)));
        }
        return Ok(Some("INSUFFICIENT_CLOUDHSM_HSMS".into()));
    }
    Ok(None)
}

/// For an external key store over a VPC endpoint service this account owns here (seeded under
/// `endpoint_services`): what its configuration makes Connect end in.
fn endpoint_service_check(region: &Region, i: usize, region_name: &str) -> Option<String> {
    let xks = region.stores[i].xks.as_ref().filter(|x| x.connectivity == "VPC_ENDPOINT_SERVICE")?;
    let name = xks.vpc_endpoint_service_name.as_deref()?;
    let service = region.endpoint_services.iter().find(|s| s.service_name(region_name) == name)?;
    crate::xml_services::connect_outcome(service, region_name).map(str::to_owned)
}

/// Rejected from DISCONNECTING and DISCONNECTED.
pub fn disconnect(region: &mut Region, input: &Map<String, Value>, now: Instant) -> Output {
    let i = store_index(region, input)?;
    let store = &mut region.stores[i];
    if matches!(store.state, ConnectionState::Disconnecting | ConnectionState::Disconnected) {
        return Err(invalid_state(format!("Custom key store {} is already {}.", store.id, store.state)));
    }
    store.begin_disconnect(now);
    Ok(json!({}))
}
