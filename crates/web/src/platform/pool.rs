//! The Web Worker thread pool, and moving work off the UI thread.
//!
//! Rules learnt on real browsers (see ARCHITECTURE.md): the pool is started before any rayon
//! call, or rayon builds its own one-thread pool and `initThreadPool` fails; and the UI thread
//! never calls rayon itself (it may not block, so rayon would make it spin and steal a core).
//! A run therefore is a job handed to a pool thread with `rayon::spawn`, and the UI thread
//! awaits the answer through a channel.

use std::any::Any;
use std::future::Future;
use std::num::NonZeroUsize;

use parlab_kernels::params::{Limits, MAX_POOL_SIZE};
use parlab_kernels::verdict::count;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use crate::platform::isolation;
use crate::platform::parallelism::{self, Parallelism};

#[derive(Debug, Clone, PartialEq)]
pub enum PoolStatus {
    Starting {
        threads: NonZeroUsize,
    },
    /// `startup_ms`: from the `initThreadPool` call to all workers ready; `ready_at_ms`: since
    /// the page started loading (`performance.now()`).
    Ready {
        threads: NonZeroUsize,
        startup_ms: f64,
        ready_at_ms: f64,
        parallelism: Parallelism,
    },
    /// Not cross-origin isolated: no `SharedArrayBuffer`, so no threads; sequential runs only.
    NotIsolated,
    Failed {
        message: String,
    },
}

impl PoolStatus {
    /// Whether parallel runs can be made now.
    pub fn ready_threads(&self) -> Option<NonZeroUsize> {
        match self {
            PoolStatus::Ready { threads, .. } => Some(*threads),
            _ => None,
        }
    }

    /// Whether the pool has reached its final state, ready or not.
    pub fn is_settled(&self) -> bool {
        !matches!(self, PoolStatus::Starting { .. })
    }
}

/// `navigator.hardwareConcurrency`, at least 1.
pub fn hardware_concurrency() -> usize {
    web_sys::window().map_or(1, |w| w.navigator().hardware_concurrency() as usize).max(1)
}

/// The cores the page counts on for the sweep's core mark and where its speedup stops:
/// the measured parallelism once known, else the count the browser reports. Not the default k
/// (that is [`compute_threads`], from the reported count). A view that shows it takes the
/// [`PoolStatus`] as a property, which changes when the measurement lands.
pub fn cores() -> usize {
    parallelism::measured().map_or_else(hardware_concurrency, NonZeroUsize::get)
}

/// “k = 5 is more than the 4 cores this device reports: …”, when `threads` (named `symbol` on the
/// page) passes them. Against the reported count, not the measured one: the default k is one per
/// reported core, and a busy measurement must not make it look oversubscribed (the banner and
/// the verdict say when the machine was busy).
pub fn past_the_cores_note(symbol: &str, threads: usize) -> Option<String> {
    let reported = hardware_concurrency();
    (threads > reported).then(|| {
        format!(
            "{symbol} = {threads} is more than the {} this device reports: the extra threads take turns on the same cores.",
            count(reported, "core")
        )
    })
}

/// The threads a compute demo may use, and its default k: one per logical core the browser
/// reports, up to [`MAX_POOL_SIZE`], and no more than the memory the browser granted holds the
/// stacks of, but two at least where the device reports two or more. The measured parallelism
/// never lowers it.
pub fn compute_threads() -> NonZeroUsize {
    let fit = Limits::max_compute_threads(isolation::memory_bytes()).max(2);
    NonZeroUsize::new(hardware_concurrency().min(MAX_POOL_SIZE).min(fit)).unwrap_or(NonZeroUsize::MIN)
}

/// What the page can hold: the compute pool and the memory the browser granted, and the
/// session's measured parallelism (shown, never the default thread count).
pub fn limits() -> Limits {
    Limits {
        max_threads: compute_threads(),
        memory_bytes: isolation::memory_bytes(),
        measured_parallelism: parallelism::measured(),
    }
}

/// `performance.now()` on the UI thread: milliseconds since the page started loading.
pub fn since_page_start_ms() -> f64 {
    web_sys::window().and_then(|w| w.performance()).map_or(0.0, |p| p.now())
}

pub fn is_cross_origin_isolated() -> bool {
    js_sys::Reflect::get(&js_sys::global(), &"crossOriginIsolated".into()).is_ok_and(|v| v.is_truthy())
}

/// Whether the page has an opaque origin (a frame sandboxed without `allow-same-origin`):
/// browsers start no module workers there, so it gets no pool even where it is isolated.
pub fn has_opaque_origin() -> bool {
    js_sys::Reflect::get(&js_sys::global(), &"origin".into()).ok().and_then(|v| v.as_string()).as_deref()
        == Some("null")
}

/// Whether the browser gives this page shared memory (`SharedArrayBuffer`), which the pool's
/// workers need. Some browsers isolate a page and still give it none (GNOME Web, WebKitGTK's
/// default).
pub fn has_shared_memory() -> bool {
    js_sys::Reflect::get(&js_sys::global(), &"SharedArrayBuffer".into()).is_ok_and(|v| v.is_function())
}

/// Whether this page can have a thread pool at all.
pub fn can_start_pool() -> bool {
    is_cross_origin_isolated() && !has_opaque_origin() && has_shared_memory()
}

/// Why an isolated page cannot even try to start its pool, in words a person can act on.
pub fn unstartable_reason() -> &'static str {
    if has_opaque_origin() {
        "this page is in a sandboxed frame (it has no origin of its own), where browsers start no module workers"
    } else {
        "this browser isolates the page but gives it no shared memory (SharedArrayBuffer), which threads need. Chrome, Edge, Firefox and Safari give it to isolated pages; some browsers built on WebKit, such as GNOME Web, do not. Open parlab in one of those for threads"
    }
}

