//! Serves the built console (`dist/`) as any static host would, on its own port, so that the
//! browser talks to the sandbox cross-origin exactly as it talks to KMS.

use std::net::SocketAddr;
use std::path::PathBuf;
use tower_http::services::{ServeDir, ServeFile};

pub async fn serve_console(dir: PathBuf, listen: &str) -> std::io::Result<SocketAddr> {
    if !dir.join("index.html").is_file() {
        return Err(std::io::Error::new(
            std::io::ErrorKind::NotFound,
            format!("{} has no index.html: build the console first (cargo xtask build)", dir.display()),
        ));
    }
    let listener = tokio::net::TcpListener::bind(listen).await?;
    let addr = listener.local_addr()?;
    let files = ServeDir::new(&dir).fallback(ServeFile::new(dir.join("index.html")));
    let app = axum::Router::new().fallback_service(files);
    tokio::spawn(async move {
        if let Err(e) = axum::serve(listener, app).await {
            eprintln!("cks-sandbox: console server stopped: {e}");
        }
    });
    Ok(addr)
}
