//! The release build served by nginx (Debian's package) with the configuration the README
//! recommends, hosting/nginx/root.conf and tools-cks.conf, as they are (only the port and the web
//! root path changed; tests/browser/nginx.rs). What that server sends is checked header by header,
//! and the console signs in, connects a store and sees CONNECTED through it.

use crate::browser;

use browser::nginx::{copy_dir, Nginx};
use browser::{demo_sts_json, now_s, Browser};
use cks_sandbox::seed::Seed;
use std::path::{Path, PathBuf};
use std::time::Duration;

const IMMUTABLE: &str = "public, max-age=31536000, immutable";

fn dist(var: &str) -> PathBuf {
    PathBuf::from(std::env::var(var).unwrap_or_else(|_| panic!("{var} must name a release build (run `cargo xtask test`)")))
}

/// A fresh web root in the temp dir, as a host's directory (nginx's workers must read it).
fn web_root(name: &str) -> PathBuf {
    let root = std::env::temp_dir().join(format!("cks-nginx-root-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&root);
    root
}

/// The files a build publishes with a content hash in their name, relative to its dist/: the
/// icon, the later stylesheet and everything in its wasm-<hash>/ directory (the first module, its
/// glue, the split runtime, the deferred chunk).
fn hashed_files(dist: &Path) -> Vec<String> {
    let mut out = vec![];
    for entry in std::fs::read_dir(dist).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_str().unwrap().to_owned();
        if path.is_dir() && name.starts_with("wasm-") {
            for f in std::fs::read_dir(&path).unwrap() {
                let f = f.unwrap().file_name().into_string().unwrap();
                if !f.ends_with(".gz") && !f.ends_with(".br") {
                    out.push(format!("{name}/{f}"));
                }
            }
        } else if name.ends_with(".svg") || name.ends_with(".css") {
            out.push(name);
        }
    }
    out.sort();
    assert!(out.iter().filter(|f| f.ends_with(".wasm")).count() >= 2, "the build has its first wasm and a deferred chunk: {out:?}");
    out
}

async fn get(url: &str, accept: &str) -> reqwest::Response {
    // This reqwest decodes nothing (its compression features are off): the bytes are the wire's.
    let r = reqwest::Client::new().get(url).header("accept-encoding", accept).send().await.unwrap();
    assert_eq!(r.status(), 200, "{url}");
    r
}

fn header<'a>(r: &'a reqwest::Response, name: &str) -> Option<&'a str> {
    r.headers().get(name).map(|v| v.to_str().unwrap())
}

/// Everything the README promises of the nginx configuration, for the build in `dist` served at
/// `base` (ends with `/`): the CSP header is the page's <meta> policy with frame-ancestors 'none',
/// on the page and on every file; index.html is asked again each time (no-cache), the hashed files
/// kept a year (immutable); .wasm is application/wasm; each encoding comes from its precompressed
/// copy, byte for byte, with Vary; the build's csp-header.conf is not served.
async fn check_headers(base: &str, dist: &Path) {
    let index = std::fs::read_to_string(dist.join("index.html")).unwrap();
    let policy = cks_sandbox::site::header_policy(&index).expect("the build's index.html has its CSP <meta>");
    assert!(policy.ends_with("; frame-ancestors 'none'") && policy.contains("script-src 'self' 'wasm-unsafe-eval' 'sha256-"), "{policy}");
    for (accept, encoding, suffix) in
        [("gzip", Some("gzip"), ".gz"), ("br", Some("br"), ".br"), ("gzip, deflate, br", Some("br"), ".br"), ("identity", None, "")]
    {
        let page = get(base, accept).await;
        assert!(header(&page, "content-type").is_some_and(|t| t.starts_with("text/html")), "{:?}", page.headers());
        assert_eq!(header(&page, "content-security-policy"), Some(policy.as_str()), "the page's CSP header is its <meta>'s policy and frame-ancestors");
        assert_eq!(header(&page, "cache-control"), Some("no-cache"), "index.html is asked again on every visit");
        assert_eq!(header(&page, "x-content-type-options"), Some("nosniff"));
        assert_eq!(header(&page, "content-encoding"), encoding, "index.html for Accept-Encoding: {accept}");
        if encoding.is_some() {
            assert_eq!(header(&page, "vary"), Some("Accept-Encoding"), "a cache keeps each encoding apart");
        }
        assert_eq!(page.bytes().await.unwrap(), std::fs::read(format!("{}{suffix}", dist.join("index.html").display())).unwrap(), "{accept}: the built copy");
    }
    for file in hashed_files(dist) {
        let url = format!("{base}{file}");
        let r = get(&url, "gzip").await;
        assert_eq!(header(&r, "cache-control"), Some(IMMUTABLE), "{file} carries a content hash: kept a year");
        assert_eq!(header(&r, "content-security-policy"), Some(policy.as_str()), "{file}");
        assert_eq!(header(&r, "content-encoding"), Some("gzip"), "{file}: the .gz copy when gzip is asked");
        let kind = header(&r, "content-type").unwrap_or_default().to_owned();
        let expected = match file.rsplit('.').next().unwrap() {
            "wasm" => "application/wasm",
            "js" => "application/javascript",
            "css" => "text/css",
            "svg" => "image/svg+xml",
            other => panic!("unexpected file type {other}"),
        };
        assert_eq!(kind, expected, "{file}");
        assert_eq!(r.bytes().await.unwrap(), std::fs::read(format!("{}.gz", dist.join(&file).display())).unwrap(), "{file}.gz as built");
        if file.ends_with(".wasm") {
            let br = get(&url, "br").await;
            assert_eq!(header(&br, "content-encoding"), Some("br"), "{file}: the .br copy when brotli is asked");
            let plain = get(&url, "identity").await;
            assert_eq!(header(&plain, "content-encoding"), None);
            assert_eq!(plain.bytes().await.unwrap(), std::fs::read(dist.join(&file)).unwrap());
        }
    }
    let conf = reqwest::get(format!("{base}csp-header.conf")).await.unwrap();
    assert_eq!(conf.status(), 404, "the build's nginx include is not served");
}

