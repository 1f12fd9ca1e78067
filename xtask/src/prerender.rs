//! The sign-in form, as HTML in the built page, so that it shows and takes input at the page's
//! first paint instead of after the wasm has downloaded, compiled and run (issue 12: interactive
//! sign-in within 2× a static page). It is not written by hand: the built console itself renders
//! it, in headless Chromium, and the page keeps what Chromium serialises. The wasm takes the copy
//! over when it starts (index.html's script).
//!
//! Without Chromium the build goes on without the copy, and says so: the wasm then draws the form
//! as it always could.

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const OPEN: &str = "<main class=\"app\">";
const CLOSE: &str = "</main>";

/// `html` with the sign-in form Chromium rendered from `staging` (served as `public_url`), or
/// `html` unchanged when there is no Chromium.
pub fn apply(staging: &Path, public_url: &str, html: &str) -> crate::Result<String> {
    let chromium = std::env::var("CHROMIUM").unwrap_or_else(|_| crate::CHROMIUM.to_owned());
    if !Path::new(&chromium).exists() {
        eprintln!("xtask: no Chromium at {chromium}: the page ships without its prerendered sign-in form (the wasm draws it once loaded)");
        return Ok(html.to_owned());
    }
    let url = serve(staging.to_path_buf(), public_url)?;
    let dom = dump_dom(&chromium, &url)?;
    let form = sign_in_form(&dom)?;
    insert(html, &form)
}

/// The rendered `<main>`, marked as the prerendered copy. Anything but the sign-in page (the
/// recovery notice after a panic, say) fails the build rather than ship.
fn sign_in_form(dom: &str) -> crate::Result<String> {
    let start = dom.find(OPEN).ok_or("the rendered page has no <main class=\"app\">")?;
    let end = dom.rfind(CLOSE).filter(|&e| e > start).ok_or("the rendered page's <main> is not closed")? + CLOSE.len();
    let main = &dom[start..end];
    if !main.contains("id=\"sign-in-title\"") || !main.contains("<form") {
        return Err(format!("the rendered page is not the sign-in form: {}", &main[..main.len().min(300)]));
    }
    Ok(main.replacen(OPEN, "<main class=\"app\" data-prerendered=\"\">", 1))
}

/// `html` with `form` first in its body.
fn insert(html: &str, form: &str) -> crate::Result<String> {
    let at = html.find("<body>").ok_or("index.html has no <body>")? + "<body>".len();
    Ok(format!("{}\n    {form}{}", &html[..at], &html[at..]))
}

/// Chromium's serialisation of the page at `url` once its scripts have run. Virtual time lets the
/// page fetch, compile and mount as fast as it can, and no longer than 10 s of its own clock.
fn dump_dom(chromium: &str, url: &str) -> crate::Result<String> {
    let profile = std::env::temp_dir().join(format!("cks-prerender-{}", std::process::id()));
    let mut child = Command::new(chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(["--virtual-time-budget=10000", "--dump-dom", url])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| format!("{chromium}: {e}"))?;
    // Read while it runs: a page larger than the pipe's buffer would otherwise never finish.
    let mut out = child.stdout.take().ok_or("no output from Chromium")?;
    let reader = std::thread::spawn(move || {
        let mut dom = String::new();
        std::io::Read::read_to_string(&mut out, &mut dom).map(|_| dom)
    });
    let deadline = Instant::now() + Duration::from_secs(90);
    while child.try_wait().map_err(|e| e.to_string())?.is_none() {
        if Instant::now() > deadline {
            let _ = child.kill();
            return Err(format!("{chromium} did not finish rendering {url} in 90 s"));
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let dom = reader.join().map_err(|_| "reading Chromium's output failed")?.map_err(|e| e.to_string())?;
    let _ = std::fs::remove_dir_all(profile);
    Ok(dom)
}

/// Serves `root` at `public_url` on a loopback port for as long as this process runs (the hook
/// that calls it exits right after).
fn serve(root: PathBuf, public_url: &str) -> crate::Result<String> {
    let listener = TcpListener::bind("127.0.0.1:0").map_err(|e| e.to_string())?;
    let addr = listener.local_addr().map_err(|e| e.to_string())?;
    let prefix = format!("/{}", public_url.trim_matches('/'));
    let prefix = if prefix == "/" { String::new() } else { prefix };
    let url = format!("http://{addr}{prefix}/");
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let (root, prefix) = (root.clone(), prefix.clone());
            std::thread::spawn(move || answer(stream, &root, &prefix));
        }
    });
    Ok(url)
}

