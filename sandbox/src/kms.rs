//! The KMS operations, on an authenticated caller's account and Region.

use crate::world::{Store, TransitionError, World};
use serde_json::{json, Map, Value};
use std::time::Instant;

/// A KMS error: its type (as in the model), message and HTTP status.
#[derive(Debug, PartialEq, Eq)]
pub struct KmsFault {
    pub status: u16,
    pub error_type: &'static str,
    pub message: String,
}

impl KmsFault {
    pub fn new(error_type: &'static str, message: impl Into<String>) -> Self {
        Self { status: 400, error_type, message: message.into() }
    }
}

pub struct Caller<'a> {
    pub account_id: &'a str,
    pub region: &'a str,
}

pub fn dispatch(world: &mut World, caller: &Caller, operation: &str, input: &Map<String, Value>, now: Instant) -> Result<Value, KmsFault> {
    match operation {
        "DescribeCustomKeyStores" => describe(world, caller, input, now),
        "ConnectCustomKeyStore" => transition(world, caller, input, now, Store::connect),
        "DisconnectCustomKeyStore" => transition(world, caller, input, now, Store::disconnect),
        _ => Err(KmsFault::new("UnknownOperationException", format!("The sandbox does not implement {operation}."))),
    }
}

fn string_member<'a>(input: &'a Map<String, Value>, name: &str) -> Result<Option<&'a str>, KmsFault> {
    match input.get(name) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s)),
        Some(_) => Err(KmsFault::new("SerializationException", format!("{name} must be a string."))),
    }
}

fn describe(world: &mut World, caller: &Caller, input: &Map<String, Value>, now: Instant) -> Result<Value, KmsFault> {
    let id = string_member(input, "CustomKeyStoreId")?;
    let name = string_member(input, "CustomKeyStoreName")?;
    let marker = string_member(input, "Marker")?;
    let limit = match input.get("Limit") {
        None | Some(Value::Null) => 1000,
        Some(v) => match v.as_u64() {
            Some(n @ 1..=1000) => n as usize,
            _ => return Err(KmsFault::new("ValidationException", "1 validation error detected: Value at 'limit' failed to satisfy constraint: Member must have value between 1 and 1000")),
        },
    };
    if id.is_some() && name.is_some() {
        return Err(KmsFault::new("ValidationException", "Specify either CustomKeyStoreId or CustomKeyStoreName, not both."));
    }
    let stores = world.stores_at(caller.account_id, caller.region, now);
    if let Some(wanted) = id.or(name) {
        let found = stores.iter().find(|s| if id.is_some() { s.seed.id == wanted } else { s.seed.name == wanted });
        return match found {
            Some(store) => Ok(json!({ "CustomKeyStores": [entry(store)], "Truncated": false })),
            None => Err(KmsFault::new("CustomKeyStoreNotFoundException", format!("No custom key store matches {wanted}."))),
        };
    }
    // The marker is the id of the first store of the next page.
    let start = match marker {
        None => 0,
        Some(m) => stores.iter().position(|s| s.seed.id == m).ok_or_else(|| KmsFault::new("InvalidMarkerException", "The marker is not valid."))?,
    };
    let end = (start + limit).min(stores.len());
    let page: Vec<Value> = stores[start..end].iter().map(entry).collect();
    let mut out = json!({ "CustomKeyStores": page, "Truncated": end < stores.len() });
    if end < stores.len() {
        out["NextMarker"] = json!(stores[end].seed.id);
    }
    Ok(out)
}

fn transition(
    world: &mut World,
    caller: &Caller,
    input: &Map<String, Value>,
    now: Instant,
    change: fn(&mut Store, Instant) -> Result<(), TransitionError>,
) -> Result<Value, KmsFault> {
    let id = string_member(input, "CustomKeyStoreId")?
        .ok_or_else(|| KmsFault::new("ValidationException", "1 validation error detected: Value null at 'customKeyStoreId' failed to satisfy constraint: Member must not be null"))?;
    let stores = world.stores_at(caller.account_id, caller.region, now);
    let store = stores
        .iter_mut()
        .find(|s| s.seed.id == id)
        .ok_or_else(|| KmsFault::new("CustomKeyStoreNotFoundException", format!("Custom key store {id} does not exist in this account and Region.")))?;
    match change(store, now) {
        Ok(()) => Ok(json!({})),
        Err(TransitionError::InvalidState(message)) => Err(KmsFault::new("CustomKeyStoreInvalidStateException", message)),
        Err(TransitionError::NotFound) => Err(KmsFault::new("CustomKeyStoreNotFoundException", format!("Custom key store {id} does not exist."))),
    }
}

/// A `CustomKeyStoresListEntry`: members present only when they apply, as KMS sends them.
fn entry(store: &Store) -> Value {
    let s = &store.seed;
    let mut e = json!({
        "CustomKeyStoreId": s.id,
        "CustomKeyStoreName": s.name,
        "CustomKeyStoreType": s.store_type,
        "ConnectionState": store.state,
        "CreationDate": s.creation_date.unwrap_or(1_767_225_600.0),
    });
    if let Some(code) = &store.error_code {
        e["ConnectionErrorCode"] = json!(code);
    }
    if let Some(c) = &s.cloud_hsm_cluster_id {
        e["CloudHsmClusterId"] = json!(c);
    }
    if let Some(t) = &s.trust_anchor_certificate {
        e["TrustAnchorCertificate"] = json!(t);
    }
    if let Some(x) = &s.xks_proxy {
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
