#[cfg(target_arch = "wasm32")]
fn main() {
    std::panic::set_hook(Box::new(|info| {
        console_error_panic_hook::hook(info);
        cks_console::browser::recovery::show();
    }));
    leptos::mount::mount_to_body(cks_console::ui::App);
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("cks-console runs in a browser: `cargo xtask serve` builds and serves it.");
}
