//! cks-console: a browser console for AWS KMS custom key stores.
//!
//! - [`aws`]: credentials, SigV4, endpoints, and the HTTP boundary (platform-neutral).
//! - [`kms`]: the KMS model, client, state rules, guidance and polling schedule (platform-neutral).
//! - [`health`]: CloudHSM clusters and pre-flight checks, CloudWatch metrics, CloudTrail history,
//!   keys per store (platform-neutral).
//! - [`ops`]: operator tools: the AWS CLI command for each request, a runbook of a session's
//!   changes, least-privilege IAM policies (platform-neutral).
//! - `browser`: the `fetch` transport, the clock and the page URL (wasm only).
//! - `hooks`: reactive helpers with explicit cleanup, such as polling (wasm only).
//! - `state`: the signed-in page's state: the session, and one [`state::scope::Scope`] per account
//!   and Region with its clients, store list, requests and panels (wasm only).
//! - `ui`: Leptos components that render state and dispatch actions (wasm only).

pub mod aws;
pub mod fleet;
pub mod health;
pub mod kms;
pub mod ops;

#[cfg(target_arch = "wasm32")]
pub mod browser;
#[cfg(target_arch = "wasm32")]
pub mod hooks;
#[cfg(target_arch = "wasm32")]
pub mod state;
#[cfg(target_arch = "wasm32")]
pub mod ui;
