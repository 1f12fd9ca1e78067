//! The query protocols (form POST, XML answers) of EC2 (`ec2`), Elastic Load Balancing v2 and SNS
//! (`query`), as the pre-flight of an external key store and the alarms' notifications use them:
//! one signed POST per call through the same [`SignedSender`] as every other service. EC2's error
//! document is `<Response><Errors><Error><Code>`, the others' `<ErrorResponse><Error><Code>`; both
//! are read by their `<Code>` and `<Message>`.

use super::client::SignedSender;
use super::credentials::Credentials;
use super::error::ServiceError;
use super::http::Transport;
use super::query::build_query_request;

/// How one query-protocol service is reached, from its model's metadata.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct QueryService {
    /// The endpoint prefix (`ec2.<region>.amazonaws.com`), also the key for endpoint overrides.
    pub endpoint_prefix: &'static str,
    pub signing_name: &'static str,
    pub version: &'static str,
    /// How the page names it.
    pub title: &'static str,
}

pub const EC2: QueryService = QueryService { endpoint_prefix: "ec2", signing_name: "ec2", version: "2016-11-15", title: "EC2" };
pub const ELBV2: QueryService =
    QueryService { endpoint_prefix: "elasticloadbalancing", signing_name: "elasticloadbalancing", version: "2015-12-01", title: "Elastic Load Balancing" };
pub const SNS: QueryService = QueryService { endpoint_prefix: "sns", signing_name: "sns", version: "2010-03-31", title: "SNS" };

#[derive(Debug, Clone)]
pub struct QueryClient<T> {
    sender: SignedSender<T>,
    endpoint_url: String,
    service: QueryService,
}

impl<T: Transport> QueryClient<T> {
    pub fn new(service: QueryService, transport: T, credentials: Credentials, region: impl Into<String>, endpoint_url: impl Into<String>) -> Self {
        Self { sender: SignedSender::new(transport, credentials, region), endpoint_url: endpoint_url.into(), service }
    }

    /// The same client signing with renewed credentials.
    pub fn with_credentials(&self, credentials: Credentials) -> Self
    where
        T: Clone,
    {
        Self::new(self.service, self.transport().clone(), credentials, self.region(), self.endpoint_url.clone())
    }

    pub fn service(&self) -> QueryService {
        self.service
    }

    pub fn region(&self) -> &str {
        self.sender.region()
    }

    pub fn transport(&self) -> &T {
        self.sender.transport()
    }

    /// One call; the XML answer on HTTP 200, else the service's error.
    pub async fn call(&self, action: &str, params: &[(&str, &str)]) -> Result<String, ServiceError> {
        let request = build_query_request(&self.endpoint_url, self.service.version, action, params);
        let response = self.sender.send(self.service.signing_name, request).await?;
        if response.status != 200 {
            return Err(ServiceError::from_xml_response(&response));
        }
        Ok(response.body)
    }
}
