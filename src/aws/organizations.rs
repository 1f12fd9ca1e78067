//! AWS Organizations `ListAccounts` (REFERENCE.md section 9): the accounts the fleet may be built
//! from. It answers only the management account or a delegated administrator, from one global
//! endpoint signed for us-east-1 in the `aws` partition.

use super::codes;
use super::credentials::Credentials;
use super::endpoint::{EndpointError, Overrides};
use super::error::ServiceError;
use super::http::Transport;
use super::json_client::{JsonClient, JsonService};
use serde::{Deserialize, Serialize};

pub const ORGANIZATIONS: JsonService = JsonService {
    endpoint_prefix: "organizations",
    signing_name: "organizations",
    target_prefix: "AWSOrganizationsV20161128",
    content_type: "application/x-amz-json-1.1",
    title: "Organizations",
};
pub const GLOBAL_URL: &str = "https://organizations.us-east-1.amazonaws.com/";
pub const SIGNING_REGION: &str = "us-east-1";
/// The model's most per page.
const PAGE_SIZE: u32 = 20;
/// 20 000 accounts; a service handing out tokens past that is looping, not listing.
const MAX_PAGES: usize = 1_000;

/// One account as `ListAccounts` gives it; the e-mail address is not read (nothing here needs it).
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct OrgAccount {
    pub id: Option<String>,
    pub arn: Option<String>,
    pub name: Option<String>,
    /// `ACTIVE`, `SUSPENDED`, `PENDING_CLOSURE`, `PENDING_ACTIVATION`, `CLOSED`.
    pub state: Option<String>,
    /// Older than `State` and retired from 9 September 2026; read only when `State` is missing.
    pub status: Option<String>,
}

impl OrgAccount {
    pub fn lifecycle(&self) -> Option<&str> {
        self.state.as_deref().or(self.status.as_deref())
    }