/// How long the workers may take to start before the page stops waiting for them: a worker
/// that cannot load never answers, and the page must not say “starting” for ever.
const POOL_START_TIMEOUT_MS: i32 = 15_000;

thread_local! {
    /// The pool start-up begun by [`begin`], until the app takes it with [`started`]: its
    /// threads, start time, and a promise that settles when it is ready or has failed.
    static STARTING: std::cell::RefCell<Option<(NonZeroUsize, f64, js_sys::Promise)>> = const { std::cell::RefCell::new(None) };
    /// When the pool was ready, since the page started loading.
    static READY_AT: std::cell::Cell<f64> = const { std::cell::Cell::new(0.0) };
}

/// Starts the pool of `threads` workers, before anything uses rayon and before the first
/// render. Call once, on the UI thread.
pub fn begin(threads: NonZeroUsize) {
    let began = since_page_start_ms();
    let error = js_sys::Error::new(&format!(
        "its {threads} Web Workers did not start within {} s",
        POOL_START_TIMEOUT_MS / 1000
    ));
    let timeout = timer(POOL_START_TIMEOUT_MS, Err(error.into()));
    let init = wasm_bindgen_rayon::init_thread_pool(threads.get());
    let first = js_sys::Promise::race(&js_sys::Array::of2(&init, &timeout));
    // Stamped when it happens, not when the UI thread next gets round to it. Called once at
    // most, for the one pool of the page.
    let stamp = wasm_bindgen::closure::Closure::once(|_: wasm_bindgen::JsValue| READY_AT.set(since_page_start_ms()));
    let ready_at = first.then(&stamp);
    stamp.forget();
    STARTING.with(|slot| *slot.borrow_mut() = Some((threads, began, ready_at)));
}

/// Resolves when the pool [`begin`] started is ready or has failed, or after `ms` at the latest.
///
/// The first render holds the UI thread for tens of milliseconds, and wasm-bindgen-rayon creates
/// its workers only once the UI thread is free (it fetches their script first): measured on a
/// 2-core machine, rendering first put 90 ms between starting the pool and its workers even
/// being created. Rendering after this lets them start alongside.
pub async fn settled_within(ms: i32) {
    let Some(ready_at) = STARTING.with(|slot| slot.borrow().as_ref().map(|(_, _, ready_at)| ready_at.clone())) else {
        return;
    };
    let _ = JsFuture::from(js_sys::Promise::race(&js_sys::Array::of2(&ready_at, &timer(ms, Ok(0.into()))))).await;
}

/// A promise settled with `outcome` after `ms`.
fn timer(ms: i32, outcome: Result<wasm_bindgen::JsValue, wasm_bindgen::JsValue>) -> js_sys::Promise {
    js_sys::Promise::new(&mut |resolve, reject| {
        let (settle, value) = match &outcome {
            Ok(value) => (resolve, value),
            Err(error) => (reject, error),
        };
        if let Some(window) = web_sys::window() {
            let _ = window.set_timeout_with_callback_and_timeout_and_arguments_1(&settle, ms, value);
        }
    })
}

/// The pool start-up [`begin`] started (its threads and start time), if any; resolves with the
/// time (since the page started loading) the workers were ready.
pub fn started() -> Option<(NonZeroUsize, f64, impl Future<Output = Result<f64, String>>)> {
    let (threads, began, ready_at) = STARTING.with(|slot| slot.borrow_mut().take())?;
    let ready = async move {
        JsFuture::from(ready_at)
            .await
            .map(|_| READY_AT.get())
            .map_err(|error| format!("the thread pool did not start: {}", js_error_text(&error)))
    };
    Some((threads, began, ready))
}

/// Runs `job` on a pool thread and resolves with its result without blocking the UI thread.
pub fn run<T, F>(job: F) -> impl Future<Output = Result<T, String>>
where
    T: Send + 'static,
    F: FnOnce() -> T + Send + 'static,
{
    let answer = run_boxed(Box::new(move || Box::new(job()) as Box<dyn Any + Send>));
    async move {
        let answer = answer.await?;
        answer.downcast::<T>().map(|boxed| *boxed).map_err(|_| "a worker answered with the wrong type".to_owned())
    }
}

/// The one instance of the spawn and the channel behind [`run`]: generic, they were copied for
/// every job type, about 1 KB of wasm each.
fn run_boxed(
    job: Box<dyn FnOnce() -> Box<dyn Any + Send> + Send>,
) -> impl Future<Output = Result<Box<dyn Any + Send>, String>> {
    let (sender, receiver) = futures_channel::oneshot::channel();
    rayon::spawn(move || {
        let _ = sender.send(job());
    });
    async move { receiver.await.map_err(|_| "the worker thread running this job stopped without an answer".to_owned()) }
}

/// Gives the browser the UI thread back for one turn of its event loop (`setTimeout(0)`).
pub async fn yield_to_browser() {
    gloo_timers::future::TimeoutFuture::new(0).await;
}

/// What a JavaScript exception says: an `Error`'s message, a thrown string, or the thrown value
/// as JSON. (Not Debug formatting: the release build leaves Debug output out, see
/// .cargo/config.toml.)
pub fn js_error_text(error: &wasm_bindgen::JsValue) -> String {
    error
        .dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| error.as_string())
        .or_else(|| js_sys::JSON::stringify(error).ok().and_then(|json| json.as_string()))
        .unwrap_or_else(|| "an exception without a message".to_owned())
}
