//! The sign-in form: three credential fields, a Region, and an optional endpoint URL. What the
//! user typed stays in the fields when something is wrong; the message names the field at fault.

use super::session::{use_session, Session};
use crate::aws::credentials::Credentials;
use crate::aws::endpoint::{service_url, validate_override};
use crate::aws::regions::public_regions;
use crate::browser::location::query_param;
use leptos::ev::SubmitEvent;
use leptos::prelude::*;

const DEFAULT_REGION: &str = "us-east-1";

#[component]
pub fn SignIn() -> impl IntoView {
    let session = use_session().0;
    let access_key_id = RwSignal::new(String::new());
    let secret_access_key = RwSignal::new(String::new());
    let session_token = RwSignal::new(String::new());
    let region = RwSignal::new(query_param("region").unwrap_or_else(|| DEFAULT_REGION.to_owned()));
    let endpoint = RwSignal::new(query_param("endpoint").unwrap_or_default());
    let problem = RwSignal::new(None::<String>);

    let submit = move |ev: SubmitEvent| {
        // The form never submits anywhere: credentials must not reach a URL.
        ev.prevent_default();
        let credentials = match Credentials::from_fields(&access_key_id.get_untracked(), &secret_access_key.get_untracked(), &session_token.get_untracked()) {
            Ok(c) => c,
            Err(e) => return problem.set(Some(e.to_string())),
        };
        let region = region.get_untracked();
        let endpoint = endpoint.get_untracked();
        let kms_endpoint = if endpoint.trim().is_empty() { service_url("kms", &region, false) } else { validate_override(&endpoint) };
        match kms_endpoint {
            Ok(kms_endpoint) => {
                problem.set(None);
                session.set(Some(Session { credentials, region, kms_endpoint }));
            }
            Err(e) => problem.set(Some(format!("Endpoint URL: {e}"))),
        }
    };

    let text_input = |id: &'static str, label: &'static str, kind: &'static str, value: RwSignal<String>, hint: &'static str| {
        view! {
            <div class="field">
                <label for=id>{label}</label>
                <input id=id name=id type=kind autocomplete="off" spellcheck="false"
                    prop:value=move || value.get()
                    on:input=move |ev| value.set(event_target_value(&ev))/>
                <p class="hint">{hint}</p>
            </div>
        }
    };

    view! {
        <section class="sign-in" aria-labelledby="sign-in-title">
            <h1 id="sign-in-title">"Sign in to manage custom key stores"</h1>
            <p class="lead">
                "Use temporary credentials (for example from aws sts get-session-token). "
                "They stay in this tab's memory and go nowhere but the endpoint you choose."
            </p>
            <form on:submit=submit novalidate>
                {text_input("access-key-id", "Access key ID", "text", access_key_id, "Starts with ASIA for temporary credentials.")}
                {text_input("secret-access-key", "Secret access key", "password", secret_access_key, "")}
                {text_input("session-token", "Session token", "password", session_token, "Required with temporary credentials.")}
                <div class="field">
                    <label for="region">"Region"</label>
                    <select id="region" on:change=move |ev| region.set(event_target_value(&ev)) prop:value=move || region.get()>
                        {public_regions()
                            .map(|(partition, r)| view! { <option value=r selected=move || region.get() == r>{format!("{r} ({partition})")}</option> })
                            .collect_view()}
                    </select>
                </div>
                {text_input("endpoint-url", "Endpoint URL (optional)", "url", endpoint,
                    "Leave empty for the Region's KMS endpoint. For a VPC endpoint or the local sandbox, give its URL (http only on this computer).")}
                <Show when=move || problem.with(Option::is_some)>
                    <p class="problem" role="alert">{move || problem.get().unwrap_or_default()}</p>
                </Show>
                <button type="submit" class="primary">"Sign in"</button>
            </form>
        </section>
    }
}
