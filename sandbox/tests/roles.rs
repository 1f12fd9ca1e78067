//! Roles' trust rules over STS AssumeRole (principals, MFA, role chaining's one-hour cap) and
//! Regions an account has not enabled.

mod common;

use cks_console::aws::credentials::Credentials;
use common::accounts::{self, hub_session, hub_user, user, MFA_SERIAL, PRODUCTION};
use common::{element, kms_as, query, sandbox, CLOUDHSM};
use serde_json::json;

async fn assume(url: &str, credentials: &Credentials, role: &str, extra: &str) -> (u16, String) {
    let params = format!("Action=AssumeRole&Version=2011-06-15&RoleArn=arn%3Aaws%3Aiam%3A%3A{PRODUCTION}%3Arole%2F{role}&RoleSessionName=fleet{extra}");
    query(url, credentials, "us-east-1", "sts", &params).await
}

fn issued(xml: &str) -> Credentials {
    Credentials::from_fields(element(xml, "AccessKeyId"), element(xml, "SecretAccessKey"), element(xml, "SessionToken")).unwrap()
}

/// Seconds from now until the answer's Expiration.
fn lasts(xml: &str) -> i64 {
    let expiration = element(xml, "Expiration").replace(['-', ':'], "");
    cks_sandbox::clock::parse_amz_date(&expiration).unwrap() - common::now_s()
}

fn refusal(role: &str, arn: &str) -> String {
    format!("User: {arn} is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::{PRODUCTION}:role/{role}")
}

#[tokio::test]
async fn the_trust_rule_names_who_may_assume() {
    let url = sandbox(accounts::seed()).await;
    let (status, xml) = assume(&url, &hub_user(), "KeyStoreOperator", "").await;
    assert_eq!(status, 200, "{xml}");
    assert_eq!(element(&xml, "Arn"), "arn:aws:sts::777788889999:assumed-role/KeyStoreOperator/fleet");
    let (status, xml) = assume(&url, &hub_session(), "KeyStoreOperator", "").await;
    assert_eq!(status, 200, "any principal of the trusted account: {xml}");

    let (status, xml) = assume(&url, &user("AKIASTAGINGFAKE00001"), "KeyStoreOperator", "").await;
    assert_eq!((status, element(&xml, "Code")), (403, "AccessDenied"));
    assert_eq!(element(&xml, "Message"), refusal("KeyStoreOperator", "arn:aws:iam::444455556666:user/ops"));

    let (status, xml) = assume(&url, &hub_user(), "HubUserOnly", "").await;
    assert_eq!(status, 200, "the ARN pattern names the hub's users: {xml}");
    let (status, xml) = assume(&url, &hub_session(), "HubUserOnly", "").await;
    assert_eq!((status, element(&xml, "Message")), (403, refusal("HubUserOnly", "arn:aws:sts::111122223333:assumed-role/SandboxDemo/demo-user").as_str()));
}

#[tokio::test]
async fn a_role_that_requires_mfa_takes_the_seeds_fake_code() {
    let url = sandbox(accounts::seed()).await;
    let serial = MFA_SERIAL.replace(':', "%3A").replace('/', "%2F");
    let refused = refusal("BreakGlass", "arn:aws:iam::111122223333:user/sandbox-demo");
    for extra in ["".to_owned(), format!("&SerialNumber={serial}"), format!("&SerialNumber={serial}&TokenCode=654321"), "&TokenCode=123456".into()] {
        let (status, xml) = assume(&url, &hub_user(), "BreakGlass", &extra).await;
        assert_eq!((status, element(&xml, "Code"), element(&xml, "Message")), (403, "AccessDenied", refused.as_str()), "{extra}");
    }
    let (status, xml) = assume(&url, &hub_user(), "BreakGlass", &format!("&SerialNumber={serial}&TokenCode=12345")).await;
    assert_eq!((status, element(&xml, "Code")), (400, "ValidationError"), "the model's TokenCode is six digits");
    let (status, xml) = assume(&url, &hub_user(), "BreakGlass", &format!("&SerialNumber={serial}&TokenCode={}", cks_sandbox::seed::DEMO_MFA_CODE)).await;
    assert_eq!(status, 200, "{xml}");
}

