//! The checks before creating, updating or connecting an external key store (REFERENCE §3 and
//! §10). Over a VPC endpoint service: the service exists and is Available, does not require
//! acceptance, has a verified private DNS name, spans at least two Availability Zones, allows
//! KMS's principal `cks.kms.<region>.amazonaws.com`, and is backed by a Network Load Balancer with
//! a TLS listener on 443 — read from EC2 `DescribeVpcEndpointServiceConfigurations` and
//! `DescribeVpcEndpointServicePermissions` and ELBv2 `DescribeLoadBalancers` and
//! `DescribeListeners`. Over a public endpoint: https on 443 and a URI path the model accepts.
//! Each failing check names what Connect would end in; a call that could not be made is "not
//! checked" with its reason (see `unchecked`). A service owned by another account
//! (`XksProxyVpcEndpointServiceOwner`) is described only to its owner: the page says so and checks
//! only the store's own settings.

use super::preflight::{Check, Predicted, Status};
use super::unchecked::why_not_checked_by;
use crate::aws::error::ServiceError;
use crate::aws::http::{HttpRequest, Transport};
use crate::aws::query_client::{QueryClient, EC2, ELBV2};
use crate::aws::sts::build_query_request;
use crate::aws::xml::{children, element, elements, own_element};
use crate::kms::model::XksConnectivity;
use crate::kms::validation::Member;
use crate::kms::{ConnectionErrorCode, KeyStore};

/// EC2's answer for an endpoint service id it does not know (or will not show this caller).
pub const SERVICE_NOT_FOUND: &str = "InvalidVpcEndpointServiceId.NotFound";

/// KMS's service principal in `region`, which the endpoint service must allow.
pub fn kms_principal(region: &str) -> String {
    format!("cks.kms.{region}.amazonaws.com")
}

/// The endpoint service id at the end of a service name (`com.amazonaws.vpce.<region>.vpce-svc-…`).
pub fn service_id_of(service_name: &str) -> &str {
    service_name.rsplit('.').next().unwrap_or(service_name)
}

/// One `ServiceConfiguration`, as much as the checks need.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EndpointService {
    pub service_id: String,
    pub service_name: String,
    /// `Pending | Available | Deleting | Deleted | Failed`.
    pub state: Option<String>,
    pub acceptance_required: Option<bool>,
    pub private_dns_name: Option<String>,
    /// `pendingVerification | verified | failed`.
    pub private_dns_state: Option<String>,
    pub availability_zones: Vec<String>,
    pub network_load_balancer_arns: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AllowedPrincipal {
    /// `All | Service | OrganizationUnit | Account | User | Role`.
    pub principal_type: Option<String>,
    pub principal: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LoadBalancer {
    pub arn: String,
    pub name: String,
    /// `application | network | gateway`.
    pub kind: Option<String>,
    pub state: Option<String>,
    pub zones: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Listener {
    pub arn: String,
    pub load_balancer_arn: String,
    pub protocol: Option<String>,
    pub port: Option<u16>,
}

fn list<'a>(doc: &'a str, wrapper: &str, item: &str) -> Vec<&'a str> {
    elements(doc, wrapper).first().map(|inner| children(inner, item)).unwrap_or_default()
}

fn texts(doc: &str, wrapper: &str, item: &str) -> Vec<String> {
    list(doc, wrapper, item).into_iter().map(crate::aws::xml::unescape).map(|s| s.trim().to_owned()).collect()
}

fn answer_check(xml: &str, result: &str, action: &str) -> Result<(), String> {
    if xml.contains(&format!("<{result}")) {
        Ok(())
    } else {
        Err(format!("The answer to {action} is not {action}'s answer."))
    }
}

/// EC2 `DescribeVpcEndpointServiceConfigurations`' answer.
pub fn parse_service_configurations(xml: &str) -> Result<Vec<EndpointService>, String> {
    answer_check(xml, "DescribeVpcEndpointServiceConfigurationsResponse", "DescribeVpcEndpointServiceConfigurations")?;
    Ok(list(xml, "serviceConfigurationSet", "item")
        .into_iter()
        .map(|item| {
            let dns = elements(item, "privateDnsNameConfiguration").first().copied();
            EndpointService {
                service_id: element(item, "serviceId").unwrap_or_default(),
                service_name: element(item, "serviceName").unwrap_or_default(),
                state: element(item, "serviceState"),
                acceptance_required: element(item, "acceptanceRequired").map(|v| v.trim() == "true"),
                private_dns_name: own_element(item, "privateDnsName", &["privateDnsNameConfiguration"]),
                private_dns_state: dns.and_then(|d| element(d, "state")),
                availability_zones: texts(item, "availabilityZoneSet", "item"),
                network_load_balancer_arns: texts(item, "networkLoadBalancerArnSet", "item"),
            }
        })
        .collect())
}

