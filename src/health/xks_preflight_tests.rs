use super::*;
use crate::kms::model::XksProxyConfiguration;

const CONFIGS: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<DescribeVpcEndpointServiceConfigurationsResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/">
  <requestId>r</requestId>
  <serviceConfigurationSet>
    <item>
      <serviceType>
        <item><serviceType>Interface</serviceType></item>
      </serviceType>
      <serviceId>vpce-svc-0fedcba9876543210</serviceId>
      <serviceName>com.amazonaws.vpce.us-east-1.vpce-svc-0fedcba9876543210</serviceName>
      <serviceState>Available</serviceState>
      <availabilityZoneSet>
        <item>us-east-1a</item>
        <item>us-east-1b</item>
      </availabilityZoneSet>
      <acceptanceRequired>true</acceptanceRequired>
      <networkLoadBalancerArnSet>
        <item>arn:aws:elasticloadbalancing:us-east-1:111122223333:loadbalancer/net/xks-strict-nlb/0123456789abcdef</item>
      </networkLoadBalancerArnSet>
      <privateDnsName>xks-strict.vpc.example.com</privateDnsName>
      <privateDnsNameConfiguration>
        <state>verified</state><type>TXT</type><value>vpce:abc</value><name>_abc</name>
      </privateDnsNameConfiguration>
    </item>
  </serviceConfigurationSet>
</DescribeVpcEndpointServiceConfigurationsResponse>"#;

const PERMISSIONS: &str = r#"<DescribeVpcEndpointServicePermissionsResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><requestId>r</requestId>
<allowedPrincipals><item><principalType>Service</principalType><principal>cks.kms.us-east-1.amazonaws.com</principal></item></allowedPrincipals>
</DescribeVpcEndpointServicePermissionsResponse>"#;

const LBS: &str = r#"<DescribeLoadBalancersResponse xmlns="http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/"><DescribeLoadBalancersResult>
<LoadBalancers><member><LoadBalancerArn>arn:lb</LoadBalancerArn><LoadBalancerName>xks-strict-nlb</LoadBalancerName><Type>network</Type>
<State><Code>active</Code></State><AvailabilityZones><member><ZoneName>us-east-1a</ZoneName></member><member><ZoneName>us-east-1b</ZoneName></member></AvailabilityZones>
</member></LoadBalancers></DescribeLoadBalancersResult></DescribeLoadBalancersResponse>"#;

const LISTENERS: &str = r#"<DescribeListenersResponse><DescribeListenersResult><Listeners><member><ListenerArn>arn:l</ListenerArn>
<LoadBalancerArn>arn:lb</LoadBalancerArn><Port>443</Port><Protocol>TCP</Protocol></member></Listeners></DescribeListenersResult></DescribeListenersResponse>"#;

fn vpc_store(owner: &str) -> KeyStore {
    KeyStore {
        custom_key_store_id: Some("cks-1a2b3c4d5e6f70006".into()),
        xks_proxy_configuration: Some(XksProxyConfiguration {
            connectivity: Some(XksConnectivity::VpcEndpointService),
            uri_endpoint: Some("https://xks-strict.vpc.example.com".into()),
            uri_path: Some("/kms/xks/v1".into()),
            vpc_endpoint_service_name: Some("com.amazonaws.vpce.us-east-1.vpce-svc-0fedcba9876543210".into()),
            vpc_endpoint_service_owner: Some(owner.into()),
            ..Default::default()
        }),
        ..Default::default()
    }
}

fn facts() -> VpcFacts {
    VpcFacts {
        service: Lookup::Found(parse_service_configurations(CONFIGS).unwrap().remove(0)),
        permissions: Lookup::Found(parse_service_permissions(PERMISSIONS).unwrap()),
        load_balancers: Lookup::Found(parse_load_balancers(LBS).unwrap()),
        listeners: Lookup::Found(parse_listeners(LISTENERS).unwrap()),
    }
}

