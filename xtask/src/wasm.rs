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
    }
    // The chunks' hashes go into the runtime that fetches them, so their final bytes come first.
    let runtime = out.join(SPLIT_RUNTIME);
    let text = std::fs::read_to_string(&runtime).map_err(|e| format!("{}: {e}", runtime.display()))?;
    let mut hashes = vec![];
    for wasm in files_ending(&out, "wasm")? {
        let bytes = std::fs::read(&wasm).map_err(|e| format!("{}: {e}", wasm.display()))?;
        hashes.push((wasm.file_name().and_then(|n| n.to_str()).unwrap_or_default().to_owned(), integrity_of(&bytes)));
    }
    std::fs::write(&runtime, with_chunk_integrity(&text, &hashes)?).map_err(|e| format!("{}: {e}", runtime.display()))?;
    if release {
        for js in files_ending(&out, "js")? {
            minify(&js)?;
        }
    }
    Ok(())
}

/// wasm-split's runtime, which fetches each chunk when it is first needed.
const SPLIT_RUNTIME: &str = "__wasm_split.js";

/// The SRI form of a file's SHA-384.
fn integrity_of(bytes: &[u8]) -> String {
    format!("sha384-{}", crate::csp::base64(&sha2::Sha384::digest(bytes)))
}

/// wasm-split's runtime with each chunk fetched with its `integrity` (Chromium checks it, and a
/// chunk that does not match never reaches `WebAssembly.instantiateStreaming`); a failed fetch is
/// told to the loader (`cks-load-failure`), which says so in the page. The build stops when the
/// runtime fetches anything in another way, rather than ship a chunk without its check.
pub fn with_chunk_integrity(runtime: &str, hashes: &[(String, String)]) -> Result<String> {
    let mut out = runtime.to_owned();
    let mut checked = 0;
    for (name, hash) in hashes.iter().filter(|(name, _)| name != "main_bg.wasm") {
        let fetch = format!("fetch(new URL(\"./{name}\", import.meta.url))");
        if out.matches(&fetch).count() != 1 {
            return Err(format!("{SPLIT_RUNTIME} does not fetch {name} as `{fetch}`: the chunks' integrity check needs updating (xtask/src/wasm.rs)"));
        }
        let with_check = format!(
            "((u) => fetch(u, {{ integrity: \"{hash}\" }}).catch((e) => {{ dispatchEvent(new CustomEvent(\"cks-load-failure\", {{ detail: String(u) }})); throw e; }}))(new URL(\"./{name}\", import.meta.url))"
        );
        out = out.replace(&fetch, &with_check);
        checked += 1;
    }
    if out.matches("fetch(").count() != checked {
        return Err(format!("{SPLIT_RUNTIME} fetches something other than its chunks: the integrity check needs updating (xtask/src/wasm.rs)"));
    }
    Ok(out)
}

/// wasm-bindgen's JS glue for the web, beside `wasm` bound in `out`.
pub fn bindgen(wasm: &Path, out: &Path, extra: &[&str]) -> Result {
    run(Command::new(tools().join("bin/wasm-bindgen")).arg(wasm).args(["--target", "web", "--no-typescript"]).args(extra).arg("--out-dir").arg(out))
}

/// `wasm-opt -Oz` in place, as every release module gets it. `CKS_WASM_NAMES=1` keeps the
/// functions' names (`-g`), so that a CPU profile of the page names them (bigger files: for
/// profiling only).
pub fn optimize(wasm: &Path) -> Result {
    let names: &[&str] = if std::env::var_os("CKS_WASM_NAMES").is_some() { &["-g"] } else { &[] };
    run(Command::new(tools().join("npm/node_modules/.bin/wasm-opt")).arg("-Oz").args(names).args(FEATURES).arg(wasm).arg("-o").arg(wasm))
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
        Ok(integrity_of(&bytes))
    };
    Ok(with_loader(html, &base, (&integrity("main.js")?, &integrity("main_bg.wasm")?, &integrity("__wasm_split.js")?)))
}

