//! One timed run at a time across every parlab frame and tab of this origin, with the Web Locks
//! API: all of them share the same cores, and two runs at once time each other.
//!
//! web-sys binds `navigator.locks` only behind its unstable-API flag, so the two calls parlab
//! needs are bound here; the API is looked up at run time, because a browser may not have it.

use js_sys::{Array, Function, Object, Promise, Reflect};
use parlab_kernels::control::Cancelled;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

/// The lock every timed run of every parlab page of this origin takes.
const LOCK_NAME: &str = "parlab-timed-run";

#[wasm_bindgen]
extern "C" {
    /// `navigator.locks`.
    type LockManager;

    /// `locks.request(name, options, callback)`: `callback` runs with the lock (or `null`, with
    /// `ifAvailable`, when it is taken); the lock is held until the promise it returns settles.
    #[wasm_bindgen(method, catch)]
    fn request(this: &LockManager, name: &str, options: &Object, callback: &Function) -> Result<Promise, JsValue>;
}

/// The lock, held until this is dropped.
pub struct RunLock {
    release: Function,
}

impl Drop for RunLock {
    fn drop(&mut self) {
        let _ = self.release.call0(&JsValue::NULL);
    }
}

/// Takes the run lock, waiting for the run that holds it if there is one: `on_wait` is called
/// once the wait begins (not when the lock is free). `Ok(None)` when this browser cannot keep
/// runs apart here (no Web Locks, or an opaque origin refusing them): the run goes ahead
/// unprotected and says so. Aborting `signal` ends a wait with `Cancelled`.
pub async fn acquire(signal: &web_sys::AbortSignal, on_wait: impl FnOnce()) -> Result<Option<RunLock>, Cancelled> {
    let Some(locks) = lock_manager() else { return Ok(None) };
    let (hold, release) = pending_promise();
    let if_available = Object::new();
    let _ = Reflect::set(&if_available, &"ifAvailable".into(), &JsValue::TRUE);
    match request_lock(&locks, &if_available, &hold).await {
        Ok(true) => return Ok(Some(RunLock { release })),
        Ok(false) => {}
        Err(_) => return Ok(None),
    }
    if signal.aborted() {
        return Err(Cancelled);
    }
    on_wait();
    let queued = Object::new();
    let _ = Reflect::set(&queued, &"signal".into(), signal);
    match request_lock(&locks, &queued, &hold).await {
        Ok(true) => Ok(Some(RunLock { release })),
        _ if signal.aborted() => Err(Cancelled),
        _ => Ok(None),
    }
}

fn lock_manager() -> Option<LockManager> {
    let navigator = web_sys::window()?.navigator();
    let locks = Reflect::get(&navigator, &"locks".into()).ok()?;
    (locks.is_object() && Reflect::has(&locks, &"request".into()).unwrap_or(false)).then(|| locks.unchecked_into())
}

/// Asks for the lock with `options`; resolves to whether it was granted (with `ifAvailable` it
/// may not be). A granted lock stays held until `hold` settles.
async fn request_lock(locks: &LockManager, options: &Object, hold: &Promise) -> Result<bool, JsValue> {
    let (granted, grant) = pending_promise();
    let hold = hold.clone();
    let callback = Closure::once(move |lock: JsValue| -> JsValue {
        let _ = grant.call1(&JsValue::NULL, &JsValue::from_bool(!lock.is_null()));
        if lock.is_null() { JsValue::UNDEFINED } else { hold.into() }
    });
    let settled = locks.request(LOCK_NAME, options, callback.as_ref().unchecked_ref())?;
    // `settled` only settles first when the request fails: aborted, or refused by the browser.
    let answer = JsFuture::from(Promise::race(&Array::of2(&granted, &settled))).await?;
    // The callback has run by now, or never will (the request failed), so it may be dropped.
    drop(callback);
    Ok(answer.as_bool() == Some(true))
}

/// A promise and the function that resolves it.
fn pending_promise() -> (Promise, Function) {
    let mut resolve = None;
    let promise = Promise::new(&mut |resolve_fn, _reject| resolve = Some(resolve_fn));
    (promise, resolve.expect("the Promise constructor runs its executor at once"))
}
