//! HTTP in front of the sandbox: one port for the awsJson services (requests with
//! `X-Amz-Target`, routed by its prefix to KMS, CloudHSM, CloudWatch or CloudTrail), STS (form
//! posts), CORS preflights as KMS answers them, and the loopback-only admin API. Served with
//! hyper directly, so that a fault can close a connection without any answer.

use crate::api::{self, Api, Call, JsonFault, Seen};
use crate::faults::{Fault, Faults, FaultsUpdate};
use crate::sigv4::SignedRequest;
use crate::world::{LoggedRequest, World};
use crate::xml_services::{self, XmlApi};
use crate::{clock, iam, sts};
use axum::body::{Body, Bytes};
use http_body_util::BodyExt;
use hyper::body::Incoming;
use hyper::header::HeaderValue;
use hyper::{HeaderMap, Method, Request, Response, StatusCode};
use serde_json::json;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

pub struct Sandbox {
    pub world: Mutex<World>,
    pub faults: Mutex<Faults>,
}

pub type Shared = Arc<Sandbox>;

/// Headers KMS (and the other services) expose to browser scripts.
const EXPOSED: &str = "x-amzn-RequestId,x-amzn-ErrorType,x-amzn-ErrorMessage,Date";

/// Returned to hyper to close the connection without answering (the `drop` fault).
#[derive(Debug)]
pub struct Dropped;

impl std::fmt::Display for Dropped {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("connection dropped by an injected fault")
    }
}

impl std::error::Error for Dropped {}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

pub async fn serve(listener: tokio::net::TcpListener, shared: Shared) {
    loop {
        let Ok((stream, peer)) = listener.accept().await else { continue };
        let shared = shared.clone();
        tokio::spawn(async move {
            let service = hyper::service::service_fn(move |req| handle(shared.clone(), peer, req));
            let _ = hyper::server::conn::http1::Builder::new().serve_connection(hyper_util::rt::TokioIo::new(stream), service).await;
        });
    }
}

struct Reply {
    status: u16,
    content_type: &'static str,
    body: Body,
    error_type: Option<String>,
    /// CloudWatch's awsQuery error code (`x-amzn-query-error`).
    query_error: Option<String>,
}

impl Reply {
    fn ok(content_type: &'static str, body: Body) -> Reply {
        Reply { status: 200, content_type, body, error_type: None, query_error: None }
    }
}

