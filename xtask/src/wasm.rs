//! The console's WebAssembly, split in two (docs/performance.md): the sign-in page in `main`, the
//! signed-in console in a chunk that loads while the user pastes. Trunk cannot split (trunk issue
//! #1022), so its `pre_build` hook runs this pipeline and `copy-dir` publishes the output; the
//! `post_build` step (`loader`) then names the directory after its content and writes the loader.
//!
//! 1. cargo builds the wasm with relocations kept (`--emit-relocs`, .cargo/config.toml);
//! 2. `wasm-split-cli` cuts it at Leptos's `#[lazy]` points, before wasm-bindgen;
//! 3. wasm-bindgen binds the main module, keeping the exports the chunks link to;
//! 4. `wasm-opt -Oz` shrinks every module, and esbuild minifies the JS glue (release builds: the
//!    glue is part of the first load, and half of wasm-bindgen's is comments and whitespace).

use crate::{root, run, tools, Result};
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};
use std::process::Command;

/// Where the pipeline leaves what `copy-dir` publishes (index.html names it).
pub const OUT: &str = "target/split/out";
/// The directory it becomes in the staged site before it is named after its content.
const STAGED: &str = "wasm";

/// The wasm features rustc 1.95 emits for wasm32-unknown-unknown, which wasm-opt must accept.
const FEATURES: [&str; 6] = [
    "--enable-bulk-memory",
    "--enable-nontrapping-float-to-int",
    "--enable-sign-ext",
    "--enable-mutable-globals",
    "--enable-reference-types",
    "--enable-multivalue",
];

pub fn fresh_dir(path: &Path) -> Result {
    let _ = std::fs::remove_dir_all(path);
    std::fs::create_dir_all(path).map_err(|e| format!("{}: {e}", path.display()))
}

pub fn build() -> Result {
    let release = std::env::var("TRUNK_PROFILE").map_or(true, |p| p == "release");
    let profile = if release { "release" } else { "debug" };
    let mut cargo = Command::new("cargo");
    cargo.args(["build", "--locked", "--offline", "--target", "wasm32-unknown-unknown", "-p", "cks-console", "--bin", "cks-console"]);
    if release {
        cargo.arg("--release");
    }
    run(&mut cargo)?;
    let input = root().join(format!("target/wasm32-unknown-unknown/{profile}/cks-console.wasm"));
    let raw = root().join("target/split/raw");
    let out = root().join(OUT);
    fresh_dir(&raw)?;
    fresh_dir(&out)?;
    run(Command::new(tools().join("bin/wasm-split-cli")).arg(&input).arg(&raw))?;
    bindgen(&raw.join("main.wasm"), &out, &["--keep-lld-exports", "--no-demangle"])?;
    for entry in std::fs::read_dir(&raw).map_err(|e| e.to_string())? {
        let path = entry.map_err(|e| e.to_string())?.path();
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or_default().to_owned();
        if name != "main.wasm" {
            std::fs::copy(&path, out.join(&name)).map_err(|e| format!("{name}: {e}"))?;
        }
    }
    if release {
        for wasm in files_ending(&out, "wasm")? {
            optimize(&wasm)?;
        }
        for js in files_ending(&out, "js")? {
            minify(&js)?;
        }
    }
    Ok(())
}

/// wasm-bindgen's JS glue for the web, beside `wasm` bound in `out`.
pub fn bindgen(wasm: &Path, out: &Path, extra: &[&str]) -> Result {
    run(Command::new(tools().join("bin/wasm-bindgen")).arg(wasm).args(["--target", "web", "--no-typescript"]).args(extra).arg("--out-dir").arg(out))
}

/// `wasm-opt -Oz` in place, as every release module gets it.
pub fn optimize(wasm: &Path) -> Result {
    run(Command::new(tools().join("npm/node_modules/.bin/wasm-opt")).arg("-Oz").args(FEATURES).arg(wasm).arg("-o").arg(wasm))
}

/// esbuild's `--minify` in place. Only local names shrink: exports and the wasm's import names
/// (object keys) stay as they are, so the module links as before.
pub fn minify(js: &Path) -> Result {
    run(Command::new(tools().join("npm/node_modules/.bin/esbuild"))
        .arg(js)
        .args(["--minify", "--format=esm", "--log-level=warning", "--allow-overwrite"])
        .arg(format!("--outfile={}", js.display())))
}

