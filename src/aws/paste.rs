//! Reading credentials from whatever the user pasted: the JSON of `aws sts assume-role` /
//! `get-session-token` / `assume-role-with-web-identity`, `aws configure export-credentials` in its
//! JSON and env formats, the IAM Identity Center portal's blocks, or a credentials-file section.
//! On failure the message names the line or field at fault; the caller keeps the text as it was.

use super::credentials::Credentials;
use super::time::parse_iso8601_ms;
use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PasteFormat {
    /// `{"Credentials": {...}}` from `aws sts ...`.
    StsJson,
    /// `{"Version": 1, ...}` from `aws configure export-credentials`.
    ExportJson,
    /// `export NAME=value` lines (`--format env`, Identity Center on macOS/Linux).
    EnvExport,
    /// `NAME=value` lines (`--format env-no-export`).
    EnvNoExport,
    /// `$Env:NAME="value"` lines (`--format powershell`, Identity Center on PowerShell).
    PowerShell,
    /// `set NAME=value` lines (`--format windows-cmd`, Identity Center on Windows).
    WindowsCmd,
    /// `aws_access_key_id = ...` lines of a `~/.aws/credentials` section.
    CredentialsFile,
}

impl PasteFormat {
    pub fn describe(self) -> &'static str {
        match self {
            Self::StsJson => "JSON from aws sts",
            Self::ExportJson => "JSON from aws configure export-credentials",
            Self::EnvExport => "shell export lines",
            Self::EnvNoExport => "NAME=value lines",
            Self::PowerShell => "PowerShell lines",
            Self::WindowsCmd => "Windows command prompt lines",
            Self::CredentialsFile => "a credentials file section",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PasteError(pub String);

impl fmt::Display for PasteError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pasted {
    pub credentials: Credentials,
    pub format: PasteFormat,
}

pub fn parse(text: &str) -> Result<Pasted, PasteError> {
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return Err(PasteError("The paste box is empty.".into()));
    }
    if trimmed.starts_with('{') {
        parse_json(trimmed)
    } else {
        parse_lines(trimmed)
    }
}

fn parse_json(text: &str) -> Result<Pasted, PasteError> {
    let value: serde_json::Value = serde_json::from_str(text).map_err(|e| PasteError(format!("Line {}: this is not valid JSON ({e}).", e.line())))?;
    let (object, format) = match value.get("Credentials") {
        Some(inner) => (inner, PasteFormat::StsJson),
        None if value.get("Version").is_some() => (&value, PasteFormat::ExportJson),
        None => {
            return Err(PasteError("The JSON has neither a \"Credentials\" object (aws sts) nor \"Version\": 1 (aws configure export-credentials).".into()))
        }
    };
    if format == PasteFormat::ExportJson && value["Version"] != 1 {
        return Err(PasteError(format!("\"Version\" is {}, but only version 1 of export-credentials is known.", value["Version"])));
    }
    let field = |name: &str, required: bool| -> Result<Option<String>, PasteError> {
        match object.get(name) {
            Some(serde_json::Value::String(s)) => Ok(Some(s.clone())),
            Some(serde_json::Value::Null) | None if !required => Ok(None),
            Some(_) => Err(PasteError(format!("\"{name}\" must be a string."))),
            None => Err(PasteError(format!("\"{name}\" is missing from the JSON."))),
        }
    };
    let akid = field("AccessKeyId", true)?.unwrap_or_default();
    let secret = field("SecretAccessKey", true)?.unwrap_or_default();
    let token = field("SessionToken", format == PasteFormat::StsJson)?.unwrap_or_default();
    let expiration = field("Expiration", false)?;
    finish(&akid, &secret, &token, expiration.as_deref(), "\"Expiration\"", format)
}

/// One `NAME=value` per line, in any of the shells' spellings; other lines (comments, blank,
/// an ini `[section]`) are skipped, and a line that looks like an assignment but isn't is named.
fn parse_lines(text: &str) -> Result<Pasted, PasteError> {
    let mut format = None;
    let (mut akid, mut secret, mut token, mut expiration) = (None, None, None, None);
    for (n, raw) in text.lines().enumerate() {
        let line = raw.trim();
        if line.is_empty() || line.starts_with('#') || line.starts_with("REM ") || (line.starts_with('[') && line.ends_with(']')) {
            continue;
        }
        let (this_format, rest) = if let Some(r) = line.strip_prefix("export ") {
            (PasteFormat::EnvExport, r)
        } else if let Some(r) = line.strip_prefix("$Env:").or_else(|| line.strip_prefix("$env:")) {
            (PasteFormat::PowerShell, r)
        } else if let Some(r) = line.strip_prefix("set ").or_else(|| line.strip_prefix("SET ")) {
            (PasteFormat::WindowsCmd, r)
        } else if line.to_ascii_lowercase().starts_with("aws_") && line.contains('=') && line.chars().next().is_some_and(|c| c.is_ascii_lowercase()) {
            (PasteFormat::CredentialsFile, line)
        } else {
            (PasteFormat::EnvNoExport, line)
        };
        let Some((name, value)) = rest.split_once('=') else {
            // The line itself is never repeated: it may be a secret pasted on its own.
            return Err(PasteError(format!("Line {}: expected NAME=value (the line is not shown here, as it may hold a secret).", n + 1)));
        };
        let name = name.trim().to_ascii_uppercase();
        let value = unquote(value.trim());
        let slot = match name.as_str() {
            "AWS_ACCESS_KEY_ID" => &mut akid,
            "AWS_SECRET_ACCESS_KEY" => &mut secret,
            "AWS_SESSION_TOKEN" => &mut token,
            "AWS_CREDENTIAL_EXPIRATION" => &mut expiration,
            // Region, profile and the like are fine to paste along; they are not credentials.
            _ if name.starts_with("AWS_") => continue,
            // Named only when it looks like a variable name: a token with `=` in it must not come back.
            _ if name.len() <= 32 && name.bytes().all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'_') => {
                return Err(PasteError(format!("Line {}: {name} is not an AWS credential variable.", n + 1)))
            }
            _ => return Err(PasteError(format!("Line {}: this is not an AWS credential variable (the line is not shown, as it may hold a secret).", n + 1))),
        };
        *slot = Some(value.to_owned());
        format.get_or_insert(this_format);
    }
    let format = format.ok_or_else(|| PasteError("No AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY or AWS_SESSION_TOKEN line found.".into()))?;
    let akid = akid.ok_or_else(|| PasteError("AWS_ACCESS_KEY_ID is missing.".into()))?;
    let secret = secret.ok_or_else(|| PasteError("AWS_SECRET_ACCESS_KEY is missing.".into()))?;
    finish(&akid, &secret, token.as_deref().unwrap_or_default(), expiration.as_deref(), "AWS_CREDENTIAL_EXPIRATION", format)
}

