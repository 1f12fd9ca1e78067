//! The store list as a real `<table>`, dense like the AWS console's: one line per store, the
//! columns of the type shown, sortable, filtered by the shared view. A row's primary action is a
//! button and the others sit in its menu; its name opens the details. Rows are keyed by store id
//! and their cells follow the store, so a poll updates a row in place (the focus stays). One page
//! of rows is built at a time (see `kms::listing::PAGE_SIZES`).

use super::action_button::ActionButton;
use super::health_dot::{ClusterSummary, HealthDot};
use super::progress::Progress;
use super::state_badge::StateBadge;
use crate::aws::time::format_utc;
use crate::browser::{copy_text, local_date};
use crate::kms::listing::{backing, connectivity, proxy_endpoint, Column, Page, View};
use crate::kms::rules::{is_in_transition, primary_action, Action};
use crate::kms::{words, ConnectionState, KeyStore};
use crate::state::fleet::use_fleet;
use crate::state::list_view::ListViewContext;
use crate::state::scope::panels::Guide;
use crate::state::scope::{Origin, Scope};
use leptos::html::Details;
use leptos::prelude::*;
use leptos::task::spawn_local;

#[component]
pub fn StoreTable(scope: Scope) -> impl IntoView {
    let r = scope;
    let view = expect_context::<ListViewContext>().0;
    let shown = Memo::new(move |_| view.with(|v| r.list.stores.with(|s| v.ids(s))));
    // Only one page of rows is built (see PAGE_SIZES). The page stays while the view does; another
    // filter, sort or size starts over at the first (and coming back to an earlier view does not
    // bring its page back). Derived, with the memo's own last value, not copied by an effect.
    let asked = RwSignal::new((0u64, View::default(), 0usize));
    let index = Memo::new(move |last: Option<&(u64, View, usize)>| {
        let (seq, asked_in, wanted) = asked.get();
        let current = view.get();
        let kept = match last {
            Some((last_seq, _, _)) if *last_seq != seq && asked_in == current => wanted,
            Some((_, last_view, last_index)) if *last_view == current => *last_index,
            _ => 0,
        };
        (seq, current, kept)
    });
    let go_to = move |i: usize| asked.update(|(seq, v, wanted)| (*seq, *v, *wanted) = (*seq + 1, view.get_untracked(), i));
    let index = move || index.with(|(_, _, i)| *i);
    let page = Memo::new(move |_| Page::of(shown.with(Vec::len), view.with(|v| v.page_size), index()));
    let on_page = Memo::new(move |_| page.with(|p| shown.with(|ids| ids[p.start..p.end].to_vec())));
    let fleet = use_fleet();
    let many = fleet.many_accounts;
    let columns = Memo::new(move |_| view.with(|v| v.columns(many.get())));
    let header = move |column: Column| {
        let sort = move || {
            view.with(|v| match (v.sort == column, v.descending) {
                (false, _) => "none",
                (true, false) => "ascending",
                (true, true) => "descending",
            })
        };
        view! {
            <th scope="col" aria-sort=sort class=format!("col-{}", column.key())>
                <button type="button" class="sort" on:click=move |_| view.update(|v| v.toggle_sort(column))>{column.title()}</button>
            </th>
        }
    };
    let loaded = move || r.list.load.with(|l| l.loaded_at.is_some());
    view! {
        <div class="table-box">
            <table class="stores store-list" class:stale=move || r.list.load.with(|l| l.is_stale())>
                <caption>{move || match (loaded(), r.list.load.with(|l| l.error.is_some())) {
                    (false, true) => format!("Custom key stores in {}: not loaded", r.name()),
                    (false, false) => format!("Custom key stores in {}: loading", r.name()),
                    (true, stale) => format!("Custom key stores in {}: {} of {} shown{}{}", r.name(), shown.with(Vec::len), r.list.stores.with(Vec::len),
                        page.with(|p| if p.count > 1 { format!(", rows {}", p.describe()) } else { String::new() }),
                        if stale { " (out of date: the last refresh failed)" } else { "" }),
                }}</caption>
                <thead>
                    <tr>
                        {move || columns.get().iter().map(|c| header(*c)).collect_view()}
                        <th scope="col" class="col-actions">"Actions"</th>
                    </tr>
                </thead>
                <tbody>
                    <For each=move || on_page.get() key=|id| id.clone() let:id>
                        <StoreRow scope=r id columns/>
                    </For>
                </tbody>
            </table>
        </div>
        <Show when=move || page.with(|p| p.count > 1)>
            <nav class="pager" aria-label=format!("Pages of {}", r.name())>
                <button type="button" aria-label=format!("Previous page of {}", r.name()) disabled=move || page.with(|p| p.index == 0)
                    on:click=move |_| go_to(page.get_untracked().index.saturating_sub(1))>"Previous"</button>
                <span class="page-of">{move || page.with(|p| format!("Rows {} · page {} of {}", p.describe(), p.index + 1, p.count))}</span>
                <button type="button" aria-label=format!("Next page of {}", r.name()) disabled=move || page.with(|p| p.index + 1 >= p.count)
                    on:click=move |_| go_to(page.get_untracked().index + 1)>"Next"</button>
            </nav>
        </Show>
        <Show when=move || loaded() && r.list.stores.with(Vec::is_empty)>
            <p class="empty">"There are no custom key stores in this Region for this account."</p>
        </Show>
        <Show when=move || !r.list.stores.with(Vec::is_empty) && shown.with(Vec::is_empty)>
            <p class="empty">"No store matches the filter."</p>
        </Show>
    }
}

