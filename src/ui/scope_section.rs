//! One scope's section of the page (an account in a Region): it loads, polls and fails on its
//! own, so one scope's trouble never hides another's stores. The scope itself lives in the
//! fleet's registry; this only renders it.

use crate::aws::time::age_text;
use crate::hooks::{use_near, UseNearOptions};
use crate::kms::listing::Grouping;
use crate::state::fleet::{use_fleet, ScopeEntry};
use crate::state::list_view::ListViewContext;
use crate::state::scope::{Origin, Scope};
use crate::state::session::SessionClock;
use crate::state::warmup::Warmup;
use crate::ui::confirm_dialog::ConfirmDialog;
use crate::ui::create_store::CreateStore;
use crate::ui::error_banner::ErrorBanner;
use crate::ui::guidance_panel::GuidancePanel;
use crate::ui::load_status::LoadStatus;
use crate::ui::store_details::StoreDetails;
use crate::ui::store_table::StoreTable;
use leptos::prelude::*;

/// Every group's scopes, by the group's key (an account id or a Region), for the groups to read.
#[derive(Clone, Copy)]
pub struct ScopesByGroup(pub Memo<std::collections::HashMap<String, Vec<ScopeEntry>>>);

/// One account's scopes, or one Region's, as the view groups them.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Group {
    pub by: Grouping,
    /// The account id or the Region.
    pub key: String,
}

/// A group's heading (with its count of stores) once the page watches more than one account,
/// then each of its scopes' sections.
#[component]
pub fn ScopeGroup(group: Group, on_remove: Callback<String>, removable: Signal<bool>) -> impl IntoView {
    let fleet = use_fleet();
    let Group { by, key } = group;
    let scopes = expect_context::<ScopesByGroup>().0;
    let entries = {
        let key = key.clone();
        Memo::new(move |_| scopes.with(|m| m.get(&key).cloned().unwrap_or_default()))
    };
    let stores = move || entries.with(|e| e.iter().filter_map(|e| e.scope.as_ref().ok()).map(|s| s.list.stores.with(Vec::len)).sum::<usize>());
    let title = {
        let key = key.clone();
        move || match by {
            Grouping::Region => key.clone(),
            Grouping::Account => fleet.account(&key).map(|a| format!("{} ({})", a.name(), a.id())).unwrap_or_else(|| key.clone()),
        }
    };
    view! {
        <Show when=move || fleet.many_accounts.get()>
            <h2 class="group-head" data-group=key.clone()>{title.clone()}<span class="group-count">{move || match stores() {
                1 => " · 1 store".to_owned(),
                n => format!(" · {n} stores"),
            }}</span></h2>
        </Show>
        <For each=move || entries.get() key=|e| e.key.clone() let:entry>
            <ScopeSection entry on_remove removable/>
        </For>
    }
}

#[component]
pub fn ScopeSection(entry: ScopeEntry, on_remove: Callback<String>, removable: Signal<bool>) -> impl IntoView {
    let (account_id, region) = entry.key.clone();
    // The hub's sections keep the plain Region id they always had; members' add the account.
    let heading_id = if entry.account.is_hub() { format!("region-{region}") } else { format!("scope-{account_id}-{region}") };
    let body = match entry.scope {
        Err(e) => view! {
            <div class="region-head"><h2 id=heading_id.clone()>{region.clone()}</h2></div>
            <p class="problem" role="alert">{e}</p>
        }
        .into_any(),
        Ok(r) => view! { <ScopeBody scope=r on_remove removable heading_id=heading_id.clone()/> }.into_any(),
    };
    view! {
        <section class="region" aria-labelledby=heading_id data-region=region data-account=account_id>
            {body}
        </section>
    }
}

