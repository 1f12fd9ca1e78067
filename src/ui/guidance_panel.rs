//! The troubleshooting guide of a FAILED store: what its code means, and the steps back to
//! CONNECTED, with the ones this console can do offered in place and enabled as the state allows.

use super::action_button::ActionButton;
use super::setting_editor::SettingEditor;
use super::state_badge::StateBadge;
use super::stores_model::StoresModel;
use crate::kms::edit_rules::Setting;
use crate::kms::guidance::{for_failure, Fix, Step};
use crate::kms::rules::Action;
use crate::kms::ConnectionErrorCode;
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
pub fn GuidancePanel() -> impl IntoView {
    let model = expect_context::<StoresModel>();
    move || {
        let (id, code) = model.guide.get()?;
        let store = model.store(&id)?;
        let guidance = for_failure(&ConnectionErrorCode::from(code.as_str()), &store.store_type(), &model.region());
        let steps = guidance
            .steps
            .iter()
            .map(|step| {
                let fix_store = store.clone();
                let act = |action: Action, text: &'static str| view! { <li>{text}" "<ActionButton store=store.clone() action/></li> }.into_any();
                match step {
                    Step::Disconnect => act(Action::Disconnect, "Disconnect the key store: KMS connects a FAILED store only after that."),
                    Step::Connect => act(Action::Connect, "Connect it again and watch the state here."),
                    Step::Outside(text) => view! { <li>{text.clone()}</li> }.into_any(),
                    Step::Fix(fix) => view! {
                        <li>{format!("{} (UpdateCustomKeyStore):", fix.label())}
                            <SettingEditor store=fix_store setting=setting_for(*fix)/>
                        </li>
                    }
                    .into_any(),
                }
            })
            .collect_view();
        let title_id = format!("guidance-{}", model.region());
        let labelled_by = title_id.clone();
        Some(view! {
            <section class="guidance" aria-labelledby=labelled_by>
                <h3 id=title_id>{format!("Troubleshooting {}: {}", store.name(), guidance.code)}</h3>
                <p>"Current state: "<StateBadge state=store.connection_state.clone()/></p>
                <p class="meaning">{guidance.meaning.clone()}</p>
                <ol class="steps">{steps}</ol>
                <p><a href=guidance.doc_url target="_blank" rel="noopener noreferrer">"AWS KMS Developer Guide: troubleshooting"</a></p>
                <button type="button" on:click=move |_| model.guide.set(None)>"Close the guide"</button>
            </section>
        })
    }
}
