//! The signed-in page: the header, then one section per Region. Regions come and go from the
//! header without disturbing the others; they (never credentials) live in the URL.

use super::header::Header;
use super::list_view::{provide_list_view, ListToolbar};
use super::region::RegionSection;
use super::renew_dialog::RenewDialog;
use super::session::{use_session, RenewEarly, SessionClock};
use crate::browser::location::replace_query;
use crate::browser::notify;
use crate::hooks::use_now;
use leptos::prelude::*;

#[component]
pub fn StoresPage() -> impl IntoView {
    let session = use_session().0;
    let clock = SessionClock::new(session, use_now(1000));
    provide_context(clock);
    let renew_early = RenewEarly(RwSignal::new(false));
    provide_context(renew_early);
    // "Remember in this tab" lasts until the credentials expire: the tab's copy goes then.
    Effect::watch(
        move || clock.expired.get(),
        |&expired, _, _| {
            if expired {
                crate::browser::storage::clear();
            }
        },
        true,
    );
    let regions = Memo::new(move |_| session.with(|s| s.as_ref().map(|s| s.regions.clone()).unwrap_or_default()));
    Effect::new(move |_| replace_query(&["region"], &[("region", regions.get().join(","))]));
    provide_list_view();
    let notifications = RwSignal::new(notify::permission_granted());
    let remove = Callback::new(move |name: String| {
        session.update(|s| {
            if let Some(s) = s.as_mut().filter(|s| s.regions.len() > 1) {
                s.regions.retain(|r| *r != name);
                s.store();
            }
        })
    });
    let removable = Signal::derive(move || regions.with(|r| r.len() > 1));
    view! {
        <Header/>
        <Show when=move || clock.expired.get() || renew_early.0.get()>
            <RenewDialog/>
        </Show>
        <div class="page-tools">
            <ListToolbar/>
            <div class="field checkbox">
                <input type="checkbox" id="notify" prop:checked=move || notifications.get()
                    on:change=move |ev| {
                        let on = event_target_checked(&ev);
                        notifications.set(on);
                        if on {
                            notify::ask_permission();
                        }
                    }/>
                <label for="notify">"Notify me when a transition ends"</label>
            </div>
        </div>
        <For each=move || regions.get() key=|r| r.clone() let:region>
            <RegionSection region notify=notifications on_remove=remove removable/>
        </For>
    }
}
