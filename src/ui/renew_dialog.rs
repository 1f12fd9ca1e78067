//! When the credentials expire the view stays as it was and polling stops; this dialog takes new
//! credentials for the same account and the page carries on where it was. "Renew now" opens it
//! before expiry too, and then Escape or Cancel closes it.

use super::credentials_form::{CredentialFields, CredentialsForm};
use super::modal::Modal;
use crate::aws::credentials::Credentials;
use crate::browser::now_ms;
use crate::state::identity::confirm;
use crate::state::session::{sign_out, use_session, RenewEarly, SessionClock};
use leptos::ev::SubmitEvent;
use leptos::prelude::*;

#[component]
pub fn RenewDialog() -> impl IntoView {
    let session = use_session().0;
    let expired = expect_context::<SessionClock>().expired;
    let early = expect_context::<RenewEarly>().0;
    let fields = CredentialFields::new();
    let invalid = RwSignal::new(None::<String>);
    let renew = Action::new_local(move |credentials: &Credentials| {
        let credentials = credentials.clone();
        let current = session.get_untracked();
        async move {
            let current = current.ok_or("You are signed out.")?;
            let identity = confirm(&credentials, current.home_region(), &current.endpoints).await?;
            if identity.account != current.identity.account {
                return Err(format!("These credentials are for account {}, not {}. Sign out to change accounts.", identity.account, current.identity.account));
            }
            session.update(|s| {
                if let Some(s) = s {
                    s.credentials = credentials;
                    s.identity = identity;
                    s.store();
                }
            });
            early.set(false);
            Ok(())
        }
    });
    let problem = Memo::new(move |_| invalid.get().or_else(|| renew.value().get().filter(|_| !renew.pending().get()).and_then(Result::err)));
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        match fields.read(now_ms()) {
            Ok(c) => {
                invalid.set(None);
                renew.dispatch_local(c);
            }
            Err(e) => invalid.set(Some(e)),
        }
    };
    let close = Callback::new(move |()| {
        if !expired.get_untracked() {
            early.set(false);
        }
    });
    view! {
        <Modal labelled_by="renew-title" on_escape=close>
            <h2 id="renew-title">{move || if expired.get() { "Your credentials have expired" } else { "Renew your credentials" }}</h2>
            <p>{move || if expired.get() {
                "Nothing was lost: the page is paused as it was. Give new credentials for the same account to carry on."
            } else {
                "Give new credentials for the same account before these expire; the page carries on as it is."
            }}</p>
            <form on:submit=submit novalidate>
                <CredentialsForm fields id_prefix="renew"/>
                <Show when=move || problem.with(Option::is_some)>
                    <p class="problem" role="alert">{move || problem.get().unwrap_or_default()}</p>
                </Show>
                <div class="dialog-actions">
                    <button type="submit" class="primary" disabled=move || renew.pending().get()>"Continue"</button>
                    <Show when=move || !expired.get() fallback=move || view! { <button type="button" on:click=move |_| sign_out(session)>"Sign out"</button> }>
                        <button type="button" on:click=move |_| close.run(())>"Cancel"</button>
                    </Show>
                </div>
            </form>
        </Modal>
    }
}
