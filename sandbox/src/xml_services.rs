//! EC2 (the `ec2` protocol), Elastic Load Balancing v2 and SNS (the query protocol): form POSTs
//! answered in XML, each on the one port, told apart by the credential scope's service name
//! (`ec2`, `elasticloadbalancing`, `sns`). What a pre-flight of an external key store over a VPC
//! endpoint service reads (the endpoint service, its permissions, the load balancer and its
//! listeners) and the SNS topics an alarm can notify. Inputs are decoded by the model's shapes
//! and validated against them; outputs are built as the model's members and serialized by the
//! model too (EC2 by `locationName` with `<item>` lists, the query protocol by member name with
//! `<member>` lists), so a debug build checks every answer against the model.

use crate::auth::{authenticate, Caller};
use crate::clock::format_iso8601;
use crate::ids;
use crate::model::{self, ServiceShapes};
use crate::seed::EndpointServiceSeed;
use crate::sigv4::{SignedRequest, KMS_MAX_SKEW_SECONDS};
use crate::sts::{auth_fault, escape, params};
use crate::world::World;
use serde_json::{json, Map, Value};
use std::collections::BTreeMap;
use std::time::Instant;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum XmlApi {
    Ec2,
    Elb,
    Sns,
}

impl XmlApi {
    /// The service a credential scope names, if it is one of these.
    pub fn from_scope(service: &str) -> Option<XmlApi> {
        match service {
            "ec2" => Some(XmlApi::Ec2),
            "elasticloadbalancing" => Some(XmlApi::Elb),
            "sns" => Some(XmlApi::Sns),
            _ => None,
        }
    }

    /// The SigV4 service name, also the log's and the deny list's prefix.
    pub fn name(self) -> &'static str {
        match self {
            XmlApi::Ec2 => "ec2",
            XmlApi::Elb => "elasticloadbalancing",
            XmlApi::Sns => "sns",
        }
    }

    fn version(self) -> &'static str {
        match self {
            XmlApi::Ec2 => "2016-11-15",
            XmlApi::Elb => "2015-12-01",
            XmlApi::Sns => "2010-03-31",
        }
    }

    pub fn namespace(self) -> &'static str {
        match self {
            XmlApi::Ec2 => "http://ec2.amazonaws.com/doc/2016-11-15/",
            XmlApi::Elb => "http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/",
            XmlApi::Sns => "http://sns.amazonaws.com/doc/2010-03-31/",
        }
    }

    pub fn model(self) -> &'static ServiceShapes {
        match self {
            XmlApi::Ec2 => model::ec2(),
            XmlApi::Elb => model::elbv2(),
            XmlApi::Sns => model::sns(),
        }
    }

    /// EC2 lists are `<item>`s; the query protocol's are `<member>`s.
    fn list_item(self) -> &'static str {
        if self == XmlApi::Ec2 {
            "item"
        } else {
            "member"
        }
    }
}

/// A refusal: HTTP status, error code, message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct XmlFault {
    pub status: u16,
    pub code: String,
    pub message: String,
}

fn fault(status: u16, code: &str, message: impl Into<String>) -> XmlFault {
    XmlFault { status, code: code.to_owned(), message: message.into() }
}

impl XmlFault {
    /// EC2's error document is `<Response><Errors><Error>` with `<RequestID>`; the query
    /// protocol's is `<ErrorResponse>` in the service's namespace, as STS and IAM answer.
    pub fn body(&self, api: XmlApi, request_id: &str) -> String {
        let (code, message) = (escape(&self.code), escape(&self.message));
        match api {
            XmlApi::Ec2 => format!(
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Response><Errors><Error><Code>{code}</Code><Message>{message}</Message></Error></Errors><RequestID>{request_id}</RequestID></Response>\n"
            ),
            _ => {
                let kind = if self.status >= 500 { "Receiver" } else { "Sender" };
                format!(
                    "<ErrorResponse xmlns=\"{}\">\n  <Error>\n    <Type>{kind}</Type>\n    <Code>{code}</Code>\n    <Message>{message}</Message>\n  </Error>\n  <RequestId>{request_id}</RequestId>\n</ErrorResponse>\n",
                    api.namespace()
                )
            }
        }
    }
}

