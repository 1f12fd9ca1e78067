//! Guided rotations, as step machines like `guidance`'s way back: each step Done, Now or Next
//! from what the console did, what the user confirmed (the proxy and the cluster are out of the
//! console's sight) and what it observes (the store's state, `XksProxyCredentialAge`). The state
//! is plain data (serde), so a rotation resumes after a reload.
//!
//! - XKS proxy credential (REFERENCE §10): the proxy accepts the old and the new credential →
//!   UpdateCustomKeyStore with the new one (allowed while CONNECTED) → wait up to 5 minutes while
//!   every KMS host takes it up → `XksProxyCredentialAge` dropped → the proxy drops the old one.
//! - kmsuser password: Disconnect → change it in the cluster → UpdateCustomKeyStore
//!   `KeyStorePassword` (only while DISCONNECTED) → Connect → CONNECTED. KMS changes the kmsuser
//!   password at every connect, so this is for recovering a store whose password KMS lost, not a
//!   routine rotation.
//! - A cluster restored from backup: the new cluster is related and ready (pre-flight) →
//!   Disconnect → UpdateCustomKeyStore `CloudHsmClusterId` → Connect → CONNECTED.

use super::guidance::StepStatus;
use super::{ConnectionErrorCode, ConnectionState};
use serde::{Deserialize, Serialize};

/// KMS may take this long to use an updated proxy credential everywhere.
pub const TAKE_UP_MS: u64 = 5 * 60 * 1000;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Kind {
    XksCredential,
    KmsUserPassword,
    RestoredCluster,
}

/// What the console sees now.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Observed {
    pub now_ms: u64,
    pub state: Option<ConnectionState>,
    pub error_code: Option<ConnectionErrorCode>,
    /// The latest `XksProxyCredentialAge` reading, days.
    pub credential_age_days: Option<f64>,
}

/// One rotation of one store: what happened so far.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Rotation {
    pub kind: Kind,
    pub store_id: String,
    pub started_ms: u64,
    /// The user says the proxy accepts both credentials / the password changed in the cluster /
    /// the new cluster is related and ready.
    pub prepared: bool,
    /// When UpdateCustomKeyStore succeeded.
    pub updated_ms: Option<u64>,
    /// The update was refused with this error (e.g. CloudHsmClusterNotRelatedException).
    pub update_refused: Option<String>,
    /// Credential age before the update, to see it drop.
    pub credential_age_before: Option<f64>,
    /// The age was seen to drop (or the store was seen DISCONNECTED, for the others).
    pub confirmed: bool,
    /// The user says the proxy no longer accepts the old credential.
    pub old_dropped: bool,
    pub disconnected_seen: bool,
    pub connect_sent: bool,
    /// For a restored cluster: the cluster the store is pointed at.
    pub new_cluster_id: Option<String>,
}

/// A step as the page shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StepView {
    pub title: &'static str,
    pub detail: String,
    pub status: StepStatus,
}

impl Rotation {
    fn new(kind: Kind, store_id: &str, now_ms: u64) -> Self {
        Self {
            kind,
            store_id: store_id.to_owned(),
            started_ms: now_ms,
            prepared: false,
            updated_ms: None,
            update_refused: None,
            credential_age_before: None,
            confirmed: false,
            old_dropped: false,
            disconnected_seen: false,
            connect_sent: false,
            new_cluster_id: None,
        }
    }

    pub fn xks_credential(store_id: &str, now_ms: u64, credential_age_days: Option<f64>) -> Self {
        Self { credential_age_before: credential_age_days, ..Self::new(Kind::XksCredential, store_id, now_ms) }
    }

    pub fn kmsuser_password(store_id: &str, now_ms: u64) -> Self {
        Self::new(Kind::KmsUserPassword, store_id, now_ms)
    }

    pub fn restored_cluster(store_id: &str, new_cluster_id: &str, now_ms: u64) -> Self {
        Self { new_cluster_id: Some(new_cluster_id.to_owned()), ..Self::new(Kind::RestoredCluster, store_id, now_ms) }
    }

