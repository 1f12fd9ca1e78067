//! The page's view in its URL (the table's view, the Regions, the store whose details are open)
//! and the browser's Back and Forward between views. `fleet::view_history` decides which change is
//! a new entry; this follows the page's signals, writes the entries, opens the store a link names
//! once its list has loaded (or says why it cannot), and applies an entry the user steps back or
//! forward to, without a reload.

use super::account::Access;
use super::fleet::Fleet;
use super::scope::Scope;
use super::session::Session;
use crate::aws::regions::regions_from_list;
use crate::browser::location::{query_param, query_values, write_query, HistoryListener};
use crate::browser::now_ms;
use crate::fleet::view_history::{History, Params, Step, VIEW_PARAMS};
use crate::fleet::view_link::{resolve, selected_after, Listing, Outcome, Place, StoreRef, STORE_PARAM};
use crate::kms::listing::View;
use leptos::prelude::*;

#[derive(Clone, Copy)]
pub struct ViewLink {
    /// About the linked store, in one sentence: why it is not shown, or what hides it.
    pub note: RwSignal<Option<String>>,
    /// The store a link (or Back and Forward) asks for, until it opens or `note` says why not.
    wanted: RwSignal<Option<StoreRef>>,
    /// The store whose details were opened last and are still open.
    selected: RwSignal<Option<StoreRef>>,
    history: StoredValue<History>,
    /// The view the history entry the page is on holds.
    written: StoredValue<Params>,
    fleet: Fleet,
}

impl ViewLink {
    pub fn provide(fleet: Fleet, session: RwSignal<Option<Session>>, view: RwSignal<View>) -> Self {
        let (wanted, note) = match query_param(STORE_PARAM).map(|v| StoreRef::parse(&v)) {
            Some(Ok(store)) => (Some(store), None),
            Some(Err(why)) => (None, Some(why)),
            None => (None, None),
        };
        let link = Self {
            note: RwSignal::new(note),
            wanted: RwSignal::new(wanted),
            selected: RwSignal::new(None),
            history: StoredValue::new(History::default()),
            written: StoredValue::new(query_values(&VIEW_PARAMS)),
            fleet,
        };
        // What the page writes while it opens corrects the entry it opened on.
        link.follow();
        link.follow_details();
        link.open_wanted(session, view);
        link.write_entries(session, view);
        link.listen(session, view);
        link
    }

    /// The page's own changes, until the current task's effects have run, are not a step back.
    fn follow(&self) {
        self.history.update_value(History::follow);
        let history = self.history;
        // Effects run as microtasks: a timer fires once every change this task set off has run.
        set_timeout(
            move || {
                history.try_update_value(History::settle);
            },
            std::time::Duration::ZERO,
        );
    }

    /// Keeps `selected` on the store whose details were opened last, across every scope.
    fn follow_details(self) {
        let fleet = self.fleet;
        Effect::new(move |before: Option<Vec<StoreRef>>| {
            let open: Vec<StoreRef> = fleet.scopes.with(|entries| {
                entries
                    .iter()
                    .filter_map(|e| {
                        let id = e.scope.as_ref().ok()?.panels.details.try_get().flatten()?;
                        Some(StoreRef::new(&e.key.0, &e.key.1, id))
                    })
                    .collect()
            });
            let selected = self.selected.get_untracked();
            let next = selected_after(selected.as_ref(), before.as_deref().unwrap_or_default(), &open);
            if next != selected {
                // Its account or Region left the page: not a step of the user's.
                if selected.as_ref().is_some_and(|s| self.scope(s).is_none()) {
                    self.follow();
                }
                self.selected.set(next);
            }
            open
        });
    }

    /// The open scope a store is in.
    fn scope(&self, store: &StoreRef) -> Option<Scope> {
        let key = (store.account_id.clone(), store.region.clone());
        self.fleet.scopes.with_untracked(|s| s.iter().find(|e| e.key == key).and_then(|e| e.scope.as_ref().ok().copied()))
    }

    /// Opens the wanted store's details once its scope's list has it, or says why it cannot.
    fn open_wanted(self, session: RwSignal<Option<Session>>, view: RwSignal<View>) {
        Effect::new(move |_| {
            let Some(target) = self.wanted.get() else { return };
            let place = self.place_of(&target, session, view);
            match resolve(&target, &place) {
                Outcome::Wait(why) => {
                    if self.note.with_untracked(|n| *n != why) {
                        self.note.set(why);
                    }
                }
                Outcome::Open(why) => {
                    self.follow();
                    if let Some(scope) = self.scope(&target) {
                        if scope.panels.details.get_untracked().as_deref() != Some(target.store_id.as_str()) {
                            scope.panels.details.set(Some(target.store_id.clone()));
                        }
                    }
                    self.selected.set(Some(target));
                    self.wanted.set(None);
                    self.note.set(why);
                }
                Outcome::Missing(why) => {
                    self.follow();
                    self.wanted.set(None);
                    self.note.set(Some(why));
                }
            }
        });
    }

