//! Project tasks, so that a fresh clone needs nothing but cargo:
//!
//!   cargo xtask serve   install what is missing, build the console, run the sandbox, print the URL
//!   cargo xtask test    install what is missing, run every test (native, sandbox, browser)
//!   cargo xtask screenshots  the key screens as PNGs in docs/screenshots/ (release build, demo sandbox)
//!   cargo xtask lint    cargo fmt --check, clippy -D warnings (native and wasm32); `test` runs it first
//!   cargo xtask build [--public-url /sub/path/]   build the release bundle into dist/
//!   cargo xtask bootstrap                         install the tools only
//!
//! Tools go into `.tools/` (git-ignored); the browser comes from Debian's packages.

mod bench;
mod compress;
mod csp;
mod prerender;
mod styles;
mod wasm;

use std::env;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

const TRUNK_VERSION: &str = "0.21.14";
const WASM_OPT_NPM: &str = "binaryen@132";
/// Matches Cargo.lock's wasm_split_helpers 0.2 (the format the #[lazy] markers are written in).
const WASM_SPLIT_VERSION: &str = "0.2.4";
const WASM_OPT_VERSION: &str = "version 132";
/// Minifies the wasm-bindgen glue (xtask/src/wasm.rs); the same version bench/sdk-page bundles with.
const ESBUILD_VERSION: &str = "0.28.2";
const CHROMIUM: &str = "/usr/bin/chromium";
const CHROMEDRIVER: &str = "/usr/bin/chromedriver";

type Result<T = ()> = std::result::Result<T, String>;

fn main() -> ExitCode {
    let args: Vec<String> = env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("bootstrap") => bootstrap(true),
        Some("build") => bootstrap(false).and_then(|()| build(&args[1..])),
        Some("serve") => bootstrap(false).and_then(|()| build(&[])).and_then(|()| serve(&args[1..])),
        Some("test") => bootstrap(true).and_then(|()| test()),
        Some("lint") => bootstrap(false).and_then(|()| lint()),
        Some("bench") => bootstrap(false).and_then(|()| bench::bench()),
        // Run by Trunk's hooks (Trunk.toml): the split wasm before, the loader, the CSP and the
        // precompressed copies after.
        Some("wasm") => wasm::build(),
        Some("styles") => styles::write(),
        Some("csp") => csp::apply().and_then(|()| compress::precompress(&staging_dir()?)),
        Some("screenshots") => bootstrap(true).and_then(|()| build(&[])).and_then(|()| screenshots()),
        _ => Err("usage: cargo xtask <serve [sandbox flags] | test | lint | bench | screenshots | build [--public-url PATH] | bootstrap>".into()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("xtask: {e}");
            ExitCode::FAILURE
        }
    }
}

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("xtask lives in the workspace").to_path_buf()
}

fn tools() -> PathBuf {
    root().join(".tools")
}

/// PATH with the project's tools first, so trunk finds the pinned wasm-bindgen and wasm-opt.
fn tool_path() -> String {
    let npm_bin = tools().join("npm/node_modules/.bin");
    format!("{}:{}:{}", tools().join("bin").display(), npm_bin.display(), env::var("PATH").unwrap_or_default())
}

fn run(cmd: &mut Command) -> Result {
    eprintln!("xtask: running {cmd:?}");
    let status = cmd.env("PATH", tool_path()).current_dir(root()).status().map_err(|e| format!("cannot start {cmd:?}: {e}"))?;
    status.success().then_some(()).ok_or_else(|| format!("{cmd:?} failed with {status}"))
}

/// First line of `program --version`, or None when it is missing.
fn version_of(program: &Path) -> Option<String> {
    let out = Command::new(program).arg("--version").output().ok()?;
    out.status.success().then(|| String::from_utf8_lossy(&out.stdout).lines().next().unwrap_or_default().to_owned())
}

/// The wasm-bindgen version Cargo.lock resolved; the CLI must be exactly this one.
fn locked_wasm_bindgen() -> Result<String> {
    let lock = std::fs::read_to_string(root().join("Cargo.lock")).map_err(|e| format!("Cargo.lock: {e}"))?;
    let mut lines = lock.lines();
    while let Some(line) = lines.next() {
        if line == "name = \"wasm-bindgen\"" {
            if let Some(v) = lines.next().and_then(|l| l.strip_prefix("version = \"")) {
                return Ok(v.trim_end_matches('"').to_owned());
            }
        }
    }
    Err("Cargo.lock has no wasm-bindgen".into())
}