/// Signs in through the console at `url`, connects payments-hsm and waits for CONNECTED; then the
/// second visit: the page asked again, every hashed file from the browser's cache.
async fn sign_in_connect_and_come_back(url: String, dist: &Path) {
    let b = Browser::start_at(Seed::demo(), url, &[]).await;
    let page = b.paste_sign_in("us-east-1", &demo_sts_json(now_s() + 3600), 4).await;
    page.act("payments-hsm", "Connect").await;
    page.wait_for_state("payments-hsm", "CONNECTED", Duration::from_secs(20)).await;
    let wire = "return performance.getEntriesByType('resource').filter(e => e.name.endsWith('.wasm')).map(e => [e.name, e.encodedBodySize, e.decodedBodySize, e.transferSize]);";
    let cold = page.run_script(wire).await;
    let cold = cold.as_array().unwrap();
    assert!(cold.len() >= 2, "the first wasm and the deferred chunk: {cold:?}");
    for w in cold {
        let (encoded, decoded, transfer) = (w[1].as_u64().unwrap(), w[2].as_u64().unwrap(), w[3].as_u64().unwrap());
        assert!(transfer > encoded, "over the network, not from a cache: {w}");
        // The body on the wire is one of the build's own copies (Chromium asks for br on loopback).
        let file = dist.join(w[0].as_str().unwrap().split("/wasm-").nth(1).map(|rest| format!("wasm-{rest}")).unwrap());
        let copies = [".br", ".gz"].map(|ext| std::fs::metadata(format!("{}{ext}", file.display())).unwrap().len());
        assert!(copies.contains(&encoded) && encoded * 2 < decoded, "{w}: the wasm came as its precompressed copy ({copies:?} bytes)");
    }
    // The second visit: a new navigation to the same page.
    page.client_goto("about:blank").await;
    b.open().await;
    let warm = page
        .run_script(
            "return [performance.getEntriesByType('navigation')[0].transferSize,
                     performance.getEntriesByType('resource').filter(e => /-[0-9a-f]{16}[./]/.test(e.name)).map(e => [e.name, e.transferSize])];",
        )
        .await;
    assert!(warm[0].as_u64().unwrap() > 0, "index.html is asked again (no-cache): {warm}");
    let hashed = warm[1].as_array().unwrap();
    assert!(hashed.iter().any(|e| e[0].as_str().unwrap().ends_with(".wasm")), "{warm}");
    for e in hashed {
        assert_eq!(e[1].as_u64(), Some(0), "a hashed file comes from the cache on the second visit, without asking: {e}");
    }
    b.finish().await;
}

#[tokio::test]
async fn nginx_with_the_readme_configuration_sends_every_header_and_the_console_connects_through_it() {
    let dist = dist("CKS_DIST");
    let root = web_root("root");
    copy_dir(&dist, &root);
    let nginx = Nginx::start("root.conf", &root);
    let base = format!("{}/", nginx.origin);
    check_headers(&base, &dist).await;
    sign_in_connect_and_come_back(base, &dist).await;
    let errors: Vec<String> = nginx.error_log().lines().filter(|l| l.contains("[error]") || l.contains("[crit]")).map(str::to_owned).collect();
    assert!(errors.is_empty(), "nginx logged errors: {errors:?}");
    drop(nginx);
    let _ = std::fs::remove_dir_all(root);
}

#[tokio::test]
async fn nginx_serves_the_sub_path_build_under_tools_cks_with_the_same_headers() {
    let dist = dist("CKS_DIST_SUBPATH");
    let root = web_root("tools-cks");
    copy_dir(&dist, &root.join("tools/cks"));
    let nginx = Nginx::start("tools-cks.conf", &root);
    let base = format!("{}/tools/cks/", nginx.origin);
    check_headers(&base, &dist).await;
    sign_in_connect_and_come_back(base, &dist).await;
    drop(nginx);
    let _ = std::fs::remove_dir_all(root);
}
