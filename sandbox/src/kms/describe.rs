use super::entry::entry;
use super::{text, KmsFault, Output};
use crate::world::Region;
use serde_json::{json, Map, Value};

/// KMS's default page size when `Limit` is absent.
const DEFAULT_LIMIT: usize = 1000;

pub fn describe(region: &Region, input: &Map<String, Value>) -> Output {
    let id = text(input, "CustomKeyStoreId");
    let name = text(input, "CustomKeyStoreName");
    if id.is_some() && name.is_some() {
        return Err(KmsFault::new("ValidationException", "Specify either CustomKeyStoreId or CustomKeyStoreName, not both."));
    }
    if let Some(wanted) = id.or(name) {
        let found = region.stores.iter().find(|s| if id.is_some() { s.id == wanted } else { s.name == wanted });
        return match found {
            Some(store) => Ok(json!({ "CustomKeyStores": [entry(store)], "Truncated": false })),
            None => Err(KmsFault::new("CustomKeyStoreNotFoundException", format!("No custom key store has the ID or name {wanted}."))),
        };
    }
    let limit = input.get("Limit").and_then(Value::as_u64).map_or(DEFAULT_LIMIT, |n| n as usize);
    // The marker is the id of the first store of the next page: opaque to clients, stable while
    // stores are created, and invalid once that store is deleted, as a KMS marker can become.
    let start = match text(input, "Marker") {
        None => 0,
        Some(m) => region.stores.iter().position(|s| s.id == m).ok_or_else(|| KmsFault::new("InvalidMarkerException", "The marker is not valid."))?,
    };
    let stores = &region.stores;
    let end = (start + limit).min(stores.len());
    let mut out = json!({ "CustomKeyStores": stores[start..end].iter().map(entry).collect::<Vec<_>>(), "Truncated": end < stores.len() });
    if end < stores.len() {
        out["NextMarker"] = json!(stores[end].id);
    }
    Ok(out)
}
