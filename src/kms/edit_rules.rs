//! Which store settings UpdateCustomKeyStore accepts in which connection state (REFERENCE.md
//! section 2): the name always; an external key store's proxy credential and URI path also while
//! CONNECTED; everything else only while DISCONNECTED.

use super::model::{ConnectionState, KeyStoreType};

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
}