/// index.html with its loader placeholder replaced: preload hints for the main module with their
/// integrity (as Trunk's own links carry), then the module script that starts it and exposes its
/// exports as Trunk's loader did. The wasm is fetched with its `integrity` by the loader itself:
/// Chromium ignores `integrity` on `<link rel=preload as=fetch>` (crbug 981419), so the hint
/// alone would let an altered `main_bg.wasm` run. When a module fails its check (or a chunk does,
/// `with_chunk_integrity`), the page hides its form and says so; fetching it once more without
/// the check (never to run it) tells an altered file from a network failure.
pub fn with_loader(html: &str, base: &str, (js_integrity, wasm_integrity, split_integrity): (&str, &str, &str)) -> String {
    // main.js imports the split runtime: preloading it too saves a round trip after main.js.
    let loader = format!(
        "<link rel=\"modulepreload\" href=\"{base}/main.js\" crossorigin=\"anonymous\" integrity=\"{js_integrity}\" />\n    \
         <link rel=\"modulepreload\" href=\"{base}/__wasm_split.js\" crossorigin=\"anonymous\" integrity=\"{split_integrity}\" />\n    \
         <link rel=\"preload\" href=\"{base}/main_bg.wasm\" crossorigin=\"anonymous\" integrity=\"{wasm_integrity}\" as=\"fetch\" type=\"application/wasm\" />\n    \
         <script type=\"module\">\n{LOAD_FAILURE}\nimport init, * as bindings from '{base}/main.js';\n\
         const wasm = await init({{ module_or_path: fetch('{base}/main_bg.wasm', {{ integrity: '{wasm_integrity}' }}).catch((e) => {{ cksLoadFailure('{base}/main_bg.wasm'); throw e; }}) }});\n\
         window.wasmBindings = bindings;\n</script>"
    );
    html.replace("<script type=\"module\" data-cks-loader></script>", &loader)
}

/// The loader's answer to a module that failed to load: the form hidden (nothing typed there could
/// be sent), and why, in words.
const LOAD_FAILURE: &str = "const cksLoadFailure = (url) => fetch(url, { cache: 'no-store' }).then((r) => r.ok, () => false).then((altered) => {
  if (document.getElementById('load-failure')) return;
  for (const m of document.querySelectorAll('main')) m.hidden = true;
  const p = document.createElement('p');
  p.id = 'load-failure'; p.className = 'noscript'; p.setAttribute('role', 'alert');
  p.textContent = altered
    ? 'This copy of cks-console does not match its build: ' + url.split('/').pop() + ' failed its integrity check, so it was not run. Do not enter credentials here; the files may have been altered on the host or on the way.'
    : 'Part of cks-console (' + url.split('/').pop() + ') could not be loaded. Check the connection and reload the page.';
  document.body.prepend(p);
});
addEventListener('cks-load-failure', (e) => cksLoadFailure(e.detail));";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_loader_replaces_its_placeholder_under_the_public_url() {
        let html = "<head><script type=\"module\" data-cks-loader></script></head>";
        let out = with_loader(html, "/tools/cks/wasm-0123456789abcdef", ("sha384-js", "sha384-wasm", "sha384-split"));
        assert!(out.contains("import init, * as bindings from '/tools/cks/wasm-0123456789abcdef/main.js';"), "{out}");
        assert!(out.contains("module_or_path: fetch('/tools/cks/wasm-0123456789abcdef/main_bg.wasm'"));
        assert!(out.contains("rel=\"modulepreload\" href=\"/tools/cks/wasm-0123456789abcdef/main.js\" crossorigin=\"anonymous\" integrity=\"sha384-js\""));
        assert!(out
            .contains("rel=\"modulepreload\" href=\"/tools/cks/wasm-0123456789abcdef/__wasm_split.js\" crossorigin=\"anonymous\" integrity=\"sha384-split\""));
        assert!(!out.contains("data-cks-loader"));
        assert!(
            out.contains("fetch('/tools/cks/wasm-0123456789abcdef/main_bg.wasm', { integrity: 'sha384-wasm' })"),
            "the wasm is fetched with its hash (a preload's integrity is ignored): {out}"
        );
    }

    #[test]
    fn each_chunk_is_fetched_with_its_hash_or_the_build_stops() {
        let runtime = "const src = fetch(new URL(\"./split_a.wasm\", import.meta.url));";
        let hashes = [("main_bg.wasm".to_owned(), "sha384-main".to_owned()), ("split_a.wasm".to_owned(), "sha384-abc".to_owned())];
        let out = with_chunk_integrity(runtime, &hashes).unwrap();
        assert!(out.contains("fetch(u, { integrity: \"sha384-abc\" })"), "{out}");
        assert!(out.contains("(new URL(\"./split_a.wasm\", import.meta.url))"), "{out}");
        assert!(with_chunk_integrity("fetch(url)", &hashes).is_err(), "a runtime that fetches otherwise stops the build");
        assert!(with_chunk_integrity(&format!("{runtime} fetch(other)"), &hashes).is_err(), "and so does any other fetch");
    }
}
