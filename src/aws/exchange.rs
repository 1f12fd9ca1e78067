//! One request and its answer as the activity log keeps it, and what it takes to explain a refused
//! signature: the canonical request and string to sign, rebuilt from the signed request exactly
//! as SigV4 defines them (a test recomputes the signature from them), with every secret left out.
//! Every signed request of the console passes through `SignedSender::send`, which records one of
//! these per attempt: the one place the page can log, export and explain its traffic from.

/// A request as it was sent (signed), in the parts the log reads.
#[derive(Debug, Clone, Copy)]
pub struct Sent<'a> {
    pub url: &'a str,
    pub headers: &'a [(String, String)],
    pub body: &'a str,
}

/// An answer, in the parts the log reads.
#[derive(Debug, Clone, Copy)]
pub struct Answer<'a> {
    pub status: u16,
    /// Names in lower case.
    pub headers: &'a [(String, String)],
    pub body: &'a str,
}

fn header_in<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
}
use sha2::{Digest, Sha256};

/// Bodies are kept up to this many bytes: enough for any error and a page of stores, while
/// thousands of requests stay in the log (an 8 MB list would otherwise stay in memory).
const BODY_KEPT: usize = 4 * 1024;
/// Members whose values are secrets wherever they appear, in JSON or XML answers and requests.
const SECRET_MEMBERS: [&str; 5] = ["SecretAccessKey", "SessionToken", "KeyStorePassword", "RawSecretAccessKey", "TokenCode"];
const HIDDEN: &str = "(secret, not kept)";

/// What SigV4 signed, rebuilt from the request as sent (secrets replaced).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Signed {
    pub amz_date: String,
    /// `20261129/us-east-1/kms/aws4_request`.
    pub scope: String,
    /// Name and value of each signed header, in signing order.
    pub headers: Vec<(String, String)>,
    pub canonical_request: String,
    pub string_to_sign: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Exchange {
    /// When it was sent (epoch ms, the page's clock) and how long the answer took.
    pub started_ms: u64,
    pub latency_ms: u64,
    /// The signing name (`kms`, `sts`, `cloudtrail`, …) and Region.
    pub service: String,
    pub region: String,
    pub url: String,
    pub operation: String,
    pub store_id: Option<String>,
    /// `None` when no answer came (the network error says why).
    pub status: Option<u16>,
    pub error_code: Option<String>,
    pub network_error: Option<String>,
    pub request_id: Option<String>,
    /// 1 for the first attempt of a call, 2 and 3 for its retries.
    pub attempt: u32,
    pub request_body: String,
    pub signed: Signed,
    pub response_headers: Vec<(String, String)>,
    pub response_body: String,
    /// The answer's `Date` header: set beside the page's clock when a signature is refused.
    pub server_date: Option<String>,
}

/// The operation a request names: `X-Amz-Target`'s part after the dot, or the query's `Action`.
pub fn operation_of(request: Sent) -> String {
    if let Some(target) = header_in(request.headers, "x-amz-target") {
        return target.rsplit('.').next().unwrap_or_default().to_owned();
    }
    request.body.split('&').find_map(|p| p.strip_prefix("Action=")).unwrap_or_default().to_owned()
}

fn store_id_of(body: &str) -> Option<String> {
    // Most requests (every list) name no store: not parsed at all.
    if !body.contains("CustomKeyStoreId") {
        return None;
    }
    let value: serde_json::Value = serde_json::from_str(body).ok()?;
    value.get("CustomKeyStoreId").and_then(|v| v.as_str()).map(str::to_owned)
}

/// Lower-case hex, as SigV4 writes hashes (two per recorded request: no formatter per byte).
fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    bytes.iter().flat_map(|b| [DIGITS[usize::from(b >> 4)] as char, DIGITS[usize::from(b & 15)] as char]).collect()
}

/// `scheme://host[:port]/path?query` → (host with a non-default port, path, query).
fn split_url(url: &str) -> (String, String, String) {
    let (scheme, rest) = url.split_once("://").unwrap_or(("https", url));
    let (authority, path_query) = rest.find('/').map_or((rest, "/"), |i| (&rest[..i], &rest[i..]));
    let (path, query) = path_query.split_once('?').unwrap_or((path_query, ""));
    let default = if scheme == "http" { ":80" } else { ":443" };
    (authority.strip_suffix(default).unwrap_or(authority).to_ascii_lowercase(), path.to_owned(), query.to_owned())
}

