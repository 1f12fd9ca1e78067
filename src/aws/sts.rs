//! STS over the query protocol (REFERENCE.md section 5): who the credentials belong to, and
//! AssumeRole for reaching other accounts.

pub use super::assume_role::AssumeRoleInput;
use super::assume_role::{assume_role_params, AssumeRoleExtras};
use super::client::SignedSender;
use super::codes;
use super::credentials::Credentials;
use super::error::ServiceError;
use super::http::{HttpRequest, Transport};
pub use super::query::build_query_request;
use super::time::parse_iso8601_ms;
use super::xml::element;

const VERSION: &str = "2011-06-15";

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CallerIdentity {
    pub account: String,
    pub arn: String,
    pub user_id: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AssumedRole {
    pub credentials: Credentials,
    pub arn: String,
}

pub fn build_request(endpoint_url: &str, action: &str, params: &[(&str, &str)]) -> HttpRequest {
    build_query_request(endpoint_url, VERSION, action, params)
}

pub fn parse_caller_identity(xml: &str) -> Option<CallerIdentity> {
    Some(CallerIdentity { account: element(xml, "Account")?, arn: element(xml, "Arn")?, user_id: element(xml, "UserId").unwrap_or_default() })
}

/// The `Credentials` and `AssumedRoleUser/Arn` of an AssumeRole answer.
pub fn parse_assume_role(xml: &str) -> Option<AssumedRole> {
    let creds = element(xml, "Credentials")?;
    let mut credentials =
        Credentials::from_fields(&element(&creds, "AccessKeyId")?, &element(&creds, "SecretAccessKey")?, &element(&creds, "SessionToken")?).ok()?;
    credentials.expires_at_ms = parse_iso8601_ms(&element(&creds, "Expiration")?);
    Some(AssumedRole { credentials, arn: element(&element(xml, "AssumedRoleUser")?, "Arn")? })
}

#[derive(Debug, Clone)]
pub struct StsClient<T> {
    sender: SignedSender<T>,
    endpoint_url: String,
}

impl<T: Transport> StsClient<T> {
    pub fn new(sender: SignedSender<T>, endpoint_url: impl Into<String>) -> Self {
        Self { sender, endpoint_url: endpoint_url.into() }
    }

    async fn call(&self, action: &str, params: &[(&str, &str)]) -> Result<String, ServiceError> {
        let response = self.sender.send("sts", build_request(&self.endpoint_url, action, params)).await?;
        if response.status != 200 {
            return Err(ServiceError::from_xml_response(&response));
        }
        Ok(response.body)
    }

    pub async fn get_caller_identity(&self) -> Result<CallerIdentity, ServiceError> {
        let xml = self.call("GetCallerIdentity", &[]).await?;
        parse_caller_identity(&xml).ok_or_else(|| ServiceError::client("STS answered GetCallerIdentity without Account and Arn."))
    }

    pub async fn assume_role(&self, input: &AssumeRoleInput) -> Result<AssumedRole, ServiceError> {
        self.assume_role_with(input, &AssumeRoleExtras::default()).await
    }

    /// AssumeRole with an MFA code and a session length; see [`assume_role_params`].
    pub async fn assume_role_with(&self, input: &AssumeRoleInput, extras: &AssumeRoleExtras) -> Result<AssumedRole, ServiceError> {
        let params = assume_role_params(input, extras);
        let params: Vec<(&str, &str)> = params.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let xml = self.call("AssumeRole", &params).await?;
        parse_assume_role(&xml).ok_or_else(|| ServiceError::client("STS answered AssumeRole without usable credentials."))
    }
}

/// Why STS refused credentials at sign-in, in words that say what to do.
/// Whether STS (or the service) refused the credentials themselves, as opposed to not answering,
/// answering something unreadable, or being busy: only a refusal makes a remembered copy useless.
pub fn refuses_credentials(error: &ServiceError) -> bool {
    matches!(error.kind, crate::aws::error::ErrorKind::Service(_)) && crate::aws::retry::classify(error) == crate::aws::retry::Retry::No
}

pub fn explain_refusal(error: &ServiceError, credentials: &Credentials) -> String {
    let detail = error.to_string();
    let advice = match error.code() {
        "SignatureDoesNotMatch" => "The secret access key does not belong to this access key ID. Copy the whole secret again.".to_owned(),
        "InvalidClientTokenId" if credentials.session_token.is_none() && credentials.access_key_id.starts_with("ASIA") => {
            "This access key ID is a temporary one (ASIA…), so it needs its session token: paste the session token too.".to_owned()
        }
        "InvalidClientTokenId" => "AWS does not recognise these credentials: the session token may be missing, cut off, or belong to other keys.".to_owned(),
        code if codes::is_expired_token(code) => {
            "These credentials have expired. Get new ones (for example with aws sts get-session-token) and sign in again.".to_owned()
        }
        "NetworkError" => "STS did not answer. Check the endpoint URL and your network; a VPC endpoint or the sandbox must be running.".to_owned(),
        _ => "STS refused to confirm who these credentials belong to.".to_owned(),
    };
    format!("{advice} ({detail})")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::aws::error::ErrorKind;

    #[test]
    fn only_an_answer_that_refuses_the_credentials_counts_as_a_refusal() {
        let err = |code: &str, status| ServiceError { kind: ErrorKind::Service(code.into()), message: "m".into(), request_id: None, status: Some(status) };
        assert!(refuses_credentials(&err("ExpiredToken", 403)));
        assert!(refuses_credentials(&err("InvalidClientTokenId", 403)));
        assert!(!refuses_credentials(&err("Throttling", 400)));
        assert!(!refuses_credentials(&err("ServiceUnavailable", 503)));
        assert!(!refuses_credentials(&ServiceError::network(crate::aws::http::TransportError("gone".into()))));
        assert!(!refuses_credentials(&ServiceError::client("this computer's clock is 6 h behind")));
    }

    #[test]
    fn refusals_are_explained_by_cause() {
        let err = |code: &str| ServiceError { kind: ErrorKind::Service(code.into()), message: "m".into(), request_id: Some("r".into()), status: Some(403) };
        let temp = Credentials::from_fields("ASIAEXAMPLEFAKE00001", "s", "t").unwrap();
        let no_token = Credentials::from_fields("ASIAEXAMPLEFAKE00001", "s", "").unwrap();
        assert!(explain_refusal(&err("SignatureDoesNotMatch"), &temp).starts_with("The secret access key does not belong"));
        assert!(explain_refusal(&err("InvalidClientTokenId"), &no_token).contains("needs its session token"));
        assert!(explain_refusal(&err("InvalidClientTokenId"), &temp).contains("session token may be missing"));
        let expired = explain_refusal(&err("ExpiredToken"), &temp);
        assert!(expired.starts_with("These credentials have expired") && expired.ends_with("(ExpiredToken: m (request id r))"), "{expired}");
    }

    #[test]
    fn requests_are_form_encoded() {
        let r =
            build_request("https://sts.us-east-1.amazonaws.com/", "AssumeRole", &[("RoleArn", "arn:aws:iam::123456789012:role/R"), ("RoleSessionName", "a b")]);
        assert_eq!(r.body, "Action=AssumeRole&Version=2011-06-15&RoleArn=arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2FR&RoleSessionName=a%20b");
        assert_eq!(r.headers, [("content-type".to_string(), "application/x-www-form-urlencoded; charset=utf-8".to_string())]);
    }

    #[test]
    fn identity_and_assumed_role_are_read_from_xml() {
        let who = "<GetCallerIdentityResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><GetCallerIdentityResult>\
                   <Arn>arn:aws:iam::123456789012:user/Alice</Arn><UserId>AIDAEXAMPLE</UserId><Account>123456789012</Account>\
                   </GetCallerIdentityResult><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></GetCallerIdentityResponse>";
        let id = parse_caller_identity(who).unwrap();
        assert_eq!((id.account.as_str(), id.arn.as_str()), ("123456789012", "arn:aws:iam::123456789012:user/Alice"));
        assert_eq!(parse_caller_identity("<x/>"), None);

        let assumed = "<AssumeRoleResponse><AssumeRoleResult><Credentials><AccessKeyId>ASIAEXAMPLEFAKE00001</AccessKeyId>\
                       <SecretAccessKey>fake/secret</SecretAccessKey><SessionToken>fake-token</SessionToken>\
                       <Expiration>2026-11-29T18:00:00Z</Expiration></Credentials><AssumedRoleUser><AssumedRoleId>AROA:s</AssumedRoleId>\
                       <Arn>arn:aws:sts::444455556666:assumed-role/R/s</Arn></AssumedRoleUser></AssumeRoleResult></AssumeRoleResponse>";
        let role = parse_assume_role(assumed).unwrap();
        assert_eq!(role.credentials.access_key_id, "ASIAEXAMPLEFAKE00001");
        assert_eq!(role.credentials.expires_at_ms, Some(1_795_975_200_000));
        assert_eq!(role.arn, "arn:aws:sts::444455556666:assumed-role/R/s");
        assert_eq!(parse_assume_role("<AssumeRoleResponse/>"), None);
    }
}
