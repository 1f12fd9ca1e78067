//! CloudHSM v2's DescribeClusters (awsJson 1.1, signing name `cloudhsm`): the Region's clusters,
//! each with its HSMs, subnets and certificates, so a console can predict what Connect will say
//! (no active HSM, all HSMs in one Availability Zone, a cluster that is not ACTIVE). Every id is
//! derived from the cluster id, so the same seed always shows the same VPC, subnets and HSMs.

use crate::api::{self, Api, Call, JsonFault, Output};
use crate::auth::Caller;
use crate::ids;
use crate::model;
use crate::seed::ClusterSeed;
use crate::world::World;
use serde_json::{json, Map, Value};

const HSM_TYPE: &str = "hsm1.medium";
const FILTER_KEYS: [&str; 3] = ["clusterIds", "vpcIds", "states"];
/// The page size when `MaxResults` is absent (the model's maximum).
const PAGE: usize = 25;

fn invalid(message: impl Into<String>) -> JsonFault {
    JsonFault::new("CloudHsmInvalidRequestException", message)
}

pub fn serve(world: &mut World, caller: &Caller, operation: &str, call: &Call) -> Output {
    if operation != "DescribeClusters" {
        return Err(JsonFault::new("UnknownOperationException", format!("The sandbox's CloudHSM answers DescribeClusters only, not {operation}.")));
    }
    let resource = format!("arn:aws:cloudhsm:{}:{}:cluster/*", caller.region, caller.account_id);
    api::check_denied(world, Api::CloudHsm, caller, operation, &resource)?;
    let input = api::json_body(call.request.body)?;
    let violations = model::input_violations(model::cloudhsmv2(), "DescribeClustersRequest", &input)
        .map_err(|model::WrongTypes| JsonFault::new("SerializationException", "A member has the wrong JSON type."))?;
    if !violations.is_empty() {
        return Err(invalid(model::sentence(&violations)));
    }
    let input = input.as_object().expect("validated as a structure");
    let filters = input.get("Filters").and_then(Value::as_object).cloned().unwrap_or_default();
    if let Some(bad) = filters.keys().find(|k| !FILTER_KEYS.contains(&k.as_str())) {
        return Err(invalid(format!("Invalid filter key {bad}: the filter keys are clusterIds, vpcIds and states.")));
    }
    let region = world.region(&caller.account_id, &caller.region, call.instant);
    let mut clusters: Vec<&ClusterSeed> = region.clusters.iter().collect();
    clusters.sort_by(|a, b| a.id.cmp(&b.id));
    let found: Vec<Value> = clusters.iter().map(|c| cluster(c, &caller.region)).filter(|c| fits(c, &filters)).collect();
    page(found, input)
}

/// Within a key any value matches; every key given must match.
fn fits(cluster: &Value, filters: &Map<String, Value>) -> bool {
    filters.iter().all(|(key, values)| {
        let member = match key.as_str() {
            "clusterIds" => "ClusterId",
            "vpcIds" => "VpcId",
            _ => "State",
        };
        values.as_array().is_some_and(|vs| vs.iter().any(|v| *v == cluster[member]))
    })
}

/// The token names the next page's first cluster.
fn page(found: Vec<Value>, input: &Map<String, Value>) -> Output {
    let max = input.get("MaxResults").and_then(Value::as_u64).map_or(PAGE, |n| n as usize);
    let start = match input.get("NextToken").and_then(Value::as_str) {
        None => 0,
        Some(token) => {
            let id = hex::decode(token).ok().and_then(|b| String::from_utf8(b).ok()).unwrap_or_default();
            found.iter().position(|c| c["ClusterId"] == id.as_str()).ok_or_else(|| invalid("The NextToken is not valid."))?
        }
    };
    let end = (start + max).min(found.len());
    let mut out = json!({ "Clusters": found[start..end] });
    if end < found.len() {
        out["NextToken"] = json!(hex::encode(found[end]["ClusterId"].as_str().unwrap_or_default()));
    }
    Ok(out)
}

fn subnet(cluster: &str, zone: &str) -> String {
    format!("subnet-{}", ids::hex(&["subnet", cluster, zone], 17))
}

/// The Availability Zone letter of HSM `i`.
pub fn zone_letter(c: &ClusterSeed, i: usize) -> String {
    c.hsm_zones.get(i).cloned().unwrap_or_else(|| ["a", "b", "c"][i % 3].to_owned())
}