#[tokio::test]
async fn role_chaining_lasts_an_hour_at_most() {
    let url = sandbox(accounts::seed()).await;
    let (status, xml) = assume(&url, &hub_user(), "KeyStoreOperator", "&DurationSeconds=43200").await;
    assert_eq!(status, 200, "{xml}");
    assert!((43_190..=43_200).contains(&lasts(&xml)), "a user's key gets what it asks: {}", lasts(&xml));
    let (status, xml) = assume(&url, &hub_session(), "KeyStoreOperator", "&DurationSeconds=43200").await;
    assert_eq!(status, 200, "{xml}");
    assert!((3_590..=3_600).contains(&lasts(&xml)), "a role session's chain is capped: {}", lasts(&xml));
    let (status, xml) = assume(&url, &hub_session(), "KeyStoreOperator", "&DurationSeconds=900").await;
    assert!(status == 200 && (890..=900).contains(&lasts(&xml)), "shorter stays shorter");
    let (status, xml) = assume(&url, &hub_session(), "KeyStoreOperator", "&DurationSeconds=50000").await;
    assert_eq!((status, element(&xml, "Code")), (400, "ValidationError"), "the model's maximum is 43200");
}

#[tokio::test]
async fn a_region_the_account_has_not_enabled_does_not_know_its_credentials() {
    let url = sandbox(accounts::seed()).await;
    let production = user("AKIAPRODUCTIONFAKE01");
    let e = kms_as(&url, &production, "me-south-1", "DescribeCustomKeyStores", json!({})).await.unwrap_err();
    assert_eq!(
        (e.status, e.error_type.as_str(), e.message.as_str()),
        (400, "UnrecognizedClientException", "The security token included in the request is invalid.")
    );
    let e = common::call_as(&url, &production, "me-south-1", CLOUDHSM, "DescribeClusters", json!({})).await.unwrap_err();
    assert_eq!(e.error_type, "UnrecognizedClientException");
    let (status, xml) = query(&url, &production, "me-south-1", "sts", "Action=GetCallerIdentity&Version=2011-06-15").await;
    assert_eq!((status, element(&xml, "Code")), (403, "InvalidClientTokenId"));
    assert_eq!(element(&xml, "Message"), "The security token included in the request is invalid.");

    let stores = kms_as(&url, &production, "eu-west-1", "DescribeCustomKeyStores", json!({})).await.unwrap();
    assert_eq!(stores["CustomKeyStores"][0]["CustomKeyStoreName"], "prod-eu-hsm");
    // A role session in the account is the account's too; the hub's own keys work there.
    let (_, xml) = assume(&url, &hub_user(), "KeyStoreOperator", "").await;
    let e = kms_as(&url, &issued(&xml), "me-south-1", "DescribeCustomKeyStores", json!({})).await.unwrap_err();
    assert_eq!(e.error_type, "UnrecognizedClientException");
    kms_as(&url, &hub_user(), "me-south-1", "DescribeCustomKeyStores", json!({})).await.unwrap();
}

#[tokio::test]
async fn the_demo_hub_reaches_production_in_two_regions_and_break_glass_with_mfa() {
    let mut demo = cks_sandbox::seed::Seed::demo();
    demo.settings.throttle_per_second = None;
    let url = sandbox(demo).await;
    let (status, xml) = assume(&url, &hub_session(), "KeyStoreOperator", "&DurationSeconds=14400").await;
    assert_eq!(status, 200, "{xml}");
    assert!((3_590..=3_600).contains(&lasts(&xml)), "the demo user is a role session: its chain lasts an hour");
    let operator = issued(&xml);
    for (region, name) in [("us-east-1", "prod-payments-hsm"), ("eu-west-1", "prod-eu-xks")] {
        let stores = kms_as(&url, &operator, region, "DescribeCustomKeyStores", json!({})).await.unwrap();
        assert_eq!(stores["CustomKeyStores"][0]["CustomKeyStoreName"], name);
    }
    let e = kms_as(&url, &operator, "me-south-1", "DescribeCustomKeyStores", json!({})).await.unwrap_err();
    assert_eq!(e.error_type, "UnrecognizedClientException", "production has not enabled me-south-1");
    let serial = cks_sandbox::seed::DEMO_MFA_SERIAL.replace(':', "%3A").replace('/', "%2F");
    let (status, _) = assume(&url, &hub_session(), "KeyStoreBreakGlass", "").await;
    assert_eq!(status, 403);
    let (status, xml) = assume(&url, &hub_session(), "KeyStoreBreakGlass", &format!("&SerialNumber={serial}&TokenCode=123456")).await;
    assert_eq!(status, 200, "{xml}");
    // The existing cross-account roles keep trusting anyone the sandbox knows.
    let staging = "Action=AssumeRole&Version=2011-06-15&RoleArn=arn%3Aaws%3Aiam%3A%3A444455556666%3Arole%2FKeyStoreOperator&RoleSessionName=cks-console";
    assert_eq!(query(&url, &operator, "us-east-1", "sts", staging).await.0, 200);
}
