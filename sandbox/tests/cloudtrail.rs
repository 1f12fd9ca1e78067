//! CloudTrail's LookupEvents over HTTP: the store changes made through the sandbox recorded as
//! CloudTrail records them (and never their secrets), seeded history, lookups, pages, the
//! 2-per-second quota and every error the model names. Answers are checked by `common::call`.

mod common;

use cks_sandbox::seed::{self, Seed};
use common::{call, call_as, kms, kms_as, logged, now_s, raw_call, sandbox, seed_with, CLOUDTRAIL};
use serde_json::{json, Value};

const PASSWORD: &str = "kmsPswd-SECRET-1";
const XKS_SECRET: &str = "SandboxFakeXksSecretNotRealAtAll0123456789ab";
const XKS_KEY: &str = "AAAAAAAAAAAAAAAAAAAA";

fn unthrottled(mut seed: Seed) -> Seed {
    seed.settings.lookup_events_per_second = None;
    seed
}

fn world() -> Seed {
    unthrottled(seed_with(json!({"us-east-1": {
        "stores": [{"id": "cks-00000000000000001", "name": "xks", "type": "EXTERNAL_KEY_STORE", "connect_delay_ms": 100,
            "xks_proxy": {"connectivity": "PUBLIC_ENDPOINT", "access_key_id": XKS_KEY, "uri_endpoint": "https://proxy-a.example.com", "uri_path": "/kms/xks/v1"}}],
        "clusters": [{"id": "cluster-ddddddddddd"}],
        "xks_proxies": [{"uri_endpoint": "https://proxy-a.example.com", "uri_path": "/kms/xks/v1", "access_key_id": XKS_KEY, "secret_access_key": XKS_SECRET}]
    }})))
}

async fn lookup(url: &str, input: Value) -> Vec<Value> {
    call(url, CLOUDTRAIL, "LookupEvents", input).await.unwrap()["Events"].as_array().unwrap().clone()
}

/// Every page of a lookup.
async fn lookup_all(url: &str, input: Value) -> Vec<Value> {
    let mut all = Vec::new();
    let mut input = input;
    loop {
        let page = call(url, CLOUDTRAIL, "LookupEvents", input.clone()).await.unwrap();
        all.extend(page["Events"].as_array().unwrap().iter().cloned());
        match page["NextToken"].as_str() {
            Some(t) => input["NextToken"] = json!(t),
            None => return all,
        }
    }
}

fn by_name(name: &str) -> Value {
    json!({"LookupAttributes": [{"AttributeKey": "EventName", "AttributeValue": name}]})
}

fn record(event: &Value) -> Value {
    serde_json::from_str(event["CloudTrailEvent"].as_str().unwrap()).unwrap()
}

