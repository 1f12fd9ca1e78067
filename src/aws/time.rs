//! Calendar arithmetic for display, without a date crate (it would only add bytes to the page).

/// Formats epoch seconds as `YYYY-MM-DD HH:MM:SS UTC`.
pub fn format_utc(epoch_seconds: f64) -> String {
    let secs = epoch_seconds.floor() as i64;
    let (days, rem) = (secs.div_euclid(86_400), secs.rem_euclid(86_400));
    let (y, m, d) = civil_from_days(days);
    format!("{y:04}-{m:02}-{d:02} {:02}:{:02}:{:02} UTC", rem / 3600, rem % 3600 / 60, rem % 60)
}

/// A duration as people say it: `42 s`, `3 min 05 s`, `2 h 07 min`.
pub fn duration_text(ms: u64) -> String {
    let s = ms / 1000;
    match s {
        0..60 => format!("{s} s"),
        60..3600 => format!("{} min {:02} s", s / 60, s % 60),
        _ => format!("{} h {:02} min", s / 3600, s % 3600 / 60),
    }
}

/// How long ago something happened, as a label that changes every ten seconds at most:
/// `just now`, `20 s ago`, `3 min ago`, `2 h 07 min ago`. Hundreds of such labels on a page
/// (one per account and Region) need no more, and each change is a write to the page.
pub fn age_text(ms: u64) -> String {
    let s = ms / 1000;
    match s {
        0..10 => "just now".to_owned(),
        10..60 => format!("{} s ago", s / 10 * 10),
        60..3600 => format!("{} min ago", s / 60),
        _ => format!("{} h {:02} min ago", s / 3600, s % 3600 / 60),
    }
}

/// Reads an ISO 8601 instant as AWS writes them (`2026-11-29T18:00:00Z`, `…+00:00`,
/// `….123Z`) into epoch milliseconds.
pub fn parse_iso8601_ms(text: &str) -> Option<u64> {
    let t = text.trim();
    let b = t.as_bytes();
    if b.len() < 20 || b[4] != b'-' || b[7] != b'-' || !matches!(b[10], b'T' | b't' | b' ') || b[13] != b':' || b[16] != b':' {
        return None;
    }
    let num = |r: std::ops::Range<usize>| -> Option<i64> { t.get(r).filter(|s| s.bytes().all(|c| c.is_ascii_digit()))?.parse().ok() };
    let (y, mo, d, h, mi, s) = (num(0..4)?, num(5..7)?, num(8..10)?, num(11..13)?, num(14..16)?, num(17..19)?);
    if !(1..=12).contains(&mo) || !(1..=31).contains(&d) || h > 23 || mi > 59 || s > 60 {
        return None;
    }
    let mut rest = &t[19..];
    let mut millis = 0;
    if let Some(frac) = rest.strip_prefix('.') {
        let digits = frac.bytes().take_while(u8::is_ascii_digit).count();
        if digits == 0 {
            return None;
        }
        millis = format!("{:0<3}", &frac[..digits.min(3)]).parse::<i64>().ok()?;
        rest = &frac[digits..];
    }
    let offset_minutes = match rest {
        "Z" | "z" => 0,
        _ => {
            let sign = match rest.as_bytes().first()? {
                b'+' => 1,
                b'-' => -1,
                _ => return None,
            };
            let (oh, om) = rest[1..].split_once(':').unwrap_or((rest.get(1..3)?, rest.get(3..)?));
            sign * (oh.parse::<i64>().ok()? * 60 + om.parse::<i64>().ok()?)
        }
    };
    let secs = days_from_civil(y, mo, d) * 86_400 + h * 3600 + mi * 60 + s - offset_minutes * 60;
    u64::try_from(secs * 1000 + millis).ok()
}

/// Reads an HTTP `Date` header (`Sun, 29 Nov 2026 06:00:00 GMT`) into epoch milliseconds.
pub fn parse_http_date_ms(text: &str) -> Option<u64> {
    const MONTHS: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
    let mut parts = text.split_once(", ")?.1.split(' ');
    let day: i64 = parts.next()?.parse().ok()?;
    let month_name = parts.next()?;
    let month = MONTHS.iter().position(|m| *m == month_name)? as i64 + 1;
    let year: i64 = parts.next()?.parse().ok()?;
    let mut hms = parts.next()?.split(':').map(|p| p.parse::<i64>().ok());
    let (h, mi, s) = (hms.next()??, hms.next()??, hms.next()??);
    if parts.next()? != "GMT" || !(1..=31).contains(&day) || h > 23 || mi > 59 || s > 60 {
        return None;
    }
    u64::try_from((days_from_civil(year, month, day) * 86_400 + h * 3600 + mi * 60 + s) * 1000).ok()
}

fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + d - 1;
    era * 146_097 + yoe * 365 + yoe / 4 - yoe / 100 + doy - 719_468
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
    fn ages_are_said_in_steps_of_ten_seconds_then_minutes() {
        let said: Vec<String> = [0, 9_999, 10_000, 59_999, 60_000, 3_599_999, 3_600_000, 7_620_000].into_iter().map(age_text).collect();
        assert_eq!(said, ["just now", "just now", "10 s ago", "50 s ago", "1 min ago", "59 min ago", "1 h 00 min ago", "2 h 07 min ago"]);
    }

    #[test]
    fn formats_known_instants() {
        assert_eq!(format_utc(0.0), "1970-01-01 00:00:00 UTC");
        // The CreationDate of AWS's own DescribeCustomKeyStores example.
        assert_eq!(format_utc(1.499288695918E9), "2017-07-05 21:04:55 UTC");
        assert_eq!(format_utc(951_782_400.0), "2000-02-29 00:00:00 UTC");
        assert_eq!(format_utc(1_795_996_800.0), "2026-11-30 00:00:00 UTC");
    }

    #[test]
    fn reads_http_dates() {
        assert_eq!(parse_http_date_ms("Sun, 29 Nov 2026 06:00:00 GMT"), Some(1_795_932_000_000));
        assert_eq!(parse_http_date_ms("Thu, 01 Jan 1970 00:00:00 GMT"), Some(0));
        assert_eq!(parse_http_date_ms("Sun, 29 Nov 2026 06:00:00 PST"), None);
        assert_eq!(parse_http_date_ms("yesterday"), None);
    }

    #[test]
    fn reads_iso8601_as_aws_writes_it() {
        let at = 1_795_975_200_000;
        assert_eq!(parse_iso8601_ms("2026-11-29T18:00:00Z"), Some(at));
        assert_eq!(parse_iso8601_ms("2026-11-29T18:00:00+00:00"), Some(at));
        assert_eq!(parse_iso8601_ms("2026-11-29T19:30:00+01:30"), Some(at));
        assert_eq!(parse_iso8601_ms("2026-11-29T13:00:00-0500"), Some(at));
        assert_eq!(parse_iso8601_ms("2026-11-29T18:00:00.250Z"), Some(at + 250));
        assert_eq!(parse_iso8601_ms("2026-11-29T18:00:00.5Z"), Some(at + 500));
        assert_eq!(parse_iso8601_ms("1970-01-01T00:00:00Z"), Some(0));
        for bad in ["tomorrow", "2026-11-29", "2026-13-01T00:00:00Z", "2026-11-29T18:00:00", "2026-11-29T18:00:00.Z"] {
            assert_eq!(parse_iso8601_ms(bad), None, "{bad}");
        }
    }
}
