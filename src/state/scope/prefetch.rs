//! Each Region's first list is asked for the moment STS has confirmed the credentials, not once
//! the signed-in page has been built: building the page takes longer than the list does, and both
//! stand between Sign in and the table. The Region's section picks its list up from here.

use crate::kms::{KeyStore, KmsClient, KmsError};
use crate::state::session::Session;
use futures_channel::oneshot;
use leptos::task::spawn_local;
use std::cell::RefCell;
use std::collections::HashMap;

pub type Listed = Result<Vec<KeyStore>, KmsError>;

thread_local! {
    /// (Scope, access key id) → the list on its way.
    static LISTS: RefCell<HashMap<(String, String), oneshot::Receiver<Listed>>> = RefCell::new(HashMap::new());
}

/// Asks every Region of `session` for its stores.
pub fn start(session: &Session) {
    // Whatever an earlier sign-in left behind was for another page.
    LISTS.with(|lists| lists.borrow_mut().clear());
    for region in &session.regions {
        let Ok(url) = session.endpoint("kms", region) else { continue };
        let client = KmsClient::new(crate::state::activity::transport(session.identity.account.clone()), session.credentials.clone(), region.clone(), url);
        let (send, receive) = oneshot::channel();
        spawn_local(async move {
            let _ = send.send(client.describe_all().await);
        });
        LISTS.with(|lists| lists.borrow_mut().insert((region.clone(), session.credentials.access_key_id.clone()), receive));
    }
}

/// The list sign-in asked for in `region` with these credentials, once (later lists are the
/// Region's own).
pub fn take(region: &str, access_key_id: &str) -> Option<oneshot::Receiver<Listed>> {
    LISTS.with(|lists| lists.borrow_mut().remove(&(region.to_owned(), access_key_id.to_owned())))
}
