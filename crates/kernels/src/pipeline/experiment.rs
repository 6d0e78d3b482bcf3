//! Running the demo: the three rows (`sequential`, `pipeline`, `data-parallel`), each timed
//! after a warm-up, each sum checked against the sequential one; and the last pipeline run's
//! stage lanes and queue depths.

use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};

use super::channel::{Channel, Message};
use super::{
    BATCH, MAX_STAGE_WORKERS, PipelineParams, STAGES, batch_sum, filter_batch, generate_batch, transform_batch,
};
use crate::clock::Clock;
use crate::control::{Cancelled, RunControl};
use crate::ordering::sort_by_u64_key;
use crate::producer_consumer::LaneKind;
use crate::stats::{Timings, VariantTiming};
use crate::threads::on_k_loops;

/// Stretches kept per stage worker for its lane (the run's start): up to 16 lanes are drawn at
/// the end of a run, and each stretch is an element the main thread builds.
pub const MAX_STAGE_SPANS: usize = 150;

/// Timed runs of each row.
pub const REPEATS: usize = 3;

/// Items of the untimed warm-up of each row.
const WARMUP_ITEMS: usize = 100_000;

/// One worker's lane: what it did when (ms since the run began), the first
/// [`MAX_STAGE_SPANS`] stretches; and its whole working time.
#[derive(Debug, Clone, PartialEq)]
pub struct StageLane {
    pub stage: usize,
    pub worker: usize,
    pub spans: Vec<(LaneKind, f64, f64)>,
    pub busy_ms: f64,
    pub batches: usize,
}

impl StageLane {
    /// `transform 1`.
    pub fn label(&self) -> String {
        format!("{} {}", STAGES[self.stage], self.worker)
    }
}

/// The last pipeline run, drawn.
#[derive(Debug, Clone, PartialEq)]
pub struct PipelineRun {
    pub lanes: Vec<StageLane>,
    /// Each channel's depth (batches queued) over time: generate → transform, transform →
    /// filter, filter → sum.
    pub depth: Vec<Vec<(f64, usize)>>,
}

impl PipelineRun {
    /// Each stage's working time divided by its workers: the stage with the largest is the
    /// bottleneck, the pace the whole line keeps.
    pub fn stage_ms_per_worker(&self, params: &PipelineParams) -> [f64; 4] {
        let mut busy = [0.0; 4];
        for lane in &self.lanes {
            busy[lane.stage] += lane.busy_ms;
        }
        std::array::from_fn(|stage| busy[stage] / params.workers.0[stage].max(1) as f64)
    }

