//! Which store settings UpdateCustomKeyStore accepts in which connection state (REFERENCE.md
//! section 2): the name always; an external key store's proxy credential and URI path also while
//! CONNECTED; everything else only while DISCONNECTED.

use super::model::{ConnectionState, KeyStoreType, UpdateCustomKeyStoreRequest, XksConnectivity, XksProxyCredential};
use super::validation::Member;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Setting {
    Name,
    KmsuserPassword,
    ClusterId,
    XksUriEndpoint,
    XksUriPath,
    XksConnectivity,
    XksVpcEndpointService,
    XksCredential,
}

impl Setting {
    pub fn applies_to(self, store_type: &KeyStoreType) -> bool {
        match self {
            Self::Name => true,
            Self::KmsuserPassword | Self::ClusterId => matches!(store_type, KeyStoreType::CloudHsm),
            _ => matches!(store_type, KeyStoreType::External),
        }
    }
}

/// `Ok` when KMS accepts a change of `setting` now, else the reason it will not.
pub fn editable(setting: Setting, state: &ConnectionState) -> Result<(), &'static str> {
    use ConnectionState::*;
    match (setting, state) {
        (Setting::Name, _) => Ok(()),
        (Setting::XksCredential | Setting::XksUriPath, Connected | Disconnected) => Ok(()),
        (Setting::XksCredential | Setting::XksUriPath, _) => Err("Can change only while the store is CONNECTED or DISCONNECTED."),
        (_, Disconnected) => Ok(()),
        _ => Err("Can change only while the store is DISCONNECTED: disconnect it first."),
    }
}

pub fn setting_label(setting: Setting) -> &'static str {
    match setting {
        Setting::Name => "Update the name",
        Setting::KmsuserPassword => "Update the kmsuser password",
        Setting::ClusterId => "Point to a related cluster",
        Setting::XksUriEndpoint => "Update the proxy URI endpoint",
        Setting::XksUriPath => "Fix the URI path",
        Setting::XksConnectivity => "Update the proxy connectivity",
        Setting::XksVpcEndpointService => "Update the VPC endpoint service",
        Setting::XksCredential => "Update the proxy credential",
    }
}

/// How a value is entered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputKind {
    Text,
    /// Hidden as it is typed.
    Secret,
    /// One of the model's `XksProxyConnectivityType` values, picked from a list.
    Connectivity,
}

/// The inputs of a setting: (label, model member, how it is entered), one or two of them.
pub fn inputs(setting: Setting) -> Vec<(&'static str, Option<Member>, InputKind)> {
    use InputKind::{Secret, Text};
    match setting {
        Setting::Name => vec![("New name", Some(Member::CustomKeyStoreName), Text)],
        Setting::KmsuserPassword => vec![("New kmsuser password", Some(Member::KeyStorePassword), Secret)],
        Setting::ClusterId => vec![("Related cluster ID", Some(Member::CloudHsmClusterId), Text)],
        Setting::XksUriEndpoint => vec![("New proxy URI endpoint", Some(Member::XksProxyUriEndpoint), Text)],
        Setting::XksUriPath => vec![("New proxy URI path", Some(Member::XksProxyUriPath), Text)],
        Setting::XksConnectivity => vec![("New connectivity", None, InputKind::Connectivity)],
        Setting::XksVpcEndpointService => vec![
            ("New VPC endpoint service name", Some(Member::XksProxyVpcEndpointServiceName), Text),
            ("New VPC endpoint service owner (optional)", Some(Member::XksProxyVpcEndpointServiceOwner), Text),
        ],
        Setting::XksCredential => vec![
            ("New proxy access key ID", Some(Member::XksProxyAccessKeyId), Secret),
            ("New proxy secret access key", Some(Member::XksProxyRawSecretAccessKey), Secret),
        ],
    }
}

