//! What every demo's Run / Sweep / Cancel shares: one run at a time on the page, and one
//! computing at a time across every parlab frame and tab (the run lock, waited for visibly);
//! its progress read from the shared counter; Cancel, also while waiting; the message after a
//! cancelled or failed run; `autorun`; and the buttons and progress bar that show all that.

use std::cell::RefCell;
use std::future::Future;
use std::num::NonZeroUsize;
use std::pin::Pin;
use std::rc::Rc;

use parlab_kernels::clock::Clock;
use parlab_kernels::control::{Cancelled, RunControl, Stepwise};
use parlab_kernels::map::MapStop;
use yew::prelude::*;

use super::run_record::RunWatch;
pub use super::run_state::Job;
use super::run_state::{Notice, Phase, RunAction, RunEnd, RunState};
use crate::platform::clock::PerformanceClock;
use crate::platform::pool::PoolStatus;
use crate::platform::{crash, run_lock};

/// The threads a run may use: what was asked for, but no more than the pool has.
pub fn usable_threads(asked: NonZeroUsize, pool: Option<NonZeroUsize>) -> NonZeroUsize {
    pool.map_or(asked, |pool| asked.min(pool))
}

/// The thread counts a sweep times: k = 1 … pool size (only 1 without a pool); past 16, every
/// eighth.
pub fn sweep_counts(pool: Option<NonZeroUsize>) -> Vec<NonZeroUsize> {
    parlab_kernels::scaling::sweep_thread_counts(pool.unwrap_or(NonZeroUsize::MIN))
}

/// Says so when `setting` (“k = 5”) needs `needed` workers, more than the pool the page started,
/// and offers a larger one. wasm-bindgen-rayon starts the pool once per page, so it grows by
/// loading the page again (the URL already holds the settings); the banner then shows what
/// starting it cost. `runs_meanwhile`: whether runs go on with the smaller pool (a map uses
/// fewer threads) or cannot (a dinner needs a thread per philosopher).
pub fn pool_growth_notice(setting: &str, needed: NonZeroUsize, pool: &PoolStatus, runs_meanwhile: bool) -> Html {
    let Some(threads) = pool.ready_threads().filter(|threads| needed > *threads) else {
        return Html::default();
    };
    let reload = Callback::from(|_| {
        if let Some(window) = web_sys::window() {
            let _ = window.location().reload();
        }
    });
    let meanwhile =
        if runs_meanwhile { format!("runs use {threads} until ") } else { "nothing runs until ".to_owned() };
    html! {
        <p class="note" data-testid="grow-pool" data-pool-size={threads.to_string()}>
            { format!("{setting} needs {needed} workers; this page started {threads}, and a started pool cannot grow: {meanwhile}") }
            <button data-testid="grow-pool-button" onclick={reload}>{ format!("Start {needed} workers") }</button>
            { " (the page loads again with these settings)." }
        </p>
    }
}

/// What a demo whose rows are all about threads says on a page without a pool.
pub const NEEDS_POOL: &str = "This demo needs the thread pool (see the banner above).";

/// How long a run on the UI thread computes before giving the browser a turn.
const UI_SLICE_MS: f64 = 12.0;

/// Runs `work` on the UI thread, where there is no pool: step after step for about
/// [`UI_SLICE_MS`], then a turn for the browser (painting, input, Cancel), until done.
pub async fn run_on_ui_thread<W: Stepwise>(work: &mut W, control: &RunControl) -> Result<(), W::Stop> {
    let clock = PerformanceClock;
    let mut slice_began = clock.now_ms();
    while !work.is_done() {
        work.step(control, &clock)?;
        if clock.now_ms() - slice_began > UI_SLICE_MS {
            crate::platform::pool::yield_to_browser().await;
            slice_began = clock.now_ms();
        }
    }
    Ok(())
}

/// Why a run ended without a result.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RunError {
    /// Cancel was pressed: nothing of the run is kept.
    Cancelled,
    /// The run could not go on; the message says why, in words a person can act on.
    Failed(String),
}

impl From<Cancelled> for RunError {
    fn from(_: Cancelled) -> Self {
        RunError::Cancelled
    }
}

impl From<MapStop> for RunError {
    fn from(stop: MapStop) -> Self {
        match stop {
            MapStop::Cancelled => RunError::Cancelled,
            MapStop::Fault(fault) => RunError::Failed(format!("{fault}. Fix f, then run again.")),
        }
    }
}

impl From<String> for RunError {
    fn from(message: String) -> Self {
        RunError::Failed(message)
    }
}

/// What a finished job reports: done (its results stored by the job), or why not.
pub type Outcome = Result<(), RunError>;

/// A demo's job, started once the run may compute.
type BoxedWork = Box<dyn FnOnce(RunControl, RunWatch) -> Pin<Box<dyn Future<Output = Outcome>>>>;

impl Reducible for RunState {
    type Action = RunAction;

