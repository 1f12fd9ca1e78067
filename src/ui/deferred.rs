//! What the sign-in page can do without until the user acts: the signed-in console, asking STS
//! who the credentials are (SigV4), reading a paste (serde_json) and opening the tab's remembered
//! copy (WebCrypto). They travel in one wasm chunk that starts downloading on the first frame after
//! the sign-in page shows (docs/performance.md). The main module reaches them only through the
//! function pointers below, which is what keeps their code, and serde_json's, out of the first load.

use super::stores_page::StoresPage;
use crate::aws::endpoint::Overrides;
use crate::aws::paste;
use crate::aws::remembered::Remembered;
use crate::browser::storage;
use crate::state::chunk::{ConsoleChunk, Deferred};
use crate::state::identity::confirm;
use crate::state::session::Session;
#[cfg(not(cks_unsplit))]
use leptos::lazy;
use leptos::prelude::*;
use leptos::task::spawn_local;

/// Provides the chunk's context and starts its download once the page has painted.
pub fn provide_console_chunk() -> RwSignal<Option<Deferred>> {
    let chunk = RwSignal::new(None);
    provide_context(ConsoleChunk(chunk));
    request_animation_frame(move || {
        crate::browser::add_later_styles();
        spawn_local(async move {
            chunk.set(Some(deferred().await));
            // The browser builds its date formatter on first use (20 ms here); the table needs
            // it, so build it now, while the user pastes, rather than after Sign in.
            set_timeout(|| drop((crate::browser::local_date(0.0), crate::browser::local_time(0.0))), std::time::Duration::ZERO);
        });
    });
    chunk
}

/// The chunk, downloading it first if it has not arrived (a later call returns at once).
/// `--cfg cks_unsplit` builds it into the main module (the benchmark's unsplit baseline).
#[cfg_attr(not(cks_unsplit), lazy)]
pub async fn deferred() -> Deferred {
    Deferred {
        page: || view! { <StoresPage/> }.into_any(),
        confirm: |credentials, region, endpoints| Box::pin(async move { confirm(&credentials, &region, &endpoints).await }),
        endpoints: |all, kms, sts| Overrides::from_fields(all, kms, sts).map_err(|e| e.to_string()),
        read_paste: paste::parse,
        keep: Session::store,
        prefetch: crate::state::scope::prefetch::start,
        restore: |now_ms| Box::pin(async move { storage::load().await.and_then(|text| Remembered::restore(&text, now_ms)) }),
    }
}
