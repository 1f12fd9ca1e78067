//! STS over the query protocol, credentials it issues being honoured (and expiring), and the
//! authentication errors KMS gives: expiry, deny lists, the skew window.

mod common;

use cks_console::aws::credentials::Credentials;
use cks_console::aws::http::{HttpRequest, Transport};
use cks_sandbox::seed;
use common::{kms_as, sandbox, Reqwest};
use serde_json::json;

/// A signed STS query call; returns (status, XML body).
async fn sts(url: &str, credentials: &Credentials, params: &str) -> (u16, String) {
    let transport = Reqwest::default();
    let mut request = HttpRequest {
        url: url.to_owned(),
        headers: vec![("content-type".into(), "application/x-www-form-urlencoded; charset=utf-8".into())],
        body: format!("{params}&Version=2011-06-15"),
    };
    cks_console::aws::sigv4::sign_request(&mut request, credentials, "us-east-1", "sts", transport.now_ms()).unwrap();
    let response = transport.post(request).await.unwrap();
    assert!(response.header("x-amzn-requestid").is_some());
    (response.status, response.body)
}

fn element<'a>(xml: &'a str, name: &str) -> &'a str {
    let start = xml.find(&format!("<{name}>")).unwrap_or_else(|| panic!("no <{name}> in {xml}")) + name.len() + 2;
    let end = xml[start..].find(&format!("</{name}>")).unwrap() + start;
    &xml[start..end]
}

fn issued(xml: &str) -> Credentials {
    Credentials::from_fields(element(xml, "AccessKeyId"), element(xml, "SecretAccessKey"), element(xml, "SessionToken")).unwrap()
}

fn seeded() -> cks_sandbox::seed::Seed {
    let mut s = cks_sandbox::seed::Seed::demo();
    s.settings.throttle_per_second = None;
    s
}

fn demo() -> Credentials {
    common::demo_credentials()
}

fn long_term() -> Credentials {
    Credentials::from_fields(seed::DEMO_LONG_TERM_ACCESS_KEY_ID, seed::DEMO_LONG_TERM_SECRET, "").unwrap()
}

