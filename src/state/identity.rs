//! Asking STS who credentials belong to, before any of them is trusted with the view.

use crate::aws::client::SignedSender;
use crate::aws::credentials::Credentials;
use crate::aws::endpoint::Endpoints;
use crate::aws::sts::{explain_refusal, refuses_credentials, CallerIdentity, StsClient};
use crate::browser::fetch::FetchTransport;
use crate::state::activity;

/// An STS client for `credentials`, at the endpoint the overrides and Region give.
/// `account` is whose credentials these are, for the activity log (empty while signing in).
pub fn sts_client(account: &str, credentials: &Credentials, region: &str, endpoints: &Endpoints) -> Result<StsClient<FetchTransport>, String> {
    let url = endpoints.resolve("sts", region).map_err(|e| e.to_string())?;
    Ok(StsClient::new(SignedSender::new(activity::transport(account), credentials.clone(), region), url))
}

/// Why the identity could not be confirmed: a sentence, and whether STS refused the credentials
/// themselves (rather than not answering).
#[derive(Debug, Clone)]
pub struct Unconfirmed {
    pub why: String,
    pub refused: bool,
}

impl From<Unconfirmed> for String {
    fn from(u: Unconfirmed) -> String {
        u.why
    }
}

/// The identity behind `credentials`, or why it could not be confirmed.
pub async fn confirm(credentials: &Credentials, region: &str, endpoints: &Endpoints) -> Result<CallerIdentity, Unconfirmed> {
    let client = sts_client("", credentials, region, endpoints).map_err(|why| Unconfirmed { why, refused: false })?;
    client.get_caller_identity().await.map_err(|e| Unconfirmed { why: explain_refusal(&e, credentials), refused: refuses_credentials(&e) })
}
