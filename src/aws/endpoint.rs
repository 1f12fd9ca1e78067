//! Where a request goes: the service's public endpoint for a Region, or a URL the user gave
//! (a VPC endpoint, or the sandbox on loopback).

use super::regions::partition_of;
use std::fmt;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EndpointError(pub String);

impl fmt::Display for EndpointError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The URL of `service` (`kms`, `sts`) in `region`, following the partition's DNS suffix.
pub fn service_url(service: &str, region: &str, fips: bool) -> Result<String, EndpointError> {
    let partition = partition_of(region).ok_or_else(|| EndpointError(format!("KMS is not offered in Region \"{region}\".")))?;
    if fips && !partition.fips_regions.contains(&region) {
        return Err(EndpointError(format!("There is no FIPS endpoint for KMS in {region}.")));
    }
    let host = if fips { format!("{service}-fips") } else { service.to_owned() };
    Ok(format!("https://{host}.{region}.{}/", partition.dns_suffix))
}

/// Checks a user-given endpoint URL and returns it normalised with a trailing `/`.
/// Plain http is allowed only on loopback, where nothing crosses a network.
pub fn validate_override(url: &str) -> Result<String, EndpointError> {
    let url = url.trim();
    let (scheme, rest) = url
        .split_once("://")
        .ok_or_else(|| EndpointError("The endpoint URL must start with https:// (or http:// on this computer).".into()))?;
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    if authority.is_empty() || authority.contains('@') {
        return Err(EndpointError("The endpoint URL needs a host name, and no user name or password.".into()));
    }
    if rest[authority.len()..].contains(['?', '#']) {
        return Err(EndpointError("The endpoint URL must not carry a query or fragment.".into()));
    }
    match scheme.to_ascii_lowercase().as_str() {
        "https" => {}
        "http" if is_loopback(authority) => {}
        "http" => return Err(EndpointError("Plain http is allowed only for 127.0.0.1, [::1] or localhost; use https.".into())),
        _ => return Err(EndpointError(format!("Unsupported scheme \"{scheme}\": use https."))),
    }
    let path = rest[authority.len()..].trim_end_matches('/');
    Ok(format!("{}://{authority}{path}/", scheme.to_ascii_lowercase()))
}

fn is_loopback(authority: &str) -> bool {
    let host = if let Some(v6) = authority.strip_prefix('[') {
        v6.split(']').next().unwrap_or_default()
    } else {
        authority.rsplit_once(':').map_or(authority, |(h, _)| h)
    };
    host == "localhost" || host == "::1" || host.split('.').next() == Some("127") && host.split('.').count() == 4
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn public_endpoints_follow_partitions() {
        assert_eq!(service_url("kms", "us-east-1", false).unwrap(), "https://kms.us-east-1.amazonaws.com/");
        assert_eq!(service_url("kms", "us-east-1", true).unwrap(), "https://kms-fips.us-east-1.amazonaws.com/");
        assert_eq!(service_url("kms", "cn-north-1", false).unwrap(), "https://kms.cn-north-1.amazonaws.com.cn/");
        assert_eq!(service_url("sts", "us-gov-west-1", false).unwrap(), "https://sts.us-gov-west-1.amazonaws.com/");
        assert!(service_url("kms", "cn-north-1", true).is_err(), "China has no FIPS endpoint");
        assert!(service_url("kms", "moon-1", false).is_err());
    }

    #[test]
    fn overrides_must_be_https_or_loopback_http() {
        assert_eq!(validate_override("http://127.0.0.1:9780").unwrap(), "http://127.0.0.1:9780/");
        assert_eq!(validate_override(" http://localhost:1/ ").unwrap(), "http://localhost:1/");
        assert_eq!(validate_override("http://[::1]:8/").unwrap(), "http://[::1]:8/");
        assert_eq!(
            validate_override("https://vpce-1.kms.us-east-1.vpce.amazonaws.com").unwrap(),
            "https://vpce-1.kms.us-east-1.vpce.amazonaws.com/"
        );
        assert!(validate_override("http://example.com").is_err());
        assert!(validate_override("http://127.0.0.1.evil.com").is_err());
        assert!(validate_override("ftp://127.0.0.1").is_err());
        assert!(validate_override("kms.us-east-1.amazonaws.com").is_err());
        assert!(validate_override("https://user:pw@host").is_err());
        assert!(validate_override("https://host/?a=b").is_err());
    }
}
