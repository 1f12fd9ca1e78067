//! The console server: a build's precompressed copies chosen by Accept-Encoding, the CSP header
//! on every answer, index.html for any other path.

use std::path::PathBuf;

fn built_console() -> PathBuf {
    let dir = std::env::temp_dir().join(format!("cks-site-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let index = r#"<html><head><meta http-equiv="Content-Security-Policy" content="default-src 'none'" /></head></html>"#;
    std::fs::write(dir.join("index.html"), index).unwrap();
    std::fs::write(dir.join("index.html.gz"), b"gz-of-index").unwrap();
    std::fs::write(dir.join("app.js"), b"console.log(1)").unwrap();
    std::fs::write(dir.join("app.js.br"), b"br-of-app").unwrap();
    std::fs::write(dir.join("app.js.gz"), b"gz-of-app").unwrap();
    dir
}

#[tokio::test]
async fn precompressed_copies_are_served_by_accept_encoding_with_the_policy() {
    let dir = built_console();
    let addr = cks_sandbox::site::serve_console(dir.clone(), "127.0.0.1:0").await.unwrap();
    let get = |path: &str, accept: &str| {
        let url = format!("http://{addr}/{path}");
        let accept = accept.to_owned();
        async move {
            let r = reqwest::Client::new().get(url).header("accept-encoding", accept).send().await.unwrap();
            let encoding = r.headers().get("content-encoding").map(|v| v.to_str().unwrap().to_owned());
            let policy = r.headers().get("content-security-policy").map(|v| v.to_str().unwrap().to_owned());
            (encoding, policy, r.bytes().await.unwrap().to_vec())
        }
    };
    let (encoding, policy, body) = get("app.js", "gzip, deflate, br").await;
    assert_eq!((encoding.as_deref(), body.as_slice()), (Some("br"), &b"br-of-app"[..]), "brotli preferred when offered");
    assert_eq!(policy.as_deref(), Some("default-src 'none'; frame-ancestors 'none'"));
    let (encoding, _, body) = get("app.js", "gzip").await;
    assert_eq!((encoding.as_deref(), body.as_slice()), (Some("gzip"), &b"gz-of-app"[..]));
    let (encoding, _, body) = get("app.js", "identity").await;
    assert_eq!((encoding, body.as_slice()), (None, &b"console.log(1)"[..]));
    // Any other path is the page, compressed where a copy exists.
    let (encoding, _, body) = get("some/deep/link", "gzip").await;
    assert_eq!((encoding.as_deref(), body.as_slice()), (Some("gzip"), &b"gz-of-index"[..]));
    std::fs::remove_dir_all(dir).unwrap();
}