/// Handles one request; returns the XML body or a fault, and (action, caller) for the log.
pub fn handle(world: &mut World, api: XmlApi, request: &SignedRequest, now: i64, request_id: &str) -> (Result<String, XmlFault>, (String, Option<Caller>)) {
    let params = params(request);
    let action = params.get("Action").cloned().unwrap_or_default();
    let caller = match authenticate(world, request, api.name(), now, KMS_MAX_SKEW_SECONDS) {
        Ok(c) => c,
        Err(e) => {
            let f = auth_fault(e);
            return (Err(fault(f.status, &f.code, f.message)), (action, None));
        }
    };
    let result = serve(world, api, &caller, &action, &params).map(|(output_shape, output)| {
        debug_assert_eq!(model::validate_output(api.model(), output_shape, &output), Ok(()), "{action}'s answer fits the model");
        let body = serialize(api, output_shape, &output, 2);
        match api {
            XmlApi::Ec2 => format!(
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<{action}Response xmlns=\"{}\">\n  <requestId>{request_id}</requestId>\n{body}</{action}Response>\n",
                api.namespace()
            ),
            _ => format!(
                "<{action}Response xmlns=\"{}\">\n  <{action}Result>\n{body}  </{action}Result>\n  <ResponseMetadata>\n    <RequestId>{request_id}</RequestId>\n  </ResponseMetadata>\n</{action}Response>\n",
                api.namespace()
            ),
        }
    });
    (result, (action, Some(caller)))
}

fn serve(world: &mut World, api: XmlApi, caller: &Caller, action: &str, params: &BTreeMap<String, String>) -> Result<(&'static str, Value), XmlFault> {
    let shapes = api.model();
    let Some(op) = shapes.operations.get(action) else {
        return Err(fault(400, "InvalidAction", format!("The action {action} is not valid for this web service.")));
    };
    if params.get("Version").map(String::as_str) != Some(api.version()) {
        return Err(fault(400, "InvalidParameterValue", format!("Version must be {}.", api.version())));
    }
    denied(world, api, caller, action)?;
    let input_shape = op.input.as_deref().unwrap_or_default();
    let input = decode(api, input_shape, params, "")?;
    model::validate_input(shapes, input_shape, &input).map_err(|e| {
        let code = match api {
            XmlApi::Ec2 => "InvalidParameterValue",
            XmlApi::Elb => "ValidationError",
            XmlApi::Sns => "InvalidParameter",
        };
        fault(400, code, e.unwrap_or_else(|| "Malformed input.".into()))
    })?;
    let output_shape: &'static str = shapes.operations[action].output.as_deref().unwrap_or_default();
    let region = world.region(&caller.account_id, &caller.region, Instant::now());
    let services = &region.endpoint_services;
    let (account, rname) = (caller.account_id.as_str(), caller.region.as_str());
    let output = match action {
        "DescribeVpcEndpointServiceConfigurations" => describe_services(services, &input, account, rname)?,
        "DescribeVpcEndpointServicePermissions" => describe_permissions(services, &input)?,
        "DescribeLoadBalancers" => describe_load_balancers(services, &input, account, rname)?,
        "DescribeListeners" => describe_listeners(services, &input, account, rname)?,
        "ListTopics" => {
            json!({ "Topics": region.sns_topics.iter().map(|t| json!({ "TopicArn": format!("arn:aws:sns:{rname}:{account}:{t}") })).collect::<Vec<_>>() })
        }
        _ => return Err(fault(400, "InvalidAction", format!("The action {action} is not valid for this web service."))),
    };
    Ok((output_shape, output))
}

/// The deny list names `ec2:…`, `elasticloadbalancing:…`, `sns:…`; each service words the refusal its way.
fn denied(world: &World, api: XmlApi, caller: &Caller, action: &str) -> Result<(), XmlFault> {
    let name = format!("{}:{action}", api.name());
    if !world.accounts.get(&caller.account_id).is_some_and(|a| a.deny.contains(&name)) {
        return Ok(());
    }
    let message = format!("User: {} is not authorized to perform: {name} because no identity-based policy allows the {name} action", caller.arn);
    Err(match api {
        XmlApi::Ec2 => fault(403, "UnauthorizedOperation", format!("You are not authorized to perform this operation. {message}")),
        XmlApi::Elb => fault(403, "AccessDenied", message),
        // SNS's model: AuthorizationErrorException, code AuthorizationError, HTTP 403.
        XmlApi::Sns => fault(403, "AuthorizationError", message),
    })
}

