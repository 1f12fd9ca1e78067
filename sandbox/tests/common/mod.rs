//! Shared by the sandbox's HTTP tests: a native transport for the console's own client, sandboxes
//! on free loopback ports, and raw KMS, CloudHSM, CloudWatch and CloudTrail calls that check every
//! answer against the AWS model.
#![allow(dead_code)]

use cks_console::aws::client::SignedSender;
use cks_console::aws::credentials::Credentials;
use cks_console::aws::http::{HttpRequest, HttpResponse, Transport, TransportError};
use cks_console::kms::operation::{build_request, Operation};
use cks_console::kms::KmsClient;
use cks_sandbox::faults::Faults;
use cks_sandbox::model::{self, ServiceShapes};
use cks_sandbox::seed::{self, Seed};
use serde_json::{json, Value};
use std::time::{SystemTime, UNIX_EPOCH};

#[derive(Clone)]
pub struct Reqwest {
    pub http: reqwest::Client,
    /// Added to the real clock, to sign as a skewed machine would.
    pub skew_ms: i64,
}

impl Default for Reqwest {
    fn default() -> Self {
        Self { http: reqwest::Client::new(), skew_ms: 0 }
    }
}

impl Transport for Reqwest {
    fn now_ms(&self) -> u64 {
        (SystemTime::now().duration_since(UNIX_EPOCH).unwrap().as_millis() as i64 + self.skew_ms) as u64
    }

    async fn post(&self, request: HttpRequest) -> Result<HttpResponse, TransportError> {
        let mut builder = self.http.post(&request.url).body(request.body);
        for (k, v) in &request.headers {
            builder = builder.header(k, v);
        }
        let response = builder.send().await.map_err(|e| TransportError(e.to_string()))?;
        let status = response.status().as_u16();
        let headers = response.headers().iter().map(|(k, v)| (k.as_str().to_owned(), v.to_str().unwrap_or("").to_owned())).collect();
        Ok(HttpResponse { status, headers, body: response.text().await.map_err(|e| TransportError(e.to_string()))? })
    }
}

pub fn demo_credentials() -> Credentials {
    Credentials::from_fields(seed::DEMO_ACCESS_KEY_ID, seed::DEMO_SECRET_ACCESS_KEY, seed::DEMO_SESSION_TOKEN).unwrap()
}

pub async fn sandbox(seed: Seed) -> String {
    sandbox_with(seed, Faults::default()).await
}

pub async fn sandbox_with(seed: Seed, faults: Faults) -> String {
    let running = cks_sandbox::start("127.0.0.1:0", seed, faults).await.unwrap();
    format!("http://{}/", running.addr)
}

pub fn client(url: &str, credentials: Credentials, region: &str) -> KmsClient<Reqwest> {
    KmsClient::new(Reqwest::default(), credentials, region, url)
}

/// The demo account with `regions` as given and no throttling (tests about throttling set it).
pub fn seed_with(regions: Value) -> Seed {
    serde_json::from_value(json!({"settings": {"throttle_per_second": null}, "accounts": [{
        "account_id": seed::DEMO_ACCOUNT_ID,
        "credentials": [
            {"access_key_id": seed::DEMO_ACCESS_KEY_ID, "secret_access_key": seed::DEMO_SECRET_ACCESS_KEY, "session_token": seed::DEMO_SESSION_TOKEN},
            {"access_key_id": seed::DEMO_LONG_TERM_ACCESS_KEY_ID, "secret_access_key": seed::DEMO_LONG_TERM_SECRET}
        ],
        "regions": regions
    }]}))
    .unwrap()
}

/// A KMS error as the tests compare it.
#[derive(Debug, PartialEq, Eq)]
pub struct Error {
    pub status: u16,
    pub error_type: String,
    pub message: String,
}

/// Errors KMS returns that its model does not list (REFERENCE.md section 4), and the 503 an
/// injected fault sends.
const COMMON_ERRORS: [&str; 15] = [
    "ServiceUnavailableException",
    "ValidationException",
    "SerializationException",
    "ThrottlingException",
    "AccessDeniedException",
    "UnrecognizedClientException",
    "InvalidSignatureException",
    "ExpiredTokenException",
    "IncompleteSignatureException",
    "MissingAuthenticationTokenException",
    "UnknownOperationException",
    // AWS's common errors as the other services send them; CloudWatch's awsQuery-compatible
    // InvalidParameterValue and ValidationError (shapes InvalidParameterValueException and
    // ValidationException), and the internal errors an injected fault sends.
    "InvalidParameterValueException",
    "InternalFailure",
    "InternalServiceFault",
    "CloudHsmInternalFailureException",
];

