//! The model's constraints on what a user types into Create and Update, checked as they type.
//! The numbers and patterns are those of `aws-models/kms/service-2.json`; a test holds them to the
//! shapes file the sandbox derives from it.

/// A member of Create/Update and its constraint.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Member {
    CustomKeyStoreName,
    CloudHsmClusterId,
    TrustAnchorCertificate,
    KeyStorePassword,
    XksProxyUriEndpoint,
    XksProxyUriPath,
    XksProxyVpcEndpointServiceName,
    XksProxyVpcEndpointServiceOwner,
    XksProxyAccessKeyId,
    XksProxyRawSecretAccessKey,
}

impl Member {
    pub const ALL: [Member; 10] = [
        Self::CustomKeyStoreName,
        Self::CloudHsmClusterId,
        Self::TrustAnchorCertificate,
        Self::KeyStorePassword,
        Self::XksProxyUriEndpoint,
        Self::XksProxyUriPath,
        Self::XksProxyVpcEndpointServiceName,
        Self::XksProxyVpcEndpointServiceOwner,
        Self::XksProxyAccessKeyId,
        Self::XksProxyRawSecretAccessKey,
    ];

    /// The model's shape for the member, and its (min, max) length.
    pub fn shape(self) -> (&'static str, usize, usize) {
        match self {
            Self::CustomKeyStoreName => ("CustomKeyStoreNameType", 1, 256),
            Self::CloudHsmClusterId => ("CloudHsmClusterIdType", 19, 24),
            Self::TrustAnchorCertificate => ("TrustAnchorCertificateType", 1, 5000),
            Self::KeyStorePassword => ("KeyStorePasswordType", 7, 32),
            Self::XksProxyUriEndpoint => ("XksProxyUriEndpointType", 10, 128),
            Self::XksProxyUriPath => ("XksProxyUriPathType", 10, 128),
            Self::XksProxyVpcEndpointServiceName => ("XksProxyVpcEndpointServiceNameType", 20, 64),
            Self::XksProxyVpcEndpointServiceOwner => ("AccountIdType", 12, 12),
            Self::XksProxyAccessKeyId => ("XksProxyAuthenticationAccessKeyIdType", 20, 30),
            Self::XksProxyRawSecretAccessKey => ("XksProxyAuthenticationRawSecretAccessKeyType", 43, 64),
        }
    }

    /// What is wrong with `value`, in words, or `None` when the model accepts it.
    pub fn check(self, value: &str) -> Option<String> {
        let (_, min, max) = self.shape();
        let n = value.chars().count();
        if n < min || n > max {
            return Some(if min == max { format!("must be exactly {min} characters") } else { format!("must be {min} to {max} characters (now {n})") });
        }
        let ok = match self {
            Self::CustomKeyStoreName | Self::TrustAnchorCertificate | Self::KeyStorePassword => true,
            Self::CloudHsmClusterId => value
                .strip_prefix("cluster-")
                .is_some_and(|rest| (11..=16).contains(&rest.len()) && rest.chars().all(|c| matches!(c, '2'..='7' | 'a'..='z' | 'A'..='Z'))),
            Self::XksProxyUriEndpoint => {
                value.strip_prefix("https://").is_some_and(|h| !h.is_empty() && h.chars().all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '-'))
            }
            Self::XksProxyUriPath => uri_path_ok(value),
            Self::XksProxyVpcEndpointServiceName => vpc_service_ok(value),
            Self::XksProxyVpcEndpointServiceOwner => value.chars().all(|c| c.is_ascii_digit()),
            Self::XksProxyAccessKeyId => value.chars().all(|c| matches!(c, 'A'..='Z' | '2'..='7')),
            Self::XksProxyRawSecretAccessKey => value.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '/' | '+' | '=')),
        };
        (!ok).then(|| self.pattern_hint().to_owned())
    }

    fn pattern_hint(self) -> &'static str {
        match self {
            Self::CloudHsmClusterId => "must be cluster- followed by 11 to 16 letters or digits 2-7",
            Self::XksProxyUriEndpoint => "must be https:// and a host name, with no path or port",
            Self::XksProxyUriPath => "must end in /kms/xks/v and a version (1 or 2 digits), with an optional prefix before it",
            Self::XksProxyVpcEndpointServiceName => "must look like com.amazonaws.vpce.us-east-1.vpce-svc-0123456789abcdef0",
            Self::XksProxyVpcEndpointServiceOwner => "must be a 12-digit AWS account ID",
            Self::XksProxyAccessKeyId => "may hold only capital letters A-Z and digits 2-7",
            Self::XksProxyRawSecretAccessKey => "may hold only letters, digits, / + and =",
            _ => "is not accepted by KMS",
        }
    }
}