    fn reduce(self: Rc<Self>, action: RunAction) -> Rc<Self> {
        let next = self.next(action);
        if next == *self { self } else { Rc::new(next) }
    }
}

/// The handles of the run in progress: not state to draw, but what stops it.
struct ActiveRun {
    run: u64,
    control: RunControl,
    /// Ends a wait for the run lock.
    abort: Option<web_sys::AbortController>,
}

impl ActiveRun {
    /// Stops the run: its computing at the next check, or its wait for the run lock.
    fn stop(&self) {
        self.control.cancel();
        if let Some(abort) = &self.abort {
            abort.abort();
        }
    }
}

#[derive(Default)]
struct Runs {
    /// The number of the last run started.
    last: u64,
    active: Option<ActiveRun>,
}

/// A demo's runs: the [`RunState`] the panel draws (one reducer, see `run_state`), and the
/// handles of the run in progress. Progress is not part of the state: only the [`RunPanel`]
/// reads it, so a tick re-renders the panel and not the demo around it.
#[derive(Clone)]
pub struct Runner {
    state: UseReducerHandle<RunState>,
    runs: Rc<RefCell<Runs>>,
}

impl PartialEq for Runner {
    fn eq(&self, other: &Self) -> bool {
        self.state == other.state && Rc::ptr_eq(&self.runs, &other.runs)
    }
}

#[hook]
pub fn use_runner() -> Runner {
    Runner { state: use_reducer(RunState::default), runs: use_mut_ref(Runs::default) }
}

impl Runner {
    pub fn is_busy(&self) -> bool {
        self.state.is_busy()
    }

    /// Starts `job` with a fresh [`RunControl`] expecting `total` units of work, unless a run is
    /// already in progress. `work` is called once the run holds the run lock (after waiting for
    /// another parlab run if need be), with the [`RunWatch`] that records its conditions.
    pub fn start<F, Fut>(&self, job: Job, total: u64, work: F)
    where
        F: FnOnce(RunControl, RunWatch) -> Fut + 'static,
        Fut: Future<Output = Outcome> + 'static,
    {
        // Boxed here so that the run flow below is compiled once, not once per demo and job.
        self.start_boxed(job, total, Box::new(move |control, watch| Box::pin(work(control, watch))));
    }

    fn start_boxed(&self, job: Job, total: u64, work: BoxedWork) {
        if self.runs.borrow().active.is_some() {
            return;
        }
        // A crashed worker is gone until reload, and a run that needs it would wait forever.
        if let Some(message) = crash::worker_crash() {
            self.state.dispatch(RunAction::Crash { message });
            return;
        }
        let control = RunControl::new(total);
        let abort = web_sys::AbortController::new().ok();
        let run = {
            let mut runs = self.runs.borrow_mut();
            runs.last += 1;
            runs.active = Some(ActiveRun { run: runs.last, control: control.clone(), abort: abort.clone() });
            runs.last
        };
        crash::watch_run(Some(control.clone()));
        self.state.dispatch(RunAction::Start { run, job });
        let runner = self.clone();
        wasm_bindgen_futures::spawn_local(async move {
            let signal = abort.map(|abort| abort.signal());
            let admitted = match &signal {
                Some(signal) => {
                    let waiting = runner.state.dispatcher();
                    run_lock::acquire(signal, move || waiting.dispatch(RunAction::Wait { run })).await
                }
                None => Ok(None),
            };
            let Ok(lock) = admitted else {
                runner.end(run, RunEnd::CancelledWhileWaiting);
                return;
            };
            runner.state.dispatch(RunAction::Admit { run });
            let began = PerformanceClock.now_ms();
            let outcome = work(control, RunWatch::begin(lock.is_some())).await;
            drop(lock);
            let end = match outcome {
                Ok(()) => RunEnd::Finished,
                Err(RunError::Cancelled) => RunEnd::Cancelled { seconds: (PerformanceClock.now_ms() - began) / 1e3 },
                Err(RunError::Failed(message)) => RunEnd::Failed(message),
            };
            runner.end(run, end);
        });
    }

    /// Run `run`'s job ended: its handles go, and the state hears how it ended.
    fn end(&self, run: u64, end: RunEnd) {
        let mut runs = self.runs.borrow_mut();
        if runs.active.as_ref().is_some_and(|active| active.run == run) {
            runs.active = None;
            crash::watch_run(None);
        }
        drop(runs);
        self.state.dispatch(RunAction::End { run, end });
    }

    fn cancel(&self) {
        if let Some(active) = &self.runs.borrow().active {
            active.stop();
        }
        self.state.dispatch(RunAction::Cancel);
    }

    /// A pool thread panicked: say so, and stop the run (its other threads may still be working).
    fn crashed(&self, message: String) {
        if let Some(active) = self.runs.borrow_mut().active.take() {
            active.stop();
        }
        crash::watch_run(None);
        self.state.dispatch(RunAction::Crash { message });
    }

    /// The progress counter of the run in progress.
    fn active_control(&self) -> Option<RunControl> {
        self.runs.borrow().active.as_ref().map(|active| active.control.clone())
    }
}

