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
    let (scheme, rest) =
        url.split_once("://").ok_or_else(|| EndpointError("The endpoint URL must start with https:// (or http:// on this computer).".into()))?;
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    if authority.is_empty() || authority.contains('@') {
        return Err(EndpointError("The endpoint URL needs a host name, and no user name or password.".into()));
    }
    if rest[authority.len()..].contains(['?', '#']) {
        return Err(EndpointError("The endpoint URL must not carry a query or fragment.".into()));
    }
    match scheme.to_ascii_lowercase().as_str() {
        "https" => {}
        // The page's Content-Security-Policy must allow the endpoint, and Chromium accepts no form
        // of an IPv6 address in a CSP source ('http://[::1]:*' is "an invalid source" and ignored):
        // said here, before anything is sent, rather than as a blocked request.
        "http" if authority.starts_with('[') && is_loopback(authority) => {
            return Err(EndpointError("Plain http to [::1] cannot be allowed by the page's security policy (browsers accept no IPv6 address there); use http://127.0.0.1 or http://localhost.".into()))
        }
        "http" if is_loopback(authority) => {}
        "http" => return Err(EndpointError("Plain http is allowed only for 127.0.0.1 or localhost; use https.".into())),
        _ => return Err(EndpointError(format!("Unsupported scheme \"{scheme}\": use https."))),
    }
    let path = rest[authority.len()..].trim_end_matches('/');
    Ok(format!("{}://{authority}{path}/", scheme.to_ascii_lowercase()))
}

/// Endpoint overrides as the AWS tools name them: `AWS_ENDPOINT_URL` for every service, and
/// `AWS_ENDPOINT_URL_KMS` / `AWS_ENDPOINT_URL_STS` for one. A service's own URL wins.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Overrides {
    pub all: Option<String>,
    pub kms: Option<String>,
    pub sts: Option<String>,
}

impl Overrides {
    /// Validates each given URL; empty strings mean "not given". The error names the field.
    pub fn from_fields(all: &str, kms: &str, sts: &str) -> Result<Self, EndpointError> {
        let check = |name: &str, v: &str| -> Result<Option<String>, EndpointError> {
            if v.trim().is_empty() {
                return Ok(None);
            }
            validate_override(v).map(Some).map_err(|e| EndpointError(format!("{name}: {e}")))
        };
        Ok(Self { all: check("Endpoint URL for all services", all)?, kms: check("KMS endpoint URL", kms)?, sts: check("STS endpoint URL", sts)? })
    }

    /// The URL for `service` (`kms` or `sts`) in `region`.
    pub fn resolve(&self, service: &str, region: &str, fips: bool) -> Result<String, EndpointError> {
        let own = match service {
            "kms" => &self.kms,
            "sts" => &self.sts,
            _ => &None,
        };
        match own.as_ref().or(self.all.as_ref()) {
            Some(url) => Ok(url.clone()),
            None => service_url(service, region, fips),
        }
    }
}

/// Every service the console calls: its endpoint prefix (the key for overrides) and its name.
pub const SERVICES: [(&str, &str); 10] = [
    ("kms", "KMS"),
    ("sts", "STS"),
    ("cloudhsmv2", "CloudHSM"),
    ("monitoring", "CloudWatch"),
    ("cloudtrail", "CloudTrail"),
    ("ec2", "EC2"),
    ("elasticloadbalancing", "Elastic Load Balancing"),
    ("sns", "SNS"),
    ("iam", "IAM"),
    ("organizations", "Organizations"),
];

/// IAM's and Organizations' one endpoint in the `aws` partition (the console reaches them only
/// there, or through an endpoint for every service).
const GLOBAL: [(&str, &str); 2] = [("iam", "https://iam.amazonaws.com/"), ("organizations", "https://organizations.us-east-1.amazonaws.com/")];

impl Overrides {
    /// Whether any endpoint was given.
    pub fn any(&self) -> bool {
        self.all.is_some() || self.kms.is_some() || self.sts.is_some()
    }

