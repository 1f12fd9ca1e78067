//! KMS (awsJson 1.1): the custom key store operations, and ListKeys and DescribeKey for counting
//! a store's keys. Authentication, quota, permission and model validation in the order KMS
//! applies them, then the operation itself; the five store changes are recorded for CloudTrail.

mod connection;
mod describe;
mod entry;
pub mod keys;
mod lifecycle;

use crate::api::{self, Api, Call, Seen};
use crate::auth::Caller;
use crate::cloudtrail;
use crate::model;
use crate::world::{Region, World};
use serde_json::{Map, Value};
use std::time::Instant;

/// A KMS error: its type, message and HTTP status (500 for KMSInternalException).
pub use crate::api::JsonFault as KmsFault;
pub use crate::api::Output;

/// The custom key store operations: these share KMS's per-second quota for them
/// (`throttle_per_second`). ListKeys and DescribeKey have their own, far larger quotas.
const STORE_OPERATIONS: [&str; 6] =
    ["DescribeCustomKeyStores", "ConnectCustomKeyStore", "DisconnectCustomKeyStore", "CreateCustomKeyStore", "UpdateCustomKeyStore", "DeleteCustomKeyStore"];

/// One KMS call from an authenticated caller; the store named in the body is filled in by `http`
/// for the log, and DescribeKey adds its key's.
pub fn serve(world: &mut World, caller: &Caller, operation: &str, call: &Call, seen: &mut Seen) -> Output {
    let input: Option<Value> = serde_json::from_slice(call.request.body).ok();
    let result = call_operation(world, caller, operation, call.request.body, (call.instant, call.now));
    if operation == "DescribeKey" {
        seen.store_id = result.as_ref().ok().and_then(|o| o["KeyMetadata"]["CustomKeyStoreId"].as_str()).map(str::to_owned);
    }
    if cloudtrail::RECORDED.contains(&operation) {
        cloudtrail::record(world, caller, operation, input.as_ref(), &result, call);
    }
    result
}

/// The resource an identity policy sees: a key's ARN for DescribeKey (given by id or ARN), else
/// the account's KMS in the Region (the custom key store operations name no resource).
fn resource(caller: &Caller, operation: &str, body: &[u8]) -> String {
    let key = (operation == "DescribeKey")
        .then(|| serde_json::from_slice::<Value>(body).ok()?.get("KeyId")?.as_str().map(str::to_owned))
        .flatten()
        .filter(|k| !k.starts_with("alias/"));
    match key {
        Some(arn) if arn.starts_with("arn:") => arn,
        Some(id) => format!("arn:aws:kms:{}:{}:key/{id}", caller.region, caller.account_id),
        None => format!("arn:aws:kms:{}:{}:*", caller.region, caller.account_id),
    }
}

/// `now` is the monotonic instant (transitions) and the sandbox clock's epoch seconds (metrics).
fn call_operation(world: &mut World, caller: &Caller, operation: &str, body: &[u8], (now, epoch): (Instant, i64)) -> Output {
    let shapes = model::kms().operations.get(operation).ok_or_else(|| KmsFault::new("UnknownOperationException", ""))?;
    let per_second = world.settings.throttle_per_second;
    if let Some(outage) = world.region(&caller.account_id, &caller.region, now).outage.clone() {
        return Err(KmsFault::new(&outage, format!("The sandbox simulates an outage of KMS in {}.", caller.region)));
    }
    if STORE_OPERATIONS.contains(&operation) && !world.region(&caller.account_id, &caller.region, now).admit(now, per_second) {
        return Err(KmsFault::new("ThrottlingException", "Rate exceeded"));
    }
    let account_kms = format!("arn:aws:kms:{}:{}:*", caller.region, caller.account_id);
    api::check_denied_on(world, Api::Kms, caller, operation, &account_kms, &resource(caller, operation, body))?;
    let input: Value = serde_json::from_slice(body).map_err(|_| KmsFault::new("SerializationException", "The request body is not valid JSON."))?;
    let input_shape = shapes.input.as_deref().expect("every KMS operation has an input");
    model::validate_input(model::kms(), input_shape, &input).map_err(|e| match e {
        Some(message) => KmsFault::new("ValidationException", message),
        None => KmsFault::new("SerializationException", "A member has the wrong JSON type."),
    })?;
    let input = input.as_object().expect("validated as a structure");
    let store_limit = world.settings.store_limit;
    let id = world.random_hex(17);
    let region = world.region(&caller.account_id, &caller.region, now);
    match operation {
        "DescribeCustomKeyStores" => describe::describe(region, input),
        "ConnectCustomKeyStore" => connection::connect(region, input, now, &caller.region),
        "DisconnectCustomKeyStore" => connection::disconnect(region, input, now),
        "CreateCustomKeyStore" => lifecycle::create(region, input, &format!("cks-{id}"), store_limit),
        "UpdateCustomKeyStore" => lifecycle::update(region, input, epoch),
        "DeleteCustomKeyStore" => lifecycle::delete(region, input),
        "ListKeys" => keys::list(region, caller, input),
        "DescribeKey" => keys::describe(region, caller, input),
        "ListAliases" => keys::list_aliases(region, caller, input),
        _ => Err(KmsFault::new("UnknownOperationException", "")),
    }
}

fn text<'a>(input: &'a Map<String, Value>, member: &str) -> Option<&'a str> {
    input.get(member).and_then(Value::as_str)
}

fn not_found(id: &str) -> KmsFault {
    KmsFault::new("CustomKeyStoreNotFoundException", format!("Custom key store {id} does not exist in this account and Region."))
}

/// The store named by the required `CustomKeyStoreId`.
fn store_index(region: &Region, input: &Map<String, Value>) -> Result<usize, KmsFault> {
    let id = text(input, "CustomKeyStoreId").unwrap_or_default();
    region.stores.iter().position(|s| s.id == id).ok_or_else(|| not_found(id))
}

fn invalid_state(message: String) -> KmsFault {
    KmsFault::new("CustomKeyStoreInvalidStateException", message)
}
