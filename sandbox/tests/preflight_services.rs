//! The services a pre-flight, a blast radius and alarms read, over HTTP: EC2's endpoint service
//! configurations and permissions (the `ec2` protocol and its error document), ELBv2's load
//! balancers and listeners and SNS's topics (the query protocol), CloudWatch alarms, KMS
//! ListAliases, CloudTrail's key-use events by ResourceName, and the seeded store whose Connect
//! ends as its endpoint service predicts.

mod common;

use cks_sandbox::seed::Seed;
use common::{admin, call, demo_credentials, element, kms, logged, query, sandbox, store_state, CLOUDTRAIL, CLOUDWATCH, KMS};
use serde_json::{json, Value};

const STRICT: &str = "cks-1a2b3c4d5e6f70006";
const PAYMENTS: &str = "cks-1a2b3c4d5e6f70001";

fn demo() -> Seed {
    let mut seed = Seed::demo();
    seed.settings.lookup_events_per_second = None;
    seed
}

async fn ec2(url: &str, params: &str) -> (u16, String) {
    query(url, &demo_credentials(), "us-east-1", "ec2", &format!("{params}&Version=2016-11-15")).await
}

async fn elb(url: &str, params: &str) -> (u16, String) {
    query(url, &demo_credentials(), "us-east-1", "elasticloadbalancing", &format!("{params}&Version=2015-12-01")).await
}

#[tokio::test]
async fn ec2_describes_endpoint_services_and_their_permissions() {
    let url = sandbox(demo()).await;
    let (status, xml) = ec2(
        &url,
        "Action=DescribeVpcEndpointServiceConfigurations&Filter.1.Name=service-name&Filter.1.Value.1=com.amazonaws.vpce.us-east-1.vpce-svc-0fedcba9876543210",
    )
    .await;
    assert_eq!(status, 200, "{xml}");
    assert!(xml.contains("<DescribeVpcEndpointServiceConfigurationsResponse xmlns=\"http://ec2.amazonaws.com/doc/2016-11-15/\">"), "{xml}");
    assert_eq!(element(&xml, "serviceId"), "vpce-svc-0fedcba9876543210");
    assert_eq!(element(&xml, "serviceState"), "Available");
    assert_eq!(element(&xml, "acceptanceRequired"), "true");
    assert_eq!(element(&xml, "privateDnsName"), "xks-strict.vpc.example.com");
    assert_eq!(element(&xml, "state"), "verified");
    assert!(xml.contains("<availabilityZoneSet>") && xml.contains("<item>us-east-1a</item>") && xml.contains("<item>us-east-1b</item>"), "{xml}");
    let nlb = element(element(&xml, "networkLoadBalancerArnSet"), "item").to_owned();
    assert!(nlb.starts_with("arn:aws:elasticloadbalancing:us-east-1:111122223333:loadbalancer/net/xks-strict-nlb/"), "{nlb}");

    // Both services without a filter; by id; an unknown id in EC2's error document.
    let (_, all) = ec2(&url, "Action=DescribeVpcEndpointServiceConfigurations").await;
    assert_eq!(all.matches("<serviceId>").count(), 2);
    let (_, one) = ec2(&url, "Action=DescribeVpcEndpointServiceConfigurations&ServiceId.1=vpce-svc-0abcdef1234567890").await;
    assert_eq!(element(&one, "acceptanceRequired"), "false");
    let (status, err) = ec2(&url, "Action=DescribeVpcEndpointServiceConfigurations&ServiceId.1=vpce-svc-00000000000000000").await;
    assert_eq!(status, 400);
    assert!(err.contains("<Response><Errors><Error><Code>InvalidVpcEndpointServiceId.NotFound</Code>"), "{err}");
    assert!(err.contains("<RequestID>"), "{err}");

    let (status, perms) = ec2(&url, "Action=DescribeVpcEndpointServicePermissions&ServiceId=vpce-svc-0fedcba9876543210").await;
    assert_eq!(status, 200, "{perms}");
    assert_eq!(element(&perms, "principal"), "cks.kms.us-east-1.amazonaws.com");
    assert_eq!(element(&perms, "principalType"), "Service");
    // ServiceId is required by the model.
    let (status, err) = ec2(&url, "Action=DescribeVpcEndpointServicePermissions").await;
    assert_eq!(status, 400);
    assert!(err.contains("<Code>InvalidParameterValue</Code>") && err.contains("serviceId"), "{err}");

    let log = logged(&url, "DescribeVpcEndpointServicePermissions").await;
    assert_eq!(log[0]["service"], "ec2");
    assert_eq!(log[0]["account_id"], "111122223333");
}