/// `^(/[a-zA-Z0-9\/_-]+/kms/xks/v\d{1,2})$|^(/kms/xks/v\d{1,2})$`
fn uri_path_ok(v: &str) -> bool {
    let Some(at) = v.rfind("/kms/xks/v") else { return false };
    let version = &v[at + "/kms/xks/v".len()..];
    let prefix = &v[..at];
    (1..=2).contains(&version.len())
        && version.chars().all(|c| c.is_ascii_digit())
        && (prefix.is_empty()
            || (prefix.starts_with('/') && prefix.len() > 1 && prefix.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '/' | '_' | '-'))))
}

/// `^(com|eu)\.amazonaws\.vpce\.([a-z]+-){2,3}\d+\.vpce-svc-[0-9a-z]+$`
fn vpc_service_ok(v: &str) -> bool {
    let Some(rest) = v.strip_prefix("com.amazonaws.vpce.").or_else(|| v.strip_prefix("eu.amazonaws.vpce.")) else { return false };
    let Some((region, svc)) = rest.split_once(".vpce-svc-") else { return false };
    let parts: Vec<&str> = region.split('-').collect();
    let (words, number) = parts.split_at(parts.len() - 1);
    (2..=3).contains(&words.len())
        && words.iter().all(|w| !w.is_empty() && w.chars().all(|c| c.is_ascii_lowercase()))
        && !number[0].is_empty()
        && number[0].chars().all(|c| c.is_ascii_digit())
        && !svc.is_empty()
        && svc.chars().all(|c| c.is_ascii_digit() || c.is_ascii_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;
    use Member::*;

    #[test]
    fn accepts_and_refuses_like_the_model() {
        let cases: &[(Member, &str, bool)] = &[
            (CustomKeyStoreName, "ExampleKeyStore", true),
            (CustomKeyStoreName, "", false),
            (CloudHsmClusterId, "cluster-234abcdefABC", true),
            (CloudHsmClusterId, "cluster-1abcdefghij", false),
            (CloudHsmClusterId, "cluster-abc", false),
            (KeyStorePassword, "kmsPswd", true),
            (KeyStorePassword, "short", false),
            (XksProxyUriEndpoint, "https://myproxy.xks.example.com", true),
            (XksProxyUriEndpoint, "http://myproxy.example.com", false),
            (XksProxyUriEndpoint, "https://proxy.example.com/path", false),
            (XksProxyUriPath, "/kms/xks/v1", true),
            (XksProxyUriPath, "/example-prefix/kms/xks/v1", true),
            (XksProxyUriPath, "/a/b_c/kms/xks/v12", true),
            (XksProxyUriPath, "/kms/xks/v123", false),
            (XksProxyUriPath, "/kms/xks/v", false),
            (XksProxyUriPath, "kms/xks/v1/extra", false),
            (XksProxyUriPath, "/prefix with space/kms/xks/v1", false),
            (XksProxyVpcEndpointServiceName, "com.amazonaws.vpce.us-east-1.vpce-svc-example1", true),
            (XksProxyVpcEndpointServiceName, "com.amazonaws.vpce.ap-southeast-1.vpce-svc-0123456789abcdef0", true),
            (XksProxyVpcEndpointServiceName, "com.amazonaws.vpce.useast1.vpce-svc-example1", false),
            (XksProxyVpcEndpointServiceOwner, "111122223333", true),
            (XksProxyVpcEndpointServiceOwner, "11112222333a", false),
            (XksProxyAccessKeyId, "ABCDE12345ABCDE12345", false),
            (XksProxyAccessKeyId, "ABCDEFGHIJKLMNOPQRST", true),
            (XksProxyAccessKeyId, "ABCDE23456ABCDE23456", true),
            (XksProxyRawSecretAccessKey, "DXjSUawnel2fr6SKC7G25CNxTyWKE5PF9XX6H/u9pSo=", true),
            (XksProxyRawSecretAccessKey, "too-short", false),
        ];
        for (member, value, ok) in cases {
            assert_eq!(member.check(value).is_none(), *ok, "{member:?} {value:?}: {:?}", member.check(value));
        }
    }
}
