//! Serde types that follow `aws-models/kms/service-2.json` member for member. Every member is
//! optional there, so every member is optional here. Enums keep values they don't know: AWS adds
//! values, and a console that refuses a whole list over one new word is worse than useless.

use serde::{Deserialize, Serialize};
use std::fmt;

/// Declares a string enum of the model with an `Unknown(String)` fallback.
macro_rules! open_enum {
    ($(#[$meta:meta])* $name:ident { $($variant:ident = $wire:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        pub enum $name {
            $($variant,)+
            /// A value this console does not know yet, kept as AWS sent it.
            Unknown(String),
        }

        impl $name {
            /// Every value the model defines, in the model's order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            pub fn as_str(&self) -> &str {
                match self {
                    $($name::$variant => $wire,)+
                    $name::Unknown(other) => other,
                }
            }

            /// The model's spelling of a known value; empty for an unknown one.
            pub fn as_str_static(&self) -> &'static str {
                match self {
                    $($name::$variant => $wire,)+
                    $name::Unknown(_) => "",
                }
            }
        }

        impl From<&str> for $name {
            fn from(value: &str) -> Self {
                match value {
                    $($wire => $name::$variant,)+
                    other => $name::Unknown(other.to_owned()),
                }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let value = std::borrow::Cow::<str>::deserialize(d)?;
                Ok($name::from(value.as_ref()))
            }
        }
    };
}
pub(crate) use open_enum;

open_enum!(
    /// `ConnectionStateType`.
    ConnectionState {
        Connected = "CONNECTED",
        Connecting = "CONNECTING",
        Failed = "FAILED",
        Disconnected = "DISCONNECTED",
        Disconnecting = "DISCONNECTING",
    }
);

open_enum!(
    /// `CustomKeyStoreType`.
    KeyStoreType {
        CloudHsm = "AWS_CLOUDHSM",
        External = "EXTERNAL_KEY_STORE",
    }
);

open_enum!(
    /// `XksProxyConnectivityType`.
    XksConnectivity {
        PublicEndpoint = "PUBLIC_ENDPOINT",
        VpcEndpointService = "VPC_ENDPOINT_SERVICE",
    }
);

open_enum!(
    /// `ConnectionErrorCodeType`: why a store is FAILED.
    ConnectionErrorCode {
        InvalidCredentials = "INVALID_CREDENTIALS",
        ClusterNotFound = "CLUSTER_NOT_FOUND",
        NetworkErrors = "NETWORK_ERRORS",
        InternalError = "INTERNAL_ERROR",
        InsufficientCloudHsmHsms = "INSUFFICIENT_CLOUDHSM_HSMS",
        UserLockedOut = "USER_LOCKED_OUT",
        UserNotFound = "USER_NOT_FOUND",
        UserLoggedIn = "USER_LOGGED_IN",
        SubnetNotFound = "SUBNET_NOT_FOUND",
        InsufficientFreeAddressesInSubnet = "INSUFFICIENT_FREE_ADDRESSES_IN_SUBNET",
        XksProxyAccessDenied = "XKS_PROXY_ACCESS_DENIED",
        XksProxyNotReachable = "XKS_PROXY_NOT_REACHABLE",
        XksVpcEndpointServiceNotFound = "XKS_VPC_ENDPOINT_SERVICE_NOT_FOUND",
        XksProxyInvalidResponse = "XKS_PROXY_INVALID_RESPONSE",
        XksProxyInvalidConfiguration = "XKS_PROXY_INVALID_CONFIGURATION",
        XksVpcEndpointServiceInvalidConfiguration = "XKS_VPC_ENDPOINT_SERVICE_INVALID_CONFIGURATION",
        XksProxyTimedOut = "XKS_PROXY_TIMED_OUT",
        XksProxyInvalidTlsConfiguration = "XKS_PROXY_INVALID_TLS_CONFIGURATION",
    }
);

/// `XksProxyConfigurationType`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct XksProxyConfiguration {
    pub connectivity: Option<XksConnectivity>,
    pub access_key_id: Option<String>,
    pub uri_endpoint: Option<String>,
    pub uri_path: Option<String>,
    pub vpc_endpoint_service_name: Option<String>,
    pub vpc_endpoint_service_owner: Option<String>,
}

