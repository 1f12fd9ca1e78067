//! One store setting and its UpdateCustomKeyStore call: checked against the model as the user
//! types, and offered only in the states KMS accepts it, with the reason shown otherwise. The
//! details view lists every setting; the troubleshooting guide offers the one that repairs.

use super::stores_model::StoresModel;
use crate::kms::edit_rules::{editable, inputs, problem, setting_label, update_request, Setting};
use crate::kms::{ConnectionState, KeyStore};
use leptos::prelude::*;

#[component]
pub fn SettingEditor(store: KeyStore, setting: Setting) -> impl IntoView {
    let model = expect_context::<StoresModel>();
    let id = store.id().to_owned();
    let fields: Vec<(&'static str, bool, RwSignal<String>)> =
        inputs(setting).into_iter().map(|(label, _, secret)| (label, secret, RwSignal::new(String::new()))).collect();
    let values = {
        let fields = fields.clone();
        move || fields.iter().map(|(_, _, v)| v.get()).collect::<Vec<_>>()
    };
    let state = store.connection_state.clone().unwrap_or(ConnectionState::Unknown(String::new()));
    let refusal = editable(setting, &state).err();
    let typed = {
        let values = values.clone();
        move || values().iter().any(|v| !v.is_empty())
    };
    let issue = {
        let values = values.clone();
        move || problem(setting, &values())
    };
    let locked = {
        let id = id.clone();
        move || model.is_pending(&id)
    };
    let key = format!("{}-{:?}", id, setting).to_lowercase();
    let submit_fields = fields.clone();
    let name = store.name().to_owned();
    let submit = move |_| {
        let values: Vec<String> = submit_fields.iter().map(|(_, _, v)| v.get_untracked()).collect();
        if problem(setting, &values).is_some() {
            return;
        }
        let clear = submit_fields.clone();
        model.update(update_request(setting, &id, &values), format!("{} of {name}", setting_label(setting)), move || {
            for (_, _, v) in &clear {
                v.set(String::new());
            }
        });
    };
    let disabled = refusal.is_some();
    let issue_for_button = issue.clone();
    view! {
        <div class="setting" data-setting=format!("{setting:?}")>
            {fields.into_iter().enumerate().map(|(i, (label, secret, value))| {
                let input_id = format!("{key}-{i}");
                let for_id = input_id.clone();
                view! {
                    <div class="field">
                        <label for=for_id>{label}</label>
                        <input id=input_id type=if secret { "password" } else { "text" } autocomplete="off" spellcheck="false" disabled=disabled
                            prop:value=move || value.get() on:input=move |ev| value.set(event_target_value(&ev))/>
                    </div>
                }
            }).collect_view()}
            {refusal.map(|why| view! { <p class="hint">{why}</p> })}
            <Show when=typed.clone()>
                {let issue = issue.clone(); move || issue().map(|p| view! { <p class="problem">{p}</p> })}
            </Show>
            <button type="button" disabled=move || disabled || locked() || !model.can_send() || issue_for_button().is_some() on:click=submit>
                {setting_label(setting)}
            </button>
        </div>
    }
}
