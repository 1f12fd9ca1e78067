//! Error codes the console acts on (not only words it shows), named once. Services spell some of
//! them two ways: the query protocols (STS, IAM) without the `Exception` suffix that the JSON
//! protocols carry, so each family is a predicate.

/// The credentials' session has ended: STS says `ExpiredToken`, the JSON services
/// `ExpiredTokenException`.
pub fn is_expired_token(code: &str) -> bool {
    matches!(code, "ExpiredToken" | "ExpiredTokenException")
}

/// The caller lacks a permission: `AccessDenied` (query) or `AccessDeniedException` (JSON), and
/// services' own prefixed forms such as CloudHSM's `CloudHsmAccessDeniedException`.
pub fn is_access_denied(code: &str) -> bool {
    code.contains("AccessDenied")
}

/// KMS: the store or key does not exist (any more).
pub const NOT_FOUND: &str = "NotFoundException";
/// Organizations: the hub's account is not in an organization.
pub const ORGANIZATIONS_NOT_IN_USE: &str = "AWSOrganizationsNotInUseException";
/// STS: the Region's STS endpoint is not activated for the account.
pub const REGION_DISABLED: &str = "RegionDisabledException";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_family_matches_both_spellings_and_nothing_else() {
        assert!(is_expired_token("ExpiredToken") && is_expired_token("ExpiredTokenException"));
        assert!(!is_expired_token("ExpiredTokenish") && !is_expired_token("InvalidClientTokenId"));
        assert!(is_access_denied("AccessDenied") && is_access_denied("AccessDeniedException") && is_access_denied("CloudHsmAccessDeniedException"));
        assert!(!is_access_denied("ValidationException"));
    }
}
