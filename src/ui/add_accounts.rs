//! Adding member accounts, three ways: role ARNs typed or pasted, a pasted `~/.aws/config`, or the
//! hub's organization with one role name. What will be added, and what will not and why, shows
//! before the user confirms; an optional label ("production") asks for the account's name before
//! every change there.

use super::text_field::TextField;
use crate::aws::organizations::OrgAccount;
use crate::aws::profiles::parse_config;
use crate::fleet::accounts::{from_organization, from_profiles, parse_role_list, Colour, Label, MemberAccount};
use crate::state::fleet::use_fleet;
use crate::state::organization::{organization_accounts, partition};
use crate::state::session::use_session;
use leptos::prelude::*;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Source {
    Roles,
    Config,
    Organization,
}

/// What a source gives: the accounts to add, and a sentence for each thing left out.
type Picked = (Vec<MemberAccount>, Vec<String>);

#[component]
pub fn AddAccounts(done: Callback<()>) -> impl IntoView {
    let fleet = use_fleet();
    let session = use_session().0;
    let source = RwSignal::new(Source::Roles);
    let roles = RwSignal::new(String::new());
    let config = RwSignal::new(String::new());
    let role_name = RwSignal::new("KeyStoreOperator".to_owned());
    let label = RwSignal::new(String::new());
    let colour = RwSignal::new(Colour::Red);
    let org = RwSignal::new(None::<Result<Vec<OrgAccount>, String>>);
    let chosen = RwSignal::new(Vec::<String>::new());
    let search = RwSignal::new(String::new());
    let list_org = Action::new_local(move |_: &()| {
        let current = session.get_untracked();
        async move {
            let result = match current {
                Some(s) => organization_accounts(&s).await,
                None => Err("You are signed out.".into()),
            };
            org.set(Some(result));
        }
    });
    let picked = Memo::new(move |_| -> Picked {
        match source.get() {
            Source::Roles => {
                let list = parse_role_list(&roles.get());
                (list.accounts, list.errors.iter().map(ToString::to_string).collect())
            }
            Source::Config => {
                let parsed = parse_config(&config.get());
                let (accounts, skipped) = from_profiles(&parsed);
                (accounts, parsed.problems.into_iter().chain(skipped.into_iter().map(|s| format!("{}: {}", s.what, s.why))).collect())
            }
            Source::Organization => {
                let Some(Ok(all)) = org.get() else { return (vec![], vec![]) };
                let picked: Vec<OrgAccount> = chosen.with(|c| all.into_iter().filter(|a| a.id.as_ref().is_some_and(|id| c.contains(id))).collect());
                let (hub, part) = session.with(|s| s.as_ref().map(|s| (s.identity.account.clone(), partition(s))).unwrap_or_default());
                let (accounts, skipped) = from_organization(&picked, role_name.get().trim(), &hub, &part);
                (accounts, skipped.into_iter().map(|s| format!("{}: {}", s.what, s.why)).collect())
            }
        }
    });
    let label_problem = Memo::new(move |_| label.with(|l| (!l.trim().is_empty()).then(|| Label::new(l, colour.get()).err()).flatten()));
    let add = move |_| {
        let word = label.get_untracked();
        let label = (!word.trim().is_empty()).then(|| Label::new(&word, colour.get_untracked()).ok()).flatten();
        let accounts = picked.get_untracked().0.into_iter().map(|a| MemberAccount { label: label.clone(), ..a }).collect();
        fleet.add(accounts);
        done.run(());
    };
    let tab = move |which: Source, text: &'static str| {
        view! { <button type="button" role="tab" class="tab" aria-selected=move || (source.get() == which).to_string() on:click=move |_| source.set(which)>{text}</button> }
    };
    view! {
        <section class="add-accounts" aria-labelledby="add-accounts-title">
            <h3 id="add-accounts-title">"Add accounts"</h3>
            <p class="hint">"Each account is reached by assuming a role in it with the identity you signed in with. Only role names and ARNs are kept (in the page's link), never credentials."</p>
            <div class="type-tabs" role="tablist" aria-label="Where the accounts come from">
                {tab(Source::Roles, "Role ARNs")}
                {tab(Source::Config, "~/.aws/config")}
                {tab(Source::Organization, "AWS Organizations")}
            </div>
            {move || match source.get() {
                Source::Roles => pasted("role-arns", "Role ARNs, one a line; an external ID may follow after a space", 4, roles),
                Source::Config => pasted("aws-config", "Paste a ~/.aws/config: every profile with a role_arn becomes an account", 6, config),
                Source::Organization => view! { <OrganizationPicker org chosen search role_name list=Callback::new(move |()| { list_org.dispatch_local(()); }) busy=list_org.pending()/> }.into_any(),
            }}
            <div class="label-fields">
                <TextField id="account-label" label="Label these accounts (optional, e.g. production)" value=label/>
                <div class="field">
                    <label for="label-colour">"Label colour"</label>
                    <select id="label-colour" on:change=move |ev| if let Some(c) = Colour::from_key(&event_target_value(&ev)) { colour.set(c) }>
                        {Colour::ALL.into_iter().map(|c| view! { <option value=c.key() selected=move || colour.get() == c>{c.key()}</option> }).collect_view()}
                    </select>
                </div>
            </div>
            {move || label_problem.get().map(|p| view! { <p class="problem" role="alert">{p}</p> })}
            <p class="add-summary" role="status">{move || picked.with(|(a, _)| match a.len() {
                0 => "No account to add yet.".to_owned(),
                1 => "1 account to add.".to_owned(),
                n => format!("{n} accounts to add."),
            })}</p>
            <ul class="left-out">{move || picked.with(|(_, out)| out.iter().map(|o| view! { <li>{o.clone()}</li> }).collect_view())}</ul>
            <div class="dialog-actions">
                <button type="button" class="primary" on:click=add disabled=move || picked.with(|(a, _)| a.is_empty()) || label_problem.with(Option::is_some)>"Add these accounts"</button>
                <button type="button" on:click=move |_| done.run(())>"Cancel"</button>
            </div>
        </section>
    }
}

