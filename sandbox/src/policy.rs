//! IAM identity policies, evaluated as AWS documents the basics: a request is allowed when a
//! statement allows its action on its resource and no statement denies it (an explicit Deny
//! wins). `Action`/`NotAction` and `Resource`/`NotResource` take one pattern or a list, where `*`
//! matches any run of characters and `?` one; actions ignore case, resources do not. A statement
//! with a `Condition` is skipped: the sandbox does not evaluate conditions, so it neither allows
//! nor denies (its tests use none). A principal without a policy may do everything, as before.

use serde_json::Value;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    Allow,
    /// No statement allows it.
    ImplicitDeny,
    ExplicitDeny,
}

/// Whether `pattern` (with `*` and `?`) matches all of `text`.
pub fn matches(pattern: &str, text: &str) -> bool {
    let (p, t): (Vec<char>, Vec<char>) = (pattern.chars().collect(), text.chars().collect());
    // Classic wildcard matching with one backtrack point for the last `*`.
    let (mut i, mut j, mut star, mut mark) = (0, 0, None, 0);
    while j < t.len() {
        if i < p.len() && (p[i] == '?' || p[i] == t[j]) {
            i += 1;
            j += 1;
        } else if i < p.len() && p[i] == '*' {
            star = Some(i);
            mark = j;
            i += 1;
        } else if let Some(s) = star {
            i = s + 1;
            mark += 1;
            j = mark;
        } else {
            return false;
        }
    }
    p[i..].iter().all(|&c| c == '*')
}

fn patterns(value: Option<&Value>) -> Vec<&str> {
    match value {
        Some(Value::String(s)) => vec![s.as_str()],
        Some(Value::Array(items)) => items.iter().filter_map(Value::as_str).collect(),
        _ => vec![],
    }
}

/// Whether the statement's action and resource elements cover this request.
fn applies(statement: &Value, action: &str, resource: &str) -> bool {
    let action = action.to_ascii_lowercase();
    let action_ok = match (statement.get("Action"), statement.get("NotAction")) {
        (Some(a), _) => patterns(Some(a)).iter().any(|p| matches(&p.to_ascii_lowercase(), &action)),
        (None, Some(n)) => !patterns(Some(n)).iter().any(|p| matches(&p.to_ascii_lowercase(), &action)),
        (None, None) => false,
    };
    let resource_ok = match (statement.get("Resource"), statement.get("NotResource")) {
        (Some(r), _) => patterns(Some(r)).iter().any(|p| matches(p, resource)),
        (None, Some(n)) => !patterns(Some(n)).iter().any(|p| matches(p, resource)),
        (None, None) => false,
    };
    action_ok && resource_ok
}

/// The policy's decision on `action` (`kms:ConnectCustomKeyStore`) over `resource`.
pub fn evaluate(policy: &Value, action: &str, resource: &str) -> Decision {
    let statements = match policy.get("Statement") {
        Some(Value::Array(list)) => list.iter().collect::<Vec<_>>(),
        Some(one @ Value::Object(_)) => vec![one],
        _ => vec![],
    };
    let mut decision = Decision::ImplicitDeny;
    for s in statements.into_iter().filter(|s| s.get("Condition").is_none() && applies(s, action, resource)) {
        match s.get("Effect").and_then(Value::as_str) {
            Some("Deny") => return Decision::ExplicitDeny,
            Some("Allow") => decision = Decision::Allow,
            _ => {}
        }
    }
    decision
}

/// AWS's words for a refusal by identity policy, or `None` when the policy allows the request.
pub fn refusal(policy: Option<&Value>, arn: &str, action: &str, resource: &str) -> Option<String> {
    let why = match evaluate(policy?, action, resource) {
        Decision::Allow => return None,
        Decision::ImplicitDeny => format!("because no identity-based policy allows the {action} action"),
        Decision::ExplicitDeny => "with an explicit deny in an identity-based policy".to_owned(),
    };
    Some(format!("User: {arn} is not authorized to perform: {action} on resource: {resource} {why}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn wildcards() {
        assert!(matches("kms:Describe*", "kms:DescribeCustomKeyStores"));
        assert!(matches("*", ""));
        assert!(matches("kms:?istKeys", "kms:ListKeys"));
        assert!(!matches("kms:?istKeys", "kms:istKeys"));
        assert!(matches("arn:aws:kms:*:111122223333:key/*", "arn:aws:kms:us-east-1:111122223333:key/abc"));
        assert!(!matches("arn:aws:kms:*:111122223333:key/*", "arn:aws:kms:us-east-1:444455556666:key/abc"));
        assert!(matches("a*b*c", "aXXbYYc") && !matches("a*b*c", "aXXbYY"));
    }

    #[test]
    fn allow_needs_a_statement_and_deny_wins() {
        let policy = json!({"Version": "2012-10-17", "Statement": [
            {"Effect": "Allow", "Action": ["kms:Describe*", "kms:ListKeys"], "Resource": "*"},
            {"Effect": "Deny", "Action": "kms:DescribeKey", "Resource": "arn:aws:kms:*:*:key/secret"},
            {"Effect": "Allow", "Action": "kms:ConnectCustomKeyStore", "Resource": "*", "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "true"}}}
        ]});
        assert_eq!(evaluate(&policy, "kms:DescribeCustomKeyStores", "arn:aws:kms:us-east-1:1:*"), Decision::Allow);
        assert_eq!(evaluate(&policy, "KMS:listkeys", "x"), Decision::Allow, "actions ignore case");
        assert_eq!(evaluate(&policy, "kms:DescribeKey", "arn:aws:kms:us-east-1:1:key/secret"), Decision::ExplicitDeny);
        assert_eq!(evaluate(&policy, "kms:ConnectCustomKeyStore", "*"), Decision::ImplicitDeny, "conditions are not evaluated");
        let message = refusal(Some(&policy), "arn:aws:sts::1:assumed-role/R/s", "kms:ConnectCustomKeyStore", "arn:aws:kms:us-east-1:1:*").unwrap();
        assert_eq!(
            message,
            "User: arn:aws:sts::1:assumed-role/R/s is not authorized to perform: kms:ConnectCustomKeyStore on resource: arn:aws:kms:us-east-1:1:* \
             because no identity-based policy allows the kms:ConnectCustomKeyStore action"
        );
        assert!(refusal(None, "a", "kms:ConnectCustomKeyStore", "*").is_none(), "no policy: everything is allowed");
        let not_action = json!({"Statement": {"Effect": "Allow", "NotAction": "kms:Delete*", "Resource": "*"}});
        assert_eq!(evaluate(&not_action, "kms:DeleteCustomKeyStore", "*"), Decision::ImplicitDeny);
        assert_eq!(evaluate(&not_action, "kms:ListKeys", "*"), Decision::Allow);
    }
}
