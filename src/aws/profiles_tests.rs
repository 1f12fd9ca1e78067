use super::*;

const CONFIG: &str = "\
# team accounts
[default]
region = eu-west-1

[profile hub]
aws_access_key_id = AKIAEXAMPLEFAKE00001
aws_secret_access_key = fake/secret

[profile payments-prod]
role_arn = arn:aws:iam::444455556666:role/KmsOperator
source_profile = hub
external_id = pay-2026
mfa_serial = arn:aws:iam::111122223333:mfa/alice
role_session_name = alice
duration_seconds = 3600
region = eu-central-1

[profile payments-audit]
role_arn = arn:aws:iam::777788889999:role/Audit
source_profile = payments-prod

[profile sso-dev]
sso_session = corp
sso_account_id = 123456789012
sso_role_name = Admin

[sso-session corp]
sso_start_url = https://corp.awsapps.com/start

[profile on-ec2]
role_arn = arn:aws:iam::123456789012:role/R
credential_source = Ec2InstanceMetadata

[profile typo]
role_arn = arn:aws:iam::12345:role/R
[profile long]
role_arn = arn:aws:iam::123456789012:role/R
duration_seconds = 50000
[profile badname]
role_arn = arn:aws:iam::123456789012:role/R
role_session_name = has space
";

fn find<'a>(c: &'a ParsedConfig, name: &str) -> &'a Result<ProfileRole, String> {
    &c.profiles.iter().find(|p| p.name == name).unwrap().usable
}

#[test]
fn each_profile_is_a_role_or_says_why_not() {
    let c = parse_config(CONFIG);
    assert_eq!(c.problems, Vec::<String>::new());
    assert_eq!(c.sso_sessions, ["corp"]);
    assert_eq!(c.profiles.len(), 9);
    let prod = find(&c, "payments-prod").as_ref().unwrap();
    assert_eq!(prod.role_arn.account_id, "444455556666");
    assert_eq!(prod.external_id.as_deref(), Some("pay-2026"));
    assert_eq!((prod.duration_seconds, prod.region.as_deref(), prod.session_name.as_deref()), (Some(3600), Some("eu-central-1"), Some("alice")));
    assert_eq!(prod.note, None, "its source is the hub's own keys: no chain");
    let audit = find(&c, "payments-audit").as_ref().unwrap();
    assert!(audit.note.as_deref().unwrap().contains("source_profile payments-prod is itself a role"));
    assert_eq!(audit.source_chain, ["payments-prod", "hub"]);
    let looped = parse_config("[profile a]\nrole_arn = arn:aws:iam::123456789012:role/A\nsource_profile = b\n[profile b]\nsource_profile = a\n");
    assert_eq!(looped.profiles[0].usable.as_ref().unwrap().source_chain, ["b"], "a loop ends the chain");
    assert!(find(&c, "sso-dev").as_ref().unwrap_err().contains("IAM Identity Center"));
    let hub = find(&c, "hub").as_ref().unwrap_err();
    assert!(hub.contains("no role_arn") && hub.contains("ignored and not kept"), "{hub}");
    assert!(find(&c, "default").as_ref().unwrap_err().contains("no role_arn"));
    assert!(find(&c, "on-ec2").as_ref().unwrap_err().contains("credential_source (Ec2InstanceMetadata)"));
    assert!(find(&c, "typo").as_ref().unwrap_err().starts_with("role_arn: The account ID"));
    assert!(find(&c, "long").as_ref().unwrap_err().contains("900 to 43200"));
    assert!(find(&c, "badname").as_ref().unwrap_err().starts_with("role_session_name:"));
    assert_eq!(c.profiles[1].line, 5);
}

#[test]
fn unreadable_lines_are_named_and_the_rest_is_kept() {
    let c = parse_config("region = x\n[profile a\n[credentials]\nnonsense\n[profile b]\n ROLE_ARN = arn:aws:iam::123456789012:role/B ; no\n");
    let lines: Vec<&str> = c.problems.iter().map(|p| &p[..7]).collect();
    assert_eq!(lines, ["Line 1:", "Line 2:", "Line 3:", "Line 4:"], "{:?}", c.problems);
    assert!(find(&c, "b").as_ref().unwrap_err().contains("role name"), "an inline comment is part of the value");
    assert_eq!(parse_config("").profiles, vec![]);
    assert_eq!(parse_config("[profile x]\nrole_arn = arn:aws:iam::123456789012:role/X\r\n").profiles[0].usable.as_ref().unwrap().role_arn.name, "X");
}

#[test]
fn secrets_are_never_kept() {
    let c = parse_config("[profile k]\naws_secret_access_key = very-secret\naws_session_token = tok\n");
    assert!(!format!("{c:?}").contains("very-secret") && !format!("{c:?}").contains("tok\""));
}
