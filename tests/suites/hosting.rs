//! Hosted as users host it: the release build made with `--public-url /tools/cks/`, copied under
//! that path of a plain static file server (no routing rules, nothing but files), served with its
//! precompressed copies. Sign-in, the table, Connect and CONNECTED all work there.

use crate::browser;
use crate::browser::nginx::copy_dir;

use browser::{demo_sts_json, now_s, Browser, Page};
use cks_sandbox::seed::{self, Seed};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// A web root whose `tools/cks/` holds the sub-path build, served as plain files.
async fn static_host() -> (String, PathBuf) {
    let dist = std::env::var("CKS_DIST_SUBPATH").expect("CKS_DIST_SUBPATH must name the build made with --public-url /tools/cks/ (run `cargo xtask test`)");
    let root = std::env::temp_dir().join(format!("cks-static-host-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&root);
    copy_dir(Path::new(&dist), &root.join("tools/cks"));
    let addr = cks_sandbox::site::serve_plain(root.clone(), "127.0.0.1:0").await.unwrap();
    (format!("http://{addr}"), root)
}

#[tokio::test]
async fn the_sub_path_build_works_from_a_plain_static_host_with_its_precompressed_files() {
    let (host, root) = static_host().await;
    let index = std::fs::read_to_string(root.join("tools/cks/index.html")).unwrap();
    assert!(
        index.contains("href=\"/tools/cks/favicon-") && index.contains("content=\"/tools/cks/cks-console-later-"),
        "the build links its files under the sub-path"
    );
    // The main module, as the loader names it: /tools/cks/wasm-<hash>/main_bg.wasm.
    let start = index.find("module_or_path: fetch('/tools/cks/").expect("the loader starts the wasm from under the sub-path")
        + "module_or_path: fetch('/tools/cks/".len();
    let wasm_name = index[start..start + index[start..].find('\'').unwrap()].to_owned();
    let wasm = root.join("tools/cks").join(&wasm_name);
    // Each encoding the client accepts, from its own precompressed file.
    for (accept, encoding, suffix) in [("br", Some("br"), ".br"), ("gzip", Some("gzip"), ".gz"), ("identity", None, "")] {
        // This reqwest decodes nothing (its compression features are off): the bytes are the wire's.
        let r = reqwest::Client::new().get(format!("{host}/tools/cks/{wasm_name}")).header("accept-encoding", accept).send().await.unwrap();
        assert_eq!(r.status(), 200);
        assert_eq!(r.headers().get("content-encoding").map(|v| v.to_str().unwrap()), encoding, "{accept}");
        let body = r.bytes().await.unwrap();
        assert_eq!(body.as_ref(), std::fs::read(format!("{}{suffix}", wasm.display())).unwrap(), "{accept}: served the file as built");
    }

    let b = Browser::start_at(Seed::demo(), format!("{host}/tools/cks/"), &[]).await;
    let page = b.paste_sign_in("us-east-1", &demo_sts_json(now_s() + 3600), 4).await;
    page.act("payments-hsm", "Connect").await;
    page.wait_for_state("payments-hsm", "CONNECTED", Duration::from_secs(20)).await;
    // The browser fetched the wasm compressed (fewer bytes on the wire than in memory).
    let sizes = page
        .run_script(
            "const e = performance.getEntriesByType('resource').find(e => e.name.endsWith('.wasm')); return e ? [e.encodedBodySize, e.decodedBodySize] : null;",
        )
        .await;
    let (encoded, decoded) = (sizes[0].as_u64().unwrap(), sizes[1].as_u64().unwrap());
    assert!(encoded > 0 && encoded * 2 < decoded, "the wasm came compressed: {encoded} of {decoded} bytes");
    eprintln!("MEASURED hosted at /tools/cks/: wasm {encoded} bytes on the wire for {decoded}");
    b.finish().await;
    let _ = std::fs::remove_dir_all(root);
}

/// A static host that answers every file at once except those whose path contains `held`, which
/// it holds back for `delay`: a slow network, as the user meets it while pasting credentials.
async fn holding_host(dist: PathBuf, held: &'static str, delay: Duration) -> String {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        loop {
            let Ok((mut stream, _)) = listener.accept().await else { continue };
            let dist = dist.clone();
            tokio::spawn(async move {
                let mut buf = vec![0u8; 8192];
                let n = stream.read(&mut buf).await.unwrap_or(0);
                let request = String::from_utf8_lossy(&buf[..n]);
                let path = request.split_whitespace().nth(1).unwrap_or("/").split('?').next().unwrap_or("/").trim_start_matches('/').to_owned();
                let path = if path.is_empty() { "index.html".to_owned() } else { path };
                if path.contains(held) {
                    tokio::time::sleep(delay).await;
                }
                let (status, body) = match std::fs::read(dist.join(&path)) {
                    Ok(b) => ("200 OK", b),
                    Err(_) => ("404 Not Found", b"not found".to_vec()),
                };
                let kind = match path.rsplit('.').next() {
                    Some("html") => "text/html",
                    Some("js") => "text/javascript",
                    Some("wasm") => "application/wasm",
                    Some("css") => "text/css",
                    Some("svg") => "image/svg+xml",
                    _ => "application/octet-stream",
                };
                let head = format!("HTTP/1.1 {status}\r\ncontent-type: {kind}\r\ncontent-length: {}\r\nconnection: close\r\n\r\n", body.len());
                let _ = stream.write_all(head.as_bytes()).await;
                let _ = stream.write_all(&body).await;
            });
        }
    });
    format!("http://{addr}/")
}