#[tokio::test]
async fn elbv2_describes_the_load_balancer_and_its_listeners() {
    let url = sandbox(demo()).await;
    let (status, xml) = elb(&url, "Action=DescribeLoadBalancers&Names.member.1=xks-strict-nlb").await;
    assert_eq!(status, 200, "{xml}");
    assert!(xml.contains("<DescribeLoadBalancersResult>") && xml.contains("<LoadBalancers>") && xml.contains("<member>"), "{xml}");
    assert_eq!(element(&xml, "Type"), "network");
    assert_eq!(xml.matches("<ZoneName>").count(), 2);
    let arn = element(&xml, "LoadBalancerArn").to_owned();
    let (status, listeners) = elb(&url, &format!("Action=DescribeListeners&LoadBalancerArn={}", urlencode(&arn))).await;
    assert_eq!(status, 200, "{listeners}");
    assert_eq!(element(&listeners, "Protocol"), "TCP");
    assert_eq!(element(&listeners, "Port"), "443");

    let (status, err) = elb(
        &url,
        "Action=DescribeLoadBalancers&LoadBalancerArns.member.1=arn%3Aaws%3Aelasticloadbalancing%3Aus-east-1%3A111122223333%3Aloadbalancer%2Fnet%2Fnone%2F0",
    )
    .await;
    assert_eq!(status, 400);
    assert!(
        err.contains("<ErrorResponse xmlns=\"http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/\">")
            && err.contains("<Code>LoadBalancerNotFound</Code>"),
        "{err}"
    );
    let (status, err) = elb(&url, "Action=DescribeLoadBalancers&PageSize=0").await;
    assert_eq!(status, 400);
    assert!(err.contains("<Code>ValidationError</Code>"), "{err}");
    let (status, err) = query(&url, &demo_credentials(), "us-east-1", "elasticloadbalancing", "Action=DescribeListeners&Version=2010-01-01").await;
    assert_eq!(status, 400);
    assert!(err.contains("<Code>InvalidParameterValue</Code>"), "{err}");
}

fn urlencode(s: &str) -> String {
    s.bytes().map(|b| if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) { (b as char).to_string() } else { format!("%{b:02X}") }).collect()
}

#[tokio::test]
async fn sns_lists_topics_and_denials_are_worded_per_service() {
    let mut seed = demo();
    let (status, xml) = query(&sandbox(seed.clone()).await, &demo_credentials(), "us-east-1", "sns", "Action=ListTopics&Version=2010-03-31").await;
    assert_eq!(status, 200, "{xml}");
    assert!(xml.contains("<ListTopicsResult>") && xml.contains("<TopicArn>arn:aws:sns:us-east-1:111122223333:kms-key-store-alarms</TopicArn>"), "{xml}");

    seed.accounts[0].deny.extend([
        "sns:ListTopics".to_owned(),
        "ec2:DescribeVpcEndpointServiceConfigurations".to_owned(),
        "elasticloadbalancing:DescribeListeners".to_owned(),
    ]);
    let url = sandbox(seed).await;
    let (status, err) = query(&url, &demo_credentials(), "us-east-1", "sns", "Action=ListTopics&Version=2010-03-31").await;
    assert_eq!(status, 403);
    assert!(err.contains("<Code>AuthorizationError</Code>"), "{err}");
    let (status, err) = ec2(&url, "Action=DescribeVpcEndpointServiceConfigurations").await;
    assert_eq!(status, 403);
    assert!(err.contains("<Code>UnauthorizedOperation</Code>"), "{err}");
    let (status, err) = elb(&url, "Action=DescribeListeners&LoadBalancerArn=x").await;
    assert_eq!(status, 403);
    assert!(err.contains("<Code>AccessDenied</Code>"), "{err}");
    // A bad signature is refused before anything else.
    let mut wrong = demo_credentials();
    wrong.secret_access_key.push('x');
    let (status, err) = query(&url, &wrong, "us-east-1", "ec2", "Action=DescribeVpcEndpointServiceConfigurations&Version=2016-11-15").await;
    assert_eq!(status, 403);
    assert!(err.contains("<Response><Errors>"), "{err}");
}

