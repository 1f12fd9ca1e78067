//! The activity log as files: JSON Lines (one request a line) and CSV, for a ticket or an audit.
//! Only what the log keeps goes in, and it keeps no secret (`aws::exchange`).

use crate::aws::exchange::Exchange;
use serde_json::json;

/// The columns, in order, of both formats.
pub const COLUMNS: [&str; 13] =
    ["time", "account", "region", "service", "operation", "store", "status", "error_code", "request_id", "latency_ms", "attempt", "url", "network_error"];

/// One request as a row of `COLUMNS`' values.
pub fn row(account: &str, x: &Exchange) -> Vec<String> {
    let opt = |v: &Option<String>| v.clone().unwrap_or_default();
    vec![
        iso8601(x.started_ms),
        account.to_owned(),
        x.region.clone(),
        x.service.clone(),
        x.operation.clone(),
        opt(&x.store_id),
        x.status.map(|s| s.to_string()).unwrap_or_default(),
        opt(&x.error_code),
        opt(&x.request_id),
        x.latency_ms.to_string(),
        x.attempt.to_string(),
        x.url.clone(),
        opt(&x.network_error),
    ]
}

/// Epoch ms as `2026-11-29T06:00:00.000Z`.
pub fn iso8601(ms: u64) -> String {
    let date = crate::aws::time::format_utc(ms as f64 / 1000.0).replace(" UTC", "").replace(' ', "T");
    format!("{date}.{:03}Z", ms % 1000)
}

pub fn to_jsonl<'a>(entries: impl IntoIterator<Item = (&'a str, &'a Exchange)>) -> String {
    entries
        .into_iter()
        .map(|(account, x)| {
            let values = row(account, x);
            let object: serde_json::Map<String, serde_json::Value> = COLUMNS.iter().zip(values).map(|(k, v)| ((*k).to_owned(), json!(v))).collect();
            serde_json::Value::Object(object).to_string() + "\n"
        })
        .collect()
}

/// RFC 4180: a field with a comma, quote or line break is quoted, its quotes doubled. A field
/// that a spreadsheet would run as a formula (`=`, `+`, `-`, `@` first) gets a `'` in front.
pub(crate) fn csv_field(value: &str) -> String {
    let value = if value.starts_with(['=', '+', '-', '@']) { format!("'{value}") } else { value.to_owned() };
    if value.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", value.replace('"', "\"\""))
    } else {
        value
    }
}

pub fn to_csv<'a>(entries: impl IntoIterator<Item = (&'a str, &'a Exchange)>) -> String {
    let mut out = COLUMNS.join(",") + "\r\n";
    for (account, x) in entries {
        out += &row(account, x).iter().map(|v| csv_field(v)).collect::<Vec<_>>().join(",");
        out += "\r\n";
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn exchange() -> Exchange {
        Exchange {
            started_ms: 1_795_932_000_123,
            latency_ms: 42,
            service: "kms".into(),
            region: "us-east-1".into(),
            url: "https://kms.us-east-1.amazonaws.com/".into(),
            operation: "ConnectCustomKeyStore".into(),
            store_id: Some("cks-1".into()),
            status: Some(400),
            error_code: Some("CustomKeyStoreInvalidStateException".into()),
            request_id: Some("r-1".into()),
            attempt: 2,
            request_body: r#"{"KeyStorePassword":"(secret, not kept)"}"#.into(),
            ..Exchange::default()
        }
    }

    #[test]
    fn both_formats_parse_back_to_the_same_values() {
        let x = exchange();
        let jsonl = to_jsonl([("111122223333", &x)]);
        let parsed: serde_json::Value = serde_json::from_str(jsonl.lines().next().unwrap()).unwrap();
        assert_eq!(parsed["time"], "2026-11-29T06:00:00.123Z");
        assert_eq!(
            (parsed["operation"].as_str(), parsed["attempt"].as_str(), parsed["status"].as_str()),
            (Some("ConnectCustomKeyStore"), Some("2"), Some("400"))
        );
        let csv = to_csv([("111122223333", &x), ("=evil,\"name\"", &x)]);
        let lines: Vec<&str> = csv.split("\r\n").collect();
        assert_eq!(lines[0], COLUMNS.join(","));
        assert!(lines[1].starts_with("2026-11-29T06:00:00.123Z,111122223333,us-east-1,kms,ConnectCustomKeyStore,cks-1,400,"));
        assert!(lines[2].contains(r#","'=evil,""name""","#) || lines[2].contains(r#""'=evil,""name""""#), "{}", lines[2]);
        assert!(!csv.contains("KeyStorePassword") && !jsonl.contains("KeyStorePassword"), "bodies are not exported");
    }
}