/// The form's keys for `shape`, as JSON in the model's member names. EC2 names members by their
/// `locationName` (capitalized) and lists as `Name.N`; the query protocol by member name and lists
/// as `Name.member.N`.
fn decode(api: XmlApi, shape_name: &str, params: &BTreeMap<String, String>, prefix: &str) -> Result<Value, XmlFault> {
    let shapes = api.model();
    let shape = &shapes.shapes[shape_name];
    let mut out = Map::new();
    for (member, target) in &shape.members {
        let key = match shape.locations.get(member) {
            Some(loc) if api == XmlApi::Ec2 => capitalized(loc),
            _ => member.clone(),
        };
        let full = format!("{prefix}{key}");
        if let Some(v) = decode_value(api, target, params, &full)? {
            out.insert(member.clone(), v);
        }
    }
    Ok(Value::Object(out))
}

fn decode_value(api: XmlApi, target: &str, params: &BTreeMap<String, String>, full: &str) -> Result<Option<Value>, XmlFault> {
    let shapes = api.model();
    let shape = &shapes.shapes[target];
    Ok(match shape.kind.as_str() {
        "structure" => {
            let prefix = format!("{full}.");
            if !params.keys().any(|k| k.starts_with(&prefix)) {
                return Ok(None);
            }
            Some(decode(api, target, params, &prefix)?)
        }
        "list" => {
            let item = shape.member.as_deref().unwrap_or_default();
            let base = if api == XmlApi::Ec2 { full.to_owned() } else { format!("{full}.member") };
            let mut items = Vec::new();
            for n in 1.. {
                match decode_value(api, item, params, &format!("{base}.{n}"))? {
                    Some(v) => items.push(v),
                    None => break,
                }
            }
            (!items.is_empty()).then_some(Value::Array(items))
        }
        kind => match params.get(full) {
            None => None,
            Some(raw) => Some(match kind {
                "integer" | "long" => {
                    raw.parse::<i64>().map(Value::from).map_err(|_| fault(400, "InvalidParameterValue", format!("{full} must be an integer.")))?
                }
                "boolean" => Value::Bool(raw == "true"),
                _ => Value::from(raw.as_str()),
            }),
        },
    })
}

fn capitalized(s: &str) -> String {
    let mut c = s.chars();
    c.next().map(|f| f.to_uppercase().chain(c).collect()).unwrap_or_default()
}

/// XML elements for `value` of shape `shape_name`, indented by `depth` levels.
fn serialize(api: XmlApi, shape_name: &str, value: &Value, depth: usize) -> String {
    let shapes = api.model();
    let shape = &shapes.shapes[shape_name];
    let pad = "  ".repeat(depth);
    let mut out = String::new();
    for (member, target) in &shape.members {
        let Some(v) = value.get(member).filter(|v| !v.is_null()) else { continue };
        let element = match shape.locations.get(member) {
            Some(loc) if api == XmlApi::Ec2 => loc.clone(),
            _ => member.clone(),
        };
        out.push_str(&format!("{pad}<{element}>{}</{element}>\n", content(api, target, v, depth + 1)));
    }
    out
}

fn content(api: XmlApi, target: &str, v: &Value, depth: usize) -> String {
    let shape = &api.model().shapes[target];
    let pad = "  ".repeat(depth - 1);
    match shape.kind.as_str() {
        "structure" => format!("\n{}{pad}", serialize(api, target, v, depth)),
        "list" => {
            let item = shape.member.as_deref().unwrap_or_default();
            let tag = api.list_item();
            let inner: String = v.as_array().into_iter().flatten().map(|i| format!("{pad}  <{tag}>{}</{tag}>\n", content(api, item, i, depth + 1))).collect();
            format!("\n{inner}{pad}")
        }
        "timestamp" => format_iso8601(v.as_f64().unwrap_or_default() as i64),
        _ => match v {
            Value::String(s) => escape(s),
            other => other.to_string(),
        },
    }
}

fn strings(input: &Value, member: &str) -> Vec<String> {
    input.get(member).and_then(Value::as_array).into_iter().flatten().filter_map(|v| v.as_str().map(str::to_owned)).collect()
}