#[test]
fn the_answers_are_read() {
    let s = parse_service_configurations(CONFIGS).unwrap().remove(0);
    assert_eq!(s.service_id, "vpce-svc-0fedcba9876543210");
    assert_eq!((s.state.as_deref(), s.acceptance_required), (Some("Available"), Some(true)));
    assert_eq!((s.private_dns_name.as_deref(), s.private_dns_state.as_deref()), (Some("xks-strict.vpc.example.com"), Some("verified")));
    assert_eq!(s.availability_zones, ["us-east-1a", "us-east-1b"]);
    assert_eq!(s.network_load_balancer_arns.len(), 1);
    assert_eq!(parse_service_permissions(PERMISSIONS).unwrap()[0].principal, "cks.kms.us-east-1.amazonaws.com");
    let lb = parse_load_balancers(LBS).unwrap().remove(0);
    assert_eq!((lb.kind.as_deref(), lb.state.as_deref(), lb.zones.len()), (Some("network"), Some("active"), 2));
    let l = parse_listeners(LISTENERS).unwrap().remove(0);
    assert_eq!((l.protocol.as_deref(), l.port), (Some("TCP"), Some(443)));
    assert!(parse_listeners("<html/>").is_err());
    assert!(parse_service_configurations("<Response><Errors/></Response>").is_err());
}

#[test]
fn the_requests_use_each_protocols_lists() {
    let r = service_configurations_request("https://ec2.us-east-1.amazonaws.com/", "com.amazonaws.vpce.us-east-1.vpce-svc-1");
    assert_eq!(
        r.body,
        "Action=DescribeVpcEndpointServiceConfigurations&Version=2016-11-15&Filter.1.Name=service-name&Filter.1.Value.1=com.amazonaws.vpce.us-east-1.vpce-svc-1"
    );
    let r = load_balancers_request("u", &["arn:a".into(), "arn:b".into()]);
    assert_eq!(r.body, "Action=DescribeLoadBalancers&Version=2015-12-01&LoadBalancerArns.member.1=arn%3Aa&LoadBalancerArns.member.2=arn%3Ab");
    assert!(service_permissions_request("u", "vpce-svc-1").body.ends_with("ServiceId=vpce-svc-1"));
    assert!(listeners_request("u", "arn:x").body.contains("Action=DescribeListeners&Version=2015-12-01"));
    assert_eq!(service_id_of("com.amazonaws.vpce.us-east-1.vpce-svc-0abc"), "vpce-svc-0abc");
}

#[test]
fn acceptance_and_a_tcp_listener_predict_invalid_configuration() {
    let checks = xks_checks(&vpc_store("111122223333"), "us-east-1", "111122223333", Some(&facts()));
    let status = |title: &str| checks.iter().find(|c| c.title == title).unwrap().status;
    assert_eq!(status("Acceptance not required"), Status::Fail);
    assert_eq!(status("TLS listener on port 443"), Status::Fail);
    assert_eq!(status("Private DNS name verified"), Status::Pass);
    assert_eq!(status("At least two Availability Zones"), Status::Pass);
    assert_eq!(status("KMS may connect"), Status::Pass);
    assert_eq!(status("Network Load Balancer"), Status::Pass);
    assert_eq!(status("URI path"), Status::Pass);
    assert_eq!(predicted(&checks).unwrap().text(), "Connect would end FAILED with XKS_VPC_ENDPOINT_SERVICE_INVALID_CONFIGURATION.");
    assert!(checks.iter().filter(|c| c.status == Status::Fail).all(|c| c.fix.is_some()), "every failure says what to do");
}

#[test]
fn a_missing_service_or_principal_and_one_zone_are_each_named() {
    let missing = VpcFacts { service: Lookup::Missing, ..facts() };
    let checks = xks_checks(&vpc_store("111122223333"), "us-east-1", "111122223333", Some(&missing));
    assert_eq!(predicted(&checks).unwrap().text(), "Connect would end FAILED with XKS_VPC_ENDPOINT_SERVICE_NOT_FOUND.");
    assert!(checks[1..checks.len() - 1].iter().all(|c| c.status == Status::NotChecked));

    let mut f = facts();
    f.permissions = Lookup::Found(vec![]);
    if let Lookup::Found(s) = &mut f.service {
        s.availability_zones = vec!["us-east-1a".into()];
        s.acceptance_required = Some(false);
        s.private_dns_state = Some("pendingVerification".into());
    }
    f.load_balancers = Lookup::Found(vec![]);
    let checks = xks_checks(&vpc_store("111122223333"), "us-east-1", "111122223333", Some(&f));
    let failed: Vec<&str> = checks.iter().filter(|c| c.status == Status::Fail).map(|c| c.title).collect();
    assert_eq!(
        failed,
        ["Private DNS name verified", "At least two Availability Zones", "KMS may connect", "Network Load Balancer", "TLS listener on port 443"]
    );
    let kms = checks.iter().find(|c| c.title == "KMS may connect").unwrap();
    assert!(kms.fix.as_deref().unwrap().contains("cks.kms.us-east-1.amazonaws.com"));
}

