//! Property tests of every parser that reads text from outside: the credential paste, awsJson
//! errors, the DescribeCustomKeyStores answer, STS's XML, and the fleet's: a pasted ~/.aws/config,
//! role ARN lines and the shared-link value. Whatever comes in, none panics; where
//! a value can be written and read back, it comes back the same. A fixed number of cases, and no
//! failure files, so that `cargo xtask test` stays quick and leaves the tree clean.

use cks_console::aws::error::ServiceError;
use cks_console::aws::http::HttpResponse;
use cks_console::aws::{iam, paste, profiles, sts, xml};
use cks_console::fleet::{accounts, link};
use cks_console::kms::model::{DescribeCustomKeyStoresResponse, KeyStore, XksProxyConfiguration};
use cks_console::kms::{ConnectionErrorCode, ConnectionState, KeyStoreType};
use proptest::prelude::*;

fn config() -> ProptestConfig {
    ProptestConfig { cases: 400, failure_persistence: None, ..ProptestConfig::default() }
}

/// Text that looks partly like what the parsers expect: their own keywords, quotes, braces and
/// angle brackets mixed with anything, so the cases reach past the first check.
fn near_miss() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "{",
        "}",
        "[",
        "]",
        "\"",
        ":",
        ",",
        "=",
        "\n",
        "export ",
        "$Env:",
        "set ",
        "AWS_ACCESS_KEY_ID",
        "AWS_SECRET_ACCESS_KEY",
        "AWS_SESSION_TOKEN",
        "AWS_CREDENTIAL_EXPIRATION",
        "\"Credentials\"",
        "\"AccessKeyId\"",
        "\"Expiration\"",
        "\"Version\": 1",
        "<Code>",
        "</Code>",
        "<Arn>",
        "</Arn>",
        "<Message>",
        "]]>",
        "<![CDATA[",
        "&amp;",
        "\"__type\"",
        "#",
        "\u{202E}",
        "\u{0}",
        "ē",
        "1.5E9",
        "null",
        "true",
        "ASIA",
        "2026-11-29T18:00:00Z",
    ]);
    prop::collection::vec(prop_oneof![pieces.prop_map(str::to_owned), ".{0,12}"], 0..40).prop_map(|v| v.concat())
}

fn access_key() -> impl Strategy<Value = String> {
    "ASIA[A-Z0-9]{12,28}"
}

fn secret() -> impl Strategy<Value = String> {
    "[A-Za-z0-9/+]{20,40}"
}

