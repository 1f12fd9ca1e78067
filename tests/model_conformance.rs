//! The console's model knowledge against the shapes derived from AWS's model (the sandbox's
//! `model/kms-shapes.json`): member names, enum values and constraints may not drift.

use cks_console::kms::model::{
    ConnectionErrorCode, ConnectionState, CreateCustomKeyStoreRequest, KeyStore, KeyStoreType, StoreSettings, UpdateCustomKeyStoreRequest, XksConnectivity,
    XksProxyConfiguration, XksProxyCredential,
};
use cks_console::kms::operation::Operation;
use cks_console::kms::validation::Member;
use cks_sandbox::model::{kms, validate_input, validate_output};
use serde_json::{json, Value};

fn members(shape: &str) -> Vec<String> {
    kms().shapes[shape].members.keys().cloned().collect()
}

fn keys(v: &Value) -> Vec<String> {
    let mut k: Vec<String> = v.as_object().unwrap().keys().cloned().collect();
    k.sort();
    k
}

#[test]
fn every_list_entry_member_round_trips_with_the_models_names() {
    let full = KeyStore {
        custom_key_store_id: Some("cks-1234567890abcdef0".into()),
        custom_key_store_name: Some("n".into()),
        cloud_hsm_cluster_id: Some("cluster-234abcdefABC".into()),
        trust_anchor_certificate: Some("c".into()),
        connection_state: Some(ConnectionState::Failed),
        connection_error_code: Some(ConnectionErrorCode::NetworkErrors),
        creation_date: Some(1.5e9),
        custom_key_store_type: Some(KeyStoreType::External),
        xks_proxy_configuration: Some(XksProxyConfiguration {
            connectivity: Some(XksConnectivity::VpcEndpointService),
            access_key_id: Some("ABCDEFGHIJKLMNOPQRST".into()),
            uri_endpoint: Some("https://example.com".into()),
            uri_path: Some("/kms/xks/v1".into()),
            vpc_endpoint_service_name: Some("com.amazonaws.vpce.us-east-1.vpce-svc-example1".into()),
            vpc_endpoint_service_owner: Some("111122223333".into()),
        }),
    };
    let v = serde_json::to_value(&full).unwrap();
    assert_eq!(keys(&v), members("CustomKeyStoresListEntry"));
    assert_eq!(keys(&v["XksProxyConfiguration"]), members("XksProxyConfigurationType"));
    validate_output(kms(), "CustomKeyStoresListEntry", &v).unwrap();
}

#[test]
fn enums_match_the_model_value_for_value() {
    let values = |shape: &str| kms().shapes[shape].values.clone();
    let ours = |all: Vec<&str>| all.into_iter().map(str::to_owned).collect::<Vec<_>>();
    assert_eq!(ours(ConnectionErrorCode::ALL.iter().map(|c| c.as_str()).collect()), values("ConnectionErrorCodeType"));
    assert_eq!(ours(ConnectionState::ALL.iter().map(|c| c.as_str()).collect()), values("ConnectionStateType"));
    assert_eq!(ours(KeyStoreType::ALL.iter().map(|c| c.as_str()).collect()), values("CustomKeyStoreType"));
    assert_eq!(ours(XksConnectivity::ALL.iter().map(|c| c.as_str()).collect()), values("XksProxyConnectivityType"));
}

#[test]
fn create_and_update_requests_use_only_model_members_and_validate() {
    let credential =
        XksProxyCredential { access_key_id: "ABCDEFGHIJKLMNOPQRST".into(), raw_secret_access_key: "DXjSUawnel2fr6SKC7G25CNxTyWKE5PF9XX6H/u9pSo=".into() };
    let settings = StoreSettings {
        xks_proxy_uri_endpoint: Some("https://proxy.example.com".into()),
        xks_proxy_uri_path: Some("/kms/xks/v1".into()),
        xks_proxy_vpc_endpoint_service_name: Some("com.amazonaws.vpce.us-east-1.vpce-svc-example1".into()),
        xks_proxy_vpc_endpoint_service_owner: Some("111122223333".into()),
        xks_proxy_authentication_credential: Some(credential),
        xks_proxy_connectivity: Some(XksConnectivity::VpcEndpointService),
        cloud_hsm_cluster_id: Some("cluster-234abcdefABC".into()),
        key_store_password: Some("kmsPswd".into()),
    };
    let create = CreateCustomKeyStoreRequest {
        custom_key_store_name: "x".into(),
        custom_key_store_type: Some(KeyStoreType::External),
        trust_anchor_certificate: Some("c".into()),
        settings: settings.clone(),
    };
    let v = serde_json::to_value(&create).unwrap();
    assert_eq!(keys(&v), members("CreateCustomKeyStoreRequest"));
    assert_eq!(validate_input(kms(), "CreateCustomKeyStoreRequest", &v), Ok(()));
    let update = UpdateCustomKeyStoreRequest {
        custom_key_store_id: "cks-1".into(),
        new_custom_key_store_name: Some("y".into()),
        settings: StoreSettings { xks_proxy_connectivity: Some(XksConnectivity::PublicEndpoint), ..settings },
    };
    let v = serde_json::to_value(&update).unwrap();
    assert_eq!(keys(&v), members("UpdateCustomKeyStoreRequest"));
    assert_eq!(validate_input(kms(), "UpdateCustomKeyStoreRequest", &v), Ok(()));
}

#[test]
fn field_constraints_equal_the_models_and_agree_on_samples() {
    for member in Member::ALL {
        let (shape, min, max) = member.shape();
        let s = &kms().shapes[shape];
        assert_eq!((s.min, s.max), (Some(min as f64), Some(max as f64)), "{member:?}");
    }
    // The hand-written pattern checks decide as the model's patterns do.
    let samples = [
        ("CloudHsmClusterId", Member::CloudHsmClusterId, vec!["cluster-234abcdefABC", "cluster-1abcdefghijk", "cluster-abcdefghijk", "xcluster-abcdefghijk"]),
        (
            "XksProxyUriPath",
            Member::XksProxyUriPath,
            vec!["/kms/xks/v1", "/p/kms/xks/v99", "/kms/xks/v100", "/p q/kms/xks/v1", "//kms/xks/v1", "/a//b/kms/xks/v2"],
        ),
        ("XksProxyUriEndpoint", Member::XksProxyUriEndpoint, vec!["https://a.example.com", "https://a_b.example.com", "https://a.example.com:443"]),
        (
            "XksProxyVpcEndpointServiceName",
            Member::XksProxyVpcEndpointServiceName,
            vec![
                "com.amazonaws.vpce.us-east-1.vpce-svc-abc",
                "eu.amazonaws.vpce.eu-west-1.vpce-svc-0a",
                "com.amazonaws.vpce.us-gov-west-1.vpce-svc-0a",
                "com.amazonaws.vpce.us-east.vpce-svc-0a",
            ],
        ),
    ];
    for (member_name, member, values) in samples {
        for value in values {
            let model_ok = validate_input(kms(), "UpdateCustomKeyStoreRequest", &json!({"CustomKeyStoreId": "c", member_name: value})).is_ok();
            assert_eq!(member.check(value).is_none(), model_ok, "{member_name} {value:?}");
        }
    }
}

#[test]
fn every_operation_name_is_in_the_model() {
    for op in Operation::ALL {
        assert!(kms().operations.contains_key(op.name()), "{}", op.name());
    }
}
