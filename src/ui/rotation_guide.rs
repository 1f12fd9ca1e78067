//! Guided rotations in a store's details: planned work, not a failure. The user starts one; each
//! step then says Done, Now or Next from what the console did and sees, and offers the one thing
//! to do now in place. It survives leaving the page (see `state::scope::rotations`).

use super::action_button::ActionButton;
use super::error_banner::ErrorBanner;
use super::setting_editor::SettingEditor;
use crate::browser::now_ms;
use crate::hooks::use_now;
use crate::kms::edit_rules::{update_request, Setting};
use crate::kms::guidance::StepStatus;
use crate::kms::rotation::{Kind, Rotation};
use crate::kms::rules::Action;
use crate::kms::validation::Member;
use crate::kms::KeyStoreType;
use crate::state::scope::{Origin, Scope};
use leptos::prelude::*;

#[component]
pub fn RotationGuide(scope: Scope, store_id: String, store_type: KeyStoreType) -> impl IntoView {
    let r = scope;
    let id = StoredValue::new(store_id);
    // Rebuilt only when a rotation starts or ends, so a half-typed credential stays.
    let under_way = Memo::new(move |_| id.with_value(|id| r.rotation(id)).map(|rotation| rotation.kind));
    move || match under_way.get() {
        Some(kind) => view! { <RotationSteps scope=r store_id=id.get_value() kind/> }.into_any(),
        None => view! { <StartRotation scope=r store_id=id.get_value() store_type=store_type.clone()/> }.into_any(),
    }
}

#[component]
fn StartRotation(scope: Scope, store_id: String, store_type: KeyStoreType) -> impl IntoView {
    let r = scope;
    let id = StoredValue::new(store_id.clone());
    let start = move |rotation: Rotation| r.start_rotation(rotation);
    if store_type != KeyStoreType::CloudHsm {
        return view! {
            <p class="hint">"Rotate the proxy credential without an outage: the console takes you through it and confirms the new one is in use."</p>
            <button type="button" on:click=move |_| {
                let age = untrack(|| r.observed(&id.get_value(), now_ms()).credential_age_days);
                start(Rotation::xks_credential(&id.get_value(), now_ms(), age));
            }>"Rotate the proxy credential"</button>
        }
        .into_any();
    }
    let cluster = RwSignal::new(String::new());
    let cluster_id = format!("restored-cluster-{store_id}");
    let for_id = cluster_id.clone();
    let valid = move || cluster.with(|c| Member::CloudHsmClusterId.check(c.trim()).is_none());
    view! {
        <p class="hint">"Set the kmsuser password again (to recover a store whose password KMS no longer has), or move the store to a cluster restored from a backup of its own."</p>
        <button type="button" on:click=move |_| start(Rotation::kmsuser_password(&id.get_value(), now_ms()))>"Set the kmsuser password again"</button>
        <div class="field">
            <label for=for_id>"Restored cluster ID"</label>
            <input id=cluster_id type="text" autocomplete="off" spellcheck="false" placeholder="cluster-…"
                prop:value=move || cluster.get() on:input=move |ev| cluster.set(event_target_value(&ev))/>
        </div>
        <button type="button" disabled=move || !valid()
            on:click=move |_| start(Rotation::restored_cluster(&id.get_value(), cluster.get_untracked().trim(), now_ms()))>
            "Move to the restored cluster"
        </button>
    }
    .into_any()
}

/// A guided step the console cannot see happen: the user says it is done.
fn confirm(r: Scope, id: StoredValue<String>, label: &'static str, change: fn(&mut Rotation)) -> AnyView {
    view! { <button type="button" on:click=move |_| r.change_rotation(&id.get_value(), change)>{label}</button> }.into_any()
}

fn read_age_again(r: Scope) -> AnyView {
    view! { <button type="button" on:click=move |_| r.load_summaries(true)>"Read the credential age again"</button> }.into_any()
}

