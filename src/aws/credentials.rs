//! The user's AWS credentials. They live in memory only; `Debug` never prints the secret parts,
//! so an accidental log line cannot leak them.

use std::fmt;

#[derive(Clone, PartialEq, Eq)]
pub struct Credentials {
    pub access_key_id: String,
    pub secret_access_key: String,
    /// Present for temporary (STS) credentials; `None` for long-term keys.
    pub session_token: Option<String>,
    /// Epoch milliseconds, when the source told us.
    pub expires_at_ms: Option<u64>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CredentialsError {
    Missing(&'static str),
    Malformed { field: &'static str, reason: String },
}

impl fmt::Display for CredentialsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Missing(field) => write!(f, "{field} is required."),
            Self::Malformed { field, reason } => write!(f, "{field} {reason}"),
        }
    }
}

impl std::error::Error for CredentialsError {}

impl Credentials {
    /// Builds credentials from three typed fields, trimming the whitespace a paste brings along.
    pub fn from_fields(access_key_id: &str, secret_access_key: &str, session_token: &str) -> Result<Self, CredentialsError> {
        let access_key_id = access_key_id.trim();
        let secret_access_key = secret_access_key.trim();
        let session_token = session_token.trim();
        if access_key_id.is_empty() {
            return Err(CredentialsError::Missing("Access key ID"));
        }
        if !(16..=128).contains(&access_key_id.len()) || !access_key_id.chars().all(|c| c.is_ascii_alphanumeric()) {
            return Err(CredentialsError::Malformed {
                field: "Access key ID",
                reason: "must be 16 to 128 letters and digits (it usually starts with ASIA).".into(),
            });
        }
        if secret_access_key.is_empty() {
            return Err(CredentialsError::Missing("Secret access key"));
        }
        if secret_access_key.chars().any(char::is_whitespace) {
            return Err(CredentialsError::Malformed { field: "Secret access key", reason: "must not contain spaces.".into() });
        }
        if session_token.chars().any(char::is_whitespace) {
            return Err(CredentialsError::Malformed { field: "Session token", reason: "must not contain spaces or line breaks.".into() });
        }
        // Both are signed and the token is sent as a header: letters, digits and ASCII symbols only.
        if !secret_access_key.bytes().all(|b| b.is_ascii_graphic()) {
            return Err(CredentialsError::Malformed {
                field: "Secret access key",
                reason: "holds a character AWS never puts in a key (only ASCII letters, digits and symbols).".into(),
            });
        }
        if !session_token.bytes().all(|b| b.is_ascii_graphic()) {
            return Err(CredentialsError::Malformed {
                field: "Session token",
                reason: "holds a character AWS never puts in a token (only ASCII letters, digits and symbols).".into(),
            });
        }
        Ok(Self {
            access_key_id: access_key_id.to_owned(),
            secret_access_key: secret_access_key.to_owned(),
            session_token: (!session_token.is_empty()).then(|| session_token.to_owned()),
            expires_at_ms: None,
        })
    }

    /// Temporary credentials carry a session token; AWS gives their key ids the `ASIA` prefix.
    pub fn is_temporary(&self) -> bool {
        self.session_token.is_some()
    }

    /// Refuses credentials whose `Expiration` has passed: signing in with them could only end on
    /// the "expired" screen. The sentence says when they expired, so the user knows how old the
    /// paste is.
    pub fn check_not_expired(&self, now_ms: u64) -> Result<(), String> {
        match self.expires_at_ms {
            Some(at) if at <= now_ms => Err(format!(
                "These credentials expired at {} ({} ago). Get new ones (for example with aws sts assume-role or aws sts get-session-token) and paste them here.",
                crate::aws::time::format_utc(at as f64 / 1000.0),
                crate::aws::time::duration_text(now_ms - at)
            )),
            _ => Ok(()),
        }
    }
}

/// The secret parts are wiped where they lie when a copy is dropped (sign-out, renewal, a client
/// going away), so that the page's memory does not keep them for whoever reads it later. The
/// copies the code cannot see (formatting, parsing, the signer's own) are wiped by the page's
/// allocator when they are freed (`browser::zeroing`).
impl Drop for Credentials {
    fn drop(&mut self) {
        use zeroize::Zeroize;
        self.secret_access_key.zeroize();
        self.session_token.zeroize();
    }
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Credentials")
            .field("access_key_id", &self.access_key_id)
            .field("secret_access_key", &"** redacted **")
            .field("session_token", &self.session_token.as_ref().map(|_| "** redacted **"))
            .field("expires_at_ms", &self.expires_at_ms)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_are_trimmed_and_token_is_optional() {
        let c = Credentials::from_fields("  ASIAEXAMPLEFAKE0001 \n", "secret/Fake+Key", "").unwrap();
        assert_eq!(c.access_key_id, "ASIAEXAMPLEFAKE0001");
        assert_eq!(c.session_token, None);
        assert!(!c.is_temporary());
    }

    #[test]
    fn each_bad_field_is_named() {
        assert_eq!(Credentials::from_fields("", "s", "t"), Err(CredentialsError::Missing("Access key ID")));
        assert!(matches!(Credentials::from_fields("ASIA-BAD!", "s", "t"), Err(CredentialsError::Malformed { field: "Access key ID", .. })));
        assert_eq!(Credentials::from_fields("ASIAEXAMPLEFAKE0001", " ", "t"), Err(CredentialsError::Missing("Secret access key")));
        assert!(matches!(Credentials::from_fields("ASIAEXAMPLEFAKE0001", "s", "to ken"), Err(CredentialsError::Malformed { field: "Session token", .. })));
        for token in ["tok\u{113}n", "a\u{202E}b", "nul\0"] {
            assert!(
                matches!(Credentials::from_fields("ASIAEXAMPLEFAKE0001", "s", token), Err(CredentialsError::Malformed { field: "Session token", .. })),
                "{token:?}"
            );
        }
        assert!(matches!(
            Credentials::from_fields("ASIAEXAMPLEFAKE0001", "s\u{113}", "t"),
            Err(CredentialsError::Malformed { field: "Secret access key", .. })
        ));
    }

    #[test]
    fn expired_credentials_are_refused_with_the_time() {
        let mut c = Credentials::from_fields("ASIAEXAMPLEFAKE0001", "s", "t").unwrap();
        assert_eq!(c.check_not_expired(5), Ok(()), "no expiry known: nothing to refuse");
        c.expires_at_ms = Some(1_700_000_000_000);
        assert_eq!(c.check_not_expired(1_699_999_999_999), Ok(()));
        let why = c.check_not_expired(1_700_000_125_000).unwrap_err();
        assert!(why.contains("expired at 2023-11-14 22:13:20 UTC"), "{why}");
        assert!(why.contains("2 min 05 s ago"), "{why}");
        assert!(c.check_not_expired(1_700_000_000_000).is_err(), "the expiry instant itself is past");
    }

    #[test]
    fn debug_output_hides_secrets() {
        let c = Credentials::from_fields("ASIAEXAMPLEFAKE0001", "very-secret-fake", "token-fake-value").unwrap();
        let shown = format!("{c:?}");
        assert!(!shown.contains("very-secret-fake"));
        assert!(!shown.contains("token-fake-value"));
        assert!(shown.contains("ASIAEXAMPLEFAKE0001"));
    }
}
