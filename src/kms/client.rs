//! A KMS client over any `Transport`: build, sign, send, read. The browser plugs in `fetch`;
//! the sandbox's tests plug in a native HTTP client, so the same code is checked against it.

use super::model::{
    ConnectionState, CreateCustomKeyStoreRequest, CreateCustomKeyStoreResponse, CustomKeyStoreIdRequest, DescribeCustomKeyStoresRequest,
    DescribeCustomKeyStoresResponse, EmptyResponse, KeyStore, UpdateCustomKeyStoreRequest,
};
use super::operation::Operation;
use super::KmsError;
use crate::aws::credentials::Credentials;
use crate::aws::http::Transport;
use crate::aws::json_client::{JsonClient, KMS};
use crate::aws::retry::{classify, outcome_unknown, Retry, MAX_ATTEMPTS};
use serde::de::DeserializeOwned;
use serde::Serialize;

/// KMS's largest page: fewer round trips for accounts with many stores.
pub const DESCRIBE_PAGE_LIMIT: u32 = 1000;
/// A bound on pages (50,000 stores; KMS's quota is 10 per account and Region), so a server that
/// keeps answering `Truncated` with new markers cannot spin us for long.
const MAX_PAGES: usize = 50;

#[derive(Debug, Clone)]
pub struct KmsClient<T> {
    json: JsonClient<T>,
}

impl<T: Transport> KmsClient<T> {
    pub fn new(transport: T, credentials: Credentials, region: impl Into<String>, endpoint_url: impl Into<String>) -> Self {
        Self { json: JsonClient::new(KMS, transport, credentials, region, endpoint_url) }
    }

    pub fn region(&self) -> &str {
        self.json.region()
    }

    pub fn transport(&self) -> &T {
        self.json.transport()
    }

    /// The same client signing with other credentials (renewed ones for the same account).
    pub fn with_credentials(&self, credentials: Credentials) -> Self
    where
        T: Clone,
    {
        Self { json: self.json.with_credentials(credentials) }
    }

    /// One call, retried as the AWS SDKs do when the failure can pass (see `aws::retry`).
    pub async fn call<O: DeserializeOwned>(&self, operation: Operation, input: &impl Serialize) -> Result<O, KmsError> {
        self.json.call(operation.name(), input).await
    }

    /// One signed call, not retried.
    pub async fn call_once<O: DeserializeOwned>(&self, operation: Operation, input: &impl Serialize) -> Result<O, KmsError> {
        self.json.call_once(operation.name(), input).await
    }

    /// Every custom key store in the Region, following `NextMarker` to the last page.
    pub async fn describe_all(&self) -> Result<Vec<KeyStore>, KmsError> {
        let mut stores = Vec::new();
        let mut marker: Option<String> = None;
        let mut seen = std::collections::BTreeSet::new();
        for _ in 0..MAX_PAGES {
            let input = DescribeCustomKeyStoresRequest { limit: Some(DESCRIBE_PAGE_LIMIT), marker: marker.take(), ..Default::default() };
            let page: DescribeCustomKeyStoresResponse = self.call(Operation::DescribeCustomKeyStores, &input).await?;
            stores.extend(page.custom_key_stores.unwrap_or_default());
            match (page.truncated, page.next_marker) {
                // A marker seen before would start the same pages over, for ever.
                (Some(true), Some(next)) if !seen.insert(next.clone()) => {
                    return Err(KmsError::client("The service sent the same page marker twice; the list stops here rather than loop."))
                }
                (Some(true), Some(next)) => marker = Some(next),
                (Some(true), None) => return Err(KmsError::client("KMS said the list goes on but gave no marker to continue from.")),
                _ => return Ok(stores),
            }
        }
        Err(KmsError::client(format!("The store list did not end after {MAX_PAGES} pages.")))
    }

    pub async fn connect(&self, custom_key_store_id: &str) -> Result<(), KmsError> {
        self.change_state(Operation::ConnectCustomKeyStore, custom_key_store_id, |s| matches!(s, ConnectionState::Connecting | ConnectionState::Connected))
            .await
    }

    pub async fn disconnect(&self, custom_key_store_id: &str) -> Result<(), KmsError> {
        self.change_state(Operation::DisconnectCustomKeyStore, custom_key_store_id, |s| {
            matches!(s, ConnectionState::Disconnecting | ConnectionState::Disconnected)
        })
        .await
    }

