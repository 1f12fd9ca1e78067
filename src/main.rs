#[cfg(target_arch = "wasm32")]
fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(cks_console::ui::App);
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("cks-console runs in a browser: `cargo xtask serve` builds and serves it.");
}