/// The demo sandbox and a browser on the built console, whose host holds back `held` for `delay`.
async fn holding_browser(held: &'static str, delay: Duration) -> Browser {
    let dist = PathBuf::from(std::env::var("CKS_DIST").expect("CKS_DIST names the built console"));
    Browser::start_at(Seed::demo(), holding_host(dist, held, delay).await, &[]).await
}

/// The signed-in console's chunk 4 s late.
async fn slow_chunk_browser() -> Browser {
    holding_browser("split_deferred", Duration::from_secs(4)).await
}

/// Opens the console on a host that holds its first wasm back: only the page itself (its
/// prerendered form) is there, and the user fills in the endpoint.
async fn open_before_the_wasm(b: &Browser) -> Page<'_> {
    let page = b.page();
    page.client_goto(&b.console_url).await;
    page.wait_text("h1", Duration::from_secs(5)).await;
    let state = "return [!!document.querySelector('main[data-prerendered]'), performance.getEntriesByName('sign-in-interactive').length, performance.getEntriesByName('console-live').length];";
    assert_eq!(page.run_script(state).await, serde_json::json!([true, 1, 0]), "the prerendered form shows, and takes input, before the wasm");
    // The endpoint field sits in a closed disclosure, as a user finds it.
    page.click_css(".sign-in form details:not(.region-picker) > summary").await;
    page.fill("Endpoint URL for all services", b.kms_url.trim_end_matches('/')).await;
    page
}

/// `open_before_the_wasm`, then the demo keys typed and Sign in pressed, all into the copy.
async fn sign_in_before_the_wasm(b: &Browser) -> Page<'_> {
    let page = open_before_the_wasm(b).await;
    page.fill_credentials(seed::DEMO_ACCESS_KEY_ID, seed::DEMO_SECRET_ACCESS_KEY, seed::DEMO_SESSION_TOKEN).await;
    page.submit().await;
    page
}

#[tokio::test]
async fn what_is_typed_into_the_form_before_the_wasm_arrives_is_kept_with_the_caret() {
    let b = holding_browser("main_bg.wasm", Duration::from_secs(4)).await;
    let page = open_before_the_wasm(&b).await;
    page.fill("Access key ID", seed::DEMO_ACCESS_KEY_ID).await;
    page.fill("Secret access key", seed::DEMO_SECRET_ACCESS_KEY).await;
    let (first, rest) = seed::DEMO_SESSION_TOKEN.split_at(seed::DEMO_SESSION_TOKEN.len() / 2);
    page.fill("Session token", first).await;
    page.wait_live().await;
    assert_eq!(page.run_script("return document.querySelectorAll('main').length;").await, serde_json::json!(1), "the live form replaced the copy");
    // The user goes on typing where they were: the caret moved to the live field.
    page.type_into_focused(rest).await;
    assert_eq!(page.field_value("Session token").await, seed::DEMO_SESSION_TOKEN);
    assert_eq!(page.field_value("Access key ID").await, seed::DEMO_ACCESS_KEY_ID);
    assert!(
        page.run_script("return document.querySelector('.sign-in form details:not(.region-picker)').open;").await == serde_json::json!(true),
        "the opened disclosure stays open"
    );
    page.submit().await;
    page.wait_until(Duration::from_secs(10), || async { page.row_count().await > 0 }).await;
    b.finish().await;
}