    /// Connect or Disconnect, so that the user's one press is at most one accepted action: a call
    /// that failed for sure is sent again; one whose outcome is unknown (no answer, or one that
    /// could not be read) may have been carried out, so the store's state is read first, and a
    /// state that shows it was (`accepted`) ends the call as a success.
    async fn change_state(&self, operation: Operation, id: &str, accepted: fn(&ConnectionState) -> bool) -> Result<(), KmsError> {
        let input = CustomKeyStoreIdRequest { custom_key_store_id: id.to_owned() };
        let mut retry = 0;
        loop {
            let error = match self.call_once::<EmptyResponse>(operation, &input).await {
                Ok(_) => return Ok(()),
                Err(e) => e,
            };
            if retry + 1 >= MAX_ATTEMPTS || classify(&error) == Retry::No {
                return Err(error);
            }
            if outcome_unknown(&error) && self.state_of(id).await.ok().flatten().as_ref().is_some_and(accepted) {
                return Ok(());
            }
            self.json.back_off(operation.name(), retry, &error).await;
            retry += 1;
        }
    }

    /// The connection state of one store, as KMS reports it now.
    pub async fn state_of(&self, id: &str) -> Result<Option<ConnectionState>, KmsError> {
        let input = DescribeCustomKeyStoresRequest { custom_key_store_id: Some(id.to_owned()), ..Default::default() };
        let page: DescribeCustomKeyStoresResponse = self.call(Operation::DescribeCustomKeyStores, &input).await?;
        Ok(page.custom_key_stores.unwrap_or_default().into_iter().find(|s| s.id() == id).and_then(|s| s.connection_state))
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
    use crate::aws::http::{HttpRequest, HttpResponse, RetryEvent, TransportError};
    use crate::kms::ErrorKind;
    use std::cell::RefCell;

    /// Answers from a script and records what was sent: enough to check paging logic here;
    /// the real HTTP path is covered by the sandbox's tests.
    struct Scripted {
        answers: RefCell<Vec<Result<HttpResponse, TransportError>>>,
        sent: RefCell<Vec<HttpRequest>>,
        waits: RefCell<Vec<u64>>,
        retries: RefCell<Vec<RetryEvent>>,
    }

    impl Transport for &Scripted {
        fn now_ms(&self) -> u64 {
            1_795_932_000_000
        }
        async fn post(&self, request: HttpRequest) -> Result<HttpResponse, TransportError> {
            self.sent.borrow_mut().push(request);
            self.answers.borrow_mut().remove(0)
        }
        async fn sleep(&self, ms: u64) {
            self.waits.borrow_mut().push(ms);
        }
        fn random(&self) -> f64 {
            1.0
        }
        fn retrying(&self, event: &RetryEvent) {
            self.retries.borrow_mut().push(event.clone());
        }
    }

    impl Scripted {
        /// The `X-Amz-Target` operation of each request sent, in order.
        fn operations(&self) -> Vec<String> {
            let target = |r: &HttpRequest| r.headers.iter().find(|(k, _)| k == "x-amz-target").map(|(_, v)| v.trim_start_matches("TrentService.").to_owned());
            self.sent.borrow().iter().filter_map(target).collect()
        }
    }

    fn ok(body: &str) -> Result<HttpResponse, TransportError> {
        Ok(HttpResponse { status: 200, headers: vec![], body: body.into() })
    }

    fn error(status: u16, kind: &str) -> Result<HttpResponse, TransportError> {
        Ok(HttpResponse { status, headers: vec![], body: format!(r#"{{"__type":"{kind}","message":"scripted"}}"#) })
    }

    fn lost() -> Result<HttpResponse, TransportError> {
        Err(TransportError("connection reset".into()))
    }

    fn client(script: &Scripted) -> KmsClient<&Scripted> {
        let creds = Credentials::from_fields("ASIAEXAMPLEFAKE0001", "fake-secret", "fake-token").unwrap();
        KmsClient::new(script, creds, "us-east-1", "http://127.0.0.1:9780/")
    }

    fn script(answers: Vec<Result<HttpResponse, TransportError>>) -> Scripted {
        Scripted { answers: RefCell::new(answers), sent: RefCell::new(vec![]), waits: RefCell::default(), retries: RefCell::default() }
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
    async fn a_repeated_marker_stops_the_list_instead_of_looping() {
        let page = ok(r#"{"CustomKeyStores":[],"Truncated":true,"NextMarker":"same"}"#);
        let s = script(vec![page.clone(), page.clone(), page]);
        assert_eq!(client(&s).describe_all().await.unwrap_err().kind, ErrorKind::Client);
        assert_eq!(s.sent.borrow().len(), 2, "the second answer repeats the first marker: two requests in all");
    }

    #[tokio::test]
    async fn a_huge_answer_is_refused_unread() {
        let huge = format!(r#"{{"CustomKeyStores":[],"Padding":"{}"}}"#, "x".repeat(9_000_000));
        let s = script(vec![ok(&huge), ok(&huge), ok(&huge)]);
        let e = client(&s).describe_all().await.unwrap_err();
        assert_eq!(e.kind, ErrorKind::TooLarge);
        assert!(e.message.contains("9 MB"), "{e}");
        assert_eq!(s.sent.borrow().len(), 1, "an answer refused for its size is not asked for again");
    }

    #[tokio::test]
    async fn empty_body_is_fine_for_connect_and_garbage_is_malformed() {
        let s = script(vec![ok(""), ok("{not json"), ok("{not json"), ok("{not json")]);
        let c = client(&s);
        assert_eq!(c.connect("cks-a").await, Ok(()));
        assert_eq!(c.describe_all().await.unwrap_err().kind, ErrorKind::Malformed, "unreadable three times over");
        assert_eq!(s.sent.borrow().len(), 4);
    }

    #[tokio::test]
    async fn network_failure_is_reported_as_such() {
        let s = script(vec![lost(), lost(), lost()]);
        let e = client(&s).describe_all().await.unwrap_err();
        assert_eq!(e.kind, ErrorKind::Network);
        assert!(e.to_string().contains("connection reset"));
        assert_eq!(s.sent.borrow().len(), 3, "three attempts, as the AWS SDKs make");
    }

    const CONNECTING: &str = r#"{"CustomKeyStores":[{"CustomKeyStoreId":"cks-a","ConnectionState":"CONNECTING"}],"Truncated":false}"#;
    const DISCONNECTED: &str = r#"{"CustomKeyStores":[{"CustomKeyStoreId":"cks-a","ConnectionState":"DISCONNECTED"}],"Truncated":false}"#;

    #[tokio::test]
    async fn a_connect_whose_answer_was_lost_reads_the_state_before_sending_again() {
        // KMS took it: the state says so, and nothing more is sent.
        let s = script(vec![lost(), ok(CONNECTING)]);
        assert_eq!(client(&s).connect("cks-a").await, Ok(()));
        assert_eq!(s.operations(), ["ConnectCustomKeyStore", "DescribeCustomKeyStores"]);
        // KMS did not: it is sent once more.
        let s = script(vec![lost(), ok(DISCONNECTED), ok("{}")]);
        assert_eq!(client(&s).connect("cks-a").await, Ok(()));
        assert_eq!(s.operations(), ["ConnectCustomKeyStore", "DescribeCustomKeyStores", "ConnectCustomKeyStore"]);
    }

    #[tokio::test]
    async fn a_connect_that_surely_failed_is_sent_again_and_state_errors_never_are() {
        let s = script(vec![error(500, "KMSInternalException"), ok("{}")]);
        assert_eq!(client(&s).connect("cks-a").await, Ok(()));
        assert_eq!(s.operations(), ["ConnectCustomKeyStore", "ConnectCustomKeyStore"]);
        assert_eq!(*s.waits.borrow(), [50], "the first retry waits up to 50 ms");
        let s = script(vec![error(400, "CustomKeyStoreInvalidStateException")]);
        assert!(client(&s).disconnect("cks-a").await.is_err());
        assert_eq!(s.sent.borrow().len(), 1);
    }

    #[tokio::test]
    async fn a_throttled_page_is_retried_alone_and_backs_off_harder() {
        let first = r#"{"CustomKeyStores":[{"CustomKeyStoreId":"cks-1"}],"Truncated":true,"NextMarker":"m1"}"#;
        let last = r#"{"CustomKeyStores":[{"CustomKeyStoreId":"cks-2"}],"Truncated":false}"#;
        let s = script(vec![ok(first), error(400, "ThrottlingException"), error(400, "ThrottlingException"), ok(last)]);
        let stores = client(&s).describe_all().await.unwrap();
        assert_eq!(stores.iter().map(KeyStore::id).collect::<Vec<_>>(), ["cks-1", "cks-2"]);
        let markers: Vec<bool> = s.sent.borrow().iter().map(|r| r.body.contains("\"Marker\":\"m1\"")).collect();
        assert_eq!(markers, [false, true, true, true], "the failed page is asked again, not the whole list");
        assert_eq!(*s.waits.borrow(), [1_000, 2_000], "throttling: base 1 s, doubling");
        let attempts: Vec<u32> = s.retries.borrow().iter().map(|r| r.attempt).collect();
        assert_eq!(attempts, [2, 3], "each retry is told, for the page and the activity log");
    }
}
