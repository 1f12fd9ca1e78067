//! From a member account to the `AssumeRole` call that reaches it, and a failed call in one of its
//! scopes put into words. The call itself is `StsClient::assume_role_with` with the hub's
//! credentials; the answer's credentials then sign that account's calls in each of its Regions.

use super::accounts::MemberAccount;
use super::Scope;
use crate::aws::assume_role::AssumeRoleInput;
use crate::aws::assume_role::{session_seconds, validate, AssumeRoleExtras, MfaCode, DEFAULT_SESSION_NAME};
use crate::aws::codes;
use crate::aws::error::ServiceError;

/// Whether assuming this account's role needs a code typed from the MFA device first.
pub fn needs_mfa_code(account: &MemberAccount) -> bool {
    account.mfa_serial.is_some()
}

/// The call that reaches `account` from the hub (`hub_arn`, GetCallerIdentity's `Arn`): its own
/// session name or the console's, its external ID, the MFA code when its profile names a device,
/// and its session length, held to an hour when the hub is itself a role session.
pub fn assume_request(account: &MemberAccount, hub_arn: &str, mfa_code: Option<&str>) -> Result<(AssumeRoleInput, AssumeRoleExtras), String> {
    let mfa = match (&account.mfa_serial, mfa_code.map(str::trim).filter(|c| !c.is_empty())) {
        (Some(serial), Some(code)) => Some(MfaCode { serial_number: serial.clone(), token_code: code.to_owned() }),
        (Some(serial), None) => return Err(format!("The role for {} asks for a code from the MFA device {serial}.", account.display_name())),
        (None, _) => None,
    };
    let input = AssumeRoleInput {
        role_arn: account.role_arn.to_string(),
        session_name: account.session_name.clone().unwrap_or_else(|| DEFAULT_SESSION_NAME.to_owned()),
        external_id: account.external_id.clone(),
    };
    let extras = AssumeRoleExtras { mfa, duration_seconds: session_seconds(account.duration_seconds, hub_arn) };
    validate(&input, &extras)?;
    Ok((input, extras))
}

/// Why a call in a member scope failed, where the scope explains it better than the service's
/// words: an opt-in Region not enabled for the account answers as if it did not know the
/// credentials. `None`: show the error as it is.
pub fn explain_scope_error(error: &ServiceError, scope: &Scope) -> Option<String> {
    match error.code() {
        "UnrecognizedClientException" | "InvalidClientTokenId" => Some(format!(
            "Region not enabled in this account: {} answers account {} as if it did not know its credentials, which is what an opt-in Region does until the account enables it.",
            scope.region, scope.account_id
        )),
        code if codes::is_expired_token(code) => Some(format!("The role session in account {} has expired: assume its role again to go on.", scope.account_id)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::aws::error::ErrorKind;
    use crate::aws::iam::RoleArn;

    fn account() -> MemberAccount {
        MemberAccount {
            external_id: Some("pay-2026".into()),
            duration_seconds: Some(14_400),
            ..MemberAccount::new(RoleArn::parse("arn:aws:iam::444455556666:role/Ops").unwrap())
        }
    }

    #[test]
    fn the_call_carries_what_the_account_configured() {
        let (input, extras) = assume_request(&account(), "arn:aws:iam::111122223333:user/alice", None).unwrap();
        assert_eq!(
            input,
            AssumeRoleInput { role_arn: "arn:aws:iam::444455556666:role/Ops".into(), session_name: "cks-console".into(), external_id: Some("pay-2026".into()) }
        );
        assert_eq!(extras, AssumeRoleExtras { mfa: None, duration_seconds: Some(14_400) });
        let chained = assume_request(&account(), "arn:aws:sts::111122223333:assumed-role/Hub/alice", None).unwrap();
        assert_eq!(chained.1.duration_seconds, Some(3600), "role chaining: an hour at most");
    }

    #[test]
    fn an_mfa_profile_needs_its_code() {
        let mfa = MemberAccount { mfa_serial: Some("arn:aws:iam::111122223333:mfa/alice".into()), session_name: Some("alice".into()), ..account() };
        assert!(needs_mfa_code(&mfa) && !needs_mfa_code(&account()));
        assert!(assume_request(&mfa, "h", Some(" ")).unwrap_err().contains("asks for a code from the MFA device arn:aws:iam::111122223333:mfa/alice"));
        assert!(assume_request(&mfa, "h", Some("12a456")).unwrap_err().contains("six digits"));
        let (input, extras) = assume_request(&mfa, "h", Some(" 123456 ")).unwrap();
        assert_eq!((input.session_name.as_str(), extras.mfa.unwrap().token_code.as_str()), ("alice", "123456"));
    }

    #[test]
    fn an_opt_in_region_is_named_as_such() {
        let err = |code: &str| ServiceError { kind: ErrorKind::Service(code.into()), message: String::new(), request_id: None, status: Some(400) };
        let scope = Scope::new("444455556666", "me-south-1");
        assert!(explain_scope_error(&err("UnrecognizedClientException"), &scope).unwrap().starts_with("Region not enabled in this account: me-south-1"));
        assert!(explain_scope_error(&err("ExpiredTokenException"), &scope).unwrap().contains("assume its role again"));
        assert_eq!(explain_scope_error(&err("AccessDeniedException"), &scope), None);
    }
}
