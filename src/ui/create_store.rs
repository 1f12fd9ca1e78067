//! Creating a custom key store of either type, with every member of the model, each checked as
//! it is typed; an external key store's proxy settings may come from an uploaded file.

use super::error_banner::ErrorBanner;
use super::preflight_list::ProposedPreflight;
use crate::health::xks_preflight::proposed_store;
use crate::kms::model::{CreateCustomKeyStoreRequest, KeyStoreType, XksConnectivity, XksProxyCredential};
use crate::kms::proxy_config;
use crate::kms::validation::Member;
use crate::state::scope::requests::CREATING;
use crate::state::scope::{Origin, Scope};
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsCast;

#[derive(Clone, Copy)]
struct Form {
    kind: RwSignal<KeyStoreType>,
    name: RwSignal<String>,
    cluster: RwSignal<String>,
    anchor: RwSignal<String>,
    password: RwSignal<String>,
    endpoint: RwSignal<String>,
    path: RwSignal<String>,
    connectivity: RwSignal<XksConnectivity>,
    service: RwSignal<String>,
    owner: RwSignal<String>,
    akid: RwSignal<String>,
    secret: RwSignal<String>,
}

impl Form {
    /// The members that apply to the chosen type, with their values.
    fn members(&self) -> Vec<(Member, RwSignal<String>, bool)> {
        if self.kind.get() == KeyStoreType::CloudHsm {
            vec![
                (Member::CustomKeyStoreName, self.name, true),
                (Member::CloudHsmClusterId, self.cluster, true),
                (Member::TrustAnchorCertificate, self.anchor, true),
                (Member::KeyStorePassword, self.password, true),
            ]
        } else {
            let vpc = self.connectivity.get() == XksConnectivity::VpcEndpointService;
            vec![
                (Member::CustomKeyStoreName, self.name, true),
                (Member::XksProxyUriEndpoint, self.endpoint, true),
                (Member::XksProxyUriPath, self.path, true),
                (Member::XksProxyVpcEndpointServiceName, self.service, vpc),
                (Member::XksProxyVpcEndpointServiceOwner, self.owner, false),
                (Member::XksProxyAccessKeyId, self.akid, true),
                (Member::XksProxyRawSecretAccessKey, self.secret, true),
            ]
        }
    }

    fn problems(&self) -> Vec<String> {
        self.members()
            .into_iter()
            .filter_map(|(member, value, required)| {
                let v = value.get();
                match (v.trim().is_empty(), required) {
                    (true, true) => Some(format!("{} is required.", label(member))),
                    (true, false) => None,
                    (false, _) => member.check(v.trim()).map(|why| format!("{} {why}.", label(member))),
                }
            })
            .collect()
    }

    fn request(&self) -> CreateCustomKeyStoreRequest {
        let v = |s: RwSignal<String>| Some(s.get_untracked().trim().to_owned()).filter(|s| !s.is_empty());
        let mut r = CreateCustomKeyStoreRequest { custom_key_store_name: self.name.get_untracked().trim().to_owned(), ..Default::default() };
        if self.kind.get_untracked() == KeyStoreType::CloudHsm {
            r.custom_key_store_type = Some(KeyStoreType::CloudHsm);
            r.settings.cloud_hsm_cluster_id = v(self.cluster);
            r.trust_anchor_certificate = v(self.anchor);
            r.settings.key_store_password = Some(self.password.get_untracked());
        } else {
            let connectivity = self.connectivity.get_untracked();
            let vpc = connectivity == XksConnectivity::VpcEndpointService;
            r.custom_key_store_type = Some(KeyStoreType::External);
            r.settings.xks_proxy_connectivity = Some(connectivity);
            r.settings.xks_proxy_uri_endpoint = v(self.endpoint);
            r.settings.xks_proxy_uri_path = v(self.path);
            if vpc {
                r.settings.xks_proxy_vpc_endpoint_service_name = v(self.service);
                r.settings.xks_proxy_vpc_endpoint_service_owner = v(self.owner);
            }
            r.settings.xks_proxy_authentication_credential =
                Some(XksProxyCredential { access_key_id: v(self.akid).unwrap_or_default(), raw_secret_access_key: v(self.secret).unwrap_or_default() });
        }
        r
    }

