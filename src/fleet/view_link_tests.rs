use super::*;

fn payments() -> StoreRef {
    StoreRef::new("111122223333", "us-east-1", "cks-1a2b3c4d5e6f70001")
}

#[test]
fn a_store_round_trips_through_its_link_value() {
    let value = payments().to_param();
    assert_eq!(value, "111122223333/us-east-1/cks-1a2b3c4d5e6f70001");
    assert_eq!(StoreRef::parse(&value), Ok(payments()));
    assert_eq!(StoreRef::parse(" 111122223333/us-east-1/cks-1a2b3c4d5e6f70001\n"), Ok(payments()), "spaces from a copy are forgiven");
    assert_eq!(payments().scope(), Scope::new("111122223333", "us-east-1"));
}

#[test]
fn only_an_account_a_region_and_a_store_id_are_read() {
    for bad in [
        "",
        "111122223333/us-east-1",
        "111122223333/us-east-1/cks-1/extra",
        "11112222333/us-east-1/cks-1",
        "11112222333x/us-east-1/cks-1",
        "111122223333/US-EAST-1/cks-1",
        "111122223333/us-east-1/",
        "111122223333/us-east-1/cks 1",
        "111122223333/us-east-1/<script>",
        "111122223333/us-east-1/ASIASANDBOXDEMO00001:secret",
    ] {
        assert!(StoreRef::parse(bad).is_err(), "{bad:?} is not a store");
    }
    assert!(StoreRef::parse(&format!("111122223333/us-east-1/{}", "a".repeat(65))).is_err(), "KMS ids are at most 64 characters");
    assert!(StoreRef::parse("nonsense").unwrap_err().contains("cannot be read"), "said in words");
}

#[test]
fn the_store_opened_last_is_the_one_in_the_link() {
    let a = payments();
    let b = StoreRef::new("111122223333", "eu-west-1", "cks-2");
    let c = StoreRef::new("444455556666", "us-east-1", "cks-3");
    let (only_a, a_and_b) = (vec![a.clone()], vec![a.clone(), b.clone()]);
    assert_eq!(selected_after(None, &[], &only_a), Some(a.clone()));
    assert_eq!(selected_after(Some(&a), &only_a, &a_and_b), Some(b.clone()), "another scope's details opened");
    assert_eq!(selected_after(Some(&b), &a_and_b, &a_and_b), Some(b.clone()), "nothing moved");
    assert_eq!(selected_after(Some(&b), &a_and_b, &only_a), Some(a.clone()), "closed: the one still open");
    assert_eq!(selected_after(Some(&a), &only_a, &[]), None, "closed, none left");
    let switched = StoreRef::new("111122223333", "us-east-1", "cks-9");
    assert_eq!(selected_after(Some(&a), &[a.clone(), c.clone()], &[switched.clone(), c.clone()]), Some(switched), "another store in the same scope");
}

#[test]
fn a_linked_store_waits_for_its_list_then_opens() {
    let target = payments();
    assert_eq!(resolve(&target, &Place::AccountNotReady), Outcome::Wait(None), "its role is still being assumed");
    assert_eq!(resolve(&target, &Place::Listed(Listing::default())), Outcome::Wait(None), "its list is loading");
    let shown = Listing { loaded: true, failed: false, has_store: true, row_shown: true, account_shown: true };
    assert_eq!(resolve(&target, &Place::Listed(shown)), Outcome::Open(None));
    let stale = Listing { failed: true, ..shown };
    assert_eq!(resolve(&target, &Place::Listed(stale)), Outcome::Open(None), "rows kept from an earlier load still count");
}

#[test]
fn what_hides_a_linked_store_is_said_in_one_sentence() {
    let target = payments();
    let listed = Listing { loaded: true, failed: false, has_store: true, row_shown: true, account_shown: true };
    let sentence = |outcome: Outcome| match outcome {
        Outcome::Missing(s) | Outcome::Open(Some(s)) | Outcome::Wait(Some(s)) => s,
        other => panic!("no sentence: {other:?}"),
    };
    let cases = [
        (Place::Listed(Listing { has_store: false, ..listed }), "is not in account 111122223333 in us-east-1; it may have been deleted."),
        (Place::Listed(Listing { row_shown: false, ..listed }), "the table's filters hide its row."),
        (Place::Listed(Listing { account_shown: false, ..listed }), "which the Account filter hides"),
        (Place::Listed(Listing { loaded: false, failed: true, ..listed }), "did not load. It opens once the list loads."),
        (Place::RegionNotShown, "is in us-east-1, which this page does not show"),
        (Place::AccountNotOnPage, "is in account 111122223333, which is not on this page."),
        (Place::AccountRefused("STS refused: AccessDenied.".into()), "could not be reached. STS refused: AccessDenied."),
        (Place::ScopeFailed("The endpoint cannot be read.".into()), "could not be opened. The endpoint cannot be read."),
    ];
    for (place, expected) in cases {
        let said = sentence(resolve(&target, &place));
        assert!(said.starts_with("The linked store cks-1a2b3c4d5e6f70001"), "{said}");
        assert!(said.contains(expected), "{place:?}: {said}");
        assert!(!said.contains('\n'), "one line: {said}");
    }
    assert!(matches!(resolve(&target, &Place::Listed(Listing { has_store: false, ..listed })), Outcome::Missing(_)));
    assert!(matches!(resolve(&target, &Place::Listed(Listing { row_shown: false, ..listed })), Outcome::Open(Some(_))), "a hidden row still opens");
}
