//! Encryption for "remember in this tab": AES-GCM under a WebCrypto key that is created
//! non-extractable and kept in IndexedDB, so the sessionStorage files Chromium writes to disk
//! hold only ciphertext; neither store alone gives the credentials back, and no script can read
//! the key's bytes. Both are deleted on sign-out and at expiry.
//!
//! Each tab has a key of its own (IndexedDB is shared by every tab of the origin; its name is in
//! the tab's sessionStorage), so that signing out in one tab never touches another's remembered
//! session. The page holds a Web Lock named after its key for as long as it lives. A duplicated
//! tab inherits the sessionStorage, so the key's name, of a tab that is still open: it finds the
//! lock held, opens the inherited copy with that key once, seals it again under a key of its own,
//! and leaves the other tab's key alone. A reload finds the lock free (the page before it let go)
//! and keeps its key.

use js_sys::{Array, Object, Promise, Reflect, Uint8Array};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{CryptoKey, IdbDatabase, IdbOpenDbRequest, IdbRequest, IdbTransactionMode};

const DB: &str = "cks-console";
const STORE: &str = "keys";
/// The prefix of every tab's key name in IndexedDB.
const KEY: &str = "remember-in-tab";
/// Where the tab keeps its key's name (sessionStorage).
const KEY_NAME: &str = "cks-console.vault-key";
/// How long a page waits for a key's lock before it takes the key for another open tab's: the
/// page before a reload lets go of it within milliseconds.
const LOCK_WAIT_MS: i32 = 1000;

thread_local! {
    /// (this page's key, the key of the tab it was duplicated from), once `claim` has run.
    static CLAIMED: std::cell::RefCell<Option<(String, Option<String>)>> = const { std::cell::RefCell::new(None) };
}

fn tab_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.session_storage().ok()?
}

fn fresh_name() -> String {
    let mut bytes = [0u8; 12];
    let _ = web_sys::window().and_then(|w| w.crypto().ok()).map(|c| c.get_random_values_with_u8_array(&mut bytes));
    format!("{KEY}-{}", hex(&bytes))
}

/// Holds the Web Lock `name` for the rest of the page's life; false when another page still
/// held it after `wait_ms`. Without Web Locks every key counts as this page's own.
async fn hold(name: &str, wait_ms: i32) -> bool {
    let Some(window) = web_sys::window() else { return true };
    let Ok(locks) = Reflect::get(&window.navigator(), &"locks".into()) else { return true };
    if locks.is_undefined() {
        return true;
    }
    let Ok(controller) = web_sys::AbortController::new() else { return true };
    let name = name.to_owned();
    let granted = Promise::new(&mut |resolve, _| {
        let on_grant = {
            let resolve = resolve.clone();
            Closure::once_into_js(move |_lock: JsValue| -> JsValue {
                let _ = resolve.call1(&JsValue::NULL, &JsValue::TRUE);
                // Never settles: the lock is the page's until it goes away.
                Promise::new(&mut |_, _| {}).into()
            })
        };
        let options = Object::new();
        let _ = Reflect::set(&options, &"signal".into(), &controller.signal());
        let request = Reflect::get(&locks, &"request".into())
            .ok()
            .and_then(|f| f.dyn_into::<js_sys::Function>().ok())
            .and_then(|f| f.call3(&locks, &name.clone().into(), &options, &on_grant).ok())
            .and_then(|p| p.dyn_into::<Promise>().ok());
        let refused: JsValue = Closure::once_into_js(move |_: JsValue| {
            let _ = resolve.call1(&JsValue::NULL, &JsValue::FALSE);
        });
        match request {
            Some(p) => drop(Reflect::get(&p, &"catch".into()).ok().and_then(|f| f.dyn_into::<js_sys::Function>().ok()).map(|f| f.call1(&p, &refused))),
            None => drop(refused.unchecked_ref::<js_sys::Function>().call1(&JsValue::NULL, &JsValue::NULL)),
        }
    });
    let abort = Closure::once_into_js(move || controller.abort());
    let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(abort.unchecked_ref(), wait_ms);
    JsFuture::from(granted).await.ok().and_then(|v| v.as_bool()).unwrap_or(false)
}

