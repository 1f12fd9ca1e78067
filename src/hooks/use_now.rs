//! The current time as a signal, ticking every `interval_ms` until its owner goes away.

use crate::browser::now_ms;
use leptos::prelude::*;
use std::time::Duration;

pub fn use_now(interval_ms: u64) -> ReadSignal<u64> {
    let (now, set_now) = signal(now_ms());
    if let Ok(handle) = set_interval_with_handle(move || set_now.set(now_ms()), Duration::from_millis(interval_ms)) {
        on_cleanup(move || handle.clear());
    }
    now
}
