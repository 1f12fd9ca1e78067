//! AssumeRole from the current session into another role (often in another account); the new
//! session remembers this one so the user can return to it. Shown in a modal by the header.

use super::text_field::TextField;
use crate::aws::sts::{AssumeRoleInput, CallerIdentity};
use crate::state::identity::sts_client;
use crate::state::session::{use_session, Session};
use leptos::ev::SubmitEvent;
use leptos::prelude::*;

#[component]
pub fn SwitchRole(done: impl Fn() + Clone + Send + Sync + 'static) -> impl IntoView {
    let session = use_session().0;
    let role_arn = RwSignal::new(String::new());
    let external_id = RwSignal::new(String::new());
    let session_name = RwSignal::new("cks-console".to_owned());
    let invalid = RwSignal::new(None::<String>);

    let finished = done.clone();
    let assume = Action::new_local(move |input: &AssumeRoleInput| {
        let input = input.clone();
        let current = session.get_untracked();
        let finished = finished.clone();
        async move {
            let current = current.ok_or("You are signed out.")?;
            let client = sts_client(&current.identity.account, &current.credentials, current.home_region(), &current.endpoints)?;
            let role = client.assume_role(&input).await.map_err(|e| format!("STS did not let this session assume {}: {e}", input.role_arn))?;
            let account = role.arn.split(':').nth(4).unwrap_or_default().to_owned();
            let next = Session {
                credentials: role.credentials,
                identity: CallerIdentity { account, arn: role.arn, user_id: String::new() },
                previous: Some(Box::new(current.clone())),
                ..current
            };
            next.store();
            crate::browser::release_focus();
            session.set(Some(next));
            finished();
            Ok::<(), String>(())
        }
    });
    let problem = Memo::new(move |_| invalid.get().or_else(|| assume.value().get().filter(|_| !assume.pending().get()).and_then(Result::err)));
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let arn = role_arn.get_untracked().trim().to_owned();
        if !(arn.starts_with("arn:aws") && arn.contains(":role/")) {
            return invalid.set(Some("Role ARN must look like arn:aws:iam::123456789012:role/RoleName.".into()));
        }
        let external = external_id.get_untracked().trim().to_owned();
        invalid.set(None);
        assume.dispatch_local(AssumeRoleInput {
            role_arn: arn,
            session_name: session_name.get_untracked().trim().to_owned(),
            external_id: (!external.is_empty()).then_some(external),
        });
    };
    view! {
        <section class="switch-role" aria-labelledby="switch-role-title">
            <h2 id="switch-role-title">"Switch role"</h2>
            <form on:submit=submit novalidate>
                <TextField id="role-arn" label="Role ARN" value=role_arn/>
                <TextField id="external-id" label="External ID (optional)" value=external_id/>
                <TextField id="role-session-name" label="Session name" value=session_name/>
                <Show when=move || problem.with(Option::is_some)>
                    <p class="problem" role="alert">{move || problem.get().unwrap_or_default()}</p>
                </Show>
                <div class="dialog-actions">
                    <button type="submit" class="primary" disabled=move || assume.pending().get()>"Assume role"</button>
                    <button type="button" on:click=move |_| done()>"Cancel"</button>
                </div>
            </form>
        </section>
    }
}