    /// Why this rotation exists, for the page's first line.
    pub fn why(&self) -> &'static str {
        match self.kind {
            Kind::XksCredential => {
                "KMS signs every request to the proxy with this credential. Rotating it without downtime needs the proxy to accept the old and the new one while KMS takes the new one up (up to 5 minutes)."
            }
            Kind::KmsUserPassword => {
                "KMS changes the kmsuser password at every connect, so you set it only to recover a store whose password KMS no longer has (INVALID_CREDENTIALS, USER_LOCKED_OUT, USER_NOT_FOUND); KMS takes a new password only while the store is disconnected."
            }
            Kind::RestoredCluster => {
                "A store can move only to a cluster related to its own (made from a backup of it), and only while disconnected."
            }
        }
    }

    /// The user confirmed the step outside the console's sight.
    pub fn confirm_prepared(&mut self) {
        self.prepared = true;
    }

    pub fn confirm_old_dropped(&mut self) {
        self.old_dropped = true;
    }

    pub fn update_succeeded(&mut self, now_ms: u64) {
        self.updated_ms = Some(now_ms);
        self.update_refused = None;
    }

    pub fn update_failed(&mut self, error: &str) {
        self.update_refused = Some(error.to_owned());
    }

    pub fn connect_requested(&mut self) {
        self.connect_sent = true;
    }

    /// Latches what was seen, so a step done stays done while the state moves on.
    pub fn observe(&mut self, seen: &Observed) {
        if seen.state == Some(ConnectionState::Disconnected) {
            self.disconnected_seen = true;
        }
        // Started before the age was read (the metrics come after the list): the first reading
        // before the update is the age "before".
        if self.kind == Kind::XksCredential && self.updated_ms.is_none() && self.credential_age_before.is_none() {
            self.credential_age_before = seen.credential_age_days;
        }
        if self.kind == Kind::XksCredential && self.updated_ms.is_some() {
            let dropped = match (self.credential_age_before, seen.credential_age_days) {
                (Some(before), Some(now)) => now < before,
                (None, Some(now)) => now < 1.0,
                _ => false,
            };
            self.confirmed |= dropped;
        }
    }

    /// Every step with its status; `seen` should have been passed to [`Rotation::observe`] first.
    pub fn steps(&self, seen: &Observed) -> Vec<StepView> {
        let steps: Vec<(&'static str, String, bool)> = match self.kind {
            Kind::XksCredential => {
                let waited = self.updated_ms.is_some_and(|at| seen.now_ms >= at + TAKE_UP_MS) || self.confirmed;
                let left = self.updated_ms.map(|at| (at + TAKE_UP_MS).saturating_sub(seen.now_ms) / 1000).unwrap_or(TAKE_UP_MS / 1000);
                vec![
                    (
                        "The proxy accepts the old and the new credential",
                        "Add the new access key and secret to the proxy beside the old ones.".into(),
                        self.prepared,
                    ),
                    (
                        "Update the store with the new credential",
                        "UpdateCustomKeyStore with XksProxyAuthenticationCredential (allowed while connected); KMS checks it with the proxy.".into(),
                        self.updated_ms.is_some(),
                    ),
                    (
                        "KMS takes it up",
                        if waited { "Every KMS host has had time to use the new credential.".into() } else { format!("Up to 5 minutes: about {left} s left.") },
                        waited,
                    ),
                    (
                        "XksProxyCredentialAge dropped",
                        match (self.credential_age_before, seen.credential_age_days) {
                            (Some(b), Some(n)) => format!("{b:.0} days before, {n:.0} now."),
                            (_, Some(n)) => format!("{n:.0} days now."),
                            _ => "No reading yet (CloudWatch publishes it every few minutes).".into(),
                        },
                        self.confirmed,
                    ),
                    ("The proxy drops the old credential", "Remove the old access key from the proxy.".into(), self.old_dropped),
                ]
            }
            Kind::KmsUserPassword | Kind::RestoredCluster => {
                let cluster = self.kind == Kind::RestoredCluster;
                let connected = self.connect_sent && seen.state == Some(ConnectionState::Connected);
                let disconnected = self.disconnected_seen || self.updated_ms.is_some();
                let first = if cluster {
                    (
                        "The new cluster is related and ready",
                        format!(
                            "{} was made from a backup of the store's cluster, is ACTIVE and has active HSMs (its pre-flight passes).",
                            self.new_cluster_id.as_deref().unwrap_or("The new cluster")
                        ),
                        self.prepared,
                    )
                } else {
                    ("Disconnect the store", "KMS takes a new password only while the store is DISCONNECTED.".into(), disconnected)
                };
                let second = if cluster {
                    ("Disconnect the store", "KMS changes the cluster only while the store is DISCONNECTED.".into(), disconnected)
                } else {
                    ("Change the kmsuser password in the cluster", "With the CloudHSM CLI, as the crypto officer; 7 to 32 characters.".into(), self.prepared)
                };
                let update = if cluster {
                    (
                        "Point the store at the new cluster",
                        format!("UpdateCustomKeyStore CloudHsmClusterId {}.", self.new_cluster_id.as_deref().unwrap_or("")),
                        self.updated_ms.is_some(),
                    )
                } else {
                    ("Update the store's password", "UpdateCustomKeyStore KeyStorePassword with the same password.".into(), self.updated_ms.is_some())
                };
                vec![
                    first,
                    second,
                    update,
                    ("Connect", "ConnectCustomKeyStore.".into(), self.connect_sent),
                    ("Connected", "The store is CONNECTED again.".into(), connected),
                ]
            }
        };
        let now = steps.iter().position(|(_, _, done)| !done).unwrap_or(steps.len());
        steps
            .into_iter()
            .enumerate()
            .map(|(i, (title, detail, done))| StepView {
                title,
                detail,
                status: if done && i < now {
                    StepStatus::Done
                } else if i == now {
                    StepStatus::Now
                } else {
                    StepStatus::Next
                },
            })
            .collect()
    }

    pub fn is_done(&self, seen: &Observed) -> bool {
        self.steps(seen).iter().all(|s| s.status == StepStatus::Done)
    }

    /// What went wrong, if anything: a refused update, or the store FAILED on the way.
    pub fn problem(&self, seen: &Observed) -> Option<String> {
        if let Some(e) = &self.update_refused {
            return Some(match (self.kind, e.as_str()) {
                (Kind::RestoredCluster, "CloudHsmClusterNotRelatedException") => {
                    "KMS refused the cluster: it is not related to the store's (not made from a backup of it). Pick a cluster restored from one of its backups."
                        .into()
                }
                _ => format!("KMS refused the update: {e}."),
            });
        }
        if seen.state != Some(ConnectionState::Failed) {
            return None;
        }
        let code = seen.error_code.as_ref().map_or("an unknown code", |c| c.as_str());
        Some(match (self.kind, &seen.error_code) {
            (Kind::XksCredential, Some(ConnectionErrorCode::InvalidCredentials)) => {
                "The store FAILED with INVALID_CREDENTIALS: the proxy refuses the credential KMS uses. Keep both credentials in the proxy and check the new one there.".into()
            }
            _ => format!("The store FAILED with {code}: see its guide to get back."),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seen(now_ms: u64, state: ConnectionState, age: Option<f64>) -> Observed {
        Observed { now_ms, state: Some(state), error_code: None, credential_age_days: age }
    }

    fn statuses(r: &Rotation, s: &Observed) -> String {
        r.steps(s).iter().map(|s| &s.status.label()[..2]).collect::<Vec<_>>().join(" ")
    }

    #[test]
    fn the_proxy_credential_rotation_follows_what_happens() {
        let mut r = Rotation::xks_credential("cks-1", 0, Some(400.0));
        let s = seen(0, ConnectionState::Connected, Some(400.0));
        assert_eq!(statuses(&r, &s), "No Ne Ne Ne Ne");
        r.confirm_prepared();
        r.update_succeeded(1_000);
        let s = seen(61_000, ConnectionState::Connected, Some(400.0));
        r.observe(&s);
        assert_eq!(statuses(&r, &s), "Do Do No Ne Ne");
        assert!(r.steps(&s)[2].detail.contains("240 s left"), "{}", r.steps(&s)[2].detail);
        // Before 5 minutes, the age dropped: KMS took it up.
        let s = seen(120_000, ConnectionState::Connected, Some(0.0));
        r.observe(&s);
        assert_eq!(statuses(&r, &s), "Do Do Do Do No");
        r.confirm_old_dropped();
        assert!(r.is_done(&s));
        // It resumes from its serialized form.
        let back: Rotation = serde_json::from_str(&serde_json::to_string(&r).unwrap()).unwrap();
        assert_eq!(back, r);
        let failed = Observed { error_code: Some(ConnectionErrorCode::InvalidCredentials), ..seen(0, ConnectionState::Failed, None) };
        assert!(r.problem(&failed).unwrap().contains("INVALID_CREDENTIALS"));
        assert!(r.why().contains("up to 5 minutes"));
    }

    #[test]
    fn a_rotation_started_before_the_age_was_read_takes_the_first_reading_before_the_update() {
        let mut r = Rotation::xks_credential("cks-1", 0, None);
        r.observe(&seen(1_000, ConnectionState::Connected, Some(30.0)));
        r.confirm_prepared();
        r.update_succeeded(2_000);
        let s = seen(3_000, ConnectionState::Connected, Some(0.0));
        r.observe(&s);
        assert_eq!(r.credential_age_before, Some(30.0), "an age read after the update is not the one before");
        assert!(r.steps(&s).iter().any(|step| step.detail.contains("30 days before, 0 now.")), "{:?}", r.steps(&s));
    }

    #[test]
    fn waiting_five_minutes_is_enough_to_move_on_to_the_reading() {
        let mut r = Rotation::xks_credential("cks-1", 0, None);
        r.confirm_prepared();
        r.update_succeeded(0);
        let s = seen(TAKE_UP_MS, ConnectionState::Connected, None);
        r.observe(&s);
        assert_eq!(statuses(&r, &s), "Do Do Do No Ne");
    }

    #[test]
    fn the_kmsuser_password_needs_disconnect_update_connect() {
        let mut r = Rotation::kmsuser_password("cks-1", 0);
        assert!(r.why().contains("at every connect"));
        let failed = seen(0, ConnectionState::Failed, None);
        r.observe(&failed);
        assert_eq!(statuses(&r, &failed), "No Ne Ne Ne Ne");
        let s = seen(1, ConnectionState::Disconnected, None);
        r.observe(&s);
        r.confirm_prepared();
        assert_eq!(statuses(&r, &s), "Do Do No Ne Ne");
        r.update_succeeded(2);
        r.connect_requested();
        let connecting = seen(3, ConnectionState::Connecting, None);
        r.observe(&connecting);
        assert_eq!(statuses(&r, &connecting), "Do Do Do Do No", "the disconnect stays done while the store moves on");
        let connected = seen(4, ConnectionState::Connected, None);
        assert!(r.is_done(&connected));
    }

    #[test]
    fn a_restored_cluster_must_be_related() {
        let mut r = Rotation::restored_cluster("cks-1", "cluster-4defghijklm", 0);
        let s = seen(0, ConnectionState::Disconnected, None);
        r.observe(&s);
        assert_eq!(statuses(&r, &s), "No Ne Ne Ne Ne", "the cluster check comes first, even when already disconnected");
        r.confirm_prepared();
        assert_eq!(statuses(&r, &s), "Do Do No Ne Ne");
        assert!(r.steps(&s)[2].detail.contains("cluster-4defghijklm"));
        r.update_failed("CloudHsmClusterNotRelatedException");
        assert!(r.problem(&s).unwrap().contains("not related"));
        r.update_succeeded(5);
        assert_eq!(r.problem(&s), None);
    }
}
