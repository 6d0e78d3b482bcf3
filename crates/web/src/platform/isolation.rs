//! How the page got its threads, or why it has none (the banner in `shell::banner` says so).
//!
//! `www/boot.js` decides the route before the wasm loads (headers, parlab's service worker, or
//! none) and leaves `window.parlabStart = { route, reason }`; the pool's own start-up adds
//! `pool-failed`. The banner's `data-route` and `data-reason` are part of the public contract.

use parlab_kernels::params;

use crate::platform::pool;

/// How the page is cross-origin isolated (`data-route`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Route {
    /// The host sends the isolation headers.
    Headers,
    /// parlab's service worker adds them.
    ServiceWorker,
    /// Not isolated.
    None,
}

impl Route {
    pub fn name(self) -> &'static str {
        match self {
            Route::Headers => "headers",
            Route::ServiceWorker => "service-worker",
            Route::None => "none",
        }
    }
}

/// Why the page has no threads (`data-reason`), when it has none.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reason {
    /// Top level, the host sends no headers, and the service worker did not isolate the page.
    NoHeaders,
    /// In a frame that could not be isolated; the page in its own tab would be.
    Embedded,
    /// No headers, and the browser would not run parlab's service worker.
    ServiceWorkerUnavailable,
    /// Isolated, but the Web Workers of the pool did not start.
    PoolFailed,
}

impl Reason {
    pub fn name(self) -> &'static str {
        match self {
            Reason::NoHeaders => "no-headers",
            Reason::Embedded => "embedded",
            Reason::ServiceWorkerUnavailable => "service-worker-unavailable",
            Reason::PoolFailed => "pool-failed",
        }
    }
}

/// What `boot.js` found before the wasm loaded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Start {
    pub route: Route,
    /// Set when `route` is [`Route::None`].
    pub reason: Option<Reason>,
    /// The maximum of the wasm memory the browser granted, in MiB, and what the build asks for.
    pub memory_mb: Option<u64>,
    pub declared_memory_mb: Option<u64>,
    /// The service worker served this page from its offline cache: the network was gone.
    pub from_cache: bool,
}

/// One value `boot.js` recorded in `window.parlabStart`.
fn recorded(key: &str) -> Option<wasm_bindgen::JsValue> {
    let window: wasm_bindgen::JsValue = web_sys::window()?.into();
    let start = js_sys::Reflect::get(&window, &"parlabStart".into()).ok().filter(|v| v.is_object())?;
    js_sys::Reflect::get(&start, &key.into()).ok().filter(|v| !v.is_undefined())
}

fn recorded_mb(key: &str) -> Option<u64> {
    recorded(key).and_then(|v| v.as_f64()).filter(|mb| *mb >= 1.0).map(|mb| mb as u64)
}

/// The maximum of the page's wasm memory: what the browser granted, or the build's full
/// maximum when boot.js did not say.
pub fn memory_bytes() -> u64 {
    recorded_mb("memoryMb").map_or(params::FULL_MEMORY_BYTES, |mb| mb << 20)
}

impl Start {
    /// Reads `window.parlabStart`; without it (a page started some other way) judges from
    /// `crossOriginIsolated` and whether the page is framed.
    pub fn read() -> Start {
        let text = |key: &str| recorded(key).and_then(|v| v.as_string());
        let (memory_mb, declared_memory_mb) = (recorded_mb("memoryMb"), recorded_mb("declaredMemoryMb"));
        let route = match text("route").as_deref() {
            Some("headers") => Route::Headers,
            Some("service-worker") => Route::ServiceWorker,
            Some(_) => Route::None,
            None if pool::is_cross_origin_isolated() => Route::Headers,
            None => Route::None,
        };
        let from_cache = recorded("fromCache").and_then(|v| v.as_bool()).unwrap_or(false);
        if route != Route::None {
            return Start { route, reason: None, memory_mb, declared_memory_mb, from_cache };
        }
        let reason = match text("reason").as_deref() {
            Some("embedded") => Reason::Embedded,
            Some("service-worker-unavailable") => Reason::ServiceWorkerUnavailable,
            Some(_) => Reason::NoHeaders,
            None if is_framed() => Reason::Embedded,
            None => Reason::NoHeaders,
        };
        Start { route, reason: Some(reason), memory_mb, declared_memory_mb, from_cache }
    }
}

pub fn is_framed() -> bool {
    web_sys::window().is_some_and(|w| w.parent().ok().flatten().is_some_and(|parent| parent != w))
}