    /// The stage that set the pace.
    pub fn bottleneck(&self, params: &PipelineParams) -> usize {
        let per_worker = self.stage_ms_per_worker(params);
        (0..STAGES.len()).fold(0, |best, stage| if per_worker[stage] > per_worker[best] { stage } else { best })
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct PipelineReport {
    pub params: PipelineParams,
    /// The reference: one loop through every stage. `correct` means every repeat gave the
    /// same sum.
    pub sequential: VariantTiming,
    /// Task decomposition: a thread per stage worker. `correct`: its sum equals the sequential.
    pub pipeline: Option<VariantTiming>,
    /// Data decomposition: as many threads, each running every stage on its share.
    pub data_parallel: Option<VariantTiming>,
    pub sum: u64,
    pub run: Option<PipelineRun>,
}

/// Progress units (items) of a whole run.
pub fn total_work(params: &PipelineParams, threaded: bool) -> u64 {
    let rows = if threaded { 3 } else { 1 };
    rows * (params.n.min(WARMUP_ITEMS) + REPEATS * params.n) as u64
}

/// Runs the rows: `sequential`, then (with `threaded`) `pipeline` and `data-parallel`. Call
/// from a pool thread, with at least `params.workers.total()` threads free for the threaded rows.
pub fn run_pipeline(
    params: &PipelineParams,
    threaded: bool,
    control: &RunControl,
    clock: &dyn Clock,
) -> Result<PipelineReport, Cancelled> {
    let n = params.n;
    let warmup = n.min(WARMUP_ITEMS);
    sequential_sum(warmup, control)?;
    let mut sequential = Timings::default();
    let mut sum = None;
    for _ in 0..REPEATS {
        let began = clock.now_ms();
        let this = sequential_sum(n, control)?;
        sequential.push(clock.now_ms() - began);
        sequential.correct &= *sum.get_or_insert(this) == this;
    }
    let sum = sum.unwrap_or(0);
    let mut report = PipelineReport {
        params: *params,
        sequential: sequential.finish(1),
        pipeline: None,
        data_parallel: None,
        sum,
        run: None,
    };
    if !threaded {
        return Ok(report);
    }
    let threads = params.workers.total();
    let warm = PipelineParams { n: warmup, ..*params };
    run_threads(&warm, control, clock)?;
    let mut pipeline = Timings::default();
    for _ in 0..REPEATS {
        let began = clock.now_ms();
        let (this, run) = run_threads(params, control, clock)?;
        pipeline.push(clock.now_ms() - began);
        pipeline.correct &= this == sum;
        report.run = Some(run);
    }
    report.pipeline = Some(pipeline.finish(threads));
    data_parallel_sum(warmup, threads, control)?;
    let mut data_parallel = Timings::default();
    for _ in 0..REPEATS {
        let began = clock.now_ms();
        let this = data_parallel_sum(n, threads, control)?;
        data_parallel.push(clock.now_ms() - began);
        data_parallel.correct &= this == sum;
    }
    report.data_parallel = Some(data_parallel.finish(threads));
    Ok(report)
}

/// One loop, every stage on each item in turn.
pub fn sequential_sum(n: usize, control: &RunControl) -> Result<u64, Cancelled> {
    let mut sum = 0u64;
    for batch in 0..n.div_ceil(BATCH) {
        control.check()?;
        sum = sum.wrapping_add(batch_sum(batch, n));
        control.advance(BATCH.min(n - batch * BATCH) as u64);
    }
    Ok(sum)
}

/// `threads` threads, each running every stage on every `threads`-th batch.
pub fn data_parallel_sum(n: usize, threads: usize, control: &RunControl) -> Result<u64, Cancelled> {
    let sum = AtomicU64::new(0);
    on_k_loops(threads, |t| {
        let mut mine = 0u64;
        for batch in (t..n.div_ceil(BATCH)).step_by(threads) {
            if control.is_cancelled() {
                return;
            }
            mine = mine.wrapping_add(batch_sum(batch, n));
            control.advance(BATCH.min(n - batch * BATCH) as u64);
        }
        sum.fetch_add(mine, Ordering::Relaxed);
    });
    control.check()?;
    Ok(sum.into_inner())
}

/// Records one worker's lane.
struct LaneRecorder<'a> {
    clock: &'a dyn Clock,
    origin: f64,
    lane: StageLane,
}

impl LaneRecorder<'_> {
    fn now(&self) -> f64 {
        self.clock.now_ms() - self.origin
    }

    fn push(&mut self, kind: LaneKind, began: f64, ended: f64) {
        if kind == LaneKind::Working {
            self.lane.busy_ms += ended - began;
            self.lane.batches += 1;
        }
        if self.lane.spans.len() < MAX_STAGE_SPANS {
            self.lane.spans.push((kind, began, ended));
        }
    }

    /// Receives from `channel`, drawing the wait for a batch when there was one.
    fn receive(&mut self, channel: &Channel, control: &RunControl) -> Result<Message, Cancelled> {
        let began = self.now();
        let (message, waited) = channel.receive(control, self.clock, self.origin)?;
        if waited {
            self.push(LaneKind::WaitingEmpty, began, self.now());
        }
        Ok(message)
    }

    /// Sends to `channel`, drawing the wait for room when there was one.
    fn send(&mut self, channel: &Channel, message: Message, control: &RunControl) -> Result<(), Cancelled> {
        let began = self.now();
        if channel.send(message, control, self.clock, self.origin)? {
            self.push(LaneKind::WaitingFull, began, self.now());
        }
        Ok(())
    }

    /// Runs one batch of a stage's work, drawn as working.
    fn work<T>(&mut self, job: impl FnOnce() -> T) -> T {
        let began = self.now();
        let done = job();
        let ended = self.now();
        self.push(LaneKind::Working, began, ended);
        done
    }
}