/// Progress is read this often while a run is in progress, and drawn only when the whole
/// percentage shown changes.
const PROGRESS_POLL_MS: u32 = 500;

/// While `control`'s run is in progress: its shared progress counter as a whole percentage,
/// read every [`PROGRESS_POLL_MS`] (no messages to the workers needed), changing state only
/// when that percentage changes; and a watch for a crashed worker. No timer runs while idle.
#[hook]
fn use_progress(runner: &Runner) -> u8 {
    let percent = use_state_eq(|| 0u8);
    let watched = runner.is_busy().then_some(runner.state.run);
    {
        let (percent, runner) = (percent.clone(), runner.clone());
        use_effect_with(watched, move |_| {
            // Dropped (and so stopped) when the run ends.
            let timer = runner.active_control().map(|control| {
                percent.set(0);
                gloo_timers::callback::Interval::new(PROGRESS_POLL_MS, move || {
                    if let Some(message) = crash::worker_crash() {
                        runner.crashed(message);
                        return;
                    }
                    percent.set((control.fraction() * 100.0).floor() as u8);
                })
            });
            move || drop(timer)
        });
    }
    *percent
}

/// `autorun=1`: `start` once, as soon as the pool is ready or known to be unavailable.
#[hook]
pub fn use_autorun(autorun: bool, pool: &PoolStatus, start: Callback<Job>) {
    let done = use_mut_ref(|| false);
    use_effect_with(pool.is_settled(), move |settled| {
        if *settled && autorun && !std::mem::replace(&mut *done.borrow_mut(), true) {
            start.emit(Job::Compare);
        }
    });
}

#[derive(Properties, PartialEq)]
pub struct RunPanelProps {
    pub runner: Runner,
    pub start: Callback<Job>,
    /// The page's pool: while it starts, runs wait (one started now would run without
    /// threads); the sweep needs it ready.
    pub pool: PoolStatus,
    pub sweep_title: AttrValue,
    /// The sweep button's text; by default “Sweep k = 1…P”.
    #[prop_or_default]
    pub sweep_label: Option<AttrValue>,
    /// Whether the demo has a sweep at all.
    #[prop_or(true)]
    pub sweep: bool,
}

/// Run, Sweep and Cancel, the progress bar, and the message of the last run.
#[component]
pub fn RunPanel(props: &RunPanelProps) -> Html {
    let runner = &props.runner;
    let busy = runner.is_busy();
    let state = &*runner.state;
    let cancelling = state.phase == Phase::Cancelling;
    let cancel = {
        let runner = runner.clone();
        Callback::from(move |_: MouseEvent| runner.cancel())
    };
    let pool_threads = props.pool.ready_threads();
    let pool_starting = !props.pool.is_settled();
    let sweep_size = pool_threads.unwrap_or_else(crate::platform::pool::compute_threads);
    let running_percent = use_progress(runner);
    let percent = match &state.phase {
        _ if busy => running_percent.min(100),
        Phase::Finished => 100,
        _ => 0,
    };
    let waiting = state.phase == Phase::Waiting;
    let status = state.status();
    html! {
        <>
            <div class="actions">
                <button class="primary" data-testid="run" disabled={busy || pool_starting}
                        title={pool_starting.then_some("Starting the threads…")} onclick={props.start.reform(|_: MouseEvent| Job::Compare)}>
                    { "Run" }
                </button>
                if props.sweep {
                    <button data-testid="sweep" disabled={busy || pool_threads.is_none()}
                            onclick={props.start.reform(|_: MouseEvent| Job::Sweep)} title={props.sweep_title.clone()}>
                        { props.sweep_label.clone().unwrap_or_else(|| format!("Sweep k = 1…{sweep_size}").into()) }
                    </button>
                }
                <button data-testid="cancel" disabled={!busy || cancelling} onclick={cancel}>{ "Cancel" }</button>
            </div>
            <div class={classes!("progress", busy.then_some("active"))} data-testid="progress"
                 data-running={busy.to_string()} data-fraction={format!("{:.2}", f64::from(percent) / 100.0)}>
                <progress max="100" value={percent.to_string()} aria-label="progress of the run"></progress>
                // Announced when the status changes, not at every percent.
                <span class="status"><span data-testid="status" role="status" aria-live="polite">{ status }</span>
                    if busy { <span aria-hidden="true">{ format!(" {percent} %") }</span> }
                </span>
            </div>
            if waiting {
                <p class="notice info" data-testid="run-waiting">
                    { "Waiting: another parlab demo on this page or in another tab is running. This run starts as soon as that one ends, so that the two do not slow each other down and spoil both timings." }
                </p>
            }
            { match state.notice() {
                Some(Notice::Info(text)) => html! { <p class="notice info" data-testid="notice">{ text }</p> },
                Some(Notice::Error(text)) => html! { <p class="notice error" data-testid="error" role="alert">{ text }</p> },
                None => html! {},
            } }
        </>
    }
}