fn ec2_not_found(id: &str) -> XmlFault {
    fault(400, "InvalidVpcEndpointServiceId.NotFound", format!("The Vpc Endpoint Service Id '{id}' does not exist"))
}

fn describe_services(services: &[EndpointServiceSeed], input: &Value, account: &str, region: &str) -> Result<Value, XmlFault> {
    let ids = strings(input, "ServiceIds");
    if let Some(missing) = ids.iter().find(|id| !services.iter().any(|s| &&s.service_id == id)) {
        return Err(ec2_not_found(missing));
    }
    let filters: Vec<(String, Vec<String>)> = input
        .get("Filters")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .map(|f| (f["Name"].as_str().unwrap_or_default().to_owned(), strings(f, "Values")))
        .collect();
    let mut found = Vec::new();
    for s in services {
        if !ids.is_empty() && !ids.contains(&s.service_id) {
            continue;
        }
        let keep = filters.iter().all(|(name, values)| {
            let have = match name.as_str() {
                "service-name" => s.service_name(region),
                "service-id" => s.service_id.clone(),
                "service-state" => s.state.clone(),
                _ => return false,
            };
            values.contains(&have)
        });
        if keep {
            found.push(service_configuration(s, account, region));
        }
    }
    Ok(json!({ "ServiceConfigurations": found }))
}

pub fn load_balancer_arn(s: &EndpointServiceSeed, account: &str, region: &str) -> String {
    format!(
        "arn:aws:elasticloadbalancing:{region}:{account}:loadbalancer/net/{}/{}",
        s.load_balancer,
        ids::hex(&["nlb", account, region, &s.load_balancer], 16)
    )
}

fn service_configuration(s: &EndpointServiceSeed, account: &str, region: &str) -> Value {
    let mut c = json!({
        "ServiceType": [{ "ServiceType": "Interface" }],
        "ServiceId": s.service_id,
        "ServiceName": s.service_name(region),
        "ServiceState": s.state,
        "AvailabilityZones": zones(s, region),
        "AcceptanceRequired": s.acceptance_required,
        "ManagesVpcEndpoints": false,
        "NetworkLoadBalancerArns": [load_balancer_arn(s, account, region)],
        "BaseEndpointDnsNames": [format!("{}.{region}.vpce.amazonaws.com", s.service_id)],
    });
    if let Some(dns) = &s.private_dns_name {
        let token = ids::hex(&["private-dns", &s.service_id], 24);
        c["PrivateDnsName"] = json!(dns);
        c["PrivateDnsNameConfiguration"] =
            json!({ "State": s.private_dns_state, "Type": "TXT", "Value": format!("vpce:{token}"), "Name": format!("_{}", &token[..12]) });
    }
    c
}

/// Distinct zones, as `<region><letter>`.
fn zones(s: &EndpointServiceSeed, region: &str) -> Vec<String> {
    let mut z: Vec<String> = s.zones.iter().map(|l| format!("{region}{l}")).collect();
    z.sort();
    z.dedup();
    z
}

fn describe_permissions(services: &[EndpointServiceSeed], input: &Value) -> Result<Value, XmlFault> {
    let id = input["ServiceId"].as_str().unwrap_or_default();
    let s = services.iter().find(|s| s.service_id == id).ok_or_else(|| ec2_not_found(id))?;
    let principals: Vec<Value> = s
        .allowed_principals
        .iter()
        .map(|p| {
            let kind = if p == "*" {
                "All"
            } else if p.ends_with(".amazonaws.com") {
                "Service"
            } else if p.contains(":role/") {
                "Role"
            } else if p.contains(":user/") {
                "User"
            } else {
                "Account"
            };
            json!({ "PrincipalType": kind, "Principal": p, "ServicePermissionId": format!("vpce-svc-perm-{}", ids::hex(&["perm", id, p], 17)), "ServiceId": id })
        })
        .collect();
    Ok(json!({ "AllowedPrincipals": principals }))
}

fn lb_not_found() -> XmlFault {
    fault(400, "LoadBalancerNotFound", "One or more load balancers not found")
}

