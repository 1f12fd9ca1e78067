//! The credential fields, with a paste box that recognises every format the AWS tools print.
//! Used by sign-in and by the renewal dialog. What the user typed is never cleared on error; what
//! the paste box filled in follows the paste box, so a bad paste never leaves an older, good
//! paste's credentials behind to be used by mistake.

use super::text_field::TextField;
use crate::aws::credentials::Credentials;
use crate::aws::time::format_utc;
use crate::state::chunk::{ConsoleChunk, Deferred};
use leptos::prelude::*;

#[derive(Clone, Copy)]
pub struct CredentialFields {
    pub access_key_id: RwSignal<String>,
    pub secret_access_key: RwSignal<String>,
    pub session_token: RwSignal<String>,
    pub expires_at_ms: RwSignal<Option<u64>>,
    pub paste: RwSignal<String>,
    /// What the paste box made of its text: Ok(description) or Err(what is wrong).
    pub paste_result: RwSignal<Option<Result<String, String>>>,
    pub accept_long_term: RwSignal<bool>,
    /// The credential fields hold what the paste box parsed (not what the user typed).
    from_paste: RwSignal<bool>,
    /// The paste waits for its reader, which comes with the console's chunk.
    reading: RwSignal<bool>,
    chunk: RwSignal<Option<Deferred>>,
}

impl CredentialFields {
    pub fn new() -> Self {
        Self {
            access_key_id: RwSignal::new(String::new()),
            secret_access_key: RwSignal::new(String::new()),
            session_token: RwSignal::new(String::new()),
            expires_at_ms: RwSignal::new(None),
            paste: RwSignal::new(String::new()),
            paste_result: RwSignal::new(None),
            accept_long_term: RwSignal::new(false),
            from_paste: RwSignal::new(false),
            reading: RwSignal::new(false),
            chunk: expect_context::<ConsoleChunk>().0,
        }
    }

    fn looks_long_term(&self) -> bool {
        !self.access_key_id.with(|k| k.trim().is_empty()) && self.session_token.with(|t| t.trim().is_empty())
    }

    /// The credentials the fields hold, or a message naming the field at fault. Credentials that
    /// expired before `now_ms` are refused.
    pub fn read(&self, now_ms: u64) -> Result<Credentials, String> {
        if self.reading.get_untracked() {
            return Err("The paste is still being read. Press the button again in a moment.".into());
        }
        if let Some(Err(e)) = self.paste_result.get_untracked() {
            return Err(format!("The paste could not be read: {e} Correct it, or clear it and type the fields."));
        }
        let mut c = Credentials::from_fields(&self.access_key_id.get_untracked(), &self.secret_access_key.get_untracked(), &self.session_token.get_untracked())
            .map_err(|e| e.to_string())?;
        if !c.is_temporary() && !self.accept_long_term.get_untracked() {
            return Err("These look like long-term keys (no session token). Tick \"Use long-term keys anyway\" to go on, or use temporary credentials.".into());
        }
        c.expires_at_ms = self.expires_at_ms.get_untracked();
        c.check_not_expired(now_ms)?;
        Ok(c)
    }

    /// Empties the fields an earlier paste filled; fields the user typed stay.
    fn forget_paste(&self) {
        if self.from_paste.get_untracked() {
            self.access_key_id.set(String::new());
            self.secret_access_key.set(String::new());
            self.session_token.set(String::new());
            self.expires_at_ms.set(None);
            self.from_paste.set(false);
        }
    }

    /// Reads the paste box into the fields. Whatever the box holds now is what counts: an
    /// unreadable or emptied paste takes back what an earlier paste filled in.
    fn take_paste(&self) {
        let text = self.paste.get_untracked();
        if text.trim().is_empty() {
            self.forget_paste();
            self.reading.set(false);
            return self.paste_result.set(None);
        }
        // Only the first seconds after the page shows: CredentialsForm reads the paste again
        // when the chunk arrives.
        let Some(chunk) = self.chunk.get_untracked() else {
            self.forget_paste();
            self.paste_result.set(None);
            return self.reading.set(true);
        };
        self.reading.set(false);
        match (chunk.read_paste)(&text) {
            Ok(mut p) => {
                self.from_paste.set(true);
                self.access_key_id.set(std::mem::take(&mut p.credentials.access_key_id));
                self.secret_access_key.set(std::mem::take(&mut p.credentials.secret_access_key));
                self.session_token.set(p.credentials.session_token.take().unwrap_or_default());
                self.expires_at_ms.set(p.credentials.expires_at_ms);
                let until = p.credentials.expires_at_ms.map(|ms| format!("; they expire {}", format_utc(ms as f64 / 1000.0))).unwrap_or_default();
                self.paste_result.set(Some(Ok(format!("Read {}{until}.", p.format.describe()))));
            }
            Err(e) => {
                self.forget_paste();
                self.paste_result.set(Some(Err(e.0)));
            }
        }
    }
}

impl Default for CredentialFields {
    fn default() -> Self {
        Self::new()
    }
}

#[component]
pub fn CredentialsForm(fields: CredentialFields, #[prop(into)] id_prefix: String) -> impl IntoView {
    let id = |name: &str| format!("{id_prefix}-{name}");
    let paste_id = id("paste");
    let long_term_id = id("long-term");
    Effect::new(move |_| {
        if fields.chunk.with(Option::is_some) && fields.reading.get_untracked() {
            fields.take_paste();
        }
    });
    view! {
        <div class="field">
            <label for=paste_id.clone()>"Paste credentials"</label>
            <textarea id=paste_id rows="4" spellcheck="false" autocomplete="off"
                placeholder="JSON from aws sts or aws configure export-credentials, or export / $Env: / set lines"
                prop:value=move || fields.paste.get()
                on:input=move |ev| { fields.paste.set(event_target_value(&ev)); fields.take_paste(); }></textarea>
            {move || fields.reading.get().then(|| view! { <p class="hint" role="status">"Reading the paste…"</p> })}
            {move || fields.paste_result.get().map(|r| match r {
                Ok(note) => view! { <p class="hint ok" role="status">{note}</p> }.into_any(),
                Err(problem) => view! { <p class="problem" role="alert">{format!("The paste could not be read: {problem}")}</p> }.into_any(),
            })}
        </div>
        <p class="hint">"Or type them:"</p>
        <TextField id=id("access-key-id") label="Access key ID" value=fields.access_key_id/>
        <TextField id=id("secret-access-key") label="Secret access key" kind="password" value=fields.secret_access_key/>
        <TextField id=id("session-token") label="Session token" kind="password" value=fields.session_token/>
        <Show when=move || fields.looks_long_term()>
            <div class="warning" role="note">
                <p>"There is no session token, so these are long-term keys. This console is meant for temporary credentials, which expire on their own if they leak."</p>
                <input type="checkbox" id=long_term_id.clone() prop:checked=move || fields.accept_long_term.get()
                    on:change=move |ev| fields.accept_long_term.set(event_target_checked(&ev))/>
                <label for=long_term_id.clone()>"Use long-term keys anyway"</label>
            </div>
        </Show>
    }
}
