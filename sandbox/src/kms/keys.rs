//! ListKeys and DescribeKey: the keys of each store (`key_count` of them) plus two ordinary
//! `AWS_KMS` keys in every account and Region the seed gives stores, so a client counting a
//! store's keys must describe each and filter on `CustomKeyStoreId`, as AWS documents.

use super::{text, KmsFault, Output};
use crate::auth::Caller;
use crate::ids;
use crate::seed::ConnectionState;
use crate::world::{Region, Store};
use serde_json::{json, Map, Value};

/// KMS's default page size for ListKeys.
const DEFAULT_LIMIT: usize = 100;

/// When the ordinary keys were made (2025-01-01), before any demo store.
const ORDINARY_CREATED: f64 = 1_735_689_600.0;

/// The key id of a store's `index`th key: the same on every run.
pub fn store_key_id(store_id: &str, index: u32) -> String {
    ids::uuid(&["kms-key", store_id, &index.to_string()])
}

fn ordinary_key_id(caller: &Caller, index: u32) -> String {
    ids::uuid(&["kms-key", &caller.account_id, &caller.region, "AWS_KMS", &index.to_string()])
}

fn arn(caller: &Caller, id: &str) -> String {
    format!("arn:aws:kms:{}:{}:key/{id}", caller.region, caller.account_id)
}

/// Every key in the Region as `KeyMetadata`, ordered by key id (as ListKeys pages them).
fn all(region: &Region, caller: &Caller) -> Vec<Value> {
    let mut keys: Vec<Value> = (0..region.ordinary_keys).map(|i| ordinary(caller, i)).collect();
    for store in &region.stores {
        keys.extend((0..store.key_count).map(|i| in_store(caller, store, i)));
    }
    keys.sort_by(|a, b| a["KeyId"].as_str().cmp(&b["KeyId"].as_str()));
    keys
}

fn metadata(caller: &Caller, id: &str, created: f64, state: &str, origin: &str) -> Value {
    json!({
        "AWSAccountId": caller.account_id,
        "KeyId": id,
        "Arn": arn(caller, id),
        "CreationDate": created,
        "Enabled": state == "Enabled",
        "Description": "",
        "KeyUsage": "ENCRYPT_DECRYPT",
        "KeyState": state,
        "Origin": origin,
        "KeyManager": "CUSTOMER",
        "CustomerMasterKeySpec": "SYMMETRIC_DEFAULT",
        "KeySpec": "SYMMETRIC_DEFAULT",
        "EncryptionAlgorithms": ["SYMMETRIC_DEFAULT"],
        "MultiRegion": false,
    })
}

fn ordinary(caller: &Caller, index: u32) -> Value {
    metadata(caller, &ordinary_key_id(caller, index), ORDINARY_CREATED + f64::from(index) * 86_400.0, "Enabled", "AWS_KMS")
}

/// A key in a custom key store is `Unavailable` while its store is not CONNECTED (KMS's key
/// state for that case), and then `Enabled` is false, as the model documents.
fn in_store(caller: &Caller, store: &Store, index: u32) -> Value {
    let id = store_key_id(&store.id, index);
    let state = if store.state == ConnectionState::Connected { "Enabled" } else { "Unavailable" };
    let origin = if store.is_cloudhsm() { "AWS_CLOUDHSM" } else { "EXTERNAL_KEY_STORE" };
    let mut key = metadata(caller, &id, store.creation_date + f64::from(index + 1) * 86_400.0, state, origin);
    key["CustomKeyStoreId"] = json!(store.id);
    if let Some(cluster) = &store.cluster_id {
        key["CloudHsmClusterId"] = json!(cluster);
    }
    if !store.is_cloudhsm() {
        key["XksKeyConfiguration"] = json!({ "Id": format!("xks-key-{}", ids::hex(&["xks-key", &id], 16)) });
    }
    key
}

pub fn list(region: &Region, caller: &Caller, input: &Map<String, Value>) -> Output {
    let keys = all(region, caller);
    let limit = input.get("Limit").and_then(Value::as_u64).map_or(DEFAULT_LIMIT, |n| n as usize);
    // As in DescribeCustomKeyStores, the marker is the id of the next page's first key.
    let start = match text(input, "Marker") {
        None => 0,
        Some(m) => keys.iter().position(|k| k["KeyId"] == m).ok_or_else(|| KmsFault::new("InvalidMarkerException", "The marker is not valid."))?,
    };
    let end = (start + limit).min(keys.len());
    let entries: Vec<Value> = keys[start..end].iter().map(|k| json!({ "KeyId": k["KeyId"], "KeyArn": k["Arn"] })).collect();
    let mut out = json!({ "Keys": entries, "Truncated": end < keys.len() });
    if end < keys.len() {
        out["NextMarker"] = keys[end]["KeyId"].clone();
    }
    Ok(out)
}