    /// Where each service's requests go, as one sentence: "Requests go to URL" when every
    /// service's go to one place, else each destination with the services that use it. A public
    /// endpoint is shown for the one Region picked, or with `<Region>` when there are several.
    pub fn destinations(&self, regions: &[String], fips: bool) -> String {
        let region = regions.first().map_or("us-east-1", String::as_str);
        let mut groups: Vec<(String, Vec<&str>)> = vec![];
        let aws_partition = partition_of(region).is_some_and(|p| p.dns_suffix == "amazonaws.com");
        for (service, title) in SERVICES {
            if let Some((_, global)) = GLOBAL.iter().find(|(g, _)| *g == service) {
                let url = match &self.all {
                    Some(all) => all.clone(),
                    None if aws_partition => (*global).to_owned(),
                    None => continue,
                };
                match groups.iter_mut().find(|(u, _)| *u == url) {
                    Some((_, titles)) => titles.push(title),
                    None => groups.push((url, vec![title])),
                }
                continue;
            }
            let url = match self.resolve(service, region, fips) {
                Ok(url) if regions.len() > 1 && !self.is_overridden(service) => url.replacen(&format!(".{region}."), ".<Region>.", 1),
                Ok(url) => url,
                Err(e) => e.0,
            };
            match groups.iter_mut().find(|(u, _)| *u == url) {
                Some((_, titles)) => titles.push(title),
                None => groups.push((url, vec![title])),
            }
        }
        if let [(url, _)] = groups.as_slice() {
            return format!("Requests go to {url}");
        }
        let parts: Vec<String> = groups.iter().map(|(url, titles)| format!("{} → {url}", titles.join(", "))).collect();
        format!("Requests go to: {}", parts.join(" · "))
    }

    fn is_overridden(&self, service: &str) -> bool {
        self.all.is_some() || (service == "kms" && self.kms.is_some()) || (service == "sts" && self.sts.is_some())
    }
}

/// Where requests go: the user's overrides and the FIPS choice, which always travel together.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Endpoints {
    pub overrides: Overrides,
    pub fips: bool,
}

impl Endpoints {
    pub fn new(overrides: Overrides, fips: bool) -> Self {
        Self { overrides, fips }
    }

    /// The URL for `service` (its endpoint prefix) in `region`.
    pub fn resolve(&self, service: &str, region: &str) -> Result<String, EndpointError> {
        self.overrides.resolve(service, region, self.fips)
    }

    /// Where each service's requests go, in words (see [`Overrides::destinations`]).
    pub fn destinations(&self, regions: &[String]) -> String {
        self.overrides.destinations(regions, self.fips)
    }
}

/// Whether every Region in `regions` has a FIPS endpoint for KMS (the toggle is offered only then).
pub fn fips_available(regions: &[String]) -> bool {
    !regions.is_empty() && regions.iter().all(|r| partition_of(r).is_some_and(|p| p.fips_regions.contains(&r.as_str())))
}

/// The host an endpoint URL sends to, as the browser will read it: lower case, no trailing dot,
/// no user name, no port; an IPv4 address in any form WHATWG URLs accept (`2130706433`,
/// `0x7f.1`, `127.1`) as dotted decimal; an IPv6 address in its compressed form. `None` when
/// there is no host to speak of. Two endpoints with one host reach the same party, whatever
/// their case, port, path or trailing slash.
pub fn host_of(url: &str) -> Option<String> {
    let url = url.trim();
    let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
    let authority = rest.split(['/', '?', '#', '\\']).next()?;
    let authority = authority.rsplit_once('@').map_or(authority, |(_, host)| host);
    let host = if let Some(v6) = authority.strip_prefix('[') {
        let inner = v6.split_once(']')?.0;
        return Some(inner.parse::<std::net::Ipv6Addr>().map_or_else(|_| format!("[{}]", inner.to_ascii_lowercase()), |ip| format!("[{ip}]")));
    } else {
        authority.split(':').next()?
    };
    let host = host.trim_end_matches('.').to_ascii_lowercase();
    if host.is_empty() {
        return None;
    }
    Some(whatwg_ipv4(&host).map_or(host, |ip| ip.to_string()))
}