/// A cluster as DescribeClusters shows it: `active_hsms` ACTIVE HSMs, then `degraded_hsms`
/// DEGRADED ones; subnets in the zones of its HSMs (in `a` and `b` when it has none).
pub fn cluster(c: &ClusterSeed, region: &str) -> Value {
    let count = (c.active_hsms + c.degraded_hsms) as usize;
    let hsms: Vec<Value> = (0..count)
        .map(|i| {
            let letter = zone_letter(c, i);
            let zone = format!("{region}{letter}");
            let third = letter.bytes().next().map_or(0, |b| b.saturating_sub(b'a'));
            json!({
                "HsmId": format!("hsm-{}", ids::base32(&["hsm", &c.id, &i.to_string()], 11)),
                "AvailabilityZone": zone,
                "ClusterId": c.id,
                "SubnetId": subnet(&c.id, &zone),
                "EniId": format!("eni-{}", ids::hex(&["eni", &c.id, &i.to_string()], 17)),
                "EniIp": format!("10.0.{third}.{}", 10 + i),
                "HsmType": HSM_TYPE,
                "State": if i < c.active_hsms as usize { "ACTIVE" } else { "DEGRADED" },
            })
        })
        .collect();
    let mut zones: Vec<String> = hsms.iter().filter_map(|h| h["AvailabilityZone"].as_str().map(str::to_owned)).collect();
    if zones.is_empty() {
        zones = vec![format!("{region}a"), format!("{region}b")];
    }
    zones.sort();
    zones.dedup();
    let mapping: Map<String, Value> = zones.iter().map(|z| (z.clone(), json!(subnet(&c.id, z)))).collect();
    let mut out = json!({
        "ClusterId": c.id,
        "State": c.state,
        "HsmType": HSM_TYPE,
        "Mode": "FIPS",
        "NetworkType": "IPV4",
        "BackupPolicy": "DEFAULT",
        "BackupRetentionPolicy": { "Type": "DAYS", "Value": "90" },
        "VpcId": format!("vpc-{}", ids::hex(&["vpc", &c.id], 17)),
        "SecurityGroup": format!("sg-{}", ids::hex(&["sg", &c.id], 17)),
        "SubnetMapping": mapping,
        // Within the half year before 2025, when the demo's oldest store was made.
        "CreateTimestamp": 1_719_792_000 + ids::below(&["created", &c.id], 180 * 86_400) as i64,
        "Hsms": hsms,
    });
    if c.state == "ACTIVE" || c.state == "INITIALIZED" {
        let body = ids::hex(&["certificate", &c.id], 64);
        out["Certificates"] = json!({
            "ClusterCertificate": format!("-----BEGIN CERTIFICATE-----\nMIIBsandboxFAKEclusterCertificate{body}\n-----END CERTIFICATE-----")
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clusters_fit_the_model_and_place_hsms_as_seeded() {
        let mut c = ClusterSeed::healthy("cluster-2bcdefghijk");
        c.hsm_zones = vec!["a".into(), "a".into()];
        c.degraded_hsms = 1;
        let v = cluster(&c, "us-east-1");
        model::validate_output(model::cloudhsmv2(), "Cluster", &v).unwrap();
        let zones: Vec<&str> = v["Hsms"].as_array().unwrap().iter().map(|h| h["AvailabilityZone"].as_str().unwrap()).collect();
        assert_eq!(zones, ["us-east-1a", "us-east-1a", "us-east-1c"]);
        let states: Vec<&str> = v["Hsms"].as_array().unwrap().iter().map(|h| h["State"].as_str().unwrap()).collect();
        assert_eq!(states, ["ACTIVE", "ACTIVE", "DEGRADED"]);
        assert_eq!(v["SubnetMapping"].as_object().unwrap().len(), 2);
        assert_eq!(v, cluster(&c, "us-east-1"), "deterministic");
        let none = cluster(&ClusterSeed { active_hsms: 0, degraded_hsms: 0, state: "UNINITIALIZED".into(), ..c }, "eu-west-1");
        model::validate_output(model::cloudhsmv2(), "Cluster", &none).unwrap();
        assert!(none.get("Certificates").is_none() && none["Hsms"] == json!([]));
    }
}