/// One signed KMS call. A success must fit the operation's output shape; an error must be one the
/// model lists for the operation, or one of KMS's common errors, with `x-amzn-ErrorType` and
/// `x-amzn-RequestId` set.
pub async fn kms(url: &str, operation: &str, input: Value) -> Result<Value, Error> {
    kms_as(url, &demo_credentials(), "us-east-1", operation, input).await
}

pub async fn kms_as(url: &str, credentials: &Credentials, region: &str, operation: &str, input: Value) -> Result<Value, Error> {
    let mut request = build_request(url, Operation::DescribeCustomKeyStores, &input);
    request.headers[1].1 = format!("TrentService.{operation}");
    let transport = Reqwest::default();
    cks_console::aws::sigv4::sign_request(&mut request, credentials, region, "kms", transport.now_ms()).unwrap();
    let response = transport.post(request).await.unwrap();
    assert!(response.header("x-amzn-requestid").is_some_and(|id| !id.is_empty()), "x-amzn-RequestId on every answer");
    let body: Value = serde_json::from_str(&response.body).unwrap_or_else(|e| panic!("{operation}: body is not JSON ({e}): {}", response.body));
    let spec = &model::kms().operations[operation];
    if response.status == 200 {
        let Some(shape) = spec.output.as_deref() else {
            assert_eq!(body, json!({}), "{operation} has no output");
            return Ok(body);
        };
        model::validate_output(model::kms(), shape, &body).unwrap_or_else(|e| panic!("{operation} output does not fit {shape}: {e}"));
        return Ok(body);
    }
    let error_type = body["__type"].as_str().unwrap().to_owned();
    assert_eq!(response.header("x-amzn-errortype"), Some(error_type.as_str()));
    assert!(
        spec.errors.contains(&error_type) || COMMON_ERRORS.contains(&error_type.as_str()),
        "{operation} answered {error_type}, which neither the model nor KMS's common errors name"
    );
    Err(Error { status: response.status, error_type, message: body["message"].as_str().unwrap_or_default().to_owned() })
}

pub async fn admin(url: &str, method: reqwest::Method, path: &str, body: Option<Value>) -> Value {
    let method_is_change = method != reqwest::Method::GET;
    let mut b = reqwest::Client::new().request(method, format!("{url}__sandbox/{path}"));
    if let Some(body) = body.or_else(|| (method_is_change).then(|| serde_json::json!({}))) {
        b = b.json(&body);
    }
    let r = b.send().await.unwrap();
    assert!(r.status().is_success(), "admin {path}: {}", r.status());
    r.json().await.unwrap()
}

/// The state of one store, from the admin view.
pub async fn store_state(url: &str, id: &str) -> (String, Option<String>) {
    let state = admin(url, reqwest::Method::GET, "state", None).await;
    for region in state["regions"].as_array().unwrap() {
        for s in region["stores"].as_array().unwrap() {
            if s["id"] == id {
                return (s["state"].as_str().unwrap().to_owned(), s["error_code"].as_str().map(str::to_owned));
            }
        }
    }
    panic!("no store {id}");
}

/// An awsJson service as a test signs for it and checks its answers.
#[derive(Clone, Copy)]
pub struct Service {
    pub signing_name: &'static str,
    pub target_prefix: &'static str,
    pub content_type: &'static str,
    pub model: fn() -> &'static ServiceShapes,
}

pub const KMS: Service = Service { signing_name: "kms", target_prefix: "TrentService", content_type: "application/x-amz-json-1.1", model: model::kms };
pub const CLOUDHSM: Service =
    Service { signing_name: "cloudhsm", target_prefix: "BaldrApiService", content_type: "application/x-amz-json-1.1", model: model::cloudhsmv2 };
pub const CLOUDWATCH: Service = Service {
    signing_name: "monitoring",
    target_prefix: "GraniteServiceVersion20100801",
    content_type: "application/x-amz-json-1.0",
    model: model::cloudwatch,
};
pub const CLOUDTRAIL: Service = Service {
    signing_name: "cloudtrail",
    target_prefix: "com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101",
    content_type: "application/x-amz-json-1.1",
    model: model::cloudtrail,
};

pub const ORGANIZATIONS: Service = Service {
    signing_name: "organizations",
    target_prefix: "AWSOrganizationsV20161128",
    content_type: "application/x-amz-json-1.1",
    model: model::organizations,
};

/// A signed query-protocol call (STS, IAM) for `signing_name` in `region`; (status, XML body).
pub async fn query(url: &str, credentials: &Credentials, region: &str, signing_name: &str, params: &str) -> (u16, String) {
    let transport = Reqwest::default();
    let mut request = HttpRequest {
        url: url.to_owned(),
        headers: vec![("content-type".into(), "application/x-www-form-urlencoded; charset=utf-8".into())],
        body: params.to_owned(),
    };
    cks_console::aws::sigv4::sign_request(&mut request, credentials, region, signing_name, transport.now_ms()).unwrap();
    let response = transport.post(request).await.unwrap();
    assert!(response.header("x-amzn-requestid").is_some());
    assert_eq!(response.header("content-type"), Some("text/xml"));
    (response.status, response.body)
}

