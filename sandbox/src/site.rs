//! Serves the built console (`dist/`) as any static host would, on its own port, so that the
//! browser talks to the sandbox cross-origin exactly as it talks to KMS. Like a host that can set
//! headers (README), it sends the page's Content-Security-Policy as a header too, with
//! `frame-ancestors 'none'`, which only the header form can carry.

use axum::http::{header, HeaderValue};
use std::net::SocketAddr;
use std::path::PathBuf;
use tower_http::services::{ServeDir, ServeFile};
use tower_http::set_header::SetResponseHeaderLayer;

/// The policy of the page's `<meta>` (written by the build), as a header with `frame-ancestors`.
pub fn header_policy(index_html: &str) -> Option<String> {
    let start = index_html.find("http-equiv=\"Content-Security-Policy\" content=\"")? + "http-equiv=\"Content-Security-Policy\" content=\"".len();
    let end = start + index_html[start..].find('"')?;
    Some(format!("{}; frame-ancestors 'none'", &index_html[start..end]))
}

pub async fn serve_console(dir: PathBuf, listen: &str) -> std::io::Result<SocketAddr> {
    if !dir.join("index.html").is_file() {
        return Err(std::io::Error::new(
            std::io::ErrorKind::NotFound,
            format!("{} has no index.html: build the console first (cargo xtask build)", dir.display()),
        ));
    }
    let listener = tokio::net::TcpListener::bind(listen).await?;
    let addr = listener.local_addr()?;
    // The build's own .br and .gz copies, chosen by Accept-Encoding, as CloudFront or nginx's
    // gzip_static serve them.
    let files =
        ServeDir::new(&dir).precompressed_br().precompressed_gzip().fallback(ServeFile::new(dir.join("index.html")).precompressed_br().precompressed_gzip());
    let mut app = axum::Router::new().fallback_service(files);
    let index = std::fs::read_to_string(dir.join("index.html"))?;
    if let Some(policy) = header_policy(&index).and_then(|p| HeaderValue::from_str(&p).ok()) {
        app = app.layer(SetResponseHeaderLayer::overriding(header::CONTENT_SECURITY_POLICY, policy));
    }
    tokio::spawn(async move {
        if let Err(e) = axum::serve(listener, app).await {
            eprintln!("cks-sandbox: console server stopped: {e}");
        }
    });
    Ok(addr)
}

/// A plain static file server for `root`, as a user's own host would be: files and their
/// precompressed copies, nothing else (no fallback, no headers of ours). For the test that hosts
/// the console under a sub-path.
pub async fn serve_plain(root: PathBuf, listen: &str) -> std::io::Result<SocketAddr> {
    let listener = tokio::net::TcpListener::bind(listen).await?;
    let addr = listener.local_addr()?;
    let app = axum::Router::new().fallback_service(ServeDir::new(root).precompressed_br().precompressed_gzip());
    tokio::spawn(async move {
        if let Err(e) = axum::serve(listener, app).await {
            eprintln!("cks-sandbox: static server stopped: {e}");
        }
    });
    Ok(addr)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_header_is_the_meta_policy_and_frame_ancestors() {
        let html = r#"<meta http-equiv="Content-Security-Policy" content="default-src 'none'; base-uri 'none'" />"#;
        assert_eq!(header_policy(html).unwrap(), "default-src 'none'; base-uri 'none'; frame-ancestors 'none'");
        assert_eq!(header_policy("<html></html>"), None);
    }
}
