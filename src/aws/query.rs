//! The query protocol (STS, IAM, EC2, ELB): a form-encoded POST naming the action and the API
//! version, answered in XML.

use super::http::HttpRequest;

const CONTENT_TYPE: &str = "application/x-www-form-urlencoded; charset=utf-8";

fn form(params: &[(&str, &str)]) -> String {
    params.iter().map(|(k, v)| format!("{}={}", encode(k), encode(v))).collect::<Vec<_>>().join("&")
}

/// `application/x-www-form-urlencoded`, spaces as `%20` so the signed body reads the same everywhere.
fn encode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// A query-protocol request of any service: the action and its API version first.
pub fn build_query_request(endpoint_url: &str, version: &str, action: &str, params: &[(&str, &str)]) -> HttpRequest {
    let mut all = vec![("Action", action), ("Version", version)];
    all.extend_from_slice(params);
    HttpRequest { url: endpoint_url.to_owned(), headers: vec![("content-type".into(), CONTENT_TYPE.into())], body: form(&all) }
}
