//! The sandbox's accounts and stores, and the connection state machine. Transitions are settled
//! lazily: a store remembers when its transition ends, and any read after that moment sees the
//! end state, so timing is exact without background tasks.

use crate::seed::{Seed, StoreSeed};
use serde::Serialize;
use std::collections::BTreeMap;
use std::time::{Duration, Instant};

#[derive(Debug, Clone)]
pub struct Credential {
    pub account_id: String,
    pub secret_access_key: String,
    pub session_token: Option<String>,
}

#[derive(Debug, Clone)]
pub struct Store {
    pub seed: StoreSeed,
    pub state: String,
    pub error_code: Option<String>,
    /// When the current CONNECTING or DISCONNECTING ends, and the state and code it ends in.
    pending: Option<(Instant, String, Option<String>)>,
}

/// One handled request, for tests that count what the console sends.
#[derive(Debug, Clone, Serialize)]
pub struct LoggedRequest {
    /// Milliseconds since the sandbox started.
    pub at_ms: u64,
    pub operation: String,
    pub account_id: String,
    pub region: String,
    pub status: u16,
}

#[derive(Debug)]
pub struct World {
    pub started: Instant,
    seed: Seed,
    pub credentials: BTreeMap<String, Credential>,
    /// (account id, Region) to the stores there, in listing order.
    pub stores: BTreeMap<(String, String), Vec<Store>>,
    pub log: Vec<LoggedRequest>,
    next_request_id: u64,
}

#[derive(Debug, PartialEq, Eq)]
pub enum TransitionError {
    NotFound,
    InvalidState(String),
}

impl World {
    pub fn from_seed(seed: Seed) -> World {
        let mut credentials = BTreeMap::new();
        let mut stores = BTreeMap::new();
        for account in &seed.accounts {
            for c in &account.credentials {
                credentials.insert(
                    c.access_key_id.clone(),
                    Credential {
                        account_id: account.account_id.clone(),
                        secret_access_key: c.secret_access_key.clone(),
                        session_token: c.session_token.clone(),
                    },
                );
            }
            for (region, list) in &account.regions {
                let list = list
                    .iter()
                    .map(|s| Store { seed: s.clone(), state: s.state.clone(), error_code: s.connection_error_code.clone(), pending: None })
                    .collect();
                stores.insert((account.account_id.clone(), region.clone()), list);
            }
        }
        World { started: Instant::now(), seed, credentials, stores, log: Vec::new(), next_request_id: 0 }
    }

    /// Back to the seed, as if just started (tests call this between cases).
    pub fn reset(&mut self) {
        *self = World::from_seed(self.seed.clone());
    }

    /// The stores of an account in a Region, with every transition due by `now` settled.
    pub fn stores_at(&mut self, account_id: &str, region: &str, now: Instant) -> &mut Vec<Store> {
        let list = self.stores.entry((account_id.to_owned(), region.to_owned())).or_default();
        for store in list.iter_mut() {
            store.settle(now);
        }
        list
    }

    pub fn request_id(&mut self) -> String {
        self.next_request_id += 1;
        let n = self.next_request_id;
        let salt = self.started.elapsed().as_nanos() as u64;
        format!("{:08x}-{:04x}-4{:03x}-a{:03x}-{:012x}", salt as u32, n & 0xffff, (salt >> 32) & 0xfff, n >> 16 & 0xfff, n)
    }

    pub fn elapsed_ms(&self) -> u64 {
        self.started.elapsed().as_millis() as u64
    }
}

impl Store {
    fn settle(&mut self, now: Instant) {
        if let Some((at, state, code)) = &self.pending {
            if now >= *at {
                self.state = state.clone();
                self.error_code = code.clone();
                self.pending = None;
            }
        }
    }

    /// ConnectCustomKeyStore. The model rejects it from DISCONNECTING and FAILED and accepts it
    /// from every other state; from CONNECTED or CONNECTING it changes nothing.
    pub fn connect(&mut self, now: Instant) -> Result<(), TransitionError> {
        match self.state.as_str() {
            "DISCONNECTED" => {
                let end = match &self.seed.fail_with {
                    Some(code) => ("FAILED".to_owned(), Some(code.clone())),
                    None => ("CONNECTED".to_owned(), None),
                };
                self.begin("CONNECTING", now + Duration::from_millis(self.seed.connect_delay_ms), end);
                Ok(())
            }
            "CONNECTED" | "CONNECTING" => Ok(()),
            other => Err(TransitionError::InvalidState(format!(
                "Custom key store {} is {other}; it can be connected only when it is DISCONNECTED{}.",
                self.seed.id,
                if other == "FAILED" { " (disconnect it first)" } else { "" }
            ))),
        }
    }

    /// DisconnectCustomKeyStore: rejected from DISCONNECTING and DISCONNECTED.
    pub fn disconnect(&mut self, now: Instant) -> Result<(), TransitionError> {
        match self.state.as_str() {
            "DISCONNECTING" | "DISCONNECTED" => Err(TransitionError::InvalidState(format!(
                "Custom key store {} is already {}.",
                self.seed.id, self.state
            ))),
            _ => {
                self.begin("DISCONNECTING", now + Duration::from_millis(self.seed.disconnect_delay_ms), ("DISCONNECTED".into(), None));
                Ok(())
            }
        }
    }

    fn begin(&mut self, state: &str, until: Instant, end: (String, Option<String>)) {
        self.state = state.to_owned();
        self.error_code = None;
        self.pending = Some((until, end.0, end.1));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn world() -> World {
        World::from_seed(Seed::demo())
    }

    #[test]
    fn connect_then_settle_after_the_delay() {
        let mut w = world();
        let t0 = Instant::now();
        let store = &mut w.stores_at("111122223333", "us-east-1", t0)[0];
        store.connect(t0).unwrap();
        assert_eq!(store.state, "CONNECTING");
        let list = w.stores_at("111122223333", "us-east-1", t0 + Duration::from_millis(7_999));
        assert_eq!(list[0].state, "CONNECTING");
        let list = w.stores_at("111122223333", "us-east-1", t0 + Duration::from_millis(8_000));
        assert_eq!(list[0].state, "CONNECTED");
    }

    #[test]
    fn failing_store_ends_failed_with_its_code_and_needs_disconnect() {
        let mut w = world();
        let t0 = Instant::now();
        let store = &mut w.stores_at("111122223333", "us-east-1", t0)[1];
        store.connect(t0).unwrap();
        let store = &mut w.stores_at("111122223333", "us-east-1", t0 + Duration::from_secs(6))[1];
        assert_eq!((store.state.as_str(), store.error_code.as_deref()), ("FAILED", Some("XKS_PROXY_NOT_REACHABLE")));
        assert!(matches!(store.connect(t0), Err(TransitionError::InvalidState(_))));
        store.disconnect(t0).unwrap();
        assert_eq!((store.state.as_str(), store.error_code.as_deref()), ("DISCONNECTING", None));
        assert!(matches!(store.disconnect(t0), Err(TransitionError::InvalidState(_))));
    }
}
