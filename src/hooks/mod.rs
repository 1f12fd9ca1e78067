//! Reactive helpers, one per file, each cleaning up after itself.

pub mod use_now;
pub mod use_polling;
pub mod use_visibility;

pub use use_now::use_now;
pub use use_polling::{use_polling, PollingSignals, UsePollingOptions};
pub use use_visibility::use_visibility;
