//! Everything KMS says about one store, its timeline in this session, and the changes KMS accepts
//! in its current state: each setting, and Delete. Built once per store opened; its fields follow
//! the store as polls come in, so nothing typed here is lost. Failures of actions started here
//! are shown here.

use super::alarms_panel::AlarmsPanel;
use super::blast_radius::BlastRadiusPanel;
use super::cli_command::CliCommand;
use super::cluster_panel::ClusterPanel;
use super::error_banner::ErrorBanner;
use super::health_charts::HealthCharts;
use super::history_list::HistoryList;
use super::key_count::KeyCount;
use super::rotation_guide::RotationGuide;
use super::scope_guard::{ScopeGuard, ScopePlace};
use super::setting_editor::SettingEditor;
use super::state_badge::StateBadge;
use crate::aws::pem::sha256_fingerprint;
use crate::aws::time::format_utc;
use crate::health::keys::Purpose;
use crate::kms::edit_rules::Setting;
use crate::kms::model::XksProxyConfiguration;
use crate::kms::{words, ConnectionState, KeyStore, KeyStoreType};
use crate::ops::cli;
use crate::ops::links::console_links;
use crate::state::scope::{Origin, Scope};

/// Reads one member of a store, for a row of the details.
type Member = Box<dyn Fn(&KeyStore) -> Option<String> + Send + Sync>;
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
pub fn StoreDetails(scope: Scope) -> impl IntoView {
    let r = scope;
    let open = Memo::new(move |_| r.panels.details.get());
    move || open.get().map(|id| view! { <Details scope=r id/> })
}

/// The details of `id` once the list has it (a store just created appears with the next list),
/// and a plain sentence if it leaves the list while open.
#[component]
fn Details(scope: Scope, id: String) -> impl IntoView {
    let r = scope;
    let key = StoredValue::new(id.clone());
    let store = Memo::new(move |_| key.with_value(|id| r.list.store(id)));
    let present = Memo::new(move |_| store.with(Option::is_some));
    let seen = StoredValue::new(false);
    move || {
        if present.get() {
            seen.set_value(true);
            focus_heading(format!("details-{}", key.get_value()));
            view! { <DetailsBody scope=r id=key.get_value() store/> }.into_any()
        } else if seen.get_value() {
            view! { <p class="problem" role="alert">"This store is no longer in the list: it may have been deleted."</p> }.into_any()
        } else {
            view! { <p class="loading">"Loading the store's details…"</p> }.into_any()
        }
    }
}

