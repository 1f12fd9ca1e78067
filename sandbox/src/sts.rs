//! STS over the query protocol (form-encoded POST, XML answers): GetCallerIdentity, and
//! GetSessionToken and AssumeRole issuing temporary credentials that the sandbox then honours.

use crate::auth::{authenticate, AuthError, Caller};
use crate::clock::format_iso8601;
use crate::model;
use crate::sigv4::{SignedRequest, STS_MAX_SKEW_SECONDS};
use crate::world::{Principal, World};
use serde_json::{Map, Value};
use std::collections::BTreeMap;

pub const NAMESPACE: &str = "https://sts.amazonaws.com/doc/2011-06-15/";

/// The longest session a role chain gets (REFERENCE.md section 9).
pub const CHAINED_SESSION_SECONDS: i64 = 3600;

pub struct StsFault {
    pub status: u16,
    pub code: String,
    pub message: String,
}

pub(crate) fn fault(status: u16, code: &str, message: impl Into<String>) -> StsFault {
    StsFault { status, code: code.to_owned(), message: message.into() }
}

impl StsFault {
    pub fn body(&self, request_id: &str) -> String {
        self.body_in(NAMESPACE, request_id)
    }

    /// The query protocol's error document, in a service's XML namespace (IAM shares the form).
    pub fn body_in(&self, namespace: &str, request_id: &str) -> String {
        let kind = if self.status >= 500 { "Receiver" } else { "Sender" };
        format!(
            "<ErrorResponse xmlns=\"{namespace}\">\n  <Error>\n    <Type>{kind}</Type>\n    <Code>{}</Code>\n    <Message>{}</Message>\n  </Error>\n  <RequestId>{request_id}</RequestId>\n</ErrorResponse>\n",
            escape(&self.code),
            escape(&self.message)
        )
    }
}

pub fn escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;").replace('\'', "&apos;")
}

/// Handles one STS request; returns the XML body or a fault, and (action, caller) for the log.
pub fn handle(world: &mut World, request: &SignedRequest, now: i64, request_id: &str) -> (Result<String, StsFault>, (String, Option<Caller>)) {
    let params = params(request);
    let action = params.get("Action").cloned().unwrap_or_default();
    let caller = match authenticate(world, request, "sts", now, STS_MAX_SKEW_SECONDS) {
        Ok(c) => c,
        Err(e) => return (Err(auth_fault(e)), (action, None)),
    };
    let result = call(world, &caller, &action, &params, now).map(|result| {
        format!(
            "<{action}Response xmlns=\"{NAMESPACE}\">\n  <{action}Result>\n{result}  </{action}Result>\n  <ResponseMetadata>\n    <RequestId>{request_id}</RequestId>\n  </ResponseMetadata>\n</{action}Response>\n"
        )
    });
    (result, (action, Some(caller)))
}

fn call(world: &mut World, caller: &Caller, action: &str, params: &BTreeMap<String, String>, now: i64) -> Result<String, StsFault> {
    let Some(op) = model::sts().operations.get(action) else {
        return Err(fault(400, "InvalidAction", format!("Could not find operation {action} for version 2011-06-15")));
    };
    if params.get("Version").map(String::as_str) != Some("2011-06-15") {
        return Err(fault(400, "InvalidParameterValue", "Version must be 2011-06-15."));
    }
    if world.accounts.get(&caller.account_id).is_some_and(|a| a.deny.iter().any(|d| d == &format!("sts:{action}"))) {
        return Err(denied(caller, action, "*"));
    }
    // GetCallerIdentity needs no permission; AssumeRole needs sts:AssumeRole on the role.
    if action == "AssumeRole" {
        let role_arn = params.get("RoleArn").map(String::as_str).unwrap_or_default();
        if let Some(message) = crate::policy::refusal(caller.policy.as_ref(), &caller.arn, "sts:AssumeRole", role_arn) {
            return Err(fault(403, "AccessDenied", message));
        }
    }
    let input = typed_input(model::sts(), op.input.as_deref().unwrap_or_default(), params)?;
    match action {
        "GetCallerIdentity" => Ok(elements(&[("Arn", caller.arn.clone()), ("UserId", user_id(caller)), ("Account", caller.account_id.clone())])),
        "GetSessionToken" => {
            if caller.temporary {
                return Err(fault(403, "AccessDenied", "Cannot call GetSessionToken with session credentials"));
            }
            let duration = input.get("DurationSeconds").and_then(Value::as_i64).unwrap_or(43_200);
            let principal = Principal {
                account_id: caller.account_id.clone(),
                arn: caller.arn.clone(),
                secret_access_key: String::new(),
                session_token: None,
                expires_at: Some(now + duration),
                policy: caller.policy.clone(),
            };
            Ok(format!("    <Credentials>\n{}    </Credentials>\n", issue(world, principal)))
        }
        "AssumeRole" => assume_role(world, caller, &input, now),
        _ => Err(fault(400, "InvalidAction", format!("The sandbox does not implement {action}."))),
    }
}

