//! Asking STS who credentials belong to, before any of them is trusted with the view.

use crate::aws::client::SignedSender;
use crate::aws::credentials::Credentials;
use crate::aws::endpoint::Overrides;
use crate::aws::sts::{explain_refusal, CallerIdentity, StsClient};
use crate::browser::fetch::FetchTransport;

/// An STS client for `credentials`, at the endpoint the overrides and Region give.
pub fn sts_client(credentials: &Credentials, region: &str, overrides: &Overrides, fips: bool) -> Result<StsClient<FetchTransport>, String> {
    let url = overrides.resolve("sts", region, fips).map_err(|e| e.to_string())?;
    Ok(StsClient::new(SignedSender::new(FetchTransport::new(), credentials.clone(), region), url))
}

/// The identity behind `credentials`, or a sentence saying why STS refused them.
pub async fn confirm(credentials: &Credentials, region: &str, overrides: &Overrides, fips: bool) -> Result<CallerIdentity, String> {
    let client = sts_client(credentials, region, overrides, fips)?;
    client.get_caller_identity().await.map_err(|e| explain_refusal(&e, credentials))
}