/// An id in a monospace face that never wraps, with a button that copies it.
#[component]
fn CopyableId(#[prop(into)] id: String, #[prop(into)] what: String) -> impl IntoView {
    let copied = RwSignal::new(false);
    let text = id.clone();
    let copy = move |_| {
        let text = text.clone();
        spawn_local(async move {
            if copy_text(&text).await {
                copied.set(true);
                set_timeout(
                    move || {
                        copied.try_set(false);
                    },
                    std::time::Duration::from_secs(2),
                );
            }
        });
    };
    view! {
        <span class="id"><code>{id}</code>
            // One icon whose drawing follows a class: a table of stores builds a thousand of these.
            <button type="button" class="copy" class:copied=move || copied.get() aria-label=format!("Copy the ID of {what}") title="Copy the ID" on:click=copy>
                <svg viewBox="0 0 16 16" width="14" height="14" aria-hidden="true">
                    <rect class="sheet" x="5" y="5" width="9" height="9" rx="1.5" fill="none" stroke="currentColor" stroke-width="1.5"/>
                    <path class="sheet" d="M3 11V3.5A1.5 1.5 0 0 1 4.5 2H11" fill="none" stroke="currentColor" stroke-width="1.5"/>
                    <path class="tick" d="M3 8.5l3 3 7-7" fill="none" stroke="currentColor" stroke-width="2"/>
                </svg>
            </button>
        </span>
    }
}

#[component]
fn StoreRow(scope: Scope, id: String, columns: Memo<Vec<Column>>) -> impl IntoView {
    let r = scope;
    let key = StoredValue::new(id.clone());
    let store = Memo::new(move |_| key.with_value(|id| r.list.store(id)).unwrap_or_default());
    // The name as shown and as buttons are named: invisible and direction characters written out
    // (`words::visible`), so that no name reads as another store's.
    let name = Memo::new(move |_| store.with(|s| words::visible(s.name()).into_owned()));
    let state = Memo::new(move |_| store.with(|s| s.connection_state.clone()));
    let code = Memo::new(move |_| store.with(|s| s.connection_error_code.clone()));
    let text = move |f: fn(&KeyStore) -> String| move || store.with(f);
    let cell = move |column: Column| {
        match column {
        Column::Name => view! {
            <th scope="row">
                <button type="button" class="link name" aria-label=move || format!("Details {}", name.get()) title=move || name.get()
                    on:click=move |_| r.panels.details.set(Some(key.get_value()))><bdi>{move || name.get()}</bdi></button>
                <HealthDot scope=r store_id=key.get_value()/>
            </th>
        }
        .into_any(),
        Column::Id => view! { <td><CopyableId id=key.get_value() what=name.get_untracked()/></td> }.into_any(),
        // A store's type and creation date never change: built once, not followed.
        Column::Type => {
            let kind = store.with_untracked(KeyStore::store_type);
            view! { <td title=kind.to_string()>{words::store_type_short(&kind)}</td> }.into_any()
        }
        Column::Backing => view! {
            <td class="mono backing"><span class="clip" title=text(backing)>{text(backing)}</span><ClusterSummary scope=r store/></td>
        }
        .into_any(),
        Column::Cluster => view! {
            <td class="mono">{text(|s| s.cloud_hsm_cluster_id.clone().unwrap_or_default())}<ClusterSummary scope=r store/></td>
        }
        .into_any(),
        Column::Connectivity => view! {
            <td title=text(|s| connectivity(s).map(|c| c.to_string()).unwrap_or_default())>
                {text(|s| connectivity(s).map(|c| words::connectivity(&c).to_owned()).unwrap_or_default())}
            </td>
        }
        .into_any(),
        Column::ProxyEndpoint => view! { <td class="mono">{text(proxy_endpoint)}</td> }.into_any(),
        Column::State => view! {
            <td class="state">
                <StateBadge state/>
                {move || state.get().filter(is_in_transition).map(|st| view! {
                    <Progress scope=r store_id=key.get_value() state=st store_type=store.with_untracked(|s| s.store_type())/>
                })}
            </td>
        }
        .into_any(),
        Column::Account => view! {
            <td class="account-cell"><span class="clip" title=r.account.name()>{r.account.name()}</span>" "<span class="mono account-id">{r.account.id()}</span></td>
        }
        .into_any(),
        Column::ErrorCode => view! { <td class="mono error-code">{move || code.get().map(|c| c.to_string()).unwrap_or_default()}</td> }.into_any(),
        Column::Created => view! {
            <td>{store.with_untracked(|s| s.creation_date).map(|at| view! { <time title=format_utc(at)>{local_date(at)}</time> })}</td>
        }
        .into_any(),
    }
    };
    view! {
        <tr data-store-id=id.clone()>
            {move || columns.get().iter().map(|c| cell(*c)).collect_view()}
            <td class="actions"><RowActions scope=r store_id=key.get_value() name state code/></td>
        </tr>
    }
}

