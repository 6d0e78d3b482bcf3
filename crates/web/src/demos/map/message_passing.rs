//! The `message-passing` row (`messages=1`): k plain Web Workers sharing no memory, each chunk
//! and each result copied in a message (js/message_passing.js). The page drives them from the
//! UI thread, as Pool.map's parent process does, and checks every returned value against the
//! Rust sequential output as it arrives.
//!
//! Why a JavaScript port and not the Rust kernels: parlab's wasm is built for shared memory, so
//! a second instance of it would need a second build of its own; the three workloads are a few
//! lines each, and every value they return is checked against the Rust output, so a port that
//! disagreed would show as `correct = false`. A custom f needs no port: its module is compiled
//! a second time for memory that is not shared, and each worker instantiates it in its own.

use std::cell::RefCell;
use std::rc::Rc;

use js_sys::{Float64Array, Function, Promise};
use parlab_kernels::control::RunControl;
use parlab_kernels::custom::STEP_BUDGET;
use parlab_kernels::map::{
    self, MapConfig, MapFunction, MapReport, MessagePassingCheck, Returned, Trip, WARMUP_ELEMENTS,
};
use parlab_kernels::stats::VariantTiming;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use yew::prelude::*;

use crate::platform::clock::PerformanceClock;
use crate::platform::pool;
use crate::shell::charts::{Timeline, Wait, format_ms};
use crate::shell::runner::RunError;
use parlab_kernels::clock::Clock;

#[wasm_bindgen(module = "/js/message_passing.js")]
extern "C" {
    type MessagePool;

    #[wasm_bindgen(constructor)]
    fn new(workers: u32) -> MessagePool;

    #[wasm_bindgen(method)]
    fn load(this: &MessagePool, module: &[u8], budget: f64);

    #[wasm_bindgen(method)]
    fn run(this: &MessagePool, workload: &str, cols: u32, n: u32, chunk: u32, on_result: &Function) -> Promise;

    #[wasm_bindgen(method)]
    fn cancel(this: &MessagePool);

    #[wasm_bindgen(method)]
    fn terminate(this: &MessagePool);
}

/// Elements of work the variant adds to a run's progress: its warm-up and its repeats.
pub fn work(config: &MapConfig) -> u64 {
    config.n.min(WARMUP_ELEMENTS) as u64 + config.repeats.get() as u64 * config.n as u64
}

/// How often a run looks at the Cancel button while the workers compute.
const CANCEL_POLL_MS: u32 = 20;

/// Times the variant: k workers, an untimed warm-up, then `repeats` timed runs of the whole
/// map, every value checked against `reference`. Returns the timing and the last run's trips.
pub async fn time(
    config: &MapConfig,
    custom: Option<&[u8]>,
    reference: Vec<u64>,
    control: &RunControl,
) -> Result<(VariantTiming, Vec<Trip>), RunError> {
    let workers = config.threads.get();
    let messages = Rc::new(MessagePool::new(workers as u32));
    let returned = match custom {
        Some(module) => {
            messages.load(module, STEP_BUDGET as f64);
            Returned::Bits
        }
        None => Returned::Numbers,
    };
    let check = Rc::new(RefCell::new(MessagePassingCheck::new(reference, returned)));
    let on_result = {
        let (check, control) = (check.clone(), control.clone());
        Closure::<dyn FnMut(f64, Float64Array)>::new(move |first: f64, output: Float64Array| {
            let mut values = vec![0.0; output.length() as usize];
            output.copy_to(&mut values);
            check.borrow_mut().chunk(first as usize, &values);
            control.advance(values.len() as u64);
        })
    };
    let watching = Rc::new(std::cell::Cell::new(true));
    wasm_bindgen_futures::spawn_local({
        let (messages, control, watching) = (messages.clone(), control.clone(), watching.clone());
        async move {
            while watching.get() {
                if control.is_cancelled() {
                    messages.cancel();
                    return;
                }
                gloo_timers::future::TimeoutFuture::new(CANCEL_POLL_MS).await;
            }
        }
    });
    let chunk = config.chunk_len().get() as u32;
    let run = |n: usize| {
        JsFuture::from(messages.run(
            config.workload.name(),
            map::MATVEC_COLS,
            n as u32,
            chunk,
            on_result.as_ref().unchecked_ref(),
        ))
    };
    let outcome = async {
        let warmup = config.n.min(WARMUP_ELEMENTS);
        run(warmup).await?;
        check.borrow_mut().warmed_up(warmup);
        let mut trips = Vec::new();
        for _ in 0..config.repeats.get() {
            let began = PerformanceClock.now_ms();
            let raw = run(config.n).await?;
            check.borrow_mut().repeat(PerformanceClock.now_ms() - began);
            trips = trips_of(&Float64Array::from(raw), began);
        }
        Ok::<_, JsValue>(trips)
    }
    .await;
    watching.set(false);
    messages.terminate();
    drop(on_result);
    if control.is_cancelled() {
        return Err(RunError::Cancelled);
    }
    let trips = outcome.map_err(|error| RunError::Failed(pool::js_error_text(&error)))?;
    let check =
        Rc::try_unwrap(check).map_err(|_| RunError::Failed("the message-passing check is still in use".into()))?;
    Ok((check.into_inner().finish(workers), trips))
}

