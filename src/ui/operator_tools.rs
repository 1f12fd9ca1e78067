//! What an operator takes away from a session: the runbook of its changes (each as its CLI
//! command, followed by a wait for the store to settle, which the AWS CLI has no waiter for), and
//! the least-privilege IAM policies for what the console does here, with the trust policy of a
//! fleet role.

use crate::browser::{copy_text, save_text};
use crate::kms::polling::PollSchedule;
use crate::ops::policy::{identity_policy, to_text, trust_policy, Access, Scope as PolicyScope, NOTES};
use crate::ops::runbook::runbook;
use crate::state::changes::ChangeLog;
use crate::state::fleet::use_fleet;
use crate::state::session::use_session;
use leptos::prelude::*;
use leptos::task::spawn_local;

#[component]
pub fn OperatorTools() -> impl IntoView {
    let changes = expect_context::<ChangeLog>().0;
    let count = move || changes.with(Vec::len);
    let save_runbook = move |_| {
        let script = changes.with_untracked(|c| runbook(c, &PollSchedule::default()));
        save_text("cks-runbook.sh", "text/x-shellscript", &script);
    };
    // The policies are written only while the panel is open: they name every fleet role, and at
    // sign-in each of 50 accounts arriving (then getting its name) rewrote all three.
    let open = RwSignal::new(false);
    view! {
        <details class="operator-tools" on:toggle=move |ev| open.set(event_target::<web_sys::HtmlDetailsElement>(&ev).open())>
            <summary>"Runbook and permissions"</summary>
            <section aria-labelledby="runbook-title">
                <h3 id="runbook-title">"Runbook"</h3>
                <p class="hint">{move || match count() {
                    0 => "No change yet in this session. Connect, disconnect, create, update and delete are kept here, in order, as AWS CLI commands.".to_owned(),
                    1 => "1 change in this session.".to_owned(),
                    n => format!("{n} changes in this session."),
                }}</p>
                <p class="hint">"The script runs each change with the AWS CLI, then waits for the store to settle on the console's own schedule and stops with its ConnectionErrorCode if it fails. Secrets are asked for when it runs, never written in it."</p>
                <button type="button" on:click=save_runbook disabled=move || count() == 0>"Save the runbook (bash)"</button>
            </section>
            <Show when=move || open.get()>
                <Permissions/>
            </Show>
        </details>
    }
}

/// The two identity policies for the accounts and Regions shown, and a fleet role's trust policy.
#[component]
fn Permissions() -> impl IntoView {
    let session = use_session().0;
    let fleet = use_fleet();
    let scope = Memo::new(move |_| {
        let (account, arn, regions) =
            session.with(|s| s.as_ref().map(|s| (s.identity.account.clone(), s.identity.arn.clone(), s.regions.clone()))).unwrap_or_default();
        let partition = arn.split(':').nth(1).filter(|p| !p.is_empty()).unwrap_or("aws").to_owned();
        let fleet_roles = fleet.members.with(|m| m.iter().filter_map(|a| a.info_tracked()).map(|i| i.role_arn.to_string()).collect::<Vec<_>>());
        (PolicyScope { partition, regions, fleet_roles, ..PolicyScope::new(account) }, arn)
    });
    let policy = move |access: Access| move || scope.with(|(s, _)| to_text(&identity_policy(access, s)));
    let trust = move || scope.with(|(s, arn)| to_text(&trust_policy(&s.partition, if arn.is_empty() { &s.account_id } else { arn }, None, false)));
    view! {
        <section aria-labelledby="permissions-title">
            <h3 id="permissions-title">"Least privilege"</h3>
            <PolicyBlock title="Read-only: list, health, history, key counts" text=Signal::derive(policy(Access::ReadOnly))/>
            <PolicyBlock title="Operator: read-only plus connect, disconnect, create, update and delete" text=Signal::derive(policy(Access::Operator))/>
            <PolicyBlock title="Trust policy of a fleet role, assumed from the signed-in identity" text=Signal::derive(trust)/>
            <ul class="hint">{NOTES.iter().map(|n| view! { <li>{*n}</li> }).collect_view()}</ul>
        </section>
    }
}

#[component]
fn PolicyBlock(title: &'static str, text: Signal<String>) -> impl IntoView {
    let copied = RwSignal::new(false);
    let copy = move |_| {
        let text = text.get_untracked();
        spawn_local(async move { copied.set(copy_text(&text).await) });
    };
    view! {
        <details class="cli-command policy">
            <summary>{title}</summary>
            <pre class="mono"><code>{move || text.get()}</code></pre>
            <button type="button" on:click=copy>{move || if copied.get() { "Copied" } else { "Copy policy" }}</button>
        </details>
    }
}