/// The canonical request and string to sign of a request `sign_request` signed; `reveal` keeps
/// the session token in (only for the test that recomputes the signature).
fn rebuild(request: Sent, reveal: bool) -> Signed {
    let header = |name: &str| header_in(request.headers, name);
    let authorization = header("authorization").unwrap_or_default();
    let field = |name: &str| authorization.split([' ', ',']).find_map(|p| p.strip_prefix(name)).unwrap_or_default().to_owned();
    let scope = field("Credential=").split_once('/').map(|(_, s)| s.to_owned()).unwrap_or_default();
    let names: Vec<String> = field("SignedHeaders=").split(';').filter(|n| !n.is_empty()).map(str::to_owned).collect();
    let (host, path, query) = split_url(request.url);
    let signed: Vec<(String, String)> =
        names.iter().map(|n| (n.clone(), if n == "host" { host.clone() } else { header(n).unwrap_or_default().trim().to_owned() })).collect();
    let payload = hex(&Sha256::digest(request.body.as_bytes()));
    let canonical = |headers: &[(String, String)]| {
        let lines: String = headers.iter().map(|(k, v)| format!("{k}:{v}\n")).collect();
        format!("POST\n{path}\n{query}\n{lines}\n{}\n{payload}", names.join(";"))
    };
    let amz_date = header("x-amz-date").unwrap_or_default().to_owned();
    // The hash is of what was really signed, the token included; the text shown leaves it out.
    let real = canonical(&signed);
    let string_to_sign = format!("AWS4-HMAC-SHA256\n{amz_date}\n{scope}\n{}", hex(&Sha256::digest(real.as_bytes())));
    let token = header("x-amz-security-token").filter(|_| !reveal).map(|t| format!("\nx-amz-security-token:{}\n", t.trim()));
    let (headers, canonical_request) = match token {
        None => (signed, real),
        Some(line) => {
            let shown = signed.into_iter().map(|(n, v)| if n == "x-amz-security-token" { (n, HIDDEN.to_owned()) } else { (n, v) }).collect();
            (shown, real.replacen(&line, &format!("\nx-amz-security-token:{HIDDEN}\n"), 1))
        }
    };
    Signed { amz_date, scope, headers, canonical_request, string_to_sign }
}

/// A body with every secret member's value replaced (JSON, XML or form), cut to what the log
/// keeps. It is cut first, so a long list costs no more than 4 KB of work; the secrets are then
/// found in the text, which also covers a JSON body cut in the middle.
pub fn redact(body: &str) -> String {
    let mut end = body.len().min(BODY_KEPT);
    while !body.is_char_boundary(end) {
        end -= 1;
    }
    let mut text = hide(&body[..end]);
    if end < body.len() {
        text.push_str(" … (cut: the log keeps 4 KB of a body)");
    }
    text
}

/// The end of the JSON string that starts at `from` (just after its opening quote).
fn string_end(text: &str, from: usize) -> usize {
    let mut escaped = false;
    for (i, c) in text[from..].char_indices() {
        match c {
            '\\' if !escaped => escaped = true,
            '"' if !escaped => return from + i,
            _ => escaped = false,
        }
    }
    text.len()
}

fn hide(body: &str) -> String {
    // Nearly every body names no secret at all: one search per name, not three.
    if !SECRET_MEMBERS.iter().any(|name| body.contains(name)) {
        return body.to_owned();
    }
    let mut out = body.to_owned();
    for name in SECRET_MEMBERS {
        // JSON: `"Name": "value"`.
        let key = format!("\"{name}\"");
        let mut from = 0;
        while let Some(at) = out[from..].find(&key).map(|i| from + i + key.len()) {
            let rest = out[at..].trim_start();
            let Some(after_colon) = rest.strip_prefix(':').map(str::trim_start) else {
                from = at;
                continue;
            };
            if !after_colon.starts_with('"') {
                from = at;
                continue;
            }
            let start = out.len() - after_colon.len() + 1;
            let end = string_end(&out, start);
            out.replace_range(start..end, HIDDEN);
            from = start + HIDDEN.len();
        }
    }
    for name in SECRET_MEMBERS {
        let (open, close) = (format!("<{name}>"), format!("</{name}>"));
        let mut from = 0;
        while let Some(start) = out[from..].find(&open).map(|i| from + i + open.len()) {
            let Some(end) = out[start..].find(&close).map(|i| start + i) else { break };
            out.replace_range(start..end, HIDDEN);
            from = start + HIDDEN.len();
        }
        // Form bodies (query protocol requests): `TokenCode=123456&…`.
        let key = format!("{name}=");
        if let Some(start) = out.find(&key).map(|i| i + key.len()) {
            let end = out[start..].find('&').map_or(out.len(), |i| start + i);
            out.replace_range(start..end, HIDDEN);
        }
    }
    out
}