fn answer(mut stream: TcpStream, root: &Path, prefix: &str) {
    let mut line = String::new();
    if BufReader::new(&stream).read_line(&mut line).is_err() {
        return;
    }
    let target = line.split_whitespace().nth(1).unwrap_or("/");
    let (status, kind, body) = match file_for(target, prefix).and_then(|p| Some((kind_of(&p), std::fs::read(root.join(p)).ok()?))) {
        Some((kind, body)) => ("200 OK", kind, body),
        None => ("404 Not Found", "text/plain", b"not found".to_vec()),
    };
    let head = format!("HTTP/1.1 {status}\r\ncontent-type: {kind}\r\ncontent-length: {}\r\nconnection: close\r\n\r\n", body.len());
    let _ = stream.write_all(head.as_bytes()).and_then(|()| stream.write_all(&body));
}

/// The file under the served root that `target` names, if it is under `prefix` and stays inside.
fn file_for(target: &str, prefix: &str) -> Option<String> {
    let path = target.split(['?', '#']).next()?.strip_prefix(prefix)?.trim_start_matches('/');
    if path.split('/').any(|part| part == "..") {
        return None;
    }
    Some(if path.is_empty() { "index.html".to_owned() } else { path.to_owned() })
}

fn kind_of(path: &str) -> &'static str {
    match path.rsplit('.').next() {
        Some("html") => "text/html; charset=utf-8",
        Some("js") => "text/javascript",
        Some("wasm") => "application/wasm",
        Some("css") => "text/css",
        Some("svg") => "image/svg+xml",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_form_is_taken_from_the_rendered_page_and_marked_as_the_copy() {
        let dom = "<html><body><noscript>x</noscript><main class=\"app\"><section><h1 id=\"sign-in-title\">Sign in</h1><form><input id=\"a\"></form></section></main><script>s</script></body></html>";
        let form = sign_in_form(dom).unwrap();
        assert_eq!(
            form,
            "<main class=\"app\" data-prerendered=\"\"><section><h1 id=\"sign-in-title\">Sign in</h1><form><input id=\"a\"></form></section></main>"
        );
        let page = insert("<html>\n  <body>\n    <noscript>x</noscript>\n  </body>\n</html>", &form).unwrap();
        assert!(page.contains("<body>\n    <main class=\"app\" data-prerendered=\"\">"), "{page}");
        assert!(page.find("data-prerendered").unwrap() < page.find("<noscript>").unwrap());
    }

    #[test]
    fn anything_but_the_sign_in_form_fails_the_build() {
        assert!(sign_in_form("<main class=\"app\"><p>Something went wrong</p></main>").is_err());
        assert!(sign_in_form("<body></body>").is_err());
        assert!(sign_in_form("<main class=\"app\"><h1 id=\"sign-in-title\"></h1><form></form>").is_err(), "not closed");
    }

    #[test]
    fn the_server_answers_under_the_public_url_only_and_never_above_its_root() {
        assert_eq!(file_for("/", "").as_deref(), Some("index.html"));
        assert_eq!(file_for("/wasm-1/main.js?x=1", "").as_deref(), Some("wasm-1/main.js"));
        assert_eq!(file_for("/tools/cks/", "/tools/cks").as_deref(), Some("index.html"));
        assert_eq!(file_for("/tools/cks/a.css", "/tools/cks").as_deref(), Some("a.css"));
        assert_eq!(file_for("/a.css", "/tools/cks"), None);
        assert_eq!(file_for("/../etc/passwd", ""), None);
    }

    #[test]
    fn the_server_serves_the_files_it_is_given() {
        let root = std::env::temp_dir().join(format!("cks-prerender-test-{}", std::process::id()));
        std::fs::create_dir_all(&root).unwrap();
        std::fs::write(root.join("index.html"), "<p>hi</p>").unwrap();
        let url = serve(root.clone(), "/sub/").unwrap();
        let get = |url: &str| {
            let rest = url.strip_prefix("http://").unwrap();
            let (host, path) = rest.split_at(rest.find('/').unwrap());
            let mut s = TcpStream::connect(host).unwrap();
            write!(s, "GET {path} HTTP/1.1\r\nhost: {host}\r\n\r\n").unwrap();
            let mut out = String::new();
            std::io::Read::read_to_string(&mut s, &mut out).unwrap();
            out
        };
        let page = get(&url);
        assert!(page.starts_with("HTTP/1.1 200 OK") && page.ends_with("<p>hi</p>"), "{page}");
        assert!(get(&url.replace("/sub/", "/other/")).starts_with("HTTP/1.1 404"));
        let _ = std::fs::remove_dir_all(root);
    }
}
