//! Create, Update and Delete: the members each store type takes, the states each change needs,
//! and the checks KMS makes against the CloudHSM cluster or the external key store proxy.

use super::{invalid_state, store_index, text, KmsFault, Output};
use crate::seed::{ConnectionState, StoreSeed, XksSeed};
use crate::world::{Region, Store};
use serde_json::{json, Map, Value};

const CLOUDHSM_MEMBERS: [&str; 3] = ["CloudHsmClusterId", "TrustAnchorCertificate", "KeyStorePassword"];
const XKS_MEMBERS: [&str; 6] = [
    "XksProxyUriEndpoint",
    "XksProxyUriPath",
    "XksProxyVpcEndpointServiceName",
    "XksProxyVpcEndpointServiceOwner",
    "XksProxyAuthenticationCredential",
    "XksProxyConnectivity",
];

fn invalid(message: impl Into<String>) -> KmsFault {
    KmsFault::new("ValidationException", message)
}

/// Members of the other store type are refused, not ignored: they would be silently lost.
fn refuse_foreign(input: &Map<String, Value>, cloudhsm: bool) -> Result<(), KmsFault> {
    let (foreign, kind): (&[&str], &str) = if cloudhsm { (&XKS_MEMBERS, "EXTERNAL_KEY_STORE") } else { (&CLOUDHSM_MEMBERS, "AWS_CLOUDHSM") };
    match foreign.iter().find(|m| input.contains_key(**m)) {
        Some(m) => Err(invalid(format!("{m} applies only to custom key stores of type {kind}."))),
        None => Ok(()),
    }
}

fn name_in_use(region: &Region, name: &str, except: Option<&str>) -> Result<(), KmsFault> {
    if region.stores.iter().any(|s| s.name == name && Some(s.id.as_str()) != except) {
        return Err(KmsFault::new(
            "CustomKeyStoreNameInUseException",
            format!("The name {name} is already used by a custom key store in this account and Region."),
        ));
    }
    Ok(())
}

/// The cluster must exist, be ACTIVE with an HSM, and be configured as KMS needs.
fn usable_cluster(region: &Region, id: &str) -> Result<(), KmsFault> {
    let cluster = region.cluster(id).ok_or_else(|| KmsFault::new("CloudHsmClusterNotFoundException", format!("Cluster {id} does not exist.")))?;
    if cluster.state != "ACTIVE" || cluster.active_hsms == 0 {
        return Err(KmsFault::new("CloudHsmClusterNotActiveException", format!("Cluster {id} is not active or has no active HSM.")));
    }
    if cluster.invalid_configuration {
        return Err(KmsFault::new("CloudHsmClusterInvalidConfigurationException", format!("Cluster {id} does not meet KMS's requirements.")));
    }
    Ok(())
}

/// What an external key store's proxy settings will be after a create or update.
struct Proxy<'a> {
    endpoint: &'a str,
    path: &'a str,
    connectivity: &'a str,
    vpc_service: Option<&'a str>,
    /// (access key id, secret) when the request gives one.
    credential: Option<(&'a str, &'a str)>,
}

/// KMS tests the proxy before it accepts settings: it must be reachable at the endpoint, answer on
/// the path, accept the credential, and not already serve another store.
fn check_proxy(region: &Region, proxy: &Proxy, except: Option<&str>) -> Result<(), KmsFault> {
    let others = || region.stores.iter().filter(|s| Some(s.id.as_str()) != except).filter_map(|s| s.xks.as_ref());
    let vpc = proxy.connectivity == "VPC_ENDPOINT_SERVICE";
    if vpc {
        let name = proxy.vpc_service.unwrap_or_default();
        let Some(found) = region.proxies.iter().find(|p| p.vpc_endpoint_service_name.as_deref() == Some(name)) else {
            return Err(KmsFault::new("XksProxyVpcEndpointServiceNotFoundException", format!("KMS cannot find VPC endpoint service {name}.")));
        };
        if found.vpc_invalid {
            return Err(KmsFault::new(
                "XksProxyVpcEndpointServiceInvalidConfigurationException",
                format!("VPC endpoint service {name} does not meet KMS's requirements."),
            ));
        }
        if others().any(|x| x.vpc_endpoint_service_name.as_deref() == Some(name)) {
            return Err(KmsFault::new("XksProxyVpcEndpointServiceInUseException", format!("VPC endpoint service {name} already serves another key store.")));
        }
        if others().any(|x| x.uri_endpoint == proxy.endpoint) {
            return Err(KmsFault::new("XksProxyUriEndpointInUseException", format!("{} already serves another key store.", proxy.endpoint)));
        }
    } else if others().any(|x| x.uri_endpoint == proxy.endpoint && x.uri_path == proxy.path) {
        return Err(KmsFault::new("XksProxyUriInUseException", format!("{}{} already serves another key store.", proxy.endpoint, proxy.path)));
    }
    let Some(found) = region.proxies.iter().find(|p| p.uri_endpoint == proxy.endpoint && p.reachable) else {
        return Err(KmsFault::new("XksProxyUriUnreachableException", format!("KMS cannot reach a proxy at {}.", proxy.endpoint)));
    };
    if found.uri_path != proxy.path {
        return Err(KmsFault::new("XksProxyInvalidConfigurationException", format!("The proxy does not answer on {}.", proxy.path)));
    }
    if let Some((akid, secret)) = proxy.credential {
        if !found.accepts(akid, secret) {
            return Err(KmsFault::new("XksProxyIncorrectAuthenticationCredentialException", "The proxy rejected the authentication credential."));
        }
    }
    if found.invalid_response {
        return Err(KmsFault::new("XksProxyInvalidResponseException", "The proxy's answer to KMS's test request was not valid."));
    }
    Ok(())
}

