#[cfg(target_arch = "wasm32")]
fn main() {
    std::panic::set_hook(Box::new(|info| {
        console_error_panic_hook::hook(info);
        cks_console::browser::recovery::show();
    }));
    leptos::mount::mount_to_body(cks_console::ui::App);
    // The page's prerendered form hands over to the live one on this (index.html's script).
    cks_console::browser::mark("console-live");
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("cks-console runs in a browser: `cargo xtask serve` builds and serves it.");
}
