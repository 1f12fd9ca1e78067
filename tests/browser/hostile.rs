//! A hostile endpoint for the browser suites: a plain HTTP/1.1 proxy on loopback that passes every
//! request to the sandbox, until a test tells it to answer `DescribeCustomKeyStores` with a flood
//! (a body of hundreds of MB, announced by `Content-Length` or streamed in chunks). It counts the
//! floods it was asked for and the bytes it managed to send, so a test can tell how much the page
//! read.

use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::Arc;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

#[derive(Default)]
pub struct State {
    /// Answer KMS's list with `flood_bytes` of body instead of passing it on.
    pub flooding: AtomicBool,
    /// Stream the flood in chunks (no `Content-Length`).
    pub chunked: AtomicBool,
    pub flood_bytes: AtomicU64,
    /// Lists answered with a flood.
    pub floods: AtomicUsize,
    /// Body bytes of floods written before the page closed the connection.
    pub flood_sent: AtomicU64,
}

pub struct Proxy {
    pub url: String,
    pub state: Arc<State>,
}

impl Proxy {
    /// A proxy on a free loopback port to `target` (`http://127.0.0.1:port/`).
    pub async fn start(target: &str) -> Proxy {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let state = Arc::new(State::default());
        let (shared, target) = (Arc::clone(&state), target.trim_end_matches('/').to_owned());
        tokio::spawn(async move {
            let client = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
            while let Ok((socket, _)) = listener.accept().await {
                let (state, target, client) = (Arc::clone(&shared), target.clone(), client.clone());
                tokio::spawn(async move {
                    let _ = serve(socket, &state, &target, &client).await;
                });
            }
        });
        Proxy { url, state }
    }

    /// From now on KMS's list gets `bytes` of body, streamed in chunks or announced.
    pub fn flood(&self, bytes: u64, chunked: bool) {
        self.state.flood_bytes.store(bytes, Ordering::SeqCst);
        self.state.chunked.store(chunked, Ordering::SeqCst);
        self.state.flood_sent.store(0, Ordering::SeqCst);
        self.state.flooding.store(true, Ordering::SeqCst);
    }

    pub fn pass_through(&self) {
        self.state.flooding.store(false, Ordering::SeqCst);
    }

    pub fn floods(&self) -> usize {
        self.state.floods.load(Ordering::SeqCst)
    }

    pub fn flood_sent(&self) -> u64 {
        self.state.flood_sent.load(Ordering::SeqCst)
    }
}

/// One request per connection (`connection: close`): enough for a browser, and simple.
async fn serve(mut socket: TcpStream, state: &State, target: &str, client: &reqwest::Client) -> std::io::Result<()> {
    let mut buf = Vec::new();
    let mut chunk = [0u8; 16384];
    let head_end = loop {
        let n = socket.read(&mut chunk).await?;
        if n == 0 {
            return Ok(());
        }
        buf.extend_from_slice(&chunk[..n]);
        if let Some(i) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            break i + 4;
        }
    };
    let head = String::from_utf8_lossy(&buf[..head_end]).into_owned();
    let mut lines = head.split("\r\n");
    let mut first = lines.next().unwrap_or_default().split(' ');
    let (method, path) = (first.next().unwrap_or("GET").to_owned(), first.next().unwrap_or("/").to_owned());
    let headers: Vec<(String, String)> = lines.filter_map(|l| l.split_once(':')).map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_owned())).collect();
    let header = |name: &str| headers.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone());
    let length: usize = header("content-length").and_then(|v| v.parse().ok()).unwrap_or(0);
    let mut body = buf[head_end..].to_vec();
    while body.len() < length {
        let n = socket.read(&mut chunk).await?;
        if n == 0 {
            break;
        }
        body.extend_from_slice(&chunk[..n]);
    }
    let origin = header("origin").unwrap_or_else(|| "*".into());
    let is_list = header("x-amz-target").is_some_and(|t| t.ends_with(".DescribeCustomKeyStores"));
    if method == "POST" && is_list && state.flooding.load(Ordering::SeqCst) {
        state.floods.fetch_add(1, Ordering::SeqCst);
        let total = state.flood_bytes.load(Ordering::SeqCst);
        let chunked = state.chunked.load(Ordering::SeqCst);
        let framing = if chunked { "transfer-encoding: chunked".to_owned() } else { format!("content-length: {total}") };
        let head = format!(
            "HTTP/1.1 200 OK\r\ncontent-type: application/x-amz-json-1.1\r\naccess-control-allow-origin: {origin}\r\n\
             access-control-expose-headers: x-amzn-RequestId, x-amzn-ErrorType, x-amzn-ErrorMessage, Date\r\n{framing}\r\nconnection: close\r\n\r\n"
        );
        socket.write_all(head.as_bytes()).await?;
        let piece = vec![b' '; 65536];
        let mut sent = 0u64;
        while sent < total {
            let n = piece.len().min((total - sent) as usize);
            let written = if chunked {
                socket.write_all(format!("{n:x}\r\n").as_bytes()).await?;
                socket.write_all(&piece[..n]).await?;
                socket.write_all(b"\r\n").await
            } else {
                socket.write_all(&piece[..n]).await
            };
            if written.is_err() {
                break;
            }
            sent += n as u64;
            state.flood_sent.store(sent, Ordering::SeqCst);
        }
        if chunked && sent >= total {
            socket.write_all(b"0\r\n\r\n").await?;
        }
        return socket.shutdown().await;
    }
    let mut forward = client.request(method.parse().unwrap(), format!("{target}{path}")).body(body);
    for (k, v) in &headers {
        // Host too: the page signed it, and the sandbox checks the signature against it.
        if !matches!(k.as_str(), "connection" | "content-length" | "accept-encoding" | "transfer-encoding") {
            forward = forward.header(k.as_str(), v.as_str());
        }
    }
    let Ok(answer) = forward.send().await else {
        return socket.shutdown().await;
    };
    let status = answer.status();
    let mut head = format!("HTTP/1.1 {} {}\r\n", status.as_u16(), status.canonical_reason().unwrap_or("OK"));
    for (k, v) in answer.headers() {
        if !matches!(k.as_str(), "connection" | "content-length" | "transfer-encoding" | "content-encoding") {
            head.push_str(&format!("{k}: {}\r\n", v.to_str().unwrap_or_default()));
        }
    }
    let bytes = answer.bytes().await.unwrap_or_default();
    head.push_str(&format!("content-length: {}\r\nconnection: close\r\n\r\n", bytes.len()));
    socket.write_all(head.as_bytes()).await?;
    socket.write_all(&bytes).await?;
    socket.shutdown().await
}
