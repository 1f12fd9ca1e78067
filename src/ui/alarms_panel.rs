//! An external key store's alarms: those that watch it now and their state; AWS's recommended
//! ones (certificate expiry, p99 latency, errors, credential age, throttles), shown in full with
//! their AWS CLI commands before anything is created, optionally notifying an SNS topic; and
//! removing the ones this console created. KMS sends no event when a store's state changes:
//! these alarms are how a team hears of trouble first.

use super::cli_command::CliCommand;
use crate::health::alarms::{Policy, AWS_CERTIFICATE_DAYS};
use crate::ops::cli::{command, Service};
use crate::state::scope::alarms::AlarmsView;
use crate::state::scope::Scope;
use leptos::prelude::*;

#[component]
pub fn AlarmsPanel(scope: Scope, #[prop(into)] store_id: String) -> impl IntoView {
    let r = scope;
    let view = AlarmsView::new();
    let id = StoredValue::new(store_id);
    r.load_alarms(id.get_value(), view);
    r.load_topics(view);
    let certificate_days = RwSignal::new("30".to_owned());
    let credential_days = RwSignal::new("90".to_owned());
    let topic = RwSignal::new(String::new());
    let policy = move || Policy {
        certificate_days: certificate_days.get_untracked().trim().parse().unwrap_or(30.0),
        credential_days: credential_days.get_untracked().trim().parse().unwrap_or(90.0),
        topic_arn: Some(topic.get_untracked().trim().to_owned()).filter(|t| !t.is_empty()),
        ..Policy::default()
    };
    let existing = move || {
        view.existing.with(|e| match e.as_ref().map(|e| &e.value) {
            None => view! { <p class="loading">"Asking CloudWatch for the store's alarms…"</p> }.into_any(),
            Some(Err(why)) => view! { <p class="unchecked">{why.clone()}</p> }.into_any(),
            Some(Ok(list)) if list.is_empty() => view! { <p class="bad">"No alarm watches this store."</p> }.into_any(),
            Some(Ok(list)) => view! {
                <ul class="alarms">{list.iter().map(|a| view! {
                    <li data-state=a.state.clone().unwrap_or_default()>
                        <span class="mono">{a.name.clone()}</span>" "<strong>{a.state.clone().unwrap_or_else(|| "no state".into())}</strong>
                        {a.ours.then_some(" (created by this console)")}
                    </li>
                }).collect_view()}</ul>
            }
            .into_any(),
        })
    };
    let proposed = move || {
        view.proposed.with(|p| {
            p.as_ref().map(|p| match &p.value {
                Err(why) => view! { <p class="unchecked">{why.clone()}</p> }.into_any(),
                Ok((alarms, skipped)) => {
                    let target = r.cli_target();
                    view! {
                        <p>{format!("{} alarms to create:", alarms.len())}</p>
                        <ul class="proposed">{alarms.iter().map(|a| {
                            let input = serde_json::to_value(a).unwrap_or_default();
                            view! {
                                <li>
                                    <strong class="mono">{a.alarm_name.clone()}</strong>": "{a.alarm_description.clone()}
                                    <CliCommand command=command(&target, Service::CloudWatch, "PutMetricAlarm", &input) title="Its definition as an AWS CLI command"/>
                                </li>
                            }
                        }).collect_view()}</ul>
                        {skipped.iter().map(|s| view! { <p class="hint">{format!("{}: {}", s.kind.title(), s.why)}</p> }).collect_view()}
                        <button type="button" class="primary" disabled=move || view.busy.get() || alarms_empty(view)
                            on:click=move |_| r.create_alarms(id.get_value(), view)>"Create these alarms"</button>
                    }
                    .into_any()
                }
            })
        })
    };
    view! {
        <section class="alarms-panel" aria-label="Alarms">
            {existing}
            <div class="alarm-policy">
                <div class="field inline">
                    <label for=id.with_value(|i| format!("cert-days-{i}"))>{format!("Certificate expires in fewer days than (AWS suggests {AWS_CERTIFICATE_DAYS:.0})")}</label>
                    <input id=id.with_value(|i| format!("cert-days-{i}")) type="number" min="1" prop:value=move || certificate_days.get() on:input=move |ev| certificate_days.set(event_target_value(&ev))/>
                </div>
                <div class="field inline">
                    <label for=id.with_value(|i| format!("cred-days-{i}"))>"Proxy credential older than (days, your rotation policy)"</label>
                    <input id=id.with_value(|i| format!("cred-days-{i}")) type="number" min="1" prop:value=move || credential_days.get() on:input=move |ev| credential_days.set(event_target_value(&ev))/>
                </div>
                <div class="field inline">
                    <label for=id.with_value(|i| format!("topic-pick-{i}"))>"Notify an SNS topic"</label>
                    <select id=id.with_value(|i| format!("topic-pick-{i}")) on:change=move |ev| topic.set(event_target_value(&ev))>
                        <option value="" selected=move || topic.with(String::is_empty)>"No notification"</option>
                        {move || view.topics.with(|t| t.as_ref().and_then(|t| t.value.as_ref().ok()).cloned().unwrap_or_default().into_iter().map(|arn| {
                            let (chosen, value) = (arn.clone(), arn.clone());
                            view! { <option value=value selected=move || topic.with(|t| *t == chosen)>{arn}</option> }
                        }).collect_view())}
                    </select>
                </div>
                {move || view.topics.with(|t| t.as_ref().and_then(|t| t.value.as_ref().err()).map(|why| view! { <p class="unchecked">{format!("Topics: {why}")}</p> }))}
                <div class="field inline">
                    <label for=id.with_value(|i| format!("topic-{i}"))>"Or its ARN"</label>
                    <input id=id.with_value(|i| format!("topic-{i}")) type="text" prop:value=move || topic.get() on:input=move |ev| topic.set(event_target_value(&ev))/>
                </div>
            </div>
            <button type="button" disabled=move || view.busy.get() on:click=move |_| r.propose_alarms(id.get_value(), policy(), view)>"Show the recommended alarms"</button>
            {proposed}
            <Show when=move || view.existing.with(|e| e.as_ref().is_some_and(|e| e.value.as_ref().is_ok_and(|l| l.iter().any(|a| a.ours))))>
                <button type="button" disabled=move || view.busy.get() on:click=move |_| r.remove_alarms(id.get_value(), view)>"Remove the alarms this console created"</button>
            </Show>
            <p role="status">{move || view.said.get()}</p>
        </section>
    }
}

fn alarms_empty(view: AlarmsView) -> bool {
    view.proposed.with(|p| p.as_ref().is_none_or(|p| p.value.as_ref().is_ok_and(|(a, _)| a.is_empty())))
}
