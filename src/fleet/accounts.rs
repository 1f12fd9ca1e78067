//! Member accounts: the roles the hub assumes, how the user names and labels them, and the three
//! ways a list of them is made (role ARNs typed or pasted, a pasted `~/.aws/config`,
//! Organizations' `ListAccounts`).

use crate::aws::assume_role::check_external_id;
use crate::aws::iam::{shorten, RoleArn};
use crate::aws::organizations::OrgAccount;
use crate::aws::profiles::ParsedConfig;
use std::fmt;

/// The fixed palette a label takes its colour from; the page maps each key to a themed colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Colour {
    Red,
    Amber,
    Green,
    Blue,
    Purple,
    Grey,
}

impl Colour {
    pub const ALL: [Colour; 6] = [Self::Red, Self::Amber, Self::Green, Self::Blue, Self::Purple, Self::Grey];

    pub fn key(self) -> &'static str {
        match self {
            Self::Red => "red",
            Self::Amber => "amber",
            Self::Green => "green",
            Self::Blue => "blue",
            Self::Purple => "purple",
            Self::Grey => "grey",
        }
    }

    pub fn from_key(key: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.key() == key)
    }
}

/// A user's word for an account ("production") and its colour. A labelled account asks for its
/// name or id to be typed before an action, so a change meant for test never lands in production.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Label {
    pub word: String,
    pub colour: Colour,
}

impl Label {
    pub fn new(word: &str, colour: Colour) -> Result<Self, String> {
        let word = word.trim();
        if word.is_empty() || word.chars().count() > 32 || word.chars().any(char::is_control) {
            return Err("A label is 1 to 32 characters on one line.".into());
        }
        Ok(Self { word: word.to_owned(), colour })
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MemberAccount {
    pub account_id: String,
    pub role_arn: RoleArn,
    pub external_id: Option<String>,
    pub mfa_serial: Option<String>,
    pub session_name: Option<String>,
    pub duration_seconds: Option<u32>,
    /// The `~/.aws/config` profile it came from: the CLI commands shown use `--profile NAME`.
    pub profile: Option<String>,
    pub region: Option<String>,
    /// From [`display_name`]: Organizations' name, else the IAM alias.
    pub name: Option<String>,
    pub label: Option<Label>,
}

impl MemberAccount {
    pub fn new(role_arn: RoleArn) -> Self {
        Self {
            account_id: role_arn.account_id.clone(),
            role_arn,
            external_id: None,
            mfa_serial: None,
            session_name: None,
            duration_seconds: None,
            profile: None,
            region: None,
            name: None,
            label: None,
        }
    }

    pub fn display_name(&self) -> &str {
        self.name.as_deref().unwrap_or(&self.account_id)
    }
}

/// An account's name on the page: Organizations' name when the hub may list the organization,
/// else the account's IAM alias, else its id.
pub fn display_name(organizations_name: Option<&str>, alias: Option<&str>, account_id: &str) -> String {
    [organizations_name, alias].into_iter().flatten().map(str::trim).find(|n| !n.is_empty()).unwrap_or(account_id).to_owned()
}

/// Whether what was typed to confirm an action on a labelled account names it: its display name
/// or its id, ignoring surrounding spaces.
pub fn confirm_matches(typed: &str, account: &MemberAccount) -> bool {
    let typed = typed.trim();
    !typed.is_empty() && (typed == account.display_name() || typed == account.account_id)
}

/// A line of pasted text that was left out, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineError {
    pub line: usize,
    pub message: String,
}

impl fmt::Display for LineError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Line {}: {}", self.line, self.message)
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RoleList {
    pub accounts: Vec<MemberAccount>,
    pub errors: Vec<LineError>,
    /// Lines that repeated an earlier one exactly.
    pub folded: usize,
}

/// Role ARNs, one a line, each optionally followed (after spaces or a comma) by its external ID,
/// bare or as `external-id=VALUE`. `#` starts a comment (neither an ARN nor an external ID can
/// hold one); blank lines are skipped. One role per account.
pub fn parse_role_list(text: &str) -> RoleList {
    let mut out = RoleList::default();
    let mut lines_of: Vec<usize> = vec![];
    for (i, raw) in text.lines().enumerate() {
        let line = i + 1;
        let content = raw.split('#').next().unwrap_or_default();
        let fields: Vec<&str> = content.split(|c: char| c.is_whitespace() || c == ',').filter(|f| !f.is_empty()).collect();
        let mut error = |message: String| out.errors.push(LineError { line, message });
        let (arn, external) = match fields[..] {
            [] => continue,
            [arn] => (arn, None),
            [arn, id] => (arn, Some(strip_key(id))),
            [_, _, extra, ..] => {
                error(format!("a role ARN and at most an external ID, but \"{}\" follows them.", shorten(extra)));
                continue;
            }
        };
        let role_arn = match RoleArn::parse(arn) {
            Ok(r) => r,
            Err(e) => {
                error(e);
                continue;
            }
        };
        if let Some(Err(e)) = external.map(check_external_id) {
            error(e);
            continue;
        }
        let account = MemberAccount { external_id: external.map(str::to_owned), ..MemberAccount::new(role_arn) };
        match out.accounts.iter().position(|a| a.account_id == account.account_id) {
            Some(at) if out.accounts[at] == account => out.folded += 1,
            Some(at) => error(format!(
                "account {} is already on line {} (as {}); the console assumes one role per account, so this line was left out.",
                account.account_id, lines_of[at], out.accounts[at].role_arn
            )),
            None => {
                lines_of.push(line);
                out.accounts.push(account);
            }
        }
    }
    out
}

fn strip_key(field: &str) -> &str {
    let lower = field.to_ascii_lowercase();
    ["external-id=", "external_id=", "externalid="].iter().find(|k| lower.starts_with(*k)).map_or(field, |k| &field[k.len()..])
}

/// A profile or an organization account that was not added, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    /// The profile name, or the account's name or id.
    pub what: String,
    pub why: String,
}