fn load_balancer(s: &EndpointServiceSeed, account: &str, region: &str) -> Value {
    let arn = load_balancer_arn(s, account, region);
    let hex = arn.rsplit('/').next().unwrap_or_default().to_owned();
    json!({
        "LoadBalancerArn": arn,
        "DNSName": format!("{}-{}.elb.{region}.amazonaws.com", s.load_balancer, &hex[..10]),
        "CreatedTime": 1_767_225_600,
        "LoadBalancerName": s.load_balancer,
        "Scheme": "internal",
        "VpcId": format!("vpc-{}", ids::hex(&["vpc", account, region, &s.load_balancer], 17)),
        "State": { "Code": "active" },
        "Type": "network",
        "AvailabilityZones": zones(s, region).iter().map(|z| json!({ "ZoneName": z, "SubnetId": format!("subnet-{}", ids::hex(&["subnet", &s.load_balancer, z], 17)) })).collect::<Vec<_>>(),
        "IpAddressType": "ipv4",
    })
}

fn describe_load_balancers(services: &[EndpointServiceSeed], input: &Value, account: &str, region: &str) -> Result<Value, XmlFault> {
    let (arns, names) = (strings(input, "LoadBalancerArns"), strings(input, "Names"));
    let mut found = Vec::new();
    for arn in &arns {
        found.push(services.iter().find(|s| &load_balancer_arn(s, account, region) == arn).ok_or_else(lb_not_found)?);
    }
    for name in &names {
        found.push(services.iter().find(|s| &s.load_balancer == name).ok_or_else(lb_not_found)?);
    }
    if arns.is_empty() && names.is_empty() {
        found = services.iter().collect();
    }
    found.dedup_by_key(|s| s.load_balancer.clone());
    Ok(json!({ "LoadBalancers": found.iter().map(|s| load_balancer(s, account, region)).collect::<Vec<_>>() }))
}

fn describe_listeners(services: &[EndpointServiceSeed], input: &Value, account: &str, region: &str) -> Result<Value, XmlFault> {
    let listeners = |s: &EndpointServiceSeed| -> Vec<Value> {
        let lb = load_balancer_arn(s, account, region);
        s.listeners
            .iter()
            .map(|l| {
                let (protocol, port) = l.split_once(':').unwrap_or((l, "443"));
                let arn = format!("{}/{}", lb.replacen(":loadbalancer/", ":listener/", 1), ids::hex(&["listener", &lb, l], 16));
                json!({ "ListenerArn": arn, "LoadBalancerArn": lb, "Port": port.parse::<u16>().unwrap_or(443), "Protocol": protocol })
            })
            .collect()
    };
    let all: Vec<Value> = services.iter().flat_map(listeners).collect();
    if let Some(lb) = input["LoadBalancerArn"].as_str() {
        if !services.iter().any(|s| load_balancer_arn(s, account, region) == lb) {
            return Err(lb_not_found());
        }
        return Ok(json!({ "Listeners": all.into_iter().filter(|l| l["LoadBalancerArn"] == lb).collect::<Vec<_>>() }));
    }
    let wanted = strings(input, "ListenerArns");
    if wanted.is_empty() {
        return Err(fault(400, "ValidationError", "You must specify either listener ARNs or a load balancer ARN"));
    }
    let found: Vec<Value> = all.into_iter().filter(|l| wanted.iter().any(|w| l["ListenerArn"] == w.as_str())).collect();
    if found.len() < wanted.len() {
        return Err(fault(400, "ListenerNotFound", "One or more listeners not found"));
    }
    Ok(json!({ "Listeners": found }))
}

