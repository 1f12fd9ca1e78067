//! A store's blast radius, read on demand: its keys (with aliases and states), then each key's use
//! over the window from CloudTrail, page by page, so the page shows partial numbers as they come.

use super::health::{not_checked, Fetched};
use super::Scope;
use crate::aws::json_client::KMS;
use crate::browser::now_ms;
use crate::health::blast_radius::{aliases_by_key, name_keys, read_usage, store_keys, BlastRadius, Budget};
use crate::health::unchecked::why_not_checked;
use leptos::prelude::*;
use leptos::task::spawn_local;

/// What a blast-radius panel shows: the radius so far, or why it could not be read.
#[derive(Clone, Copy)]
pub struct BlastView {
    pub radius: RwSignal<Option<Fetched<BlastRadius>>>,
    pub running: RwSignal<bool>,
    /// Why the keys' aliases could not be read (the keys are still shown, by id).
    pub aliases_unchecked: RwSignal<Option<String>>,
}

impl BlastView {
    pub fn new() -> Self {
        Self { radius: RwSignal::new(None), running: RwSignal::new(false), aliases_unchecked: RwSignal::new(None) }
    }
}

impl Default for BlastView {
    fn default() -> Self {
        Self::new()
    }
}

impl Scope {
    /// Reads `store_id`'s blast radius over the last `days` into `view` (one run at a time per
    /// panel; a second press while it runs is ignored).
    pub fn read_blast_radius(self, store_id: String, days: u32, view: BlastView) {
        if view.running.get_untracked() || !self.can_send_untracked() {
            return;
        }
        view.running.set(true);
        let client = self.client.get_value();
        let cloudtrail = self.health.clients().cloudtrail;
        let pacer = self.health.cloudtrail_pacer;
        spawn_local(async move {
            let set = move |value: Result<BlastRadius, String>| view.radius.try_set(Some(Fetched { at_ms: now_ms(), value }));
            let keys = store_keys(&client, &store_id).await;
            let aliases = match aliases_by_key(&client).await {
                Ok(a) => {
                    view.aliases_unchecked.try_set(None);
                    a
                }
                Err(e) => {
                    view.aliases_unchecked.try_set(Some(why_not_checked(KMS, client.region(), "kms:ListAliases", &e)));
                    Default::default()
                }
            };
            let (mut keys, complete) = match keys {
                Ok(k) => k,
                Err(e) => {
                    set(Err(why_not_checked(KMS, client.region(), "kms:ListKeys and kms:DescribeKey", &e)));
                    view.running.try_set(false);
                    return;
                }
            };
            name_keys(&mut keys, &aliases);
            let mut radius = BlastRadius::new(store_id, keys, complete, days, now_ms() as f64 / 1000.0);
            set(Ok(radius.clone()));
            let outcome = match &cloudtrail {
                Ok(ct) => {
                    let mut pace = pacer.get_value();
                    let read = read_usage(ct, &mut radius, &mut pace, Budget::default(), |r| {
                        set(Ok(r.clone()));
                    })
                    .await;
                    read.map_err(|e| not_checked(ct, "cloudtrail:LookupEvents", &e))
                }
                Err(why) => Err(why.clone()),
            };
            // The keys are known even when their use is not: say both.
            match outcome {
                Ok(()) => set(Ok(radius)),
                Err(why) => set(Err(format!("{} {why}", radius.sentence()))),
            };
            view.running.try_set(false);
        });
    }
}