fn credential(input: &Map<String, Value>) -> Option<(&str, &str)> {
    let c = input.get("XksProxyAuthenticationCredential")?;
    Some((c.get("AccessKeyId")?.as_str()?, c.get("RawSecretAccessKey")?.as_str()?))
}

pub fn create(region: &mut Region, input: &Map<String, Value>, new_id: &str, store_limit: usize) -> Output {
    let store_type = text(input, "CustomKeyStoreType").unwrap_or("AWS_CLOUDHSM");
    let cloudhsm = store_type == "AWS_CLOUDHSM";
    refuse_foreign(input, cloudhsm)?;
    let connectivity = text(input, "XksProxyConnectivity").unwrap_or_default();
    let mut required: Vec<&str> = if cloudhsm { CLOUDHSM_MEMBERS.to_vec() } else { XKS_MEMBERS[..2].iter().chain(&XKS_MEMBERS[4..]).copied().collect() };
    if connectivity == "VPC_ENDPOINT_SERVICE" {
        required.push("XksProxyVpcEndpointServiceName");
    } else if let Some(m) = ["XksProxyVpcEndpointServiceName", "XksProxyVpcEndpointServiceOwner"].iter().find(|m| input.contains_key(**m)) {
        return Err(invalid(format!("{m} applies only when XksProxyConnectivity is VPC_ENDPOINT_SERVICE.")));
    }
    if let Some(missing) = required.iter().find(|m| !input.contains_key(**m)) {
        return Err(invalid(format!("{missing} is required for custom key stores of type {store_type}.")));
    }
    let name = text(input, "CustomKeyStoreName").unwrap_or_default();
    name_in_use(region, name, None)?;
    if region.stores.len() >= store_limit {
        return Err(KmsFault::new("LimitExceededException", format!("This account has {store_limit} custom key stores in this Region, the most it may have.")));
    }
    let mut seed = json!({"id": new_id, "name": name, "type": store_type, "creation_date": crate::clock::now(0) as f64});
    if cloudhsm {
        let cluster_id = text(input, "CloudHsmClusterId").unwrap_or_default();
        usable_cluster(region, cluster_id)?;
        let cluster = region.cluster(cluster_id).expect("checked");
        let lineage = cluster.lineage().to_owned();
        let in_use =
            region.stores.iter().filter_map(|s| s.cluster_id.as_deref()).any(|c| region.cluster(c).map_or(c == cluster_id, |k| k.lineage() == lineage));
        if in_use {
            return Err(KmsFault::new(
                "CloudHsmClusterInUseException",
                format!("Cluster {cluster_id}, or one related to it, already backs a custom key store."),
            ));
        }
        let anchor = text(input, "TrustAnchorCertificate").unwrap_or_default();
        if cluster.trust_anchor_certificate.as_deref().is_some_and(|expected| expected != anchor) {
            return Err(KmsFault::new(
                "IncorrectTrustAnchorException",
                format!("The trust anchor certificate is not the one that initialized cluster {cluster_id}."),
            ));
        }
        seed["cloud_hsm_cluster_id"] = json!(cluster_id);
        seed["trust_anchor_certificate"] = json!(anchor);
    } else {
        let proxy = Proxy {
            endpoint: text(input, "XksProxyUriEndpoint").unwrap_or_default(),
            path: text(input, "XksProxyUriPath").unwrap_or_default(),
            connectivity,
            vpc_service: text(input, "XksProxyVpcEndpointServiceName"),
            credential: credential(input),
        };
        check_proxy(region, &proxy, None)?;
        seed["xks_proxy"] = json!({
            "connectivity": connectivity,
            "access_key_id": proxy.credential.map(|c| c.0),
            "uri_endpoint": proxy.endpoint,
            "uri_path": proxy.path,
            "vpc_endpoint_service_name": proxy.vpc_service,
            "vpc_endpoint_service_owner": text(input, "XksProxyVpcEndpointServiceOwner"),
        });
    }
    let seed: StoreSeed = serde_json::from_value(seed).expect("built from validated members");
    region.stores.push(Store::from_seed(&seed));
    Ok(json!({ "CustomKeyStoreId": new_id }))
}

