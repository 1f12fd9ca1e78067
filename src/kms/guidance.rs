//! What a FAILED store's `ConnectionErrorCode` means, and the way back to CONNECTED.
//! The facts come from the KMS model's documentation (REFERENCE.md section 3); the words are ours.
//! Every path starts with Disconnect, because KMS connects a FAILED store only after it.

use super::model::{ConnectionErrorCode, ConnectionState, KeyStoreType};

pub const CLOUDHSM_TROUBLESHOOTING_URL: &str = "https://docs.aws.amazon.com/kms/latest/developerguide/fix-keystore.html";
pub const XKS_TROUBLESHOOTING_URL: &str = "https://docs.aws.amazon.com/kms/latest/developerguide/xks-troubleshooting.html";

/// A change to the store that repairs it, done with UpdateCustomKeyStore.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fix {
    /// `KeyStorePassword`: the `kmsuser` password KMS logs in with.
    UpdateKmsuserPassword,
    /// `XksProxyAuthenticationCredential`: the key pair KMS signs proxy requests with.
    UpdateProxyCredential,
    /// `CloudHsmClusterId`: a cluster made from a backup of the original one.
    PointToRelatedCluster,
    /// `XksProxyUriPath`.
    FixUriPath,
}

impl Fix {
    pub fn label(self) -> &'static str {
        match self {
            Self::UpdateKmsuserPassword => "Update the kmsuser password",
            Self::UpdateProxyCredential => "Update the proxy credential",
            Self::PointToRelatedCluster => "Point to a related cluster",
            Self::FixUriPath => "Fix the URI path",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    Disconnect,
    /// Something done outside this console (in the cluster, on the proxy, in the VPC).
    Outside(String),
    Fix(Fix),
    Connect,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Guidance {
    pub code: String,
    /// What the code means, in one or two sentences.
    pub meaning: String,
    /// The ordered way back, from Disconnect to Connect.
    pub steps: Vec<Step>,
    pub doc_url: &'static str,
}

/// Guidance for a FAILED store. `region` fills in names that depend on it.
pub fn for_failure(code: &ConnectionErrorCode, store_type: &KeyStoreType, region: &str) -> Guidance {
    use ConnectionErrorCode as C;
    let external = matches!(store_type, KeyStoreType::External);
    let doc_url = if external { XKS_TROUBLESHOOTING_URL } else { CLOUDHSM_TROUBLESHOOTING_URL };
    let out = |s: &str| Step::Outside(s.to_owned());
    let (meaning, middle): (String, Vec<Step>) = match (code, external) {
        (C::InternalError, _) => (
            "KMS hit a temporary internal error while connecting. Nothing in your setup needs to change.".into(),
            vec![out("If it keeps failing after a few tries, contact AWS Support with the key store ID.")],
        ),
        (C::NetworkErrors, false) => (
            "KMS could not reach the HSMs in the cluster over the network.".into(),
            vec![out(
                "Make sure the cluster's security group allows inbound TCP ports 2223–2225 from the cluster's subnets, and that no network ACL blocks them.",
            )],
        ),
        (C::NetworkErrors, true) => (
            "KMS could not reach the external key store proxy.".into(),
            vec![out("Check the proxy URI endpoint and path, that its host name resolves, and that firewalls and security groups let KMS through.")],
        ),
        (C::InvalidCredentials, false) => (
            "KMS could not log in as kmsuser: the password saved in the key store does not match the one in the cluster.".into(),
            vec![out("In the CloudHSM cluster, set a new password for the kmsuser crypto user."), Step::Fix(Fix::UpdateKmsuserPassword)],
        ),
        (C::InvalidCredentials, true) => (
            "The external key store proxy rejected the authentication credential KMS signs its requests with.".into(),
            vec![out("Find the access key ID and secret the proxy expects (in the proxy's configuration)."), Step::Fix(Fix::UpdateProxyCredential)],
        ),
        (C::ClusterNotFound, false) => (
            "KMS cannot find the CloudHSM cluster of this key store; it was most likely deleted.".into(),
            vec![
                out("Create a cluster from a backup of the original cluster (only such a related cluster holds the store's keys), and give it an active HSM."),
                Step::Fix(Fix::PointToRelatedCluster),
            ],
        ),
        (C::InsufficientCloudHsmHsms, false) => (
            "The cluster has no active HSM for KMS to connect to.".into(),
            vec![out("Add an HSM to the cluster (CloudHSM CreateHsm) and wait until it is active.")],
        ),
        (C::InsufficientFreeAddressesInSubnet, false) => (
            "A subnet of the cluster has no free IP address, and KMS needs one in each subnet to connect.".into(),
            vec![out("Free at least one IP address in every subnet of the cluster; two per subnet leaves room for later.")],
        ),
        (C::UserLockedOut, false) => (
            "The kmsuser crypto user is locked out of the cluster after too many failed logins.".into(),
            vec![out("In the cluster, change the password of kmsuser, which unlocks it."), Step::Fix(Fix::UpdateKmsuserPassword)],
        ),
        (C::UserNotFound, false) => (
            "The cluster has no crypto user named kmsuser, which KMS logs in as.".into(),
            vec![out("In the cluster, create a crypto user named kmsuser with a password."), Step::Fix(Fix::UpdateKmsuserPassword)],
        ),
        (C::UserLoggedIn, false) => (
            "The kmsuser crypto user is logged in to the cluster, which keeps KMS from logging in as it.".into(),
            vec![out("Log kmsuser out of every CloudHSM client. If you changed its password while doing so, update the key store's password too.")],
        ),
        (C::SubnetNotFound, false) => (
            "A subnet in the cluster's configuration was deleted.".into(),
            vec![out("Create a cluster from a recent backup of this cluster, in subnets that exist."), Step::Fix(Fix::PointToRelatedCluster)],
        ),
        (C::XksProxyAccessDenied, true) => (
            "The proxy's authorization rules refuse the requests KMS makes for this key store.".into(),
            vec![out("Change the proxy's authorization configuration so that it allows KMS's requests for this key store.")],
        ),
        (C::XksProxyInvalidConfiguration, true) => (
            "The proxy does not accept the way KMS calls it; most often the proxy URI path is wrong.".into(),
            vec![out("Find the URI path in the proxy's documentation or configuration (it ends in /kms/xks/v1)."), Step::Fix(Fix::FixUriPath)],
        ),
        (C::XksProxyInvalidResponse, true) => (
            "The proxy answered KMS with something KMS cannot use.".into(),
            vec![out("Read the proxy's logs. If the failure repeats, report it to the proxy's vendor.")],
        ),
        (C::XksProxyInvalidTlsConfiguration, true) => (
            "KMS could not set up TLS with the proxy.".into(),
            vec![out("The proxy must offer TLS 1.2 or 1.3 and a current certificate for its host name, issued by a public certificate authority.")],
        ),
        (C::XksProxyNotReachable, true) => {
            ("KMS cannot communicate with the proxy.".into(), vec![out("Check the URI endpoint and path, and that the proxy is running and healthy.")])
        }
        (C::XksProxyTimedOut, true) => (
            "The proxy did not answer KMS in time.".into(),
            vec![out("Check the proxy's load and the latency to its key manager. If it repeats, report it to the proxy's vendor.")],
        ),
        (C::XksVpcEndpointServiceInvalidConfiguration, true) => (
            "The VPC endpoint service in front of the proxy does not meet KMS's requirements.".into(),
            vec![out(&format!(
                "Check the service: a Network Load Balancer in at least two Availability Zones; principal cks.kms.{region}.amazonaws.com allowed; \
                 acceptance not required; a verified private DNS name that no other service in the Region uses."
            ))],
        ),
        (C::XksVpcEndpointServiceNotFound, true) => (
            "KMS cannot find the VPC endpoint service of this key store.".into(),
            vec![out(&format!("Check the VPC endpoint service name, and that the service allows principal cks.kms.{region}.amazonaws.com."))],
        ),
        (C::Unknown(_), _) => (
            "This console does not know this error code yet. The general way back usually works: disconnect, correct the cause, connect.".into(),
            vec![out("Read the troubleshooting guide for the code, correct the cause it names.")],
        ),
        (_, _) => (
            format!(
                "This code is reported for {} key stores, so on this store it is unexpected. Try the general way back.",
                if external { "CloudHSM" } else { "external" }
            ),
            vec![out("Read the troubleshooting guide, correct the cause it names.")],
        ),
    };
    let mut steps = vec![Step::Disconnect];
    steps.extend(middle);
    steps.push(Step::Connect);
    Guidance { code: code.as_str().to_owned(), meaning, steps, doc_url }
}

/// Where a step of the way back stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StepStatus {
    Done,
    Now,
    Next,
}

impl StepStatus {
    pub fn label(self) -> &'static str {
        match self {
            Self::Done => "Done",
            Self::Now => "Now",
            Self::Next => "Next",
        }
    }
}