/// What Connect ends in for a store whose endpoint service is this one (REFERENCE §3 and §10):
/// not Available, NOT_FOUND; acceptance required, private DNS name not verified, fewer than two
/// zones, KMS's principal `cks.kms.<region>.amazonaws.com` not allowed, or no TLS listener on
/// 443, INVALID_CONFIGURATION.
pub fn connect_outcome(s: &EndpointServiceSeed, region: &str) -> Option<&'static str> {
    if s.state != "Available" {
        return Some("XKS_VPC_ENDPOINT_SERVICE_NOT_FOUND");
    }
    let kms = format!("cks.kms.{region}.amazonaws.com");
    let allowed = s.allowed_principals.iter().any(|p| p == &kms || p == "*");
    let tls = s.listeners.iter().any(|l| l == "TLS:443");
    if !allowed || s.acceptance_required || s.private_dns_name.is_none() || s.private_dns_state != "verified" || zones(s, region).len() < 2 || !tls {
        return Some("XKS_VPC_ENDPOINT_SERVICE_INVALID_CONFIGURATION");
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn service() -> EndpointServiceSeed {
        serde_json::from_value(json!({
            "service_id": "vpce-svc-0abcdef1234567890", "private_dns_name": "xks.example.com", "load_balancer": "xks-nlb",
            "allowed_principals": ["cks.kms.us-east-1.amazonaws.com"]
        }))
        .unwrap()
    }

    #[test]
    fn ec2_lists_decode_by_location_name() {
        let params: BTreeMap<String, String> =
            [("ServiceId.1", "vpce-svc-1"), ("Filter.1.Name", "service-name"), ("Filter.1.Value.1", "a"), ("Filter.1.Value.2", "b")]
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect();
        let v = decode(XmlApi::Ec2, "DescribeVpcEndpointServiceConfigurationsRequest", &params, "").unwrap();
        assert_eq!(v, json!({"ServiceIds": ["vpce-svc-1"], "Filters": [{"Name": "service-name", "Values": ["a", "b"]}]}));
        let params: BTreeMap<String, String> =
            [("LoadBalancerArns.member.1", "arn:x"), ("PageSize", "5")].iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        let v = decode(XmlApi::Elb, "DescribeLoadBalancersInput", &params, "").unwrap();
        assert_eq!(v, json!({"LoadBalancerArns": ["arn:x"], "PageSize": 5}));
    }

    #[test]
    fn outputs_fit_the_models_and_serialize_by_location() {
        let s = service();
        let out = describe_services(std::slice::from_ref(&s), &json!({}), "111122223333", "us-east-1").unwrap();
        model::validate_output(model::ec2(), "DescribeVpcEndpointServiceConfigurationsResult", &out).unwrap();
        let xml = serialize(XmlApi::Ec2, "DescribeVpcEndpointServiceConfigurationsResult", &out, 1);
        assert!(xml.contains("<serviceConfigurationSet>") && xml.contains("<item>") && xml.contains("<acceptanceRequired>false</acceptanceRequired>"), "{xml}");
        assert!(xml.contains("<privateDnsNameConfiguration>") && xml.contains("<state>verified</state>"), "{xml}");
        let lbs = describe_load_balancers(std::slice::from_ref(&s), &json!({}), "111122223333", "us-east-1").unwrap();
        model::validate_output(model::elbv2(), "DescribeLoadBalancersOutput", &lbs).unwrap();
        let xml = serialize(XmlApi::Elb, "DescribeLoadBalancersOutput", &lbs, 1);
        assert!(xml.contains("<LoadBalancers>") && xml.contains("<member>") && xml.contains("<Type>network</Type>"), "{xml}");
    }

    #[test]
    fn connect_outcomes_follow_the_configuration() {
        let good = service();
        assert_eq!(connect_outcome(&good, "us-east-1"), None);
        assert_eq!(connect_outcome(&good, "eu-west-1"), Some("XKS_VPC_ENDPOINT_SERVICE_INVALID_CONFIGURATION"), "KMS's principal there is not allowed");
        let pending = EndpointServiceSeed { state: "Pending".into(), ..good.clone() };
        assert_eq!(connect_outcome(&pending, "us-east-1"), Some("XKS_VPC_ENDPOINT_SERVICE_NOT_FOUND"));
        let strict = EndpointServiceSeed { acceptance_required: true, ..good.clone() };
        assert_eq!(connect_outcome(&strict, "us-east-1"), Some("XKS_VPC_ENDPOINT_SERVICE_INVALID_CONFIGURATION"));
        let tcp = EndpointServiceSeed { listeners: vec!["TCP:443".into()], ..good.clone() };
        assert_eq!(connect_outcome(&tcp, "us-east-1"), Some("XKS_VPC_ENDPOINT_SERVICE_INVALID_CONFIGURATION"));
        let one_zone = EndpointServiceSeed { zones: vec!["a".into(), "a".into()], ..good };
        assert_eq!(connect_outcome(&one_zone, "us-east-1"), Some("XKS_VPC_ENDPOINT_SERVICE_INVALID_CONFIGURATION"));
    }
}
