//! One store setting and its UpdateCustomKeyStore call: checked against the model as the user
//! types, and offered only in the states KMS accepts it, with the reason shown otherwise. The
//! details view lists every setting; the troubleshooting guide offers the one that repairs. It
//! follows the store's state without being rebuilt, so what the user typed stays through polls.

use super::preflight_list::ProposedPreflight;
use crate::health::xks_preflight::updated_store;
use crate::kms::edit_rules::{editable, inputs, problem, setting_label, update_request, InputKind, Setting};
use crate::kms::model::XksConnectivity;
use crate::kms::ConnectionState;
use crate::state::scope::{Origin, Scope};
use leptos::prelude::*;

#[component]
pub fn SettingEditor(scope: Scope, #[prop(into)] store_id: String, setting: Setting, origin: Origin) -> impl IntoView {
    let r = scope;
    let id = StoredValue::new(store_id.clone());
    let fields: Vec<(&'static str, InputKind, RwSignal<String>)> =
        inputs(setting).into_iter().map(|(label, _, kind)| (label, kind, RwSignal::new(String::new()))).collect();
    let values = StoredValue::new(fields.iter().map(|(_, _, v)| *v).collect::<Vec<_>>());
    let read = move || values.with_value(|v| v.iter().map(|s| s.get()).collect::<Vec<_>>());
    let refusal = Memo::new(move |_| {
        let state = id.with_value(|id| r.list.store(id)).and_then(|s| s.connection_state).unwrap_or(ConnectionState::Unknown(String::new()));
        editable(setting, &state).err()
    });
    let typed = move || read().iter().any(|v| !v.is_empty());
    let issue = move || problem(setting, &read());
    let submit = move |_| {
        let typed: Vec<String> = values.with_value(|v| v.iter().map(|s| s.get_untracked()).collect());
        if problem(setting, &typed).is_some() {
            return;
        }
        let name = id.with_value(|id| r.list.store(id)).map(|s| s.name().to_owned()).unwrap_or_default();
        let clear = values.get_value();
        r.update(update_request(setting, &id.get_value(), &typed), format!("{} of {name}", setting_label(setting)), origin, move || {
            for v in &clear {
                v.set(String::new());
            }
        });
    };
    // A change of how KMS reaches the proxy is checked as typed, before the update is sent.
    let proxy_setting = matches!(setting, Setting::XksUriEndpoint | Setting::XksUriPath | Setting::XksConnectivity | Setting::XksVpcEndpointService);
    let proposed = Signal::derive(move || {
        let typed = read();
        if !proxy_setting || typed.iter().all(|v| v.trim().is_empty()) {
            return None;
        }
        let store = id.with_value(|id| r.list.store(id))?;
        Some(updated_store(&store, &update_request(setting, &id.get_value(), &typed).settings))
    });
    let key = format!("{}-{:?}-{origin:?}", store_id, setting).to_lowercase();
    let disabled = move || refusal.with(Option::is_some);
    view! {
        <div class="setting" data-setting=format!("{setting:?}")>
            {fields.into_iter().enumerate().map(|(i, (label, kind, value))| {
                let input_id = format!("{key}-{i}");
                let for_id = input_id.clone();
                let input = match kind {
                    InputKind::Connectivity => view! {
                        <select id=input_id disabled=disabled on:change=move |ev| value.set(event_target_value(&ev))>
                            <option value="" selected=move || value.with(String::is_empty)>"Choose…"</option>
                            {XksConnectivity::ALL.iter().map(|c| {
                                let wire = c.as_str_static();
                                view! { <option value=wire title=wire selected=move || value.with(|v| v == wire)>{crate::kms::words::connectivity(c).to_owned()}</option> }
                            }).collect_view()}
                        </select>
                    }.into_any(),
                    _ => view! {
                        <input id=input_id type=if kind == InputKind::Secret { "password" } else { "text" } autocomplete="off" spellcheck="false" disabled=disabled
                            prop:value=move || value.get() on:input=move |ev| value.set(event_target_value(&ev))/>
                    }.into_any(),
                };
                view! { <div class="field"><label for=for_id>{label}</label>{input}</div> }
            }).collect_view()}
            {move || refusal.get().map(|why| view! { <p class="hint">{why}</p> })}
            {move || typed().then(issue).flatten().map(|p| view! { <p class="problem">{p}</p> })}
            <button type="button" disabled=move || disabled() || id.with_value(|id| r.is_pending(id)) || !r.can_send() || issue().is_some() on:click=submit>
                {setting_label(setting)}
            </button>
            <Show when=move || proposed.with(Option::is_some)>
                <ProposedPreflight scope=r proposed heading="Before updating"/>
            </Show>
        </div>
    }
}