#[tokio::test]
async fn get_caller_identity_answers_in_xml() {
    let url = sandbox(seeded()).await;
    let (status, xml) = sts(&url, &demo(), "Action=GetCallerIdentity").await;
    assert_eq!(status, 200, "{xml}");
    assert!(xml.starts_with("<GetCallerIdentityResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">"), "{xml}");
    assert_eq!(element(&xml, "Account"), "111122223333");
    assert_eq!(element(&xml, "Arn"), "arn:aws:sts::111122223333:assumed-role/SandboxDemo/demo-user");
    assert!(element(&xml, "RequestId").len() >= 32);

    let mut wrong = demo();
    wrong.secret_access_key.push('x');
    let (status, xml) = sts(&url, &wrong, "Action=GetCallerIdentity").await;
    assert_eq!((status, element(&xml, "Code")), (403, "SignatureDoesNotMatch"));
    let mut unknown = demo();
    unknown.access_key_id = "ASIAUNKNOWNFAKE00000".into();
    let (status, xml) = sts(&url, &unknown, "Action=GetCallerIdentity").await;
    assert_eq!((status, element(&xml, "Code")), (403, "InvalidClientTokenId"));
    let (status, xml) = sts(&url, &demo(), "Action=MakeCoffee").await;
    assert_eq!((status, element(&xml, "Code")), (400, "InvalidAction"));
}

#[tokio::test]
async fn get_session_token_issues_credentials_that_work_and_expire() {
    let url = sandbox(seeded()).await;
    let (status, xml) = sts(&url, &demo(), "Action=GetSessionToken").await;
    assert_eq!((status, element(&xml, "Code")), (403, "AccessDenied"), "not with session credentials");
    let (status, xml) = sts(&url, &long_term(), "Action=GetSessionToken&DurationSeconds=100").await;
    assert_eq!((status, element(&xml, "Code")), (400, "ValidationError"), "the model's minimum is 900");
    let (status, xml) = sts(&url, &long_term(), "Action=GetSessionToken&DurationSeconds=900").await;
    assert_eq!(status, 200, "{xml}");
    let creds = issued(&xml);
    assert!(creds.access_key_id.starts_with("ASIA") && creds.access_key_id.len() == 20);
    assert!(element(&xml, "Expiration").ends_with('Z'));
    let stores = kms_as(&url, &creds, "us-east-1", "DescribeCustomKeyStores", json!({})).await.unwrap();
    assert_eq!(stores["CustomKeyStores"].as_array().unwrap().len(), 5);

    // The same credentials once their hour is over: push the sandbox clock past the expiry.
    common::admin(&url, reqwest::Method::POST, "faults", Some(json!({"clock_offset_seconds": 901}))).await;
    let skewed_client = Reqwest { skew_ms: 901_000, ..Default::default() };
    let mut req = cks_console::kms::operation::build_request(&url, cks_console::kms::operation::Operation::DescribeCustomKeyStores, &json!({}));
    cks_console::aws::sigv4::sign_request(&mut req, &creds, "us-east-1", "kms", skewed_client.now_ms()).unwrap();
    let r = skewed_client.post(req).await.unwrap();
    assert_eq!((r.status, r.header("x-amzn-errortype")), (400, Some("ExpiredTokenException")));
}

#[tokio::test]
async fn assume_role_reaches_another_account() {
    let url = sandbox(seeded()).await;
    let role = "Action=AssumeRole&RoleArn=arn%3Aaws%3Aiam%3A%3A444455556666%3Arole%2FKeyStoreOperator&RoleSessionName=console";
    let (status, xml) = sts(&url, &demo(), role).await;
    assert_eq!(status, 200, "{xml}");
    assert_eq!(element(&xml, "Arn"), "arn:aws:sts::444455556666:assumed-role/KeyStoreOperator/console");
    assert!(element(&xml, "AssumedRoleId").ends_with(":console"));
    let creds = issued(&xml);
    let (_, who) = sts(&url, &creds, "Action=GetCallerIdentity").await;
    assert_eq!(element(&who, "Account"), "444455556666");
    let stores = kms_as(&url, &creds, "us-east-1", "DescribeCustomKeyStores", json!({})).await.unwrap();
    assert_eq!(stores["CustomKeyStores"][0]["CustomKeyStoreName"], "other-account-hsm");

    let audit = "Action=AssumeRole&RoleArn=arn%3Aaws%3Aiam%3A%3A444455556666%3Arole%2FPartnerAudit&RoleSessionName=console";
    let (status, xml) = sts(&url, &demo(), audit).await;
    assert_eq!((status, element(&xml, "Code")), (403, "AccessDenied"), "external id required");
    let (status, _) = sts(&url, &demo(), &format!("{audit}&ExternalId=sandbox-external-id")).await;
    assert_eq!(status, 200);
    let (status, xml) = sts(&url, &demo(), &format!("{role}&DurationSeconds=7200")).await;
    assert_eq!((status, element(&xml, "Code")), (400, "ValidationError"), "beyond the role's MaxSessionDuration");
    let (status, xml) = sts(&url, &demo(), "Action=AssumeRole&RoleArn=arn%3Aaws%3Aiam%3A%3A444455556666%3Arole%2FNoSuchRole&RoleSessionName=c").await;
    assert_eq!((status, element(&xml, "Code")), (400, "ValidationError"), "RoleSessionName is 2-64 chars");
    let (status, xml) = sts(&url, &demo(), "Action=AssumeRole&RoleArn=arn%3Aaws%3Aiam%3A%3A444455556666%3Arole%2FNoSuchRole&RoleSessionName=cc").await;
    assert_eq!((status, element(&xml, "Code")), (403, "AccessDenied"));
}

#[tokio::test]
async fn expired_seeded_credentials_and_deny_lists() {
    let seed: cks_sandbox::seed::Seed = serde_json::from_value(json!({"accounts": [{
        "account_id": "111122223333",
        "deny": ["kms:ConnectCustomKeyStore"],
        "credentials": [
            {"access_key_id": "ASIAEXPIREDFAKE00001", "secret_access_key": "s-fake", "session_token": "t-fake", "expires_at": 1000},
            {"access_key_id": "ASIAVALIDFAKE0000001", "secret_access_key": "s-fake", "session_token": "t-fake"}
        ],
        "regions": {"us-east-1": {"stores": [{"id": "cks-00000000000000001", "name": "a", "type": "EXTERNAL_KEY_STORE"}]}}
    }]}))
    .unwrap();
    let url = sandbox(seed).await;
    let expired = Credentials::from_fields("ASIAEXPIREDFAKE00001", "s-fake", "t-fake").unwrap();
    let e = kms_as(&url, &expired, "us-east-1", "DescribeCustomKeyStores", json!({})).await.unwrap_err();
    assert_eq!(e.error_type, "ExpiredTokenException");
    let valid = Credentials::from_fields("ASIAVALIDFAKE0000001", "s-fake", "t-fake").unwrap();
    let e = kms_as(&url, &valid, "us-east-1", "ConnectCustomKeyStore", json!({"CustomKeyStoreId": "cks-00000000000000001"})).await.unwrap_err();
    assert_eq!(e.error_type, "AccessDeniedException");
    assert!(e.message.contains("kms:ConnectCustomKeyStore"), "{}", e.message);
    kms_as(&url, &valid, "us-east-1", "DescribeCustomKeyStores", json!({})).await.unwrap();
}

#[tokio::test]
async fn the_consoles_sts_client_reads_the_sandboxs_answers() {
    use cks_console::aws::client::SignedSender;
    use cks_console::aws::sts::{AssumeRoleInput, StsClient};
    let url = sandbox(seeded()).await;
    let sts_client = StsClient::new(SignedSender::new(Reqwest::default(), demo(), "us-east-1"), url.as_str());
    let me = sts_client.get_caller_identity().await.unwrap();
    assert_eq!(me.account, "111122223333");
    let input = AssumeRoleInput {
        role_arn: "arn:aws:iam::444455556666:role/PartnerAudit".into(),
        session_name: "cks console".into(),
        external_id: Some("sandbox-external-id".into()),
    };
    let e = sts_client.assume_role(&AssumeRoleInput { external_id: None, session_name: "cks-console".into(), ..input.clone() }).await.unwrap_err();
    assert_eq!((e.code(), e.status), ("AccessDenied", Some(403)));
    assert!(e.request_id.is_some());
    let e = sts_client.assume_role(&input).await.unwrap_err();
    assert_eq!(e.code(), "ValidationError", "a space is not allowed in RoleSessionName");
    let role = sts_client.assume_role(&AssumeRoleInput { session_name: "cks-console".into(), ..input }).await.unwrap();
    assert_eq!(role.arn, "arn:aws:sts::444455556666:assumed-role/PartnerAudit/cks-console");
    assert!(role.credentials.expires_at_ms.is_some());
    let as_role = StsClient::new(SignedSender::new(Reqwest::default(), role.credentials, "us-east-1"), url.as_str());
    assert_eq!(as_role.get_caller_identity().await.unwrap().account, "444455556666");
}