/// What the user can do at step `index` of a `kind` rotation, when it is the step to do now.
fn control(r: Scope, id: StoredValue<String>, kind: Kind, index: usize) -> AnyView {
    let store_id = id.get_value();
    let act = |action| view! { <ActionButton scope=r store_id=store_id.clone() action origin=Origin::Rotation/> }.into_any();
    match (kind, index) {
        (Kind::XksCredential, 0) => confirm(r, id, "The proxy accepts both credentials", Rotation::confirm_prepared),
        (Kind::XksCredential, 1) => view! { <SettingEditor scope=r store_id setting=Setting::XksCredential origin=Origin::Rotation/> }.into_any(),
        (Kind::XksCredential, 2 | 3) => read_age_again(r),
        (Kind::XksCredential, _) => confirm(r, id, "The proxy no longer accepts the old credential", Rotation::confirm_old_dropped),
        (Kind::KmsUserPassword, 0) | (Kind::RestoredCluster, 1) => act(Action::Disconnect),
        (Kind::KmsUserPassword, 1) => confirm(r, id, "The password is changed in the cluster", Rotation::confirm_prepared),
        (Kind::KmsUserPassword, 2) => view! { <SettingEditor scope=r store_id setting=Setting::KmsuserPassword origin=Origin::Rotation/> }.into_any(),
        (Kind::RestoredCluster, 0) => confirm(r, id, "The new cluster is related and ready", Rotation::confirm_prepared),
        (Kind::RestoredCluster, 2) => {
            let cluster = r.rotation(&store_id).and_then(|x| x.new_cluster_id).unwrap_or_default();
            let label = format!("Point the store at {cluster}");
            view! {
                <button type="button" disabled=move || id.with_value(|id| r.is_pending(id)) || !r.can_send() on:click=move |_| {
                    let request = update_request(Setting::ClusterId, &id.get_value(), std::slice::from_ref(&cluster));
                    r.update(request, format!("Pointing the store at {cluster}"), Origin::Rotation, || {});
                }>{label}</button>
            }
            .into_any()
        }
        (_, 3) => act(Action::Connect),
        _ => ().into_any(),
    }
}

#[component]
fn RotationSteps(scope: Scope, store_id: String, kind: Kind) -> impl IntoView {
    let r = scope;
    let id = StoredValue::new(store_id);
    let now = use_now(1000);
    let rotation = Memo::new(move |_| id.with_value(|id| r.rotation(id)));
    let seen = Memo::new(move |_| id.with_value(|id| r.observed(id, now.get())));
    let steps = Memo::new(move |_| rotation.with(|x| x.as_ref().map(|x| seen.with(|s| x.steps(s)))).unwrap_or_default());
    let now_step = Memo::new(move |_| steps.with(|s| s.iter().position(|s| s.status == StepStatus::Now)));
    let problem = move || rotation.with(|x| x.as_ref().and_then(|x| seen.with(|s| x.problem(s))));
    let done = move || now_step.get().is_none() && steps.with(|s| !s.is_empty());
    let Some(first) = rotation.get_untracked() else { return ().into_any() };
    let heading = match kind {
        Kind::XksCredential => "Rotating the proxy credential",
        Kind::KmsUserPassword => "Setting the kmsuser password again",
        Kind::RestoredCluster => "Moving to a restored cluster",
    };
    let items = (0..steps.with_untracked(Vec::len))
        .map(|i| {
            let step = move || steps.with(|s| s.get(i).cloned());
            let status = move || step().map_or(StepStatus::Next, |s| s.status);
            view! {
                <li class=move || format!("step step-{}", status().label().to_lowercase()) aria-current=move || (status() == StepStatus::Now).then_some("step")>
                    <span class="step-status">{move || status().label()}</span>" "
                    <strong>{move || step().map(|s| s.title).unwrap_or_default()}</strong>" "
                    <span class="step-detail">{move || step().map(|s| s.detail).unwrap_or_default()}</span>
                    {move || (now_step.get() == Some(i)).then(|| view! { <div class="step-control">{untrack(|| control(r, id, kind, i))}</div> })}
                </li>
            }
        })
        .collect_view();
    view! {
        <section class="rotation" aria-label=heading>
            <h5>{heading}</h5>
            <p class="hint">{first.why()}</p>
            <ol class="steps">{items}</ol>
            {move || problem().map(|p| view! { <p class="problem" role="alert">{p}</p> })}
            <Show when=done>
                <p class="success" role="status">{match kind {
                    Kind::XksCredential => "Done: KMS uses the new credential and the proxy accepts only the new one.",
                    Kind::KmsUserPassword => "Done: the store is connected with the password you set.",
                    Kind::RestoredCluster => "Done: the store is connected to the restored cluster.",
                }}</p>
            </Show>
            <ErrorBanner scope=r origin=Origin::Rotation/>
            <button type="button" on:click=move |_| r.end_rotation(&id.get_value())>
                {move || if done() { "Close" } else { "Stop guiding this rotation" }}
            </button>
        </section>
    }
    .into_any()
}