fn bootstrap(with_browser: bool) -> Result {
    let installed = Command::new("rustup").args(["target", "list", "--installed"]).output().map_err(|e| format!("rustup: {e}"))?;
    if !String::from_utf8_lossy(&installed.stdout).lines().any(|l| l == "wasm32-unknown-unknown") {
        run(Command::new("rustup").args(["target", "add", "wasm32-unknown-unknown"]))?;
    }
    let bin = tools().join("bin");
    let root_arg = tools().display().to_string();
    if version_of(&bin.join("trunk")).as_deref() != Some(&format!("trunk {TRUNK_VERSION}")) {
        run(Command::new("cargo").args(["install", "--locked", "trunk", "--version", TRUNK_VERSION, "--root", &root_arg]))?;
    }
    let wbg = locked_wasm_bindgen()?;
    if version_of(&bin.join("wasm-bindgen")).as_deref() != Some(&format!("wasm-bindgen {wbg}")) {
        // Not --locked: one of its locked dependency versions is missing from the registry.
        run(Command::new("cargo").args(["install", "wasm-bindgen-cli", "--version", &wbg, "--root", &root_arg]))?;
    }
    // Cuts the wasm at its #[lazy] points (xtask/src/wasm.rs).
    install_pinned("wasm_split_cli_support", WASM_SPLIT_VERSION, "wasm-split-cli", &["--features", "build-binary"])?;
    let npm_dir = tools().join("npm");
    if !version_of(&npm_dir.join("node_modules/.bin/wasm-opt")).is_some_and(|v| v.contains(WASM_OPT_VERSION))
        || version_of(&npm_dir.join("node_modules/.bin/esbuild")).as_deref() != Some(ESBUILD_VERSION)
    {
        std::fs::create_dir_all(&npm_dir).map_err(|e| e.to_string())?;
        run(Command::new("npm").args([
            "install",
            "--no-audit",
            "--no-fund",
            "--prefix",
            &npm_dir.display().to_string(),
            WASM_OPT_NPM,
            &format!("esbuild@{ESBUILD_VERSION}"),
        ]))?;
    }
    if with_browser && !(Path::new(CHROMIUM).exists() && Path::new(CHROMEDRIVER).exists()) {
        let is_root = Command::new("id").arg("-u").output().is_ok_and(|o| o.stdout.starts_with(b"0"));
        if !is_root {
            return Err("the browser tests need Debian's chromium and chromium-driver: sudo apt-get install -y chromium chromium-driver".into());
        }
        run(Command::new("apt-get").arg("update"))?;
        run(Command::new("apt-get").args(["install", "-y", "--no-install-recommends", "chromium", "chromium-driver"]))?;
    }
    // trunk builds offline: every crate must be local first.
    run(Command::new("cargo").args(["fetch", "--locked"]))
}

/// `cargo install --locked` of `krate` at `version` into .tools, unless `bin` is there and cargo's
/// own record (.tools/.crates.toml) says it is that version.
fn install_pinned(krate: &str, version: &str, bin: &str, extra: &[&str]) -> Result {
    let installed = std::fs::read_to_string(tools().join(".crates.toml")).unwrap_or_default();
    if tools().join("bin").join(bin).exists() && installed.contains(&format!("{krate} {version}")) {
        return Ok(());
    }
    let root = tools().display().to_string();
    run(Command::new("cargo").args(["install", "--locked", krate, "--version", version, "--root", &root]).args(extra))
}

fn build(args: &[String]) -> Result {
    let mut cmd = Command::new(tools().join("bin/trunk"));
    cmd.args(["build", "--release"]).args(args);
    run(&mut cmd)
}

fn serve(args: &[String]) -> Result {
    run(Command::new("cargo").args(["run", "--quiet", "--release", "-p", "cks-sandbox", "--", "--console", "dist"]).args(args))
}

/// Formatting and lints, native (every crate, every target, the browser suites included) and for
/// the wasm build, whose code behind `cfg(target_arch = "wasm32")` the native pass never sees.
fn lint() -> Result {
    run(Command::new("cargo").args(["fmt", "--all", "--check"]))?;
    run(Command::new("cargo").args(["clippy", "--locked", "--workspace", "--all-targets", "--all-features", "--", "-D", "warnings"]))?;
    run(Command::new("cargo").args([
        "clippy",
        "--locked",
        "-p",
        "cks-console",
        "--target",
        "wasm32-unknown-unknown",
        "--lib",
        "--bins",
        "--example",
        "sigv4_page",
        "--",
        "-D",
        "warnings",
    ]))
}

/// The browser suites, one test binary (tests/suites/), run one test at a time (each drives its
/// own Chromium).
const BROWSER_SUITES: [&str; 11] =
    ["test", "--locked", "--no-fail-fast", "-p", "cks-console", "--features", "e2e", "--test", "suites", "--", "--test-threads=1"];

/// The public URL Trunk builds for (`--public-url`), as its hooks see it.
fn public_url() -> String {
    env::var("TRUNK_PUBLIC_URL").unwrap_or_else(|_| "/".into())
}

/// Trunk's staging directory, where a post_build hook works.
fn staging_dir() -> Result<PathBuf> {
    env::var("TRUNK_STAGING_DIR").map(PathBuf::from).map_err(|_| "this runs as Trunk's post_build hook (TRUNK_STAGING_DIR is not set)".to_owned())
}

/// Where `cargo xtask test` puts the build made for `/tools/cks/`.
const SUBPATH_DIST: &str = "target/dist-tools-cks";

pub(crate) fn browser_env(cmd: &mut Command) -> &mut Command {
    cmd.env("CKS_DIST", root().join("dist")).env("CKS_DIST_SUBPATH", root().join(SUBPATH_DIST)).env("CHROMEDRIVER", CHROMEDRIVER).env("CHROMIUM", CHROMIUM)
}

fn screenshots() -> Result {
    run(browser_env(Command::new("cargo").args(["run", "--locked", "-p", "cks-console", "--features", "e2e", "--example", "screenshots"])))
}

fn test() -> Result {
    lint()?;
    // Native: the console's core and the sandbox, including its HTTP integration tests.
    run(Command::new("cargo").args(["test", "--locked", "-p", "cks-console", "-p", "cks-sandbox", "-p", "xtask"]))?;
    // The release bundle, the same under a sub-path (hosted as users host it), then the browser
    // suites against them.
    build(&[])?;
    build(&["--public-url".into(), "/tools/cks/".into(), "--dist".into(), SUBPATH_DIST.into()])?;
    run(browser_env(Command::new("cargo").args(BROWSER_SUITES)))
}
