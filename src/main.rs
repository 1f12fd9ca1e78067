#[cfg(target_arch = "wasm32")]
fn main() {
    std::panic::set_hook(Box::new(|info| {
        console_error_panic_hook::hook(info);
        cks_console::browser::recovery::show();
    }));
    cks_console::browser::takeover::mount(cks_console::ui::App);
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("cks-console runs in a browser: `cargo xtask serve` builds and serves it.");
}