fn files_ending(dir: &Path, extension: &str) -> Result<Vec<PathBuf>> {
    let mut list: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| format!("{}: {e}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == extension))
        .collect();
    list.sort();
    Ok(list)
}

/// The staged site's wasm directory renamed `wasm-<hash of its files>` (so a browser never mixes
/// files of two releases from its cache), and the module loader written into index.html.
pub fn loader(staging: &Path, html: &str) -> Result<String> {
    let staged = staging.join(STAGED);
    let mut files: Vec<PathBuf> =
        std::fs::read_dir(&staged).map_err(|e| format!("{}: {e}", staged.display()))?.filter_map(|e| e.ok().map(|e| e.path())).collect();
    files.sort();
    let mut hash = Sha256::new();
    for f in &files {
        hash.update(std::fs::read(f).map_err(|e| format!("{}: {e}", f.display()))?);
    }
    let digest: String = hash.finalize().iter().take(8).map(|b| format!("{b:02x}")).collect();
    let dir = format!("{STAGED}-{digest}");
    let _ = std::fs::remove_dir_all(staging.join(&dir));
    std::fs::rename(&staged, staging.join(&dir)).map_err(|e| format!("{}: {e}", staged.display()))?;
    let public = crate::public_url();
    let base = format!("{}/{dir}", public.trim_end_matches('/'));
    let integrity = |name: &str| -> Result<String> {
        let bytes = std::fs::read(staging.join(&dir).join(name)).map_err(|e| format!("{name}: {e}"))?;
        Ok(format!("sha384-{}", crate::csp::base64(&sha2::Sha384::digest(&bytes))))
    };
    Ok(with_loader(html, &base, (&integrity("main.js")?, &integrity("main_bg.wasm")?, &integrity("__wasm_split.js")?)))
}

/// index.html with its loader placeholder replaced: preload hints for the main module with their
/// integrity (as Trunk's own links carry), then the module script that starts it and exposes its
/// exports as Trunk's loader did.
pub fn with_loader(html: &str, base: &str, (js_integrity, wasm_integrity, split_integrity): (&str, &str, &str)) -> String {
    // main.js imports the split runtime: preloading it too saves a round trip after main.js.
    let loader = format!(
        "<link rel=\"modulepreload\" href=\"{base}/main.js\" crossorigin=\"anonymous\" integrity=\"{js_integrity}\" />\n    \
         <link rel=\"modulepreload\" href=\"{base}/__wasm_split.js\" crossorigin=\"anonymous\" integrity=\"{split_integrity}\" />\n    \
         <link rel=\"preload\" href=\"{base}/main_bg.wasm\" crossorigin=\"anonymous\" integrity=\"{wasm_integrity}\" as=\"fetch\" type=\"application/wasm\" />\n    \
         <script type=\"module\">\nimport init, * as bindings from '{base}/main.js';\nconst wasm = await init({{ module_or_path: '{base}/main_bg.wasm' }});\nwindow.wasmBindings = bindings;\n</script>"
    );
    html.replace("<script type=\"module\" data-cks-loader></script>", &loader)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_loader_replaces_its_placeholder_under_the_public_url() {
        let html = "<head><script type=\"module\" data-cks-loader></script></head>";
        let out = with_loader(html, "/tools/cks/wasm-0123456789abcdef", ("sha384-js", "sha384-wasm", "sha384-split"));
        assert!(out.contains("import init, * as bindings from '/tools/cks/wasm-0123456789abcdef/main.js';"), "{out}");
        assert!(out.contains("module_or_path: '/tools/cks/wasm-0123456789abcdef/main_bg.wasm'"));
        assert!(out.contains("rel=\"modulepreload\" href=\"/tools/cks/wasm-0123456789abcdef/main.js\" crossorigin=\"anonymous\" integrity=\"sha384-js\""));
        assert!(out
            .contains("rel=\"modulepreload\" href=\"/tools/cks/wasm-0123456789abcdef/__wasm_split.js\" crossorigin=\"anonymous\" integrity=\"sha384-split\""));
        assert!(!out.contains("data-cks-loader"));
    }
}
