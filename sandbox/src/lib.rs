//! cks-sandbox: a local stand-in for the AWS KMS custom key store API, so the console can be run,
//! demonstrated and tested without an AWS account. One port serves KMS (awsJson 1.1, routed by
//! `X-Amz-Target`), with SigV4 verified by code independent of the console's signer, CORS as KMS
//! answers it, and a loopback-only admin API under `/__sandbox/`.
//!
//! - `seed`: the JSON that describes accounts, credentials and stores.
//! - `world`: the accounts and stores, and their state machine over time.
//! - `sigv4`: request authentication.
//! - `kms`: the operations. `http`: routing, CORS, error responses, admin. `site`: serves the console.

pub mod http;
pub mod kms;
pub mod seed;
pub mod sigv4;
pub mod site;
pub mod world;

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

/// Where the sandbox listens unless told otherwise; the README documents it.
pub const DEFAULT_LISTEN: &str = "127.0.0.1:9780";
/// Where `cargo xtask serve` serves the console.
pub const DEFAULT_CONSOLE_LISTEN: &str = "127.0.0.1:9781";

/// A sandbox answering on `addr` until the process ends.
pub struct Running {
    pub addr: SocketAddr,
    pub world: Arc<Mutex<world::World>>,
}

/// Binds `listen` and serves the sandbox on the current tokio runtime.
pub async fn start(listen: &str, seed: seed::Seed) -> std::io::Result<Running> {
    let world = Arc::new(Mutex::new(world::World::from_seed(seed)));
    let listener = tokio::net::TcpListener::bind(listen).await?;
    let addr = listener.local_addr()?;
    let app = http::router(world.clone());
    tokio::spawn(async move {
        let service = app.into_make_service_with_connect_info::<SocketAddr>();
        if let Err(e) = axum::serve(listener, service).await {
            eprintln!("cks-sandbox: server stopped: {e}");
        }
    });
    Ok(Running { addr, world })
}
