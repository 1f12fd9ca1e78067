//! Every browser suite in one test binary (one link, one run): each module is a suite on the
//! users' paths, in headless Chromium against the sandbox, sharing the harness in `tests/browser/`.

#[path = "../browser/mod.rs"]
mod browser;

mod checks;
mod e2e;
mod fleet;
mod health;
mod hosting;
mod look;
mod nginx;
mod operations;
mod operator;
mod paths;
mod resilience;
mod security;