/// EC2 `DescribeVpcEndpointServicePermissions`' answer.
pub fn parse_service_permissions(xml: &str) -> Result<Vec<AllowedPrincipal>, String> {
    answer_check(xml, "DescribeVpcEndpointServicePermissionsResponse", "DescribeVpcEndpointServicePermissions")?;
    Ok(list(xml, "allowedPrincipals", "item")
        .into_iter()
        .filter_map(|item| Some(AllowedPrincipal { principal_type: element(item, "principalType"), principal: element(item, "principal")? }))
        .collect())
}

/// ELBv2 `DescribeLoadBalancers`' answer.
pub fn parse_load_balancers(xml: &str) -> Result<Vec<LoadBalancer>, String> {
    answer_check(xml, "DescribeLoadBalancersResult", "DescribeLoadBalancers")?;
    Ok(list(xml, "LoadBalancers", "member")
        .into_iter()
        .map(|m| LoadBalancer {
            arn: element(m, "LoadBalancerArn").unwrap_or_default(),
            name: element(m, "LoadBalancerName").unwrap_or_default(),
            kind: element(m, "Type"),
            state: elements(m, "State").first().and_then(|s| element(s, "Code")),
            zones: list(m, "AvailabilityZones", "member").into_iter().filter_map(|z| element(z, "ZoneName")).collect(),
        })
        .collect())
}

/// ELBv2 `DescribeListeners`' answer.
pub fn parse_listeners(xml: &str) -> Result<Vec<Listener>, String> {
    answer_check(xml, "DescribeListenersResult", "DescribeListeners")?;
    Ok(list(xml, "Listeners", "member")
        .into_iter()
        .map(|m| Listener {
            arn: own_element(m, "ListenerArn", &["DefaultActions"]).unwrap_or_default(),
            load_balancer_arn: own_element(m, "LoadBalancerArn", &["DefaultActions"]).unwrap_or_default(),
            protocol: own_element(m, "Protocol", &["DefaultActions"]),
            port: own_element(m, "Port", &["DefaultActions"]).and_then(|p| p.trim().parse().ok()),
        })
        .collect())
}

/// `Filter.1.Name=service-name&Filter.1.Value.1=<name>` (the ec2 protocol's lists).
pub fn service_configurations_request(endpoint_url: &str, service_name: &str) -> HttpRequest {
    build_query_request(
        endpoint_url,
        EC2.version,
        "DescribeVpcEndpointServiceConfigurations",
        &[("Filter.1.Name", "service-name"), ("Filter.1.Value.1", service_name)],
    )
}

pub fn service_permissions_request(endpoint_url: &str, service_id: &str) -> HttpRequest {
    build_query_request(endpoint_url, EC2.version, "DescribeVpcEndpointServicePermissions", &[("ServiceId", service_id)])
}

/// `LoadBalancerArns.member.N` (the query protocol's lists).
pub fn load_balancers_request(endpoint_url: &str, arns: &[String]) -> HttpRequest {
    let keys: Vec<String> = (1..=arns.len()).map(|n| format!("LoadBalancerArns.member.{n}")).collect();
    let params: Vec<(&str, &str)> = keys.iter().map(String::as_str).zip(arns.iter().map(String::as_str)).collect();
    build_query_request(endpoint_url, ELBV2.version, "DescribeLoadBalancers", &params)
}

pub fn listeners_request(endpoint_url: &str, load_balancer_arn: &str) -> HttpRequest {
    build_query_request(endpoint_url, ELBV2.version, "DescribeListeners", &[("LoadBalancerArn", load_balancer_arn)])
}

/// What one read found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Lookup<V> {
    Found(V),
    /// The service answered and does not know it.
    Missing,
    /// The question could not be asked or answered: the sentence says why.
    NotChecked(String),
}

/// Everything the VPC checks read, gathered by [`read_vpc_facts`] or built by a test.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VpcFacts {
    pub service: Lookup<EndpointService>,
    pub permissions: Lookup<Vec<AllowedPrincipal>>,
    pub load_balancers: Lookup<Vec<LoadBalancer>>,
    /// Of every load balancer found.
    pub listeners: Lookup<Vec<Listener>>,
}

