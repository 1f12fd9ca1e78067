//! The KMS keys in each custom key store of a Region. `ListKeys` takes no filter, so as AWS
//! documents: list every key, `DescribeKey` each, and group by `KeyMetadata.CustomKeyStoreId`.

use crate::aws::codes;
use crate::aws::error::ServiceError;
use crate::aws::http::Transport;
use crate::kms::operation::Operation;
use crate::kms::KmsClient;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Describing keys one by one is slow for big accounts: past this many the count says "at least".
pub const MAX_DESCRIBED: usize = 2_000;
const MAX_PAGES: usize = 50;

#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
struct ListKeysRequest {
    limit: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    marker: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase")]
struct ListKeysResponse {
    keys: Option<Vec<KeyListEntry>>,
    next_marker: Option<String>,
    truncated: Option<bool>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase")]
struct KeyListEntry {
    key_id: Option<String>,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
struct DescribeKeyRequest<'a> {
    key_id: &'a str,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase")]
struct DescribeKeyResponse {
    key_metadata: Option<KeyMetadata>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase")]
struct KeyMetadata {
    custom_key_store_id: Option<String>,
    arn: Option<String>,
    key_state: Option<String>,
}

/// One key of a custom key store, as DescribeKey shows it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StoreKey {
    pub key_id: String,
    pub arn: String,
    /// `Enabled`, `Unavailable` (its store is not connected), `PendingDeletion`…
    pub key_state: Option<String>,
}

/// Key ids per store id, and whether every key of the Region was looked at.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct KeysByStore {
    pub keys: BTreeMap<String, Vec<String>>,
    pub complete: bool,
}

impl KeysByStore {
    pub fn count(&self, store_id: &str) -> usize {
        self.keys.get(store_id).map_or(0, Vec::len)
    }

    /// "3 keys", "at least 3 keys".
    pub fn count_text(&self, store_id: &str) -> String {
        let n = self.count(store_id);
        let plural = if n == 1 { "key" } else { "keys" };
        if self.complete {
            format!("{n} {plural}")
        } else {
            format!("at least {n} {plural}")
        }
    }
}

/// ListKeys's largest page.
const LIST_LIMIT: u32 = 1000;

/// The first page's input of the key list, as JSON (for the CLI command that does the same).
pub fn list_keys_input() -> serde_json::Value {
    serde_json::to_value(ListKeysRequest { limit: LIST_LIMIT, marker: None }).unwrap_or_default()
}

/// DescribeKey's input for one key, as JSON.
pub fn describe_key_input(key_id: &str) -> serde_json::Value {
    serde_json::to_value(DescribeKeyRequest { key_id }).unwrap_or_default()
}

pub async fn keys_by_store<T: Transport>(client: &KmsClient<T>) -> Result<KeysByStore, ServiceError> {
    let (keys, complete) = describe_store_keys(client).await?;
    let mut found = KeysByStore { complete, ..Default::default() };
    for (store, list) in keys {
        found.keys.insert(store, list.into_iter().map(|k| k.key_id).collect());
    }
    Ok(found)
}

/// Every custom key store key of the Region with its ARN and state, by store id; `false` when
/// more than [`MAX_DESCRIBED`] keys were listed (the rest were not described).
pub async fn describe_store_keys<T: Transport>(client: &KmsClient<T>) -> Result<(BTreeMap<String, Vec<StoreKey>>, bool), ServiceError> {
    let mut ids = Vec::new();
    let mut marker = None;
    for _ in 0..MAX_PAGES {
        let page: ListKeysResponse = client.call(Operation::ListKeys, &ListKeysRequest { limit: LIST_LIMIT, marker: marker.take() }).await?;
        ids.extend(page.keys.unwrap_or_default().into_iter().filter_map(|k| k.key_id));
        match (page.truncated, page.next_marker) {
            (Some(true), Some(next)) => marker = Some(next),
            _ => break,
        }
    }
    let complete = ids.len() <= MAX_DESCRIBED;
    let mut found: BTreeMap<String, Vec<StoreKey>> = BTreeMap::new();
    for id in ids.iter().take(MAX_DESCRIBED) {
        let out: DescribeKeyResponse = match client.call(Operation::DescribeKey, &DescribeKeyRequest { key_id: id }).await {
            Ok(out) => out,
            // Deleted between the list and now: it is in no store.
            Err(e) if e.code() == codes::NOT_FOUND => continue,
            Err(e) => return Err(e),
        };
        let Some(meta) = out.key_metadata else { continue };
        if let Some(store) = meta.custom_key_store_id {
            found.entry(store).or_default().push(StoreKey { key_id: id.clone(), arn: meta.arn.unwrap_or_default(), key_state: meta.key_state });
        }
    }
    Ok((found, complete))
}

/// Why the count is shown: the sentence says what it means there.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    Details,
    Disconnect,
    Delete,
}

pub fn consequence(purpose: Purpose, n: usize, text: &str) -> String {
    match (purpose, n) {
        (Purpose::Details, _) => format!("{text} in this store."),
        (Purpose::Disconnect, 0) => "No KMS keys are in this store, so nothing becomes unusable.".to_owned(),
        (Purpose::Disconnect, _) => format!("{text} become unusable while disconnected."),
        (Purpose::Delete, 0) => "No KMS keys are in this store: KMS can delete it.".to_owned(),
        (Purpose::Delete, _) => format!("{text} are still in this store. KMS deletes a store only once it holds no keys: schedule their deletion first."),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_say_at_least_when_the_list_was_cut() {
        let mut k = KeysByStore { complete: true, ..Default::default() };
        k.keys.insert("cks-1".into(), vec!["a".into(), "b".into(), "c".into()]);
        assert_eq!(k.count_text("cks-1"), "3 keys");
        assert_eq!(k.count_text("cks-2"), "0 keys");
        k.complete = false;
        assert_eq!(k.count_text("cks-1"), "at least 3 keys");
        assert_eq!(serde_json::to_string(&ListKeysRequest { limit: 1000, marker: None }).unwrap(), r#"{"Limit":1000}"#);
    }

    #[test]
    fn each_purpose_says_what_the_count_means() {
        assert_eq!(consequence(Purpose::Disconnect, 3, "3 keys"), "3 keys become unusable while disconnected.");
        assert!(consequence(Purpose::Delete, 1, "1 key").contains("schedule their deletion first"));
        assert!(consequence(Purpose::Delete, 0, "0 keys").contains("KMS can delete it"));
    }
}