/// A labelled box for pasted lines (role ARNs, a config file).
fn pasted(id: &'static str, label: &'static str, rows: u32, value: RwSignal<String>) -> AnyView {
    view! {
        <div class="field">
            <label for=id>{label}</label>
            <textarea id=id rows=rows spellcheck="false" autocomplete="off" prop:value=move || value.get() on:input=move |ev| value.set(event_target_value(&ev))></textarea>
        </div>
    }
    .into_any()
}

/// The organization's accounts as a searchable checklist, and the role name to assume in each.
#[component]
fn OrganizationPicker(
    org: RwSignal<Option<Result<Vec<OrgAccount>, String>>>,
    chosen: RwSignal<Vec<String>>,
    search: RwSignal<String>,
    role_name: RwSignal<String>,
    list: Callback<()>,
    busy: Memo<bool>,
) -> impl IntoView {
    let shown = move || {
        let needle = search.get().trim().to_lowercase();
        org.get()
            .and_then(Result::ok)
            .unwrap_or_default()
            .into_iter()
            .filter(move |a| needle.is_empty() || [&a.id, &a.name].into_iter().flatten().any(|t| t.to_lowercase().contains(&needle)))
    };
    let row = move |a: OrgAccount| {
        let id = a.id.clone().unwrap_or_default();
        let input_id = format!("org-{id}");
        let checked = {
            let id = id.clone();
            move || chosen.with(|c| c.contains(&id))
        };
        let toggle = {
            let id = id.clone();
            move |ev| {
                let on = event_target_checked(&ev);
                chosen.update(|c| {
                    c.retain(|x| *x != id);
                    if on {
                        c.push(id.clone());
                    }
                })
            }
        };
        view! {
            <li class="field checkbox">
                <input type="checkbox" id=input_id.clone() prop:checked=checked on:change=toggle/>
                <label for=input_id>{a.name.clone().unwrap_or_else(|| id.clone())}" "<span class="mono">{id.clone()}</span>" "<span class="muted">{a.lifecycle().unwrap_or_default().to_owned()}</span></label>
            </li>
        }
    };
    view! {
        <TextField id="org-role-name" label="Role name that exists in each account" value=role_name/>
        <button type="button" on:click=move |_| list.run(()) disabled=move || busy.get()>
            {move || if busy.get() { "Listing the organization…" } else { "List the accounts of the organization" }}
        </button>
        {move || org.get().and_then(Result::err).map(|why| view! { <p class="problem" role="alert">{why}</p> })}
        <Show when=move || matches!(org.get(), Some(Ok(_)))>
            <TextField id="org-search" label="Search accounts" kind="search" value=search/>
            <ul class="org-accounts">{move || shown().map(row).collect_view()}</ul>
        </Show>
    }
}
