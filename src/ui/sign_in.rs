//! The sign-in page: credentials (pasted or typed), Regions, endpoints, and "remember in this
//! tab". Signing in asks STS who the credentials belong to; a refusal is explained and nothing
//! typed is lost.

use super::app_bar::{Brand, ClockNotice};
use super::credentials_form::{CredentialFields, CredentialsForm};
use super::deferred::deferred;
use super::region_picker::RegionPicker;
use super::text_field::TextField;
use crate::aws::credentials::Credentials;
use crate::aws::endpoint::{fips_available, host_of, Endpoints, Overrides};
use crate::aws::regions::regions_from_list;
use crate::browser::location::query_param;
use crate::browser::{mark_once, now_ms};
use crate::state::session::{use_session, LinkTrusted, Session};
use leptos::ev::SubmitEvent;
use leptos::prelude::*;

const DEFAULT_REGION: &str = "us-east-1";

#[derive(Clone)]
struct Attempt {
    credentials: Credentials,
    regions: Vec<String>,
    /// The three endpoint fields as typed (all services, KMS, STS); checked with the chunk.
    endpoints: [String; 3],
    fips: bool,
    remember: bool,
}

#[component]
pub fn SignIn() -> impl IntoView {
    let session = use_session().0;
    let fields = CredentialFields::new();
    let initial_regions: Vec<String> =
        query_param("region").map(|r| regions_from_list(&r)).filter(|v| !v.is_empty()).unwrap_or_else(|| vec![DEFAULT_REGION.to_owned()]);
    let regions = RwSignal::new(initial_regions);
    let fips = RwSignal::new(false);
    // An endpoint from a link is offered, never used until the user confirms it: a crafted link
    // could otherwise send the signed requests (with the key id and session token) anywhere.
    let linked_endpoint = StoredValue::new(query_param("endpoint").map(|e| e.trim().to_owned()));
    let endpoint_all = RwSignal::new(linked_endpoint.get_value().unwrap_or_default());
    // Asked once per tab: signing out and in again does not ask again.
    let link_trusted = expect_context::<LinkTrusted>().0;
    let endpoint_kms = RwSignal::new(String::new());
    let endpoint_sts = RwSignal::new(String::new());
    // Compared by host, as the browser will read it (`host_of`): a trailing slash, a port, upper
    // case or another spelling of an address is still the link's party, in any of the three fields.
    // Only a different host, typed by the user, needs no tick.
    let linked_host = StoredValue::new(linked_endpoint.with_value(|l| l.as_deref().map(|l| host_of(l).unwrap_or_else(|| l.to_owned()))));
    let from_link = Memo::new(move |_| {
        linked_host.with_value(|linked| {
            linked.as_ref().is_some_and(|linked| {
                [endpoint_all, endpoint_kms, endpoint_sts].iter().any(|field| field.with(|typed| host_of(typed).is_some_and(|host| &host == linked)))
            })
        })
    });
    // The endpoint the link's warning names: the field that holds the link's host.
    let linked_field = move || {
        [endpoint_all, endpoint_kms, endpoint_sts]
            .iter()
            .map(|f| f.get())
            .find(|typed| host_of(typed).is_some_and(|host| linked_host.with_value(|l| l.as_ref() == Some(&host))))
            .unwrap_or_default()
    };
    let remember = RwSignal::new(false);
    // What the form itself finds wrong; what STS says comes from the action's result.
    let invalid = RwSignal::new(None::<String>);
    let fips_offered = Memo::new(move |_| regions.with(|r| fips_available(r)));
    // Where each service's requests would go with the endpoints typed so far (nothing while they
    // are empty or cannot be read: the form says what is wrong at Sign in).
    let destinations = Memo::new(move |_| {
        let overrides = Overrides::from_fields(&endpoint_all.get(), &endpoint_kms.get(), &endpoint_sts.get()).ok().filter(Overrides::any)?;
        Some(regions.with(|r| overrides.destinations(r, fips.get() && fips_offered.get())))
    });
    // Effects run once the view is in the document: from here on the form takes input (a
    // prerendered page's form took it earlier, and marked so itself).
    Effect::new(|_| mark_once("sign-in-interactive"));

    let check = Action::new_local(move |attempt: &Attempt| {
        let attempt = attempt.clone();
        async move {
            let region = attempt.regions.first().cloned().unwrap_or_default();
            let parts = deferred().await;
            let [all, kms, sts] = &attempt.endpoints;
            let endpoints = Endpoints::new((parts.endpoints)(all, kms, sts)?, attempt.fips);
            let identity = (parts.confirm)(attempt.credentials.clone(), region.clone(), endpoints.clone()).await?;
            let signed_in =
                Session { credentials: attempt.credentials, identity, regions: attempt.regions, endpoints, remember: attempt.remember, previous: None };
            (parts.keep)(&signed_in);
            (parts.prefetch)(&signed_in);
            crate::browser::release_focus();
            session.set(Some(signed_in));
            Ok::<(), String>(())
        }
    });
    let problem = Memo::new(move |_| invalid.get().or_else(|| check.value().get().filter(|_| !check.pending().get()).and_then(Result::err)));

    let submit = move |ev: SubmitEvent| {
        // The form never submits anywhere: credentials must not reach a URL.
        ev.prevent_default();
        let credentials = match fields.read(now_ms()) {
            Ok(c) => c,
            Err(e) => return invalid.set(Some(e)),
        };
        let endpoints = [endpoint_all.get_untracked(), endpoint_kms.get_untracked(), endpoint_sts.get_untracked()];
        let regions = regions.get_untracked();
        if regions.is_empty() {
            return invalid.set(Some("Pick at least one Region.".into()));
        }
        if from_link.get_untracked() && !link_trusted.get_untracked() {
            return invalid.set(Some(
                "The link you opened set the endpoint. Tick \"Send my signed requests to this endpoint\" if you trust it, or clear the field.".into(),
            ));
        }
        invalid.set(None);
        check.dispatch_local(Attempt {
            credentials,
            regions,
            endpoints,
            fips: fips.get_untracked() && fips_offered.get_untracked(),
            remember: remember.get_untracked(),
        });
    };

    view! {
        <header class="app-bar"><Brand/></header>
        <section class="sign-in" aria-labelledby="sign-in-title">
            <h1 id="sign-in-title">"Sign in to manage custom key stores"</h1>
            <p class="lead">
                "Use temporary credentials (from aws sts, aws configure export-credentials or the IAM Identity Center portal). "
                "They stay in this tab's memory and go nowhere but the endpoints you choose."
            </p>
            <ClockNotice/>
            <form on:submit=submit novalidate>
                <CredentialsForm fields id_prefix="sign-in"/>
                <div class="field">
                    <RegionPicker id="sign-in-regions" selected=regions on_change=Callback::new(move |r| regions.set(r))/>
                    <p class="hint">"Pick one or more; each Region loads on its own, and you can add more after signing in."</p>
                </div>
                <div class="field checkbox">
                    <input type="checkbox" id="fips" disabled=move || !fips_offered.get()
                        prop:checked=move || fips.get() && fips_offered.get() on:change=move |ev| fips.set(event_target_checked(&ev))/>
                    <label for="fips">"Use FIPS endpoints"</label>
                    <Show when=move || !fips_offered.get()>
                        <span class="hint">" (not every Region picked has one)"</span>
                    </Show>
                </div>
                <details open=move || [endpoint_all, endpoint_kms, endpoint_sts].iter().any(|f| !f.with(String::is_empty))>
                    <summary>"Endpoints (VPC endpoints, the local sandbox)"</summary>
                    <TextField id="endpoint-all" label="Endpoint URL for all services" kind="url" value=endpoint_all/>
                    <Show when=move || from_link.get()>
                        <div class="warning link-endpoint" role="note">
                            <p>{move || format!("The link you opened filled in this endpoint: {}. Your signed requests, with your access key ID and session token, would go there.", linked_field())}</p>
                            <div class="field checkbox">
                                <input type="checkbox" id="trust-link" prop:checked=move || link_trusted.get() on:change=move |ev| link_trusted.set(event_target_checked(&ev))/>
                                <label for="trust-link">"Send my signed requests to this endpoint"</label>
                            </div>
                        </div>
                    </Show>
                    <TextField id="endpoint-kms" label="KMS endpoint URL" kind="url" value=endpoint_kms/>
                    <TextField id="endpoint-sts" label="STS endpoint URL" kind="url" value=endpoint_sts/>
                    <p class="hint">"Like AWS_ENDPOINT_URL, AWS_ENDPOINT_URL_KMS and AWS_ENDPOINT_URL_STS. https, or http on this computer only."</p>
                    {move || destinations.get().map(|text| view! { <p class="hint destinations">{text}</p> })}
                </details>
                <div class="field checkbox">
                    <input type="checkbox" id="remember" prop:checked=move || remember.get() on:change=move |ev| remember.set(event_target_checked(&ev))/>
                    <label for="remember">"Remember in this tab until it closes or the credentials expire"</label>
                </div>
                <p class="hint remember-note">
                    "The copy is kept in this tab's session storage, which the browser may write to disk. It is encrypted with a key this page "
                    "cannot read out (kept apart, in IndexedDB); both are deleted when you sign out or the credentials expire."
                </p>
                <Show when=move || problem.with(Option::is_some)>
                    <p class="problem" role="alert">{move || problem.get().unwrap_or_default()}</p>
                </Show>
                <button type="submit" class="primary" disabled=move || check.pending().get()>
                    {move || if check.pending().get() { "Checking with STS…" } else { "Sign in" }}
                </button>
            </form>
        </section>
    }
}
