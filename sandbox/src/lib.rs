//! cks-sandbox: a local stand-in for AWS KMS custom key store operations, the STS calls a
//! console signs in with, and the health data around a store (CloudHSM clusters, CloudWatch
//! metrics, CloudTrail events), so the console can be run, demonstrated and tested without an AWS
//! account. Its rule: a client that works against the sandbox works against AWS.
//!
//! - `seed`: the JSON that describes the organization, accounts, credentials, roles, stores,
//!   clusters and proxies; `seed::fleet` generates many accounts for benchmarks.
//! - `world`: that state, and the connection state machine over time.
//! - `model`: AWS's shapes (derived into `model/`) and validation against them.
//! - `sigv4`, `auth`: request authentication, independent of the console's signer.
//! - `api`: what the awsJson services share. `kms`, `cloudhsm`, `cloudwatch`, `cloudtrail`,
//!   `organizations`, `sts`, `iam`, `xml_services` (EC2, ELBv2, SNS): the operations. `ids`: deterministic ids and noise.
//! - `policy`: identity policies of credentials and roles (Allow, Deny, wildcards).
//! - `faults`: injected failures. `clock`: time and date formats.
//! - `http`: the server, CORS and the admin API. `site`: serves the built console.

pub mod api;
pub mod auth;
pub mod clock;
pub mod cloudhsm;
pub mod cloudtrail;
pub mod cloudwatch;
pub mod faults;
pub mod http;
pub mod iam;
pub mod ids;
pub mod kms;
pub mod model;
pub mod organizations;
pub mod policy;
pub mod seed;
pub mod sigv4;
pub mod site;
pub mod sts;
pub mod world;
pub mod xml_services;

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

/// Where the sandbox listens unless told otherwise; the README documents it.
pub const DEFAULT_LISTEN: &str = "127.0.0.1:9780";
/// Where `cargo xtask serve` serves the console.
pub const DEFAULT_CONSOLE_LISTEN: &str = "127.0.0.1:9781";

/// A sandbox answering on `addr` until the process ends.
pub struct Running {
    pub addr: SocketAddr,
    pub shared: http::Shared,
}

/// Binds `listen` and serves the sandbox on the current tokio runtime.
pub async fn start(listen: &str, seed: seed::Seed, faults: faults::Faults) -> std::io::Result<Running> {
    let shared = Arc::new(http::Sandbox { world: Mutex::new(world::World::from_seed(seed)), faults: Mutex::new(faults) });
    let listener = tokio::net::TcpListener::bind(listen).await?;
    let addr = listener.local_addr()?;
    tokio::spawn(http::serve(listener, shared.clone()));
    Ok(Running { addr, shared })
}