fn finish(akid: &str, secret: &str, token: &str, expiration: Option<&str>, expiration_name: &str, format: PasteFormat) -> Result<Pasted, PasteError> {
    let mut credentials = Credentials::from_fields(akid, secret, token).map_err(|e| PasteError(e.to_string()))?;
    if let Some(text) = expiration.filter(|e| !e.is_empty()) {
        let ms = parse_iso8601_ms(text).ok_or_else(|| PasteError(format!("{expiration_name} \"{}\" is not an ISO 8601 time.", shorten(text))))?;
        credentials.expires_at_ms = Some(ms);
    }
    Ok(Pasted { credentials, format })
}

fn unquote(v: &str) -> &str {
    for q in ['"', '\''] {
        if let Some(inner) = v.strip_prefix(q).and_then(|s| s.strip_suffix(q)) {
            return inner;
        }
    }
    v
}

/// A fragment of the offending line, never the whole of it: it may hold a secret.
fn shorten(s: &str) -> String {
    let cut: String = s.chars().take(24).collect();
    if cut.len() < s.len() {
        format!("{cut}…")
    } else {
        cut
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const AKID: &str = "ASIAEXAMPLEFAKE00001";
    const SECRET: &str = "fakeSecret/EXAMPLE+key0123456789abcdefghij";
    const TOKEN: &str = "IQoJb3JpZ2luX2VjEFAKEtokenEXAMPLE==";
    const EXPIRES_MS: u64 = 1_795_975_200_000; // 2026-11-29T18:00:00Z

    fn ok(text: &str, format: PasteFormat) {
        let p = parse(text).unwrap_or_else(|e| panic!("{format:?}: {e}"));
        assert_eq!(p.format, format);
        assert_eq!(p.credentials.access_key_id, AKID);
        assert_eq!(p.credentials.secret_access_key, SECRET);
        assert_eq!(p.credentials.session_token.as_deref(), Some(TOKEN));
    }

    #[test]
    fn sts_json_with_its_expiration() {
        let text = format!(
            r#"{{"Credentials": {{"AccessKeyId": "{AKID}", "SecretAccessKey": "{SECRET}", "SessionToken": "{TOKEN}", "Expiration": "2026-11-29T18:00:00+00:00"}},
              "AssumedRoleUser": {{"AssumedRoleId": "AROAEXAMPLE:s", "Arn": "arn:aws:sts::123456789012:assumed-role/R/s"}}}}"#
        );
        ok(&text, PasteFormat::StsJson);
        assert_eq!(parse(&text).unwrap().credentials.expires_at_ms, Some(EXPIRES_MS));
        // assume-role-with-web-identity adds members around the same Credentials object.
        let web = format!(
            r#"{{"SubjectFromWebIdentityToken": "x", "Credentials": {{"AccessKeyId": "{AKID}", "SecretAccessKey": "{SECRET}", "SessionToken": "{TOKEN}", "Expiration": "2026-11-29T18:00:00Z"}}, "Provider": "p"}}"#
        );
        ok(&web, PasteFormat::StsJson);
    }

    #[test]
    fn export_credentials_json() {
        let text = format!(
            r#"{{"Version": 1, "AccessKeyId": "{AKID}", "SecretAccessKey": "{SECRET}", "SessionToken": "{TOKEN}", "Expiration": "2026-11-29T18:00:00.000Z"}}"#
        );
        ok(&text, PasteFormat::ExportJson);
        assert_eq!(parse(&text).unwrap().credentials.expires_at_ms, Some(EXPIRES_MS));
    }

    #[test]
    fn every_shell_spelling() {
        let env = format!("export AWS_ACCESS_KEY_ID={AKID}\nexport AWS_SECRET_ACCESS_KEY={SECRET}\nexport AWS_SESSION_TOKEN={TOKEN}\nexport AWS_CREDENTIAL_EXPIRATION=2026-11-29T18:00:00Z\n");
        ok(&env, PasteFormat::EnvExport);
        assert_eq!(parse(&env).unwrap().credentials.expires_at_ms, Some(EXPIRES_MS));
        ok(&format!("AWS_ACCESS_KEY_ID={AKID}\nAWS_SECRET_ACCESS_KEY={SECRET}\nAWS_SESSION_TOKEN={TOKEN}"), PasteFormat::EnvNoExport);
        ok(&format!("$Env:AWS_ACCESS_KEY_ID=\"{AKID}\"\n$Env:AWS_SECRET_ACCESS_KEY=\"{SECRET}\"\n$Env:AWS_SESSION_TOKEN=\"{TOKEN}\""), PasteFormat::PowerShell);
        ok(&format!("set AWS_ACCESS_KEY_ID={AKID}\r\nset AWS_SECRET_ACCESS_KEY={SECRET}\r\nset AWS_SESSION_TOKEN={TOKEN}\r\n"), PasteFormat::WindowsCmd);
        // The IAM Identity Center portal quotes the values.
        ok(
            &format!("export AWS_ACCESS_KEY_ID=\"{AKID}\"\nexport AWS_SECRET_ACCESS_KEY=\"{SECRET}\"\nexport AWS_SESSION_TOKEN=\"{TOKEN}\""),
            PasteFormat::EnvExport,
        );
        ok(&format!("[123456789012_Admin]\naws_access_key_id={AKID}\naws_secret_access_key={SECRET}\naws_session_token={TOKEN}"), PasteFormat::CredentialsFile);
    }

    #[test]
    fn each_format_malformed_names_what_is_wrong() {
        let e = parse(&format!(r#"{{"Credentials": {{"AccessKeyId": "{AKID}", "SessionToken": "{TOKEN}"}}}}"#)).unwrap_err();
        assert_eq!(e.0, "\"SecretAccessKey\" is missing from the JSON.");
        let e = parse(&format!(r#"{{"Version": 2, "AccessKeyId": "{AKID}"}}"#)).unwrap_err();
        assert!(e.0.contains("\"Version\" is 2"), "{e}");
        let e = parse("{\n  \"Credentials\": {\n    \"AccessKeyId\": \"A\",,\n").unwrap_err();
        assert!(e.0.starts_with("Line 3: this is not valid JSON"), "{e}");
        let e = parse(r#"{"Foo": 1}"#).unwrap_err();
        assert!(e.0.contains("neither"), "{e}");
        let e = parse(&format!(
            r#"{{"Credentials": {{"AccessKeyId": "{AKID}", "SecretAccessKey": "{SECRET}", "SessionToken": "{TOKEN}", "Expiration": "tomorrow"}}}}"#
        ))
        .unwrap_err();
        assert!(e.0.starts_with("\"Expiration\" \"tomorrow\""), "{e}");
        let e = parse(&format!("export AWS_ACCESS_KEY_ID={AKID}\nexport AWS_SESSION_TOKEN={TOKEN}")).unwrap_err();
        assert_eq!(e.0, "AWS_SECRET_ACCESS_KEY is missing.");
        let e = parse(&format!("export AWS_ACCESS_KEY_ID={AKID}\nthis line is junk\n")).unwrap_err();
        assert!(e.0.starts_with("Line 2: expected NAME=value"), "{e}");
        let e = parse(&format!("$Env:AWS_ACCESS_KEY_ID=\"{AKID}\"\n$Env:PATH=\"C:\\\\x\"")).unwrap_err();
        assert_eq!(e.0, "Line 2: PATH is not an AWS credential variable.");
        // Secrets pasted where a NAME=value line was expected never come back in the message.
        for secret in ["IQoJb3JpZ2luX2VjEFAKEtokenEXAMPLE==", "fakeSecret/EXAMPLE+key0123456789abcdefghij", "tokēn\u{202E}=x"] {
            let e = parse(&format!("export AWS_ACCESS_KEY_ID={AKID}\n{secret}")).unwrap_err();
            let head: String = secret.chars().take(8).collect::<String>().to_uppercase();
            assert!(!e.0.to_uppercase().contains(&head), "{e}");
        }
        let e = parse("set AWS_ACCESS_KEY_ID=bad key!\nset AWS_SECRET_ACCESS_KEY=s").unwrap_err();
        assert!(e.0.starts_with("Access key ID"), "{e}");
        let e = parse("[profile]\naws_secret_access_key=s\n").unwrap_err();
        assert_eq!(e.0, "AWS_ACCESS_KEY_ID is missing.");
        assert_eq!(parse("  \n").unwrap_err().0, "The paste box is empty.");
    }

    #[test]
    fn messages_never_echo_a_whole_secret() {
        let e = parse("AWS_SECRET_ACCESS_KEY_but_broken_verylongsecretvalue1234567890").unwrap_err();
        assert!(!e.0.contains("1234567890"), "{e}");
    }

    #[test]
    fn long_term_keys_are_recognised() {
        let p = parse("AWS_ACCESS_KEY_ID=AKIAEXAMPLEFAKE00001\nAWS_SECRET_ACCESS_KEY=fake").unwrap();
        assert!(!p.credentials.is_temporary());
    }
}