fn skipped<V>(what: &str) -> Lookup<V> {
    Lookup::NotChecked(format!("Not checked: {what} is read once the endpoint service is found."))
}

fn not_checked<V>(title: &str, region: &str, action: &str, e: &ServiceError) -> Lookup<V> {
    Lookup::NotChecked(why_not_checked_by(title, region, action, e))
}

/// Reads the endpoint service named `service_name`, its permissions, its load balancers and their
/// listeners: four calls at most (one DescribeListeners per load balancer). `ec2` and `elb` sign
/// for the store's Region in the caller's account (build them with [`EC2`] and [`ELBV2`] and the
/// endpoint `Overrides::resolve("ec2" | "elasticloadbalancing", region, false)` gives).
pub async fn read_vpc_facts<T: Transport>(ec2: &QueryClient<T>, elb: &QueryClient<T>, service_name: &str) -> VpcFacts {
    let region = ec2.region().to_owned();
    let ec2_title = ec2.service().title;
    let service = match ec2.call("DescribeVpcEndpointServiceConfigurations", &[("Filter.1.Name", "service-name"), ("Filter.1.Value.1", service_name)]).await {
        Ok(xml) => match parse_service_configurations(&xml) {
            Ok(found) => {
                found.into_iter().find(|s| s.service_name == service_name || s.service_id == service_id_of(service_name)).map_or(Lookup::Missing, Lookup::Found)
            }
            Err(why) => Lookup::NotChecked(format!("Not checked: {why}")),
        },
        Err(e) if e.code() == SERVICE_NOT_FOUND => Lookup::Missing,
        Err(e) => not_checked(ec2_title, &region, "ec2:DescribeVpcEndpointServiceConfigurations", &e),
    };
    let Lookup::Found(found) = &service else {
        return VpcFacts {
            service,
            permissions: skipped("Its permissions"),
            load_balancers: skipped("Its load balancer"),
            listeners: skipped("Its listeners"),
        };
    };
    let service_id = if found.service_id.is_empty() { service_id_of(service_name).to_owned() } else { found.service_id.clone() };
    let permissions = match ec2.call("DescribeVpcEndpointServicePermissions", &[("ServiceId", &service_id)]).await {
        Ok(xml) => parse_service_permissions(&xml).map_or_else(|why| Lookup::NotChecked(format!("Not checked: {why}")), Lookup::Found),
        Err(e) if e.code() == SERVICE_NOT_FOUND => Lookup::Missing,
        Err(e) => not_checked(ec2_title, &region, "ec2:DescribeVpcEndpointServicePermissions", &e),
    };
    let arns = found.network_load_balancer_arns.clone();
    if arns.is_empty() {
        return VpcFacts { service, permissions, load_balancers: Lookup::Found(vec![]), listeners: Lookup::Found(vec![]) };
    }
    let keys: Vec<String> = (1..=arns.len()).map(|n| format!("LoadBalancerArns.member.{n}")).collect();
    let params: Vec<(&str, &str)> = keys.iter().map(String::as_str).zip(arns.iter().map(String::as_str)).collect();
    let elb_title = elb.service().title;
    let load_balancers = match elb.call("DescribeLoadBalancers", &params).await {
        Ok(xml) => parse_load_balancers(&xml).map_or_else(|why| Lookup::NotChecked(format!("Not checked: {why}")), Lookup::Found),
        Err(e) if e.code() == "LoadBalancerNotFound" => Lookup::Missing,
        Err(e) => not_checked(elb_title, &region, "elasticloadbalancing:DescribeLoadBalancers", &e),
    };
    let mut listeners = Vec::new();
    for arn in &arns {
        match elb.call("DescribeListeners", &[("LoadBalancerArn", arn)]).await {
            Ok(xml) => match parse_listeners(&xml) {
                Ok(found) => listeners.extend(found),
                Err(why) => return VpcFacts { service, permissions, load_balancers, listeners: Lookup::NotChecked(format!("Not checked: {why}")) },
            },
            Err(e) if e.code() == "LoadBalancerNotFound" => {}
            Err(e) => {
                return VpcFacts {
                    service,
                    permissions,
                    load_balancers,
                    listeners: not_checked(elb_title, &region, "elasticloadbalancing:DescribeListeners", &e),
                }
            }
        }
    }
    VpcFacts { service, permissions, load_balancers, listeners: Lookup::Found(listeners) }
}

