//! The signed-in session, shared app-wide as a typed context. Credentials live here, in memory;
//! they reach sessionStorage only when the user asked to be remembered in this tab.

use crate::aws::credentials::Credentials;
use crate::aws::endpoint::{EndpointError, Overrides};
use crate::aws::remembered::Remembered;
use crate::aws::sts::CallerIdentity;
use crate::browser::storage;
use leptos::prelude::*;

#[derive(Clone, Debug)]
pub struct Session {
    pub credentials: Credentials,
    pub identity: CallerIdentity,
    pub regions: Vec<String>,
    pub overrides: Overrides,
    pub fips: bool,
    pub remember: bool,
    /// The session this one switched role from: "Return" goes back to it.
    pub previous: Option<Box<Session>>,
}

impl Session {
    pub fn endpoint(&self, service: &str, region: &str) -> Result<String, EndpointError> {
        self.overrides.resolve(service, region, self.fips)
    }

    /// STS is asked in the first Region picked.
    pub fn home_region(&self) -> &str {
        self.regions.first().map_or("us-east-1", String::as_str)
    }

    /// What survives a page change: the identity and the view, not the credentials' values.
    pub fn view_key(&self) -> (String, Vec<String>, Overrides, bool) {
        (self.identity.arn.clone(), self.regions.clone(), self.overrides.clone(), self.fips)
    }

    /// Writes or clears the tab's copy, as the user chose.
    pub fn store(&self) {
        if self.remember {
            storage::save(&Remembered::new(&self.credentials, &self.regions, &self.overrides, self.fips).to_json());
        } else {
            storage::clear();
        }
    }
}

/// `None` while signed out.
#[derive(Clone, Copy)]
pub struct SessionContext(pub RwSignal<Option<Session>>);

pub fn use_session() -> SessionContext {
    expect_context::<SessionContext>()
}

/// Ends the session: the credentials leave memory and the tab's storage.
pub fn sign_out(session: RwSignal<Option<Session>>) {
    storage::clear();
    session.set(None);
}