fn token() -> impl Strategy<Value = String> {
    "[A-Za-z0-9/+]{16,200}={0,2}"
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn the_paste_parser_never_panics(text in near_miss()) {
        let _ = paste::parse(&text);
    }

    #[test]
    fn pasted_credentials_come_back_the_same_in_every_format(akid in access_key(), secret in secret(), token in token(), format in 0usize..6) {
        let text = match format {
            0 => serde_json::json!({"Credentials": {"AccessKeyId": akid, "SecretAccessKey": secret, "SessionToken": token, "Expiration": "2026-11-29T18:00:00Z"}}).to_string(),
            1 => serde_json::json!({"Version": 1, "AccessKeyId": akid, "SecretAccessKey": secret, "SessionToken": token}).to_string(),
            2 => format!("export AWS_ACCESS_KEY_ID={akid}\nexport AWS_SECRET_ACCESS_KEY={secret}\nexport AWS_SESSION_TOKEN={token}\n"),
            3 => format!("$Env:AWS_ACCESS_KEY_ID=\"{akid}\"\n$Env:AWS_SECRET_ACCESS_KEY=\"{secret}\"\n$Env:AWS_SESSION_TOKEN=\"{token}\""),
            4 => format!("set AWS_ACCESS_KEY_ID={akid}\r\nset AWS_SECRET_ACCESS_KEY={secret}\r\nset AWS_SESSION_TOKEN={token}\r\n"),
            _ => format!("[profile]\naws_access_key_id = {akid}\naws_secret_access_key = {secret}\naws_session_token = {token}\n"),
        };
        let p = paste::parse(&text).map_err(|e| TestCaseError::fail(e.0))?;
        prop_assert_eq!(&p.credentials.access_key_id, &akid);
        prop_assert_eq!(&p.credentials.secret_access_key, &secret);
        prop_assert_eq!(p.credentials.session_token.as_deref(), Some(token.as_str()));
    }

    #[test]
    fn an_error_answer_of_any_shape_is_read_without_panic(status in 100u16..600, body in near_miss(), header in proptest::option::of(near_miss())) {
        let headers = header.map(|h| vec![("x-amzn-errortype".to_owned(), h)]).unwrap_or_default();
        let e = ServiceError::from_response(&HttpResponse { status, headers, body });
        prop_assert!(!e.code().is_empty());
    }

    #[test]
    fn any_describe_answer_parses_or_errs_without_panic(body in near_miss()) {
        let _ = serde_json::from_str::<DescribeCustomKeyStoresResponse>(&body);
    }

    #[test]
    fn a_store_list_round_trips_through_the_wire_format(
        id in "cks-[0-9a-f]{17}", name in ".{1,40}", state in 0usize..7, code in 0usize..20, created in proptest::option::of(0.0f64..4.0e9),
        xks in proptest::option::of(("https://[a-z]{1,12}\\.example\\.com", "/[a-z/]{0,20}kms/xks/v1")),
    ) {
        let states = ConnectionState::ALL;
        let codes = ConnectionErrorCode::ALL;
        let store = KeyStore {
            custom_key_store_id: Some(id),
            custom_key_store_name: Some(name),
            connection_state: Some(states.get(state).cloned().unwrap_or(ConnectionState::Unknown("PAUSED".into()))),
            connection_error_code: Some(codes.get(code).cloned().unwrap_or(ConnectionErrorCode::Unknown("NEW_CODE".into()))),
            creation_date: created,
            custom_key_store_type: Some(if xks.is_some() { KeyStoreType::External } else { KeyStoreType::CloudHsm }),
            xks_proxy_configuration: xks.map(|(endpoint, path)| XksProxyConfiguration { uri_endpoint: Some(endpoint), uri_path: Some(path), ..Default::default() }),
            ..Default::default()
        };
        let answer = DescribeCustomKeyStoresResponse { custom_key_stores: Some(vec![store.clone()]), ..Default::default() };
        let back: DescribeCustomKeyStoresResponse = serde_json::from_str(&serde_json::to_string(&answer).unwrap()).unwrap();
        let mut back = back.custom_key_stores.unwrap();
        // serde_json reads floats to within a unit in the last place (its exact mode costs size);
        // a creation date is shown to the second, so a microsecond is well inside.
        let (sent, read) = (store.creation_date.unwrap_or(0.0), back[0].creation_date.unwrap_or(0.0));
        prop_assert!((sent - read).abs() < 1e-6, "{} became {}", sent, read);
        back[0].creation_date = store.creation_date;
        prop_assert_eq!(back, vec![store]);
    }

    #[test]
    fn sts_xml_of_any_shape_is_read_without_panic(body in near_miss(), name in "[A-Za-z]{1,12}") {
        let _ = sts::parse_caller_identity(&body);
        let _ = sts::parse_assume_role(&body);
        let _ = xml::element(&body, &name);
        let _ = ServiceError::from_xml_response(&HttpResponse { status: 403, headers: vec![], body });
    }

    #[test]
    fn an_identity_round_trips_through_sts_xml(account in "[0-9]{12}", user in "[A-Za-z0-9+=,.@_-]{1,32}") {
        let arn = format!("arn:aws:iam::{account}:user/{user}");
        let body = format!("<GetCallerIdentityResponse><GetCallerIdentityResult><Arn>{}</Arn><UserId>AIDAFAKE</UserId><Account>{account}</Account></GetCallerIdentityResult></GetCallerIdentityResponse>",
            arn.replace('&', "&amp;"));
        let identity = sts::parse_caller_identity(&body).ok_or_else(|| TestCaseError::fail("no identity"))?;
        prop_assert_eq!(identity.account, account);
        prop_assert_eq!(identity.arn, arn);
    }

    #[test]
    fn a_pasted_aws_config_of_any_shape_is_read_without_panic(text in fleet_text()) {
        let config = profiles::parse_config(&text);
        let lines = text.lines().count();
        for profile in &config.profiles {
            prop_assert!(profile.line >= 1 && profile.line <= lines);
            if let Err(why) = &profile.usable {
                prop_assert!(!why.is_empty());
            }
        }
        let (added, skipped) = accounts::from_profiles(&config);
        prop_assert_eq!(added.len() + skipped.len(), config.profiles.len());
    }

    #[test]
    fn a_role_list_of_any_shape_is_read_without_panic(text in fleet_text()) {
        let list = accounts::parse_role_list(&text);
        let lines = text.lines().count();
        prop_assert!(list.errors.iter().all(|e| e.line >= 1 && e.line <= lines && !e.message.is_empty()));
        let mut ids: Vec<&str> = list.accounts.iter().map(|a| a.account_id.as_str()).collect();
        ids.sort_unstable();
        ids.dedup();
        prop_assert_eq!(ids.len(), list.accounts.len(), "one role per account");
        let _ = iam::parse_account_aliases(&text);
    }

    #[test]
    fn role_lines_read_back_as_written(
        roles in prop::collection::vec(("[0-9]{12}", "[A-Za-z0-9+=,.@_-]{1,64}", proptest::option::of("[A-Za-z0-9+=.@:/_-]{2,40}")), 0..8),
        comma in any::<bool>(),
    ) {
        let mut text = String::new();
        let mut expected = vec![];
        for (account, name, external) in &roles {
            if expected.iter().any(|(a, _, _): &(String, String, Option<String>)| a == account) {
                continue;
            }
            let name = name.replace(',', "");
            if name.is_empty() {
                continue;
            }
            text += &format!("arn:aws:iam::{account}:role/{name}");
            if let Some(id) = external {
                text += if comma { ", " } else { " external-id=" };
                text += id;
            }
            text += "\n";
            expected.push((account.clone(), name, external.clone()));
        }
        let list = accounts::parse_role_list(&text);
        prop_assert_eq!(list.errors, vec![]);
        let got: Vec<(String, String, Option<String>)> = list.accounts.into_iter().map(|a| (a.account_id, a.role_arn.name, a.external_id)).collect();
        prop_assert_eq!(got, expected);
    }

    #[test]
    fn a_link_value_of_any_shape_is_read_without_panic(text in near_miss(), prefixed in any::<bool>()) {
        let value = if prefixed { format!("1.{text}") } else { text };
        if let Err(why) = link::decode(&value) {
            prop_assert!(!why.is_empty());
        }
    }

    #[test]
    fn a_role_list_round_trips_through_a_link(text in fleet_text()) {
        let accounts: Vec<_> = accounts::parse_role_list(&text).accounts;
        let shared = link::decode(&link::encode(&accounts, &[])).map_err(TestCaseError::fail)?;
        prop_assert_eq!(shared.problems, Vec::<String>::new());
        let back: Vec<_> = shared.accounts.into_iter().map(|s| (s.account.role_arn, s.needs_external_id)).collect();
        let sent: Vec<_> = accounts.into_iter().map(|a| (a.role_arn, a.external_id.is_some())).collect();
        prop_assert_eq!(back, sent);
    }
}

