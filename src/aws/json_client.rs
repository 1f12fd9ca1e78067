//! The awsJson protocols (1.0 and 1.1) that KMS, CloudHSM v2, CloudWatch and CloudTrail speak:
//! one POST per call, the operation in `X-Amz-Target`, JSON both ways. A [`JsonClient`] signs,
//! sends, retries as the AWS SDKs do and reads the answer; service clients add their operations.

use super::client::SignedSender;
use super::credentials::Credentials;
use super::error::ServiceError;
use super::http::{HttpRequest, RetryEvent, Transport, TransportError, MAX_ANSWER_BYTES};
use super::retry::{classify, delay_ms, Retry, MAX_ATTEMPTS};
use serde::de::DeserializeOwned;
use serde::Serialize;

/// How one service is reached, from its model's metadata.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct JsonService {
    /// The endpoint prefix (`kms.<region>.amazonaws.com`), also the key for endpoint overrides.
    pub endpoint_prefix: &'static str,
    /// SigV4's service name (`signingName`, else the endpoint prefix).
    pub signing_name: &'static str,
    pub target_prefix: &'static str,
    pub content_type: &'static str,
    /// How the page names it ("CloudWatch").
    pub title: &'static str,
}

const JSON_1_1: &str = "application/x-amz-json-1.1";
const JSON_1_0: &str = "application/x-amz-json-1.0";

pub const KMS: JsonService = JsonService { endpoint_prefix: "kms", signing_name: "kms", target_prefix: "TrentService", content_type: JSON_1_1, title: "KMS" };
pub const CLOUDHSM: JsonService =
    JsonService { endpoint_prefix: "cloudhsmv2", signing_name: "cloudhsm", target_prefix: "BaldrApiService", content_type: JSON_1_1, title: "CloudHSM" };
pub const CLOUDWATCH: JsonService = JsonService {
    endpoint_prefix: "monitoring",
    signing_name: "monitoring",
    target_prefix: "GraniteServiceVersion20100801",
    content_type: JSON_1_0,
    title: "CloudWatch",
};
pub const CLOUDTRAIL: JsonService = JsonService {
    endpoint_prefix: "cloudtrail",
    signing_name: "cloudtrail",
    target_prefix: "com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101",
    content_type: JSON_1_1,
    title: "CloudTrail",
};

impl JsonService {
    /// Only headers a browser sends exactly as given: it forbids scripts to set `Host`,
    /// `Content-Length` and `User-Agent`, so those are not signed.
    pub fn request(&self, endpoint_url: &str, operation: &str, input: &impl Serialize) -> HttpRequest {
        HttpRequest {
            url: endpoint_url.to_owned(),
            headers: vec![("content-type".into(), self.content_type.into()), ("x-amz-target".into(), format!("{}.{operation}", self.target_prefix))],
            // A serde struct always serialises; `{}` is what the services expect for an empty input.
            body: serde_json::to_string(input).unwrap_or_else(|_| "{}".into()),
        }
    }
}

#[derive(Debug, Clone)]
pub struct JsonClient<T> {
    sender: SignedSender<T>,
    endpoint_url: String,
    service: JsonService,
}

impl<T: Transport> JsonClient<T> {
    pub fn new(service: JsonService, transport: T, credentials: Credentials, region: impl Into<String>, endpoint_url: impl Into<String>) -> Self {
        Self { sender: SignedSender::new(transport, credentials, region), endpoint_url: endpoint_url.into(), service }
    }

    pub fn service(&self) -> JsonService {
        self.service
    }

    pub fn region(&self) -> &str {
        self.sender.region()
    }

    pub fn transport(&self) -> &T {
        self.sender.transport()
    }

    /// The same client signing with other credentials (renewed ones for the same account).
    pub fn with_credentials(&self, credentials: Credentials) -> Self
    where
        T: Clone,
    {
        Self::new(self.service, self.transport().clone(), credentials, self.region(), self.endpoint_url.clone())
    }

    /// One call, retried as the AWS SDKs do when the failure can pass (see `aws::retry`).
    pub async fn call<O: DeserializeOwned>(&self, operation: &str, input: &impl Serialize) -> Result<O, ServiceError> {
        let mut retry = 0;
        loop {
            match self.call_once(operation, input).await {
                Err(e) if retry + 1 < MAX_ATTEMPTS && classify(&e) != Retry::No => {
                    self.back_off(operation, retry, &e).await;
                    retry += 1;
                }
                done => return done,
            }
        }
    }

    /// Waits before retry number `retry`, telling the transport (and so the page) first.
    pub async fn back_off(&self, operation: &str, retry: u32, error: &ServiceError) {
        let transport = self.transport();
        let delay = delay_ms(retry, classify(error), transport.random());
        transport.retrying(&RetryEvent { operation: operation.to_owned(), attempt: retry + 2, delay_ms: delay, error: error.code().to_owned() });
        transport.sleep(delay).await;
    }

    /// One signed call. A 2xx answer must parse as the operation's output; anything else is an
    /// error with its type and request id.
    pub async fn call_once<O: DeserializeOwned>(&self, operation: &str, input: &impl Serialize) -> Result<O, ServiceError> {
        let request = self.service.request(&self.endpoint_url, operation, input);
        let response = self.sender.send(self.service.signing_name, request).await?;
        // The browser's transport refuses these while they stream in; this catches any other.
        if response.body.len() as u64 > MAX_ANSWER_BYTES {
            return Err(ServiceError::network(TransportError::too_large(&self.endpoint_url, Some(response.body.len() as u64))));
        }
        if !(200..300).contains(&response.status) {
            return Err(ServiceError::from_response(&response));
        }
        // Operations without output may answer with an empty body.
        let body = if response.body.trim().is_empty() { "{}" } else { &response.body };
        serde_json::from_str(body).map_err(|e| ServiceError::malformed(&response, &e.to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_service_gets_its_target_and_content_type() {
        let empty = serde_json::json!({});
        let r = CLOUDWATCH.request("https://monitoring.us-east-1.amazonaws.com/", "GetMetricData", &empty);
        assert_eq!(r.headers[0], ("content-type".into(), "application/x-amz-json-1.0".into()));
        assert_eq!(r.headers[1], ("x-amz-target".into(), "GraniteServiceVersion20100801.GetMetricData".into()));
        let r = CLOUDHSM.request("u", "DescribeClusters", &empty);
        assert_eq!(r.headers[1].1, "BaldrApiService.DescribeClusters");
        assert_eq!(CLOUDHSM.signing_name, "cloudhsm", "the model's signingName, not the endpoint prefix");
        let r = CLOUDTRAIL.request("u", "LookupEvents", &empty);
        assert_eq!(r.headers[1].1, "com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.LookupEvents");
        assert_eq!(r.headers[0].1, "application/x-amz-json-1.1");
    }
}
