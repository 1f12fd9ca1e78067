use super::*;

fn scopes(n: usize) -> Vec<Scope> {
    (0..n)
        .map(|i| Scope::new(format!("{:012}", 100_000_000_000u64 + (i / 4) as u64), ["us-east-1", "eu-west-1", "ap-southeast-2", "sa-east-1"][i % 4]))
        .collect()
}

#[test]
fn two_hundred_scopes_spread_over_the_minute() {
    let mut per_second = [0u32; 60];
    for scope in scopes(200) {
        let at = offset_ms(7, &scope, 60_000);
        assert!(at < 60_000);
        per_second[(at / 1000) as usize] += 1;
    }
    assert!(per_second.iter().all(|n| *n <= 12), "no second carries a crowd: {per_second:?}");
    assert!(per_second.iter().filter(|n| **n == 0).count() < 10, "most seconds carry some: {per_second:?}");
    let s = Scope::new("444455556666", "eu-west-1");
    assert_eq!(offset_ms(7, &s, 60_000), offset_ms(7, &s, 60_000), "the same for the same seed");
    assert_ne!(offset_ms(7, &s, 60_000), offset_ms(8, &s, 60_000));
    assert_eq!(offset_ms(7, &s, 0), 0, "no period, no division by zero");
    for round in 0..50 {
        let j = jittered_ms(7, &s, round, 10_000);
        assert!((10_000..=11_000).contains(&j), "{j}");
    }
}

fn most_in_any_second(rate: Rate) -> usize {
    let mut bucket = TokenBucket::new(rate, 0);
    let sent: Vec<u64> = (0..10_000).filter(|t| bucket.try_take(*t).is_ok()).collect();
    sent.iter().map(|t| sent.iter().filter(|u| (*t..t + 1000).contains(*u)).count()).max().unwrap()
}

#[test]
fn buckets_keep_every_second_within_the_quota() {
    assert_eq!(most_in_any_second(KMS_CUSTOM_KEY_STORES), 5);
    assert_eq!(most_in_any_second(CLOUDTRAIL_LOOKUP), 2);
    let mut b = TokenBucket::new(KMS_CUSTOM_KEY_STORES, 1_000);
    assert_eq!(b.try_take(1_000), Ok(()));
    assert_eq!(b.try_take(1_000), Err(200));
    assert_eq!(b.try_take(1_150), Err(50));
    assert_eq!(b.try_take(1_200), Ok(()));
    assert_eq!(b.try_take(500), Err(200), "a clock stepping back refills nothing and does not panic");
}

#[test]
fn one_poll_in_flight_per_scope() {
    let mut s = Scheduler::new(1, PollSchedule::default());
    let a = Scope::new("444455556666", "eu-west-1");
    s.add(a.clone(), 0);
    assert_eq!(s.start(&Scope::new("1", "x"), 0), Err(NotNow::Unknown));
    assert!(s.due(59_999).len() <= 1);
    s.poll_now(&a, 0);
    assert_eq!(s.due(0), vec![a.clone()]);
    assert_eq!(s.start(&a, 0), Ok(()));
    assert_eq!(s.start(&a, 500), Err(NotNow::InFlight));
    assert_eq!(s.due(500), vec![]);
    s.finish(&a, 700, Outcome::Ok, true, 0);
    let next = s.state(&a).unwrap().next_due_ms;
    assert!((2_700..=2_900).contains(&next), "the transition pace, jittered: {next}");
    assert_eq!(s.next_wake_ms(), Some(next));
    assert_eq!(s.take(&a, Api::CloudTrail, 700), Ok(()));
    assert_eq!(s.take(&a, Api::CloudTrail, 700), Err(NotNow::Wait(500)));
}

#[test]
fn a_throttled_scope_slows_and_no_other_does() {
    let mut s = Scheduler::new(1, PollSchedule::default());
    let (slow, fine) = (Scope::new("444455556666", "eu-west-1"), Scope::new("777788889999", "eu-west-1"));
    let mut now = 0;
    for scope in [&slow, &fine] {
        s.add(scope.clone(), now);
    }
    for _ in 0..4 {
        for scope in [&slow, &fine] {
            s.poll_now(scope, now);
            s.start(scope, now).unwrap();
            let outcome = if scope == &slow { Outcome::Throttled } else { Outcome::Ok };
            s.finish(scope, now + 100, outcome, true, 0);
        }
        now += 1_000;
    }
    let gap = |scope: &Scope| s.state(scope).unwrap().next_due_ms - (now - 900);
    assert!(gap(&slow) >= 32_000, "2 s doubled four times: {}", gap(&slow));
    assert!(gap(&fine) <= 2_200, "{}", gap(&fine));
    assert_eq!(s.state(&slow).unwrap().failures, 4);
    s.start(&slow, now).ok();
    s.finish(&slow, now, Outcome::Ok, true, 0);
    assert_eq!(s.state(&slow).unwrap().failures, 0, "the first good poll restores the pace");
    s.remove(&slow);
    assert_eq!(s.state(&slow), None);
}

#[test]
fn a_poll_that_never_reports_back_frees_its_scope_in_time() {
    let mut s = Scheduler::new(1, PollSchedule::default());
    let a = Scope::new("444455556666", "eu-west-1");
    s.add(a.clone(), 0);
    s.poll_now(&a, 0);
    s.start(&a, 0).unwrap();
    assert_eq!(s.start(&a, IN_FLIGHT_LIMIT_MS - 1), Err(NotNow::InFlight));
    assert_eq!(s.next_wake_ms(), Some(IN_FLIGHT_LIMIT_MS));
    assert_eq!(s.due(IN_FLIGHT_LIMIT_MS), vec![a.clone()]);
    assert_eq!(s.start(&a, IN_FLIGHT_LIMIT_MS), Ok(()));
}