/// Text near the fleet's pasted formats: `~/.aws/config` sections and keys, role ARNs and their
/// separators, mixed with anything.
fn fleet_text() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "[profile ",
        "[default]",
        "[sso-session ",
        "[",
        "]",
        "\n",
        "\r\n",
        " ",
        "=",
        ",",
        "#",
        ";",
        "role_arn",
        "source_profile",
        "sso_account_id",
        "credential_source",
        "duration_seconds",
        "role_session_name",
        "external_id",
        "external-id=",
        "mfa_serial",
        "arn:aws:iam::",
        "arn:aws-cn:iam::",
        "123456789012",
        "444455556666",
        ":role/",
        "/",
        "Ops",
        "900",
        "43201",
        "\u{202E}",
        "\u{0}",
        "ē",
    ]);
    prop::collection::vec(prop_oneof![3 => pieces.prop_map(str::to_owned), 1 => ".{0,8}"], 0..60).prop_map(|v| v.concat())
}

/// XML that looks partly like EC2's, ELBv2's and SNS's answers: their element names, nested and
/// unbalanced, mixed with anything.
fn xml_text() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "<DescribeVpcEndpointServiceConfigurationsResponse>",
        "<DescribeVpcEndpointServicePermissionsResponse>",
        "<DescribeLoadBalancersResult>",
        "<DescribeListenersResult>",
        "<ListTopicsResult>",
        "<serviceConfigurationSet>",
        "</serviceConfigurationSet>",
        "<allowedPrincipals>",
        "<item>",
        "</item>",
        "<member>",
        "</member>",
        "<LoadBalancers>",
        "<Listeners>",
        "<privateDnsNameConfiguration>",
        "</privateDnsNameConfiguration>",
        "<state>",
        "</state>",
        "<Port>",
        "</Port>",
        "<TopicArn>",
        "</TopicArn>",
        "&amp;",
        "&lt;",
        "<",
        ">",
        "/",
    ]);
    prop::collection::vec(prop_oneof![3 => pieces.prop_map(str::to_owned), 1 => ".{0,8}"], 0..80).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn the_preflight_and_alarm_xml_parsers_never_panic(text in xml_text()) {
        use cks_console::health::{alarms, xks_preflight as x};
        let _ = x::parse_service_configurations(&text);
        let _ = x::parse_service_permissions(&text);
        let _ = x::parse_load_balancers(&text);
        let _ = x::parse_listeners(&text);
        let _ = alarms::parse_topics(&text);
        let _ = xml::children(&text, "item");
        let _ = xml::own_element(&text, "state", &["privateDnsNameConfiguration"]);
    }
}
