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
