//! The troubleshooting guide of a FAILED store: what its code means, and the steps back to
//! CONNECTED, with the ones this console can do offered in place. Each step says whether it is
//! done, the one to do now, or next, as the store's state moves; the guide ends by saying the
//! repair worked. Action failures started here are shown here.

use super::action_button::ActionButton;
use super::error_banner::ErrorBanner;
use super::preflight_list::PreflightList;
use super::setting_editor::SettingEditor;
use super::state_badge::StateBadge;
use crate::kms::edit_rules::Setting;
use crate::kms::guidance::{for_failure, step_statuses, Fix, Step, StepStatus};
use crate::kms::rules::Action;
use crate::kms::{ConnectionErrorCode, ConnectionState, KeyStoreType};
use crate::state::scope::{Origin, Scope};
use leptos::prelude::*;

fn setting_for(fix: Fix) -> Setting {
    match fix {
        Fix::UpdateKmsuserPassword => Setting::KmsuserPassword,
        Fix::UpdateProxyCredential => Setting::XksCredential,
        Fix::PointToRelatedCluster => Setting::ClusterId,
        Fix::FixUriPath => Setting::XksUriPath,
    }
}

#[component]
pub fn GuidancePanel(scope: Scope) -> impl IntoView {
    let r = scope;
    // Rebuilt only when another guide opens, never by a poll: a half-typed fix stays.
    let open = Memo::new(move |_| r.panels.guide.with(|g| g.as_ref().map(|g| (g.store_id.clone(), g.code.clone()))));
    move || open.get().map(|(store_id, code)| view! { <GuideFor scope=r store_id code/> })
}

#[component]
fn GuideFor(scope: Scope, store_id: String, code: ConnectionErrorCode) -> impl IntoView {
    let r = scope;
    let id = StoredValue::new(store_id.clone());
    let store = Memo::new(move |_| id.with_value(|id| r.list.store(id)));
    let Some(first) = store.get_untracked() else { return ().into_any() };
    let name = crate::kms::words::visible(first.name()).into_owned();
    let guidance = for_failure(&code, &first.store_type(), &r.name());
    let state = Memo::new(move |_| store.with(|s| s.as_ref().and_then(|s| s.connection_state.clone())));
    let fixed = Memo::new(move |_| r.panels.guide.with(|g| g.as_ref().is_some_and(|g| g.fixed)));
    let steps = StoredValue::new(guidance.steps.clone());
    let statuses = Memo::new(move |_| {
        let state = state.get().unwrap_or(ConnectionState::Unknown(String::new()));
        steps.with_value(|steps| step_statuses(steps, &state, fixed.get()))
    });
    let repaired = Memo::new(move |_| state.get() == Some(ConnectionState::Connected));
    let items = guidance
        .steps
        .iter()
        .enumerate()
        .map(|(i, step)| {
            let status = move || statuses.with(|s| s.get(i).copied().unwrap_or(StepStatus::Next));
            let body = match step {
                Step::Disconnect => {
                    view! { "Disconnect the key store: KMS connects a FAILED store only after that. "<ActionButton scope=r store_id=store_id.clone() action=Action::Disconnect origin=Origin::Guide/> }.into_any()
                }
                Step::Connect => view! { "Connect it again and watch the state here. "<ActionButton scope=r store_id=store_id.clone() action=Action::Connect origin=Origin::Guide/> }.into_any(),
                Step::Outside(text) => text.clone().into_any(),
                Step::Fix(fix) => view! {
                    {format!("{} (UpdateCustomKeyStore):", fix.label())}
                    <SettingEditor scope=r store_id=store_id.clone() setting=setting_for(*fix) origin=Origin::Guide/>
                }
                .into_any(),
            };
            view! {
                <li class=move || format!("step step-{}", status().label().to_lowercase())
                    aria-current=move || (status() == StepStatus::Now).then_some("step")>
                    <span class="step-status">{move || status().label()}</span>" "{body}
                </li>
            }
        })
        .collect_view();
    let title_id = format!("guidance-{}", r.name());
    let labelled_by = title_id.clone();
    let code_text = guidance.code.clone();
    let meaning = guidance.meaning.clone();
    let heading = {
        let name = name.clone();
        move || {
            if repaired.get() {
                view! { <bdi>{name.clone()}</bdi>" is connected again" }.into_any()
            } else {
                view! { "Troubleshooting "<bdi>{name.clone()}</bdi>": "<bdi>{code_text.clone()}</bdi> }.into_any()
            }
        }
    };
    let code_text = guidance.code.clone();
    view! {
        <section class="guidance" aria-labelledby=labelled_by>
            <h3 id=title_id>{heading}</h3>
            <p>"Current state: "<StateBadge state/></p>
            <Show when=move || repaired.get()
                fallback={ let meaning = meaning.clone(); move || view! { <p class="meaning">{meaning.clone()}</p> } }>
                <p class="success" role="status">"The repair worked: "<bdi>{name.clone()}</bdi>" is CONNECTED. It had failed with "{code_text.clone()}". You can close this guide."</p>
            </Show>
            <ol class="steps">{items}</ol>
            {(first.store_type() == KeyStoreType::CloudHsm).then(|| {
                r.check_clusters(true);
                view! { <PreflightList scope=r store_id=store_id.clone() heading="What the cluster says now"/> }
            })}
            <ErrorBanner scope=r origin=Origin::Guide/>
            <p><a href=guidance.doc_url target="_blank" rel="noopener noreferrer">"AWS KMS Developer Guide: troubleshooting"</a></p>
            <button type="button" on:click=move |_| r.panels.guide.set(None)>"Close the guide"</button>
        </section>
    }
    .into_any()
}
