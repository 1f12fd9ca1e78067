//! An external key store's proxy configuration file, as the Create form accepts it by upload: JSON
//! whose members are CreateCustomKeyStore's own (`XksProxyUriEndpoint`, `XksProxyUriPath`,
//! `XksProxyConnectivity`, `XksProxyVpcEndpointServiceName`, `XksProxyVpcEndpointServiceOwner`,
//! `XksProxyAuthenticationCredential` with `AccessKeyId` and `RawSecretAccessKey`).

use super::model::XksConnectivity;
use serde_json::Value;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ProxyConfig {
    pub uri_endpoint: Option<String>,
    pub uri_path: Option<String>,
    pub connectivity: Option<XksConnectivity>,
    pub vpc_endpoint_service_name: Option<String>,
    pub vpc_endpoint_service_owner: Option<String>,
    pub access_key_id: Option<String>,
    pub secret_access_key: Option<String>,
}

/// Reads the file; member names match without regard to case. Unknown members are refused by
/// name, so a typo does not silently drop a setting.
pub fn parse(text: &str) -> Result<ProxyConfig, String> {
    let value: Value = serde_json::from_str(text).map_err(|e| format!("The file is not JSON (line {}: {e}).", e.line()))?;
    let object = value.as_object().ok_or("The file must hold one JSON object.")?;
    let mut config = ProxyConfig::default();
    for (key, v) in object {
        let text = || v.as_str().map(str::to_owned).ok_or(format!("\"{key}\" must be a string."));
        match key.to_ascii_lowercase().as_str() {
            "xksproxyuriendpoint" => config.uri_endpoint = Some(text()?),
            "xksproxyuripath" => config.uri_path = Some(text()?),
            "xksproxyconnectivity" => {
                let value = XksConnectivity::from(text()?.as_str());
                if let XksConnectivity::Unknown(other) = value {
                    return Err(format!("\"{key}\" must be PUBLIC_ENDPOINT or VPC_ENDPOINT_SERVICE, not \"{other}\"."));
                }
                config.connectivity = Some(value);
            }
            "xksproxyvpcendpointservicename" => config.vpc_endpoint_service_name = Some(text()?),
            "xksproxyvpcendpointserviceowner" => config.vpc_endpoint_service_owner = Some(text()?),
            "xksproxyauthenticationcredential" => {
                let c = v.as_object().ok_or(format!("\"{key}\" must be an object with AccessKeyId and RawSecretAccessKey."))?;
                let field = |name: &str| c.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).and_then(|(_, v)| v.as_str()).map(str::to_owned);
                config.access_key_id = field("AccessKeyId");
                config.secret_access_key = field("RawSecretAccessKey");
            }
            "customkeystorename" | "customkeystoretype" => {}
            _ => return Err(format!("\"{key}\" is not a setting of an external key store's proxy.")),
        }
    }
    Ok(config)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_every_setting_and_refuses_unknown_ones() {
        let text = r#"{"XksProxyUriEndpoint": "https://proxy.example.com", "XksProxyUriPath": "/kms/xks/v1",
            "XksProxyConnectivity": "VPC_ENDPOINT_SERVICE", "XksProxyVpcEndpointServiceName": "com.amazonaws.vpce.us-east-1.vpce-svc-abc",
            "xksProxyVpcEndpointServiceOwner": "111122223333",
            "XksProxyAuthenticationCredential": {"AccessKeyId": "ABCDEFGHIJKLMNOPQRST", "RawSecretAccessKey": "secret"}}"#;
        let c = parse(text).unwrap();
        assert_eq!(c.uri_path.as_deref(), Some("/kms/xks/v1"));
        assert_eq!(c.vpc_endpoint_service_owner.as_deref(), Some("111122223333"));
        assert_eq!(c.secret_access_key.as_deref(), Some("secret"));
        assert_eq!(c.connectivity, Some(XksConnectivity::VpcEndpointService));
        assert!(parse(r#"{"XksProxyConnectivity": "PUBLIC"}"#).unwrap_err().contains("PUBLIC_ENDPOINT or VPC_ENDPOINT_SERVICE"));
        assert!(parse(r#"{"XksProxyUriPth": "/kms/xks/v1"}"#).unwrap_err().contains("XksProxyUriPth"));
        assert!(parse("[1]").is_err());
        assert!(parse("{").unwrap_err().starts_with("The file is not JSON"));
    }
}