async fn handle(shared: Shared, peer: SocketAddr, req: Request<Incoming>) -> Result<Response<Body>, Dropped> {
    let (parts, body) = req.into_parts();
    let body = body.collect().await.map(|b| b.to_bytes()).unwrap_or_default();
    if parts.uri.path().starts_with("/__sandbox/") {
        return Ok(admin(&shared, peer, &parts, &body));
    }
    if parts.method == Method::OPTIONS {
        return Ok(preflight(&parts.headers));
    }
    let started_ms = lock(&shared.world).elapsed_ms();
    let target = parts.headers.get("x-amz-target").and_then(|v| v.to_str().ok()).map(Api::route);
    let service = target.map_or_else(|| query_service(&parts.headers), |(api, _)| api.name());
    // Latency and one-shot faults are about KMS and STS, the calls the console cannot do
    // without: the health services' own failures are their deny lists and `refuse_browsers`.
    let core = matches!(service, "kms" | "sts");
    let (latency, offset, fault, refuse_browsers) = {
        let mut f = lock(&shared.faults);
        let fault = if core { f.queue.pop_front() } else { None };
        (if core { f.latency_ms } else { 0 }, f.clock_offset_seconds, fault, f.refuses_browsers(service))
    };
    if latency > 0 {
        tokio::time::sleep(Duration::from_millis(latency)).await;
    }
    let mut world = lock(&shared.world);
    let request_id = world.request_id();
    let now = clock::now(offset);
    let headers: Vec<(String, String)> = parts.headers.iter().filter_map(|(k, v)| Some((k.as_str().to_owned(), v.to_str().ok()?.to_owned()))).collect();
    let signed =
        SignedRequest { method: parts.method.as_str(), path: parts.uri.path(), query: parts.uri.query().unwrap_or(""), headers: &headers, body: &body };
    let (reply, mut seen) = match fault {
        Some(Fault::Drop) => {
            log(&mut world, started_ms, service, &Seen::default(), 0, Some("drop"), None);
            return Err(Dropped);
        }
        Some(fault) => (injected(fault, target.map(|(api, _)| api), &request_id), Seen::default()),
        None if parts.method != Method::POST => {
            let api = target.map_or(Api::Kms, |(api, _)| api);
            (json_error(api, &JsonFault::new("UnknownOperationException", "KMS and STS answer POST only.")), Seen::default())
        }
        None => match target {
            Some((api, operation)) => {
                let call = Call { request: &signed, now, instant: Instant::now(), request_id: &request_id, source_ip: peer.ip().to_string() };
                let (result, seen) = api::handle(&mut world, api, operation, &call);
                let reply = match result {
                    Ok(output) => Reply::ok(api.content_type(), output.to_string().into()),
                    Err(fault) => json_error(api, &fault),
                };
                (reply, seen)
            }
            None if XmlApi::from_scope(service).is_some() => {
                let api = XmlApi::from_scope(service).expect("checked");
                let (result, (operation, caller)) = xml_services::handle(&mut world, api, &signed, now, &request_id);
                let reply = match result {
                    Ok(xml) => Reply::ok("text/xml", xml.into()),
                    Err(f) => {
                        Reply { status: f.status, content_type: "text/xml", body: f.body(api, &request_id).into(), error_type: Some(f.code), query_error: None }
                    }
                };
                (reply, Seen { operation, caller, store_id: None })
            }
            None => {
                let ((result, (operation, caller)), namespace) = if service == "iam" {
                    (iam::handle(&world, &signed, now, &request_id), iam::NAMESPACE)
                } else {
                    (sts::handle(&mut world, &signed, now, &request_id), sts::NAMESPACE)
                };
                let reply = match result {
                    Ok(xml) => Reply::ok("text/xml", xml.into()),
                    Err(f) => Reply {
                        status: f.status,
                        content_type: "text/xml",
                        body: f.body_in(namespace, &request_id).into(),
                        error_type: Some(f.code),
                        query_error: None,
                    },
                };
                (reply, Seen { operation, caller, store_id: None })
            }
        },
    };
    // Which store a KMS call was about (also when a fault answered it), so that a test can tell
    // one Region's action from another's.
    if seen.store_id.is_none() && target.is_some_and(|(api, _)| api == Api::Kms) {
        let named = serde_json::from_slice::<serde_json::Value>(&body).ok().and_then(|v| v.get("CustomKeyStoreId")?.as_str().map(str::to_owned));
        seen.store_id = named;
    }
    let input = logged_input(&signed, target.is_some());
    log(&mut world, started_ms, service, &seen, reply.status, reply.error_type.as_deref(), input);
    drop(world);
    let mut response = Response::builder()
        .status(StatusCode::from_u16(reply.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR))
        .header("content-type", reply.content_type)
        .header("x-amzn-RequestId", &request_id)
        .header("date", clock::format_http_date(now))
        .body(reply.body)
        .expect("static header names");
    let h = response.headers_mut();
    // Without these a browser's fetch fails, although the answer arrived: the refuse_browsers fault.
    if !refuse_browsers {
        h.insert("access-control-allow-origin", HeaderValue::from_static("*"));
        h.insert("access-control-expose-headers", HeaderValue::from_static(EXPOSED));
    }
    if let Some(error_type) = reply.error_type.and_then(|t| HeaderValue::from_str(&t).ok()) {
        h.insert("x-amzn-ErrorType", error_type);
    }
    if let Some(code) = reply.query_error.and_then(|c| HeaderValue::from_str(&c).ok()) {
        h.insert("x-amzn-query-error", code);
    }
    Ok(response)
}