/// This page's key name, and the inherited one when the tab is a duplicate of a tab still open.
async fn claim() -> (String, Option<String>) {
    if let Some(claimed) = CLAIMED.with_borrow(Clone::clone) {
        return claimed;
    }
    let stored = tab_storage().and_then(|s| s.get_item(KEY_NAME).ok().flatten());
    let claimed = match stored {
        Some(name) if hold(&name, LOCK_WAIT_MS).await => (name, None),
        inherited => {
            let name = fresh_name();
            hold(&name, LOCK_WAIT_MS).await;
            if let Some(s) = tab_storage() {
                let _ = s.set_item(KEY_NAME, &name);
            }
            (name, inherited)
        }
    };
    CLAIMED.with_borrow_mut(|c| *c = Some(claimed.clone()));
    claimed
}

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

/// The key named `name`: read from IndexedDB, or made (non-extractable) and stored there.
async fn key(name: &str, create: bool) -> Result<CryptoKey, JsValue> {
    let db = database().await?;
    let store = db.transaction_with_str_and_mode(STORE, IdbTransactionMode::Readonly)?.object_store(STORE)?;
    let found = settle(&store.get(&name.into())?).await?;
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
    settle(&store.put_with_key(&key, &name.into())?).await?;
    Ok(key)
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn unhex(text: &str) -> Option<Vec<u8>> {
    (0..text.len()).step_by(2).map(|i| u8::from_str_radix(text.get(i..i + 2)?, 16).ok()).collect()
}

/// `plaintext` sealed as `iv:ciphertext` in hex, under this tab's own key.
pub async fn seal(plaintext: &str) -> Result<String, JsValue> {
    let key = key(&claim().await.0, true).await?;
    let mut iv = [0u8; 12];
    web_sys::window().ok_or("no window")?.crypto()?.get_random_values_with_u8_array(&mut iv)?;
    let params = algorithm("AES-GCM", &[("iv", Uint8Array::from(&iv[..]).into())]);
    let data = plaintext.as_bytes().to_vec();
    let sealed = subtle()?.encrypt_with_object_and_u8_array(&params, &key, &data)?;
    let bytes = Uint8Array::new(&JsFuture::from(sealed).await?).to_vec();
    Ok(format!("{}:{}", hex(&iv), hex(&bytes)))
}

/// The text `seal` sealed, if this tab's key opens it (in a duplicated tab: the key of the tab it
/// was duplicated from), and whether it must be sealed again under this tab's own key.
pub async fn open(sealed: &str) -> Result<(String, bool), JsValue> {
    let (iv, data) = sealed.split_once(':').ok_or("not sealed")?;
    let (iv, data) = (unhex(iv).ok_or("bad iv")?, unhex(data).ok_or("bad data")?);
    let (own, inherited) = claim().await;
    let key = key(inherited.as_deref().unwrap_or(&own), false).await?;
    let params = algorithm("AES-GCM", &[("iv", Uint8Array::from(&iv[..]).into())]);
    let opened = subtle()?.decrypt_with_object_and_u8_array(&params, &key, &data)?;
    let text = String::from_utf8(Uint8Array::new(&JsFuture::from(opened).await?).to_vec()).map_err(|_| JsValue::from("not text"))?;
    Ok((text, inherited.is_some()))
}

/// Deletes this tab's key (and so makes its sealed copy useless); other tabs' keys stay.
pub async fn forget() {
    let name = claim().await.0;
    if let Ok(db) = database().await {
        if let Ok(store) = db.transaction_with_str_and_mode(STORE, IdbTransactionMode::Readwrite).and_then(|t| t.object_store(STORE)) {
            if let Ok(request) = store.delete(&name.into()) {
                let _ = settle(&request).await;
            }
        }
        db.close();
    }
}
