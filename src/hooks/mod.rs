//! Reactive helpers, one per file, each cleaning up after itself.

pub mod use_now;
pub mod use_transition_polling;

pub use use_now::use_now;
pub use use_transition_polling::{use_transition_polling, UseTransitionPollingOptions};