/// The status of each step, from the store's state now and whether the guide's fix was applied:
/// the guide follows the repair as it happens instead of repeating the failure.
pub fn step_statuses(steps: &[Step], state: &ConnectionState, fixed: bool) -> Vec<StepStatus> {
    let fix_at = steps.iter().position(|s| matches!(s, Step::Fix(_)));
    let done = match state {
        ConnectionState::Connected => steps.len(),
        ConnectionState::Connecting => steps.len().saturating_sub(1),
        ConnectionState::Disconnected => match fix_at {
            Some(at) if fixed => at + 1,
            _ => 1,
        },
        // FAILED, DISCONNECTING, or a state this console does not know: Disconnect comes first.
        _ => 0,
    };
    (0..steps.len())
        .map(|i| match i.cmp(&done) {
            std::cmp::Ordering::Less => StepStatus::Done,
            std::cmp::Ordering::Equal => StepStatus::Now,
            std::cmp::Ordering::Greater => StepStatus::Next,
        })
        .collect()
}

/// What an error from a KMS operation means and what to do next, for the errors a user can act on.
/// `None` for the rest: the banner then shows the error as KMS sent it.
pub fn for_operation_error(code: &str, operation: &str) -> Option<String> {
    let text = match code {
        "CustomKeyStoreInvalidStateException" => "The store's connection state does not allow this right now (it may have changed since the list was loaded). \
             Connect needs DISCONNECTED; Disconnect needs any state but DISCONNECTING or DISCONNECTED; Update and Delete need DISCONNECTED, \
             except the name, and an external key store's credential and URI path. Refresh to see the state now."
            .to_owned(),
        "CustomKeyStoreNotFoundException" => "KMS has no store with this ID in this account and Region: it may have been deleted. Refresh the list.".to_owned(),
        "CloudHsmClusterNotActiveException" => "The CloudHSM cluster is not active: initialize and activate it, and give it at least one active HSM, then try again.".to_owned(),
        "CloudHsmClusterInvalidConfigurationException" => "The CloudHSM cluster does not meet KMS's requirements: check its subnets (each with a free IP address) \
             and that its security group allows TCP 2223-2225 from them."
            .to_owned(),
        "CloudHsmClusterNotFoundException" => "There is no CloudHSM cluster with this ID in this account and Region.".to_owned(),
        "CloudHsmClusterNotRelatedException" => "That cluster does not share a backup history with the store's cluster: pick a cluster created from a backup of it.".to_owned(),
        "CloudHsmClusterInUseException" => "That cluster, or one related to it, already backs another custom key store.".to_owned(),
        "IncorrectTrustAnchorException" => "The trust anchor certificate is not the one that initialized the cluster (customerCA.crt).".to_owned(),
        "CustomKeyStoreNameInUseException" => "Another custom key store in this account and Region already has this name.".to_owned(),
        "CustomKeyStoreHasCMKsException" => "The store still holds KMS keys. Schedule the deletion of every key in it and wait for the waiting period to end, then delete the store.".to_owned(),
        "LimitExceededException" => "The account has as many custom key stores in this Region as its quota allows. Delete one or ask for a higher quota.".to_owned(),
        "XksProxyUriUnreachableException" => "KMS could not reach the proxy at this URI endpoint: check the address, DNS and the proxy's health.".to_owned(),
        "XksProxyUriInUseException" => "Another external key store already uses this URI endpoint and path.".to_owned(),
        "XksProxyUriEndpointInUseException" => "Another external key store already uses this URI endpoint.".to_owned(),
        "XksProxyIncorrectAuthenticationCredentialException" => "The proxy rejected the authentication credential: use the access key ID and secret configured on the proxy.".to_owned(),
        "XksProxyInvalidConfigurationException" => "The proxy does not accept this configuration; most often the URI path is wrong.".to_owned(),
        "XksProxyInvalidResponseException" => "The proxy answered KMS's test request with something KMS cannot use: read the proxy's logs.".to_owned(),
        "XksProxyVpcEndpointServiceNotFoundException" => "KMS cannot find the VPC endpoint service: check its name and that it allows KMS as a principal.".to_owned(),
        "XksProxyVpcEndpointServiceInvalidConfigurationException" => "The VPC endpoint service does not meet KMS's requirements (a Network Load Balancer in two Availability Zones, \
             KMS allowed, no acceptance required, a verified private DNS name)."
            .to_owned(),
        "XksProxyVpcEndpointServiceInUseException" => "Another external key store already uses this VPC endpoint service.".to_owned(),
        "AccessDeniedException" => format!("Your identity is not allowed to do this: it needs the IAM permission kms:{operation}."),
        "ThrottlingException" => "KMS is limiting requests: these operations share 5 requests per second per account and Region with every other caller. Wait a moment and try again.".to_owned(),
        "KMSInternalException" => "KMS had an internal error. Try again in a moment.".to_owned(),
        "ExpiredTokenException" => "Your credentials have expired: sign in again with new ones.".to_owned(),
        "UnrecognizedClientException" | "InvalidSignatureException" => "KMS did not accept the credentials or the signature: sign in again, and check this computer's clock.".to_owned(),
        _ => return None,
    };
    Some(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_guide_follows_the_repair() {
        use StepStatus::{Done as D, Next as X, Now as N};
        let g = for_failure(&ConnectionErrorCode::UserLockedOut, &KeyStoreType::CloudHsm, "us-east-1");
        assert_eq!(g.steps.len(), 4, "disconnect, unlock in the cluster, update the password, connect");
        let at = |state: ConnectionState, fixed: bool| step_statuses(&g.steps, &state, fixed);
        assert_eq!(at(ConnectionState::Failed, false), [N, X, X, X]);
        assert_eq!(at(ConnectionState::Disconnecting, false), [N, X, X, X]);
        assert_eq!(at(ConnectionState::Disconnected, false), [D, N, X, X]);
        assert_eq!(at(ConnectionState::Disconnected, true), [D, D, D, N]);
        assert_eq!(at(ConnectionState::Connecting, false), [D, D, D, N]);
        assert_eq!(at(ConnectionState::Connected, false), [D, D, D, D]);
        let no_fix = for_failure(&ConnectionErrorCode::InsufficientCloudHsmHsms, &KeyStoreType::CloudHsm, "us-east-1");
        assert_eq!(step_statuses(&no_fix.steps, &ConnectionState::Disconnected, false), [D, N, X]);
        assert_eq!(step_statuses(&no_fix.steps, &ConnectionState::Disconnected, true), [D, N, X], "no fix step: nothing to skip");
    }

    #[test]
    fn operation_errors_a_user_can_act_on_are_explained() {
        for code in [
            "CloudHsmClusterNotActiveException",
            "CloudHsmClusterInvalidConfigurationException",
            "CustomKeyStoreInvalidStateException",
            "CustomKeyStoreNotFoundException",
            "CustomKeyStoreHasCMKsException",
            "XksProxyUriUnreachableException",
            "XksProxyIncorrectAuthenticationCredentialException",
            "XksProxyVpcEndpointServiceNotFoundException",
        ] {
            assert!(for_operation_error(code, "ConnectCustomKeyStore").is_some(), "{code}");
        }
        assert!(for_operation_error("AccessDeniedException", "DeleteCustomKeyStore").unwrap().contains("kms:DeleteCustomKeyStore"));
        assert_eq!(for_operation_error("SomethingNewException", "X"), None);
    }

    const TYPES: [KeyStoreType; 2] = [KeyStoreType::CloudHsm, KeyStoreType::External];

    #[test]
    fn every_code_of_the_model_has_guidance_for_both_types() {
        for code in ConnectionErrorCode::ALL {
            for store_type in &TYPES {
                let g = for_failure(code, store_type, "eu-west-1");
                assert_eq!(g.code, code.as_str());
                assert!(!g.meaning.is_empty());
                assert_eq!(g.steps.first(), Some(&Step::Disconnect), "{code}: disconnect first");
                assert_eq!(g.steps.last(), Some(&Step::Connect), "{code}: connect last");
                assert!(g.steps.len() >= 3, "{code} on {store_type}: a step beyond disconnect/connect");
            }
        }
    }

    #[test]
    fn codes_of_each_type_get_specific_words() {
        let cloudhsm_codes = [
            "CLUSTER_NOT_FOUND",
            "INSUFFICIENT_CLOUDHSM_HSMS",
            "USER_LOCKED_OUT",
            "USER_NOT_FOUND",
            "USER_LOGGED_IN",
            "SUBNET_NOT_FOUND",
            "INSUFFICIENT_FREE_ADDRESSES_IN_SUBNET",
        ];
        for code in ConnectionErrorCode::ALL {
            let hsm = for_failure(code, &KeyStoreType::CloudHsm, "eu-west-1");
            let xks = for_failure(code, &KeyStoreType::External, "eu-west-1");
            let for_xks_only = code.as_str().starts_with("XKS_");
            let for_hsm_only = cloudhsm_codes.contains(&code.as_str());
            assert_eq!(hsm.meaning.contains("unexpected"), for_xks_only, "{code} on CloudHSM");
            assert_eq!(xks.meaning.contains("unexpected"), for_hsm_only, "{code} on external");
        }
    }

    #[test]
    fn repairs_are_offered_where_the_console_can_do_them() {
        let fix = |code: &str, t: &KeyStoreType| {
            for_failure(&ConnectionErrorCode::from(code), t, "us-east-1").steps.iter().find_map(|s| match s {
                Step::Fix(f) => Some(*f),
                _ => None,
            })
        };
        for code in ["INVALID_CREDENTIALS", "USER_LOCKED_OUT", "USER_NOT_FOUND"] {
            assert_eq!(fix(code, &KeyStoreType::CloudHsm), Some(Fix::UpdateKmsuserPassword));
        }
        assert_eq!(fix("INVALID_CREDENTIALS", &KeyStoreType::External), Some(Fix::UpdateProxyCredential));
        assert_eq!(fix("CLUSTER_NOT_FOUND", &KeyStoreType::CloudHsm), Some(Fix::PointToRelatedCluster));
        assert_eq!(fix("XKS_PROXY_INVALID_CONFIGURATION", &KeyStoreType::External), Some(Fix::FixUriPath));
        assert_eq!(fix("NETWORK_ERRORS", &KeyStoreType::External), None);
    }

    #[test]
    fn region_names_the_principal_and_unknown_codes_still_help() {
        let g = for_failure(&ConnectionErrorCode::XksVpcEndpointServiceNotFound, &KeyStoreType::External, "ap-south-2");
        assert!(g.steps.iter().any(|s| matches!(s, Step::Outside(t) if t.contains("cks.kms.ap-south-2.amazonaws.com"))));
        let g = for_failure(&ConnectionErrorCode::from("BRAND_NEW_CODE"), &KeyStoreType::External, "us-east-1");
        assert_eq!(g.code, "BRAND_NEW_CODE");
        assert_eq!(g.doc_url, XKS_TROUBLESHOOTING_URL);
    }
}