/// The query-protocol service a request without `X-Amz-Target` is for: IAM, EC2, ELBv2 or SNS
/// when its credential scope names it, else STS (which also answers requests it cannot read).
fn query_service(headers: &HeaderMap) -> &'static str {
    let scope = headers.get("authorization").and_then(|v| v.to_str().ok()).and_then(|v| crate::sigv4::parse_authorization(v).ok());
    match scope.as_ref().map(|a| a.service.as_str()) {
        Some("iam") => "iam",
        Some(other) => XmlApi::from_scope(other).map_or("sts", XmlApi::name),
        None => "sts",
    }
}

fn json_error(api: Api, fault: &JsonFault) -> Reply {
    Reply {
        status: fault.status,
        content_type: api.content_type(),
        body: fault.body_for(api).into(),
        error_type: Some(fault.error_type.clone()),
        query_error: fault.query_error.clone(),
    }
}

/// Members that hold a secret: the log keeps a fingerprint of their value, never the value.
const SECRET_MEMBERS: [&str; 4] = ["KeyStorePassword", "RawSecretAccessKey", "TokenCode", "SecretAccessKey"];

/// `sha256:` and the first 16 hex digits of the value's SHA-256: equal secrets have equal
/// fingerprints, and nothing short of guessing gives the secret back.
pub fn fingerprint(secret: &str) -> String {
    use sha2::{Digest, Sha256};
    format!("sha256:{}", &hex::encode(Sha256::digest(secret.as_bytes()))[..16])
}

