use super::*;

fn accounts() -> Vec<MemberAccount> {
    let mut prod = MemberAccount::new(RoleArn::parse("arn:aws:iam::444455556666:role/ops/KmsOperator").unwrap());
    prod.external_id = Some("pay-2026".into());
    prod.name = Some("Payments — production".into());
    prod.label = Some(Label::new("production", Colour::Red).unwrap());
    prod.profile = Some("payments-prod".into());
    prod.region = Some("eu-central-1".into());
    prod.mfa_serial = Some("arn:aws:iam::111122223333:mfa/alice".into());
    prod.session_name = Some("alice".into());
    prod.duration_seconds = Some(3600);
    let plain = MemberAccount::new(RoleArn::parse("arn:aws-cn:iam::777788889999:role/Audit").unwrap());
    vec![prod, plain]
}

#[test]
fn accounts_labels_and_columns_round_trip_without_the_external_id() {
    let columns = vec!["state".to_owned(), "certificate-days".to_owned()];
    let value = encode(&accounts(), &columns);
    assert!(value.starts_with("1.") && value[2..].bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'), "{value}");
    assert!(!String::from_utf8(from_base64url(&value[2..]).unwrap()).unwrap().contains("pay-2026"), "no external id in the link");
    let shared = decode(&value).unwrap();
    assert_eq!(shared.problems, Vec::<String>::new());
    assert_eq!(shared.columns, columns);
    let mut expected = accounts();
    expected[0].external_id = None;
    assert_eq!(shared.accounts.iter().map(|s| s.account.clone()).collect::<Vec<_>>(), expected);
    assert_eq!(shared.accounts.iter().map(|s| s.needs_external_id).collect::<Vec<_>>(), [true, false]);
}

#[test]
fn garbage_is_a_clear_error_and_bad_parts_are_named() {
    for bad in ["", "hello", "1.", "1.!!!!", "2.abc", &format!("1.{}", base64url(b"[1,2]"))] {
        let e = decode(bad).unwrap_err();
        assert!(e.contains("cannot be read") || e.contains("newer version"), "{bad:?}: {e}");
    }
    assert!(decode("7.abc").unwrap_err().contains("newer version"));
    assert_eq!(decode("1.e30"), Ok(Shared::default()), "`{{}}` is an empty set, not an error");
    let doc = r#"{"a":[{"r":"arn:aws:iam::444455556666:role/A","l":"prod","c":"chartreuse"},{"r":"nonsense"},42,
                 {"r":"arn:aws:iam::444455556666:role/A"}],"k":["state","<script>",7]}"#;
    let shared = decode(&format!("1.{}", base64url(doc.as_bytes()))).unwrap();
    assert_eq!(shared.accounts.len(), 1, "the good account stays, its repeat is folded");
    assert_eq!(shared.accounts[0].account.label.as_ref().unwrap().colour, Colour::Grey, "an unknown colour becomes grey");
    assert_eq!(shared.columns, ["state"]);
    assert_eq!(shared.problems.len(), 4, "{:?}", shared.problems);
    assert!(shared.problems[0].starts_with("Account 2 in the link was left out: "), "{:?}", shared.problems);
}

#[test]
fn merging_keeps_what_the_page_knows() {
    let mut mine = vec![accounts().remove(0)];
    let ask = merge(&mut mine, decode(&encode(&accounts(), &[])).unwrap());
    assert_eq!(mine.len(), 2);
    assert_eq!(mine[0].external_id.as_deref(), Some("pay-2026"), "kept");
    assert_eq!(ask, Vec::<String>::new());
    let mut empty = vec![];
    assert_eq!(merge(&mut empty, decode(&encode(&accounts(), &[])).unwrap()), ["444455556666"]);
}

#[test]
fn base64url_round_trips_every_length() {
    for n in 0..40u8 {
        let bytes: Vec<u8> = (0..n).map(|i| i.wrapping_mul(37)).collect();
        assert_eq!(from_base64url(&base64url(&bytes)).unwrap(), bytes);
    }
    assert_eq!(base64url(b"fo"), "Zm8");
    assert_eq!(from_base64url("Zm8="), Some(b"fo".to_vec()));
    assert_eq!(from_base64url("Z"), None);
}
