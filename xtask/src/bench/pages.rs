//! The pages the benchmark sets beside the console, each built here from the repository:
//! the reference page on the AWS SDK for JavaScript (npm + esbuild, bench/sdk-page), a static page
//! as heavy as the console's first load, the console's own SigV4 signer in a page of its own
//! (examples/sigv4_page.rs), and the console built as one module (the split build's baseline).

use crate::compress::precompress;
use crate::wasm::{bindgen, fresh_dir, minify, optimize};
use crate::{root, run, Result};
use std::path::{Path, PathBuf};
use std::process::Command;

fn write(path: &Path, text: &str) -> Result {
    std::fs::write(path, text).map_err(|e| format!("{}: {e}", path.display()))
}

/// bench/sdk-page built from its lock file into bench/sdk-page/dist, with precompressed copies.
pub fn sdk_page() -> Result<PathBuf> {
    let dir = root().join("bench/sdk-page");
    let prefix = dir.display().to_string();
    run(Command::new("npm").args(["ci", "--no-audit", "--no-fund", "--prefix", &prefix]))?;
    run(Command::new("npm").args(["run", "build", "--prefix", &prefix]))?;
    let dist = dir.join("dist");
    precompress(&dist)?;
    Ok(dist)
}

/// The sign-in form as plain HTML, marked interactive by an inline script at the end of the body,
/// with `padding` characters of noise in a comment (noise, so that compression cannot shrink it).
fn static_html(padding: usize) -> String {
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    let alphabet = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let noise: String = (0..padding)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            alphabet[(state % 64) as usize] as char
        })
        .collect();
    format!(
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Static sign-in</title></head><body>\n\
         <form><label for=\"a\">Access key ID</label><input id=\"a\"><label for=\"s\">Secret access key</label><input id=\"s\" type=\"password\">\
         <label for=\"t\">Session token</label><input id=\"t\" type=\"password\"><button>Sign in</button></form>\n\
         <!-- {noise} -->\n<script>performance.mark('sign-in-interactive')</script>\n</body></html>\n"
    )
}

/// A static page whose gzip size is `gzip_bytes` (within 0.5%), in target/bench/static.
pub fn static_page(gzip_bytes: u64) -> Result<PathBuf> {
    let dir = root().join("target/bench/static");
    fresh_dir(&dir)?;
    let gz = |padding: usize| crate::compress::gzip(static_html(padding).as_bytes()).len() as u64;
    // Base64 noise compresses to about 3/4; correct the guess until it lands.
    let mut padding = (gzip_bytes * 4 / 3) as usize;
    for _ in 0..8 {
        let got = gz(padding);
        if got.abs_diff(gzip_bytes) * 200 <= gzip_bytes {
            break;
        }
        padding = (padding as f64 * gzip_bytes as f64 / got as f64) as usize;
    }
    write(&dir.join("index.html"), &static_html(padding))?;
    precompress(&dir)?;
    Ok(dir)
}

/// examples/sigv4_page.rs for wasm32 with the release profile, bound and optimized as the console
/// is, behind a page that exposes `benchSign(samples, batch)`.
pub fn sigv4_page() -> Result<PathBuf> {
    run(Command::new("cargo").args([
        "build",
        "--locked",
        "--offline",
        "--release",
        "--target",
        "wasm32-unknown-unknown",
        "-p",
        "cks-console",
        "--example",
        "sigv4_page",
    ]))?;
    let dir = root().join("target/bench/sigv4");
    fresh_dir(&dir)?;
    bindgen(&root().join("target/wasm32-unknown-unknown/release/examples/sigv4_page.wasm"), &dir, &[])?;
    optimize(&dir.join("sigv4_page_bg.wasm"))?;
    minify(&dir.join("sigv4_page.js"))?;
    write(
        &dir.join("index.html"),
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>SigV4 in the page</title></head><body>\n\
         <script type=\"module\">\nimport init, { bench_sign } from './sigv4_page.js';\nawait init();\n\
         window.benchSign = (samples, batch) => Array.from(bench_sign(samples, batch));\nperformance.mark('sign-in-interactive');\n</script>\n</body></html>\n",
    )?;
    Ok(dir)
}

/// The console built as one module (`--cfg cks_unsplit`: `#[lazy]` left out), bound and optimized
/// as a release is, in target/unsplit/out: what the split build's total is compared with. Its own
/// target directory keeps the release build's cache intact.
pub fn unsplit() -> Result<PathBuf> {
    run(Command::new("cargo")
        .args(["build", "--locked", "--offline", "--release", "--target", "wasm32-unknown-unknown", "-p", "cks-console", "--bin", "cks-console"])
        .args(["--target-dir", "target/unsplit"])
        .env("RUSTFLAGS", "--cfg erase_components --cfg cks_unsplit"))?;
    let out = root().join("target/unsplit/out");
    fresh_dir(&out)?;
    bindgen(&root().join("target/unsplit/wasm32-unknown-unknown/release/cks-console.wasm"), &out, &[])?;
    optimize(&out.join("cks-console_bg.wasm"))?;
    minify(&out.join("cks-console.js"))?;
    precompress(&out)?;
    Ok(out)
}
