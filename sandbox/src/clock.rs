//! The sandbox's wall clock (the real one plus an injectable offset, so clock-skew handling can be
//! tested) and the date formats AWS uses.

use std::time::{SystemTime, UNIX_EPOCH};

/// Epoch seconds on the sandbox's clock.
pub fn now(offset_seconds: i64) -> i64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs() as i64) + offset_seconds
}

/// `20261129T060000Z` (SigV4's X-Amz-Date) to epoch seconds.
pub fn parse_amz_date(s: &str) -> Option<i64> {
    let b = s.as_bytes();
    if b.len() != 16 || b[8] != b'T' || b[15] != b'Z' || !s[..8].chars().chain(s[9..15].chars()).all(|c| c.is_ascii_digit()) {
        return None;
    }
    let n = |r: std::ops::Range<usize>| s[r].parse::<i64>().ok();
    let (y, m, d) = (n(0..4)?, n(4..6)?, n(6..8)?);
    let (hh, mm, ss) = (n(9..11)?, n(11..13)?, n(13..15)?);
    if !(1..=12).contains(&m) || !(1..=31).contains(&d) || hh > 23 || mm > 59 || ss > 60 {
        return None;
    }
    Some(days_from_civil(y, m, d) * 86_400 + hh * 3600 + mm * 60 + ss)
}

pub fn format_amz_date(epoch: i64) -> String {
    let (y, m, d, hh, mm, ss) = parts(epoch);
    format!("{y:04}{m:02}{d:02}T{hh:02}{mm:02}{ss:02}Z")
}

/// ISO 8601 as STS writes `Expiration`: `2026-11-29T18:00:00Z`.
pub fn format_iso8601(epoch: i64) -> String {
    let (y, m, d, hh, mm, ss) = parts(epoch);
    format!("{y:04}-{m:02}-{d:02}T{hh:02}:{mm:02}:{ss:02}Z")
}

/// The HTTP `Date` header: `Sun, 29 Nov 2026 06:00:00 GMT`.
pub fn format_http_date(epoch: i64) -> String {
    const DAYS: [&str; 7] = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];
    const MONTHS: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
    let (y, m, d, hh, mm, ss) = parts(epoch);
    let weekday = DAYS[epoch.div_euclid(86_400).rem_euclid(7) as usize];
    format!("{weekday}, {d:02} {} {y:04} {hh:02}:{mm:02}:{ss:02} GMT", MONTHS[m as usize - 1])
}

fn parts(epoch: i64) -> (i64, i64, i64, i64, i64, i64) {
    let (days, rem) = (epoch.div_euclid(86_400), epoch.rem_euclid(86_400));
    let (y, m, d) = civil_from_days(days);
    (y, m, d, rem / 3600, rem % 3600 / 60, rem % 60)
}

fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_round_trip_and_agree() {
        for s in ["19700101T000000Z", "20000229T235959Z", "20261129T060000Z"] {
            assert_eq!(format_amz_date(parse_amz_date(s).unwrap()), s);
        }
        let t = parse_amz_date("20261129T060000Z").unwrap();
        assert_eq!(t, 1_795_932_000);
        assert_eq!(format_iso8601(t), "2026-11-29T06:00:00Z");
        assert_eq!(format_http_date(t), "Sun, 29 Nov 2026 06:00:00 GMT");
        assert_eq!(format_http_date(0), "Thu, 01 Jan 1970 00:00:00 GMT");
        assert_eq!(parse_amz_date("2026-11-29T06:00:00Z"), None);
    }
}
