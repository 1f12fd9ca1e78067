//! What the hub can learn about accounts: the organization's accounts (when the hub is its
//! management account or a delegated administrator) and an account's IAM alias.

use crate::aws::client::SignedSender;
use crate::aws::credentials::Credentials;
use crate::aws::iam::{self, IamClient};
use crate::aws::organizations::{self, explain_unavailable, list_accounts, OrgAccount};
use crate::state::activity;
use crate::state::session::Session;

/// The hub's partition, from its ARN (`arn:aws:…`).
pub fn partition(session: &Session) -> String {
    session.identity.arn.split(':').nth(1).filter(|p| !p.is_empty()).unwrap_or("aws").to_owned()
}

/// Every account of the hub's organization, or why it cannot be listed, in words.
pub async fn organization_accounts(session: &Session) -> Result<Vec<OrgAccount>, String> {
    let url = organizations::endpoint(&session.endpoints.overrides, &partition(session)).map_err(|e| e.to_string())?;
    let client = organizations::client(activity::transport(session.identity.account.clone()), session.credentials.clone(), url);
    list_accounts(&client).await.map_err(|e| explain_unavailable(&e).unwrap_or_else(|| format!("Organizations did not list the accounts: {e}")))
}

/// The account's IAM alias (at most one), asked with that account's own credentials.
pub async fn account_alias(session: &Session, account: &str, credentials: &Credentials) -> Option<String> {
    let url = iam::endpoint(&session.endpoints.overrides, &partition(session)).ok()?;
    let client = IamClient::new(SignedSender::new(activity::transport(account), credentials.clone(), iam::SIGNING_REGION), url);
    client.account_alias().await.ok().flatten()
}
