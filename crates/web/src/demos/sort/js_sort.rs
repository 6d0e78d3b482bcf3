//! The `js` baseline: the browser's own `TypedArray.prototype.sort`, timed in a Web Worker of
//! its own so that a long sort never blocks the page. The worker is plain JavaScript (made from
//! a Blob), sorting a plain copy of the input: exactly what a web developer would write.
//!
//! The worker answers twice: at once when the input arrives, then with the times. A worker
//! that never says it has started (seen once in WebKitGTK under load: the run then waited
//! forever) is replaced once, then the run stops with a message; a started sort is waited for
//! as long as it takes, since its length depends on the machine.

use futures_channel::mpsc::{self, TryRecvError};
use js_sys::{Array, Float64Array, Object, Reflect, Uint32Array};
use parlab_kernels::control::RunControl;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use web_sys::{Blob, BlobPropertyBag, MessageEvent, Url, Worker};

use crate::platform::pool::js_error_text;
use crate::shell::runner::RunError;

/// Warms the engine up on a slice of the input, then sorts a fresh copy `repeats` times, in one
/// reused array (the worker holds twice the input at most).
const WORKER_SOURCE: &str = r#"
onmessage = (event) => {
  const { input, repeats } = event.data;
  postMessage({ started: true });
  input.slice(0, Math.min(input.length, 1000000)).sort();
  const times = [];
  const sorted = new Uint32Array(input.length);
  for (let r = 0; r < repeats; r++) {
    sorted.set(input);
    const began = performance.now();
    sorted.sort();
    times.push(performance.now() - began);
  }
  postMessage({ times: Float64Array.from(times), sorted }, [sorted.buffer]);
};
"#;

/// The times of each repeat, in milliseconds, and the sorted values.
pub struct JsSortResult {
    pub times_ms: Vec<f64>,
    pub sorted: Uint32Array,
}

/// Sorts a copy of `input` `repeats` times in a new worker, which is closed afterwards; a cancel
/// of `control` terminates the worker within about 50 ms.
pub async fn sort_in_worker(input: &[u32], repeats: usize, control: &RunControl) -> Result<JsSortResult, RunError> {
    let reply = match attempt(input, repeats, control).await? {
        Attempt::Answered(reply) => reply,
        Attempt::NeverStarted => match attempt(input, repeats, control).await? {
            Attempt::Answered(reply) => reply,
            Attempt::NeverStarted => {
                return Err(RunError::Failed(format!(
                    "the browser started no worker for its own sort within {} s, twice; reload the page and run again",
                    START_LIMIT_MS / 1000
                )));
            }
        },
    };
    let times = Reflect::get(&reply, &"times".into())
        .map_err(|e| js_error_text(&e))?
        .dyn_into::<Float64Array>()
        .map_err(|e| js_error_text(&e))?;
    let sorted = Reflect::get(&reply, &"sorted".into())
        .map_err(|e| js_error_text(&e))?
        .dyn_into::<Uint32Array>()
        .map_err(|e| js_error_text(&e))?;
    Ok(JsSortResult { times_ms: times.to_vec(), sorted })
}

/// How long a new worker may take to say it has the input: a worker starts in milliseconds,
/// so this is far past any slow machine's start.
const START_LIMIT_MS: u32 = 20_000;

enum Attempt {
    Answered(JsValue),
    NeverStarted,
}

/// One worker, one sort: its answer, or [`Attempt::NeverStarted`] (the worker terminated).
async fn attempt(input: &[u32], repeats: usize, control: &RunControl) -> Result<Attempt, RunError> {
    let options = BlobPropertyBag::new();
    options.set_type("text/javascript");
    let parts = Array::of1(&JsValue::from_str(WORKER_SOURCE));
    let blob = Blob::new_with_str_sequence_and_options(&parts, &options).map_err(|e| js_error_text(&e))?;
    let url = Url::create_object_url_with_blob(&blob).map_err(|e| js_error_text(&e))?;
    let worker = Worker::new(&url).map_err(|e| js_error_text(&e));
    let _ = Url::revoke_object_url(&url);
    let worker = worker?;

    let (sender, mut receiver) = mpsc::unbounded::<Result<JsValue, String>>();
    let on_message = {
        let sender = sender.clone();
        Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
            let _ = sender.unbounded_send(Ok(event.data()));
        })
    };
    let on_error = Closure::<dyn FnMut(web_sys::ErrorEvent)>::new(move |event: web_sys::ErrorEvent| {
        let _ = sender.unbounded_send(Err(format!("the JavaScript sort worker failed: {}", event.message())));
    });
    worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));

    // A plain (not shared) copy: `postMessage` transfers it to the worker without another copy.
    let copy = Uint32Array::new_with_length(input.len() as u32);
    for (start, end) in slices(input.len()) {
        copy.subarray(start as u32, end as u32).copy_from(&input[start..end]);
        crate::platform::pool::yield_to_browser().await;
    }
    let message = Object::new();
    Reflect::set(&message, &"input".into(), &copy).map_err(|e| js_error_text(&e))?;
    Reflect::set(&message, &"repeats".into(), &JsValue::from(repeats as u32)).map_err(|e| js_error_text(&e))?;
    worker.post_message_with_transfer(&message, &Array::of1(&copy.buffer())).map_err(|e| js_error_text(&e))?;

    const POLL_MS: u32 = 50;
    let mut started = false;
    let mut waited_ms = 0;
    let outcome = loop {
        match receiver.try_recv() {
            Ok(Ok(reply)) if Reflect::has(&reply, &"started".into()).unwrap_or(false) => started = true,
            Ok(reply) => break reply.map(Attempt::Answered).map_err(RunError::Failed),
            Err(TryRecvError::Closed) => {
                break Err(RunError::Failed("the JavaScript sort worker stopped without an answer".to_owned()));
            }
            Err(TryRecvError::Empty) if control.is_cancelled() => break Err(RunError::Cancelled),
            Err(TryRecvError::Empty) if !started && waited_ms >= START_LIMIT_MS => break Ok(Attempt::NeverStarted),
            Err(TryRecvError::Empty) => {
                gloo_timers::future::TimeoutFuture::new(POLL_MS).await;
                waited_ms += POLL_MS;
            }
        }
    };
    worker.terminate();
    outcome
}

/// Copies the worker's sorted values into `target` (as long as them), a slice at a time.
pub async fn copy_back(sorted: &Uint32Array, target: &mut [u32]) {
    for (start, end) in slices(target.len()) {
        sorted.subarray(start as u32, end as u32).copy_to(&mut target[start..end]);
        crate::platform::pool::yield_to_browser().await;
    }
}

/// `0..len` in slices of [`SLICE`]: copying 40 MB at once would hold the UI thread for tens of
/// milliseconds; a slice takes one or two.
fn slices(len: usize) -> impl Iterator<Item = (usize, usize)> {
    (0..len).step_by(SLICE).map(move |start| (start, (start + SLICE).min(len)))
}

const SLICE: usize = 1 << 20;
