//! `cargo xtask bench`: builds the release console and, in the same run, the pages it is measured
//! against (pages.rs); measures what each costs to download (sizes.rs); drives them in headless
//! Chromium against one sandbox (examples/bench.rs); and writes BENCHMARKS.md (report.rs) with
//! the machine, the date and whether each of issue 12's targets holds.

mod pages;
mod report;
mod sizes;

use crate::{browser_env, root, run, Result};
use report::Target;
use sizes::{files, sized, table, twiggy, TWIGGY_VERSION};
use std::fmt::Write as _;
use std::process::Command;

fn stdout_of(cmd: &mut Command) -> String {
    cmd.output().map(|o| String::from_utf8_lossy(&o.stdout).trim().to_owned()).unwrap_or_default()
}

fn percent(part: u64, whole: u64) -> f64 {
    (part as f64 / whole as f64 - 1.0) * 100.0
}

pub fn bench() -> Result {
    crate::build(&[])?;
    let dist = root().join("dist");
    let (first, later) = files(&dist)?;
    let unsplit = pages::unsplit()?;
    let sdk = pages::sdk_page()?;

    let mut out = String::from("# Benchmarks\n\nWritten by `cargo xtask bench` (do not edit by hand).\n\n");
    let cpu = stdout_of(Command::new("sh").args(["-c", "grep -m1 'model name' /proc/cpuinfo | cut -d: -f2"]));
    let cores = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(0);
    let _ = writeln!(
        out,
        "- Run: {}, {cores} cores ({cpu}), {}, {}, release build (`trunk build --release`, split at `#[lazy]`).",
        stdout_of(Command::new("date").args(["-u", "+%Y-%m-%d %H:%M UTC"])),
        stdout_of(Command::new("rustc").arg("--version")),
        stdout_of(Command::new("/usr/bin/chromium").arg("--version")),
    );
    let _ = writeln!(out, "- Sizes are of the files as served, and their precompressed copies (gzip -9, brotli 11).");
    let _ = writeln!(out, "- The reference page: bench/sdk-page (AWS SDK for JavaScript v3, esbuild --minify); versions in its package.json.");
    let page = sized(&dist, "index.html");
    let mut bytes = format!(
        "\n## 1. Bytes\n\nThe console's first load: what it fetches before its code runs. Its sign-in form paints and takes input \
         after the first file alone (index.html: {} gzip, {} brotli, with the form prerendered and the sign-in styles inline).\n",
        page.gzip, page.brotli
    );
    let a = table(&mut bytes, "first load", &dist, &first);
    let _ = writeln!(bytes, "\nFetched right after, while the user pastes (the signed-in console, the signing code sign-in needs, the console's styles):");
    let b = table(&mut bytes, "later", &dist, &later);
    let (total_gzip, total_brotli) = (a.1 + b.1, a.2 + b.2);
    let _ = writeln!(bytes, "\nEverything: {} raw, **{total_gzip} gzip**, {total_brotli} brotli.", a.0 + b.0);
    // The unsplit build shares the page's html, css and icon; only its wasm and JS differ.
    let (shared, shared_br) = first
        .iter()
        .chain(&later)
        .filter(|n| !n.starts_with("wasm-"))
        .map(|n| sized(&dist, n))
        .fold((0, 0), |(gzip, brotli), s| (gzip + s.gzip, brotli + s.brotli));
    let one = ["cks-console.js".to_owned(), "cks-console_bg.wasm".to_owned()];
    let _ = writeln!(bytes, "\nThe same console built as one module (`--cfg cks_unsplit`, the baseline of the split):");
    let u = table(&mut bytes, "unsplit", &unsplit, &one);
    let (unsplit_gzip, unsplit_brotli) = (u.1 + shared, u.2 + shared_br);
    let overhead = percent(total_gzip, unsplit_gzip);
    let _ = writeln!(
        bytes,
        "\nWith the same html, css and icon: {unsplit_gzip} gzip, {unsplit_brotli} brotli. The split build's total is **{overhead:+.1}%** \
         gzip ({:+.1}% brotli); its first load is {:.0}% of the unsplit page.",
        percent(total_brotli, unsplit_brotli),
        a.1 as f64 * 100.0 / unsplit_gzip as f64
    );
    let _ = writeln!(bytes, "\nThe SDK page (everything it loads is its first load):");
    let sdk_files = ["index.html".to_owned(), "app.js".to_owned()];
    let s = table(&mut bytes, "SDK page", &sdk, &sdk_files);
    let vs_sdk = a.1 as f64 / s.1 as f64;
    let _ = writeln!(bytes, "\nConsole first load ÷ SDK page: **{vs_sdk:.2}×** gzip, {:.2}× brotli.", a.2 as f64 / s.2 as f64);

    let static_page = pages::static_page(a.1)?;
    let sigv4 = pages::sigv4_page()?;
    // The pages are served by the release sandbox, as fast as a real host would serve them.
    run(Command::new("cargo").args(["build", "--locked", "--release", "-p", "cks-sandbox"]))?;
    let timings_file = root().join("target/bench/timings.json");
    run(browser_env(Command::new("cargo").args(["run", "--locked", "-p", "cks-console", "--features", "e2e", "--example", "bench"]))
        .env("CKS_SDK_DIST", &sdk)
        .env("CKS_STATIC_DIST", &static_page)
        .env("CKS_SIGV4_DIST", &sigv4)
        .env("CKS_BENCH_OUT", &timings_file)
        .env("CKS_PAGE_SERVER", root().join("target/release/cks-sandbox")))?;
    let text = std::fs::read_to_string(&timings_file).map_err(|e| format!("{}: {e}", timings_file.display()))?;
    let measured: serde_json::Value = serde_json::from_str(&text).map_err(|e| format!("{}: {e}", timings_file.display()))?;
    let (timed, mut targets) = report::timings(&measured);

    let mut all = vec![
        Target::new("First load to an interactive sign-in: at most 150 KB gzip", format!("{} gzip ({} brotli)", a.1, a.2), a.1 <= 150_000),
        Target::new("First load at most 2× the SDK page's whole first load", format!("{vs_sdk:.2}× ({} vs {} gzip)", a.1, s.1), vs_sdk <= 2.0),
        Target::new("Total at most 10% above the unsplit build", format!("{overhead:+.1}% ({total_gzip} vs {unsplit_gzip} gzip)"), overhead <= 10.0),
    ];
    all.append(&mut targets);
    let _ = writeln!(out, "\n## Targets (issues 12 and 24)\n\n{}", report::targets_table(&all));
    out.push_str(&bytes);
    out.push_str(&timed);

    let _ = writeln!(out, "\n## Largest parts of the wasm");
    let raw = root().join("target/split/raw");
    crate::install_pinned("twiggy", TWIGGY_VERSION, "twiggy", &[])?;
    twiggy(&mut out, &raw.join("main.wasm"))?;
    for chunk in later.iter().filter(|n| n.ends_with(".wasm")) {
        if let Some(name) = chunk.rsplit('/').next() {
            twiggy(&mut out, &raw.join(name))?;
        }
    }
    std::fs::write(root().join("BENCHMARKS.md"), &out).map_err(|e| e.to_string())?;
    println!("{out}");
    Ok(())
}
