//! HTTP in front of the sandbox: CORS as KMS answers it, authentication, awsJson framing and
//! errors, the request log, and the loopback-only admin API.

use crate::kms::{dispatch, Caller, KmsFault};
use crate::sigv4::{parse_authorization, verify, Rejection, SignedRequest};
use crate::world::{LoggedRequest, World};
use axum::body::Bytes;
use axum::extract::{ConnectInfo, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::Router;
use serde_json::{json, Map, Value};
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::{Instant, SystemTime, UNIX_EPOCH};

type Shared = Arc<Mutex<World>>;

pub fn router(world: Shared) -> Router {
    Router::new().fallback(handle).with_state(world)
}

/// Headers KMS exposes to browser scripts.
const EXPOSED: &str = "x-amzn-RequestId,x-amzn-ErrorType,x-amzn-ErrorMessage,Date";

async fn handle(State(world): State<Shared>, ConnectInfo(peer): ConnectInfo<SocketAddr>, method: Method, uri: Uri, headers: HeaderMap, body: Bytes) -> Response {
    if method == Method::OPTIONS {
        return preflight(&headers);
    }
    if uri.path().starts_with("/__sandbox/") {
        return admin(&world, peer, &method, uri.path());
    }
    let mut world = world.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    let request_id = world.request_id();
    let (result, log) = kms_call(&mut world, &method, &uri, &headers, &body);
    let status = result.as_ref().map_or_else(|f| f.status, |_| 200);
    if let Some((operation, account_id, region)) = log {
        let at_ms = world.elapsed_ms();
        world.log.push(LoggedRequest { at_ms, operation, account_id, region, status });
    }
    drop(world);
    let mut response = match result {
        Ok(output) => (StatusCode::OK, [("content-type", "application/x-amz-json-1.1")], output.to_string()).into_response(),
        Err(fault) => {
            let body = json!({ "__type": fault.error_type, "message": fault.message }).to_string();
            let mut r = (StatusCode::from_u16(fault.status).unwrap_or(StatusCode::BAD_REQUEST), [("content-type", "application/x-amz-json-1.1")], body).into_response();
            r.headers_mut().insert("x-amzn-ErrorType", HeaderValue::from_static(fault.error_type));
            r
        }
    };
    let h = response.headers_mut();
    h.insert("x-amzn-RequestId", HeaderValue::from_str(&request_id).expect("request ids are ASCII"));
    h.insert("access-control-allow-origin", HeaderValue::from_static("*"));
    h.insert("access-control-expose-headers", HeaderValue::from_static(EXPOSED));
    response
}

/// Authenticates and runs one KMS call. Also returns what to log: (operation, account, Region).
fn kms_call(world: &mut World, method: &Method, uri: &Uri, headers: &HeaderMap, body: &[u8]) -> (Result<Value, KmsFault>, Option<(String, String, String)>) {
    let operation = headers
        .get("x-amz-target")
        .and_then(|v| v.to_str().ok())
        .and_then(|t| t.strip_prefix("TrentService."))
        .unwrap_or("")
        .to_owned();
    if method != Method::POST {
        return (Err(KmsFault::new("UnknownOperationException", "KMS answers POST only.")), None);
    }
    let caller = match authenticate(world, uri, headers, body) {
        Ok(caller) => caller,
        Err(fault) => return (Err(fault), None),
    };
    let log = Some((operation.clone(), caller.0.clone(), caller.1.clone()));
    if operation.is_empty() {
        return (Err(KmsFault::new("UnknownOperationException", "X-Amz-Target must name a TrentService operation.")), log);
    }
    let input: Map<String, Value> = match serde_json::from_slice(body) {
        Ok(input) => input,
        Err(_) => return (Err(KmsFault::new("SerializationException", "The request body is not a JSON object.")), log),
    };
    let caller_ref = Caller { account_id: &caller.0, region: &caller.1 };
    (dispatch(world, &caller_ref, &operation, &input, Instant::now()), log)
}

/// Returns the caller's (account id, Region), or the error KMS gives for bad credentials.
fn authenticate(world: &World, uri: &Uri, headers: &HeaderMap, body: &[u8]) -> Result<(String, String), KmsFault> {
    let pairs: Vec<(String, String)> = headers.iter().filter_map(|(k, v)| Some((k.as_str().to_owned(), v.to_str().ok()?.to_owned()))).collect();
    let request = SignedRequest { method: "POST", path: uri.path(), query: uri.query().unwrap_or(""), headers: &pairs, body };
    let auth_header = request.header("authorization").ok_or_else(|| KmsFault::new("MissingAuthenticationTokenException", "Request is missing Authentication Token"))?;
    let auth = parse_authorization(auth_header).map_err(rejection)?;
    let unrecognized = || KmsFault::new("UnrecognizedClientException", "The security token included in the request is invalid.");
    let credential = world.credentials.get(&auth.access_key_id).ok_or_else(unrecognized)?;
    if credential.session_token.as_deref() != request.header("x-amz-security-token") {
        return Err(unrecognized());
    }
    if auth.service != "kms" {
        return Err(KmsFault::new("InvalidSignatureException", format!("Credential should be scoped to correct service: 'kms', not '{}'.", auth.service)));
    }
    let now = SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs() as i64);
    verify(&request, &auth, &credential.secret_access_key, now).map_err(rejection)?;
    Ok((credential.account_id.clone(), auth.region))
}

fn rejection(r: Rejection) -> KmsFault {
    match r {
        Rejection::Incomplete(m) => KmsFault::new("IncompleteSignatureException", m),
        Rejection::Invalid(m) => KmsFault::new("InvalidSignatureException", m),
    }
}

/// KMS answers every preflight: any origin, the requested headers echoed, POST.
fn preflight(headers: &HeaderMap) -> Response {
    let requested = headers.get("access-control-request-headers").cloned().unwrap_or(HeaderValue::from_static(""));
    let mut r = StatusCode::OK.into_response();
    let h = r.headers_mut();
    h.insert("access-control-allow-origin", HeaderValue::from_static("*"));
    h.insert("access-control-allow-methods", HeaderValue::from_static("POST"));
    h.insert("access-control-allow-headers", requested);
    h.insert("access-control-expose-headers", HeaderValue::from_static(EXPOSED));
    h.insert("access-control-max-age", HeaderValue::from_static("172800"));
    r
}

/// `GET /__sandbox/requests` (the request log) and `POST /__sandbox/reset`, from loopback only.
fn admin(world: &Shared, peer: SocketAddr, method: &Method, path: &str) -> Response {
    if !peer.ip().is_loopback() {
        return (StatusCode::FORBIDDEN, "the sandbox admin API answers loopback callers only\n").into_response();
    }
    let mut world = world.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    match (method.as_str(), path) {
        ("GET", "/__sandbox/requests") => axum::Json(json!({ "now_ms": world.elapsed_ms(), "requests": world.log })).into_response(),
        ("POST", "/__sandbox/reset") => {
            world.reset();
            StatusCode::NO_CONTENT.into_response()
        }
        _ => (StatusCode::NOT_FOUND, "unknown admin call\n").into_response(),
    }
}
