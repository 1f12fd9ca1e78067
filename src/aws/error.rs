//! A failed AWS call, whatever the service: an error the service returned (awsJson or query XML),
//! no answer at all, or an answer that is not the service's.

use super::http::{HttpResponse, TransportError};
use super::xml;
use std::fmt;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ErrorKind {
    /// The service answered with an error of this type, e.g. `CustomKeyStoreInvalidStateException`.
    Service(String),
    /// The request did not reach KMS, or its answer never came back.
    Network,
    /// An answer came back but it is not what the service sends (a proxy's HTML page, a cut-off body).
    Malformed,
    /// An answer far larger than any of the API's, refused before it was read in full (see
    /// `http::MAX_ANSWER_BYTES`); never asked again.
    TooLarge,
    /// The request could not be built or signed.
    Client,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServiceError {
    pub kind: ErrorKind,
    pub message: String,
    pub request_id: Option<String>,
    pub status: Option<u16>,
}

impl ServiceError {
    /// The error type to show and to look guidance up by.
    pub fn code(&self) -> &str {
        match &self.kind {
            ErrorKind::Service(code) => code,
            ErrorKind::Network => "NetworkError",
            ErrorKind::Malformed | ErrorKind::TooLarge => "UnreadableResponse",
            ErrorKind::Client => "ClientError",
        }
    }

    pub fn network(e: TransportError) -> Self {
        let kind = if e.is_too_large() { ErrorKind::TooLarge } else { ErrorKind::Network };
        Self { kind, message: e.0, request_id: None, status: None }
    }

    pub fn client(message: impl Into<String>) -> Self {
        Self { kind: ErrorKind::Client, message: message.into(), request_id: None, status: None }
    }

    pub fn malformed(response: &HttpResponse, why: &str) -> Self {
        Self {
            kind: ErrorKind::Malformed,
            message: format!("HTTP {} with a body that is not the service's ({why}).", response.status),
            request_id: request_id(response),
            status: Some(response.status),
        }
    }

    /// Reads a query-protocol (STS) error: `ErrorResponse/Error/{Code,Message}` in XML.
    pub fn from_xml_response(response: &HttpResponse) -> Self {
        let Some(code) = xml::element(&response.body, "Code").filter(|c| !c.trim().is_empty()) else {
            return Self::malformed(response, "no error code in it");
        };
        Self {
            kind: ErrorKind::Service(code.trim().to_owned()),
            message: xml::element(&response.body, "Message").unwrap_or_default(),
            request_id: request_id(response).or_else(|| xml::element(&response.body, "RequestId")),
            status: Some(response.status),
        }
    }

    /// Reads an awsJson error response: the type from the body's `__type` (or `code`), else from
    /// the `x-amzn-ErrorType` header; the message from `message` or `Message`.
    pub fn from_response(response: &HttpResponse) -> Self {
        let body: Option<serde_json::Map<String, serde_json::Value>> = serde_json::from_str(&response.body).ok();
        let field = |names: &[&str]| {
            let body = body.as_ref()?;
            names.iter().find_map(|n| body.get(*n).and_then(|v| v.as_str())).map(str::to_owned)
        };
        // A type that normalises to nothing (`":"`, `"ns#"`) is no type at all (found by the fuzzer).
        let usable = |t: &String| !normalise_error_type(t).is_empty();
        let raw_type = field(&["__type", "code"]).filter(usable).or_else(|| response.header("x-amzn-errortype").map(str::to_owned).filter(usable));
        let Some(raw_type) = raw_type else {
            return Self::malformed(response, "no error type in it");
        };
        Self {
            kind: ErrorKind::Service(normalise_error_type(&raw_type).to_owned()),
            message: field(&["message", "Message"]).unwrap_or_default(),
            request_id: request_id(response),
            status: Some(response.status),
        }
    }
}

/// `aws.protocols#awsJson1_1` allows `ns#Name`, `Name:extra` and combinations; the name is what
/// is left after cutting at the first `:` and keeping what follows the last `#`.
pub fn normalise_error_type(raw: &str) -> &str {
    let before_colon = raw.split(':').next().unwrap_or(raw);
    before_colon.rsplit('#').next().unwrap_or(before_colon).trim()
}

fn request_id(response: &HttpResponse) -> Option<String> {
    response.header("x-amzn-requestid").map(str::to_owned)
}

impl fmt::Display for ServiceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.code())?;
        if !self.message.is_empty() {
            write!(f, ": {}", self.message)?;
        }
        if let Some(id) = &self.request_id {
            write!(f, " (request id {id})")?;
        }
        Ok(())
    }
}

