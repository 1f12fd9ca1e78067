//! How the Region's list stands: loading for the first time, or a failed load said plainly, with
//! the age of the rows still shown and a Retry. A failed load never looks like an empty Region.

use super::error_banner::error_lines;
use crate::aws::time::duration_text;
use crate::fleet::reach::explain_scope_error;
use crate::fleet::Scope as ScopeKey;
use crate::kms::operation::Operation;
use crate::state::scope::Scope;
use crate::state::session::SessionClock;
use leptos::prelude::*;

#[component]
pub fn LoadStatus(scope: Scope) -> impl IntoView {
    let r = scope;
    let now = expect_context::<SessionClock>().now;
    let error = Memo::new(move |_| r.list.load.with(|l| l.error.clone()));
    let loaded_at = Memo::new(move |_| r.list.load.with(|l| l.loaded_at));
    view! {
        // The first load is said on the scope's meta line ("loading…"), beside its heading.
        {move || error.get().map(|e| {
            view! {
                <div class="banner load-failed" role="alert">
                    <p class="banner-title">{if r.account.is_hub() {
                        format!("The key stores of {} could not be loaded.", r.name())
                    } else {
                        format!("The key stores of {} in {} could not be loaded.", r.account.name(), r.name())
                    }}</p>
                    // In a member account, what the scope knows says it better (a Region the account
                    // has not enabled answers as if the credentials were unknown).
                    {(!r.account.is_hub())
                        .then(|| explain_scope_error(&e, &ScopeKey::new(r.account.id(), r.name())))
                        .flatten()
                        .map_or_else(|| error_lines(&e, Operation::DescribeCustomKeyStores).into_any(), |why| view! { <p>{why}</p> }.into_any())}
                    <p class="stale-note">{move || match loaded_at.get() {
                        Some(at) => format!("The table shows the list as it was {} ago; it may be out of date.", duration_text(now.get().saturating_sub(at))),
                        None => "No list has been loaded yet.".to_owned(),
                    }}</p>
                    <button type="button" aria-label=format!("Retry {}", r.name()) on:click=move |_| r.refresh()
                        disabled=move || r.requests.refreshing.get() || !r.can_send()>
                        {move || if r.requests.refreshing.get() { "Retrying…" } else { "Retry" }}
                    </button>
                </div>
            }
        })}
    }
}