#[component]
fn ScopeBody(scope: Scope, on_remove: Callback<String>, removable: Signal<bool>, heading_id: String) -> impl IntoView {
    let r = scope;
    let now = expect_context::<SessionClock>().now_by_ten;
    let name = r.name();
    let fleet = use_fleet();
    let account = r.account;
    // Removing a Region removes it for every account: offered on the hub's sections only.
    let hub = account.is_hub();
    // The account is named once there is more than the hub's (a member's section always is).
    let label = move || view! { <span class="scope-account">{move || account.name()}" "<span class="mono">{format!("({})", account.id())}</span></span> };
    let whose = if hub { (move || fleet.many_accounts.get().then(label)).into_any() } else { label().into_any() };
    let meta = move || {
        if let Some(retry) = r.requests.retrying.get() {
            return format!("retrying… (attempt {} of 3, after {})", retry.attempt, retry.error);
        }
        let count = r.list.stores.with(Vec::len);
        let stores = if count == 1 { "1 store".to_owned() } else { format!("{count} stores") };
        // Also what the (lazily built) body says at length: a scope far down the page tells its
        // loading and its failure here too.
        let (loaded_at, failed) = r.list.load.with(|l| (l.loaded_at, l.error.is_some()));
        match loaded_at {
            Some(at) => {
                let age = age_text(now.get().saturating_sub(at));
                format!("{stores} · updated {age}{}", if failed { " · the last refresh failed" } else { "" })
            }
            None if failed => "could not be loaded".to_owned(),
            None if r.requests.refreshing.get() => "loading…".to_owned(),
            None => "not loaded yet".to_owned(),
        }
    };
    view! {
        <div class="region-head">
            <h2 id=heading_id><span class="scope-region">{name.clone()}</span>" "{whose}</h2>
            <p class="region-meta">{meta}</p>
            <div class="region-tools">
                <button type="button" on:click=move |_| r.panels.creating.update(|c| *c = !*c) disabled=move || !r.can_send()>"Create key store"</button>
                <button type="button" aria-label=format!("Refresh {name}") on:click=move |_| r.refresh()
                    disabled=move || r.requests.refreshing.get() || !r.can_send()>
                    {move || if r.requests.refreshing.get() { "Refreshing…" } else { "Refresh" }}
                </button>
                {hub.then_some(move || removable.get().then(|| view! {
                    <button type="button" class="link" aria-label=format!("Remove Region {}", r.name())
                        on:click=move |_| on_remove.run(r.name())>"Remove"</button>
                }))}
            </div>
        </div>
        <LazyBody scope=r/>
    }
}

/// Past this many scopes on the page, a scope builds its body (the create form, banners, live
/// region, table, dialogs and details) only once it comes near the viewport or one of its panels
/// opens (a link to a store's details, say): at 204 scopes, building every table at sign-in was
/// most of the page's script (2,000 rows, BENCHMARKS.md §7), for tables the user would have to
/// scroll a long way to see. Its heading, meta line (which also says loading and failure) and
/// buttons are always there, so headings navigate and Tab reaches every scope (a focused button
/// scrolls it near).
const BUILD_EVERY_TABLE_UP_TO: usize = 16;

#[component]
fn ScopeBodyParts(scope: Scope) -> impl IntoView {
    let r = scope;
    view! {
        <Show when=move || r.panels.creating.get()>
            <CreateStore scope=r/>
        </Show>
        <ErrorBanner scope=r origin=Origin::Table/>
        <p class="live" role="status" aria-live="polite">{move || r.requests.announcement.get()}</p>
        <LoadStatus scope=r/>
        <StoreTable scope=r/>
        // Nearly every scope has none of these open: one watcher for the three, not three each.
        <Show when=move || r.panels.any_below_open()>
            <ConfirmDialog scope=r/>
            <GuidancePanel scope=r/>
            <StoreDetails scope=r/>
        </Show>
    }
}

#[component]
fn LazyBody(scope: Scope) -> impl IntoView {
    let r = scope;
    let fleet = use_fleet();
    if fleet.expected_scopes() <= BUILD_EVERY_TABLE_UP_TO {
        return view! { <ScopeBodyParts scope=r/> }.into_any();
    }
    let target = NodeRef::new();
    // Members' sections arrive as their roles are assumed, some above others: their nearness is
    // judged once every scope has its first list and the page has its final order. The hub's
    // come first and never move: their tables are built as soon as their lists are in.
    let settled = match Warmup::get() {
        Some(w) if !r.account.is_hub() => Signal::derive(move || w.is_over()),
        _ => Signal::stored(true),
    };
    let near = use_near(target, UseNearOptions { enabled: settled, ..Default::default() });
    let view = expect_context::<ListViewContext>().0;
    // Holds the table's place, so the page does not jump as tables are built.
    // Before the list is in, a whole page is expected, so that tables further down stay far.
    // A memo: the style is written when the number changes, not at every answer.
    let rows = Memo::new(move |_| {
        let page = view.with(|v| v.page_size);
        if r.list.load.with(|l| l.loaded_at.is_some()) {
            r.list.stores.with(Vec::len).min(page)
        } else {
            page
        }
    });
    view! {
        <Show when=move || near.get() || r.panels.creating.get() || r.panels.any_below_open() fallback=move || view! {
            <div class="table-placeholder" node_ref=target style:min-height=move || format!("calc({} * 2.6rem + 5rem)", rows.get())></div>
        }>
            <ScopeBodyParts scope=r/>
        </Show>
    }
    .into_any()
}