    /// What the page knows of where `target` is (tracked: the effect asks again as it learns).
    fn place_of(&self, target: &StoreRef, session: RwSignal<Option<Session>>, view: RwSignal<View>) -> Place {
        if !session.with(|s| s.as_ref().is_some_and(|s| s.regions.contains(&target.region))) {
            return Place::RegionNotShown;
        }
        let key = (target.account_id.clone(), target.region.clone());
        if let Some(entry) = self.fleet.scopes.with(|s| s.iter().find(|e| e.key == key).cloned()) {
            return match entry.scope {
                Err(why) => Place::ScopeFailed(why),
                Ok(scope) => {
                    let store = scope.list.store(&target.store_id);
                    let (loaded, failed) = scope.list.load.with(|l| (l.loaded_at.is_some(), l.error.is_some()));
                    Place::Listed(Listing {
                        loaded,
                        failed,
                        has_store: store.is_some(),
                        row_shown: store.is_some_and(|s| view.with(|v| v.shows(&s))),
                        account_shown: view.with(|v| v.account.as_ref().is_none_or(|a| *a == target.account_id)),
                    })
                }
            };
        }
        let (hub, members) = (self.fleet.hub, self.fleet.members);
        let member = move || members.with(|m| m.iter().find(|a| a.is(&target.account_id)).copied());
        let account = if hub.is(&target.account_id) { Some(hub) } else { member() };
        match account.map(|a| a.access.get()) {
            None => Place::AccountNotOnPage,
            Some(Access::Refused(why)) => Place::AccountRefused(why),
            // Being assumed, waiting for a code, or ready with its scope about to open.
            Some(_) => Place::AccountNotReady,
        }
    }

    /// The view's parameters as the page has them now (tracked).
    fn params(&self, session: RwSignal<Option<Session>>, view: RwSignal<View>) -> Params {
        let mut params: Params = view.with(View::to_query).into_iter().map(|(k, v)| (k.to_owned(), v)).collect();
        let regions = session.with(|s| s.as_ref().map(|s| s.regions.clone()).unwrap_or_default());
        if !regions.is_empty() {
            params.push(("region".to_owned(), regions.join(",")));
        }
        // A store waiting for its list stays in the link; an open one, while its Region is shown.
        let store = self.wanted.get().or_else(|| self.selected.get().filter(|s| regions.contains(&s.region)));
        if let Some(store) = store {
            params.push((STORE_PARAM.to_owned(), store.to_param()));
        }
        params
    }

    /// Writes each change of the view: a new entry for a step, else on the entry the page is on.
    fn write_entries(self, session: RwSignal<Option<Session>>, view: RwSignal<View>) {
        let params = Memo::new(move |_| self.params(session, view));
        Effect::new(move |_| {
            let after = params.get();
            let Some(step) = self.written.with_value(|before| self.history.try_update_value(|h| h.step(before, &after, now_ms()))) else { return };
            if step == Step::Keep {
                return;
            }
            if step == Step::Push {
                // The note was about the view the link opened; the user has moved on.
                self.note.set(None);
            }
            write_query(&VIEW_PARAMS, &after, step);
            self.written.set_value(after);
        });
    }

    /// Back and Forward: the page takes the entry's view, without a reload or a new entry.
    fn listen(self, session: RwSignal<Option<Session>>, view: RwSignal<View>) {
        let arrive = move || {
            self.follow();
            self.written.set_value(query_values(&VIEW_PARAMS));
            let entry_view = View::from_query(query_param);
            view.maybe_update(|v| std::mem::replace(v, entry_view.clone()) != entry_view);
            if let Some(regions) = query_param("region").map(|r| regions_from_list(&r)).filter(|r| !r.is_empty()) {
                session.maybe_update(|s| match s.as_mut().filter(|s| s.regions != regions) {
                    Some(s) => {
                        s.regions = regions;
                        s.store();
                        true
                    }
                    None => false,
                });
            }
            // Only the entry's store stays open: the page shows what the entry says.
            let target = query_param(STORE_PARAM).and_then(|v| StoreRef::parse(&v).ok());
            self.fleet.scopes.with_untracked(|entries| {
                for e in entries {
                    let Ok(scope) = &e.scope else { continue };
                    let keep = target.as_ref().is_some_and(|t| t.account_id == e.key.0 && t.region == e.key.1);
                    if !keep && scope.panels.details.get_untracked().is_some() {
                        scope.panels.details.set(None);
                    }
                }
            });
            self.selected.set(None);
            self.note.set(None);
            self.wanted.set(target);
            // The fleet's accounts ride along in every entry: this one may be older than them.
            untrack(|| self.fleet.write_link());
        };
        if let Some(listener) = HistoryListener::listen(arrive) {
            let listener = send_wrapper::SendWrapper::new(listener);
            on_cleanup(move || listener.take().remove());
        }
    }
}