#[tokio::test]
async fn a_connect_made_here_is_the_newest_event_as_cloudtrail_records_it() {
    let url = sandbox(world()).await;
    kms(&url, "ConnectCustomKeyStore", json!({"CustomKeyStoreId": "cks-00000000000000001"})).await.unwrap();
    // Refused before authentication: never recorded.
    let mut wrong = common::demo_credentials();
    wrong.secret_access_key.push('x');
    kms_as(&url, &wrong, "us-east-1", "DisconnectCustomKeyStore", json!({"CustomKeyStoreId": "cks-00000000000000001"})).await.unwrap_err();

    let events = lookup(&url, json!({})).await;
    assert_eq!(events.len(), 1, "{events:#?}");
    let e = &events[0];
    assert_eq!(
        (e["EventName"].as_str(), e["EventSource"].as_str(), e["ReadOnly"].as_str()),
        (Some("ConnectCustomKeyStore"), Some("kms.amazonaws.com"), Some("false"))
    );
    assert_eq!((e["AccessKeyId"].as_str(), e["Username"].as_str()), (Some(seed::DEMO_ACCESS_KEY_ID), Some("sandbox-user")));
    assert_eq!(e["Resources"], json!([]), "CloudTrail names no resource for a custom key store");
    assert!((now_s() - e["EventTime"].as_i64().unwrap()).abs() < 60);
    let r = record(e);
    assert_eq!(r["eventTime"], cks_sandbox::clock::format_iso8601(e["EventTime"].as_i64().unwrap()));
    assert_eq!(
        (r["sourceIPAddress"].as_str(), r["awsRegion"].as_str(), r["recipientAccountId"].as_str()),
        (Some("127.0.0.1"), Some("us-east-1"), Some("111122223333"))
    );
    assert_eq!(r["requestParameters"], json!({"customKeyStoreId": "cks-00000000000000001"}));
    assert_eq!(r["userIdentity"]["accessKeyId"], seed::DEMO_ACCESS_KEY_ID);
    assert_eq!(r["userIdentity"]["type"], "IAMUser");
    assert_eq!((r["eventVersion"].as_str(), r["eventType"].as_str(), r["eventCategory"].as_str()), (Some("1.08"), Some("AwsApiCall"), Some("Management")));
    assert_eq!((r["readOnly"].as_bool(), r["managementEvent"].as_bool()), (Some(false), Some(true)));
    assert_eq!(r["eventID"], e["EventId"]);
    assert!(r.get("errorCode").is_none());
    // The LookupEvents itself is logged as CloudTrail's.
    let entry = logged(&url, "LookupEvents").await.pop().unwrap();
    assert_eq!((entry["service"].as_str(), entry["status"].as_u64()), (Some("cloudtrail"), Some(200)));
}

#[tokio::test]
async fn secrets_never_reach_the_trail_and_refusals_carry_their_error() {
    let url = sandbox(world()).await;
    let created = kms(
        &url,
        "CreateCustomKeyStore",
        json!({"CustomKeyStoreName": "new-hsm", "CloudHsmClusterId": "cluster-ddddddddddd",
        "TrustAnchorCertificate": "cert", "KeyStorePassword": PASSWORD}),
    )
    .await
    .unwrap();
    kms(
        &url,
        "UpdateCustomKeyStore",
        json!({"CustomKeyStoreId": "cks-00000000000000001",
        "XksProxyAuthenticationCredential": {"AccessKeyId": XKS_KEY, "RawSecretAccessKey": XKS_SECRET}}),
    )
    .await
    .unwrap();
    // Refused by validation: recorded, with the error and still without the password.
    let e = kms(&url, "CreateCustomKeyStore", json!({"CustomKeyStoreName": "bad", "CloudHsmClusterId": "cluster-1", "KeyStorePassword": "short-SECRET"}))
        .await
        .unwrap_err();
    assert_eq!(e.error_type, "ValidationException");

    let events = lookup(&url, json!({})).await;
    let names: Vec<&str> = events.iter().map(|e| e["EventName"].as_str().unwrap()).collect();
    assert_eq!(names, ["CreateCustomKeyStore", "UpdateCustomKeyStore", "CreateCustomKeyStore"], "newest first");
    for e in &events {
        let text = e["CloudTrailEvent"].as_str().unwrap();
        for secret in [PASSWORD, XKS_SECRET, XKS_KEY, "short-SECRET"] {
            assert!(!text.contains(secret), "{secret} in {text}");
        }
    }
    let refused = record(&events[0]);
    assert_eq!(refused["errorCode"], "ValidationException");
    assert!(refused["errorMessage"].as_str().unwrap().contains("validation error"));
    assert_eq!(refused["requestParameters"]["keyStorePassword"], "HIDDEN_DUE_TO_SECURITY_REASONS");
    assert_eq!(refused["responseElements"], Value::Null);
    let update = record(&events[1]);
    assert_eq!(update["requestParameters"]["xksProxyAuthenticationCredential"]["rawSecretAccessKey"], "HIDDEN_DUE_TO_SECURITY_REASONS");
    let create = record(&events[2]);
    assert_eq!(create["requestParameters"]["customKeyStoreName"], "new-hsm");
    assert_eq!(create["responseElements"], json!({"customKeyStoreId": created["CustomKeyStoreId"]}));
}

