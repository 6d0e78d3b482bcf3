//! How the page got its threads, or why it has none, and the banner that says so.
//!
//! `www/boot.js` decides the route before the wasm loads (headers, parlab's service worker, or
//! none) and leaves `window.parlabStart = { route, reason }`; the pool's own start-up adds
//! `pool-failed`. The banner's `data-route` and `data-reason` are part of the public contract.

use std::num::NonZeroUsize;

use yew::prelude::*;

use crate::pool::{self, PoolStatus};

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
}

impl Start {
    /// Reads `window.parlabStart`; without it (a page started some other way) judges from
    /// `crossOriginIsolated` and whether the page is framed.
    pub fn read() -> Start {
        let recorded = web_sys::window()
            .and_then(|w| js_sys::Reflect::get(&w, &"parlabStart".into()).ok())
            .filter(|v| v.is_object());
        let text = |key: &str| {
            recorded.as_ref().and_then(|r| js_sys::Reflect::get(r, &key.into()).ok()).and_then(|v| v.as_string())
        };
        let route = match text("route").as_deref() {
            Some("headers") => Route::Headers,
            Some("service-worker") => Route::ServiceWorker,
            Some(_) => Route::None,
            None if pool::is_cross_origin_isolated() => Route::Headers,
            None => Route::None,
        };
        if route != Route::None {
            return Start { route, reason: None };
        }
        let reason = match text("reason").as_deref() {
            Some("embedded") => Reason::Embedded,
            Some("service-worker-unavailable") => Reason::ServiceWorkerUnavailable,
            Some(_) => Reason::NoHeaders,
            None if is_framed() => Reason::Embedded,
            None => Reason::NoHeaders,
        };
        Start { route, reason: Some(reason) }
    }
}

fn is_framed() -> bool {
    web_sys::window().is_some_and(|w| w.parent().ok().flatten().is_some_and(|parent| parent != w))
}

#[derive(Properties, PartialEq)]
pub struct IsolationBannerProps {
    pub status: PoolStatus,
    pub start: Start,
    pub planned: NonZeroUsize,
    /// This state as a full page of its own, for the “open it in its own tab” advice.
    pub full_page: AttrValue,
}

/// Says whether parallel runs are possible, and if not, why and what to do.
#[component]
pub fn IsolationBanner(props: &IsolationBannerProps) -> Html {
    let cores = pool::hardware_concurrency();
    let timing = match &props.status {
        PoolStatus::Ready { startup_ms, ready_at_ms, .. } => (format!("{startup_ms:.1}"), format!("{ready_at_ms:.1}")),
        _ => (String::new(), String::new()),
    };
    let route = props.start.route;
    let via = match route {
        Route::ServiceWorker => " via parlab's service worker",
        Route::Headers | Route::None => "",
    };
    let (class, state, pool_size, reason, body) = match &props.status {
        PoolStatus::Starting { threads } => (
            "banner starting",
            "starting",
            0,
            None,
            html! { <>{ format!("Starting {threads} worker threads{via}… sequential runs work already.") }</> },
        ),
        PoolStatus::Ready { threads, startup_ms, .. } => (
            "banner ready",
            "ready",
            threads.get(),
            None,
            html! {
                <>
                    <strong>{ format!("Parallel ready: {threads} threads") }</strong>
                    { format!(" (this device reports {cores} logical cores; pool started in {startup_ms:.0} ms{via}).") }
                </>
            },
        ),
        PoolStatus::NotIsolated => {
            let reason = props.start.reason.unwrap_or(Reason::NoHeaders);
            ("banner off", "not-isolated", 0, Some(reason), not_isolated_text(reason, &props.full_page))
        }
        PoolStatus::Failed { message } => (
            "banner off",
            "failed",
            0,
            Some(Reason::PoolFailed),
            html! {
                <>
                    <strong>{ "Parallel is off: " }</strong>{ message.clone() }
                    { format!(". Tried to start {} threads; sequential runs still work. Reloading the page may help; if it keeps failing, this browser may limit Web Workers or memory.", props.planned) }
                </>
            },
        ),
    };
    html! {
        <section class={class} data-testid="isolation" data-state={state} data-route={route.name()}
                 data-reason={reason.map(Reason::name)}
                 data-threads-available={(pool_size > 0).to_string()} data-pool-size={pool_size.to_string()}
                 data-cores={cores.to_string()} data-startup-ms={timing.0} data-ready-at-ms={timing.1}>
            { body }
        </section>
    }
}

fn not_isolated_text(reason: Reason, full_page: &AttrValue) -> Html {
    let headers = html! {
        <>
            <code>{ "Cross-Origin-Opener-Policy: same-origin" }</code>{ " and " }
            <code>{ "Cross-Origin-Embedder-Policy: require-corp" }</code>
        </>
    };
    let lead = html! { <strong>{ "Parallel is off, runs are sequential: " }</strong> };
    match reason {
        Reason::Embedded => html! {
            <>
                { lead }
                { "this page is inside a frame that could not be cross-origin isolated, so the browser gives it no shared memory for threads. " }
                <a href={full_page.clone()} target="_blank" rel="noopener">{ "Open it in its own tab" }</a>
                { " to get threads. For the site embedding it: in Chrome and Edge 137+ parlab's host sending " }
                <code>{ "Document-Isolation-Policy: isolate-and-require-corp" }</code>
                { " is enough; in Firefox and Safari the embedding page must be cross-origin isolated itself and give the frame " }
                <code>{ "allow=\"cross-origin-isolated\"" }</code>{ "." }
            </>
        },
        Reason::ServiceWorkerUnavailable => html! {
            <>
                { lead }
                { "this host sends no cross-origin isolation headers, and this browser would not run parlab's service worker, which adds them (it cannot on file:// pages, in private windows, or with site data blocked). Open the page over http(s) in a normal window, or serve it with " }
                { headers }{ " (see the README's Hosting section)." }
            </>
        },
        Reason::NoHeaders | Reason::PoolFailed => html! {
            <>
                { lead }
                { "this host sends no cross-origin isolation headers, and parlab's service worker did not isolate the page (a forced reload bypasses it; a normal reload may be enough). To fix it for everyone, serve the page with " }
                { headers }{ " (dist/_headers does it on Netlify and Cloudflare Pages)." }
            </>
        },
    }
}
