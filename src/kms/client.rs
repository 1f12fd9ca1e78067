//! A KMS client over any `Transport`: build, sign, send, read. The browser plugs in `fetch`;
//! the sandbox's tests plug in a native HTTP client, so the same code is checked against it.

use super::model::{
    CreateCustomKeyStoreRequest, CreateCustomKeyStoreResponse, CustomKeyStoreIdRequest, DescribeCustomKeyStoresRequest, DescribeCustomKeyStoresResponse,
    EmptyResponse, KeyStore, UpdateCustomKeyStoreRequest,
};
use super::operation::{build_request, Operation};
use super::KmsError;
use crate::aws::client::SignedSender;
use crate::aws::credentials::Credentials;
use crate::aws::http::Transport;
use serde::de::DeserializeOwned;
use serde::Serialize;

/// KMS's largest page: fewer round trips for accounts with many stores.
pub const DESCRIBE_PAGE_LIMIT: u32 = 1000;
/// A bound on pages, so a server that keeps answering `Truncated` cannot spin us forever.
const MAX_PAGES: usize = 1000;

#[derive(Debug, Clone)]
pub struct KmsClient<T> {
    sender: SignedSender<T>,
    endpoint_url: String,
}

impl<T: Transport> KmsClient<T> {
    pub fn new(transport: T, credentials: Credentials, region: impl Into<String>, endpoint_url: impl Into<String>) -> Self {
        Self { sender: SignedSender::new(transport, credentials, region), endpoint_url: endpoint_url.into() }
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
        Self::new(self.transport().clone(), credentials, self.region(), self.endpoint_url.clone())
    }

    /// One signed call. A 2xx answer must parse as the operation's output; anything else is an
    /// error with its type and request id.
    pub async fn call<O: DeserializeOwned>(&self, operation: Operation, input: &impl Serialize) -> Result<O, KmsError> {
        let response = self.sender.send("kms", build_request(&self.endpoint_url, operation, input)).await?;
        if !(200..300).contains(&response.status) {
            return Err(KmsError::from_response(&response));
        }
        // Operations without output may answer with an empty body.
        let body = if response.body.trim().is_empty() { "{}" } else { &response.body };
        serde_json::from_str(body).map_err(|e| KmsError::malformed(&response, &e.to_string()))
    }

    /// Every custom key store in the Region, following `NextMarker` to the last page.
    pub async fn describe_all(&self) -> Result<Vec<KeyStore>, KmsError> {
        let mut stores = Vec::new();
        let mut marker: Option<String> = None;
        for _ in 0..MAX_PAGES {
            let input = DescribeCustomKeyStoresRequest { limit: Some(DESCRIBE_PAGE_LIMIT), marker: marker.take(), ..Default::default() };
            let page: DescribeCustomKeyStoresResponse = self.call(Operation::DescribeCustomKeyStores, &input).await?;
            stores.extend(page.custom_key_stores.unwrap_or_default());
            match (page.truncated, page.next_marker) {
                (Some(true), Some(next)) => marker = Some(next),
                (Some(true), None) => return Err(KmsError::client("KMS said the list goes on but gave no marker to continue from.")),
                _ => return Ok(stores),
            }
        }
        Err(KmsError::client(format!("The store list did not end after {MAX_PAGES} pages.")))
    }

    pub async fn connect(&self, custom_key_store_id: &str) -> Result<(), KmsError> {
        let input = CustomKeyStoreIdRequest { custom_key_store_id: custom_key_store_id.to_owned() };
        self.call::<EmptyResponse>(Operation::ConnectCustomKeyStore, &input).await.map(drop)
    }

    pub async fn disconnect(&self, custom_key_store_id: &str) -> Result<(), KmsError> {
        let input = CustomKeyStoreIdRequest { custom_key_store_id: custom_key_store_id.to_owned() };
        self.call::<EmptyResponse>(Operation::DisconnectCustomKeyStore, &input).await.map(drop)
    }

    /// The new store's id.
    pub async fn create(&self, input: &CreateCustomKeyStoreRequest) -> Result<String, KmsError> {
        let out: CreateCustomKeyStoreResponse = self.call(Operation::CreateCustomKeyStore, input).await?;
        out.custom_key_store_id.ok_or_else(|| KmsError::client("KMS created the store but did not say its id."))
    }

