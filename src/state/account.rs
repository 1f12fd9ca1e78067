//! An account of the fleet: the hub (the identity the user signed in with, whose credentials are
//! the session's) or a member, reached from the hub with `AssumeRole`. A member's session is
//! chained from the hub's, so it lasts at most an hour (REFERENCE §9): it is renewed from the hub
//! before it ends, and again whenever the hub's own credentials are renewed.

use crate::aws::assume_role::explain_assume_refusal;
use crate::aws::credentials::Credentials;
use crate::browser::now_ms;
use crate::fleet::accounts::{confirm_matches, Label, MemberAccount};
use crate::fleet::reach::{assume_request, needs_mfa_code};
use crate::hooks::{use_deadline, UseDeadlineOptions};
use crate::state::identity::sts_client;
use crate::state::organization::account_alias;
use crate::state::session::{Session, SessionClock};
use crate::state::warmup::Warmup;
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::time::Duration;

/// Renew a member's session this long before it ends, so no request meets an expired one.
const RENEW_AHEAD_MS: u64 = 5 * 60_000;

/// Whether a member's credentials can be used, and why not.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Access {
    Assuming,
    Ready,
    /// Its role asks for a code from the MFA device named here before it can be assumed.
    NeedsMfa(String),
    /// STS refused, or the hub could not ask: the sentence to show beside Retry.
    Refused(String),
}

#[derive(Clone, Copy)]
pub struct Account {
    /// `None` for the hub.
    member: Option<RwSignal<MemberAccount>>,
    /// A member's own credentials (the hub's are the session's).
    own: RwSignal<Option<Credentials>>,
    pub access: RwSignal<Access>,
    session: RwSignal<Option<Session>>,
    /// The credentials have expired (the hub's, or this member's): nothing is sent.
    pub expired: Memo<bool>,
    renewal: StoredValue<Option<TimeoutHandle>>,
    named_by_organization: StoredValue<bool>,
    /// The page's first lists go before this account's name is asked for.
    warmup: Option<Warmup>,
}

impl Account {
    pub fn hub(session: RwSignal<Option<Session>>, clock: SessionClock) -> Self {
        let own = RwSignal::new(None);
        Self {
            member: None,
            own,
            access: RwSignal::new(Access::Ready),
            session,
            expired: clock.expired,
            renewal: StoredValue::new(None),
            named_by_organization: StoredValue::new(false),
            warmup: None,
        }
    }

    pub fn member(info: MemberAccount, session: RwSignal<Option<Session>>, clock: SessionClock) -> Self {
        let own: RwSignal<Option<Credentials>> = RwSignal::new(None);
        let own_expiry = Memo::new(move |_| own.with(|c| c.as_ref().and_then(|c| c.expires_at_ms)));
        let own_passed = use_deadline(own_expiry.into(), UseDeadlineOptions::default());
        let expired = Memo::new(move |_| clock.expired.get() || own_passed.get() || own.with(Option::is_none));
        let account = Self {
            member: Some(RwSignal::new(info)),
            own,
            access: RwSignal::new(Access::Assuming),
            session,
            expired,
            renewal: StoredValue::new(None),
            named_by_organization: StoredValue::new(false),
            warmup: Warmup::get(),
        };
        on_cleanup(move || account.cancel_renewal());
        account
    }

    pub fn is_hub(&self) -> bool {
        self.member.is_none()
    }

    pub fn info(&self) -> Option<MemberAccount> {
        self.member.map(|m| m.get_untracked())
    }

    /// The same, tracked: a name learnt later notifies.
    pub fn info_tracked(&self) -> Option<MemberAccount> {
        self.member.map(|m| m.get())
    }

    /// The 12-digit account id.
    pub fn id(&self) -> String {
        match self.member {
            Some(m) => m.with_untracked(|m| m.account_id.clone()),
            None => self.session.with_untracked(|s| s.as_ref().map(|s| s.identity.account.clone()).unwrap_or_default()),
        }
    }

    /// Whether this is the account `id` (without copying its id, as `id()` does).
    pub fn is(&self, id: &str) -> bool {
        match self.member {
            Some(m) => m.with_untracked(|m| m.account_id == id),
            None => self.session.with_untracked(|s| s.as_ref().is_some_and(|s| s.identity.account == id)),
        }
    }

    /// The name to show: the member's name, else its id; the hub is the signed-in account.
    pub fn name(&self) -> String {
        self.member.map(|m| m.with(|m| m.display_name().to_owned())).unwrap_or_else(|| self.id())
    }

    pub fn label(&self) -> Option<Label> {
        self.member.and_then(|m| m.with(|m| m.label.clone()))
    }

    /// Whether `typed` lets an action go ahead here: a labelled account needs its name or id typed.
    pub fn confirmed_by(&self, typed: &str) -> bool {
        self.member.is_none_or(|m| m.with(|m| m.label.is_none() || confirm_matches(typed, m)))
    }

