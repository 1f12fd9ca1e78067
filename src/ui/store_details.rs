//! Everything KMS says about one store, its timeline in this session, and the changes KMS accepts
//! in its current state: each setting, and Delete.

use super::setting_editor::SettingEditor;
use super::state_badge::StateBadge;
use super::store_table::type_label;
use super::stores_model::StoresModel;
use crate::aws::pem::sha256_fingerprint;
use crate::aws::time::format_utc;
use crate::kms::edit_rules::Setting;
use crate::kms::{ConnectionState, KeyStore};
use leptos::prelude::*;

const SETTINGS: [Setting; 8] = [
    Setting::Name,
    Setting::KmsuserPassword,
    Setting::ClusterId,
    Setting::XksCredential,
    Setting::XksUriPath,
    Setting::XksUriEndpoint,
    Setting::XksConnectivity,
    Setting::XksVpcEndpointService,
];

fn row(label: &'static str, value: Option<String>) -> impl IntoView {
    value.filter(|v| !v.is_empty()).map(|v| view! { <dt>{label}</dt><dd>{v}</dd> })
}

/// Brings a panel the user just opened into view and puts the keyboard focus on its heading, so
/// screen-reader users land where the new content is.
fn focus_heading(id: String) {
    request_animation_frame(move || {
        let heading = web_sys::window().and_then(|w| w.document()).and_then(|d| d.get_element_by_id(&id));
        if let Some(el) = heading.and_then(|e| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(e).ok()) {
            el.scroll_into_view();
            let _ = el.focus();
        }
    });
}

#[component]
pub fn StoreDetails() -> impl IntoView {
    let model = expect_context::<StoresModel>();
    // Only when a different store's details open, not when a poll re-renders the open ones.
    Effect::new(move |previous: Option<Option<String>>| {
        let current = model.details.get();
        if let Some(id) = current.as_ref().filter(|id| previous.as_ref() != Some(&Some((*id).clone()))) {
            focus_heading(format!("details-{id}"));
        }
        current
    });
    move || {
        let id = model.details.get()?;
        let store = model.store(&id)?;
        Some(view! { <Details store/> })
    }
}

#[component]
fn Details(store: KeyStore) -> impl IntoView {
    let model = expect_context::<StoresModel>();
    let id = store.id().to_owned();
    let title_id = format!("details-{id}");
    let labelled_by = title_id.clone();
    let xks = store.xks_proxy_configuration.clone().unwrap_or_default();
    let anchor = store.trust_anchor_certificate.clone().map(|pem| {
        let fingerprint = sha256_fingerprint(&pem).unwrap_or_else(|| "not a PEM certificate".into());
        view! {
            <dt>"Trust anchor certificate"</dt>
            <dd>
                <details>
                    <summary>"SHA-256 "<code class="fingerprint">{fingerprint}</code></summary>
                    <pre>{pem}</pre>
                </details>
            </dd>
        }
    });
    let timeline_id = id.clone();
    let timeline = move || {
        model.timelines.with(|t| {
            t.get(&timeline_id).map(|steps| {
                steps
                    .iter()
                    .map(|s| {
                        let code = s.error_code.clone().map(|c| format!(" ({c})")).unwrap_or_default();
                        view! { <li><time>{format_utc(s.at_ms as f64 / 1000.0)}</time>" "{format!("{}{code}", s.state)}</li> }
                    })
                    .collect_view()
            })
        })
    };
    let settings =
        SETTINGS.into_iter().filter(|s| s.applies_to(&store.store_type())).map(|setting| view! { <SettingEditor store=store.clone() setting/> }).collect_view();
    view! {
        <section class="details" aria-labelledby=labelled_by>
            <h3 id=title_id tabindex="-1">{format!("Details of {}", store.name())}</h3>
            <dl>
                {row("ID", Some(id.clone()))}
                {row("Name", store.custom_key_store_name.clone())}
                {row("Type", Some(type_label(&store.store_type())))}
                <dt>"Connection state"</dt><dd><StateBadge state=store.connection_state.clone()/></dd>
                {row("Connection error code", store.connection_error_code.as_ref().map(ToString::to_string))}
                {row("Created", store.creation_date.map(format_utc))}
                {row("CloudHSM cluster ID", store.cloud_hsm_cluster_id.clone())}
                {anchor}
                {row("Proxy connectivity", xks.connectivity.as_ref().map(ToString::to_string))}
                {row("Proxy URI endpoint", xks.uri_endpoint.clone())}
                {row("Proxy URI path", xks.uri_path.clone())}
                {row("VPC endpoint service name", xks.vpc_endpoint_service_name.clone())}
                {row("VPC endpoint service owner", xks.vpc_endpoint_service_owner.clone())}
                {row("Proxy access key ID", xks.access_key_id.clone())}
            </dl>
            <h4>"Timeline (this session)"</h4>
            <ol class="timeline">{timeline}</ol>
            <h4>"Change settings"</h4>
            {settings}
            <DeleteStore store=store.clone()/>
            <button type="button" on:click=move |_| model.details.set(None)>"Close the details"</button>
        </section>
    }
}

/// Delete only a DISCONNECTED store, and only once its name is typed back.
#[component]
fn DeleteStore(store: KeyStore) -> impl IntoView {
    let model = expect_context::<StoresModel>();
    let typed = RwSignal::new(String::new());
    let id = store.id().to_owned();
    let name = store.name().to_owned();
    let disconnected = store.connection_state == Some(ConnectionState::Disconnected);
    let input_id = format!("delete-{id}");
    let for_id = input_id.clone();
    let expected = name.clone();
    let (del_id, del_name) = (id.clone(), name.clone());
    view! {
        <div class="delete">
            <h4>"Delete"</h4>
            {(!disconnected).then(|| view! { <p class="hint">"Only a DISCONNECTED store can be deleted: disconnect it first."</p> })}
            <div class="field">
                <label for=for_id>{format!("Type {name} to confirm")}</label>
                <input id=input_id type="text" autocomplete="off" disabled=!disconnected
                    prop:value=move || typed.get() on:input=move |ev| typed.set(event_target_value(&ev))/>
            </div>
            <button type="button" class="danger"
                disabled=move || !disconnected || typed.with(|t| t != &expected) || model.is_pending(&id) || !model.can_send()
                on:click=move |_| model.delete(del_id.clone(), del_name.clone())>"Delete this key store"</button>
        </div>
    }
}