fn assume_role(world: &mut World, caller: &Caller, input: &Map<String, Value>, now: i64) -> Result<String, StsFault> {
    let role_arn = input.get("RoleArn").and_then(Value::as_str).unwrap_or_default();
    let session = input.get("RoleSessionName").and_then(Value::as_str).unwrap_or_default();
    let (account, name) = role_arn
        .strip_prefix("arn:aws:iam::")
        .and_then(|rest| rest.split_once(":role/"))
        .ok_or_else(|| fault(400, "ValidationError", format!("{role_arn} is not a valid role ARN.")))?;
    let role = world.accounts.get(account).and_then(|a| a.roles.iter().find(|r| r.name == name)).ok_or_else(|| denied(caller, "AssumeRole", role_arn))?;
    let text = |member: &str| input.get(member).and_then(Value::as_str);
    // The trust policy's principals, external id and MFA condition: AWS words every miss alike.
    let mfa_ok = role.mfa_serial.as_deref().is_none_or(|serial| text("SerialNumber") == Some(serial) && text("TokenCode") == Some(role.mfa_code()));
    if !role.trusts(&caller.account_id, &caller.arn) || role.external_id.as_deref() != text("ExternalId") || !mfa_ok {
        return Err(denied(caller, "AssumeRole", role_arn));
    }
    let mut duration = input.get("DurationSeconds").and_then(Value::as_i64).unwrap_or(3600);
    if duration > i64::from(role.max_session_duration) {
        return Err(fault(400, "ValidationError", "The requested DurationSeconds exceeds the MaxSessionDuration set for this role."));
    }
    // Role chaining (role credentials assuming a role) lasts an hour at most, whatever was asked.
    if caller.arn.contains(":assumed-role/") {
        duration = duration.min(CHAINED_SESSION_SECONDS);
    }
    if let Some(seconds) = role.test_session_seconds {
        duration = i64::from(seconds);
    }
    let arn = format!("arn:aws:sts::{account}:assumed-role/{name}/{session}");
    let policy = role.policy.clone();
    let role_id = format!("AROA{}", world.random_hex(17).to_uppercase());
    let principal = Principal {
        account_id: account.to_owned(),
        arn: arn.clone(),
        secret_access_key: String::new(),
        session_token: None,
        expires_at: Some(now + duration),
        policy,
    };
    let credentials = issue(world, principal);
    Ok(format!(
        "    <Credentials>\n{credentials}    </Credentials>\n    <AssumedRoleUser>\n  {}  </AssumedRoleUser>\n",
        elements(&[("AssumedRoleId", format!("{role_id}:{session}")), ("Arn", arn)])
    ))
}

/// New temporary credentials for `principal`, remembered so the sandbox accepts them until they expire.
fn issue(world: &mut World, mut principal: Principal) -> String {
    let access_key_id = format!("ASIA{}", world.random_hex(16).to_uppercase());
    principal.secret_access_key = world.random_hex(40);
    principal.session_token = Some(format!("sandbox-session-{}", world.random_hex(96)));
    let xml = elements(&[
        ("AccessKeyId", access_key_id.clone()),
        ("SecretAccessKey", principal.secret_access_key.clone()),
        ("SessionToken", principal.session_token.clone().unwrap_or_default()),
        ("Expiration", format_iso8601(principal.expires_at.unwrap_or_default())),
    ]);
    world.principals.insert(access_key_id, principal);
    xml
}

pub(crate) fn elements(pairs: &[(&str, String)]) -> String {
    pairs.iter().map(|(k, v)| format!("    <{k}>{}</{k}>\n", escape(v))).collect()
}

fn user_id(caller: &Caller) -> String {
    match caller.arn.rsplit_once('/') {
        Some((_, session)) if caller.arn.contains(":assumed-role/") => format!("AROA{}:{session}", &caller.access_key_id[4..]),
        _ => format!("AIDA{}", &caller.access_key_id[4..]),
    }
}

fn denied(caller: &Caller, action: &str, resource: &str) -> StsFault {
    fault(403, "AccessDenied", format!("User: {} is not authorized to perform: sts:{action} on resource: {resource}", caller.arn))
}

/// A query request's parameters, from the form body and the URL.
pub(crate) fn params(request: &SignedRequest) -> BTreeMap<String, String> {
    form_urlencoded::parse(request.body).chain(form_urlencoded::parse(request.query.as_bytes())).map(|(k, v)| (k.into_owned(), v.into_owned())).collect()
}

/// Query parameters typed by the model's input shape, then validated against it.
pub(crate) fn typed_input(shapes: &model::ServiceShapes, shape: &str, params: &BTreeMap<String, String>) -> Result<Map<String, Value>, StsFault> {
    let mut input = Map::new();
    for (member, target) in &shapes.shapes[shape].members {
        if let Some(raw) = params.get(member) {
            let value = match shapes.shapes[target].kind.as_str() {
                "integer" => raw.parse::<i64>().map(Value::from).map_err(|_| fault(400, "ValidationError", format!("{member} must be an integer.")))?,
                _ => Value::from(raw.as_str()),
            };
            input.insert(member.clone(), value);
        }
    }
    let value = Value::Object(input);
    model::validate_input(shapes, shape, &value).map_err(|e| fault(400, "ValidationError", e.unwrap_or_else(|| "Malformed input.".into())))?;
    Ok(value.as_object().cloned().unwrap_or_default())
}

/// STS's codes for a caller it cannot accept.
pub(crate) fn auth_fault(e: AuthError) -> StsFault {
    match e {
        AuthError::MissingAuthentication => fault(403, "MissingAuthenticationToken", "Request is missing Authentication Token"),
        AuthError::Incomplete(m) => fault(403, "IncompleteSignature", m),
        AuthError::UnrecognizedClient => fault(403, "InvalidClientTokenId", "The security token included in the request is invalid."),
        AuthError::ExpiredToken => fault(400, "ExpiredToken", "The security token included in the request is expired"),
        AuthError::Signature(m) | AuthError::SignatureExpired(m) | AuthError::WrongService(m) => fault(403, "SignatureDoesNotMatch", m),
    }
}
