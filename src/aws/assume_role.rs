//! What an `AssumeRole` call may carry beyond the role and session name (MFA, session length),
//! checked against the sts model's constraints before anything is sent, and the refusals a user
//! meets put into words (REFERENCE.md section 9). The call itself is `StsClient::assume_role_with`.

use super::codes;
use super::error::ServiceError;

/// The session name the console gives when none is configured: it shows in the member account's
/// CloudTrail, so it says where the calls came from.
/// Which role to assume and as whom; the MFA code and session length travel in [`AssumeRoleExtras`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AssumeRoleInput {
    pub role_arn: String,
    pub session_name: String,
    pub external_id: Option<String>,
}

pub const DEFAULT_SESSION_NAME: &str = "cks-console";
/// Role chaining (assuming a role with role credentials) caps the session at one hour, and asking
/// for more makes the call fail.
pub const ROLE_CHAINING_MAX_SECONDS: u32 = 3600;
pub const MIN_DURATION_SECONDS: u32 = 900;
pub const MAX_DURATION_SECONDS: u32 = 43_200;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MfaCode {
    /// A hardware device's serial number or a virtual device's ARN.
    pub serial_number: String,
    /// Six digits from the device.
    pub token_code: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AssumeRoleExtras {
    pub mfa: Option<MfaCode>,
    pub duration_seconds: Option<u32>,
}

/// `\w` in the model's patterns is ASCII letters, digits and `_`.
fn fits(value: &str, min: usize, max: usize, also: &[u8]) -> bool {
    (min..=max).contains(&value.len()) && value.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_' || also.contains(&b))
}

pub fn check_session_name(name: &str) -> Result<(), String> {
    if fits(name, 2, 64, b"+=,.@-") {
        Ok(())
    } else {
        Err(format!("The session name \"{}\" must be 2 to 64 letters, digits or + = , . @ _ -.", super::iam::shorten(name)))
    }
}

pub fn check_external_id(id: &str) -> Result<(), String> {
    if fits(id, 2, 1224, b"+=,.@:/-") {
        Ok(())
    } else {
        Err("The external ID must be 2 to 1224 letters, digits or + = , . @ : / _ -, with no spaces.".into())
    }
}

pub fn check_mfa_serial(serial: &str) -> Result<(), String> {
    if fits(serial, 9, 256, b"+=/:,.@-") {
        Ok(())
    } else {
        Err(format!("\"{}\" is not an MFA device: give its serial number or its ARN (arn:aws:iam::123456789012:mfa/name).", super::iam::shorten(serial)))
    }
}

pub fn check_duration(seconds: u32) -> Result<(), String> {
    if (MIN_DURATION_SECONDS..=MAX_DURATION_SECONDS).contains(&seconds) {
        Ok(())
    } else {
        Err(format!("A session lasts 900 to 43200 seconds (15 minutes to 12 hours), not {seconds}."))
    }
}

/// Everything the call carries, checked; the first problem in words.
pub fn validate(input: &AssumeRoleInput, extras: &AssumeRoleExtras) -> Result<(), String> {
    super::iam::RoleArn::parse(&input.role_arn)?;
    check_session_name(&input.session_name)?;
    if let Some(id) = &input.external_id {
        check_external_id(id)?;
    }
    if let Some(mfa) = &extras.mfa {
        check_mfa_serial(&mfa.serial_number)?;
        if mfa.token_code.len() != 6 || !mfa.token_code.bytes().all(|b| b.is_ascii_digit()) {
            return Err("The MFA code is the six digits your device shows now.".into());
        }
    }
    extras.duration_seconds.map_or(Ok(()), check_duration)
}

/// The form fields of the call, in the model's member names.
pub fn assume_role_params(input: &AssumeRoleInput, extras: &AssumeRoleExtras) -> Vec<(&'static str, String)> {
    let mut params = vec![("RoleArn", input.role_arn.clone()), ("RoleSessionName", input.session_name.clone())];
    if let Some(id) = &input.external_id {
        params.push(("ExternalId", id.clone()));
    }
    if let Some(mfa) = &extras.mfa {
        params.push(("SerialNumber", mfa.serial_number.clone()));
        params.push(("TokenCode", mfa.token_code.clone()));
    }
    if let Some(seconds) = extras.duration_seconds {
        params.push(("DurationSeconds", seconds.to_string()));
    }
    params
}

/// Whether `caller_arn` (GetCallerIdentity's `Arn`) is a role session: then any role it assumes
/// is role chaining. IAM Identity Center portal credentials are role sessions too.
pub fn is_role_session(caller_arn: &str) -> bool {
    caller_arn.starts_with("arn:")
        && caller_arn.split(':').nth(2) == Some("sts")
        && caller_arn.split(':').nth(5).is_some_and(|r| r.starts_with("assumed-role/"))
}

/// The `DurationSeconds` to ask for: what was configured, but never over an hour when the hub is
/// itself a role session (asking for more would fail the call). `None` lets STS use its default.
pub fn session_seconds(configured: Option<u32>, hub_arn: &str) -> Option<u32> {
    match configured {
        Some(s) if is_role_session(hub_arn) => Some(s.min(ROLE_CHAINING_MAX_SECONDS)),
        other => other,
    }
}

/// Why STS would not let the hub assume the role, and what to check, in our words.
pub fn explain_assume_refusal(error: &ServiceError, input: &AssumeRoleInput, extras: &AssumeRoleExtras, hub_arn: &str) -> String {
    let role = &input.role_arn;
    let trust = format!("Check the role's trust policy: it must trust {hub_arn} or its account");
    let external = match &input.external_id {
        Some(_) => ", and the external ID given must be the one its sts:ExternalId condition expects.",
        None => ". If it asks for an external ID, add the one the account's owner gave you.",
    };
    let advice = match error.code() {
        code if codes::is_access_denied(code) && extras.mfa.is_some() => format!(
            "AWS refused to let {hub_arn} assume {role}. The MFA code may have been mistyped or already replaced by a newer one: wait for the next code and try again. If it still fails: {trust}{external}"
        ),
        code if codes::is_access_denied(code) => {
            format!("AWS refused to let {hub_arn} assume {role}. {trust}{external} If it asks for MFA, add the MFA device and a code.")
        }
        codes::REGION_DISABLED => format!(
            "STS is not activated in this Region for the account asked to issue credentials for {role}. An administrator of that account must activate it in the IAM console."
        ),
        code if codes::is_expired_token(code) => "The hub's own credentials have expired, so no role can be assumed with them. Sign in again with new credentials.".to_owned(),
        "NetworkError" => "STS did not answer. Check the endpoint URL and your network.".to_owned(),
        _ if extras.duration_seconds.is_some() => {
            format!("STS refused to let {hub_arn} assume {role}. Asking for a session longer than the role's maximum session duration also makes the call fail.")
        }
        _ => format!("STS refused to let {hub_arn} assume {role}."),
    };
    format!("{advice} ({error})")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::aws::error::ErrorKind;

    #[cfg(not(target_arch = "wasm32"))]
    #[tokio::test]
    async fn the_call_carries_mfa_and_duration() {
        use crate::aws::client::SignedSender;
        use crate::aws::http::{HttpRequest, HttpResponse, Transport, TransportError};
        use crate::aws::sts::StsClient;
        struct Sts(std::cell::RefCell<String>);
        impl Transport for &Sts {
            fn now_ms(&self) -> u64 {
                1_795_932_000_000
            }
            async fn post(&self, request: HttpRequest) -> Result<HttpResponse, TransportError> {
                *self.0.borrow_mut() = request.body;
                let body = "<ErrorResponse><Error><Code>AccessDenied</Code><Message>no</Message></Error></ErrorResponse>";
                Ok(HttpResponse { status: 403, headers: vec![], body: body.into() })
            }
        }
        let sts = Sts(Default::default());
        let creds = crate::aws::credentials::Credentials::from_fields("ASIAEXAMPLEFAKE0001", "fake", "fake").unwrap();
        let client = StsClient::new(SignedSender::new(&sts, creds, "us-east-1"), "https://sts.us-east-1.amazonaws.com/");
        let extras = AssumeRoleExtras { duration_seconds: Some(900), ..mfa("123456") };
        let e = client.assume_role_with(&input(None), &extras).await.unwrap_err();
        assert_eq!(e.code(), "AccessDenied");
        assert!(
            sts.0.borrow().ends_with("&SerialNumber=arn%3Aaws%3Aiam%3A%3A111122223333%3Amfa%2Falice&TokenCode=123456&DurationSeconds=900"),
            "{}",
            sts.0.borrow()
        );
    }

    fn input(external: Option<&str>) -> AssumeRoleInput {
        AssumeRoleInput {
            role_arn: "arn:aws:iam::444455556666:role/Ops".into(),
            session_name: DEFAULT_SESSION_NAME.into(),
            external_id: external.map(Into::into),
        }
    }

    fn mfa(code: &str) -> AssumeRoleExtras {
        AssumeRoleExtras { mfa: Some(MfaCode { serial_number: "arn:aws:iam::111122223333:mfa/alice".into(), token_code: code.into() }), duration_seconds: None }
    }

    #[test]
    fn every_member_is_sent_in_the_models_names() {
        let extras = AssumeRoleExtras { duration_seconds: Some(1800), ..mfa("123456") };
        let params = assume_role_params(&input(Some("ext-1")), &extras);
        let names: Vec<&str> = params.iter().map(|(k, _)| *k).collect();
        assert_eq!(names, ["RoleArn", "RoleSessionName", "ExternalId", "SerialNumber", "TokenCode", "DurationSeconds"]);
        assert_eq!(params[5].1, "1800");
        assert_eq!(assume_role_params(&input(None), &AssumeRoleExtras::default()).len(), 2);
    }

    #[test]
    fn inputs_are_checked_against_the_model() {
        assert_eq!(validate(&input(Some("ext-1")), &mfa("123456")), Ok(()));
        assert!(validate(&input(None), &mfa("12345")).unwrap_err().contains("six digits"));
        assert!(validate(&input(Some("a b")), &AssumeRoleExtras::default()).unwrap_err().contains("external ID"));
        let long = AssumeRoleInput { session_name: "x".repeat(65), ..input(None) };
        assert!(validate(&long, &AssumeRoleExtras::default()).unwrap_err().contains("session name"));
        let short = AssumeRoleExtras { duration_seconds: Some(899), ..Default::default() };
        assert!(validate(&input(None), &short).unwrap_err().contains("900 to 43200"));
        assert!(check_mfa_serial("short").is_err());
        assert_eq!(check_session_name("a@b.c"), Ok(()));
    }

    #[test]
    fn a_role_session_hub_asks_for_an_hour_at_most() {
        let user = "arn:aws:iam::111122223333:user/alice";
        let role = "arn:aws:sts::111122223333:assumed-role/AWSReservedSSO_Admin_0123/alice";
        assert!(is_role_session(role) && !is_role_session(user) && !is_role_session("nonsense"));
        assert_eq!(session_seconds(Some(43_200), role), Some(3600));
        assert_eq!(session_seconds(Some(43_200), user), Some(43_200));
        assert_eq!(session_seconds(Some(900), role), Some(900));
        assert_eq!(session_seconds(None, role), None, "STS's default is already an hour");
    }

    #[test]
    fn refusals_name_the_role_and_what_to_check() {
        let err = |code: &str| ServiceError { kind: ErrorKind::Service(code.into()), message: "m".into(), request_id: None, status: Some(403) };
        let hub = "arn:aws:iam::111122223333:user/alice";
        let denied = explain_assume_refusal(&err("AccessDenied"), &input(None), &AssumeRoleExtras::default(), hub);
        assert!(denied.contains("assume arn:aws:iam::444455556666:role/Ops") && denied.contains("trust policy"), "{denied}");
        assert!(denied.contains("If it asks for an external ID") && denied.contains("add the MFA device"), "{denied}");
        assert!(denied.ends_with("(AccessDenied: m)"), "{denied}");
        let with_id = explain_assume_refusal(&err("AccessDenied"), &input(Some("x1")), &AssumeRoleExtras::default(), hub);
        assert!(with_id.contains("sts:ExternalId condition"), "{with_id}");
        let code = explain_assume_refusal(&err("AccessDenied"), &input(None), &mfa("123456"), hub);
        assert!(code.contains("MFA code may have been mistyped"), "{code}");
        assert!(
            explain_assume_refusal(&err("RegionDisabledException"), &input(None), &AssumeRoleExtras::default(), hub).contains("not activated in this Region")
        );
        assert!(explain_assume_refusal(&err("ExpiredToken"), &input(None), &AssumeRoleExtras::default(), hub).contains("hub's own credentials have expired"));
    }
}
