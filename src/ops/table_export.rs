//! The fleet table as a file: the columns the user shows, or every field KMS returned, as CSV or
//! JSON, one row per store with its account and Region.

use super::activity::csv_field;
use crate::aws::time::format_utc;
use crate::kms::listing::{backing, connectivity, proxy_endpoint, Column};
use crate::kms::KeyStore;
use serde_json::{json, Map, Value};

/// A store and where it is.
pub struct Located<'a> {
    pub account_id: &'a str,
    pub account_name: &'a str,
    pub region: &'a str,
    pub store: &'a KeyStore,
}

/// What a column holds for a store, as the wire (or ISO 8601) writes it.
pub fn cell(column: Column, row: &Located) -> String {
    let s = row.store;
    match column {
        Column::Name => s.name().to_owned(),
        Column::Id => s.id().to_owned(),
        Column::Type => s.store_type().to_string(),
        Column::Backing => backing(s),
        Column::State => s.connection_state.as_ref().map(ToString::to_string).unwrap_or_default(),
        Column::ErrorCode => s.connection_error_code.as_ref().map(ToString::to_string).unwrap_or_default(),
        Column::Created => s.creation_date.map(format_utc).unwrap_or_default(),
        Column::Cluster => s.cloud_hsm_cluster_id.clone().unwrap_or_default(),
        Column::Connectivity => connectivity(s).map(|c| c.to_string()).unwrap_or_default(),
        Column::ProxyEndpoint => proxy_endpoint(s),
        Column::Account => format!("{} ({})", row.account_name, row.account_id),
    }
}

/// Every field KMS returned, nested structures flattened with dots (`XksProxyConfiguration.UriPath`).
fn every_field(row: &Located) -> Map<String, Value> {
    fn flatten(prefix: &str, value: &Value, out: &mut Map<String, Value>) {
        match value {
            Value::Object(map) => map.iter().for_each(|(k, v)| flatten(&if prefix.is_empty() { k.clone() } else { format!("{prefix}.{k}") }, v, out)),
            Value::Null => {}
            other => {
                out.insert(prefix.to_owned(), other.clone());
            }
        }
    }
    let mut out = Map::new();
    out.insert("AccountId".into(), json!(row.account_id));
    out.insert("AccountName".into(), json!(row.account_name));
    out.insert("Region".into(), json!(row.region));
    flatten("", &serde_json::to_value(row.store).unwrap_or_default(), &mut out);
    out
}

/// `columns`: those shown (always with the Region), or `None` for every field.
fn objects(rows: &[Located], columns: Option<&[Column]>) -> Vec<Map<String, Value>> {
    rows.iter()
        .map(|row| match columns {
            Some(columns) => {
                let mut out = Map::new();
                for c in columns {
                    out.insert(c.title().to_owned(), json!(cell(*c, row)));
                }
                out.insert("Region".into(), json!(row.region));
                out
            }
            None => every_field(row),
        })
        .collect()
}

pub fn to_json(rows: &[Located], columns: Option<&[Column]>) -> String {
    serde_json::to_string_pretty(&objects(rows, columns)).unwrap_or_default()
}

pub fn to_csv(rows: &[Located], columns: Option<&[Column]>) -> String {
    let objects = objects(rows, columns);
    // The columns in the order shown; every field in the order of their names.
    let mut header: Vec<String> = columns.map(|c| c.iter().map(|c| c.title().to_owned()).chain(["Region".to_owned()]).collect()).unwrap_or_default();
    for o in objects.iter().filter(|_| columns.is_none()) {
        for k in o.keys() {
            if !header.contains(k) {
                header.push(k.clone());
            }
        }
    }
    let text = |v: Option<&Value>| match v {
        Some(Value::String(s)) => s.clone(),
        Some(other) => other.to_string(),
        None => String::new(),
    };
    let mut out = header.iter().map(|h| csv_field(h)).collect::<Vec<_>>().join(",") + "\r\n";
    for o in &objects {
        out += &header.iter().map(|h| csv_field(&text(o.get(h)))).collect::<Vec<_>>().join(",");
        out += "\r\n";
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn store() -> KeyStore {
        serde_json::from_value(json!({"CustomKeyStoreId": "cks-1", "CustomKeyStoreName": "pay, \"main\"", "ConnectionState": "FAILED",
            "ConnectionErrorCode": "USER_LOCKED_OUT", "CustomKeyStoreType": "AWS_CLOUDHSM", "CloudHsmClusterId": "cluster-1", "CreationDate": 1767225600.0}))
        .unwrap()
    }

    #[test]
    fn shown_columns_and_every_field_parse_back() {
        let s = store();
        let rows = [Located { account_id: "777788889999", account_name: "production", region: "us-east-1", store: &s }];
        let shown: Value = serde_json::from_str(&to_json(&rows, Some(&[Column::Name, Column::Account, Column::State]))).unwrap();
        assert_eq!(shown[0]["Name"], "pay, \"main\"");
        assert_eq!(
            (shown[0]["Account"].as_str(), shown[0]["Connection state"].as_str(), shown[0]["Region"].as_str()),
            (Some("production (777788889999)"), Some("FAILED"), Some("us-east-1"))
        );
        let all: Value = serde_json::from_str(&to_json(&rows, None)).unwrap();
        assert_eq!((all[0]["CloudHsmClusterId"].as_str(), all[0]["AccountId"].as_str()), (Some("cluster-1"), Some("777788889999")));
        let csv = to_csv(&rows, Some(&[Column::Name, Column::State]));
        let lines: Vec<&str> = csv.split("\r\n").collect();
        assert_eq!(lines[0], "Name,Connection state,Region");
        assert_eq!(lines[1], "\"pay, \"\"main\"\"\",FAILED,us-east-1");
        assert!(to_csv(&rows, None).lines().next().unwrap().contains("ConnectionErrorCode"));
    }
}
