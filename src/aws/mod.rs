//! Platform-neutral AWS plumbing: credentials, SigV4 signing, endpoints and the HTTP boundary.
//! Nothing here touches the browser, so all of it is tested natively with `cargo test`.

pub mod assume_role;
pub mod client;
pub mod codes;
pub mod credentials;
pub mod endpoint;
pub mod error;
pub mod exchange;
pub mod expiry;
pub mod http;
pub mod iam;
pub mod json_client;
pub mod organizations;
pub mod paste;
pub mod pem;
pub mod profiles;
pub mod query;
pub mod query_client;
pub mod regions;
pub mod remembered;
pub mod retry;
pub mod sigv4;
pub mod sts;
pub mod time;
pub mod xml;
