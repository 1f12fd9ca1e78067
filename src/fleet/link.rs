//! The fleet's set-up in one URL query value, so a colleague opens the same accounts, labels and
//! columns: `1.` then base64url (no padding) of a small JSON document. No credentials ever go in.
//!
//! External IDs are left out too. AWS does not treat an external ID as a secret, but it is what
//! stops a third party from assuming the role on someone else's behalf, and URLs end up in browser
//! history, chat logs and proxy logs. A shared account that had one is marked so the page asks for
//! it again (or keeps the one it already has for that account).

use super::accounts::{Colour, Label, MemberAccount};
use crate::aws::iam::RoleArn;
use serde::{Deserialize, Serialize};

const VERSION: &str = "1.";

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
struct Entry {
    #[serde(rename = "r")]
    role_arn: String,
    #[serde(rename = "n", default, skip_serializing_if = "Option::is_none")]
    name: Option<String>,
    #[serde(rename = "l", default, skip_serializing_if = "Option::is_none")]
    label: Option<String>,
    #[serde(rename = "c", default, skip_serializing_if = "Option::is_none")]
    colour: Option<String>,
    #[serde(rename = "p", default, skip_serializing_if = "Option::is_none")]
    profile: Option<String>,
    #[serde(rename = "g", default, skip_serializing_if = "Option::is_none")]
    region: Option<String>,
    #[serde(rename = "m", default, skip_serializing_if = "Option::is_none")]
    mfa_serial: Option<String>,
    #[serde(rename = "s", default, skip_serializing_if = "Option::is_none")]
    session_name: Option<String>,
    #[serde(rename = "d", default, skip_serializing_if = "Option::is_none")]
    duration_seconds: Option<u32>,
    /// Had an external ID, which is not in the link.
    #[serde(rename = "x", default, skip_serializing_if = "std::ops::Not::not")]
    needs_external_id: bool,
}

#[derive(Debug, Default, Serialize, Deserialize)]
struct Document {
    #[serde(rename = "a", default)]
    accounts: Vec<serde_json::Value>,
    #[serde(rename = "k", default)]
    columns: Vec<serde_json::Value>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SharedAccount {
    pub account: MemberAccount,
    /// It had an external ID where the link was made; ask for it before assuming its role.
    pub needs_external_id: bool,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Shared {
    pub accounts: Vec<SharedAccount>,
    pub columns: Vec<String>,
    /// Parts of the link that could not be used; the rest was read.
    pub problems: Vec<String>,
}

pub fn encode(accounts: &[MemberAccount], columns: &[String]) -> String {
    let entries: Vec<serde_json::Value> = accounts
        .iter()
        .map(|a| Entry {
            role_arn: a.role_arn.to_string(),
            name: a.name.clone(),
            label: a.label.as_ref().map(|l| l.word.clone()),
            colour: a.label.as_ref().map(|l| l.colour.key().to_owned()),
            profile: a.profile.clone(),
            region: a.region.clone(),
            mfa_serial: a.mfa_serial.clone(),
            session_name: a.session_name.clone(),
            duration_seconds: a.duration_seconds,
            needs_external_id: a.external_id.is_some(),
        })
        .map(|e| serde_json::to_value(e).unwrap_or_default())
        .collect();
    let doc = Document { accounts: entries, columns: columns.iter().map(|c| c.as_str().into()).collect() };
    format!("{VERSION}{}", base64url(serde_json::to_string(&doc).unwrap_or_default().as_bytes()))
}

/// Reads a link's value. A value that is not a link at all is an error (and the page keeps what it
/// has); an account or column that cannot be used is a problem, and the others are still read.
pub fn decode(value: &str) -> Result<Shared, String> {
    let unreadable = "This link's account list cannot be read; it may have been cut off when it was copied.";
    let body = value.trim().strip_prefix(VERSION).ok_or_else(|| match value.trim().split_once('.') {
        Some((v, _)) if !v.is_empty() && v.bytes().all(|b| b.is_ascii_digit()) => "This link was made by a newer version of the console.".to_owned(),
        _ => unreadable.to_owned(),
    })?;
    let bytes = from_base64url(body).ok_or(unreadable)?;
    let doc: Document = serde_json::from_slice(&bytes).map_err(|_| unreadable.to_owned())?;
    let mut shared = Shared::default();
    for (i, value) in doc.accounts.into_iter().enumerate() {
        match serde_json::from_value::<Entry>(value).map_err(|_| "it is not an account".to_owned()).and_then(account) {
            Ok(a) if shared.accounts.iter().any(|s| s.account.account_id == a.account.account_id) => {}
            Ok(a) => shared.accounts.push(a),
            Err(why) => shared.problems.push(format!("Account {} in the link was left out: {why}", i + 1)),
        }
    }
    for column in doc.columns {
        match column.as_str() {
            Some(c) if (1..=32).contains(&c.len()) && c.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-') => {
                shared.columns.push(c.to_owned())
            }
            _ => shared.problems.push("A column in the link is not one this console knows; it was left out.".into()),
        }
    }
    Ok(shared)
}

fn account(e: Entry) -> Result<SharedAccount, String> {
    let role_arn = RoleArn::parse(&e.role_arn)?;
    let label = match (e.label, e.colour) {
        (Some(word), colour) => Some(Label::new(&word, colour.as_deref().and_then(Colour::from_key).unwrap_or(Colour::Grey))?),
        (None, _) => None,
    };
    let text = |v: Option<String>| v.filter(|s| !s.trim().is_empty() && s.len() <= 256 && !s.chars().any(char::is_control));
    let account = MemberAccount {
        name: text(e.name),
        label,
        profile: text(e.profile),
        region: text(e.region),
        mfa_serial: text(e.mfa_serial),
        session_name: text(e.session_name),
        duration_seconds: e.duration_seconds,
        ..MemberAccount::new(role_arn)
    };
    Ok(SharedAccount { account, needs_external_id: e.needs_external_id })
}

/// Adds a link's accounts to the ones the page has. An account already there keeps what the page
/// knows (its external ID above all); returns the new accounts that need an external ID typed.
pub fn merge(existing: &mut Vec<MemberAccount>, shared: Shared) -> Vec<String> {
    let mut ask = vec![];
    for s in shared.accounts {
        if existing.iter().any(|a| a.account_id == s.account.account_id) {
            continue;
        }
        if s.needs_external_id {
            ask.push(s.account.account_id.clone());
        }
        existing.push(s.account);
    }
    ask
}

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

fn base64url(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len() * 4 / 3 + 3);
    for chunk in bytes.chunks(3) {
        let n = chunk.iter().enumerate().fold(0u32, |n, (i, b)| n | u32::from(*b) << (16 - 8 * i));
        for i in 0..=chunk.len() {
            out.push(ALPHABET[(n >> (18 - 6 * i) & 63) as usize] as char);
        }
    }
    out
}

fn from_base64url(text: &str) -> Option<Vec<u8>> {
    let digits: Vec<u32> = text.trim_end_matches('=').bytes().map(|b| ALPHABET.iter().position(|a| *a == b).map(|p| p as u32)).collect::<Option<_>>()?;
    if digits.len() % 4 == 1 {
        return None;
    }
    let mut out = Vec::with_capacity(digits.len() * 3 / 4);
    for chunk in digits.chunks(4) {
        let n = chunk.iter().enumerate().fold(0u32, |n, (i, d)| n | d << (18 - 6 * i));
        out.extend((0..chunk.len() - 1).map(|i| (n >> (16 - 8 * i)) as u8));
    }
    Some(out)
}

#[cfg(test)]
#[path = "link_tests.rs"]
mod tests;
