//! A store as `CustomKeyStoresListEntry`: members present only when they apply, as KMS sends them.

use crate::world::Store;
use serde_json::{json, Value};

pub fn entry(store: &Store) -> Value {
    let mut e = json!({
        "CustomKeyStoreId": store.id,
        "CustomKeyStoreName": store.name,
        "CustomKeyStoreType": store.store_type,
        "ConnectionState": store.state,
        "CreationDate": store.creation_date,
    });
    if let Some(code) = &store.error_code {
        e["ConnectionErrorCode"] = json!(code);
    }
    if let Some(c) = &store.cluster_id {
        e["CloudHsmClusterId"] = json!(c);
    }
    if let Some(t) = &store.trust_anchor {
        e["TrustAnchorCertificate"] = json!(t);
    }
    if let Some(x) = &store.xks {
        let mut cfg = json!({
            "Connectivity": x.connectivity,
            "AccessKeyId": x.access_key_id,
            "UriEndpoint": x.uri_endpoint,
            "UriPath": x.uri_path,
        });
        if let Some(n) = &x.vpc_endpoint_service_name {
            cfg["VpcEndpointServiceName"] = json!(n);
        }
        if let Some(o) = &x.vpc_endpoint_service_owner {
            cfg["VpcEndpointServiceOwner"] = json!(o);
        }
        e["XksProxyConfiguration"] = cfg;
    }
    e
}
