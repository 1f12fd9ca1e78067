//! A role's trust rule: which principals its trust policy names, and its MFA condition.

use super::{RoleSeed, DEMO_MFA_CODE};

impl RoleSeed {
    /// Whether the trust policy names the caller.
    pub fn trusts(&self, account_id: &str, arn: &str) -> bool {
        let Some(trust) = &self.trust else { return true };
        trust.iter().any(|principal| {
            let session = principal
                .strip_prefix("arn:aws:iam::")
                .and_then(|rest| rest.split_once(":role/"))
                .map(|(account, role)| format!("arn:aws:sts::{account}:assumed-role/{}/*", role.rsplit('/').next().unwrap_or(role)));
            principal == account_id || *principal == format!("arn:aws:iam::{account_id}:root") || glob(principal, arn) || session.is_some_and(|s| glob(&s, arn))
        })
    }

    pub fn mfa_code(&self) -> &str {
        self.mfa_code.as_deref().unwrap_or(DEMO_MFA_CODE)
    }
}

/// `*` matches any run of characters, as in IAM's ARN patterns.
fn glob(pattern: &str, text: &str) -> bool {
    match pattern.split_once('*') {
        None => pattern == text,
        Some((head, rest)) => text.strip_prefix(head).is_some_and(|t| (0..=t.len()).any(|i| t.is_char_boundary(i) && glob(rest, &t[i..]))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trust_names_accounts_roots_and_arn_patterns() {
        let role = |trust: serde_json::Value| -> RoleSeed { serde_json::from_value(serde_json::json!({"name": "R", "trust": trust})).unwrap() };
        let session = "arn:aws:sts::111122223333:assumed-role/Hub/alice";
        assert!(role(serde_json::json!(["111122223333"])).trusts("111122223333", session));
        assert!(role(serde_json::json!(["arn:aws:iam::111122223333:root"])).trusts("111122223333", session));
        assert!(role(serde_json::json!(["arn:aws:iam::111122223333:role/Hub"])).trusts("111122223333", session), "a role admits its sessions");
        assert!(role(serde_json::json!(["arn:aws:sts::111122223333:assumed-role/*/alice"])).trusts("111122223333", session));
        assert!(!role(serde_json::json!(["arn:aws:iam::111122223333:role/Other"])).trusts("111122223333", session));
        assert!(!role(serde_json::json!(["444455556666"])).trusts("111122223333", session));
        assert!(!role(serde_json::json!([])).trusts("111122223333", session));
        assert!(serde_json::from_value::<RoleSeed>(serde_json::json!({"name": "R"})).unwrap().trusts("1", "x"), "no trust rule: anyone");
    }
}
