use crate::kms::guidance::for_operation_error;
use crate::kms::operation::Operation;
use crate::kms::KmsError;
use crate::state::scope::{Origin, Scope};
use leptos::prelude::*;

/// What every failure says, wherever it is shown: the error type, the service's message, what to
/// do about it, and the request id.
pub fn error_lines(error: &KmsError, operation: Operation) -> impl IntoView {
    let advice = for_operation_error(error.code(), operation.name());
    view! {
        <p><span class="error-type">{error.code().to_owned()}</span>
            {(!error.message.is_empty()).then(|| format!(": {}", error.message))}</p>
        {advice.map(|a| view! { <p class="advice">{a}</p> })}
        {error.request_id.clone().map(|id| view! { <p class="request-id">"Request ID: "<code>{id}</code></p> })}
    }
}

/// The failure of an action started at `origin`, readable and where the user is looking: what
/// failed, the error type, the service's message, the request id, and what to do about it.
/// `role="alert"` announces it.
#[component]
pub fn ErrorBanner(scope: Scope, origin: Origin) -> impl IntoView {
    let r = scope;
    let here = Memo::new(move |_| r.requests.failure.get().filter(|f| f.origin == origin));
    move || {
        here.get().map(|failure| {
            view! {
                <div class="banner" role="alert">
                    <p class="banner-title">{failure.doing}" failed."</p>
                    {error_lines(&failure.error, failure.operation)}
                    <button type="button" on:click=move |_| r.requests.failure.set(None)>"Dismiss"</button>
                </div>
            }
        })
    }
}
