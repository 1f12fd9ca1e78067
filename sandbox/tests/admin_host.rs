//! The admin API answers only requests addressed to a loopback name: a page that rebinds its own
//! DNS name to 127.0.0.1 reaches the sandbox from the browser with `Host: <its name>`, and must
//! neither read the log nor change the sandbox.

mod common;

use cks_sandbox::seed::Seed;
use common::sandbox;
use reqwest::Method;

async fn admin_with_host(url: &str, method: Method, host: &str) -> (u16, String) {
    let mut request = reqwest::Client::new().request(method.clone(), format!("{url}__sandbox/requests")).header("host", host);
    if method != Method::GET {
        request = reqwest::Client::new().request(method, format!("{url}__sandbox/reset")).header("host", host).json(&serde_json::json!({}));
    }
    let response = request.send().await.unwrap();
    (response.status().as_u16(), response.text().await.unwrap())
}

#[tokio::test]
async fn a_rebound_dns_name_is_refused() {
    let url = sandbox(Seed::demo()).await;
    let port = url.trim_end_matches('/').rsplit(':').next().unwrap().to_owned();
    for host in [format!("evil.example:{port}"), "evil.example".into(), format!("127.0.0.1.evil.example:{port}"), format!("localhost.evil.example:{port}")] {
        for method in [Method::GET, Method::POST] {
            let (status, body) = admin_with_host(&url, method.clone(), &host).await;
            assert_eq!(status, 403, "{method} with Host {host}: {body}");
            assert!(body.contains("loopback host name"), "{body}");
        }
    }
}

#[tokio::test]
async fn loopback_names_are_answered_with_any_port() {
    let url = sandbox(Seed::demo()).await;
    let port = url.trim_end_matches('/').rsplit(':').next().unwrap().to_owned();
    for host in
        [format!("127.0.0.1:{port}"), format!("localhost:{port}"), format!("[::1]:{port}"), "localhost".into(), "LOCALHOST:1".into(), "127.0.0.1".into()]
    {
        let (status, body) = admin_with_host(&url, Method::GET, &host).await;
        assert_eq!(status, 200, "Host {host}: {body}");
    }
}