#[tokio::test]
async fn the_strict_stores_connect_ends_as_its_endpoint_service_predicts() {
    let url = sandbox(demo()).await;
    kms(&url, "ConnectCustomKeyStore", json!({"CustomKeyStoreId": STRICT})).await.unwrap();
    assert_eq!(store_state(&url, STRICT).await.0, "CONNECTING");
    tokio::time::sleep(std::time::Duration::from_millis(5300)).await;
    assert_eq!(store_state(&url, STRICT).await, ("FAILED".to_owned(), Some("XKS_VPC_ENDPOINT_SERVICE_INVALID_CONFIGURATION".to_owned())));
    // vpc-xks's endpoint service is right: its Disconnect and Connect end CONNECTED.
    let state = admin(&url, reqwest::Method::GET, "state", None).await;
    assert!(state.to_string().contains("strict-vpc-xks"));
}

#[tokio::test]
async fn cloudwatch_alarms_are_put_described_and_deleted() {
    let url = sandbox(demo()).await;
    let store = "cks-1a2b3c4d5e6f70002";
    let alarm = |name: &str, metric: &str, dims: Value, threshold: f64, op: &str| {
        json!({"AlarmName": name, "Namespace": "AWS/KMS", "MetricName": metric, "Dimensions": dims, "Statistic": "Minimum", "Period": 300,
               "EvaluationPeriods": 1, "Threshold": threshold, "ComparisonOperator": op,
               "AlarmActions": ["arn:aws:sns:us-east-1:111122223333:kms-key-store-alarms"]})
    };
    let cert = alarm(
        "cks-console/cks-1a2b3c4d5e6f70002/certificate",
        "XksProxyCertificateDaysToExpire",
        json!([{"Name": "CustomKeyStoreId", "Value": store}, {"Name": "CertificateName", "Value": "xks-proxy.example.com"}]),
        30.0,
        "LessThanThreshold",
    );
    call(&url, CLOUDWATCH, "PutMetricAlarm", cert).await.unwrap();
    let age = alarm(
        "cks-console/cks-1a2b3c4d5e6f70002/credential-age",
        "XksProxyCredentialAge",
        json!([{"Name": "CustomKeyStoreId", "Value": store}]),
        1000.0,
        "GreaterThanThreshold",
    );
    call(&url, CLOUDWATCH, "PutMetricAlarm", age).await.unwrap();
    let other = alarm("someone-elses", "XksProxyCredentialAge", json!([{"Name": "CustomKeyStoreId", "Value": "cks-x"}]), 1.0, "GreaterThanThreshold");
    call(&url, CLOUDWATCH, "PutMetricAlarm", other).await.unwrap();

    let found = call(&url, CLOUDWATCH, "DescribeAlarms", json!({"AlarmNamePrefix": "cks-console/"})).await.unwrap();
    let alarms = found["MetricAlarms"].as_array().unwrap();
    assert_eq!(alarms.len(), 2);
    let state = |name: &str| alarms.iter().find(|a| a["AlarmName"] == name).unwrap()["StateValue"].as_str().unwrap().to_owned();
    // partner-xks's certificate is 5 days from expiry; its credential 400 days old.
    assert_eq!(state("cks-console/cks-1a2b3c4d5e6f70002/certificate"), "ALARM");
    assert_eq!(state("cks-console/cks-1a2b3c4d5e6f70002/credential-age"), "OK");
    assert!(alarms[0]["AlarmArn"].as_str().unwrap().starts_with("arn:aws:cloudwatch:us-east-1:111122223333:alarm:cks-console/"));
    let alarming = call(&url, CLOUDWATCH, "DescribeAlarms", json!({"StateValue": "ALARM"})).await.unwrap();
    assert_eq!(alarming["MetricAlarms"].as_array().unwrap().len(), 1);
    let paged = call(&url, CLOUDWATCH, "DescribeAlarms", json!({"MaxRecords": 2})).await.unwrap();
    assert_eq!(paged["MetricAlarms"].as_array().unwrap().len(), 2);
    let rest = call(&url, CLOUDWATCH, "DescribeAlarms", json!({"MaxRecords": 2, "NextToken": paged["NextToken"]})).await.unwrap();
    assert_eq!(rest["MetricAlarms"].as_array().unwrap().len(), 1);

    call(&url, CLOUDWATCH, "DeleteAlarms", json!({"AlarmNames": ["cks-console/cks-1a2b3c4d5e6f70002/certificate"]})).await.unwrap();
    let e = call(&url, CLOUDWATCH, "DeleteAlarms", json!({"AlarmNames": ["cks-console/cks-1a2b3c4d5e6f70002/certificate"]})).await.unwrap_err();
    assert_eq!(e.error_type, "ResourceNotFound");
    let e = call(&url, CLOUDWATCH, "PutMetricAlarm", json!({"AlarmName": "x"})).await.unwrap_err();
    assert_eq!(e.error_type, "InvalidParameterValueException");
    let e = call(&url, CLOUDWATCH, "PutMetricAlarm", json!({"AlarmName": ""})).await.unwrap_err();
    assert_eq!(e.error_type, "ValidationException");
}