#[component]
fn DetailsBody(scope: Scope, id: String, store: Memo<Option<KeyStore>>) -> impl IntoView {
    let r = scope;
    let key = StoredValue::new(id.clone());
    let Some(first) = store.get_untracked() else { return ().into_any() };
    let title_id = format!("details-{id}");
    let labelled_by = title_id.clone();
    let state = Memo::new(move |_| store.with(|s| s.as_ref().and_then(|s| s.connection_state.clone())));
    // One row per member, following the store; members KMS left out are not shown.
    let row = move |label: &'static str, get: Member| {
        let value = move || store.with(|s| s.as_ref().and_then(&get)).filter(|v| !v.is_empty());
        move || value().map(|v| view! { <dt>{label}</dt><dd>{v}</dd> })
    };
    let anchor = first.trust_anchor_certificate.clone().map(|pem| {
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
    let timeline = move || {
        r.list.timelines.with(|t| {
            key.with_value(|id| t.get(id).cloned())
                .unwrap_or_default()
                .into_iter()
                .map(|s| {
                    let code = s.error_code.map(|c| format!(" ({c})")).unwrap_or_default();
                    view! { <li><time>{format_utc(s.at_ms as f64 / 1000.0)}</time>" "{format!("{}{code}", s.state)}</li> }
                })
                .collect_view()
        })
    };
    let store_type = first.store_type();
    let store_type_text = store_type.clone();
    let editing = RwSignal::new(false);
    let settings_id = format!("settings-{id}");
    let settings = SETTINGS
        .into_iter()
        .filter(|s| s.applies_to(&store_type))
        .map(|setting| view! { <SettingEditor scope=r store_id=id.clone() setting origin=Origin::Details/> })
        .collect_view();
    let xks = |f: fn(&XksProxyConfiguration) -> Option<String>| -> Member { Box::new(move |s| s.xks_proxy_configuration.as_ref().and_then(f)) };
    view! {
        <section class="details" aria-labelledby=labelled_by>
            <div class="details-head">
                <h3 id=title_id tabindex="-1">"Details of "<bdi>{move || store.with(|s| s.as_ref().map(|s| crate::kms::words::visible(s.name()).into_owned()).unwrap_or_default())}</bdi></h3>
                <button type="button" on:click=move |_| r.panels.details.set(None)>"Close the details"</button>
            </div>
            <dl>
                <dt>"ID"</dt><dd><code>{id.clone()}</code></dd>
                {row("Name", Box::new(|s| s.custom_key_store_name.clone()))}
                <dt>"Type"</dt><dd>{format!("{} ({store_type_text})", words::store_type(&store_type_text))}</dd>
                <dt>"Connection state"</dt><dd><StateBadge state/></dd>
                {row("Connection error code", Box::new(|s| s.connection_error_code.as_ref().map(ToString::to_string)))}
                {row("Created", Box::new(|s| s.creation_date.map(format_utc)))}
                {row("CloudHSM cluster ID", Box::new(|s| s.cloud_hsm_cluster_id.clone()))}
                {anchor}
                {row("Proxy connectivity", xks(|x| x.connectivity.as_ref().map(|c| format!("{} ({c})", words::connectivity(c)))))}
                {row("Proxy URI endpoint", xks(|x| x.uri_endpoint.clone()))}
                {row("Proxy URI path", xks(|x| x.uri_path.clone()))}
                {row("VPC endpoint service name", xks(|x| x.vpc_endpoint_service_name.clone()))}
                {row("VPC endpoint service owner", xks(|x| x.vpc_endpoint_service_owner.clone()))}
                {row("Proxy access key ID", xks(|x| x.access_key_id.clone()))}
            </dl>
            <CliCommand command=cli::describe_store(&r.cli_target(), &id) title="Describe this store with the AWS CLI"/>
            <ul class="console-links">
                {console_links(&first, &r.name()).into_iter().map(|l| view! {
                    <li><a href=l.url target="_blank" rel="noopener noreferrer">{format!("{} console", l.service)}</a>" "<span class="hint">{l.then}</span></li>
                }).collect_view()}
            </ul>
            {match store_type {
                KeyStoreType::CloudHsm => view! { <ClusterPanel scope=r store_id=id.clone()/> }.into_any(),
                _ => view! {
                    <HealthCharts scope=r store_id=id.clone()/>
                    <h4>"Alarms"</h4>
                    <AlarmsPanel scope=r store_id=id.clone()/>
                }
                .into_any(),
            }}
            <h4>"Guided rotations"</h4>
            <RotationGuide scope=r store_id=id.clone() store_type=store_type.clone()/>
            <h4>"KMS keys"</h4>
            <KeyCount scope=r store_id=id.clone() purpose=Purpose::Details/>
            <h4>"What a disconnect would take down"</h4>
            <BlastRadiusPanel scope=r store_id=id.clone() start=false/>
            <HistoryList scope=r store_id=id.clone()/>
            <h4>"Timeline (this session)"</h4>
            <ol class="timeline">{timeline}</ol>
            <ErrorBanner scope=r origin=Origin::Details/>
            <div class="edit-head">
                <h4>"Settings"</h4>
                <button type="button" aria-expanded=move || editing.get().to_string() aria-controls=settings_id.clone()
                    on:click=move |_| editing.update(|e| *e = !*e)>{move || if editing.get() { "Done editing" } else { "Edit settings" }}</button>
            </div>
            <p class="hint">"KMS lets you change the name at any time; most other settings only while the store is disconnected. Each setting says when it cannot change now."</p>
            <div id=settings_id class="settings" hidden=move || !editing.get()>{settings}</div>
            <DeleteStore scope=r id=id.clone() name=first.name().to_owned() state/>
        </section>
    }
    .into_any()
}

/// Delete only a DISCONNECTED store, and only once its name is typed back.
#[component]
fn DeleteStore(scope: Scope, id: String, name: String, state: Memo<Option<ConnectionState>>) -> impl IntoView {
    let r = scope;
    let typed = RwSignal::new(String::new());
    let guard = RwSignal::new(String::new());
    let disconnected = move || state.get() == Some(ConnectionState::Disconnected);
    let input_id = format!("delete-{id}");
    let for_id = input_id.clone();
    let expected = name.clone();
    let (del_id, del_name) = (id.clone(), name.clone());
    view! {
        <div class="delete">
            <h4>"Delete this key store"</h4>
            <Show when=move || !disconnected() fallback={ let id = id.clone(); move || view! {
                <KeyCount scope=r store_id=id.clone() purpose=Purpose::Delete/>
                <BlastRadiusPanel scope=r store_id=id.clone() change="Deleting the store" start=false/>
            } }>
                <p class="hint">"Only a DISCONNECTED store can be deleted: disconnect it first."</p>
            </Show>
            <ScopePlace scope=r/>
            <div class="field">
                <label for=for_id>{format!("Type {name} to confirm")}</label>
                <input id=input_id type="text" autocomplete="off" disabled=move || !disconnected()
                    prop:value=move || typed.get() on:input=move |ev| typed.set(event_target_value(&ev))/>
            </div>
            <ScopeGuard scope=r typed=guard id=format!("guard-delete-{id}")/>
            <button type="button" class="danger"
                disabled=move || !disconnected() || typed.with(|t| t != &expected) || !guard.with(|t| r.account.confirmed_by(t)) || r.is_pending(&id) || !r.can_send()
                on:click=move |_| r.delete(del_id.clone(), del_name.clone())>"Delete this key store"</button>
        </div>
    }
}