const INVALID: ConnectionErrorCode = ConnectionErrorCode::XksVpcEndpointServiceInvalidConfiguration;
const NOT_FOUND: ConnectionErrorCode = ConnectionErrorCode::XksVpcEndpointServiceNotFound;

/// The titles of the VPC checks, in order.
pub const VPC_CHECKS: [&str; 7] = [
    "The endpoint service exists and is available",
    "Acceptance not required",
    "Private DNS name verified",
    "At least two Availability Zones",
    "KMS may connect",
    "Network Load Balancer",
    "TLS listener on port 443",
];

/// The checks for an external key store (either connectivity), before Create, Update or Connect.
/// `caller_account` is the signed-in account (a service another account owns is not readable);
/// `facts` is what [`read_vpc_facts`] found (`None` for a public endpoint, or when not read).
pub fn xks_checks(store: &KeyStore, region: &str, caller_account: &str, facts: Option<&VpcFacts>) -> Vec<Check> {
    let Some(proxy) = store.xks_proxy_configuration.as_ref() else {
        return vec![Check::new("Proxy settings", Status::NotChecked, "KMS gave no proxy configuration for this store.")];
    };
    let mut checks = Vec::new();
    let vpc = proxy.connectivity == Some(XksConnectivity::VpcEndpointService);
    if vpc {
        let owner = proxy.vpc_endpoint_service_owner.as_deref().filter(|o| !o.is_empty() && *o != caller_account);
        match (owner, facts) {
            (Some(owner), _) => {
                let why = format!(
                    "Not checked: the endpoint service belongs to account {owner}, and EC2 describes an endpoint service only to its owner. Ask that account to check it against this list."
                );
                checks.extend(VPC_CHECKS.iter().map(|t| Check::new(t, Status::NotChecked, why.clone())));
            }
            (None, None) => {
                checks.extend(VPC_CHECKS.iter().map(|t| Check::new(t, Status::NotChecked, "Not checked yet: EC2 and Elastic Load Balancing were not asked.")))
            }
            (None, Some(facts)) => checks.extend(vpc_checks(region, proxy.vpc_endpoint_service_name.as_deref().unwrap_or("(none)"), facts)),
        }
    } else {
        checks.push(endpoint_check(proxy.uri_endpoint.as_deref().unwrap_or_default()));
    }
    checks.push(path_check(proxy.uri_path.as_deref().unwrap_or_default()));
    checks
}

/// Over a public endpoint: `https://` and a host name (the model's pattern has no room for a
/// port, so KMS calls 443).
fn endpoint_check(uri: &str) -> Check {
    const TITLE: &str = "https on port 443";
    if !uri.starts_with("https://") {
        return Check::new(TITLE, Status::Fail, format!("The proxy's endpoint {uri} is not https."))
            .fix("Give the proxy's https:// address: KMS talks to the proxy over TLS on port 443 only.")
            .predicts(Predicted::Refused("ValidationException"));
    }
    match Member::XksProxyUriEndpoint.check(uri) {
        None => Check::new(TITLE, Status::Pass, format!("{uri}: https, port 443.")),
        Some(why) => Check::new(TITLE, Status::Fail, format!("{uri}: {why}."))
            .fix("Give only https:// and the host name: no port (KMS uses 443), path, query or trailing slash.")
            .predicts(Predicted::Refused("ValidationException")),
    }
}

fn path_check(path: &str) -> Check {
    const TITLE: &str = "URI path";
    match Member::XksProxyUriPath.check(path) {
        None => Check::new(TITLE, Status::Pass, format!("{path} fits the model's pattern (…/kms/xks/v1).")),
        Some(why) => Check::new(TITLE, Status::Fail, format!("{path}: {why}."))
            .fix("Use the path the proxy documents, ending in /kms/xks/v1 (an optional prefix before it).")
            .predicts(Predicted::Refused("ValidationException")),
    }
}