    pub async fn update(&self, input: &UpdateCustomKeyStoreRequest) -> Result<(), KmsError> {
        self.call::<EmptyResponse>(Operation::UpdateCustomKeyStore, input).await.map(drop)
    }

    pub async fn delete(&self, custom_key_store_id: &str) -> Result<(), KmsError> {
        let input = CustomKeyStoreIdRequest { custom_key_store_id: custom_key_store_id.to_owned() };
        self.call::<EmptyResponse>(Operation::DeleteCustomKeyStore, &input).await.map(drop)
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::aws::http::{HttpRequest, HttpResponse, TransportError};
    use crate::kms::ErrorKind;
    use std::cell::RefCell;

    /// Answers from a script and records what was sent: enough to check paging logic here;
    /// the real HTTP path is covered by the sandbox's tests.
    struct Scripted {
        answers: RefCell<Vec<Result<HttpResponse, TransportError>>>,
        sent: RefCell<Vec<HttpRequest>>,
    }

    impl Transport for &Scripted {
        fn now_ms(&self) -> u64 {
            1_795_932_000_000
        }
        async fn post(&self, request: HttpRequest) -> Result<HttpResponse, TransportError> {
            self.sent.borrow_mut().push(request);
            self.answers.borrow_mut().remove(0)
        }
    }

    fn ok(body: &str) -> Result<HttpResponse, TransportError> {
        Ok(HttpResponse { status: 200, headers: vec![], body: body.into() })
    }

    fn client(script: &Scripted) -> KmsClient<&Scripted> {
        let creds = Credentials::from_fields("ASIAEXAMPLEFAKE0001", "fake-secret", "fake-token").unwrap();
        KmsClient::new(script, creds, "us-east-1", "http://127.0.0.1:9780/")
    }

    fn script(answers: Vec<Result<HttpResponse, TransportError>>) -> Scripted {
        Scripted { answers: RefCell::new(answers), sent: RefCell::new(vec![]) }
    }

    #[tokio::test]
    async fn follows_markers_to_the_end() {
        let s = script(vec![
            ok(r#"{"CustomKeyStores":[{"CustomKeyStoreId":"cks-a"}],"NextMarker":"m1","Truncated":true}"#),
            ok(r#"{"CustomKeyStores":[{"CustomKeyStoreId":"cks-b"}],"Truncated":false}"#),
        ]);
        let stores = client(&s).describe_all().await.unwrap();
        assert_eq!(stores.iter().map(KeyStore::id).collect::<Vec<_>>(), ["cks-a", "cks-b"]);
        let sent = s.sent.borrow();
        assert_eq!(sent[0].body, r#"{"Limit":1000}"#);
        assert_eq!(sent[1].body, r#"{"Limit":1000,"Marker":"m1"}"#);
        assert!(sent[0].headers.iter().any(|(k, v)| k == "authorization" && v.starts_with("AWS4-HMAC-SHA256 ")));
    }

    #[tokio::test]
    async fn truncated_without_marker_is_an_error_not_a_loop() {
        let s = script(vec![ok(r#"{"CustomKeyStores":[],"Truncated":true}"#)]);
        assert_eq!(client(&s).describe_all().await.unwrap_err().kind, ErrorKind::Client);
    }

    #[tokio::test]
    async fn empty_body_is_fine_for_connect_and_garbage_is_malformed() {
        let s = script(vec![ok(""), ok("{not json")]);
        let c = client(&s);
        assert_eq!(c.connect("cks-a").await, Ok(()));
        assert_eq!(c.describe_all().await.unwrap_err().kind, ErrorKind::Malformed);
    }

    #[tokio::test]
    async fn network_failure_is_reported_as_such() {
        let s = script(vec![Err(TransportError("connection refused".into()))]);
        let e = client(&s).disconnect("cks-a").await.unwrap_err();
        assert_eq!(e.kind, ErrorKind::Network);
        assert!(e.to_string().contains("connection refused"));
    }
}
