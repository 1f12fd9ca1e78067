//! The fleet's directory: Organizations ListAccounts (management account and delegated
//! administrators only, paginated) and IAM ListAccountAliases, both global, signed for us-east-1,
//! on the sandbox's one port beside the regional services.

mod common;

use cks_sandbox::model;
use common::accounts::{self, hub_user, user, HUB, PRODUCTION, STAGING};
use common::{admin, call_as, element, query, raw_call, sandbox, ORGANIZATIONS};
use reqwest::Method;
use serde_json::{json, Value};

async fn list_accounts(url: &str, credentials: &cks_console::aws::credentials::Credentials, input: Value) -> Result<Value, common::Error> {
    call_as(url, credentials, "us-east-1", ORGANIZATIONS, "ListAccounts", input).await
}

fn ids(page: &Value) -> Vec<&str> {
    page["Accounts"].as_array().unwrap().iter().map(|a| a["Id"].as_str().unwrap()).collect()
}

#[tokio::test]
async fn the_management_account_lists_the_organization_page_by_page() {
    let url = sandbox(accounts::seed()).await;
    let all = list_accounts(&url, &hub_user(), json!({})).await.unwrap();
    assert_eq!(ids(&all), [HUB, STAGING, PRODUCTION]);
    assert!(all.get("NextToken").is_none());
    let hub = &all["Accounts"][0];
    assert_eq!(hub["Arn"], "arn:aws:organizations::111122223333:account/o-111122223333/111122223333");
    assert_eq!(
        (&hub["Name"], &hub["Email"], &hub["Status"], &hub["JoinedMethod"]),
        (&json!("security-hub"), &json!("hub@example.com"), &json!("ACTIVE"), &json!("INVITED"))
    );
    assert_eq!(all["Accounts"][1]["Email"], "account-444455556666@example.com", "the default email");
    assert!(all["Accounts"][2]["JoinedTimestamp"].is_number());

    let first = list_accounts(&url, &hub_user(), json!({"MaxResults": 2})).await.unwrap();
    assert_eq!(ids(&first), [HUB, STAGING]);
    let rest = list_accounts(&url, &hub_user(), json!({"MaxResults": 2, "NextToken": first["NextToken"]})).await.unwrap();
    assert_eq!((ids(&rest), rest.get("NextToken")), (vec![PRODUCTION], None));
    // The delegated administrator may list too.
    assert_eq!(ids(&list_accounts(&url, &user("AKIASTAGINGFAKE00001"), json!({})).await.unwrap()).len(), 3);
}

#[tokio::test]
async fn bad_input_is_invalid_input_with_the_models_reason() {
    let url = sandbox(accounts::seed()).await;
    for (input, reason) in [
        (json!({"MaxResults": 21}), "MAX_VALUE_EXCEEDED"),
        (json!({"MaxResults": 0}), "MIN_VALUE_EXCEEDED"),
        (json!({"NextToken": "not-a-token"}), "INVALID_NEXT_TOKEN"),
    ] {
        let response = raw_call(&url, &hub_user(), "us-east-1", ORGANIZATIONS, "organizations", "ListAccounts", &input).await;
        let body: Value = serde_json::from_str(&response.body).unwrap();
        assert_eq!((response.status, &body["__type"], &body["Reason"]), (400, &json!("InvalidInputException"), &json!(reason)), "{input}");
        model::validate_output(model::organizations(), "InvalidInputException", &json!({"Message": body["Message"], "Reason": body["Reason"]})).unwrap();
    }
    let e = list_accounts(&url, &hub_user(), json!({"MaxResults": 21})).await.unwrap_err();
    assert!(e.message.contains("less than or equal to 20"), "{}", e.message);
}

#[tokio::test]
async fn other_accounts_are_refused_as_organizations_refuses_them() {
    let url = sandbox(accounts::seed()).await;
    let e = list_accounts(&url, &user("AKIAPRODUCTIONFAKE01"), json!({})).await.unwrap_err();
    assert_eq!((e.error_type.as_str(), e.message.as_str()), ("AccessDeniedException", "You don't have permissions to access this resource."));
    let e = list_accounts(&url, &user("AKIALONERFAKE0000001"), json!({})).await.unwrap_err();
    assert_eq!((e.error_type.as_str(), e.message.as_str()), ("AWSOrganizationsNotInUseException", "Your account is not a member of an organization."));
    let e = call_as(&url, &hub_user(), "eu-west-1", ORGANIZATIONS, "ListAccounts", json!({})).await.unwrap_err();
    assert_eq!((e.error_type.as_str(), e.message.as_str()), ("InvalidSignatureException", "Credential should be scoped to a valid region."));
    let wrong_name = raw_call(&url, &hub_user(), "us-east-1", ORGANIZATIONS, "kms", "ListAccounts", &json!({})).await;
    assert!(wrong_name.body.contains("Credential should be scoped to correct service: 'organizations'."), "{}", wrong_name.body);

    let mut denied = accounts::seed();
    denied.accounts[0].deny = vec!["organizations:ListAccounts".into(), "iam:ListAccountAliases".into()];
    let url = sandbox(denied).await;
    let e = list_accounts(&url, &hub_user(), json!({})).await.unwrap_err();
    assert_eq!(e.error_type, "AccessDeniedException");
    assert_eq!(e.message, "User: arn:aws:iam::111122223333:user/sandbox-demo is not authorized to perform: organizations:ListAccounts on resource: * because no identity-based policy allows the organizations:ListAccounts action");
    let (status, xml) = query(&url, &hub_user(), "us-east-1", "iam", "Action=ListAccountAliases&Version=2010-05-08").await;
    assert_eq!((status, element(&xml, "Code")), (403, "AccessDenied"));
    assert!(element(&xml, "Message").contains("iam:ListAccountAliases on resource: *"));
}