    fn fill(&self, c: proxy_config::ProxyConfig) {
        let set = |s: RwSignal<String>, v: Option<String>| {
            if let Some(v) = v {
                s.set(v);
            }
        };
        set(self.endpoint, c.uri_endpoint);
        set(self.path, c.uri_path);
        set(self.service, c.vpc_endpoint_service_name);
        set(self.owner, c.vpc_endpoint_service_owner);
        set(self.akid, c.access_key_id);
        set(self.secret, c.secret_access_key);
        if let Some(conn) = c.connectivity {
            self.connectivity.set(conn);
        }
    }
}

fn label(member: Member) -> &'static str {
    match member {
        Member::CustomKeyStoreName => "Name",
        Member::CloudHsmClusterId => "CloudHSM cluster ID",
        Member::TrustAnchorCertificate => "Trust anchor certificate (customerCA.crt)",
        Member::KeyStorePassword => "kmsuser password",
        Member::XksProxyUriEndpoint => "Proxy URI endpoint",
        Member::XksProxyUriPath => "Proxy URI path",
        Member::XksProxyVpcEndpointServiceName => "VPC endpoint service name",
        Member::XksProxyVpcEndpointServiceOwner => "VPC endpoint service owner (optional)",
        Member::XksProxyAccessKeyId => "Proxy access key ID",
        Member::XksProxyRawSecretAccessKey => "Proxy secret access key",
    }
}