#[tokio::test]
async fn list_aliases_names_each_store_key() {
    let url = sandbox(demo()).await;
    let all = call(&url, KMS, "ListAliases", json!({})).await.unwrap();
    let names: Vec<&str> = all["Aliases"].as_array().unwrap().iter().map(|a| a["AliasName"].as_str().unwrap()).collect();
    assert!(names.contains(&"alias/payments-hsm-1") && names.contains(&"alias/vpc-xks-2"), "{names:?}");
    let keys = call(&url, KMS, "ListKeys", json!({})).await.unwrap();
    let some_key = keys["Keys"][0]["KeyId"].as_str().unwrap().to_owned();
    let one = call(&url, KMS, "ListAliases", json!({"KeyId": some_key})).await.unwrap();
    assert!(one["Aliases"].as_array().unwrap().len() <= 1);
    let paged = call(&url, KMS, "ListAliases", json!({"Limit": 2})).await.unwrap();
    assert_eq!(paged["Truncated"], true);
    let e = call(&url, KMS, "ListAliases", json!({"Limit": 0})).await.unwrap_err();
    assert_eq!(e.error_type, "ValidationException");
}

#[tokio::test]
async fn key_use_is_found_by_the_keys_arn() {
    let url = sandbox(demo()).await;
    let key = cks_sandbox::kms::keys::store_key_id(PAYMENTS, 0);
    let arn = format!("arn:aws:kms:us-east-1:111122223333:key/{key}");
    let page = call(&url, CLOUDTRAIL, "LookupEvents", json!({"LookupAttributes": [{"AttributeKey": "ResourceName", "AttributeValue": arn}], "MaxResults": 50}))
        .await
        .unwrap();
    let events = page["Events"].as_array().unwrap();
    assert_eq!(events.len(), 50);
    assert!(page["NextToken"].is_string());
    assert_eq!(events[0]["Resources"][0], json!({"ResourceType": "AWS::KMS::Key", "ResourceName": arn}));
    assert_eq!(events[0]["ReadOnly"], "true");
    let records: Vec<Value> = events.iter().map(|e| serde_json::from_str(e["CloudTrailEvent"].as_str().unwrap()).unwrap()).collect();
    assert!(records.iter().all(|r| r["requestParameters"]["keyId"] == arn.as_str() && r["userIdentity"]["arn"].is_string()));
    assert!(records.iter().all(|r| r["additionalEventData"]["customKeyStoreId"] == PAYMENTS));
    let via_s3: Vec<&Value> = records.iter().filter(|r| r["invokedBy"] == "s3.amazonaws.com").collect();
    assert!(!via_s3.is_empty(), "some calls came through S3");
    assert!(via_s3.iter().all(|r| r["eventName"] == "GenerateDataKey" && r["sourceIPAddress"] == "s3.amazonaws.com"));
    // The third key was used 12 times, two days and more ago.
    let third = format!("arn:aws:kms:us-east-1:111122223333:key/{}", cks_sandbox::kms::keys::store_key_id(PAYMENTS, 2));
    let page = call(&url, CLOUDTRAIL, "LookupEvents", json!({"LookupAttributes": [{"AttributeKey": "ResourceName", "AttributeValue": third}]})).await.unwrap();
    assert_eq!(page["Events"].as_array().unwrap().len(), 12);
}

#[tokio::test]
async fn the_new_services_answer_preflights() {
    let url = sandbox(demo()).await;
    let response = common::preflight(&url).await;
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["access-control-allow-origin"], "*");
    let (status, _) = ec2(&url, "Action=DescribeVpcEndpointServiceConfigurations").await;
    assert_eq!(status, 200);
}