/// `CustomKeyStoresListEntry`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct KeyStore {
    pub custom_key_store_id: Option<String>,
    pub custom_key_store_name: Option<String>,
    pub cloud_hsm_cluster_id: Option<String>,
    pub trust_anchor_certificate: Option<String>,
    pub connection_state: Option<ConnectionState>,
    pub connection_error_code: Option<ConnectionErrorCode>,
    /// Epoch seconds. awsJson sends timestamps as JSON numbers, sometimes in exponent form
    /// (`1.499288695918E9`), which `f64` reads as it is.
    pub creation_date: Option<f64>,
    pub custom_key_store_type: Option<KeyStoreType>,
    pub xks_proxy_configuration: Option<XksProxyConfiguration>,
}

impl KeyStore {
    pub fn id(&self) -> &str {
        self.custom_key_store_id.as_deref().unwrap_or_default()
    }

    pub fn name(&self) -> &str {
        self.custom_key_store_name.as_deref().unwrap_or_default()
    }

    /// A store that predates external key stores has no type member: it is a CloudHSM one.
    pub fn store_type(&self) -> KeyStoreType {
        self.custom_key_store_type.clone().unwrap_or(KeyStoreType::CloudHsm)
    }
}

/// `DescribeCustomKeyStoresRequest`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeCustomKeyStoresRequest {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub custom_key_store_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub custom_key_store_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub limit: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub marker: Option<String>,
}

/// `DescribeCustomKeyStoresResponse`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeCustomKeyStoresResponse {
    #[serde(default)]
    pub custom_key_stores: Option<Vec<KeyStore>>,
    pub next_marker: Option<String>,
    pub truncated: Option<bool>,
}

/// The input of Connect, Disconnect and Delete: `{"CustomKeyStoreId": ...}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct CustomKeyStoreIdRequest {
    pub custom_key_store_id: String,
}

/// `XksProxyAuthenticationCredentialType`. Sensitive: `Debug` hides the secret.
#[derive(Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct XksProxyCredential {
    pub access_key_id: String,
    pub raw_secret_access_key: String,
}

impl fmt::Debug for XksProxyCredential {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("XksProxyCredential").field("access_key_id", &"** redacted **").field("raw_secret_access_key", &"** redacted **").finish()
    }
}

/// The settings CreateCustomKeyStore and UpdateCustomKeyStore share, member for member: a
/// CloudHSM store's cluster and kmsuser password, an external key store's proxy. Flattened into
/// both requests; members of the other store type stay `None`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct StoreSettings {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cloud_hsm_cluster_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub key_store_password: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub xks_proxy_uri_endpoint: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub xks_proxy_uri_path: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub xks_proxy_vpc_endpoint_service_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub xks_proxy_vpc_endpoint_service_owner: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub xks_proxy_authentication_credential: Option<XksProxyCredential>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub xks_proxy_connectivity: Option<XksConnectivity>,
}

/// `CreateCustomKeyStoreRequest`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct CreateCustomKeyStoreRequest {
    pub custom_key_store_name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub custom_key_store_type: Option<KeyStoreType>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub trust_anchor_certificate: Option<String>,
    #[serde(flatten)]
    pub settings: StoreSettings,
}

/// `CreateCustomKeyStoreResponse`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct CreateCustomKeyStoreResponse {
    pub custom_key_store_id: Option<String>,
}

/// `UpdateCustomKeyStoreRequest`: only the members given change.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct UpdateCustomKeyStoreRequest {
    pub custom_key_store_id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub new_custom_key_store_name: Option<String>,
    #[serde(flatten)]
    pub settings: StoreSettings,
}