/// The row's primary action as a button (Connect, Disconnect, or for a FAILED store its guide),
/// and the rest in a menu that closes once something in it is chosen.
#[component]
fn RowActions(
    scope: Scope,
    store_id: String,
    name: Memo<String>,
    state: Memo<Option<ConnectionState>>,
    code: Memo<Option<crate::kms::ConnectionErrorCode>>,
) -> impl IntoView {
    let r = scope;
    let id = StoredValue::new(store_id);
    let primary = Memo::new(move |_| state.with(|s| s.as_ref().and_then(primary_action)));
    let failed = Memo::new(move |_| state.with(|s| s == &Some(ConnectionState::Failed)) && code.with(Option::is_some));
    let menu = NodeRef::<Details>::new();
    let opened = RwSignal::new(false);
    let close_menu = move || {
        if let Some(m) = menu.get_untracked() {
            m.set_open(false);
        }
    };
    let troubleshoot = move |_| {
        if let Some(code) = code.get_untracked() {
            r.panels.guide.set(Some(Guide::new(&id.get_value(), code)));
        }
        close_menu();
    };
    let action = move |action: Action| {
        view! {
            <ActionButton scope=r store_id=id.get_value() action origin=Origin::Table
                aria_label=Signal::derive(move || format!("{} {}", action.label(), name.get()))/>
        }
    };
    view! {
        <div class="row-actions">
            {move || match primary.get() {
                Some(a) => action(a).into_any(),
                None if failed.get() => view! {
                    <button type="button" class="primary-soft" aria-label=move || format!("Troubleshoot {}", name.get()) on:click=troubleshoot>"Troubleshoot"</button>
                }
                .into_any(),
                None => ().into_any(),
            }}
            <details class="menu" node_ref=menu on:toggle=move |_| if menu.get_untracked().is_some_and(|m| m.open()) { opened.set(true) }>
                <summary aria-label=move || format!("More actions for {}", name.get())>"⋯"</summary>
                // Built when the menu first opens: a table of a thousand stores would otherwise
                // build a thousand menus nobody opens.
                <Show when=move || opened.get()>
                    <div class="menu-items" on:click=move |_| close_menu()>
                        {move || {
                            let shown = primary.get();
                            [Action::Connect, Action::Disconnect].into_iter().filter(|a| Some(*a) != shown).map(action).collect_view()
                        }}
                        <button type="button" aria-label=move || format!("Open details {}", name.get())
                            on:click=move |_| r.panels.details.set(Some(id.get_value()))>"Details"</button>
                        <Show when=move || failed.get() && primary.get().is_some()>
                            <button type="button" aria-label=move || format!("Troubleshoot {}", name.get()) on:click=troubleshoot>"Troubleshoot"</button>
                        </Show>
                    </div>
                </Show>
            </details>
        </div>
    }
}
