use super::region::{Origin, Region};
use crate::kms::guidance::for_operation_error;
use leptos::prelude::*;

/// The failure of an action started at `origin`, readable and where the user is looking: what
/// failed, the error type, the service's message, the request id, and what to do about it.
/// `role="alert"` announces it.
#[component]
pub fn ErrorBanner(region: Region, origin: Origin) -> impl IntoView {
    let r = region;
    let here = Memo::new(move |_| r.requests.failure.get().filter(|f| f.origin == origin));
    move || {
        here.get().map(|failure| {
            let advice = for_operation_error(failure.error.code(), failure.operation.name());
            view! {
                <div class="banner" role="alert">
                    <p class="banner-title">{failure.doing}" failed."</p>
                    <p><span class="error-type">{failure.error.code().to_owned()}</span>
                        {(!failure.error.message.is_empty()).then(|| format!(": {}", failure.error.message))}</p>
                    {advice.map(|a| view! { <p class="advice">{a}</p> })}
                    {failure.error.request_id.clone().map(|id| view! { <p class="request-id">"Request ID: "<code>{id}</code></p> })}
                    <button type="button" on:click=move |_| r.requests.failure.set(None)>"Dismiss"</button>
                </div>
            }
        })
    }
}
