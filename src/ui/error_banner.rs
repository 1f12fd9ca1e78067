use super::stores_model::StoresModel;
use crate::kms::guidance::for_operation_error;
use leptos::prelude::*;

/// The last error, readable: what failed, the error type, KMS's message, the request id, and what
/// to do about it. It sits above the table and never replaces it.
#[component]
pub fn ErrorBanner() -> impl IntoView {
    let model = expect_context::<StoresModel>();
    move || {
        model.banner.get().map(|banner| {
            let advice = for_operation_error(banner.error.code(), banner.operation.name());
            view! {
                <div class="banner" role="alert">
                    <p class="banner-title">{banner.doing}" failed."</p>
                    <p><span class="error-type">{banner.error.code().to_owned()}</span>
                        {(!banner.error.message.is_empty()).then(|| format!(": {}", banner.error.message))}</p>
                    {advice.map(|a| view! { <p class="advice">{a}</p> })}
                    {banner.error.request_id.clone().map(|id| view! { <p class="request-id">"Request ID: "<code>{id}</code></p> })}
                    <button type="button" on:click=move |_| model.banner.set(None)>"Dismiss"</button>
                </div>
            }
        })
    }
}