/// `host` read as the WHATWG URL parser reads an IPv4 address: one to four parts, each decimal,
/// `0x` hex or `0` octal, the last filling the remaining bytes.
fn whatwg_ipv4(host: &str) -> Option<std::net::Ipv4Addr> {
    let parts: Vec<&str> = host.split('.').collect();
    if parts.len() > 4 || parts.iter().any(|p| p.is_empty()) {
        return None;
    }
    let numbers: Vec<u64> = parts
        .iter()
        .map(|p| {
            if let Some(hex) = p.strip_prefix("0x").or_else(|| p.strip_prefix("0X")) {
                if hex.is_empty() {
                    Some(0)
                } else {
                    u64::from_str_radix(hex, 16).ok()
                }
            } else if p.len() > 1 && p.starts_with('0') {
                u64::from_str_radix(&p[1..], 8).ok()
            } else {
                p.parse().ok()
            }
        })
        .collect::<Option<_>>()?;
    let (last, first) = numbers.split_last()?;
    if first.iter().any(|n| *n > 255) || *last >= 1u64 << (8 * (5 - numbers.len())) {
        return None;
    }
    let value = first.iter().enumerate().fold(*last, |v, (i, n)| v + (n << (8 * (3 - i))));
    Some(std::net::Ipv4Addr::from(value as u32))
}

