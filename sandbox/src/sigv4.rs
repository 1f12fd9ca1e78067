//! SigV4 verification written from the published algorithm with `hmac` and `sha2`, sharing no
//! code with the console's signer (`aws-sigv4`), so a mistake in one is caught by the other.

use crate::clock::{format_amz_date, parse_amz_date};
use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};

type HmacSha256 = Hmac<Sha256>;

/// KMS accepts requests signed up to 5 minutes away from its clock; STS 15.
pub const KMS_MAX_SKEW_SECONDS: i64 = 300;
pub const STS_MAX_SKEW_SECONDS: i64 = 900;

/// The request parts that take part in the signature.
pub struct SignedRequest<'a> {
    pub method: &'a str,
    pub path: &'a str,
    pub query: &'a str,
    /// Header names in any case; values as received.
    pub headers: &'a [(String, String)],
    pub body: &'a [u8],
}

/// The fields of an `Authorization: AWS4-HMAC-SHA256 ...` header.
#[derive(Debug, PartialEq, Eq)]
pub struct Authorization {
    pub access_key_id: String,
    pub date: String,
    pub region: String,
    pub service: String,
    pub signed_headers: Vec<String>,
    pub signature: String,
}

/// Why a request was refused, as KMS names it.
#[derive(Debug, PartialEq, Eq)]
pub enum Rejection {
    /// `IncompleteSignatureException`: the header is missing or not well formed.
    Incomplete(String),
    /// `InvalidSignatureException`: the signature does not match.
    Invalid(String),
    /// `InvalidSignatureException` too in KMS, but about the clock: the request time is too far off.
    Expired(String),
}

impl<'a> SignedRequest<'a> {
    pub fn header(&self, name: &str) -> Option<&'a str> {
        self.headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }
}

pub fn parse_authorization(value: &str) -> Result<Authorization, Rejection> {
    let incomplete = |what: &str| Rejection::Incomplete(format!("Authorization header {what}."));
    let rest = value.strip_prefix("AWS4-HMAC-SHA256 ").ok_or_else(|| incomplete("must use AWS4-HMAC-SHA256"))?;
    let mut credential = None;
    let mut signed = None;
    let mut signature = None;
    for part in rest.split(',') {
        let (key, val) = part.trim().split_once('=').ok_or_else(|| incomplete("has a part without '='"))?;
        match key {
            "Credential" => credential = Some(val),
            "SignedHeaders" => signed = Some(val),
            "Signature" => signature = Some(val),
            _ => return Err(incomplete(&format!("has an unknown part {key}"))),
        }
    }
    let scope: Vec<&str> = credential.ok_or_else(|| incomplete("lacks Credential"))?.split('/').collect();
    let [akid, date, region, service, "aws4_request"] = scope[..] else {
        return Err(incomplete("has a malformed credential scope"));
    };
    Ok(Authorization {
        access_key_id: akid.to_owned(),
        date: date.to_owned(),
        region: region.to_owned(),
        service: service.to_owned(),
        signed_headers: signed.ok_or_else(|| incomplete("lacks SignedHeaders"))?.split(';').map(str::to_owned).collect(),
        signature: signature.ok_or_else(|| incomplete("lacks Signature"))?.to_owned(),
    })
}

/// Checks the signature with `secret`, and the request time against `server_now` (epoch seconds)
/// within `max_skew` seconds either way.
pub fn verify(request: &SignedRequest, auth: &Authorization, secret: &str, server_now: i64, max_skew: i64) -> Result<(), Rejection> {
    let amz_date = request.header("x-amz-date").ok_or_else(|| Rejection::Incomplete("X-Amz-Date header is missing.".into()))?;
    let signed_at = parse_amz_date(amz_date).ok_or_else(|| Rejection::Incomplete(format!("X-Amz-Date {amz_date} is not yyyyMMddTHHmmssZ.")))?;
    if !amz_date.starts_with(&auth.date) {
        return Err(Rejection::Invalid("The credential scope date does not match X-Amz-Date.".into()));
    }
    let minutes = max_skew / 60;
    if signed_at < server_now - max_skew {
        return Err(Rejection::Expired(format!(
            "Signature expired: {amz_date} is now earlier than {} ({} - {minutes} min.)",
            format_amz_date(server_now - max_skew),
            format_amz_date(server_now)
        )));
    }
    if signed_at > server_now + max_skew {
        return Err(Rejection::Expired(format!(
            "Signature not yet current: {amz_date} is still later than {} ({} + {minutes} min.)",
            format_amz_date(server_now + max_skew),
            format_amz_date(server_now)
        )));
    }
    for required in ["host", "x-amz-date"] {
        if !auth.signed_headers.iter().any(|h| h == required) {
            return Err(Rejection::Invalid(format!("'{required}' must be a signed header.")));
        }
    }
    let canonical = canonical_request(request, &auth.signed_headers)?;
    let scope = format!("{}/{}/{}/aws4_request", auth.date, auth.region, auth.service);
    let string_to_sign = format!("AWS4-HMAC-SHA256\n{amz_date}\n{scope}\n{}", hex::encode(Sha256::digest(canonical.as_bytes())));
    let mut key = format!("AWS4{secret}").into_bytes();
    for part in [auth.date.as_str(), &auth.region, &auth.service, "aws4_request"] {
        key = hmac(&key, part.as_bytes());
    }
    let expected = hex::encode(hmac(&key, string_to_sign.as_bytes()));
    if constant_time_eq(expected.as_bytes(), auth.signature.as_bytes()) {
        Ok(())
    } else {
        Err(Rejection::Invalid(
            "The request signature we calculated does not match the signature you provided. \
             Check your AWS Secret Access Key and signing method. Consult the service documentation for details."
                .into(),
        ))
    }
}

