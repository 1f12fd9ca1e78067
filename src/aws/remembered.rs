//! What "remember in this tab" keeps in sessionStorage: enough to sign in again after a reload,
//! until the tab closes or the credentials expire, whichever is first. Nothing else is stored.

use super::credentials::Credentials;
use super::endpoint::{Endpoints, Overrides};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Remembered {
    pub access_key_id: String,
    pub secret_access_key: String,
    pub session_token: Option<String>,
    pub expires_at_ms: Option<u64>,
    pub regions: Vec<String>,
    pub endpoint_all: Option<String>,
    pub endpoint_kms: Option<String>,
    pub endpoint_sts: Option<String>,
    pub fips: bool,
}

impl Remembered {
    pub fn new(credentials: &Credentials, regions: &[String], endpoints: &Endpoints) -> Self {
        let (overrides, fips) = (&endpoints.overrides, endpoints.fips);
        Self {
            access_key_id: credentials.access_key_id.clone(),
            secret_access_key: credentials.secret_access_key.clone(),
            session_token: credentials.session_token.clone(),
            expires_at_ms: credentials.expires_at_ms,
            regions: regions.to_vec(),
            endpoint_all: overrides.all.clone(),
            endpoint_kms: overrides.kms.clone(),
            endpoint_sts: overrides.sts.clone(),
            fips,
        }
    }

    /// The stored text, or `None` when it is unreadable or its credentials have expired.
    pub fn restore(text: &str, now_ms: u64) -> Option<(Credentials, Vec<String>, Endpoints)> {
        let r: Remembered = serde_json::from_str(text).ok()?;
        if r.expires_at_ms.is_some_and(|at| at <= now_ms) {
            return None;
        }
        let credentials = Credentials {
            access_key_id: r.access_key_id,
            secret_access_key: r.secret_access_key,
            session_token: r.session_token,
            expires_at_ms: r.expires_at_ms,
        };
        Some((credentials, r.regions, Endpoints::new(Overrides { all: r.endpoint_all, kms: r.endpoint_kms, sts: r.endpoint_sts }, r.fips)))
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_until_expiry() {
        let mut creds = Credentials::from_fields("ASIAEXAMPLEFAKE00001", "fake", "token-fake").unwrap();
        creds.expires_at_ms = Some(1_000);
        let overrides = Overrides { all: Some("http://127.0.0.1:9780/".into()), ..Default::default() };
        let endpoints = Endpoints::new(overrides, false);
        let text = Remembered::new(&creds, &["us-east-1".into()], &endpoints).to_json();
        let (back, regions, e) = Remembered::restore(&text, 999).unwrap();
        assert_eq!((back, regions, e), (creds, vec!["us-east-1".to_string()], endpoints));
        assert!(Remembered::restore(&text, 1_000).is_none(), "expired credentials are not restored");
        assert!(Remembered::restore("{garbage", 0).is_none());
    }
}