/// The text of the first `<name>` element.
pub fn element<'a>(xml: &'a str, name: &str) -> &'a str {
    let start = xml.find(&format!("<{name}>")).unwrap_or_else(|| panic!("no <{name}> in {xml}")) + name.len() + 2;
    let end = xml[start..].find(&format!("</{name}>")).unwrap() + start;
    &xml[start..end]
}

/// One call signed by the console's `SignedSender` for `signing_name` (normally the service's).
pub async fn raw_call(
    url: &str,
    credentials: &Credentials,
    region: &str,
    service: Service,
    signing_name: &str,
    operation: &str,
    input: &Value,
) -> HttpResponse {
    let request = HttpRequest {
        url: url.to_owned(),
        headers: vec![("content-type".into(), service.content_type.into()), ("x-amz-target".into(), format!("{}.{operation}", service.target_prefix))],
        body: input.to_string(),
    };
    SignedSender::new(Reqwest::default(), credentials.clone(), region).send(signing_name, request).await.unwrap()
}

/// A call as the demo user in us-east-1.
pub async fn call(url: &str, service: Service, operation: &str, input: Value) -> Result<Value, Error> {
    call_as(url, &demo_credentials(), "us-east-1", service, operation, input).await
}

/// A success must fit the operation's output shape and carry the service's content type; an
/// error must be one the model lists for the operation or a common one, with `x-amzn-ErrorType`,
/// and from CloudWatch also its awsQuery code.
pub async fn call_as(url: &str, credentials: &Credentials, region: &str, service: Service, operation: &str, input: Value) -> Result<Value, Error> {
    let response = raw_call(url, credentials, region, service, service.signing_name, operation, &input).await;
    assert!(response.header("x-amzn-requestid").is_some_and(|id| !id.is_empty()), "x-amzn-RequestId on every answer");
    assert_eq!(response.header("content-type"), Some(service.content_type), "{operation}");
    let body: Value = serde_json::from_str(&response.body).unwrap_or_else(|e| panic!("{operation}: body is not JSON ({e}): {}", response.body));
    let shapes = (service.model)();
    let spec = &shapes.operations[operation];
    if response.status == 200 {
        let Some(shape) = spec.output.as_deref() else {
            assert_eq!(body, json!({}), "{operation} has no output");
            return Ok(body);
        };
        model::validate_output(shapes, shape, &body).unwrap_or_else(|e| panic!("{operation} output does not fit {shape}: {e}\n{body:#}"));
        return Ok(body);
    }
    let error_type = body["__type"].as_str().unwrap().to_owned();
    assert_eq!(response.header("x-amzn-errortype"), Some(error_type.as_str()));
    assert!(
        spec.errors.contains(&error_type) || COMMON_ERRORS.contains(&error_type.as_str()),
        "{operation} answered {error_type}, which neither the model nor the common errors name"
    );
    if service.signing_name == "monitoring" && ["InvalidParameterValueException", "ValidationException", "InvalidNextToken"].contains(&error_type.as_str()) {
        let code = response.header("x-amzn-query-error").unwrap_or_else(|| panic!("{error_type} without x-amzn-query-error"));
        assert!(code.ends_with(";Sender"), "{code}");
    }
    let message = body["message"].as_str().or(body["Message"].as_str()).unwrap_or_default().to_owned();
    Err(Error { status: response.status, error_type, message })
}

/// The request log's entries for an operation.
pub async fn logged(url: &str, operation: &str) -> Vec<Value> {
    let log = admin(url, reqwest::Method::GET, "requests", None).await;
    log["requests"].as_array().unwrap().iter().filter(|r| r["operation"] == operation).cloned().collect()
}

/// Epoch seconds now.
pub fn now_s() -> i64 {
    SystemTime::now().duration_since(UNIX_EPOCH).unwrap().as_secs() as i64
}

/// The CORS preflight a browser sends before a signed awsJson POST from the console's origin.
pub async fn preflight(url: &str) -> reqwest::Response {
    reqwest::Client::new()
        .request(reqwest::Method::OPTIONS, url)
        .header("origin", "http://127.0.0.1:9781")
        .header("access-control-request-method", "POST")
        .header("access-control-request-headers", "authorization,content-type,x-amz-date,x-amz-security-token,x-amz-target")
        .send()
        .await
        .unwrap()
}

pub mod accounts;