/// The request id an answer carries: a header, else the XML's `RequestId`.
fn request_id_of(response: Answer) -> Option<String> {
    ["x-amzn-requestid", "x-amz-request-id", "x-amzn-request-id"].iter().find_map(|h| header_in(response.headers, h)).map(str::to_owned).or_else(|| {
        let start = response.body.find("<RequestId>")? + "<RequestId>".len();
        let end = response.body[start..].find("</RequestId>")? + start;
        Some(response.body[start..end].to_owned())
    })
}

impl Exchange {
    /// The record of one attempt: `signed` as it was sent, and the answer or why none came.
    /// `error_code` is the service's code for an answer of 300 or more (the caller parses it).
    pub fn of(
        service: &str,
        region: &str,
        signed: Sent,
        (started_ms, ended_ms): (u64, u64),
        answer: Result<Answer, String>,
        error_code: Option<String>,
    ) -> Self {
        Self::sent(service, region, signed, started_ms).answered(ended_ms, answer, error_code)
    }

    /// The request's half of the record, made before it is sent (the request then goes to the
    /// transport as it is, not copied first).
    pub fn sent(service: &str, region: &str, signed: Sent, started_ms: u64) -> Self {
        Self {
            started_ms,
            service: service.to_owned(),
            region: region.to_owned(),
            url: signed.url.to_owned(),
            operation: operation_of(signed),
            store_id: store_id_of(signed.body),
            attempt: 1,
            request_body: redact(signed.body),
            signed: rebuild(signed, false),
            ..Self::default()
        }
    }

    /// The answer's half, or why none came.
    pub fn answered(mut self, ended_ms: u64, answer: Result<Answer, String>, error_code: Option<String>) -> Self {
        self.latency_ms = ended_ms.saturating_sub(self.started_ms);
        match answer {
            Ok(response) => {
                self.status = Some(response.status);
                self.request_id = request_id_of(response);
                self.server_date = header_in(response.headers, "date").map(str::to_owned);
                self.error_code = error_code.filter(|c| !c.is_empty());
                self.response_headers = response.headers.to_vec();
                self.response_body = redact(response.body);
            }
            Err(why) => self.network_error = Some(why),
        }
        self
    }

    /// The service refused the signature: what the user needs is the two clocks and what was signed.
    pub fn signature_refused(&self) -> bool {
        self.error_code.as_deref().is_some_and(|c| c.contains("Signature") || c == "InvalidClientTokenId")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::aws::credentials::Credentials;
    use crate::aws::http::{HttpRequest, HttpResponse};
    use crate::aws::sigv4::sign_request;

    fn sent(r: &HttpRequest) -> Sent<'_> {
        Sent { url: &r.url, headers: &r.headers, body: &r.body }
    }

    fn hmac(key: &[u8], data: &[u8]) -> Vec<u8> {
        let mut k = [0u8; 64];
        if key.len() > 64 {
            k[..32].copy_from_slice(&Sha256::digest(key));
        } else {
            k[..key.len()].copy_from_slice(key);
        }
        let inner: Vec<u8> = k.iter().map(|b| b ^ 0x36).chain(data.iter().copied()).collect();
        let outer: Vec<u8> = k.iter().map(|b| b ^ 0x5c).chain(Sha256::digest(&inner)).collect();
        Sha256::digest(&outer).to_vec()
    }