fn vpc_checks(region: &str, service_name: &str, facts: &VpcFacts) -> Vec<Check> {
    let service = match &facts.service {
        Lookup::NotChecked(why) => return VPC_CHECKS.iter().map(|t| Check::new(t, Status::NotChecked, why.clone())).collect(),
        Lookup::Missing => {
            let mut checks = vec![Check::new(VPC_CHECKS[0], Status::Fail, format!("EC2 has no endpoint service {service_name} in this account and Region."))
                .fix("Check the service name (com.amazonaws.vpce.<region>.vpce-svc-…), and its owner if it is another account.")
                .predicts(Predicted::Fails(NOT_FOUND))];
            checks.extend(VPC_CHECKS[1..].iter().map(|t| Check::new(t, Status::NotChecked, "Not checked: the endpoint service was not found.")));
            return checks;
        }
        Lookup::Found(s) => s,
    };
    let mut checks = Vec::new();
    let state = service.state.as_deref().unwrap_or("unknown");
    checks.push(if state == "Available" {
        Check::new(VPC_CHECKS[0], Status::Pass, format!("{} is Available.", service.service_id))
    } else {
        Check::new(VPC_CHECKS[0], Status::Fail, format!("{} is {state}, not Available.", service.service_id))
            .fix("Wait until the endpoint service is Available, or create it again.")
            .predicts(Predicted::Fails(NOT_FOUND))
    });
    checks.push(match service.acceptance_required {
        Some(false) => Check::new(VPC_CHECKS[1], Status::Pass, "Connections are accepted without a manual acceptance."),
        Some(true) => Check::new(VPC_CHECKS[1], Status::Fail, "The endpoint service requires acceptance of each connection: KMS cannot wait for it.")
            .fix("Turn off \"Acceptance required\" (EC2 ModifyVpcEndpointServiceConfiguration, AcceptanceRequired false).")
            .predicts(Predicted::Fails(INVALID)),
        None => Check::new(VPC_CHECKS[1], Status::NotChecked, "EC2 did not say whether acceptance is required."),
    });
    let dns_state = service.private_dns_state.as_deref();
    checks.push(match (service.private_dns_name.as_deref(), dns_state) {
        (Some(name), Some("verified")) => Check::new(VPC_CHECKS[2], Status::Pass, format!("{name} is verified.")),
        (Some(name), other) => Check::new(VPC_CHECKS[2], Status::Fail, format!("{name} is {}, not verified.", other.unwrap_or("in an unknown state")))
            .fix("Add the TXT record EC2 shows for the name to its DNS zone and verify the domain; the name must be unique in the Region.")
            .predicts(Predicted::Fails(INVALID)),
        (None, _) => Check::new(VPC_CHECKS[2], Status::Fail, "The endpoint service has no private DNS name.")
            .fix("Give the endpoint service a private DNS name (the proxy's host name) and verify it.")
            .predicts(Predicted::Fails(INVALID)),
    });
    let mut zones = service.availability_zones.clone();
    if let Lookup::Found(lbs) = &facts.load_balancers {
        zones.extend(lbs.iter().flat_map(|lb| lb.zones.iter().cloned()));
    }
    zones.sort();
    zones.dedup();
    checks.push(if zones.len() >= 2 {
        Check::new(VPC_CHECKS[3], Status::Pass, format!("{} Availability Zones: {}.", zones.len(), zones.join(", ")))
    } else {
        Check::new(
            VPC_CHECKS[3],
            Status::Fail,
            format!(
                "{} Availability Zone{}{}.",
                zones.len(),
                if zones.len() == 1 { "" } else { "s" },
                zones.first().map(|z| format!(": {z}")).unwrap_or_default()
            ),
        )
        .fix("Give the Network Load Balancer subnets in at least two Availability Zones.")
        .predicts(Predicted::Fails(INVALID))
    });
    let principal = kms_principal(region);
    checks.push(match &facts.permissions {
        Lookup::NotChecked(why) => Check::new(VPC_CHECKS[4], Status::NotChecked, why.clone()),
        Lookup::Missing => Check::new(VPC_CHECKS[4], Status::NotChecked, "Not checked: EC2 did not find the service's permissions."),
        Lookup::Found(list) if list.iter().any(|p| p.principal == principal || p.principal == "*") => {
            Check::new(VPC_CHECKS[4], Status::Pass, format!("{principal} is allowed."))
        }
        Lookup::Found(_) => Check::new(VPC_CHECKS[4], Status::Fail, format!("{principal} is not among the allowed principals."))
            .fix(format!("Allow the principal {principal} (EC2 ModifyVpcEndpointServicePermissions, AddAllowedPrincipals)."))
            .predicts(Predicted::Fails(INVALID)),
    });
    let lbs = match &facts.load_balancers {
        Lookup::Found(lbs) => Some(lbs),
        _ => None,
    };
    checks.push(match (&facts.load_balancers, lbs) {
        (Lookup::NotChecked(why), _) => Check::new(VPC_CHECKS[5], Status::NotChecked, why.clone()),
        (_, Some(lbs)) if lbs.iter().any(|lb| lb.kind.as_deref() == Some("network")) => {
            let names: Vec<&str> = lbs.iter().filter(|lb| lb.kind.as_deref() == Some("network")).map(|lb| lb.name.as_str()).collect();
            Check::new(VPC_CHECKS[5], Status::Pass, format!("Network Load Balancer {}.", names.join(", ")))
        }
        _ => Check::new(VPC_CHECKS[5], Status::Fail, "No Network Load Balancer is behind the endpoint service.")
            .fix("Put the proxy behind a Network Load Balancer and attach it to the endpoint service.")
            .predicts(Predicted::Fails(INVALID)),
    });
    checks.push(match &facts.listeners {
        Lookup::NotChecked(why) => Check::new(VPC_CHECKS[6], Status::NotChecked, why.clone()),
        Lookup::Found(ls) if ls.iter().any(|l| l.protocol.as_deref() == Some("TLS") && l.port == Some(443)) => {
            Check::new(VPC_CHECKS[6], Status::Pass, "A TLS listener on port 443.")
        }
        Lookup::Found(ls) => {
            let seen: Vec<String> =
                ls.iter().map(|l| format!("{} {}", l.protocol.as_deref().unwrap_or("?"), l.port.map_or("?".into(), |p| p.to_string()))).collect();
            let detail =
                if seen.is_empty() { "The load balancer has no listener.".to_owned() } else { format!("Listeners: {}; none is TLS on 443.", seen.join(", ")) };
            Check::new(VPC_CHECKS[6], Status::Fail, detail)
                .fix("Add a TLS listener on port 443 (with the proxy's certificate) to the Network Load Balancer.")
                .predicts(Predicted::Fails(INVALID))
        }
        Lookup::Missing => {
            Check::new(VPC_CHECKS[6], Status::Fail, "The load balancer was not found, so it has no listener.").predicts(Predicted::Fails(INVALID))
        }
    });
    checks
}

