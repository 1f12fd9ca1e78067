use leptos::prelude::*;

/// A labelled single-line input bound to `value`. Every field of the console is one of these, so
/// every input has a visible label a screen reader (and a test) can find it by.
#[component]
pub fn TextField(#[prop(into)] id: String, label: &'static str, #[prop(default = "text")] kind: &'static str, value: RwSignal<String>) -> impl IntoView {
    let for_id = id.clone();
    view! {
        <div class="field">
            <label for=for_id>{label}</label>
            <input id=id type=kind autocomplete="off" spellcheck="false"
                prop:value=move || value.get() on:input=move |ev| value.set(event_target_value(&ev))/>
        </div>
    }
}