fn redact(value: &mut serde_json::Value) {
    match value {
        serde_json::Value::Object(members) => {
            for (name, member) in members.iter_mut() {
                match member {
                    serde_json::Value::String(secret) if SECRET_MEMBERS.contains(&name.as_str()) => *secret = fingerprint(secret),
                    other => redact(other),
                }
            }
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(redact),
        _ => {}
    }
}

/// The input for the log: the JSON body of an awsJson request, the parameters of a query one
/// (`Action` and `Version` included), secrets fingerprinted. `None` for a body that is not JSON.
pub fn logged_input(request: &SignedRequest, json: bool) -> Option<serde_json::Value> {
    let mut input = if json {
        crate::api::json_body(request.body).ok()?
    } else {
        serde_json::Value::Object(sts::params(request).into_iter().map(|(k, v)| (k, serde_json::Value::String(v))).collect())
    };
    redact(&mut input);
    Some(input)
}

#[allow(clippy::too_many_arguments)]
fn log(world: &mut World, started_ms: u64, service: &str, seen: &Seen, status: u16, error: Option<&str>, input: Option<serde_json::Value>) {
    let ended_ms = world.elapsed_ms();
    let (account_id, region) = seen.caller.as_ref().map(|c| (c.account_id.as_str(), c.region.as_str())).unwrap_or_default();
    world.log.push(LoggedRequest {
        started_ms,
        ended_ms,
        service: service.to_owned(),
        operation: seen.operation.clone(),
        account_id: account_id.to_owned(),
        region: region.to_owned(),
        store_id: seen.store_id.clone(),
        status,
        error: error.map(str::to_owned),
        input,
    });
}

/// The answer an injected fault gives in place of the real one, in the service's own words.
fn injected(fault: Fault, api: Option<Api>, request_id: &str) -> Reply {
    let service_error = |status: u16, json_type: &str, sts_code: &str, message: &str| match api {
        Some(api) => json_error(api, &JsonFault { status, ..JsonFault::new(json_type, message) }),
        None => {
            let f = sts::StsFault { status, code: sts_code.to_owned(), message: message.to_owned() };
            Reply { status, content_type: "text/xml", body: f.body(request_id).into(), error_type: Some(sts_code.to_owned()), query_error: None }
        }
    };
    let internal = match api {
        Some(Api::Kms) | None => "KMSInternalException",
        Some(Api::CloudHsm) => "CloudHsmInternalFailureException",
        Some(Api::CloudWatch) => "InternalServiceFault",
        Some(Api::CloudTrail) => "InternalFailure",
        Some(Api::Organizations) => "ServiceException",
    };
    let content_type = api.map_or("application/x-amz-json-1.1", Api::content_type);
    match fault {
        Fault::Http500 => service_error(500, internal, "InternalFailure", "The service had an internal error (injected by the sandbox)."),
        Fault::Http503 => service_error(503, "ServiceUnavailableException", "ServiceUnavailable", "The service is unavailable (injected by the sandbox)."),
        Fault::Throttle => service_error(400, "ThrottlingException", "Throttling", "Rate exceeded"),
        Fault::Malformed => Reply::ok(content_type, "{\"CustomKeyStores\": [{\"Custom".into()),
        Fault::Html => Reply {
            status: 502,
            content_type: "text/html",
            body: "<html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1></body></html>".into(),
            error_type: None,
            query_error: None,
        },
        Fault::Truncated => {
            let half: Result<Bytes, std::io::Error> = Ok(Bytes::from_static(b"{\"CustomKeyStores\": [{\"CustomKeyStoreId\": \"cks-"));
            let cut = Err(std::io::Error::new(std::io::ErrorKind::ConnectionReset, "truncated by an injected fault"));
            Reply::ok(content_type, Body::from_stream(futures_util::stream::iter([half, cut])))
        }
        Fault::Drop => unreachable!("handled before a reply is built"),
    }
}

/// KMS answers every preflight: any origin, the requested headers echoed, POST.
fn preflight(headers: &HeaderMap) -> Response<Body> {
    let requested = headers.get("access-control-request-headers").cloned().unwrap_or(HeaderValue::from_static(""));
    Response::builder()
        .status(StatusCode::OK)
        .header("access-control-allow-origin", "*")
        .header("access-control-allow-methods", "POST")
        .header("access-control-allow-headers", requested)
        .header("access-control-expose-headers", EXPOSED)
        .header("access-control-max-age", "172800")
        .body(Body::empty())
        .expect("static headers")
}

fn json_response(status: StatusCode, value: serde_json::Value) -> Response<Body> {
    Response::builder().status(status).header("content-type", "application/json").body(value.to_string().into()).expect("static headers")
}

/// Whether a change to the admin API came as a request no web page can send across origins without
/// a preflight: a JSON body. The admin paths answer no preflight and send no CORS headers, so a
/// page on another port of this computer can neither change the sandbox nor read its log.
fn admin_change_allowed(parts: &hyper::http::request::Parts) -> bool {
    parts.method == Method::GET || parts.headers.get("content-type").and_then(|v| v.to_str().ok()).is_some_and(|v| v.starts_with("application/json"))
}

/// `127.0.0.1`, `localhost` or `[::1]`, with or without a port: the names a local tool addresses
/// the sandbox by, and none that a web page's DNS can be made to point here.
fn loopback_host(host: &str) -> bool {
    let name = match host.rsplit_once(':') {
        Some((name, port)) if !name.is_empty() && port.bytes().all(|b| b.is_ascii_digit()) && !name.ends_with(':') => name,
        _ => host,
    };
    ["127.0.0.1", "localhost", "[::1]"].iter().any(|n| n.eq_ignore_ascii_case(name))
}

/// The admin API, for tests and demos; loopback callers only.
fn admin(shared: &Shared, peer: SocketAddr, parts: &hyper::http::request::Parts, body: &[u8]) -> Response<Body> {
    if !peer.ip().is_loopback() {
        return json_response(StatusCode::FORBIDDEN, json!({"error": "the sandbox admin API answers loopback callers only"}));
    }
    // A page whose DNS name was rebound to 127.0.0.1 is a loopback caller too, but its browser
    // still sends the page's own name as Host.
    if !parts.headers.get("host").and_then(|v| v.to_str().ok()).is_some_and(loopback_host) {
        return json_response(
            StatusCode::FORBIDDEN,
            json!({"error": "the sandbox admin API answers requests addressed to a loopback host name only (127.0.0.1, localhost or [::1], any port)"}),
        );
    }
    if parts.method == Method::OPTIONS || !admin_change_allowed(parts) {
        return json_response(
            StatusCode::FORBIDDEN,
            json!({"error": "admin changes need a JSON body (Content-Type: application/json), which no cross-origin page can send"}),
        );
    }
    let (method, path) = (&parts.method, parts.uri.path());
    match (method.as_str(), path) {
        ("GET", "/__sandbox/requests") => {
            let world = lock(&shared.world);
            json_response(StatusCode::OK, json!({ "now_ms": world.elapsed_ms(), "requests": world.log }))
        }
        ("GET", "/__sandbox/state") => {
            let mut world = lock(&shared.world);
            json_response(StatusCode::OK, json!({ "regions": world.snapshot(Instant::now()) }))
        }
        ("POST", "/__sandbox/reset") => {
            lock(&shared.world).reset();
            *lock(&shared.faults) = Faults::default();
            json_response(StatusCode::OK, json!({"reset": true}))
        }
        ("GET", "/__sandbox/faults") => json_response(StatusCode::OK, json!(*lock(&shared.faults))),
        ("POST", "/__sandbox/faults") => match serde_json::from_slice::<FaultsUpdate>(body) {
            Ok(update) => {
                let mut faults = lock(&shared.faults);
                faults.apply(update);
                json_response(StatusCode::OK, json!(*faults))
            }
            Err(e) => json_response(StatusCode::BAD_REQUEST, json!({"error": e.to_string()})),
        },
        ("DELETE", "/__sandbox/faults") => {
            *lock(&shared.faults) = Faults::default();
            json_response(StatusCode::OK, json!(Faults::default()))
        }
        _ => json_response(StatusCode::NOT_FOUND, json!({"error": format!("no admin call {method} {path}")})),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::seed::Seed;

    fn parts(method: Method, path: &str) -> hyper::http::request::Parts {
        let request = Request::builder().method(method).uri(path).header("content-type", "application/json").header("host", "127.0.0.1:9780").body(()).unwrap();
        request.into_parts().0
    }

    /// Called directly with the peer address, so the check does not depend on the machine having
    /// a second network interface to call from.
    #[test]
    fn the_admin_api_answers_loopback_callers_only() {
        let shared: Shared = Arc::new(Sandbox { world: Mutex::new(World::from_seed(Seed::demo())), faults: Mutex::new(Faults::default()) });
        for (peer, status) in [("203.0.113.5:40000", 403), ("10.0.0.7:40000", 403), ("127.0.0.1:40000", 200), ("[::1]:40000", 200)] {
            let response = admin(&shared, peer.parse().unwrap(), &parts(Method::GET, "/__sandbox/requests"), b"");
            assert_eq!(response.status().as_u16(), status, "{peer}");
        }
        let reset = admin(&shared, "192.0.2.9:1".parse().unwrap(), &parts(Method::POST, "/__sandbox/reset"), b"");
        assert_eq!(reset.status().as_u16(), 403);
    }

    #[test]
    fn loopback_host_names_only() {
        for ok in ["127.0.0.1", "127.0.0.1:9780", "localhost", "LocalHost:1", "[::1]", "[::1]:9780"] {
            assert!(loopback_host(ok), "{ok}");
        }
        for bad in ["evil.example", "evil.example:9780", "127.0.0.1.nip.io", "localhost.evil.example:80", "[::1]:x", "::1", "127.0.0.2", ""] {
            assert!(!loopback_host(bad), "{bad}");
        }
    }
}
