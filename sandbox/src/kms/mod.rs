//! KMS's custom key store operations (awsJson 1.1): authentication, quota, permission and model
//! validation in the order KMS applies them, then the operation itself.

mod connection;
mod describe;
mod entry;
mod lifecycle;

use crate::auth::{authenticate, AuthError, Caller};
use crate::model;
use crate::sigv4::{SignedRequest, KMS_MAX_SKEW_SECONDS};
use crate::world::{Region, World};
use serde_json::{json, Map, Value};
use std::time::Instant;

/// A KMS error: its type, message and HTTP status.
#[derive(Debug, PartialEq, Eq)]
pub struct KmsFault {
    pub status: u16,
    pub error_type: String,
    pub message: String,
}

impl KmsFault {
    pub fn new(error_type: &str, message: impl Into<String>) -> Self {
        let status = if error_type == "KMSInternalException" { 500 } else { 400 };
        Self { status, error_type: error_type.to_owned(), message: message.into() }
    }

    pub fn body(&self) -> String {
        json!({ "__type": self.error_type, "message": self.message }).to_string()
    }
}

pub type Output = Result<Value, KmsFault>;

/// What a request was, for the log: (operation, account, Region).
pub type Seen = (String, Option<Caller>);

pub fn handle(world: &mut World, request: &SignedRequest, now: i64, instant: Instant) -> (Output, Seen) {
    let operation = request.header("x-amz-target").and_then(|t| t.strip_prefix("TrentService.")).unwrap_or("").to_owned();
    let caller = match authenticate(world, request, "kms", now, KMS_MAX_SKEW_SECONDS) {
        Ok(c) => c,
        Err(e) => return (Err(auth_fault(e)), (operation, None)),
    };
    let result = call(world, &caller, &operation, request.body, instant);
    (result, (operation, Some(caller)))
}

fn call(world: &mut World, caller: &Caller, operation: &str, body: &[u8], now: Instant) -> Output {
    let shapes = model::kms().operations.get(operation).ok_or_else(|| KmsFault::new("UnknownOperationException", ""))?;
    let per_second = world.settings.throttle_per_second;
    if let Some(outage) = world.region(&caller.account_id, &caller.region, now).outage.clone() {
        return Err(KmsFault::new(&outage, format!("The sandbox simulates an outage of KMS in {}.", caller.region)));
    }
    if !world.region(&caller.account_id, &caller.region, now).admit(now, per_second) {
        return Err(KmsFault::new("ThrottlingException", "Rate exceeded"));
    }
    if world.accounts.get(&caller.account_id).is_some_and(|a| a.deny.iter().any(|d| d == &format!("kms:{operation}"))) {
        return Err(KmsFault::new(
            "AccessDeniedException",
            format!(
                "User: {} is not authorized to perform: kms:{operation} on resource: arn:aws:kms:{}:{}:* because no identity-based policy allows the kms:{operation} action",
                caller.arn, caller.region, caller.account_id
            ),
        ));
    }
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
        "ConnectCustomKeyStore" => connection::connect(region, input, now),
        "DisconnectCustomKeyStore" => connection::disconnect(region, input, now),
        "CreateCustomKeyStore" => lifecycle::create(region, input, &format!("cks-{id}"), store_limit),
        "UpdateCustomKeyStore" => lifecycle::update(region, input),
        "DeleteCustomKeyStore" => lifecycle::delete(region, input),
        _ => Err(KmsFault::new("UnknownOperationException", "")),
    }
}

/// KMS's wording for a caller it cannot accept.
fn auth_fault(e: AuthError) -> KmsFault {
    match e {
        AuthError::MissingAuthentication => KmsFault::new("MissingAuthenticationTokenException", "Missing Authentication Token"),
        AuthError::Incomplete(m) => KmsFault::new("IncompleteSignatureException", m),
        AuthError::UnrecognizedClient => KmsFault::new("UnrecognizedClientException", "The security token included in the request is invalid."),
        AuthError::ExpiredToken => KmsFault::new("ExpiredTokenException", "The security token included in the request is expired"),
        AuthError::Signature(m) | AuthError::SignatureExpired(m) | AuthError::WrongService(m) => KmsFault::new("InvalidSignatureException", m),
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