/// Loopback means an IP address that parses as one in 127.0.0.0/8 or `::1`, or the name
/// `localhost`; nothing else (a host named `127.www.example.com` is a public name). The port, if
/// any, must be a number.
pub fn is_loopback(authority: &str) -> bool {
    let (host, port) = if let Some(v6) = authority.strip_prefix('[') {
        match v6.split_once(']') {
            Some((host, rest)) => (host, rest.strip_prefix(':')),
            None => return false,
        }
    } else {
        match authority.split_once(':') {
            Some((host, port)) => (host, Some(port)),
            None => (authority, None),
        }
    };
    if port.is_some_and(|p| p.is_empty() || !p.bytes().all(|b| b.is_ascii_digit())) {
        return false;
    }
    host.eq_ignore_ascii_case("localhost")
        || host.parse::<std::net::Ipv4Addr>().is_ok_and(|ip| ip.is_loopback())
        || host.parse::<std::net::Ipv6Addr>().is_ok_and(|ip| ip.is_loopback())
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
    fn a_service_override_beats_the_shared_one_which_beats_the_region() {
        let o = Overrides::from_fields("http://127.0.0.1:9780", "", "https://sts-vpce.example.com").unwrap();
        assert_eq!(o.resolve("kms", "eu-west-1", false).unwrap(), "http://127.0.0.1:9780/");
        assert_eq!(o.resolve("sts", "eu-west-1", false).unwrap(), "https://sts-vpce.example.com/");
        let none = Overrides::default();
        assert_eq!(none.resolve("sts", "eu-west-1", true).unwrap(), "https://sts-fips.eu-west-1.amazonaws.com/");
        let e = Overrides::from_fields("", "http://kms.example.com", "").unwrap_err();
        assert!(e.0.starts_with("KMS endpoint URL: "), "{e}");
    }

    #[test]
    fn each_service_is_said_to_go_where_it_goes() {
        let all = Overrides::from_fields("http://127.0.0.1:9780", "", "").unwrap();
        assert_eq!(all.destinations(&["us-east-1".into()], false), "Requests go to http://127.0.0.1:9780/");
        // Only KMS and STS pointed elsewhere: the other three go to AWS, and the sentence says so.
        let partial = Overrides::from_fields("", "http://127.0.0.1:9780", "http://127.0.0.1:9780").unwrap();
        assert_eq!(
            partial.destinations(&["eu-west-1".into()], false),
            "Requests go to: KMS, STS → http://127.0.0.1:9780/ · CloudHSM → https://cloudhsmv2.eu-west-1.amazonaws.com/ · \
             CloudWatch → https://monitoring.eu-west-1.amazonaws.com/ · CloudTrail → https://cloudtrail.eu-west-1.amazonaws.com/ · \
             EC2 → https://ec2.eu-west-1.amazonaws.com/ · Elastic Load Balancing → https://elasticloadbalancing.eu-west-1.amazonaws.com/ · \
             SNS → https://sns.eu-west-1.amazonaws.com/ · IAM → https://iam.amazonaws.com/ · Organizations → https://organizations.us-east-1.amazonaws.com/"
        );
        let sts_only = Overrides::from_fields("", "", "https://sts-vpce.example.com").unwrap();
        assert_eq!(
            sts_only.destinations(&["us-east-1".into(), "eu-west-1".into()], false),
            "Requests go to: KMS → https://kms.<Region>.amazonaws.com/ · STS → https://sts-vpce.example.com/ · CloudHSM → https://cloudhsmv2.<Region>.amazonaws.com/ · \
             CloudWatch → https://monitoring.<Region>.amazonaws.com/ · CloudTrail → https://cloudtrail.<Region>.amazonaws.com/ · \
             EC2 → https://ec2.<Region>.amazonaws.com/ · Elastic Load Balancing → https://elasticloadbalancing.<Region>.amazonaws.com/ · \
             SNS → https://sns.<Region>.amazonaws.com/ · IAM → https://iam.amazonaws.com/ · Organizations → https://organizations.us-east-1.amazonaws.com/"
        );
        assert!(!Overrides::default().any() && partial.any());
    }

    #[test]
    fn one_host_however_it_is_written() {
        let link = host_of("http://127.0.0.1:9780").unwrap();
        for same in [
            "http://127.0.0.1:9780/",
            "HTTP://127.0.0.1:9780//",
            "http://127.0.0.1:1234/other/path",
            "http://user@127.0.0.1:9780",
            "http://2130706433:9780",
            "http://0x7f.1:9780/",
            "http://127.1/",
            "http://0177.0.0.1",
            " http://127.0.0.1.:9780 ",
        ] {
            assert_eq!(host_of(same).as_deref(), Some(link.as_str()), "{same}");
        }
        assert_eq!(host_of("https://KMS.Example.COM./").unwrap(), "kms.example.com");
        assert_eq!(host_of("https://kms.example.com:443").unwrap(), host_of("https://kms.example.com/x/").unwrap());
        assert_eq!(host_of("http://[0:0:0:0:0:0:0:1]:8").unwrap(), host_of("http://[::1]/").unwrap());
        for other in ["http://127.0.0.2:9780", "http://localhost:9780", "https://kms.example.org", "https://127.0.0.1.example.com"] {
            assert_ne!(host_of(other).as_deref(), Some(link.as_str()), "{other}");
        }
        assert_eq!(host_of("http://"), None);
        assert_eq!(whatwg_ipv4("256.0.0.1"), None);
        assert_eq!(whatwg_ipv4("example"), None);
    }

    #[test]
    fn fips_is_offered_only_where_every_region_has_it() {
        assert!(fips_available(&["us-east-1".into(), "us-gov-west-1".into()]));
        assert!(!fips_available(&["us-east-1".into(), "cn-north-1".into()]));
        assert!(!fips_available(&[]));
    }

    #[test]
    fn overrides_must_be_https_or_loopback_http() {
        assert_eq!(validate_override("http://127.0.0.1:9780").unwrap(), "http://127.0.0.1:9780/");
        assert_eq!(validate_override(" http://localhost:1/ ").unwrap(), "http://localhost:1/");
        let v6 = validate_override("http://[::1]:8/").unwrap_err();
        assert!(v6.0.starts_with("Plain http to [::1] cannot be allowed by the page's security policy"), "{v6}");
        assert_eq!(validate_override("https://[::1]:8/").unwrap(), "https://[::1]:8/", "https is allowed anywhere, IPv6 included");
        assert_eq!(validate_override("https://vpce-1.kms.us-east-1.vpce.amazonaws.com").unwrap(), "https://vpce-1.kms.us-east-1.vpce.amazonaws.com/");
        assert!(validate_override("http://example.com").is_err());
        assert!(validate_override("http://127.0.0.1.evil.com").is_err());
        assert!(validate_override("http://127.www.evil.com").is_err(), "a name that starts with 127. is not an address");
        assert!(validate_override("http://127.0.0.1:80@evil.com").is_err());
        assert!(validate_override("http://127.0.0.1:x/").is_err());
        assert!(validate_override("http://[::1").is_err());
        assert_eq!(validate_override("http://127.8.9.10:1").unwrap(), "http://127.8.9.10:1/", "all of 127.0.0.0/8");
        assert!(validate_override("http://128.0.0.1").is_err());
        assert!(validate_override("ftp://127.0.0.1").is_err());
        assert!(validate_override("kms.us-east-1.amazonaws.com").is_err());
        assert!(validate_override("https://user:pw@host").is_err());
        assert!(validate_override("https://host/?a=b").is_err());
    }
}