    /// The partition from the account's ARN (`arn:aws:organizations::…`).
    pub fn partition(&self) -> Option<&str> {
        self.arn.as_deref().and_then(|a| a.split(':').nth(1)).filter(|p| !p.is_empty())
    }
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
struct ListAccountsRequest<'a> {
    max_results: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    next_token: Option<&'a str>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase")]
struct ListAccountsResponse {
    #[serde(default)]
    accounts: Vec<OrgAccount>,
    next_token: Option<String>,
}

/// Where Organizations calls go: through the endpoint overrides like every service (the shared
/// one points at the sandbox), else the global endpoint, which serves the `aws` partition.
pub fn endpoint(overrides: &Overrides, partition: &str) -> Result<String, EndpointError> {
    if overrides.all.is_none() && partition != "aws" {
        return Err(EndpointError(format!("This console reaches Organizations only in the aws partition, not in {partition}.")));
    }
    overrides.resolve(ORGANIZATIONS.endpoint_prefix, SIGNING_REGION, false)
}

/// A client for the hub's credentials: signed for us-east-1 at `endpoint_url` (from [`endpoint`]).
pub fn client<T: Transport>(transport: T, credentials: Credentials, endpoint_url: impl Into<String>) -> JsonClient<T> {
    JsonClient::new(ORGANIZATIONS, transport, credentials, SIGNING_REGION, endpoint_url)
}

/// Every account of the organization, page after page until no `NextToken` comes back (a page may
/// be empty and still carry one).
pub async fn list_accounts<T: Transport>(client: &JsonClient<T>) -> Result<Vec<OrgAccount>, ServiceError> {
    let mut accounts = vec![];
    let mut token: Option<String> = None;
    for _ in 0..MAX_PAGES {
        let page: ListAccountsResponse = client.call("ListAccounts", &ListAccountsRequest { max_results: PAGE_SIZE, next_token: token.as_deref() }).await?;
        accounts.extend(page.accounts);
        match page.next_token.filter(|t| !t.is_empty()) {
            Some(next) if Some(&next) == token.as_ref() => return Err(ServiceError::client("Organizations handed back the same page token twice.")),
            Some(next) => token = Some(next),
            None => return Ok(accounts),
        }
    }
    Err(ServiceError::client(format!("Organizations listed more than {} accounts without an end.", MAX_PAGES * PAGE_SIZE as usize)))
}

/// Why the hub cannot list its organization, in words; `None` when the error is not about that.
pub fn explain_unavailable(error: &ServiceError) -> Option<String> {
    match error.code() {
        codes::ORGANIZATIONS_NOT_IN_USE => Some(
            "Organizations is not available: the hub's account is not in an organization. Add accounts by role ARN or from a ~/.aws/config instead.".into(),
        ),
        code if codes::is_access_denied(code) => Some(
            "Organizations is not available: only the management account or a delegated administrator can list the accounts, and the hub is neither (or lacks organizations:ListAccounts). Add accounts by role ARN or from a ~/.aws/config instead.".into(),
        ),
        _ => None,
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::aws::http::{HttpRequest, HttpResponse, TransportError};
    use std::cell::RefCell;

    /// Answers each ListAccounts with the next canned page, keeping the requests.
    struct Pages(RefCell<Vec<&'static str>>, RefCell<Vec<HttpRequest>>);

    impl Transport for &Pages {
        fn now_ms(&self) -> u64 {
            1_795_932_000_000
        }
        async fn post(&self, request: HttpRequest) -> Result<HttpResponse, TransportError> {
            self.1.borrow_mut().push(request);
            let body = self.0.borrow_mut().remove(0);
            let status = if body.contains("__type") { 400 } else { 200 };
            Ok(HttpResponse { status, headers: vec![], body: body.into() })
        }
    }

    fn creds() -> Credentials {
        Credentials::from_fields("ASIAEXAMPLEFAKE0001", "fake", "fake").unwrap()
    }

    #[tokio::test]
    async fn every_page_is_read_until_no_token() {
        let pages = Pages(
            RefCell::new(vec![
                r#"{"Accounts":[{"Id":"111122223333","Name":"hub","State":"ACTIVE","Arn":"arn:aws:organizations::111122223333:account/o-abcdefghij/111122223333"}],"NextToken":"t1"}"#,
                r#"{"Accounts":[],"NextToken":"t2"}"#,
                r#"{"Accounts":[{"Id":"444455556666","Name":"payments","Status":"SUSPENDED"}]}"#,
            ]),
            RefCell::default(),
        );
        let accounts = list_accounts(&client(&pages, creds(), GLOBAL_URL)).await.unwrap();
        assert_eq!(accounts.len(), 2);
        assert_eq!((accounts[0].partition(), accounts[1].lifecycle()), (Some("aws"), Some("SUSPENDED")));
        let sent = pages.1.borrow();
        assert_eq!(sent.len(), 3);
        assert_eq!(sent[0].body, r#"{"MaxResults":20}"#);
        assert_eq!(sent[2].body, r#"{"MaxResults":20,"NextToken":"t2"}"#);
        assert!(sent[0].headers.contains(&("x-amz-target".into(), "AWSOrganizationsV20161128.ListAccounts".into())));
        let auth = &sent[0].headers.iter().find(|(k, _)| k == "authorization").unwrap().1;
        assert!(auth.contains("/us-east-1/organizations/aws4_request"), "{auth}");
    }

    #[tokio::test]
    async fn a_hub_outside_the_management_account_is_told_why() {
        let pages = Pages(RefCell::new(vec![r#"{"__type":"AWSOrganizationsNotInUseException","Message":"no"}"#]), RefCell::default());
        let e = list_accounts(&client(&pages, creds(), GLOBAL_URL)).await.unwrap_err();
        assert!(explain_unavailable(&e).unwrap().contains("not in an organization"));
        let denied = ServiceError {
            kind: crate::aws::error::ErrorKind::Service("AccessDeniedException".into()),
            message: String::new(),
            request_id: None,
            status: Some(400),
        };
        assert!(explain_unavailable(&denied).unwrap().contains("management account or a delegated administrator"));
        let looping = Pages(RefCell::new(vec![r#"{"NextToken":"same"}"#, r#"{"NextToken":"same"}"#]), RefCell::default());
        assert!(list_accounts(&client(&looping, creds(), GLOBAL_URL)).await.unwrap_err().message.contains("same page token"));
    }

    #[test]
    fn organizations_goes_to_the_override_or_the_global_endpoint() {
        assert_eq!(endpoint(&Overrides::default(), "aws").unwrap(), GLOBAL_URL);
        let sandbox = Overrides { all: Some("http://127.0.0.1:9780/".into()), ..Default::default() };
        assert_eq!(endpoint(&sandbox, "aws").unwrap(), "http://127.0.0.1:9780/");
        assert!(endpoint(&Overrides::default(), "aws-us-gov").is_err());
    }
}