/// The console's pre-flight reads the sandbox's EC2 and ELBv2 as it would AWS's, and predicts what
/// the sandbox's Connect then does.
#[tokio::test]
async fn the_consoles_preflight_predicts_the_sandboxs_connect() {
    use cks_console::aws::query_client::{QueryClient, EC2, ELBV2};
    use cks_console::health::preflight::Status;
    use cks_console::health::xks_preflight::{predicted, read_vpc_facts, xks_checks};
    let url = sandbox(demo()).await;
    let stores = common::client(&url, demo_credentials(), "us-east-1").describe_all().await.unwrap();
    let ec2 = QueryClient::new(EC2, common::Reqwest::default(), demo_credentials(), "us-east-1", url.as_str());
    let elb = QueryClient::new(ELBV2, common::Reqwest::default(), demo_credentials(), "us-east-1", url.as_str());
    for (name, expect) in [("strict-vpc-xks", Some("XKS_VPC_ENDPOINT_SERVICE_INVALID_CONFIGURATION")), ("vpc-xks", None)] {
        let store = stores.iter().find(|s| s.name() == name).unwrap();
        let service = store.xks_proxy_configuration.as_ref().unwrap().vpc_endpoint_service_name.clone().unwrap();
        let facts = read_vpc_facts(&ec2, &elb, &service).await;
        let checks = xks_checks(store, "us-east-1", "111122223333", Some(&facts));
        assert!(checks.iter().all(|c| c.status != Status::NotChecked), "{name}: {checks:#?}");
        let code = predicted(&checks).map(|p| p.text());
        assert_eq!(code, expect.map(|c| format!("Connect would end FAILED with {c}.")), "{name}");
    }
    // Without EC2's permission, the checks say so rather than fail.
    let mut seed = demo();
    seed.accounts[0].deny.push("ec2:DescribeVpcEndpointServiceConfigurations".into());
    let url = sandbox(seed).await;
    let ec2 = QueryClient::new(EC2, common::Reqwest::default(), demo_credentials(), "us-east-1", url.as_str());
    let elb = QueryClient::new(ELBV2, common::Reqwest::default(), demo_credentials(), "us-east-1", url.as_str());
    let facts = read_vpc_facts(&ec2, &elb, "com.amazonaws.vpce.us-east-1.vpce-svc-0fedcba9876543210").await;
    let store = stores.iter().find(|s| s.name() == "strict-vpc-xks").unwrap();
    let checks = xks_checks(store, "us-east-1", "111122223333", Some(&facts));
    assert!(checks[0].detail.contains("may not call ec2:DescribeVpcEndpointServiceConfigurations"), "{:?}", checks[0]);
}

/// payments-hsm's blast radius, read by the console from the sandbox's KMS and CloudTrail.
#[tokio::test]
async fn the_blast_radius_of_payments_hsm() {
    use cks_console::aws::json_client::{JsonClient, CLOUDTRAIL as TRAIL};
    use cks_console::health::blast_radius::{aliases_by_key, name_keys, read_usage, store_keys, BlastRadius, Budget, CutShort};
    use cks_console::health::history::Pacer;
    let url = sandbox(demo()).await;
    let kms_client = common::client(&url, demo_credentials(), "us-east-1");
    let (mut keys, complete) = store_keys(&kms_client, PAYMENTS).await.unwrap();
    assert!(complete);
    assert!(keys.iter().all(|k| k.aliases.is_empty()), "aliases are read on their own, so a refusal of ListAliases leaves the keys");
    name_keys(&mut keys, &aliases_by_key(&kms_client).await.unwrap());
    assert_eq!(keys.len(), 3);
    assert!(keys.iter().all(|k| k.aliases.len() == 1 && k.aliases[0].starts_with("alias/payments-hsm-") && k.key_state.as_deref() == Some("Unavailable")));
    let trail = JsonClient::new(TRAIL, common::Reqwest::default(), demo_credentials(), "us-east-1", url.as_str());
    let mut radius = BlastRadius::new(PAYMENTS, keys.clone(), complete, 1, common::now_s() as f64);
    let mut seen_progress = 0;
    read_usage(&trail, &mut radius, &mut Pacer::default(), Budget::default(), |_| seen_progress += 1).await.unwrap();
    assert!(radius.is_complete());
    assert_eq!(seen_progress, radius.pages_read);
    assert_eq!(
        radius.sentence(),
        "Disconnecting makes 3 keys unusable; in the last 24 h they were used 1,240 times by 3 principals (also through s3.amazonaws.com)."
    );
    // Over 90 days the third key's older calls count too; a page limit cuts the window short.
    let mut week = BlastRadius::new(PAYMENTS, keys.clone(), complete, 90, common::now_s() as f64);
    read_usage(&trail, &mut week, &mut Pacer::default(), Budget::default(), |_| {}).await.unwrap();
    assert_eq!(week.total_calls(), 1252);
    let mut short = BlastRadius::new(PAYMENTS, keys, complete, 1, common::now_s() as f64);
    read_usage(&trail, &mut short, &mut Pacer::default(), Budget { max_pages: 5, deadline_ms: None }, |_| {}).await.unwrap();
    assert_eq!(short.cut_short, Some(CutShort::PageLimit(5)));
    assert!(short.total_calls() <= 250 && short.total_calls() < 1240, "at most 5 pages of 50");
    assert!(short.sentence().contains("cut short"), "{}", short.sentence());
}