#[test]
fn another_accounts_service_and_missing_permissions_are_not_checked_with_why() {
    let checks = xks_checks(&vpc_store("444455556666"), "us-east-1", "111122223333", None);
    assert!(checks[..7].iter().all(|c| c.status == Status::NotChecked && c.detail.contains("belongs to account 444455556666")));
    assert_eq!(checks[7].status, Status::Pass, "the store's own path is still checked");
    let denied = VpcFacts {
        permissions: Lookup::NotChecked("Not checked: these credentials may not call ec2:DescribeVpcEndpointServicePermissions.".into()),
        ..facts()
    };
    let checks = xks_checks(&vpc_store("111122223333"), "us-east-1", "111122223333", Some(&denied));
    let kms = checks.iter().find(|c| c.title == "KMS may connect").unwrap();
    assert_eq!(kms.status, Status::NotChecked);
    assert!(kms.detail.contains("ec2:DescribeVpcEndpointServicePermissions"));
}

#[test]
fn a_public_endpoint_needs_https_on_443_and_a_path_of_the_model() {
    let store = |uri: &str, path: &str| KeyStore {
        xks_proxy_configuration: Some(XksProxyConfiguration {
            connectivity: Some(XksConnectivity::PublicEndpoint),
            uri_endpoint: Some(uri.into()),
            uri_path: Some(path.into()),
            ..Default::default()
        }),
        ..Default::default()
    };
    let ok = xks_checks(&store("https://xks.example.com", "/example/kms/xks/v1"), "us-east-1", "111122223333", None);
    assert!(ok.iter().all(|c| c.status == Status::Pass), "{ok:?}");
    let bad = xks_checks(&store("http://xks.example.com:8443", "/kms/xks"), "us-east-1", "111122223333", None);
    assert!(bad.iter().all(|c| c.status == Status::Fail), "{bad:?}");
    assert_eq!(predicted(&bad), Some(&Predicted::Refused("ValidationException")));
    let port = xks_checks(&store("https://xks.example.com:8443", "/kms/xks/v1"), "us-east-1", "111122223333", None);
    assert_eq!(port[0].status, Status::Fail);
    // Settings typed in Create check the same way.
    let typed = proposed_store(XksConnectivity::PublicEndpoint, "https://xks.example.com", "/kms/xks/v1", None, None);
    assert!(xks_checks(&typed, "us-east-1", "111122223333", None).iter().all(|c| c.status == Status::Pass));
    let vpc =
        proposed_store(XksConnectivity::VpcEndpointService, "https://x.example.com", "/kms/xks/v1", Some("com.amazonaws.vpce.us-east-1.vpce-svc-1"), None);
    assert!(xks_checks(&vpc, "us-east-1", "111122223333", None)[0].detail.contains("not asked"));
}

#[test]
fn an_update_being_typed_is_checked_on_the_store_it_would_make() {
    let vpc = proposed_store(
        XksConnectivity::VpcEndpointService,
        "https://x.example.com",
        "/kms/xks/v1",
        Some("com.amazonaws.vpce.us-east-1.vpce-svc-1"),
        Some("111122223333"),
    );
    let path = crate::kms::model::StoreSettings { xks_proxy_uri_path: Some("/kms".into()), ..Default::default() };
    let next = updated_store(&vpc, &path);
    let proxy = next.xks_proxy_configuration.as_ref().unwrap();
    assert_eq!((proxy.uri_path.as_deref(), proxy.uri_endpoint.as_deref()), (Some("/kms"), Some("https://x.example.com")), "only what was typed changes");
    assert_eq!(xks_checks(&next, "us-east-1", "111122223333", None).last().unwrap().status, Status::Fail, "the typed path is checked");
    let public = crate::kms::model::StoreSettings {
        xks_proxy_connectivity: Some(XksConnectivity::PublicEndpoint),
        xks_proxy_uri_endpoint: Some("http://x.example.com".into()),
        ..Default::default()
    };
    let next = updated_store(&vpc, &public);
    assert_eq!(next.xks_proxy_configuration.as_ref().unwrap().vpc_endpoint_service_name, None, "a public endpoint has no endpoint service");
    let checks = xks_checks(&next, "us-east-1", "111122223333", None);
    assert_eq!(predicted(&checks), Some(&Predicted::Refused("ValidationException")), "http is refused before KMS is asked: {checks:?}");
}
