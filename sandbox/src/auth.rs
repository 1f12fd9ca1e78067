//! Who is calling: the SigV4 check shared by KMS and STS, which differ only in their clock
//! tolerance and in how they word the refusals (see `kms::auth_fault` and `sts::auth_fault`).

use crate::sigv4::{parse_authorization, verify, Rejection, SignedRequest};
use crate::world::World;

#[derive(Debug, Clone)]
pub struct Caller {
    pub access_key_id: String,
    pub account_id: String,
    pub arn: String,
    /// From the credential scope: the Region the request was signed for.
    pub region: String,
    /// Signed with a session token (temporary credentials).
    pub temporary: bool,
    /// The identity policy of the credentials or the role session (`None`: allowed everything).
    pub policy: Option<serde_json::Value>,
}

#[derive(Debug, PartialEq, Eq)]
pub enum AuthError {
    MissingAuthentication,
    Incomplete(String),
    /// Unknown access key, or a session token that is missing or wrong.
    UnrecognizedClient,
    /// The credentials are past their expiration.
    ExpiredToken,
    Signature(String),
    /// The request was signed too far from the server's clock.
    SignatureExpired(String),
    WrongService(String),
}

pub fn authenticate(world: &World, request: &SignedRequest, service: &str, now: i64, max_skew: i64) -> Result<Caller, AuthError> {
    let header = request.header("authorization").ok_or(AuthError::MissingAuthentication)?;
    let auth = parse_authorization(header).map_err(rejection)?;
    let principal = world.principals.get(&auth.access_key_id).ok_or(AuthError::UnrecognizedClient)?;
    if principal.session_token.as_deref() != request.header("x-amz-security-token") {
        return Err(AuthError::UnrecognizedClient);
    }
    // A Region the account has not enabled does not know its credentials at all.
    if world.accounts.get(&principal.account_id).is_some_and(|a| a.disabled_regions.contains(&auth.region)) {
        return Err(AuthError::UnrecognizedClient);
    }
    if auth.service != service {
        return Err(AuthError::WrongService(format!("Credential should be scoped to correct service: '{service}'.")));
    }
    verify(request, &auth, &principal.secret_access_key, now, max_skew).map_err(rejection)?;
    // Checked after the signature, so only the key's owner learns that it expired.
    if principal.expires_at.is_some_and(|at| now >= at) {
        return Err(AuthError::ExpiredToken);
    }
    Ok(Caller {
        access_key_id: auth.access_key_id.clone(),
        account_id: principal.account_id.clone(),
        arn: principal.arn.clone(),
        region: auth.region,
        temporary: principal.session_token.is_some(),
        policy: principal.policy.clone(),
    })
}

fn rejection(r: Rejection) -> AuthError {
    match r {
        Rejection::Incomplete(m) => AuthError::Incomplete(m),
        Rejection::Invalid(m) => AuthError::Signature(m),
        Rejection::Expired(m) => AuthError::SignatureExpired(m),
    }
}