impl std::error::Error for ServiceError {}

#[cfg(test)]
mod tests {
    use super::*;

    fn response(status: u16, headers: &[(&str, &str)], body: &str) -> HttpResponse {
        HttpResponse { status, headers: headers.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect(), body: body.into() }
    }

    #[test]
    fn namespaced_type_and_lowercase_message() {
        let r = response(400, &[("x-amzn-requestid", "req-1")], r#"{"__type":"com.amazonaws.kms#CustomKeyStoreNotFoundException","message":"no such store"}"#);
        let e = ServiceError::from_response(&r);
        assert_eq!(e.kind, ErrorKind::Service("CustomKeyStoreNotFoundException".into()));
        assert_eq!(e.message, "no such store");
        assert_eq!(e.request_id.as_deref(), Some("req-1"));
        assert_eq!(e.to_string(), "CustomKeyStoreNotFoundException: no such store (request id req-1)");
    }

    #[test]
    fn suffixed_type_capitalised_message() {
        let r = response(400, &[], r#"{"__type":"InvalidSignatureException:http://internal.amazon.com/","Message":"bad sig"}"#);
        let e = ServiceError::from_response(&r);
        assert_eq!(e.code(), "InvalidSignatureException");
        assert_eq!(e.message, "bad sig");
    }

    #[test]
    fn type_from_header_when_body_has_none() {
        let r = response(400, &[("x-amzn-ErrorType", "ThrottlingException:http://x/"), ("X-Amzn-RequestId", "r2")], "{}");
        let e = ServiceError::from_response(&r);
        assert_eq!(e.code(), "ThrottlingException");
        assert_eq!(e.request_id.as_deref(), Some("r2"));
    }

    #[test]
    fn a_type_that_normalises_to_nothing_is_no_type() {
        let e = ServiceError::from_response(&response(100, &[("x-amzn-ErrorType", ":")], ""));
        assert_eq!(e.kind, ErrorKind::Malformed, "found by tests/parsers_fuzz.rs");
        let e = ServiceError::from_response(&response(400, &[("x-amzn-ErrorType", "ThrottlingException")], r#"{"__type": "ns#"}"#));
        assert_eq!(e.code(), "ThrottlingException", "the header's type when the body's is empty");
    }

    #[test]
    fn html_page_is_malformed_not_a_crash() {
        let r = response(502, &[], "<html><body>Bad gateway</body></html>");
        let e = ServiceError::from_response(&r);
        assert_eq!(e.kind, ErrorKind::Malformed);
        assert!(e.message.contains("HTTP 502"));
    }

    #[test]
    fn query_protocol_errors_in_xml() {
        let body = "<ErrorResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">\n  <Error>\n    <Type>Sender</Type>\n    \
                    <Code>ExpiredToken</Code>\n    <Message>The security token included in the request is expired</Message>\n  \
                    </Error>\n  <RequestId>r-9</RequestId>\n</ErrorResponse>";
        let e = ServiceError::from_xml_response(&response(400, &[], body));
        assert_eq!(e.code(), "ExpiredToken");
        assert_eq!(e.message, "The security token included in the request is expired");
        assert_eq!(e.request_id.as_deref(), Some("r-9"));
        assert_eq!(ServiceError::from_xml_response(&response(503, &[], "<html>busy</html>")).kind, ErrorKind::Malformed);
    }

    #[test]
    fn normalisation_covers_every_form() {
        assert_eq!(normalise_error_type("FooError"), "FooError");
        assert_eq!(normalise_error_type("ns#FooError"), "FooError");
        assert_eq!(normalise_error_type("FooError:http://x/y#z"), "FooError");
        assert_eq!(normalise_error_type("aws.ns#FooError:extra"), "FooError");
    }
}
