//! The banner that says how the page got its threads, or why it has none.

use std::num::NonZeroUsize;

use parlab_kernels::params::{self, Limits};
use parlab_kernels::verdict::count;
use parlab_kernels::{map, sort_merge};
use yew::prelude::*;

use crate::platform::isolation::{Reason, Route, Start, is_framed};
use crate::platform::parallelism::Parallelism;
use crate::platform::pool::{self, PoolStatus};

/// What the build's WebAssembly uses, said in the ready banner: boot.js refuses to start in a
/// browser without it, with a message, rather than let the module fail to compile.
const SIMD: &str =
    if cfg!(target_feature = "simd128") { "WebAssembly SIMD on: 128-bit vectors" } else { "WebAssembly without SIMD" };

/// What the banner shows.
pub struct IsolationBannerProps {
    pub status: PoolStatus,
    pub start: Start,
    pub planned: NonZeroUsize,
    /// This state as a full page of its own, for the “open it in its own tab” advice.
    pub full_page: AttrValue,
    /// Measure the parallelism again, on the pool of this many threads.
    pub on_measure: Callback<NonZeroUsize>,
    /// Why this demo's pool has more threads than the device has cores, if it does.
    pub pool_reason: Option<&'static str>,
}

/// Says whether parallel runs are possible, and if not, why and what to do.
pub fn isolation_banner(props: IsolationBannerProps) -> Html {
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
        // Starting and ready have the same two rows (the state with its button, then the
        // cores), the button held in place while it cannot be used: the page below does not
        // move when the pool is ready or the cores are measured (a layout shift).
        PoolStatus::Starting { threads } => (
            "banner starting",
            "starting",
            0,
            None,
            html! {
                <>
                    <span class="banner-state">
                        <span class="banner-text">
                            <strong>{ format!("Starting {threads} worker threads{via}…") }</strong>
                            { " sequential runs work already." }
                        </span>
                        <button type="button" class="measure-cores placeholder" disabled=true tabindex="-1" aria-hidden="true">
                            { "Measure again" }
                        </button>
                    </span>
                    { why_threads(props.pool_reason, *threads, cores) }
                    <span class="banner-cores">{ format!("This device reports {}.", count(cores, "logical core")) }</span>
                </>
            },
        ),
        PoolStatus::Ready { threads, startup_ms, parallelism, .. } => (
            "banner ready",
            "ready",
            threads.get(),
            None,
            html! {
                <>
                    <span class="banner-state">
                        <span class="banner-text">
                            <strong>{ format!("Parallel ready: {}", count(threads.get(), "thread")) }</strong>
                            { format!(" (pool started in {startup_ms:.0} ms{via}; {SIMD}).") }
                        </span>
                        <button type="button" class="measure-cores" data-testid="measure-cores"
                                disabled={*parallelism == Parallelism::Measuring}
                                onclick={props.on_measure.reform({ let threads = *threads; move |_| threads })}>
                            { "Measure again" }
                        </button>
                    </span>
                    { why_threads(props.pool_reason, *threads, cores) }
                    <span class="banner-cores">{ cores_text(cores, parallelism, *threads) }</span>
                </>
            },
        ),
        PoolStatus::NotIsolated => {
            let reason = props.start.reason.unwrap_or(Reason::NoHeaders);
            ("banner off", "not-isolated", 0, Some(reason), not_isolated_text(reason, &props.full_page))
        }
        PoolStatus::Failed { message } => {
            ("banner off", "failed", 0, Some(Reason::PoolFailed), failed_text(message, props.planned, &props.full_page))
        }
    };
    let measurement = match &props.status {
        PoolStatus::Ready { parallelism: Parallelism::Measured(measurement), .. } => Some(*measurement),
        _ => None,
    };
    let measured = measurement.map(|m| m.measured.to_string());
    let free = measurement.map(|m| format!("{:.1}", m.free));
    let busy = measurement.map(|m| m.is_busy().to_string());
    let memory_note = memory_note(&props.start);
    html! {
        <section class={class} data-testid="isolation" data-state={state} data-route={route.name()}
                 data-reason={reason.map(Reason::name)} data-memory-mb={props.start.memory_mb.map(|mb| mb.to_string())}
                 data-threads-available={(pool_size > 0).to_string()} data-pool-size={pool_size.to_string()}
                 data-cores={cores.to_string()} data-measured-parallelism={measured}
                 data-free-cores={free} data-busy={busy}
                 data-startup-ms={timing.0} data-ready-at-ms={timing.1}
                 data-simd={cfg!(target_feature = "simd128").to_string()}>
            { body }
            if let Some(note) = memory_note { <p class="memory-note">{ note }</p> }
        </section>
    }
}

