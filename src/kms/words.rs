//! What people read for each of the model's enum values. The wire value stays in the details and
//! in tooltips, where an operator matching it against the CLI or CloudTrail looks for it.

use super::model::{ConnectionState, KeyStoreType, XksConnectivity};

pub fn state(s: &ConnectionState) -> &str {
    match s {
        ConnectionState::Connected => "Connected",
        ConnectionState::Connecting => "Connecting",
        ConnectionState::Failed => "Failed",
        ConnectionState::Disconnected => "Disconnected",
        ConnectionState::Disconnecting => "Disconnecting",
        ConnectionState::Unknown(other) => other,
    }
}

pub fn store_type(t: &KeyStoreType) -> &str {
    match t {
        KeyStoreType::CloudHsm => "CloudHSM key store",
        KeyStoreType::External => "External key store",
        KeyStoreType::Unknown(other) => other,
    }
}

/// The same in a table's Type column, where the column's heading already says "key store".
pub fn store_type_short(t: &KeyStoreType) -> &str {
    match t {
        KeyStoreType::CloudHsm => "CloudHSM",
        KeyStoreType::External => "External",
        KeyStoreType::Unknown(other) => other,
    }
}

pub fn connectivity(c: &XksConnectivity) -> &str {
    match c {
        XksConnectivity::PublicEndpoint => "Public endpoint",
        XksConnectivity::VpcEndpointService => "VPC endpoint service",
        XksConnectivity::Unknown(other) => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_known_value_has_words_and_unknown_ones_keep_their_wire_value() {
        for s in ConnectionState::ALL {
            assert_ne!(state(s), s.as_str(), "{s}");
        }
        for t in KeyStoreType::ALL {
            assert_ne!(store_type(t), t.as_str());
        }
        for c in XksConnectivity::ALL {
            assert_ne!(connectivity(c), c.as_str());
        }
        assert_eq!(state(&ConnectionState::Unknown("PAUSED".into())), "PAUSED");
        assert_eq!(connectivity(&XksConnectivity::VpcEndpointService), "VPC endpoint service");
    }
}