    /// The credentials to sign with, tracked: a renewal notifies.
    pub fn credentials(&self) -> Option<Credentials> {
        match self.member {
            Some(_) => self.own.get(),
            None => self.session.with(|s| s.as_ref().map(|s| s.credentials.clone())),
        }
    }

    /// Which credentials sign now (their key id and expiry), tracked, without copying the
    /// secrets: what a scope watches to take up a renewal.
    pub fn credential_stamp(&self) -> Option<(String, Option<u64>)> {
        let stamp = |c: &Credentials| (c.access_key_id.clone(), c.expires_at_ms);
        match self.member {
            Some(_) => self.own.with(|c| c.as_ref().map(stamp)),
            None => self.session.with(|s| s.as_ref().map(|s| stamp(&s.credentials))),
        }
    }

    pub fn credentials_untracked(&self) -> Option<Credentials> {
        untrack(|| self.credentials())
    }

    /// The service said the credentials have expired (its clock, or an expiry earlier than the one
    /// known): the hub's pause the page and ask for new ones; a member's are renewed from the hub.
    pub fn expire_now(self) {
        if self.is_hub() {
            let now = now_ms();
            self.session.update(|s| {
                if let Some(s) = s.as_mut().filter(|s| s.credentials.expires_at_ms.is_none_or(|at| at > now)) {
                    s.credentials.expires_at_ms = Some(now);
                }
            });
        } else {
            self.assume();
        }
    }

    /// Asks STS, with the hub's credentials, for this member's session. The current one (if any)
    /// stays in use until the new one arrives, so the view and its progress carry on. A role
    /// behind MFA waits for its code (`assume_with_code`).
    pub fn assume(self) {
        self.assume_with_code(None);
    }

    pub fn assume_with_code(self, mfa_code: Option<String>) {
        let Some(info) = self.member.map(|m| m.get_untracked()) else { return };
        let Some(hub) = self.session.get_untracked() else { return };
        if needs_mfa_code(&info) && mfa_code.is_none() {
            let serial = info.mfa_serial.clone().unwrap_or_default();
            return self.access.set(Access::NeedsMfa(serial));
        }
        if self.own.with_untracked(Option::is_none) {
            self.access.set(Access::Assuming);
        }
        if let Some(w) = self.warmup {
            w.enter();
        }
        spawn_local(async move {
            let result = async {
                let (input, extras) = assume_request(&info, &hub.identity.arn, mfa_code.as_deref())?;
                let client = sts_client(&hub.identity.account, &hub.credentials, hub.home_region(), &hub.endpoints)?;
                client.assume_role_with(&input, &extras).await.map_err(|e| explain_assume_refusal(&e, &input, &extras, &hub.identity.arn))
            }
            .await;
            if let Some(w) = self.warmup {
                w.leave_after_handover();
            }
            match result {
                Ok(role) => {
                    let ends = role.credentials.expires_at_ms;
                    if self.own.try_set(Some(role.credentials)).is_some() {
                        return;
                    }
                    self.access.set(Access::Ready);
                    self.learn_alias(&hub);
                    // A session behind MFA cannot be renewed without a new code: it is asked for then.
                    self.renew_before(ends);
                }
                Err(why) => {
                    self.access.try_set(Access::Refused(why));
                }
            }
        });
    }

    /// Names the account from Organizations (which the hub may be able to list); that name wins
    /// over the account's IAM alias, which is asked with the member's own credentials.
    pub fn name_from_organization(&self, name: &str) {
        if let Some(m) = self.member {
            m.update(|m| m.name = Some(name.to_owned()));
        }
        self.named_by_organization.set_value(true);
    }

    fn learn_alias(self, hub: &Session) {
        let (Some(m), Some(credentials)) = (self.member, self.own.get_untracked()) else { return };
        if m.with_untracked(|m| m.name.is_some()) {
            return;
        }
        let hub = hub.clone();
        spawn_local(async move {
            if let Some(w) = self.warmup {
                w.over().await;
            }
            // The organization's name wins: asking for the alias as well would only cost a request.
            if self.named_by_organization.try_get_value().unwrap_or(true) {
                return;
            }
            if let Some(alias) = account_alias(&hub, &self.id(), &credentials).await {
                if !self.named_by_organization.try_get_value().unwrap_or(true) {
                    m.try_update(|m| m.name = Some(alias));
                }
            }
        });
    }

    fn renew_before(self, ends_at_ms: Option<u64>) {
        self.cancel_renewal();
        let Some(ends) = ends_at_ms else { return };
        let wait = ends.saturating_sub(RENEW_AHEAD_MS).saturating_sub(now_ms());
        let handle = set_timeout_with_handle(move || self.assume(), Duration::from_millis(wait)).ok();
        self.renewal.set_value(handle);
    }

    fn cancel_renewal(&self) {
        if let Some(Some(handle)) = self.renewal.try_update_value(Option::take) {
            handle.clear();
        }
    }
}