/// The usable profiles of a pasted `~/.aws/config`, one per account (the first profile wins).
pub fn from_profiles(config: &ParsedConfig) -> (Vec<MemberAccount>, Vec<Skipped>) {
    let (mut accounts, mut skipped) = (Vec::<MemberAccount>::new(), vec![]);
    for profile in &config.profiles {
        let role = match &profile.usable {
            Ok(role) => role,
            Err(why) => {
                skipped.push(Skipped { what: profile.name.clone(), why: why.clone() });
                continue;
            }
        };
        if let Some(first) = accounts.iter().find(|a| a.account_id == role.role_arn.account_id) {
            let why = format!(
                "Account {} is already added through profile {}; the console assumes one role per account.",
                first.account_id,
                first.profile.as_deref().unwrap_or_default()
            );
            skipped.push(Skipped { what: profile.name.clone(), why });
            continue;
        }
        accounts.push(MemberAccount {
            external_id: role.external_id.clone(),
            mfa_serial: role.mfa_serial.clone(),
            session_name: role.session_name.clone(),
            duration_seconds: role.duration_seconds,
            profile: Some(profile.name.clone()),
            region: role.region.clone(),
            ..MemberAccount::new(role.role_arn.clone())
        });
    }
    (accounts, skipped)
}

/// The chosen organization accounts, each reached through the role `role_name` (same name in every
/// account, in the account's partition). The hub's own account and accounts not ACTIVE are skipped.
pub fn from_organization(chosen: &[OrgAccount], role_name: &str, hub_account_id: &str, hub_partition: &str) -> (Vec<MemberAccount>, Vec<Skipped>) {
    let (mut accounts, mut skipped) = (vec![], vec![]);
    for org in chosen {
        let id = org.id.as_deref().unwrap_or_default();
        let what = display_name(org.name.as_deref(), None, id);
        let mut skip = |why: String| skipped.push(Skipped { what: what.clone(), why });
        if id == hub_account_id {
            skip("It is the hub's own account, which the console already shows without assuming a role.".into());
            continue;
        }
        match org.lifecycle() {
            Some("ACTIVE") => {}
            Some(state) => {
                skip(format!("Its state is {}, and only ACTIVE accounts can be reached.", shorten(state)));
                continue;
            }
            None => {
                skip("Organizations gave no state for it.".into());
                continue;
            }
        }
        match RoleArn::for_account(org.partition().unwrap_or(hub_partition), id, role_name) {
            Ok(arn) => accounts.push(MemberAccount { name: org.name.clone().filter(|n| !n.trim().is_empty()), ..MemberAccount::new(arn) }),
            Err(e) => skip(e),
        }
    }
    (accounts, skipped)
}

#[cfg(test)]
#[path = "accounts_tests.rs"]
mod tests;
