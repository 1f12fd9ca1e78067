//! An action handed back as the AWS CLI command that does the same, ready to paste: secrets come
//! from shell variables read at a prompt, never written out. One click copies it.

use crate::browser::copy_text;
use crate::ops::cli::Command;
use leptos::prelude::*;
use leptos::task::spawn_local;

#[component]
pub fn CliCommand(command: Command, #[prop(default = "The same with the AWS CLI")] title: &'static str) -> impl IntoView {
    let text = command.text();
    let copied = RwSignal::new(false);
    let notes = command.notes.clone();
    let to_copy = text.clone();
    let copy = move |_| {
        let text = to_copy.clone();
        spawn_local(async move {
            copied.set(copy_text(&text).await);
        });
    };
    view! {
        <details class="cli-command">
            <summary>{title}</summary>
            <pre class="mono"><code>{text}</code></pre>
            {notes.into_iter().map(|n| view! { <p class="hint">{n}</p> }).collect_view()}
            <button type="button" on:click=copy>{move || if copied.get() { "Copied" } else { "Copy command" }}</button>
        </details>
    }
}