#[tokio::test]
async fn seeded_history_is_looked_up_by_attribute_and_paged() {
    let url = sandbox(unthrottled(Seed::demo())).await;
    let connects = lookup(&url, by_name("ConnectCustomKeyStore")).await;
    assert!(connects.iter().all(|e| e["EventName"] == "ConnectCustomKeyStore"));
    assert_eq!(connects.len(), 7, "us-east-1's seeded Connects");
    let times: Vec<i64> = connects.iter().map(|e| e["EventTime"].as_i64().unwrap()).collect();
    assert!(times.windows(2).all(|t| t[0] >= t[1]), "newest first");
    // legacy-hsm's refused Connect, 90 minutes ago, is the newest.
    let newest = record(&connects[0]);
    assert_eq!((connects[0]["Username"].as_str(), newest["errorCode"].as_str()), (Some("bob"), Some("CustomKeyStoreInvalidStateException")));
    assert_eq!(
        (newest["requestParameters"]["customKeyStoreId"].as_str(), newest["sourceIPAddress"].as_str()),
        (Some("cks-1a2b3c4d5e6f70003"), Some("203.0.113.24"))
    );
    assert!((now_s() - 90 * 60 - connects[0]["EventTime"].as_i64().unwrap()).abs() < 60);

    let alice = lookup(&url, json!({"LookupAttributes": [{"AttributeKey": "Username", "AttributeValue": "alice"}]})).await;
    assert_eq!(alice.len(), 4);
    let key = alice[0]["AccessKeyId"].as_str().unwrap();
    assert!(key.starts_with("AKIA") && key.len() == 20, "{key}");
    assert_eq!(lookup(&url, json!({"LookupAttributes": [{"AttributeKey": "AccessKeyId", "AttributeValue": key}]})).await.len(), 4);
    let id = alice[1]["EventId"].clone();
    assert_eq!(lookup(&url, json!({"LookupAttributes": [{"AttributeKey": "EventId", "AttributeValue": id}]})).await, [alice[1].clone()]);
    // 15 store changes (strict-vpc-xks's Create among them) and payments-hsm's 1,252 key uses.
    assert_eq!(lookup(&url, json!({"LookupAttributes": [{"AttributeKey": "EventSource", "AttributeValue": "kms.amazonaws.com"}]})).await.len(), 50, "a page");
    assert_eq!(lookup_all(&url, json!({"LookupAttributes": [{"AttributeKey": "EventSource", "AttributeValue": "kms.amazonaws.com"}]})).await.len(), 15 + 1252);
    assert!(lookup(&url, json!({"LookupAttributes": [{"AttributeKey": "ResourceName", "AttributeValue": "cks-1a2b3c4d5e6f70003"}]})).await.is_empty());
    assert_eq!(lookup_all(&url, json!({"LookupAttributes": [{"AttributeKey": "ReadOnly", "AttributeValue": "true"}]})).await.len(), 1252);
    assert_eq!(lookup(&url, json!({"LookupAttributes": [{"AttributeKey": "ReadOnly", "AttributeValue": "false"}]})).await.len(), 15);
    // A window: the last day holds partner-xks's last Connect and Disconnect, legacy-hsm's
    // refusal, and 1,240 uses of payments-hsm's keys.
    let recent = lookup_all(&url, json!({"StartTime": now_s() - 86_400})).await;
    assert_eq!(recent.len(), 3 + 1240);
    // Other Regions and accounts have their own trails.
    let eu = call_as(&url, &common::demo_credentials(), "eu-west-1", CLOUDTRAIL, "LookupEvents", json!({})).await.unwrap();
    assert_eq!(eu["Events"].as_array().unwrap().len(), 1);

    // Pages of 4 cover every store change once.
    let mut all = Vec::new();
    let mut token: Option<String> = None;
    loop {
        let mut input = json!({"MaxResults": 4, "LookupAttributes": [{"AttributeKey": "ReadOnly", "AttributeValue": "false"}]});
        if let Some(t) = token.take() {
            input["NextToken"] = json!(t);
        }
        let page = call(&url, CLOUDTRAIL, "LookupEvents", input).await.unwrap();
        all.extend(page["Events"].as_array().unwrap().iter().map(|e| e["EventId"].as_str().unwrap().to_owned()));
        match page["NextToken"].as_str() {
            Some(t) => token = Some(t.to_owned()),
            None => break,
        }
    }
    let everything: Vec<String> = lookup(&url, json!({"LookupAttributes": [{"AttributeKey": "ReadOnly", "AttributeValue": "false"}]}))
        .await
        .iter()
        .map(|e| e["EventId"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(all, everything);
    assert_eq!(all.len(), 15);
}

#[tokio::test]
async fn the_model_errors_and_the_quota() {
    let mut seed = world();
    seed.settings.lookup_events_per_second = Some(2);
    let url = sandbox(seed).await;
    call(&url, CLOUDTRAIL, "LookupEvents", json!({})).await.unwrap();
    call(&url, CLOUDTRAIL, "LookupEvents", json!({})).await.unwrap();
    let e = call(&url, CLOUDTRAIL, "LookupEvents", json!({})).await.unwrap_err();
    assert_eq!((e.status, e.error_type.as_str(), e.message.as_str()), (400, "ThrottlingException", "Rate exceeded"));
    tokio::time::sleep(std::time::Duration::from_millis(1100)).await;

    let cases = [
        (
            json!({"LookupAttributes": [{"AttributeKey": "EventName", "AttributeValue": "A"}, {"AttributeKey": "Username", "AttributeValue": "b"}]}),
            "InvalidLookupAttributesException",
        ),
        (json!({"LookupAttributes": [{"AttributeKey": "Color", "AttributeValue": "blue"}]}), "InvalidLookupAttributesException"),
        (json!({"LookupAttributes": [{"AttributeKey": "ReadOnly", "AttributeValue": "maybe"}]}), "InvalidLookupAttributesException"),
        (json!({"MaxResults": 51}), "InvalidMaxResultsException"),
        (json!({"StartTime": now_s(), "EndTime": now_s() - 60}), "InvalidTimeRangeException"),
        (json!({"NextToken": "nope"}), "InvalidNextTokenException"),
    ];
    for (input, expected) in cases {
        tokio::time::sleep(std::time::Duration::from_millis(550)).await;
        let e = call(&url, CLOUDTRAIL, "LookupEvents", input.clone()).await.unwrap_err();
        assert_eq!((e.status, e.error_type.as_str()), (400, expected), "{input}: {}", e.message);
    }
}

#[tokio::test]
async fn the_deny_list_and_the_signing_name_are_enforced() {
    let mut seed = world();
    seed.accounts[0].deny = vec!["cloudtrail:LookupEvents".into()];
    let url = sandbox(seed).await;
    let e = call(&url, CLOUDTRAIL, "LookupEvents", json!({})).await.unwrap_err();
    assert_eq!((e.status, e.error_type.as_str()), (400, "AccessDeniedException"));
    assert!(
        e.message.contains("is not authorized to perform: cloudtrail:LookupEvents on resource: arn:aws:cloudtrail:us-east-1:111122223333:*"),
        "{}",
        e.message
    );
    let response = raw_call(&url, &common::demo_credentials(), "us-east-1", CLOUDTRAIL, "kms", "LookupEvents", &json!({})).await;
    assert_eq!(response.status, 400);
    assert!(response.body.contains("InvalidSignatureException") && response.body.contains("'cloudtrail'"), "{}", response.body);
}
