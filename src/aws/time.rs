//! Calendar arithmetic for display, without a date crate (it would only add bytes to the page).

/// Formats epoch seconds as `YYYY-MM-DD HH:MM:SS UTC`.
pub fn format_utc(epoch_seconds: f64) -> String {
    let secs = epoch_seconds.floor() as i64;
    let (days, rem) = (secs.div_euclid(86_400), secs.rem_euclid(86_400));
    let (y, m, d) = civil_from_days(days);
    format!("{y:04}-{m:02}-{d:02} {:02}:{:02}:{:02} UTC", rem / 3600, rem % 3600 / 60, rem % 60)
}

/// Days since 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's algorithm).
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_known_instants() {
        assert_eq!(format_utc(0.0), "1970-01-01 00:00:00 UTC");
        // The CreationDate of AWS's own DescribeCustomKeyStores example.
        assert_eq!(format_utc(1.499288695918E9), "2017-07-05 21:04:55 UTC");
        assert_eq!(format_utc(951_782_400.0), "2000-02-29 00:00:00 UTC");
        assert_eq!(format_utc(1_795_996_800.0), "2026-11-30 00:00:00 UTC");
    }
}