#[component]
pub fn CreateStore(scope: Scope) -> impl IntoView {
    let model = scope;
    let s = || RwSignal::new(String::new());
    let form = Form {
        kind: RwSignal::new(KeyStoreType::CloudHsm),
        name: s(),
        cluster: s(),
        anchor: s(),
        password: s(),
        endpoint: s(),
        path: s(),
        connectivity: RwSignal::new(XksConnectivity::PublicEndpoint),
        service: s(),
        owner: s(),
        akid: s(),
        secret: s(),
    };
    let file_problem = RwSignal::new(None::<String>);
    let touched = RwSignal::new(false);
    let region = StoredValue::new(model.name());
    let on_file = move |ev: leptos::ev::Event| {
        let Some(file) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()).and_then(|i| i.files()).and_then(|f| f.get(0)) else {
            return;
        };
        spawn_local(async move {
            let text = wasm_bindgen_futures::JsFuture::from(file.text()).await.ok().and_then(|v| v.as_string()).unwrap_or_default();
            match proxy_config::parse(&text) {
                Ok(config) => {
                    file_problem.set(None);
                    form.fill(config);
                }
                Err(e) => file_problem.set(Some(e)),
            }
        });
    };
    let field = move |member: Member, value: RwSignal<String>| {
        let id = format!("create-{}-{member:?}", region.get_value()).to_lowercase();
        let for_id = id.clone();
        let secret = matches!(member, Member::KeyStorePassword | Member::XksProxyRawSecretAccessKey);
        let multiline = member == Member::TrustAnchorCertificate;
        let input = if multiline {
            view! { <textarea id=id rows="4" prop:value=move || value.get() on:input=move |ev| value.set(event_target_value(&ev))></textarea> }.into_any()
        } else {
            view! { <input id=id type=if secret { "password" } else { "text" } autocomplete="off" spellcheck="false"
            prop:value=move || value.get() on:input=move |ev| value.set(event_target_value(&ev))/> }
            .into_any()
        };
        let problem = move || {
            let v = value.get();
            (!v.trim().is_empty()).then(|| member.check(v.trim())).flatten().map(|why| view! { <p class="problem">{format!("{} {why}.", label(member))}</p> })
        };
        view! { <div class="field"><label for=for_id>{label(member)}</label>{input}{problem}</div> }
    };
    let submit = move |_| {
        touched.set(true);
        if !form.problems().is_empty() {
            return;
        }
        model.create(form.request(), move |id| {
            model.panels.creating.set(false);
            model.panels.details.set(Some(id));
        });
    };
    // The proxy settings as typed, checked before anything is sent.
    let proposed = Signal::derive(move || {
        let v = |s: RwSignal<String>| s.with(|s| s.trim().to_owned());
        let vpc = form.connectivity.get() == XksConnectivity::VpcEndpointService;
        let typed = form.kind.get() == KeyStoreType::External && !(v(form.endpoint).is_empty() && v(form.path).is_empty() && v(form.service).is_empty());
        typed.then(|| {
            let service = vpc.then(|| v(form.service)).filter(|s| !s.is_empty());
            let owner = vpc.then(|| v(form.owner)).filter(|s| !s.is_empty());
            proposed_store(form.connectivity.get(), &v(form.endpoint), &v(form.path), service.as_deref(), owner.as_deref())
        })
    });
    let region_id = model.name();
    view! {
        <section class="create" aria-labelledby=format!("create-{region_id}")>
            <h3 id=format!("create-{region_id}")>{format!("Create a custom key store in {}", model.name())}</h3>
            <fieldset>
                <legend>"Type"</legend>
                <input type="radio" name=format!("type-{region_id}") id=format!("type-hsm-{region_id}") prop:checked=move || form.kind.get() == KeyStoreType::CloudHsm on:change=move |_| form.kind.set(KeyStoreType::CloudHsm)/>
                <label for=format!("type-hsm-{region_id}")>"AWS CloudHSM key store"</label>
                <input type="radio" name=format!("type-{region_id}") id=format!("type-xks-{region_id}") prop:checked=move || form.kind.get() == KeyStoreType::External on:change=move |_| form.kind.set(KeyStoreType::External)/>
                <label for=format!("type-xks-{region_id}")>"External key store"</label>
            </fieldset>
            {field(Member::CustomKeyStoreName, form.name)}
            <Show when=move || form.kind.get() == KeyStoreType::CloudHsm>
                {field(Member::CloudHsmClusterId, form.cluster)}
                {field(Member::TrustAnchorCertificate, form.anchor)}
                {field(Member::KeyStorePassword, form.password)}
            </Show>
            <Show when=move || form.kind.get() == KeyStoreType::External>
                <div class="field">
                    <label for=format!("proxy-file-{}", model.name())>"Proxy configuration file (JSON, optional)"</label>
                    <input id=format!("proxy-file-{}", model.name()) type="file" accept=".json,application/json" on:change=on_file/>
                    {move || file_problem.get().map(|p| view! { <p class="problem" role="alert">{p}</p> })}
                </div>
                <fieldset>
                    <legend>"How KMS reaches the proxy"</legend>
                    <div class="choices">
                        <div class="field radio">
                            <input type="radio" name=format!("conn-{}", region.get_value()) id=format!("conn-public-{}", region.get_value()) title="PUBLIC_ENDPOINT"
                                prop:checked=move || form.connectivity.get() == XksConnectivity::PublicEndpoint on:change=move |_| form.connectivity.set(XksConnectivity::PublicEndpoint)/>
                            <label for=format!("conn-public-{}", region.get_value())>"Public endpoint"</label>
                        </div>
                        <div class="field radio">
                            <input type="radio" name=format!("conn-{}", region.get_value()) id=format!("conn-vpc-{}", region.get_value()) title="VPC_ENDPOINT_SERVICE"
                                prop:checked=move || form.connectivity.get() == XksConnectivity::VpcEndpointService on:change=move |_| form.connectivity.set(XksConnectivity::VpcEndpointService)/>
                            <label for=format!("conn-vpc-{}", region.get_value())>"VPC endpoint service"</label>
                        </div>
                    </div>
                </fieldset>
                {field(Member::XksProxyUriEndpoint, form.endpoint)}
                {field(Member::XksProxyUriPath, form.path)}
                <Show when=move || form.connectivity.get() == XksConnectivity::VpcEndpointService>
                    {field(Member::XksProxyVpcEndpointServiceName, form.service)}
                    {field(Member::XksProxyVpcEndpointServiceOwner, form.owner)}
                </Show>
                {field(Member::XksProxyAccessKeyId, form.akid)}
                {field(Member::XksProxyRawSecretAccessKey, form.secret)}
                <Show when=move || proposed.with(Option::is_some)>
                    <ProposedPreflight scope=model proposed heading="Before creating"/>
                </Show>
            </Show>
            <Show when=move || touched.get() && !form.problems().is_empty()>
                <ul class="problem" role="alert">{move || form.problems().into_iter().map(|p| view! { <li>{p}</li> }).collect_view()}</ul>
            </Show>
            <ErrorBanner scope=model origin=Origin::Create/>
            <button type="button" class="primary" on:click=submit disabled=move || model.is_pending(CREATING) || !model.can_send()>"Create key store"</button>
            <button type="button" on:click=move |_| model.panels.creating.set(false)>"Cancel"</button>
        </section>
    }
}