/// What every stage worker shares.
struct Line<'a> {
    params: &'a PipelineParams,
    channels: [Channel; 3],
    /// Workers of each stage that have finished.
    finished: [AtomicUsize; 4],
    sum: AtomicU64,
    control: &'a RunControl,
}

impl Line<'_> {
    /// A worker of `stage` is done: the last one tells every worker of the next stage to stop.
    fn leave(&self, stage: usize, lane: &mut LaneRecorder) -> Result<(), Cancelled> {
        let workers = self.params.workers.0;
        if stage + 1 < STAGES.len() && self.finished[stage].fetch_add(1, Ordering::AcqRel) + 1 == workers[stage] {
            for _ in 0..workers[stage + 1] {
                lane.send(&self.channels[stage], Message::Stop, self.control)?;
            }
        }
        Ok(())
    }

    /// One worker's loop: `generate` makes its share of the batches, the other stages take
    /// batches from the channel before them until they are told to stop.
    fn work(&self, stage: usize, worker: usize, lane: &mut LaneRecorder) -> Result<(), Cancelled> {
        let (n, control) = (self.params.n, self.control);
        if stage == 0 {
            for batch in (worker..n.div_ceil(BATCH)).step_by(self.params.workers.0[0]) {
                let items = lane.work(|| generate_batch(batch, n));
                lane.send(&self.channels[0], Message::Batch(items), control)?;
            }
            return self.leave(stage, lane);
        }
        let mut sum = 0u64;
        while let Message::Batch(mut items) = lane.receive(&self.channels[stage - 1], control)? {
            match stage {
                1 => {
                    lane.work(|| transform_batch(&mut items));
                    lane.send(&self.channels[1], Message::Batch(items), control)?;
                }
                2 => {
                    let len = items.len();
                    lane.work(|| filter_batch(&mut items));
                    control.advance(len as u64);
                    lane.send(&self.channels[2], Message::Batch(items), control)?;
                }
                _ => sum = lane.work(|| items.iter().fold(sum, |sum, &value| sum.wrapping_add(value))),
            }
        }
        self.sum.fetch_add(sum, Ordering::Relaxed);
        self.leave(stage, lane)
    }
}

/// One pipeline run: a thread per stage worker; returns the sum and the run's lanes and depths.
fn run_threads(
    params: &PipelineParams,
    control: &RunControl,
    clock: &dyn Clock,
) -> Result<(u64, PipelineRun), Cancelled> {
    let line = Line {
        params,
        channels: std::array::from_fn(|_| Channel::new(params.capacity)),
        finished: std::array::from_fn(|_| AtomicUsize::new(0)),
        sum: AtomicU64::new(0),
        control,
    };
    let workers = params.workers.0;
    // Thread t's stage and its number within the stage.
    let seats: Vec<(usize, usize)> =
        (0..STAGES.len()).flat_map(|stage| (0..workers[stage]).map(move |worker| (stage, worker))).collect();
    let lanes = Mutex::new(Vec::with_capacity(seats.len()));
    let origin = clock.now_ms();
    on_k_loops(seats.len(), |t| {
        let (stage, worker) = seats[t];
        let mut lane = LaneRecorder {
            clock,
            origin,
            lane: StageLane { stage, worker, spans: Vec::new(), busy_ms: 0.0, batches: 0 },
        };
        // Only a cancel ends a worker early, and every other worker then sees it too.
        let _ = line.work(stage, worker, &mut lane);
        lanes.lock().unwrap_or_else(std::sync::PoisonError::into_inner).push(lane.lane);
    });
    control.check()?;
    let mut lanes = lanes.into_inner().unwrap_or_else(std::sync::PoisonError::into_inner);
    sort_by_u64_key(&mut lanes, |lane| (lane.stage * MAX_STAGE_WORKERS + lane.worker) as u64);
    let sum = line.sum.into_inner();
    let depth = line.channels.into_iter().map(Channel::into_depth).collect();
    Ok((sum, PipelineRun { lanes, depth }))
}
