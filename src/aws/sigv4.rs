//! SigV4 signing over `aws-sigv4`, with the time passed in: the browser's clock comes from
//! `Date.now()` (wasm has no `SystemTime::now`), and tests pin it.

use super::credentials::Credentials;
use super::http::HttpRequest;
use aws_sigv4::http_request::{sign, SignableBody, SignableRequest, SigningSettings};
use aws_sigv4::sign::v4;
use aws_smithy_runtime_api::client::identity::Identity;
use std::time::{Duration, UNIX_EPOCH};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SigningError(pub String);

/// Adds `x-amz-date`, `x-amz-security-token` (when the credentials have one) and `authorization`
/// to `request`. Every header already on the request is signed, so it must hold only headers the
/// browser sends unchanged; `host` is derived from the URL, as the browser derives it.
pub fn sign_request(request: &mut HttpRequest, credentials: &Credentials, region: &str, service: &str, now_ms: u64) -> Result<(), SigningError> {
    let identity: Identity = aws_credential_types::Credentials::new(
        &credentials.access_key_id,
        &credentials.secret_access_key,
        credentials.session_token.clone(),
        None,
        "cks-console",
    )
    .into();
    let params = v4::SigningParams::builder()
        .identity(&identity)
        .region(region)
        .name(service)
        .time(UNIX_EPOCH + Duration::from_millis(now_ms))
        .settings(SigningSettings::default())
        .build()
        .map_err(|e| SigningError(e.to_string()))?
        .into();
    let signable =
        SignableRequest::new("POST", &request.url, request.headers.iter().map(|(k, v)| (k.as_str(), v.as_str())), SignableBody::Bytes(request.body.as_bytes()))
            .map_err(|e| SigningError(e.to_string()))?;
    let (instructions, _signature) = sign(signable, &params).map_err(|e| SigningError(e.to_string()))?.into_parts();
    let added: Vec<(String, String)> = instructions.headers().map(|(k, v)| (k.to_ascii_lowercase(), v.to_owned())).collect();
    request.headers.extend(added);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The request and expected signature come from `tools/sigv4_vector.py`, which signs the same
    /// request with botocore's `SigV4Auth` (an implementation independent of `aws-sigv4`).
    #[test]
    fn matches_botocore_at_a_fixed_time() {
        let mut request = HttpRequest {
            url: "http://127.0.0.1:9780/".into(),
            headers: vec![("content-type".into(), "application/x-amz-json-1.1".into()), ("x-amz-target".into(), "TrentService.DescribeCustomKeyStores".into())],
            body: r#"{"Limit":100}"#.into(),
        };
        let credentials = Credentials {
            access_key_id: "ASIASANDBOXDEMO00001".into(),
            secret_access_key: "sandbox/demo/secret/FAKE/not/a/real/key00".into(),
            session_token: Some("sandbox-demo-session-token-FAKE".into()),
            expires_at_ms: None,
        };
        // 2026-11-29T06:00:00Z
        sign_request(&mut request, &credentials, "us-east-1", "kms", 1_795_932_000_000).unwrap();
        let header = |name: &str| request.headers.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str());
        assert_eq!(header("x-amz-date"), Some("20261129T060000Z"));
        assert_eq!(header("x-amz-security-token"), Some("sandbox-demo-session-token-FAKE"));
        assert_eq!(header("authorization"), Some(EXPECTED_AUTHORIZATION));
    }

    const EXPECTED_AUTHORIZATION: &str = "AWS4-HMAC-SHA256 \
        Credential=ASIASANDBOXDEMO00001/20261129/us-east-1/kms/aws4_request, \
        SignedHeaders=content-type;host;x-amz-date;x-amz-security-token;x-amz-target, \
        Signature=3a799743e33d87a30c34721beb32b7c542098b85fed2279321f13c7dc55da731";
}