/// The trips JavaScript recorded (7 numbers each), in ms since the repeat `began`.
fn trips_of(raw: &Float64Array, began: f64) -> Vec<Trip> {
    raw.to_vec()
        .chunks_exact(7)
        .map(|t| Trip {
            worker: t[0] as usize,
            first: t[1] as usize,
            len: t[2] as usize,
            sent_ms: t[3] - began,
            received_ms: t[4] - began,
            computed_ms: t[5] - began,
            returned_ms: t[6] - began,
        })
        .collect()
}

/// Where the message-passing workers' time went: a lane per worker, computing as bars and
/// copying as grey `rect.wait[data-kind=copy]`, and the totals beside the threads' speedup.
pub fn message_view(report: &MapReport, messages: &VariantTiming) -> Html {
    let (copy_ms, compute_ms) = map::copy_and_compute_ms(&report.trips);
    let spans: Vec<_> = report.trips.iter().map(Trip::compute_span).collect();
    let waits: Vec<Wait> =
        report.trips.iter().flat_map(Trip::copy_spans).map(|span| Wait { span, kind: "copy" }).collect();
    let names: Vec<AttrValue> = (0..messages.threads).map(|w| AttrValue::from(format!("worker {w}"))).collect();
    let seq = report.sequential.summary.median_ms;
    let against = |ms: f64| if ms > 0.0 { format!("{:.2}×", seq / ms) } else { "–".to_owned() };
    let threads = report.parallel.as_ref().map_or_else(|| "–".to_owned(), |p| against(p.summary.median_ms));
    let copied = 100.0 * copy_ms / (copy_ms + compute_ms).max(f64::MIN_POSITIVE);
    html! {
        <div class="message-passing" data-testid="message-passing" data-copy-ms={format!("{copy_ms:.3}")}
             data-compute-ms={format!("{compute_ms:.3}")}>
            <h4>{ "Message passing: copying and computing (last repeat)" }</h4>
            <p>{ format!(
                "The workers spent {} copying chunks in and results out ({copied:.0} %) and {} computing. Shared-memory threads: {threads} the sequential speed; message passing: {}. A cheap function (square) is mostly copying, so it loses its speedup; an expensive one (collatz) is mostly computing, and keeps it. {}",
                format_ms(copy_ms), format_ms(compute_ms), against(messages.summary.median_ms),
                if report.config.workload == MapFunction::Custom {
                    "The workers run your f's module, each in memory of its own."
                } else {
                    "The workers run a JavaScript port of the workload, so compare their computing time with the threads' too."
                }
            ) }</p>
            { Timeline { waits, names, testid: "message-timeline", label: "when each message-passing worker computed and when it copied", states: &[("copy", "copying chunks in and results out")], ..Timeline::new(spans) }.view() }
        </div>
    }
}
