//! The session's changes (connect, disconnect, create, update, delete), in the order KMS accepted
//! them, for the runbook export. Kept in memory only, and without secrets: a password or proxy
//! secret is replaced by a mark before it is kept (the runbook reads secrets from the shell).

use crate::kms::operation::Operation;
use crate::ops::cli::Target;
use crate::ops::runbook::Change;
use leptos::prelude::*;
use serde_json::Value;

/// Members whose values never stay in memory after the call.
const SECRET_MEMBERS: [&str; 2] = ["KeyStorePassword", "RawSecretAccessKey"];

#[derive(Clone, Copy)]
pub struct ChangeLog(pub RwSignal<Vec<Change>>);

impl ChangeLog {
    pub fn provide() -> Self {
        let log = Self(RwSignal::new(vec![]));
        provide_context(log);
        log
    }

    pub fn record(&self, target: Target, operation: Operation, mut input: Value, created_id: Option<String>) {
        redact(&mut input);
        self.0.try_update(|changes| changes.push(Change { target, operation, input, created_id }));
    }
}

fn redact(value: &mut Value) {
    match value {
        Value::Object(map) => {
            for (key, v) in map.iter_mut() {
                if SECRET_MEMBERS.contains(&key.as_str()) {
                    *v = Value::String("(not kept)".into());
                } else {
                    redact(v);
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(redact),
        _ => {}
    }
}