/// Outputs that carry no members (`{}`); unknown members are ignored as for every output.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct EmptyResponse {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_models_own_example_with_an_exponent_date() {
        let body = r#"{"CustomKeyStores":[{"CloudHsmClusterId":"cluster-234abcdefABC","ConnectionState":"CONNECTED",
            "CreationDate":1.499288695918E9,"CustomKeyStoreId":"cks-1234567890abcdef0","CustomKeyStoreName":"ExampleKeyStore",
            "TrustAnchorCertificate":"<certificate appears here>"}],"Truncated":false}"#;
        let parsed: DescribeCustomKeyStoresResponse = serde_json::from_str(body).unwrap();
        let store = &parsed.custom_key_stores.unwrap()[0];
        assert_eq!(store.creation_date, Some(1_499_288_695.918));
        assert_eq!(store.connection_state, Some(ConnectionState::Connected));
        assert_eq!(store.store_type(), KeyStoreType::CloudHsm);
        assert_eq!(parsed.truncated, Some(false));
    }

    #[test]
    fn reads_an_external_store_and_keeps_unknown_enum_values() {
        let body = r#"{"CustomKeyStores":[{"CustomKeyStoreId":"cks-9876543210fedcba9","ConnectionState":"DEGRADED",
            "ConnectionErrorCode":"XKS_SOMETHING_NEW","CreationDate":1700000000,"CustomKeyStoreType":"EXTERNAL_KEY_STORE",
            "XksProxyConfiguration":{"Connectivity":"PUBLIC_ENDPOINT","AccessKeyId":"ABCDE12345ABCDE12345",
            "UriEndpoint":"https://myproxy.xks.example.com","UriPath":"/kms/xks/v1","FutureMember":1}}],
            "NextMarker":"abc","Truncated":true,"FutureTopLevel":"ignored"}"#;
        let parsed: DescribeCustomKeyStoresResponse = serde_json::from_str(body).unwrap();
        let store = &parsed.custom_key_stores.unwrap()[0];
        assert_eq!(store.connection_state, Some(ConnectionState::Unknown("DEGRADED".into())));
        assert_eq!(store.connection_error_code.as_ref().unwrap().as_str(), "XKS_SOMETHING_NEW");
        assert_eq!(store.store_type(), KeyStoreType::External);
        let xks = store.xks_proxy_configuration.as_ref().unwrap();
        assert_eq!(xks.connectivity, Some(XksConnectivity::PublicEndpoint));
        assert_eq!(xks.uri_path.as_deref(), Some("/kms/xks/v1"));
        assert_eq!(parsed.next_marker.as_deref(), Some("abc"));
    }

    #[test]
    fn enums_round_trip_every_model_value() {
        assert_eq!(ConnectionErrorCode::ALL.len(), 18);
        for code in ConnectionErrorCode::ALL {
            assert_eq!(&ConnectionErrorCode::from(code.as_str()), code);
            assert!(!matches!(code, ConnectionErrorCode::Unknown(_)));
        }
        assert_eq!(ConnectionState::ALL.len(), 5);
    }

    #[test]
    fn create_and_update_serialise_only_what_is_given() {
        let create = CreateCustomKeyStoreRequest {
            custom_key_store_name: "x".into(),
            custom_key_store_type: Some(KeyStoreType::External),
            settings: StoreSettings {
                xks_proxy_authentication_credential: Some(XksProxyCredential { access_key_id: "A".into(), raw_secret_access_key: "s3cr3t".into() }),
                xks_proxy_connectivity: Some(XksConnectivity::PublicEndpoint),
                ..Default::default()
            },
            ..Default::default()
        };
        assert_eq!(
            serde_json::to_string(&create).unwrap(),
            r#"{"CustomKeyStoreName":"x","CustomKeyStoreType":"EXTERNAL_KEY_STORE","XksProxyAuthenticationCredential":{"AccessKeyId":"A","RawSecretAccessKey":"s3cr3t"},"XksProxyConnectivity":"PUBLIC_ENDPOINT"}"#
        );
        let settings = StoreSettings { key_store_password: Some("p".into()), ..Default::default() };
        let update = UpdateCustomKeyStoreRequest { custom_key_store_id: "cks-1".into(), settings, ..Default::default() };
        assert_eq!(serde_json::to_string(&update).unwrap(), r#"{"CustomKeyStoreId":"cks-1","KeyStorePassword":"p"}"#);
        assert!(!format!("{create:?}").contains("s3cr3t"), "Debug hides the proxy secret");
    }

    #[test]
    fn requests_serialise_with_model_member_names() {
        let req = DescribeCustomKeyStoresRequest { limit: Some(100), marker: Some("m".into()), ..Default::default() };
        assert_eq!(serde_json::to_string(&req).unwrap(), r#"{"Limit":100,"Marker":"m"}"#);
        let req = CustomKeyStoreIdRequest { custom_key_store_id: "cks-1".into() };
        assert_eq!(serde_json::to_string(&req).unwrap(), r#"{"CustomKeyStoreId":"cks-1"}"#);
    }
}