/// The answer's aliases, checked against the IAM model's output shape.
fn aliases(xml: &str) -> Vec<String> {
    assert!(xml.starts_with("<ListAccountAliasesResponse xmlns=\"https://iam.amazonaws.com/doc/2010-05-08/\">"), "{xml}");
    let list = element(xml, "AccountAliases");
    let found: Vec<String> = list.split("<member>").skip(1).map(|m| m.split("</member>").next().unwrap().to_owned()).collect();
    let truncated = element(xml, "IsTruncated") == "true";
    let output = json!({"AccountAliases": found, "IsTruncated": truncated});
    model::validate_output(model::iam(), "ListAccountAliasesResponse", &output).unwrap();
    found
}

#[tokio::test]
async fn each_account_has_at_most_one_alias() {
    let url = sandbox(accounts::seed()).await;
    let list = "Action=ListAccountAliases&Version=2010-05-08";
    let (status, xml) = query(&url, &hub_user(), "us-east-1", "iam", list).await;
    assert_eq!(status, 200, "{xml}");
    assert_eq!(aliases(&xml), ["acme-security-hub"]);
    assert!(element(&xml, "RequestId").len() >= 32);
    let (status, xml) = query(&url, &user("AKIASTAGINGFAKE00001"), "us-east-1", "iam", &format!("{list}&MaxItems=10")).await;
    assert_eq!((status, aliases(&xml)), (200, Vec::<String>::new()));

    for (region, params, code) in [
        ("eu-west-1", list.to_owned(), (403, "SignatureDoesNotMatch")),
        ("us-east-1", format!("{list}&MaxItems=0"), (400, "ValidationError")),
        ("us-east-1", "Action=ListAccountAliases".to_owned(), (400, "InvalidParameterValue")),
        ("us-east-1", "Action=ListUsers&Version=2010-05-08".to_owned(), (400, "InvalidAction")),
    ] {
        let (status, xml) = query(&url, &hub_user(), region, "iam", &params).await;
        assert!(xml.starts_with("<ErrorResponse xmlns=\"https://iam.amazonaws.com/doc/2010-05-08/\">"), "{xml}");
        assert_eq!((status, element(&xml, "Code")), code, "{region} {params}");
    }
    let mut unknown = hub_user();
    unknown.access_key_id = "AKIAUNKNOWNFAKE00000".into();
    let (status, xml) = query(&url, &unknown, "us-east-1", "iam", list).await;
    assert_eq!((status, element(&xml, "Code")), (403, "InvalidClientTokenId"));
}

#[tokio::test]
async fn both_are_routed_logged_and_answer_browsers() {
    let url = sandbox(accounts::seed()).await;
    let preflight = common::preflight(&url).await;
    assert_eq!(preflight.status(), 200);
    assert_eq!(preflight.headers()["access-control-allow-origin"], "*");
    let response = raw_call(&url, &hub_user(), "us-east-1", ORGANIZATIONS, "organizations", "ListAccounts", &json!({})).await;
    assert_eq!(response.header("access-control-allow-origin"), Some("*"));
    query(&url, &hub_user(), "us-east-1", "iam", "Action=ListAccountAliases&Version=2010-05-08").await;
    query(&url, &hub_user(), "us-east-1", "sts", "Action=GetCallerIdentity&Version=2011-06-15").await;
    let log = admin(&url, Method::GET, "requests", None).await;
    let seen: Vec<(&str, &str, &str)> = log["requests"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| (r["service"].as_str().unwrap(), r["operation"].as_str().unwrap(), r["account_id"].as_str().unwrap()))
        .collect();
    assert_eq!(seen, [("organizations", "ListAccounts", HUB), ("iam", "ListAccountAliases", HUB), ("sts", "GetCallerIdentity", HUB)]);

    admin(&url, Method::POST, "faults", Some(json!({"refuse_browsers": ["organizations", "iam"]}))).await;
    let response = raw_call(&url, &hub_user(), "us-east-1", ORGANIZATIONS, "organizations", "ListAccounts", &json!({})).await;
    assert_eq!((response.status, response.header("access-control-allow-origin")), (200, None));
}

#[tokio::test]
async fn a_generated_fleet_is_reached_from_the_hub() {
    let url = sandbox(cks_sandbox::seed::fleet(3, &["us-east-1", "eu-west-1"], 4)).await;
    let all = list_accounts(&url, &hub_user(), json!({})).await.unwrap();
    assert_eq!(ids(&all), [HUB, "200000000000", "200000000001", "200000000002"]);
    let role = "Action=AssumeRole&Version=2011-06-15&RoleArn=arn%3Aaws%3Aiam%3A%3A200000000001%3Arole%2FKeyStoreOperator&RoleSessionName=fleet";
    let (status, xml) = query(&url, &common::demo_credentials(), "us-east-1", "sts", role).await;
    assert_eq!(status, 200, "{xml}");
    let member =
        cks_console::aws::credentials::Credentials::from_fields(element(&xml, "AccessKeyId"), element(&xml, "SecretAccessKey"), element(&xml, "SessionToken"))
            .unwrap();
    let stores = common::kms_as(&url, &member, "eu-west-1", "DescribeCustomKeyStores", json!({})).await.unwrap();
    assert_eq!(stores["CustomKeyStores"].as_array().unwrap().len(), 4);
    let (_, xml) = query(&url, &member, "us-east-1", "iam", "Action=ListAccountAliases&Version=2010-05-08").await;
    assert_eq!(aliases(&xml), ["fleet-member-001"]);
}