#[tokio::test]
async fn sign_in_pressed_before_the_wasm_arrives_is_carried_out_when_it_does() {
    let b = holding_browser("main_bg.wasm", Duration::from_secs(4)).await;
    let page = sign_in_before_the_wasm(&b).await;
    let pressed = "return [document.querySelector('main[data-prerendered] button.primary').textContent, location.search];";
    assert_eq!(page.run_script(pressed).await, serde_json::json!(["Starting the console…", ""]), "held, and nothing went into the URL");
    page.wait_until(Duration::from_secs(15), || async { page.row_count().await > 0 }).await;
    b.finish().await;
}

#[tokio::test]
async fn what_the_user_types_while_the_console_downloads_is_kept() {
    let b = slow_chunk_browser().await;
    let page = b.open().await;
    // Typed before the signed-in console has arrived...
    page.fill("Access key ID", "ASIATYPEDWHILELOADING").await;
    let loaded = "return performance.getEntriesByType('resource').some(e => e.name.includes('split_deferred'));";
    assert_eq!(page.run_script(loaded).await, serde_json::json!(false), "the chunk is still on its way");
    // ...and still there once it has.
    page.wait_until(Duration::from_secs(15), || async { page.run_script(loaded).await == serde_json::json!(true) }).await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(page.field_value("Access key ID").await, "ASIATYPEDWHILELOADING", "the sign-in form was not rebuilt under the user");
    b.finish().await;
}

#[tokio::test]
async fn a_paste_made_while_the_console_downloads_is_read_when_it_arrives() {
    let b = slow_chunk_browser().await;
    let page = b.open().await;
    page.start_paste(&demo_sts_json(now_s() + 3600)).await;
    // The paste reader travels with the console's chunk: the page says it is reading...
    let note = page.wait_text(".sign-in [role=status]", Duration::from_secs(5)).await;
    assert_eq!(note, "Reading the paste…");
    assert_eq!(page.field_value("Access key ID").await, "", "nothing is filled in before the paste is read");
    // ...and fills the fields once the chunk is there.
    page.wait_until(Duration::from_secs(15), || async { page.text(".sign-in [role=status]").await.starts_with("Read JSON from aws sts") }).await;
    assert_eq!(page.field_value("Access key ID").await, seed::DEMO_ACCESS_KEY_ID);
    page.submit().await;
    page.wait_until(Duration::from_secs(10), || async { page.row_count().await > 0 }).await;
    b.finish().await;
}

#[tokio::test]
async fn without_scripts_the_page_says_what_it_needs_and_shows_no_form_that_cannot_work() {
    let b = Browser::start_with(Seed::demo(), &["--blink-settings=scriptEnabled=false"]).await;
    let page = b.page();
    page.client_goto(&b.console_url).await;
    let note = page.wait_text("p.noscript", Duration::from_secs(10)).await;
    assert_eq!(note, "cks-console needs JavaScript and WebAssembly.");
    assert!(!page.is_displayed("main[data-prerendered]").await, "the prerendered form is hidden");
    b.finish().await;
}

#[tokio::test]
async fn a_sign_in_pressed_while_the_wasm_does_not_come_says_so_and_keeps_what_was_typed() {
    // A connection that dropped mid-load: the wasm does not come within the test.
    let b = holding_browser("main_bg.wasm", Duration::from_secs(120)).await;
    let page = sign_in_before_the_wasm(&b).await;
    let button = "return document.querySelector('main[data-prerendered] button.primary').textContent;";
    assert_eq!(page.run_script(button).await, serde_json::json!("Starting the console…"));
    page.wait_until(Duration::from_secs(15), || async { page.run_script(button).await.as_str().is_some_and(|t| t.starts_with("Still loading the console")) })
        .await;
    assert_eq!(page.field_value("Access key ID").await, seed::DEMO_ACCESS_KEY_ID, "nothing typed is lost");
    b.finish().await;
}
