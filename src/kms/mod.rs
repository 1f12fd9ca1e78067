//! AWS KMS custom key stores: the model's shapes, the requests, the errors, and the domain rules
//! (which action is allowed when, what each failure means, how often to look again).
//! Platform-neutral, tested natively.

pub mod client;
pub mod edit_rules;
pub mod guidance;
pub mod listing;
pub mod model;
pub mod operation;
pub mod polling;
pub mod progress;
pub mod proxy_config;
pub mod rotation;
pub mod rules;
pub mod validation;
pub mod words;

pub use crate::aws::error::ErrorKind;
pub use client::KmsClient;
/// Errors of KMS calls; the same type serves every AWS service.
pub type KmsError = crate::aws::error::ServiceError;
pub use model::{ConnectionErrorCode, ConnectionState, KeyStore, KeyStoreType};
