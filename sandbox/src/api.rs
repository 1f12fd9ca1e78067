//! What the sandbox's four awsJson services share: routing by `X-Amz-Target`, content types and
//! signing names, the error body, and the refusals every AWS front end words the same way
//! (authentication, deny lists, bodies that are not JSON).

use crate::auth::{authenticate, AuthError, Caller};
use crate::model::ServiceShapes;
use crate::sigv4::{SignedRequest, KMS_MAX_SKEW_SECONDS};
use crate::world::World;
use crate::{cloudhsm, cloudtrail, cloudwatch, kms, model, organizations};
use serde_json::{json, Value};
use std::time::Instant;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Api {
    Kms,
    CloudHsm,
    CloudWatch,
    CloudTrail,
    Organizations,
}

impl Api {
    pub const ALL: [Api; 5] = [Api::Kms, Api::CloudHsm, Api::CloudWatch, Api::CloudTrail, Api::Organizations];

    pub fn target_prefix(self) -> &'static str {
        match self {
            Api::Kms => "TrentService.",
            Api::CloudHsm => "BaldrApiService.",
            Api::CloudWatch => "GraniteServiceVersion20100801.",
            Api::CloudTrail => "com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.",
            Api::Organizations => "AWSOrganizationsV20161128.",
        }
    }

    /// The service an `X-Amz-Target` is for, and the operation it names. A prefix no service
    /// has goes to KMS with no operation, which answers UnknownOperationException (as before).
    pub fn route(target: &str) -> (Api, &str) {
        Self::ALL.iter().find_map(|api| target.strip_prefix(api.target_prefix()).map(|op| (*api, op))).unwrap_or((Api::Kms, ""))
    }

    /// The SigV4 service name; also the service's name in the request log and in the
    /// `refuse_browsers` fault.
    pub fn name(self) -> &'static str {
        match self {
            Api::Kms => "kms",
            Api::CloudHsm => "cloudhsm",
            Api::CloudWatch => "monitoring",
            Api::CloudTrail => "cloudtrail",
            Api::Organizations => "organizations",
        }
    }

    /// CloudWatch speaks awsJson 1.0; the others 1.1.
    pub fn content_type(self) -> &'static str {
        match self {
            Api::CloudWatch => "application/x-amz-json-1.0",
            _ => "application/x-amz-json-1.1",
        }
    }

    /// The IAM action prefix, as deny lists and AccessDenied messages write it.
    pub fn iam_prefix(self) -> &'static str {
        match self {
            Api::CloudWatch => "cloudwatch",
            other => other.name(),
        }
    }

    pub fn model(self) -> &'static ServiceShapes {
        match self {
            Api::Kms => model::kms(),
            Api::CloudHsm => model::cloudhsmv2(),
            Api::CloudWatch => model::cloudwatch(),
            Api::CloudTrail => model::cloudtrail(),
            Api::Organizations => model::organizations(),
        }
    }
}

/// An awsJson error: its type, message and HTTP status.
#[derive(Debug, PartialEq, Eq)]
pub struct JsonFault {
    pub status: u16,
    pub error_type: String,
    pub message: String,
    /// CloudWatch speaks awsJson but keeps its awsQuery error codes: it sends them as
    /// `x-amzn-query-error: Code;Sender` beside the shape name in `__type`.
    pub query_error: Option<String>,
    /// Members beside the message that the error's shape has (Organizations' `Reason`).
    pub extra: Vec<(&'static str, String)>,
}

impl JsonFault {
    pub fn new(error_type: &str, message: impl Into<String>) -> Self {
        let status = if error_type.contains("Internal") { 500 } else { 400 };
        Self { status, error_type: error_type.to_owned(), message: message.into(), query_error: None, extra: Vec::new() }
    }

    /// With CloudWatch's awsQuery-compatible code.
    pub fn query(error_type: &str, code: &str, message: impl Into<String>) -> Self {
        Self { query_error: Some(format!("{code};Sender")), ..Self::new(error_type, message) }
    }

    pub fn with(mut self, member: &'static str, value: impl Into<String>) -> Self {
        self.extra.push((member, value.into()));
        self
    }

    /// CloudHSM's model names its own errors' message member `Message`, Organizations' model all
    /// of them; the others `message`.
    pub fn body_for(&self, api: Api) -> String {
        let mut body = json!({ "__type": self.error_type });
        let member = if api == Api::Organizations || self.error_type.starts_with("CloudHsm") { "Message" } else { "message" };
        body[member] = json!(self.message);
        for (k, v) in &self.extra {
            body[*k] = json!(v);
        }
        body.to_string()
    }
}

pub type Output = Result<Value, JsonFault>;

/// What a request was, for the log.
#[derive(Debug, Default)]
pub struct Seen {
    pub operation: String,
    pub caller: Option<Caller>,
    /// The custom key store the request was about, when it names one.
    pub store_id: Option<String>,
}

/// One request as a service sees it.
pub struct Call<'a> {
    pub request: &'a SignedRequest<'a>,
    /// Epoch seconds on the sandbox's clock.
    pub now: i64,
    pub instant: Instant,
    pub request_id: &'a str,
    /// The caller's address, as CloudTrail records it.
    pub source_ip: String,
}

impl Call<'_> {
    pub fn user_agent(&self) -> &str {
        self.request.header("user-agent").unwrap_or("")
    }
}