/// `KeyId` is a key id or a key ARN of this account and Region; aliases are not modelled.
pub fn describe(region: &Region, caller: &Caller, input: &Map<String, Value>) -> Output {
    let wanted = text(input, "KeyId").unwrap_or_default();
    let found = all(region, caller).into_iter().find(|k| k["KeyId"] == wanted || k["Arn"] == wanted);
    match found {
        Some(key) => Ok(json!({ "KeyMetadata": key })),
        None if wanted.starts_with("arn:") => Err(KmsFault::new("NotFoundException", format!("Key '{wanted}' does not exist"))),
        None if is_key_id(wanted) => Err(KmsFault::new("NotFoundException", format!("Key '{}' does not exist", arn(caller, wanted)))),
        None => Err(KmsFault::new("NotFoundException", format!("Invalid keyId '{wanted}'"))),
    }
}

fn is_key_id(s: &str) -> bool {
    let parts: Vec<&str> = s.split('-').collect();
    parts.iter().map(|p| p.len()).eq([8, 4, 4, 4, 12]) && parts.iter().all(|p| p.chars().all(|c| c.is_ascii_hexdigit()))
}

/// ListAliases' default page size (the model's documentation: 1–100, default 50).
const DEFAULT_ALIAS_LIMIT: usize = 50;

/// The alias of a store's `index`th key: `alias/<store name>-<n>` with n from 1, each key one.
pub fn store_key_alias(store: &Store, index: u32) -> String {
    let name: String = store.name.chars().map(|c| if c.is_ascii_alphanumeric() || "/_-".contains(c) { c } else { '-' }).collect();
    format!("alias/{name}-{}", index + 1)
}

/// Every store key's alias, ordered by name; `KeyId` (id or ARN) keeps one key's.
pub fn list_aliases(region: &Region, caller: &Caller, input: &Map<String, Value>) -> Output {
    let mut aliases: Vec<Value> = Vec::new();
    for store in &region.stores {
        for i in 0..store.key_count {
            let id = store_key_id(&store.id, i);
            let name = store_key_alias(store, i);
            let created = store.creation_date + f64::from(i + 1) * 86_400.0;
            aliases.push(json!({
                "AliasName": name,
                "AliasArn": format!("arn:aws:kms:{}:{}:{name}", caller.region, caller.account_id),
                "TargetKeyId": id,
                "CreationDate": created,
                "LastUpdatedDate": created,
            }));
        }
    }
    if let Some(wanted) = text(input, "KeyId") {
        let key_id = wanted.rsplit('/').next().unwrap_or(wanted);
        if !all(region, caller).iter().any(|k| k["KeyId"] == key_id) {
            return Err(KmsFault::new("NotFoundException", format!("Key '{}' does not exist", arn(caller, key_id))));
        }
        aliases.retain(|a| a["TargetKeyId"] == key_id);
    }
    aliases.sort_by(|a, b| a["AliasName"].as_str().cmp(&b["AliasName"].as_str()));
    let limit = input.get("Limit").and_then(Value::as_u64).map_or(DEFAULT_ALIAS_LIMIT, |n| n as usize);
    if limit > 100 {
        return Err(KmsFault::new(
            "ValidationException",
            format!("1 validation error detected: Value '{limit}' at 'limit' failed to satisfy constraint: Member must have value less than or equal to 100"),
        ));
    }
    let start = match text(input, "Marker") {
        None => 0,
        Some(m) => aliases.iter().position(|a| a["AliasName"] == m).ok_or_else(|| KmsFault::new("InvalidMarkerException", "The marker is not valid."))?,
    };
    let end = (start + limit).min(aliases.len());
    let mut out = json!({ "Aliases": aliases[start..end], "Truncated": end < aliases.len() });
    if end < aliases.len() {
        out["NextMarker"] = aliases[end]["AliasName"].clone();
    }
    Ok(out)
}
