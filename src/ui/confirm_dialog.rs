//! Connect and Disconnect ask first, saying what will happen. Cancel is where the focus lands, and
//! the two answers sit apart.

use super::blast_radius::BlastRadiusPanel;
use super::cli_command::CliCommand;
use super::key_count::KeyCount;
use super::modal::Modal;
use super::preflight_list::{check_store, checks_of, prediction, PreflightList};
use super::scope_guard::{ScopeGuard, ScopePlace};
use crate::health::keys::Purpose;
use crate::kms::rules::Action;
use crate::kms::KeyStoreType;
use crate::ops::cli;
use crate::state::scope::panels::Confirming;
use crate::state::scope::Scope;
use leptos::prelude::*;

fn consequence(action: Action, name: &str, store_type: &KeyStoreType) -> String {
    match (action, store_type) {
        (Action::Connect, KeyStoreType::CloudHsm) => {
            format!("KMS connects {name} to its CloudHSM cluster. This can take up to 20 minutes; the page shows the progress as it goes.")
        }
        (Action::Connect, _) => {
            format!("KMS connects {name} to its external key store proxy. This usually takes about 5 minutes; the page shows the progress.")
        }
        (Action::Disconnect, _) => {
            format!("While {name} is disconnected, its KMS keys cannot be used for any cryptographic operation, until you connect it again.")
        }
    }
}

#[component]
pub fn ConfirmDialog(scope: Scope) -> impl IntoView {
    let r = scope;
    let asked = Memo::new(move |_| r.panels.confirming.get());
    move || {
        let Confirming { action, store_id, origin } = asked.get()?;
        let store = r.list.store_untracked(&store_id)?;
        let preflight = action == Action::Connect;
        if preflight {
            check_store(r, &store_id);
        }
        let predicts = prediction(checks_of(r, StoredValue::new(store_id.clone())));
        let extra = match action {
            Action::Connect if preflight => view! { <PreflightList scope=r store_id=store_id.clone() heading="Before connecting"/> }.into_any(),
            Action::Disconnect => view! {
                <KeyCount scope=r store_id=store_id.clone() purpose=Purpose::Disconnect/>
                <BlastRadiusPanel scope=r store_id=store_id.clone()/>
            }
            .into_any(),
            _ => ().into_any(),
        };
        let title_id = format!("confirm-{store_id}");
        let command = cli::kms(&r.cli_target(), action.operation(), &serde_json::json!({ "CustomKeyStoreId": store_id }));
        let typed = RwSignal::new(String::new());
        let guard_id = format!("guard-{store_id}");
        let cancel = move || r.panels.confirming.set(None);
        let go = move |_| {
            cancel();
            r.run(action, store_id.clone(), origin);
        };
        Some(view! {
            <Modal labelled_by=title_id.clone() on_escape=Callback::new(move |()| cancel())>
                <h2 id=title_id>{action.label()}" "<bdi>{crate::kms::words::visible(store.name()).into_owned()}</bdi>"?"</h2>
                <ScopePlace scope=r/>
                <p>{consequence(action, &crate::kms::words::visible(store.name()), &store.store_type())}</p>
                {extra}
                <CliCommand command/>
                <ScopeGuard scope=r typed id=guard_id/>
                <div class="dialog-actions">
                    <button type="button" autofocus on:click=move |_| cancel()>"Cancel"</button>
                    <button type="button" class="primary" on:click=go disabled=move || !typed.with(|t| r.account.confirmed_by(t))>{move || if preflight && predicts.with(Option::is_some) {
                        format!("{} anyway", action.label())
                    } else {
                        format!("Yes, {}", action.label().to_lowercase())
                    }}</button>
                </div>
            </Modal>
        })
    }
}
