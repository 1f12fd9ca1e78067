//! The signed-in session, shared app-wide as a typed context. It holds the credentials in memory
//! only: nothing here is written to storage, cookies or the URL.

use crate::aws::credentials::Credentials;
use leptos::prelude::*;

#[derive(Clone, Debug)]
pub struct Session {
    pub credentials: Credentials,
    pub region: String,
    /// The KMS endpoint requests go to (the Region's, or the user's override).
    pub kms_endpoint: String,
}

/// `None` while signed out.
#[derive(Clone, Copy)]
pub struct SessionContext(pub RwSignal<Option<Session>>);

pub fn use_session() -> SessionContext {
    expect_context::<SessionContext>()
}