/// Why the pool failed and what to do: the browser's message, and in a frame the full-page
/// address.
fn failed_text(message: &str, planned: NonZeroUsize, full_page: &AttrValue) -> Html {
    let what_to_do = if is_framed() {
        html! { <>
            <a href={full_page.clone()} target="_blank" rel="noopener">{ "Open it in its own tab" }</a>{ " to get threads." }
            if pool::has_opaque_origin() {
                { " A sandboxed frame may not open links; copy this address instead: " }
                <code class="address">{ full_page.clone() }</code>
            }
        </> }
    } else if pool::has_shared_memory() {
        // The pool was tried and failed; without shared memory a reload cannot help.
        html! { "Reloading the page may help; if it keeps failing, this browser may limit Web Workers or memory." }
    } else {
        Html::default()
    };
    html! { <>
        <strong>{ "Parallel is off: " }</strong>
        { format!("{message}. Wanted {planned} threads; sequential runs still work. ") }
        { what_to_do }
    </> }
}

/// The reported core count beside the measured parallelism, and, when the measurement fell
/// short, how busy the machine was and that the default k stays (it never follows a
/// measurement down).
fn cores_text(reported: usize, parallelism: &Parallelism, pool: NonZeroUsize) -> String {
    let cores = count(reported, "logical core");
    match parallelism {
        Parallelism::Measuring => {
            format!("This device reports {cores}; measuring how many threads it really runs at once… ")
        }
        Parallelism::Failed(message) => {
            format!("This device reports {cores}; measuring them failed ({message}), so parlab counts on {reported}. ")
        }
        Parallelism::Measured(m) => match m.busy_note() {
            None => format!("This device reports {cores}; measured: {}. ", m.measured),
            Some(note) => {
                let k = pool::compute_threads().min(pool);
                format!(
                    "This device reports {cores}; measured: about {}: {note}. The default k stays {k}, one per reported core: a measurement never lowers it. Another program or tab using the cores, a browser that rounds its count up, or hyper-threads (two logical cores sharing one core's units; 8 often measure about 5) all measure lower; the sweep's core mark uses the measured figure. Close other work and measure again. ",
                    m.measured
                )
            }
        },
    }
}

/// Why a pool has more threads than the device reports cores, where the demo says why.
/// A row of its own, the same while starting and when ready, so it moves nothing when the pool
/// is ready.
fn why_threads(reason: Option<&'static str>, threads: NonZeroUsize, cores: usize) -> Html {
    let Some(reason) = reason.filter(|_| threads.get() > cores) else { return Html::default() };
    html! {
        <span class="banner-why">{ format!("{} on {}: {reason}.", count(threads.get(), "thread"), count(cores, "core")) }</span>
    }
}

/// When the browser granted less memory than the build asks for: how much, and what it limits.
fn memory_note(start: &Start) -> Option<String> {
    let (granted, declared) = (start.memory_mb?, start.declared_memory_mb?);
    if granted >= declared {
        return None;
    }
    let limits = Limits { memory_bytes: granted << 20, ..Limits::from(NonZeroUsize::MIN) };
    Some(format!(
        "This browser gave parlab {granted} MiB of memory (it asks for {declared} MiB), so the largest runs are smaller: map up to n = {}, sort up to n = {}.",
        params::group(limits.max_n(map::MAX_N, map::BYTES_PER_ELEMENT)),
        params::group(limits.max_n(sort_merge::MAX_N, sort_merge::BYTES_PER_ELEMENT)),
    ))
}

/// Why there are no threads and what to do: parlab's words, and the full-page address.
fn not_isolated_text(reason: Reason, full_page: &AttrValue) -> Html {
    let headers = html! { <>
        <code>{ "Cross-Origin-Opener-Policy: same-origin" }</code>{ " and " }<code>{ "Cross-Origin-Embedder-Policy: require-corp" }</code>
    </> };
    let body = match reason {
        Reason::Embedded => html! { <>
            { "this page is inside a frame that could not be cross-origin isolated, so the browser gives it no shared memory for threads. " }
            <a href={full_page.clone()} target="_blank" rel="noopener">{ "Open it in its own tab" }</a>
            { " to get threads. For the site embedding it: in Chrome and Edge 137+ parlab's host sending " }
            <code>{ "Document-Isolation-Policy: isolate-and-require-corp" }</code>
            { " isolates the frame (tested with the frame's " }<code>{ "allow=\"cross-origin-isolated\"" }</code>
            { ", as parlab's snippet has it); in Firefox and Safari the embedding page must be cross-origin isolated itself and give the frame that " }
            <code>{ "allow" }</code>{ "." }
        </> },
        Reason::ServiceWorkerUnavailable => html! { <>
            { "this host sends no cross-origin isolation headers, and this browser would not run parlab's service worker, which adds them (not in private windows, with site data blocked, or when it did not start within 4 s). Open the page in a normal window and reload, or serve it with " }
            { headers }{ " (see the README's Hosting section)." }
        </> },
        Reason::NoHeaders | Reason::PoolFailed => html! { <>
            { "this host sends no cross-origin isolation headers, and parlab's service worker did not isolate the page (a forced reload bypasses it; a normal reload may be enough). To fix it for everyone, serve the page with " }
            { headers }{ " (dist/_headers does it on Netlify and Cloudflare Pages)." }
        </> },
    };
    html! { <><strong>{ "Parallel is off, runs are sequential: " }</strong>{ body }</> }
}