pub fn update_request(setting: Setting, id: &str, values: &[String]) -> UpdateCustomKeyStoreRequest {
    let v = |i: usize| values.get(i).map(|s| s.trim().to_owned()).filter(|s| !s.is_empty());
    let mut r = UpdateCustomKeyStoreRequest { custom_key_store_id: id.to_owned(), ..Default::default() };
    let settings = &mut r.settings;
    match setting {
        Setting::Name => r.new_custom_key_store_name = v(0),
        Setting::KmsuserPassword => settings.key_store_password = values.first().cloned(),
        Setting::ClusterId => settings.cloud_hsm_cluster_id = v(0),
        Setting::XksUriEndpoint => settings.xks_proxy_uri_endpoint = v(0),
        Setting::XksUriPath => settings.xks_proxy_uri_path = v(0),
        Setting::XksConnectivity => settings.xks_proxy_connectivity = v(0).map(|c| XksConnectivity::from(c.as_str())),
        Setting::XksVpcEndpointService => {
            settings.xks_proxy_vpc_endpoint_service_name = v(0);
            settings.xks_proxy_vpc_endpoint_service_owner = v(1);
        }
        Setting::XksCredential => {
            settings.xks_proxy_authentication_credential =
                Some(XksProxyCredential { access_key_id: v(0).unwrap_or_default(), raw_secret_access_key: v(1).unwrap_or_default() })
        }
    }
    r
}

/// What is wrong with the typed values, if anything (an optional second value may stay empty).
pub fn problem(setting: Setting, values: &[String]) -> Option<String> {
    for (i, ((label, member, _), value)) in inputs(setting).iter().zip(values).enumerate() {
        let optional = setting == Setting::XksVpcEndpointService && i == 1;
        if value.trim().is_empty() {
            if optional {
                continue;
            }
            return Some(format!("{label} is required."));
        }
        match member {
            Some(m) => {
                if let Some(why) = m.check(value.trim()) {
                    return Some(format!("{label} {why}."));
                }
            }
            None if XksConnectivity::from(value.trim()).as_str_static().is_empty() => return Some(format!("{label}: pick one of the two.")),
            None => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use ConnectionState::*;

    #[test]
    fn the_name_always_xks_credential_and_path_while_connected_the_rest_when_disconnected() {
        for state in ConnectionState::ALL {
            assert!(editable(Setting::Name, state).is_ok());
            let live = matches!(state, Connected | Disconnected);
            assert_eq!(editable(Setting::XksCredential, state).is_ok(), live, "{state}");
            assert_eq!(editable(Setting::XksUriPath, state).is_ok(), live, "{state}");
            for s in [Setting::KmsuserPassword, Setting::ClusterId, Setting::XksUriEndpoint, Setting::XksConnectivity, Setting::XksVpcEndpointService] {
                assert_eq!(editable(s, state).is_ok(), *state == Disconnected, "{s:?} {state}");
            }
        }
        assert!(editable(Setting::ClusterId, &Failed).unwrap_err().contains("disconnect it first"));
    }

    #[test]
    fn settings_belong_to_their_store_type() {
        assert!(Setting::KmsuserPassword.applies_to(&KeyStoreType::CloudHsm));
        assert!(!Setting::KmsuserPassword.applies_to(&KeyStoreType::External));
        assert!(Setting::XksUriPath.applies_to(&KeyStoreType::External));
        assert!(Setting::Name.applies_to(&KeyStoreType::External));
    }

    #[test]
    fn requests_carry_only_the_setting() {
        let r = update_request(Setting::XksCredential, "cks-1", &["ABCDEFGHIJKLMNOPQRST".into(), " secret ".into()]);
        assert_eq!(r.settings.xks_proxy_authentication_credential.unwrap().raw_secret_access_key, "secret");
        assert_eq!(r.new_custom_key_store_name, None);
        assert_eq!(problem(Setting::KmsuserPassword, &["short".into()]).unwrap(), "New kmsuser password must be 7 to 32 characters (now 5).");
        assert_eq!(problem(Setting::XksVpcEndpointService, &["com.amazonaws.vpce.us-east-1.vpce-svc-abc".into(), String::new()]), None);
    }
}