/// The console discovers partner-xks's series, puts its recommended alarms (validated by the
/// sandbox against the model), reads them back with their state, and deletes only its own.
#[tokio::test]
async fn the_recommended_alarms_round_trip() {
    use cks_console::aws::json_client::{JsonClient, CLOUDWATCH as CW};
    use cks_console::health::alarms::{by_store, deletable, delete_console_alarms, describe_alarms, discover, put_alarms, recommended_alarms, Policy, PREFIX};
    let url = sandbox(demo()).await;
    let partner = "cks-1a2b3c4d5e6f70002";
    let cw = JsonClient::new(CW, common::Reqwest::default(), demo_credentials(), "us-east-1", url.as_str());
    let series = discover(&cw, partner, common::now_s() as u64 * 1000).await.unwrap();
    assert_eq!(series.certificate_names, ["xks-proxy.example.com"]);
    assert_eq!(series.operations.len(), 3);
    assert!(series.errors.iter().any(|e| e.error_type == "Non-retryable"));
    assert_eq!(series.throttles.len(), 2);
    let policy = Policy { topic_arn: Some("arn:aws:sns:us-east-1:111122223333:kms-key-store-alarms".into()), credential_days: 365.0, ..Policy::default() };
    let (alarms, skipped) = recommended_alarms(&series, &policy);
    assert!(skipped.is_empty(), "{skipped:?}");
    assert_eq!(alarms.len(), 6);
    put_alarms(&cw, &alarms).await.unwrap();
    call(&url, CLOUDWATCH, "PutMetricAlarm", json!({"AlarmName": "team-alarm", "Namespace": "AWS/KMS", "MetricName": "XksProxyCredentialAge", "Statistic": "Maximum", "Period": 300, "EvaluationPeriods": 1, "Threshold": 1.0, "ComparisonOperator": "GreaterThanThreshold", "Dimensions": [{"Name": "CustomKeyStoreId", "Value": partner}]})).await.unwrap();
    let ours = describe_alarms(&cw, PREFIX).await.unwrap();
    assert_eq!(ours.len(), 6);
    let state = |slug: &str| ours.iter().find(|a| a.name.ends_with(slug)).unwrap().state.clone().unwrap();
    // partner-xks is degrading: certificate 5 days out, credential 400 days old.
    assert_eq!(state("certificate-days"), "ALARM");
    assert_eq!(state("credential-age"), "ALARM");
    assert_eq!(by_store(ours.clone())[partner].len(), 6);
    assert!(delete_console_alarms(&cw, &["team-alarm".to_owned()]).await.is_err());
    delete_console_alarms(&cw, &deletable(partner, &ours)).await.unwrap();
    assert!(describe_alarms(&cw, PREFIX).await.unwrap().is_empty());
    let sns = cks_console::aws::query_client::QueryClient::new(
        cks_console::aws::query_client::SNS,
        common::Reqwest::default(),
        demo_credentials(),
        "us-east-1",
        url.as_str(),
    );
    let topics = cks_console::health::alarms::list_topics(&sns).await.unwrap();
    assert_eq!(topics, ["arn:aws:sns:us-east-1:111122223333:kms-key-store-alarms", "arn:aws:sns:us-east-1:111122223333:ops-pager"]);
    assert_eq!(describe_alarms(&cw, "team").await.unwrap().len(), 1, "another's alarm stays");
}
