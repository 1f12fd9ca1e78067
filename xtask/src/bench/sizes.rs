//! What a page costs to download: every file of the first load and of the later chunks, raw, gzip
//! and brotli (the build's own precompressed copies), and the largest parts of each wasm (twiggy).

use crate::{tools, Result};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

pub const TWIGGY_VERSION: &str = "0.8.0";

/// A published file and its three sizes.
pub struct Sized {
    pub name: String,
    pub raw: u64,
    pub gzip: u64,
    pub brotli: u64,
}

pub fn size(path: &Path) -> u64 {
    std::fs::metadata(path).map(|m| m.len()).unwrap_or(0)
}

pub fn sized(dist: &Path, name: &str) -> Sized {
    let path = dist.join(name);
    let with = |ext: &str| size(&PathBuf::from(format!("{}.{ext}", path.display())));
    Sized { name: name.to_owned(), raw: size(&path), gzip: with("gz"), brotli: with("br") }
}

/// What the browser fetches before the sign-in page is interactive: index.html, what it links
/// (stylesheet, icon, the loader's module and wasm) and the split runtime the module imports.
/// The rest of the wasm directory (the chunks: the signed-in console and what it shares with the
/// sign-in step) and the later stylesheet come after.
pub fn files(dist: &Path) -> Result<(Vec<String>, Vec<String>)> {
    let html = std::fs::read_to_string(dist.join("index.html")).map_err(|e| format!("dist/index.html: {e}"))?;
    let mut first = vec!["index.html".to_owned()];
    for attr in ["href=\"/", "module_or_path: fetch('/"] {
        let mut rest = html.as_str();
        while let Some(at) = rest.find(attr) {
            rest = &rest[at + attr.len()..];
            let end = rest.find(['"', '\'']).unwrap_or(rest.len());
            let name = rest[..end].to_owned();
            if !first.contains(&name) && dist.join(&name).is_file() {
                first.push(name);
            }
        }
    }
    let wasm_dir =
        first.iter().find(|f| f.ends_with("/main.js")).and_then(|f| f.rsplit_once('/')).map(|(d, _)| d.to_owned()).ok_or("no main.js in index.html")?;
    // The stylesheet the page adds once it shows (xtask/src/styles.rs).
    let meta = format!("<meta name=\"{}\" content=\"/", crate::styles::LATER_META);
    let mut later: Vec<String> = html
        .split_once(meta.as_str())
        .and_then(|(_, rest)| rest.split(' ').next())
        .map(str::to_owned)
        .filter(|name| dist.join(name).is_file())
        .into_iter()
        .collect();
    let mut listed: Vec<String> = std::fs::read_dir(dist.join(&wasm_dir))
        .map_err(|e| e.to_string())?
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|n| n.ends_with(".js") || n.ends_with(".wasm"))
        .collect();
    listed.sort();
    for name in listed {
        let path = format!("{wasm_dir}/{name}");
        // The main module is the only wasm of the first load; every other one is a chunk.
        if name.ends_with(".wasm") && name != "main_bg.wasm" {
            later.push(path);
        } else if !first.contains(&path) {
            first.push(path);
        }
    }
    Ok((first, later))
}

/// A table of `names` (files under `dist`) with a total row; returns the totals.
pub fn table(out: &mut String, title: &str, dist: &Path, names: &[String]) -> (u64, u64, u64) {
    let _ = writeln!(out, "\n| {title} | raw | gzip | brotli |\n|---|---:|---:|---:|");
    let mut total = (0, 0, 0);
    for s in names.iter().map(|n| sized(dist, n)) {
        let _ = writeln!(out, "| `{}` | {} | {} | {} |", s.name, s.raw, s.gzip, s.brotli);
        total = (total.0 + s.raw, total.1 + s.gzip, total.2 + s.brotli);
    }
    let _ = writeln!(out, "| **total** | **{}** | **{}** | **{}** |", total.0, total.1, total.2);
    total
}

pub fn twiggy(out: &mut String, wasm: &Path) -> Result {
    let top = Command::new(tools().join("bin/twiggy")).args(["top", "-n", "15"]).arg(wasm).output().map_err(|e| format!("twiggy: {e}"))?;
    let name = wasm.file_name().and_then(|n| n.to_str()).unwrap_or_default();
    let _ = writeln!(
        out,
        "\n`twiggy top -n 15 target/split/raw/{name}` (before wasm-bindgen and wasm-opt, names kept):\n\n```text\n{}```",
        String::from_utf8_lossy(&top.stdout)
    );
    Ok(())
}
