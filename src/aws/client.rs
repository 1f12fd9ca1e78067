//! Signing and sending, shared by every service client: the credentials, the Region they sign
//! for, and the transport. Service clients add their protocol on top.

use super::credentials::Credentials;
use super::error::ServiceError;
use super::http::{HttpRequest, HttpResponse, Transport};
use super::sigv4::sign_request;

#[derive(Debug, Clone)]
pub struct SignedSender<T> {
    transport: T,
    credentials: Credentials,
    region: String,
}

impl<T: Transport> SignedSender<T> {
    pub fn new(transport: T, credentials: Credentials, region: impl Into<String>) -> Self {
        Self { transport, credentials, region: region.into() }
    }

    pub fn region(&self) -> &str {
        &self.region
    }

    pub fn transport(&self) -> &T {
        &self.transport
    }

    /// Signs `request` for `service` at the transport's current time and sends it.
    pub async fn send(&self, service: &str, mut request: HttpRequest) -> Result<HttpResponse, ServiceError> {
        sign_request(&mut request, &self.credentials, &self.region, service, self.transport.now_ms())
            .map_err(|e| ServiceError::client(format!("could not sign the request: {}", e.0)))?;
        self.transport.post(request).await.map_err(ServiceError::network)
    }
}
