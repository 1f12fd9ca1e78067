//! A pasted `~/.aws/config` (the AWS CLI's format, REFERENCE.md section 9): which profiles name a
//! role this page can assume from the hub, and why the others cannot be used here. Only the keys
//! below are kept; anything else (access keys included) is read past and dropped.

use super::assume_role::{check_duration, check_external_id, check_mfa_serial, check_session_name};
use super::iam::{shorten, RoleArn};

/// A profile whose role the console can assume, from the hub.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProfileRole {
    pub role_arn: RoleArn,
    pub external_id: Option<String>,
    pub mfa_serial: Option<String>,
    pub session_name: Option<String>,
    pub duration_seconds: Option<u32>,
    pub region: Option<String>,
    pub source_profile: Option<String>,
    /// The profiles `source_profile` leads through, nearest first (`[prod, hub]`), up to a missing
    /// profile or a loop. The CLI would assume each in turn; this console assumes only the last
    /// role, from the hub.
    pub source_chain: Vec<String>,
    /// Something the user should know although the profile is usable (a chained source profile).
    pub note: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Profile {
    /// As the CLI names it (`--profile NAME`); `default` for `[default]`.
    pub name: String,
    /// The line of its section header, from 1.
    pub line: usize,
    /// The role, or why this page cannot use the profile.
    pub usable: Result<ProfileRole, String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ParsedConfig {
    pub profiles: Vec<Profile>,
    /// `[sso-session NAME]` sections: known, but a page cannot sign in through them.
    pub sso_sessions: Vec<String>,
    /// Lines that could not be read, as "Line N: why".
    pub problems: Vec<String>,
}

const KEPT: [&str; 13] = [
    "role_arn",
    "source_profile",
    "credential_source",
    "external_id",
    "mfa_serial",
    "role_session_name",
    "duration_seconds",
    "region",
    "sso_session",
    "sso_account_id",
    "sso_role_name",
    "sso_start_url",
    "aws_access_key_id",
];

struct Section {
    name: String,
    line: usize,
    keys: Vec<(String, String)>,
}

impl Section {
    fn get(&self, key: &str) -> Option<&str> {
        self.keys.iter().rev().find(|(k, _)| k == key).map(|(_, v)| v.as_str()).filter(|v| !v.is_empty())
    }
}

pub fn parse_config(text: &str) -> ParsedConfig {
    let mut out = ParsedConfig::default();
    let mut sections: Vec<Section> = vec![];
    // Where `key = value` lines go: a profile (its index), or nowhere (another kind of section).
    let mut current: Option<usize> = None;
    let mut in_section = false;
    for (i, raw) in text.lines().enumerate() {
        let n = i + 1;
        let line = raw.trim();
        if line.is_empty() || line.starts_with('#') || line.starts_with(';') {
            continue;
        }
        if let Some(header) = line.strip_prefix('[') {
            in_section = true;
            current = None;
            let Some(header) = header.strip_suffix(']').map(str::trim) else {
                out.problems.push(format!("Line {n}: a section header ends with ]."));
                continue;
            };
            let name = match header.split_once(char::is_whitespace).map(|(k, v)| (k, v.trim())) {
                Some(("profile", name)) if !name.is_empty() => name.to_owned(),
                Some(("sso-session", name)) => {
                    out.sso_sessions.push(name.to_owned());
                    continue;
                }
                None if header == "default" => "default".to_owned(),
                _ => {
                    out.problems.push(format!("Line {n}: [{}] is not a profile; in ~/.aws/config profiles are [profile NAME] or [default].", shorten(header)));
                    continue;
                }
            };
            current = Some(sections.iter().position(|s| s.name == name).unwrap_or_else(|| {
                sections.push(Section { name, line: n, keys: vec![] });
                sections.len() - 1
            }));
            continue;
        }
        let Some((key, value)) = line.split_once('=') else {
            out.problems.push(format!("Line {n}: expected key = value."));
            continue;
        };
        let key = key.trim().to_ascii_lowercase();
        match current {
            Some(at) if KEPT.contains(&key.as_str()) => sections[at].keys.push((key, value.trim().to_owned())),
            Some(_) => {}
            None if !in_section => out.problems.push(format!("Line {n}: {} comes before any [profile NAME] section.", shorten(&key))),
            None => {}
        }
    }
    out.profiles = sections.iter().map(|s| Profile { name: s.name.clone(), line: s.line, usable: classify(s, &sections) }).collect();
    out
}

fn classify(s: &Section, all: &[Section]) -> Result<ProfileRole, String> {
    let sso = ["sso_session", "sso_account_id", "sso_start_url", "sso_role_name"].iter().any(|k| s.get(k).is_some());
    if sso && s.get("role_arn").is_none() {
        let account = s.get("sso_account_id").map(|a| format!(" for account {}", shorten(a))).unwrap_or_default();
        return Err(format!("It signs in through IAM Identity Center (SSO){account}, and a web page cannot run that sign-in. Sign in to the console with the portal's credentials instead, or add a profile with a role_arn for this account."));
    }
    let Some(arn) = s.get("role_arn") else {
        let keys = if s.get("aws_access_key_id").is_some() { " Its access keys are ignored and not kept." } else { "" };
        return Err(format!("It has no role_arn: the console assumes roles from the signed-in identity and does not use a profile's own credentials.{keys}"));
    };
    if let Some(source) = s.get("credential_source") {
        return Err(format!("Its credential_source ({}) names credentials on the machine running the CLI, which a web page does not have.", shorten(source)));
    }
    let role_arn = RoleArn::parse(arn).map_err(|e| format!("role_arn: {e}"))?;
    let text = |k: &str| s.get(k).map(str::to_owned);
    if let Some(id) = s.get("external_id") {
        check_external_id(id).map_err(|e| format!("external_id: {e}"))?;
    }
    if let Some(serial) = s.get("mfa_serial") {
        check_mfa_serial(serial).map_err(|e| format!("mfa_serial: {e}"))?;
    }
    if let Some(name) = s.get("role_session_name") {
        check_session_name(name).map_err(|e| format!("role_session_name: {e}"))?;
    }
    let duration_seconds = match s.get("duration_seconds") {
        None => None,
        Some(d) => {
            let seconds = d.parse::<u32>().map_err(|_| format!("duration_seconds: \"{}\" is not a whole number of seconds.", shorten(d)))?;
            check_duration(seconds).map_err(|e| format!("duration_seconds: {e}"))?;
            Some(seconds)
        }
    };
    let source_profile = text("source_profile");
    let note = source_profile.as_deref().and_then(|source| {
        let chained = all.iter().find(|p| p.name == source).and_then(|p| p.get("role_arn")).is_some();
        chained.then(|| format!("Its source_profile {source} is itself a role; from this console every role is assumed from the signed-in identity, so this role's trust policy must trust that identity."))
    });
    let mut source_chain: Vec<String> = vec![];
    let mut next = source_profile.clone();
    while let Some(name) = next.take().filter(|n| !source_chain.contains(n) && *n != s.name) {
        next = all.iter().find(|p| p.name == name).and_then(|p| p.get("source_profile")).map(str::to_owned);
        source_chain.push(name);
    }
    Ok(ProfileRole {
        role_arn,
        external_id: text("external_id"),
        mfa_serial: text("mfa_serial"),
        session_name: text("role_session_name"),
        duration_seconds,
        region: text("region"),
        source_profile,
        source_chain,
        note,
    })
}

#[cfg(test)]
#[path = "profiles_tests.rs"]
mod tests;