    fn signed_request() -> (HttpRequest, Credentials) {
        let mut request = HttpRequest {
            url: "http://127.0.0.1:9780/".into(),
            headers: vec![("content-type".into(), "application/x-amz-json-1.1".into()), ("x-amz-target".into(), "TrentService.ConnectCustomKeyStore".into())],
            body: r#"{"CustomKeyStoreId":"cks-1a2b3c4d5e6f70001"}"#.into(),
        };
        let credentials =
            Credentials::from_fields("ASIASANDBOXDEMO00001", "sandbox/demo/secret/FAKE/not/a/real/key00", "sandbox-demo-session-token-FAKE").unwrap();
        sign_request(&mut request, &credentials, "us-east-1", "kms", 1_795_932_000_000).unwrap();
        (request, credentials)
    }

    #[test]
    fn the_rebuilt_string_to_sign_gives_the_signature_that_was_sent() {
        let (request, credentials) = signed_request();
        let signed = rebuild(sent(&request), false);
        let scope_date = signed.scope.split('/').next().unwrap();
        let mut key = hmac(format!("AWS4{}", credentials.secret_access_key).as_bytes(), scope_date.as_bytes());
        for part in ["us-east-1", "kms", "aws4_request"] {
            key = hmac(&key, part.as_bytes());
        }
        let signature = hex(&hmac(&key, signed.string_to_sign.as_bytes()));
        let given = header_in(&request.headers, "authorization").unwrap().rsplit("Signature=").next().unwrap();
        assert_eq!(signature, given, "the canonical request and string to sign are the ones SigV4 signed");
        assert!(signed.canonical_request.starts_with("POST\n/\n\ncontent-type:application/x-amz-json-1.1\nhost:127.0.0.1:9780\n"));
        assert!(!signed.canonical_request.contains("sandbox-demo-session-token-FAKE"), "the token is left out of what is shown");
        assert_eq!(signed.scope, "20261129/us-east-1/kms/aws4_request");
    }

    #[test]
    fn an_exchange_keeps_no_secret_and_knows_its_operation_store_and_request_id() {
        let (request, credentials) = signed_request();
        let response = HttpResponse {
            status: 400,
            headers: vec![("x-amzn-requestid".into(), "req-1".into()), ("date".into(), "Sun, 29 Nov 2026 06:10:00 GMT".into())],
            body: r#"{"__type":"InvalidSignatureException","message":"Signature expired"}"#.into(),
        };
        let code = crate::aws::error::ServiceError::from_response(&response).code().to_owned();
        let answer = Answer { status: response.status, headers: &response.headers, body: &response.body };
        let x = Exchange::of("kms", "us-east-1", sent(&request), (10, 35), Ok(answer), Some(code));
        assert_eq!(
            (x.operation.as_str(), x.store_id.as_deref(), x.request_id.as_deref(), x.latency_ms),
            ("ConnectCustomKeyStore", Some("cks-1a2b3c4d5e6f70001"), Some("req-1"), 25)
        );
        assert_eq!(x.error_code.as_deref(), Some("InvalidSignatureException"));
        assert!(x.signature_refused());
        let everything = format!("{x:?}");
        assert!(!everything.contains(&credentials.secret_access_key) && !everything.contains("sandbox-demo-session-token-FAKE"), "{everything}");
    }

    #[test]
    fn secrets_are_left_out_of_json_xml_and_form_bodies() {
        let json = redact(r#"{"KeyStorePassword":"hunter2","XksProxyAuthenticationCredential":{"AccessKeyId":"A","RawSecretAccessKey":"s3cr3t"}}"#);
        assert!(!json.contains("hunter2") && !json.contains("s3cr3t") && json.contains("\"AccessKeyId\":\"A\""), "{json}");
        let xml = redact("<Credentials><AccessKeyId>ASIA1</AccessKeyId><SecretAccessKey>abc</SecretAccessKey><SessionToken>tok</SessionToken></Credentials>");
        assert!(!xml.contains(">abc<") && !xml.contains(">tok<") && xml.contains("ASIA1"), "{xml}");
        let form = redact("Action=AssumeRole&TokenCode=123456&RoleArn=x");
        assert!(!form.contains("123456") && form.ends_with("&RoleArn=x"), "{form}");
        assert!(redact(&"x".repeat(40_000)).len() < 5_000);
    }
}
