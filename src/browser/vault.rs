//! Encryption for "remember in this tab": AES-GCM under a WebCrypto key that is created
//! non-extractable and kept in IndexedDB, so the sessionStorage files Chromium writes to disk
//! hold only ciphertext; neither store alone gives the credentials back, and no script can read
//! the key's bytes. Both are deleted on sign-out and at expiry.

use js_sys::{Array, Object, Promise, Reflect, Uint8Array};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{CryptoKey, IdbDatabase, IdbOpenDbRequest, IdbRequest, IdbTransactionMode};

const DB: &str = "cks-console";
const STORE: &str = "keys";
const KEY: &str = "remember-in-tab";

/// Resolves with the request's result once it succeeds.
async fn settle(request: &IdbRequest) -> Result<JsValue, JsValue> {
    let promise = Promise::new(&mut |resolve, reject| {
        let ok = Closure::once_into_js(move |event: web_sys::Event| {
            let result = event.target().and_then(|t| t.dyn_into::<IdbRequest>().ok()).and_then(|r| r.result().ok()).unwrap_or(JsValue::UNDEFINED);
            let _ = resolve.call1(&JsValue::NULL, &result);
        });
        let fail = Closure::once_into_js(move |event: web_sys::Event| {
            let _ = reject.call1(&JsValue::NULL, &event);
        });
        request.set_onsuccess(Some(ok.unchecked_ref()));
        request.set_onerror(Some(fail.unchecked_ref()));
    });
    JsFuture::from(promise).await
}

async fn database() -> Result<IdbDatabase, JsValue> {
    let factory = web_sys::window().ok_or("no window")?.indexed_db()?.ok_or("no IndexedDB")?;
    let open: IdbOpenDbRequest = factory.open_with_u32(DB, 1)?;
    let upgrade = Closure::once_into_js(move |event: web_sys::Event| {
        if let Some(db) =
            event.target().and_then(|t| t.dyn_into::<IdbRequest>().ok()).and_then(|r| r.result().ok()).and_then(|r| r.dyn_into::<IdbDatabase>().ok())
        {
            let _ = db.create_object_store(STORE);
        }
    });
    open.set_onupgradeneeded(Some(upgrade.unchecked_ref()));
    settle(&open).await?.dyn_into()
}

fn subtle() -> Result<web_sys::SubtleCrypto, JsValue> {
    Ok(web_sys::window().ok_or("no window")?.crypto()?.subtle())
}

fn algorithm(name: &str, extra: &[(&str, JsValue)]) -> Object {
    let o = Object::new();
    let _ = Reflect::set(&o, &"name".into(), &name.into());
    for (k, v) in extra {
        let _ = Reflect::set(&o, &(*k).into(), v);
    }
    o
}

/// The tab's key: read from IndexedDB, or made (non-extractable) and stored there.
async fn key(create: bool) -> Result<CryptoKey, JsValue> {
    let db = database().await?;
    let store = db.transaction_with_str_and_mode(STORE, IdbTransactionMode::Readonly)?.object_store(STORE)?;
    let found = settle(&store.get(&KEY.into())?).await?;
    if let Ok(key) = found.dyn_into::<CryptoKey>() {
        return Ok(key);
    }
    if !create {
        return Err("no key".into());
    }
    let usages = Array::of2(&"encrypt".into(), &"decrypt".into());
    let made = subtle()?.generate_key_with_object(&algorithm("AES-GCM", &[("length", 256.into())]), false, &usages)?;
    let key: CryptoKey = JsFuture::from(made).await?.dyn_into()?;
    let store = db.transaction_with_str_and_mode(STORE, IdbTransactionMode::Readwrite)?.object_store(STORE)?;
    settle(&store.put_with_key(&key, &KEY.into())?).await?;
    Ok(key)
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn unhex(text: &str) -> Option<Vec<u8>> {
    (0..text.len()).step_by(2).map(|i| u8::from_str_radix(text.get(i..i + 2)?, 16).ok()).collect()
}

/// `plaintext` sealed as `iv:ciphertext` in hex.
pub async fn seal(plaintext: &str) -> Result<String, JsValue> {
    let key = key(true).await?;
    let mut iv = [0u8; 12];
    web_sys::window().ok_or("no window")?.crypto()?.get_random_values_with_u8_array(&mut iv)?;
    let params = algorithm("AES-GCM", &[("iv", Uint8Array::from(&iv[..]).into())]);
    let data = plaintext.as_bytes().to_vec();
    let sealed = subtle()?.encrypt_with_object_and_u8_array(&params, &key, &data)?;
    let bytes = Uint8Array::new(&JsFuture::from(sealed).await?).to_vec();
    Ok(format!("{}:{}", hex(&iv), hex(&bytes)))
}

/// The text `seal` sealed, if this tab's key opens it.
pub async fn open(sealed: &str) -> Result<String, JsValue> {
    let (iv, data) = sealed.split_once(':').ok_or("not sealed")?;
    let (iv, data) = (unhex(iv).ok_or("bad iv")?, unhex(data).ok_or("bad data")?);
    let key = key(false).await?;
    let params = algorithm("AES-GCM", &[("iv", Uint8Array::from(&iv[..]).into())]);
    let opened = subtle()?.decrypt_with_object_and_u8_array(&params, &key, &data)?;
    String::from_utf8(Uint8Array::new(&JsFuture::from(opened).await?).to_vec()).map_err(|_| "not text".into())
}

/// Deletes the key (and so makes any sealed copy useless).
pub async fn forget() {
    if let Ok(db) = database().await {
        if let Ok(store) = db.transaction_with_str_and_mode(STORE, IdbTransactionMode::Readwrite).and_then(|t| t.object_store(STORE)) {
            if let Ok(request) = store.delete(&KEY.into()) {
                let _ = settle(&request).await;
            }
        }
        db.close();
    }
}
