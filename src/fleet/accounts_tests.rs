use super::*;
use crate::aws::profiles::parse_config;

#[test]
fn role_lines_take_an_optional_external_id() {
    let list = parse_role_list(
        "# payments\n\
         arn:aws:iam::444455556666:role/KmsOperator external-id=pay-2026\n\
         \n\
         arn:aws:iam::777788889999:role/ops/Audit, audit-1   # the auditors\n\
         arn:aws-us-gov:iam::123456789012:role/R\n\
         arn:aws:iam::444455556666:role/KmsOperator External_Id=pay-2026\n",
    );
    assert_eq!(list.errors, vec![]);
    assert_eq!(list.folded, 1, "the repeated line is folded");
    let ids: Vec<(&str, Option<&str>)> = list.accounts.iter().map(|a| (a.account_id.as_str(), a.external_id.as_deref())).collect();
    assert_eq!(ids, [("444455556666", Some("pay-2026")), ("777788889999", Some("audit-1")), ("123456789012", None)]);
    assert_eq!(list.accounts[1].role_arn.path, "/ops/");
}

#[test]
fn bad_lines_are_named_and_the_good_ones_kept() {
    let list = parse_role_list(
        "arn:aws:iam::444455556666:role/A\n\
         arn:aws:iam::4444:role/B\n\
         arn:aws:iam::444455556666:role/Other\n\
         arn:aws:iam::111122223333:role/C id extra\n\
         arn:aws:iam::111122223333:role/C bad id with spaces\n\
         arn:aws:iam::111122223333:role/C x\n\
         just words\n",
    );
    assert_eq!(list.accounts.len(), 1);
    let shown: Vec<String> = list.errors.iter().map(ToString::to_string).collect();
    assert!(shown[0].starts_with("Line 2: The account ID"), "{shown:?}");
    assert!(shown[1].starts_with("Line 3: account 444455556666 is already on line 1"), "{shown:?}");
    assert!(shown[2].starts_with("Line 4: a role ARN and at most an external ID, but \"extra\""), "{shown:?}");
    assert!(shown[4].starts_with("Line 6: The external ID"), "{shown:?}");
    assert!(shown[5].starts_with("Line 7: "), "{shown:?}");
    assert_eq!(parse_role_list("").accounts, vec![]);
}

#[test]
fn names_follow_organizations_then_alias_then_id() {
    assert_eq!(display_name(Some("Payments"), Some("pay-prod"), "444455556666"), "Payments");
    assert_eq!(display_name(None, Some("pay-prod"), "444455556666"), "pay-prod");
    assert_eq!(display_name(Some(" "), None, "444455556666"), "444455556666");
}

#[test]
fn a_labelled_account_is_confirmed_by_name_or_id() {
    let mut account = MemberAccount::new(RoleArn::parse("arn:aws:iam::444455556666:role/A").unwrap());
    account.label = Some(Label::new(" production ", Colour::Red).unwrap());
    assert!(confirm_matches(" 444455556666 ", &account));
    assert!(!confirm_matches("Payments", &account));
    account.name = Some("Payments".into());
    assert!(confirm_matches("Payments\n", &account) && confirm_matches("444455556666", &account));
    assert!(!confirm_matches("payments", &account) && !confirm_matches("", &account) && !confirm_matches("44445555666", &account));
    assert_eq!(account.label.unwrap().word, "production");
    assert!(Label::new("", Colour::Blue).is_err() && Label::new(&"x".repeat(33), Colour::Blue).is_err());
    assert_eq!(Colour::ALL.map(|c| Colour::from_key(c.key())), Colour::ALL.map(Some));
}

#[test]
fn profiles_become_accounts_one_per_account() {
    let config = parse_config(
        "[profile prod]\nrole_arn = arn:aws:iam::444455556666:role/Ops\nexternal_id = x-1\nregion = eu-west-1\nduration_seconds = 7200\n\
         [profile prod-read]\nrole_arn = arn:aws:iam::444455556666:role/Read\n[profile sso]\nsso_account_id = 111122223333\n",
    );
    let (accounts, skipped) = from_profiles(&config);
    assert_eq!(accounts.len(), 1);
    let a = &accounts[0];
    assert_eq!(
        (a.profile.as_deref(), a.external_id.as_deref(), a.region.as_deref(), a.duration_seconds),
        (Some("prod"), Some("x-1"), Some("eu-west-1"), Some(7200))
    );
    assert_eq!(skipped.iter().map(|s| s.what.as_str()).collect::<Vec<_>>(), ["prod-read", "sso"]);
    assert!(skipped[0].why.contains("already added through profile prod"));
    assert!(skipped[1].why.contains("IAM Identity Center (SSO) for account 111122223333"));
}

#[test]
fn organization_accounts_get_the_role_in_their_partition() {
    let org = |id: &str, name: &str, state: Option<&str>, arn: Option<&str>| OrgAccount {
        id: Some(id.into()),
        name: Some(name.into()),
        state: state.map(Into::into),
        arn: arn.map(Into::into),
        status: None,
    };
    let chosen = [
        org("111122223333", "hub", Some("ACTIVE"), None),
        org("444455556666", "Payments", Some("ACTIVE"), Some("arn:aws:organizations::111122223333:account/o-abcdefghij/444455556666")),
        org("777788889999", "Old", Some("SUSPENDED"), None),
        org("123456789012", "Gov", Some("ACTIVE"), Some("arn:aws-us-gov:organizations::1:account/o-x/123456789012")),
        OrgAccount { id: Some("210987654321".into()), status: Some("ACTIVE".into()), ..Default::default() },
        org("999999999999", "Nameless state", None, None),
    ];
    let (accounts, skipped) = from_organization(&chosen, "KmsOperator", "111122223333", "aws");
    let arns: Vec<String> = accounts.iter().map(|a| a.role_arn.to_string()).collect();
    assert_eq!(
        arns,
        ["arn:aws:iam::444455556666:role/KmsOperator", "arn:aws-us-gov:iam::123456789012:role/KmsOperator", "arn:aws:iam::210987654321:role/KmsOperator"]
    );
    assert_eq!(accounts[0].display_name(), "Payments");
    assert_eq!(accounts[2].display_name(), "210987654321");
    assert!(skipped[0].why.contains("hub's own account"));
    assert!(skipped[1].why.contains("SUSPENDED"));
    assert!(skipped[2].why.contains("no state"));
    let (none, bad) = from_organization(&chosen[1..2], "bad name!", "1", "aws");
    assert!(none.is_empty() && bad[0].why.contains("role name"));
}