fn canonical_request(request: &SignedRequest, signed_headers: &[String]) -> Result<String, Rejection> {
    let mut headers = String::new();
    for name in signed_headers {
        let values: Vec<String> =
            request.headers.iter().filter(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.split_whitespace().collect::<Vec<_>>().join(" ")).collect();
        if values.is_empty() {
            return Err(Rejection::Invalid(format!("Signed header {name} is not in the request.")));
        }
        headers.push_str(&format!("{name}:{}\n", values.join(",")));
    }
    let mut query: Vec<(&str, &str)> = request.query.split('&').filter(|p| !p.is_empty()).map(|p| p.split_once('=').unwrap_or((p, ""))).collect();
    query.sort();
    let query = query.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join("&");
    Ok(format!(
        "{}\n{}\n{query}\n{headers}\n{}\n{}",
        request.method,
        if request.path.is_empty() { "/" } else { request.path },
        signed_headers.join(";"),
        hex::encode(Sha256::digest(request.body))
    ))
}

fn hmac(key: &[u8], data: &[u8]) -> Vec<u8> {
    let mut mac = HmacSha256::new_from_slice(key).expect("HMAC takes any key length");
    mac.update(data);
    mac.finalize().into_bytes().to_vec()
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    /// AWS's published SigV4 test suite, case `post-x-www-form-urlencoded`
    /// (credentials AKIDEXAMPLE / wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY, 2015-08-30T12:36:00Z).
    #[test]
    fn accepts_the_aws_test_suite_vector() {
        let headers = vec![
            ("Content-Type".to_string(), "application/x-www-form-urlencoded".to_string()),
            ("Host".to_string(), "example.amazonaws.com".to_string()),
            ("X-Amz-Date".to_string(), "20150830T123600Z".to_string()),
        ];
        let request = SignedRequest { method: "POST", path: "/", query: "", headers: &headers, body: b"Param1=value1" };
        let auth = parse_authorization(
            "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, \
             SignedHeaders=content-type;host;x-amz-date, \
             Signature=ff11897932ad3f4e8b18135d722051e5ac45fc38421b1da7b9d196a0fe09473a",
        )
        .unwrap();
        let now = parse_amz_date("20150830T123600Z").unwrap();
        assert_eq!(verify(&request, &auth, "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", now, KMS_MAX_SKEW_SECONDS), Ok(()));
        assert!(matches!(verify(&request, &auth, "wrong-secret", now, KMS_MAX_SKEW_SECONDS), Err(Rejection::Invalid(_))));
        let tampered = SignedRequest { body: b"Param1=value2", ..request };
        assert!(matches!(verify(&tampered, &auth, "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", now, KMS_MAX_SKEW_SECONDS), Err(Rejection::Invalid(_))));
    }

    #[test]
    fn skew_beyond_five_minutes_is_refused_with_kms_wording() {
        let headers = vec![("host".to_string(), "h".to_string()), ("x-amz-date".to_string(), "20261129T060000Z".to_string())];
        let request = SignedRequest { method: "POST", path: "/", query: "", headers: &headers, body: b"" };
        let auth =
            parse_authorization("AWS4-HMAC-SHA256 Credential=A/20261129/us-east-1/kms/aws4_request, SignedHeaders=host;x-amz-date, Signature=00").unwrap();
        let signed = parse_amz_date("20261129T060000Z").unwrap();
        let Err(Rejection::Expired(msg)) = verify(&request, &auth, "s", signed + 301, KMS_MAX_SKEW_SECONDS) else { panic!("accepted") };
        assert_eq!(msg, "Signature expired: 20261129T060000Z is now earlier than 20261129T060001Z (20261129T060501Z - 5 min.)");
    }

    #[test]
    fn malformed_headers_are_incomplete() {
        assert!(matches!(parse_authorization("Bearer x"), Err(Rejection::Incomplete(_))));
        assert!(matches!(parse_authorization("AWS4-HMAC-SHA256 Credential=A/B, SignedHeaders=h, Signature=s"), Err(Rejection::Incomplete(_))));
    }
}