/// Settings typed in Create or Update, as a store for [`xks_checks`] (the checks read only its
/// proxy configuration).
pub fn proposed_store(
    connectivity: XksConnectivity,
    uri_endpoint: &str,
    uri_path: &str,
    vpc_endpoint_service_name: Option<&str>,
    owner: Option<&str>,
) -> KeyStore {
    KeyStore {
        xks_proxy_configuration: Some(crate::kms::model::XksProxyConfiguration {
            connectivity: Some(connectivity),
            uri_endpoint: Some(uri_endpoint.to_owned()),
            uri_path: Some(uri_path.to_owned()),
            vpc_endpoint_service_name: vpc_endpoint_service_name.map(str::to_owned),
            vpc_endpoint_service_owner: owner.map(str::to_owned),
            ..Default::default()
        }),
        ..Default::default()
    }
}

/// `store` as it would be after an update with `settings`, for [`xks_checks`] before the update
/// is sent. A change to public connectivity drops the endpoint service, as KMS does.
pub fn updated_store(store: &KeyStore, settings: &crate::kms::model::StoreSettings) -> KeyStore {
    let mut next = store.clone();
    let proxy = next.xks_proxy_configuration.get_or_insert_with(Default::default);
    let set = |field: &mut Option<String>, value: &Option<String>| {
        if let Some(v) = value {
            *field = Some(v.clone());
        }
    };
    set(&mut proxy.uri_endpoint, &settings.xks_proxy_uri_endpoint);
    set(&mut proxy.uri_path, &settings.xks_proxy_uri_path);
    set(&mut proxy.vpc_endpoint_service_name, &settings.xks_proxy_vpc_endpoint_service_name);
    set(&mut proxy.vpc_endpoint_service_owner, &settings.xks_proxy_vpc_endpoint_service_owner);
    if let Some(c) = &settings.xks_proxy_connectivity {
        proxy.connectivity = Some(c.clone());
        if *c == XksConnectivity::PublicEndpoint {
            proxy.vpc_endpoint_service_name = None;
            proxy.vpc_endpoint_service_owner = None;
        }
    }
    next
}

/// The first certain failure's prediction, for the Connect confirmation ("Connect would end FAILED
/// with XKS_VPC_ENDPOINT_SERVICE_INVALID_CONFIGURATION.").
pub fn predicted(checks: &[Check]) -> Option<&Predicted> {
    checks.iter().filter(|c| c.status == Status::Fail).find_map(|c| c.predicts.as_ref())
}

#[cfg(test)]
#[path = "xks_preflight_tests.rs"]
mod tests;