/// `epoch`: when, on the sandbox clock (a new proxy credential restarts XksProxyCredentialAge).
pub fn update(region: &mut Region, input: &Map<String, Value>, epoch: i64) -> Output {
    let i = store_index(region, input)?;
    let store = &region.stores[i];
    let cloudhsm = store.is_cloudhsm();
    refuse_foreign(input, cloudhsm)?;
    let changes: Vec<&str> = input.keys().map(String::as_str).filter(|k| *k != "CustomKeyStoreId").collect();
    if changes.is_empty() {
        return Err(invalid("Specify at least one property of the custom key store to change."));
    }
    // The name may change in any state; an external key store's credential and path also while
    // it is CONNECTED; everything else only while DISCONNECTED.
    for member in &changes {
        let allowed = match *member {
            "NewCustomKeyStoreName" => true,
            "XksProxyAuthenticationCredential" | "XksProxyUriPath" => matches!(store.state, ConnectionState::Disconnected | ConnectionState::Connected),
            _ => store.state == ConnectionState::Disconnected,
        };
        if !allowed {
            return Err(invalid_state(format!("{member} cannot change while custom key store {} is {}.", store.id, store.state)));
        }
    }
    if let Some(name) = text(input, "NewCustomKeyStoreName") {
        name_in_use(region, name, Some(&store.id))?;
    }
    if let Some(cluster_id) = text(input, "CloudHsmClusterId") {
        usable_cluster(region, cluster_id)?;
        let current = store.cluster_id.as_deref().unwrap_or_default();
        let current_lineage = region.cluster(current).map_or(current, |c| c.lineage());
        if region.cluster(cluster_id).expect("checked").lineage() != current_lineage {
            return Err(KmsFault::new("CloudHsmClusterNotRelatedException", format!("Cluster {cluster_id} does not share a backup history with {current}.")));
        }
    }
    let xks_change = !cloudhsm && changes.iter().any(|m| m.starts_with("Xks"));
    if xks_change {
        let old = store.xks.clone().unwrap_or_else(|| XksSeed {
            connectivity: "PUBLIC_ENDPOINT".into(),
            access_key_id: String::new(),
            uri_endpoint: String::new(),
            uri_path: String::new(),
            vpc_endpoint_service_name: None,
            vpc_endpoint_service_owner: None,
        });
        let proxy = Proxy {
            endpoint: text(input, "XksProxyUriEndpoint").unwrap_or(&old.uri_endpoint),
            path: text(input, "XksProxyUriPath").unwrap_or(&old.uri_path),
            connectivity: text(input, "XksProxyConnectivity").unwrap_or(&old.connectivity),
            vpc_service: text(input, "XksProxyVpcEndpointServiceName").or(old.vpc_endpoint_service_name.as_deref()),
            credential: credential(input),
        };
        check_proxy(region, &proxy, Some(&store.id))?;
        let new = XksSeed {
            connectivity: proxy.connectivity.to_owned(),
            access_key_id: proxy.credential.map_or(old.access_key_id.clone(), |c| c.0.to_owned()),
            uri_endpoint: proxy.endpoint.to_owned(),
            uri_path: proxy.path.to_owned(),
            vpc_endpoint_service_name: proxy.vpc_service.map(str::to_owned),
            vpc_endpoint_service_owner: text(input, "XksProxyVpcEndpointServiceOwner").map(str::to_owned).or(old.vpc_endpoint_service_owner.clone()),
        };
        region.stores[i].xks = Some(new);
    }
    let store = &mut region.stores[i];
    if let Some(name) = text(input, "NewCustomKeyStoreName") {
        store.name = name.to_owned();
    }
    if let Some(cluster_id) = text(input, "CloudHsmClusterId") {
        store.cluster_id = Some(cluster_id.to_owned());
        store.repair(&["CLUSTER_NOT_FOUND", "SUBNET_NOT_FOUND"]);
    }
    // What each change repairs, so the guided path from FAILED can reach CONNECTED.
    for member in &changes {
        match (*member, cloudhsm) {
            ("KeyStorePassword", true) => store.repair(&["INVALID_CREDENTIALS", "USER_LOCKED_OUT", "USER_NOT_FOUND"]),
            ("XksProxyAuthenticationCredential", false) => {
                store.repair(&["INVALID_CREDENTIALS"]);
                if let Some(m) = store.metrics.as_mut() {
                    m.credential_set_at = Some(epoch);
                }
            }
            ("XksProxyUriPath", false) => store.repair(&["XKS_PROXY_INVALID_CONFIGURATION"]),
            ("XksProxyUriEndpoint", false) => store.repair(&["XKS_PROXY_NOT_REACHABLE", "NETWORK_ERRORS"]),
            _ => {}
        }
    }
    Ok(json!({}))
}

pub fn delete(region: &mut Region, input: &Map<String, Value>) -> Output {
    let i = store_index(region, input)?;
    let store = &region.stores[i];
    if store.state != ConnectionState::Disconnected {
        return Err(invalid_state(format!("Custom key store {} is {}; only a DISCONNECTED store can be deleted.", store.id, store.state)));
    }
    if store.key_count > 0 {
        return Err(KmsFault::new(
            "CustomKeyStoreHasCMKsException",
            format!("Custom key store {} still holds {} KMS keys; schedule their deletion and wait until they are deleted.", store.id, store.key_count),
        ));
    }
    region.stores.remove(i);
    Ok(json!({}))
}
