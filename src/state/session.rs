//! The signed-in session, shared app-wide as a typed context. Credentials live here, in memory;
//! they reach sessionStorage only when the user asked to be remembered in this tab.

use crate::aws::credentials::Credentials;
use crate::aws::endpoint::{EndpointError, Endpoints};
use crate::aws::remembered::Remembered;
use crate::aws::sts::CallerIdentity;
use crate::browser::storage;
use crate::hooks::{use_deadline, UseDeadlineOptions};
use leptos::prelude::*;

#[derive(Clone, Debug)]
pub struct Session {
    pub credentials: Credentials,
    pub identity: CallerIdentity,
    pub regions: Vec<String>,
    pub endpoints: Endpoints,
    pub remember: bool,
    /// The session this one switched role from: "Return" goes back to it.
    pub previous: Option<Box<Session>>,
}

impl Session {
    pub fn endpoint(&self, service: &str, region: &str) -> Result<String, EndpointError> {
        self.endpoints.resolve(service, region)
    }

    /// STS is asked in the first Region picked.
    pub fn home_region(&self) -> &str {
        self.regions.first().map_or("us-east-1", String::as_str)
    }

    /// What rebuilds the signed-in page when it changes: the identity and where requests go. Not
    /// the Regions (each section comes and goes on its own) nor the credentials' values (renewal
    /// keeps the view and its progress).
    pub fn view_key(&self) -> ViewKey {
        (self.identity.arn.clone(), self.endpoints.clone())
    }

    /// Writes or clears the tab's copy, as the user chose.
    pub fn store(&self) {
        if self.remember {
            storage::save(Remembered::new(&self.credentials, &self.regions, &self.endpoints).to_json());
        } else {
            storage::clear();
        }
    }
}

/// The identity's ARN, the endpoint overrides and the FIPS choice (see `Session::view_key`).
pub type ViewKey = (String, Endpoints);

/// `None` while signed out.
#[derive(Clone, Copy)]
pub struct SessionContext(pub RwSignal<Option<Session>>);

pub fn use_session() -> SessionContext {
    expect_context::<SessionContext>()
}

/// The time for the signed-in page, provided by it. `now` ticks every second for what shows a
/// countdown; `expired` is a `Memo`, so it notifies only when it flips: an effect that owns a timer
/// may depend on it without being re-run (and its timer re-armed) every second.
#[derive(Clone, Copy)]
pub struct SessionClock {
    pub now: ReadSignal<u64>,
    /// The same in steps of ten seconds, for "updated … ago" labels (`age_text`): at 204 scopes a
    /// heading each, a label per second was 204 writes to the page every second.
    pub now_by_ten: Memo<u64>,
    pub expired: Memo<bool>,
}

impl SessionClock {
    pub fn new(session: RwSignal<Option<Session>>, now: ReadSignal<u64>) -> Self {
        let expires_at = Memo::new(move |_| session.with(|s| s.as_ref().and_then(|s| s.credentials.expires_at_ms)));
        let passed = use_deadline(expires_at.into(), UseDeadlineOptions::default());
        let expired = Memo::new(move |_| passed.get());
        let now_by_ten = Memo::new(move |_| now.get() / 10_000 * 10_000);
        Self { now, now_by_ten, expired }
    }
}

/// The user confirmed, in this tab, the endpoint a link filled in (see the sign-in form).
#[derive(Clone, Copy)]
pub struct LinkTrusted(pub RwSignal<bool>);

/// Whether the renewal dialog is open before expiry ("Renew now"); at expiry it opens anyway.
#[derive(Clone, Copy)]
pub struct RenewEarly(pub RwSignal<bool>);

/// Ends the session: the credentials leave memory and the tab's storage.
pub fn sign_out(session: RwSignal<Option<Session>>) {
    storage::clear();
    session.set(None);
}