/// Every service first learns who calls (as the service words a refusal), then serves.
pub fn handle(world: &mut World, api: Api, operation: &str, call: &Call) -> (Output, Seen) {
    let mut seen = Seen { operation: operation.to_owned(), ..Seen::default() };
    let caller = match caller(world, api, call) {
        Ok(c) => c,
        Err(e) => return (Err(e), seen),
    };
    let result = match api {
        Api::Kms => kms::serve(world, &caller, operation, call, &mut seen),
        Api::CloudHsm => cloudhsm::serve(world, &caller, operation, call),
        Api::CloudWatch => cloudwatch::serve(world, &caller, operation, call, &mut seen.store_id),
        Api::CloudTrail => cloudtrail::serve(world, &caller, operation, call),
        Api::Organizations => organizations::serve(world, &caller, operation, call),
    };
    seen.caller = Some(caller);
    (result, seen)
}

/// The caller, checked for `api` with KMS's 5 minutes of clock tolerance (which these services share).
pub fn caller(world: &World, api: Api, call: &Call) -> Result<Caller, JsonFault> {
    authenticate(world, call.request, api.name(), call.now, KMS_MAX_SKEW_SECONDS).map_err(auth_fault)
}

/// How AWS's JSON front ends word a caller they cannot accept.
fn auth_fault(e: AuthError) -> JsonFault {
    match e {
        AuthError::MissingAuthentication => JsonFault::new("MissingAuthenticationTokenException", "Missing Authentication Token"),
        AuthError::Incomplete(m) => JsonFault::new("IncompleteSignatureException", m),
        AuthError::UnrecognizedClient => JsonFault::new("UnrecognizedClientException", "The security token included in the request is invalid."),
        AuthError::ExpiredToken => JsonFault::new("ExpiredTokenException", "The security token included in the request is expired"),
        AuthError::Signature(m) | AuthError::SignatureExpired(m) | AuthError::WrongService(m) => JsonFault::new("InvalidSignatureException", m),
    }
}

/// The account's deny list names `<prefix>:<operation>`, or the caller's identity policy does
/// not allow it on `resource` (`policy`): refused as the service refuses it.
pub fn check_denied(world: &World, api: Api, caller: &Caller, operation: &str, resource: &str) -> Result<(), JsonFault> {
    check_denied_on(world, api, caller, operation, resource, resource)
}

/// [`check_denied`] where the deny list names one resource and the identity policy is evaluated
/// on another (KMS's deny list names the account's KMS, a policy sees DescribeKey's key).
pub fn check_denied_on(world: &World, api: Api, caller: &Caller, operation: &str, resource: &str, policy_resource: &str) -> Result<(), JsonFault> {
    let action = format!("{}:{operation}", api.iam_prefix());
    let message = if world.accounts.get(&caller.account_id).is_some_and(|a| a.deny.contains(&action)) {
        format!(
            "User: {} is not authorized to perform: {action} on resource: {resource} because no identity-based policy allows the {action} action",
            caller.arn
        )
    } else {
        match crate::policy::refusal(caller.policy.as_ref(), &caller.arn, &action, policy_resource) {
            Some(message) => message,
            None => return Ok(()),
        }
    };
    let error = if api == Api::CloudHsm { "CloudHsmAccessDeniedException" } else { "AccessDeniedException" };
    Err(match api {
        Api::CloudWatch => JsonFault::query(error, "AccessDenied", message),
        _ => JsonFault::new(error, message),
    })
}

/// The body as a JSON object (an empty body counts as `{}`, as AWS's JSON services take it).
pub fn json_body(body: &[u8]) -> Result<Value, JsonFault> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(json!({}));
    }
    match serde_json::from_slice::<Value>(body) {
        Ok(v) if v.is_object() => Ok(v),
        _ => Err(JsonFault::new("SerializationException", "The request body is not a JSON object.")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets_route_by_prefix() {
        assert_eq!(Api::route("TrentService.ListKeys"), (Api::Kms, "ListKeys"));
        assert_eq!(Api::route("BaldrApiService.DescribeClusters"), (Api::CloudHsm, "DescribeClusters"));
        assert_eq!(Api::route("GraniteServiceVersion20100801.GetMetricData"), (Api::CloudWatch, "GetMetricData"));
        assert_eq!(Api::route("com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.LookupEvents"), (Api::CloudTrail, "LookupEvents"));
        assert_eq!(Api::route("AWSOrganizationsV20161128.ListAccounts"), (Api::Organizations, "ListAccounts"));
        assert_eq!(Api::route("Nonsense.Op"), (Api::Kms, ""));
        for api in Api::ALL {
            let meta = &api.model().operations;
            assert!(!meta.is_empty(), "{api:?}");
        }
    }

    #[test]
    fn error_bodies_follow_each_model() {
        assert_eq!(JsonFault::new("KMSInternalException", "x").status, 500);
        let hsm: Value = serde_json::from_str(&JsonFault::new("CloudHsmInvalidRequestException", "bad").body_for(Api::CloudHsm)).unwrap();
        assert_eq!(hsm, json!({"__type": "CloudHsmInvalidRequestException", "Message": "bad"}));
        let cw = JsonFault::query("InvalidParameterValueException", "InvalidParameterValue", "bad");
        assert_eq!(cw.query_error.as_deref(), Some("InvalidParameterValue;Sender"));
        let org: Value =
            serde_json::from_str(&JsonFault::new("InvalidInputException", "bad").with("Reason", "MAX_VALUE_EXCEEDED").body_for(Api::Organizations)).unwrap();
        assert_eq!(org, json!({"__type": "InvalidInputException", "Message": "bad", "Reason": "MAX_VALUE_EXCEEDED"}));
    }
}
