//! A store's CloudWatch alarms: the ones that exist (with their state), the ones AWS recommends
//! (shown, with their commands, before anything is created), and removing the console's own.

use super::health::{not_checked, Fetched};
use super::Scope;
use crate::browser::now_ms;
use crate::health::alarms::{
    delete_console_alarms, describe_alarms, discover, list_topics, put_alarms, recommended_alarms, AlarmStatus, Policy, PutMetricAlarm, Skipped,
};
use crate::health::unchecked::why_not_checked_by;
use crate::kms::KeyStoreType;
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::collections::BTreeMap;

/// The alarms to create, and those the store cannot have yet (with why).
pub type Proposal = (Vec<PutMetricAlarm>, Vec<Skipped>);

/// What an alarms panel shows and is doing.
#[derive(Clone, Copy)]
pub struct AlarmsView {
    /// Every alarm that watches the store.
    pub existing: RwSignal<Option<Fetched<Vec<AlarmStatus>>>>,
    /// The recommended alarms for the store's metrics, and those it cannot have yet.
    pub proposed: RwSignal<Option<Fetched<Proposal>>>,
    pub busy: RwSignal<bool>,
    /// The outcome of the last create or remove, in words.
    pub said: RwSignal<Option<String>>,
    /// The Region's SNS topics, for the alarms' notification.
    pub topics: RwSignal<Option<Fetched<Vec<String>>>>,
}

impl AlarmsView {
    pub fn new() -> Self {
        Self {
            existing: RwSignal::new(None),
            proposed: RwSignal::new(None),
            busy: RwSignal::new(false),
            said: RwSignal::new(None),
            topics: RwSignal::new(None),
        }
    }
}

impl Default for AlarmsView {
    fn default() -> Self {
        Self::new()
    }
}

/// Alarms this old are read again for the forecast when the list is next refreshed.
const COUNTS_FRESH_MS: u64 = 10 * 60 * 1000;

fn count_by_store(alarms: &[AlarmStatus]) -> BTreeMap<String, usize> {
    let mut counts = BTreeMap::new();
    for id in alarms.iter().filter_map(|a| a.store_id.clone()) {
        *counts.entry(id).or_default() += 1;
    }
    counts
}

impl Scope {
    /// Counts the alarms that watch each external key store (one DescribeAlarms walk for the
    /// account and Region), unless it did so lately.
    pub fn count_alarms(self) {
        let h = self.health;
        let has_external = self.list.stores.with_untracked(|s| s.iter().any(|s| s.store_type() == KeyStoreType::External));
        let fresh = h.alarm_counts.with_untracked(|c| c.as_ref().is_some_and(|c| now_ms() < c.at_ms + COUNTS_FRESH_MS));
        if !has_external || fresh || !self.can_send_untracked() {
            return;
        }
        let Ok(cw) = h.clients().cloudwatch else { return };
        // Marks the attempt, so that a slow answer is not asked for twice.
        h.alarm_counts.update(|c| match c {
            Some(c) => c.at_ms = now_ms(),
            None => *c = Some(Fetched { at_ms: now_ms(), value: Err(String::new()) }),
        });
        spawn_local(async move {
            let value = describe_alarms(&cw, "").await.map(|a| count_by_store(&a)).map_err(|e| not_checked(&cw, "cloudwatch:DescribeAlarms", &e));
            h.alarm_counts.try_set(Some(Fetched { at_ms: now_ms(), value }));
        });
    }

    /// Reads every metric alarm of the account and Region and keeps those that watch `store_id`.
    pub fn load_alarms(self, store_id: String, view: AlarmsView) {
        let Ok(cw) = self.health.clients().cloudwatch else {
            return view.existing.set(Some(Fetched { at_ms: now_ms(), value: Err(self.health.clients().cloudwatch.err().unwrap_or_default()) }));
        };
        spawn_local(async move {
            let all = describe_alarms(&cw, "").await.map_err(|e| not_checked(&cw, "cloudwatch:DescribeAlarms", &e));
            // The same answer counts every store's alarms, for the fleet forecast.
            self.health.alarm_counts.try_set(Some(Fetched { at_ms: now_ms(), value: all.as_ref().map(|a| count_by_store(a)).map_err(Clone::clone) }));
            let value = all.map(|all| all.into_iter().filter(|a| a.store_id.as_deref() == Some(store_id.as_str())).collect());
            view.existing.try_set(Some(Fetched { at_ms: now_ms(), value }));
        });
    }

    /// Lists the Region's SNS topics, for the user to pick the one the alarms notify.
    pub fn load_topics(self, view: AlarmsView) {
        let sns = match self.health.clients().sns {
            Ok(sns) => sns,
            Err(why) => return view.topics.set(Some(Fetched { at_ms: now_ms(), value: Err(why) })),
        };
        spawn_local(async move {
            let value = list_topics(&sns).await.map_err(|e| why_not_checked_by(sns.service().title, sns.region(), "sns:ListTopics", &e));
            view.topics.try_set(Some(Fetched { at_ms: now_ms(), value }));
        });
    }

    /// The recommended alarms for `store_id` under `policy`, from the metrics it reports.
    pub fn propose_alarms(self, store_id: String, policy: Policy, view: AlarmsView) {
        let Ok(cw) = self.health.clients().cloudwatch else { return };
        view.busy.set(true);
        spawn_local(async move {
            let value = discover(&cw, &store_id, now_ms())
                .await
                .map(|series| recommended_alarms(&series, &policy))
                .map_err(|e| not_checked(&cw, "cloudwatch:GetMetricData", &e));
            view.proposed.try_set(Some(Fetched { at_ms: now_ms(), value }));
            view.busy.try_set(false);
        });
    }

    /// Creates the proposed alarms, then reads the store's alarms again.
    pub fn create_alarms(self, store_id: String, view: AlarmsView) {
        let Ok(cw) = self.health.clients().cloudwatch else { return };
        let Some(alarms) = view.proposed.with_untracked(|p| p.as_ref().and_then(|p| p.value.as_ref().ok()).map(|(a, _)| a.clone())) else { return };
        view.busy.set(true);
        spawn_local(async move {
            let said = match put_alarms(&cw, &alarms).await {
                Ok(()) => format!("Created {} alarms.", alarms.len()),
                Err(e) => not_checked(&cw, "cloudwatch:PutMetricAlarm", &e),
            };
            view.said.try_set(Some(said));
            view.busy.try_set(false);
            self.load_alarms(store_id, view);
        });
    }

    /// Removes the console's own alarms of the store (others are never touched from here).
    pub fn remove_alarms(self, store_id: String, view: AlarmsView) {
        let Ok(cw) = self.health.clients().cloudwatch else { return };
        let names: Vec<String> = view.existing.with_untracked(|e| {
            e.as_ref().and_then(|e| e.value.as_ref().ok()).map(|a| a.iter().filter(|a| a.ours).map(|a| a.name.clone()).collect()).unwrap_or_default()
        });
        view.busy.set(true);
        spawn_local(async move {
            let said = match delete_console_alarms(&cw, &names).await {
                Ok(()) => format!("Removed {} alarms the console had created.", names.len()),
                Err(why) => why,
            };
            view.said.try_set(Some(said));
            view.busy.try_set(false);
            self.load_alarms(store_id, view);
        });
    }
}
