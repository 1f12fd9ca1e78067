//! Reactive helpers, one per file, each cleaning up after itself.
//!
//! leptos-use has hooks for visibility and intervals; swapped in for `use_visibility` and
//! `use_now` they added 5,330 bytes of gzipped wasm (330,082 → 335,412, measured with this
//! build), more than these two small files are worth, so they stay.

pub mod use_deadline;
pub mod use_looking;
pub mod use_near;
pub mod use_now;
pub mod use_online;
pub mod use_polling;
pub mod use_visibility;

pub use use_deadline::{use_deadline, UseDeadlineOptions};
pub use use_looking::{provide_looking, use_looking, Looking};
pub use use_near::{use_near, UseNearOptions};
pub use use_now::use_now;
pub use use_online::use_online;
pub use use_polling::{use_polling, PollingSignals, UsePollingOptions};
pub use use_visibility::use_visibility;
