//! The map demo: the seeds' `map(f, inputs)` against `Pool.map(f, inputs, chunksize)`.
//!
//! The parallel version is Pool.map's own scheme with real threads: the input is cut into
//! chunks, and exactly `k` workers take the next chunk from a shared queue until none is left.
//! Each chunk is recorded with the thread that processed it, so the page can draw who did what.

use std::num::NonZeroUsize;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, PoisonError};

use crate::clock::Clock;
use crate::control::{Cancelled, RunControl};
use crate::stats::{Timings, VariantTiming};

/// Elements processed between two looks at the cancel flag and two progress updates: small
/// enough for a cancel to land within milliseconds, large enough to cost nothing measurable.
pub const BLOCK: usize = 4096;

/// Largest accepted `n`: input (`u32`), reference output and parallel output (`u64` each) take
/// [`BYTES_PER_ELEMENT`] bytes an element, and 50 M elements (1 GB) stay well inside the page's
/// 2 GiB of wasm memory.
pub const MAX_N: usize = 50_000_000;

/// Memory a run over `n` elements holds at its peak.
pub const BYTES_PER_ELEMENT: usize = 4 + 8 + 8;

/// Most chunks a parallel run may be cut into: each chunk is recorded for the chunk map.
pub const MAX_CHUNKS: usize = 1_000_000;

/// Untimed warm-up size: the first run of fresh wasm code is about 2× slower (the engine's
/// optimising compiler has not kicked in yet), so every variant first runs this many elements.
pub const WARMUP_ELEMENTS: usize = 1_000_000;

/// The function mapped over the inputs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Workload {
    /// `x²`: one multiply per 12 bytes moved, so memory bandwidth, not cores, sets the pace.
    Square,
    /// Steps of the Collatz sequence from `x` down to 1: hundreds of dependent operations per
    /// element and uneven cost from one element to the next, so cores set the pace.
    Collatz,
}

impl Workload {
    pub const ALL: [Workload; 2] = [Workload::Square, Workload::Collatz];

    /// The URL and form value.
    pub fn name(self) -> &'static str {
        match self {
            Workload::Square => "square",
            Workload::Collatz => "collatz",
        }
    }

    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|w| w.name() == name)
    }

    pub fn description(self) -> &'static str {
        match self {
            Workload::Square => "square — x², memory-bound (the seed's own)",
            Workload::Collatz => "collatz — Collatz steps of x, compute-bound",
        }
    }

    /// The function itself, on one element.
    pub fn apply(self, x: u32) -> u64 {
        match self {
            Workload::Square => square(x),
            Workload::Collatz => collatz_steps(x),
        }
    }
}

pub fn square(x: u32) -> u64 {
    u64::from(x) * u64::from(x)
}

/// Steps from `x` to 1 (`x/2` if even, `3x+1` if odd); 0 for 0 and 1. For every `x` below
/// [`MAX_N`] the sequence stays far below `u64::MAX`, so the arithmetic cannot overflow.
pub fn collatz_steps(x: u32) -> u64 {
    let mut value = u64::from(x);
    let mut steps = 0;
    while value > 1 {
        value = if value % 2 == 0 { value / 2 } else { 3 * value + 1 };
        steps += 1;
    }
    steps
}

/// The seeds' input: `list(range(n))`.
pub fn inputs(n: usize) -> Vec<u32> {
    (0..n).map(|i| i as u32).collect()
}

/// `output[i] = workload(input[i])`, with the workload chosen once outside the loop.
pub fn map_into(workload: Workload, input: &[u32], output: &mut [u64]) {
    match workload {
        Workload::Square => output.iter_mut().zip(input).for_each(|(o, &x)| *o = square(x)),
        Workload::Collatz => output.iter_mut().zip(input).for_each(|(o, &x)| *o = collatz_steps(x)),
    }
}

/// `map_into` a block at a time, checking the cancel flag and counting progress between blocks.
///
/// Never inlined, and every variant's hot loop goes through it: a browser optimises a wasm
/// function only after it has run for a while, and the optimised code serves only the *next*
/// call. The warm-up calls this very function several times, so timed runs get optimised code.
#[inline(never)]
pub fn map_blocks(
    workload: Workload,
    input: &[u32],
    output: &mut [u64],
    control: &RunControl,
) -> Result<(), Cancelled> {
    for (src, dst) in input.chunks(BLOCK).zip(output.chunks_mut(BLOCK)) {
        control.check()?;
        map_into(workload, src, dst);
        control.advance(src.len() as u64);
    }
    Ok(())
}

/// The reference: one thread, no rayon, Python's `list(map(f, inputs))`.
pub fn map_sequential(workload: Workload, input: &[u32], control: &RunControl) -> Result<Vec<u64>, Cancelled> {
    let mut output = vec![0; input.len()];
    map_blocks(workload, input, &mut output, control)?;
    Ok(output)
}

/// How the input is cut into chunks, like `Pool.map`'s `chunksize` argument.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChunkSize {
    /// Pool.map's own rule: `ceil(n / (4 × workers))`.
    Auto,
    Fixed(NonZeroUsize),
}

impl ChunkSize {
    /// The chunk length used for `n` elements and `threads` workers (at least 1).
    pub fn resolve(self, n: usize, threads: usize) -> usize {
        match self {
            ChunkSize::Auto => n.div_ceil(4 * threads.max(1)).max(1),
            ChunkSize::Fixed(len) => len.get(),
        }
    }
}

/// One chunk of a parallel run: which elements, which thread, when (ms since the run began).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ChunkRecord {
    pub index: usize,
    pub start: usize,
    pub len: usize,
    /// rayon's index of the pool thread that processed the chunk.
    pub thread: usize,
    pub began_ms: f64,
    pub ended_ms: f64,
}

/// Pool.map with `threads` workers on rayon's global pool.
///
/// Guarantees: never more than `threads` threads work on it (exactly `threads` worker loops
/// exist, each on one thread from start to end); every idle pool thread can pick up a worker
/// loop, so all `threads` take part when there are at least as many chunks and free threads.
/// `threads` larger than the pool still works, with only the pool's threads taking part.
/// Writes `output` (as long as `input`) and returns one record per chunk, in input order.
pub fn map_parallel(
    workload: Workload,
    input: &[u32],
    output: &mut [u64],
    threads: NonZeroUsize,
    chunk_len: NonZeroUsize,
    control: &RunControl,
    clock: &dyn Clock,
) -> Result<Vec<ChunkRecord>, Cancelled> {
    assert_eq!(input.len(), output.len(), "map_parallel needs an output as long as its input");
    let chunk_len = chunk_len.get();
    let origin = clock.now_ms();
    let queue = Mutex::new(input.chunks(chunk_len).zip(output.chunks_mut(chunk_len)).enumerate());
    let records = Mutex::new(Vec::with_capacity(input.len().div_ceil(chunk_len)));
    let stopped = AtomicBool::new(false);

    let worker = || {
        let thread = rayon::current_thread_index().unwrap_or(usize::MAX);
        let mut mine = Vec::new();
        loop {
            let next = queue.lock().unwrap_or_else(PoisonError::into_inner).next();
            let Some((index, (src, dst))) = next else { break };
            let began_ms = clock.now_ms() - origin;
            if map_blocks(workload, src, dst, control).is_err() {
                stopped.store(true, Ordering::Relaxed);
                break;
            }
            let ended_ms = clock.now_ms() - origin;
            mine.push(ChunkRecord { index, start: index * chunk_len, len: src.len(), thread, began_ms, ended_ms });
        }
        records.lock().unwrap_or_else(PoisonError::into_inner).extend(mine);
    };
    rayon::scope(|scope| {
        for _ in 1..threads.get() {
            scope.spawn(|_| worker());
        }
        worker();
    });

    if stopped.into_inner() {
        return Err(Cancelled);
    }
    let mut chunks = records.into_inner().unwrap_or_else(PoisonError::into_inner);
    chunks.sort_unstable_by_key(|c| c.index);
    Ok(chunks)
}

/// How evenly one parallel run loaded its threads.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Balance {
    /// Threads that processed at least one chunk.
    pub threads: usize,
    /// Share of the threads' time from the first chunk's start to the last chunk's end that
    /// they spent without a chunk: 0 is perfect balance.
    pub idle_fraction: f64,
}

/// `None` for a run without chunks.
pub fn balance(chunks: &[ChunkRecord]) -> Option<Balance> {
    let start = chunks.iter().map(|c| c.began_ms).reduce(f64::min)?;
    let end = chunks.iter().map(|c| c.ended_ms).reduce(f64::max)?;
    let mut busy: Vec<(usize, f64)> = Vec::new();
    for chunk in chunks {
        let time = chunk.ended_ms - chunk.began_ms;
        match busy.iter_mut().find(|(thread, _)| *thread == chunk.thread) {
            Some((_, total)) => *total += time,
            None => busy.push((chunk.thread, time)),
        }
    }
    let span = (end - start) * busy.len() as f64;
    let idle = busy.iter().map(|(_, total)| (end - start) - total).sum::<f64>();
    Some(Balance { threads: busy.len(), idle_fraction: if span > 0.0 { (idle / span).clamp(0.0, 1.0) } else { 0.0 } })
}

/// Everything one click of "Run" asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MapConfig {
    pub n: usize,
    pub workload: Workload,
    pub threads: NonZeroUsize,
    pub chunk: ChunkSize,
    pub repeats: NonZeroUsize,
    /// False where the page has no thread pool: only the sequential variant runs.
    pub parallel: bool,
}

impl MapConfig {
    /// Progress units (elements) the whole run will process, warm-up included.
    pub fn total_work(&self) -> u64 {
        // In u64: the count can pass 2³², which is usize::MAX on wasm32.
        let variants = if self.parallel { 2 } else { 1 };
        variants * (self.n.min(WARMUP_ELEMENTS) as u64 + self.repeats.get() as u64 * self.n as u64)
    }

    pub fn chunk_len(&self) -> NonZeroUsize {
        NonZeroUsize::new(self.chunk.resolve(self.n, self.threads.get())).unwrap_or(NonZeroUsize::MIN)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct MapReport {
    pub config: MapConfig,
    /// The reference. `correct` means every repeat produced the same output and it matches
    /// `workload(x)` at spot-checked indices.
    pub sequential: VariantTiming,
    /// `correct` means every repeat's output equalled the sequential output element for element.
    pub parallel: Option<VariantTiming>,
    /// The chunk records of the last parallel repeat.
    pub chunks: Vec<ChunkRecord>,
}

/// Output buffers of a run, allocated and written once before any timing, so that no timed
/// repeat pays for fresh memory (page faults, memory growth) and every variant is timed on the
/// same warm memory.
#[derive(Debug)]
pub struct Buffers {
    pub input: Vec<u32>,
    /// The first sequential output: what every later output must equal.
    pub reference: Vec<u64>,
    /// Where every later repeat, sequential or parallel, writes.
    pub scratch: Vec<u64>,
}

impl Buffers {
    pub fn new(n: usize) -> Self {
        // `vec![0; n]` may hand out untouched pages; filling them makes them real.
        let mut reference = vec![0; n];
        reference.fill(1);
        let mut scratch = vec![0; n];
        scratch.fill(1);
        Self { input: inputs(n), reference, scratch }
    }
}

/// The sequential variant of [`run_map`] as a computation that can stop and resume.
///
/// A page without a thread pool runs it on its own UI thread a slice at a time, giving the
/// browser the thread back between slices so the page never freezes; a pool thread runs it in
/// one go. Each repeat's time is the sum of its slices, so the pauses between slices are not
/// counted.
#[derive(Debug)]
pub struct SequentialMap {
    workload: Workload,
    buffers: Buffers,
    repeats: usize,
    warmup_left: usize,
    position: usize,
    repeat_ms: f64,
    timings: Timings,
}

impl SequentialMap {
    pub fn new(config: &MapConfig) -> Self {
        Self {
            workload: config.workload,
            buffers: Buffers::new(config.n),
            repeats: config.repeats.get(),
            warmup_left: config.n.min(WARMUP_ELEMENTS),
            position: 0,
            repeat_ms: 0.0,
            timings: Timings::default(),
        }
    }

    pub fn is_done(&self) -> bool {
        self.timings.samples_ms.len() == self.repeats
    }

    /// Processes about `budget` elements (whole blocks, at least one) of the warm-up or of the
    /// current repeat. Done once [`is_done`](Self::is_done).
    pub fn step(&mut self, budget: usize, control: &RunControl, clock: &dyn Clock) -> Result<(), Cancelled> {
        if self.is_done() {
            return Ok(());
        }
        let Buffers { input, reference, scratch } = &mut self.buffers;
        if self.warmup_left > 0 {
            // In several calls, so the optimised code of `map_blocks` is in place afterwards.
            let warmup = self.warmup_left.min(budget.max(BLOCK));
            let start = input.len().min(WARMUP_ELEMENTS) - self.warmup_left;
            let piece = WARMUP_ELEMENTS.div_ceil(8);
            for (src, dst) in input[start..start + warmup].chunks(piece).zip(scratch[start..].chunks_mut(piece)) {
                map_blocks(self.workload, src, dst, control)?;
            }
            self.warmup_left -= warmup;
            return Ok(());
        }
        let n = input.len();
        let first = self.timings.samples_ms.is_empty();
        let output = if first { reference } else { scratch };
        let end = n.min(self.position.saturating_add(budget.max(BLOCK)));
        let began = clock.now_ms();
        map_blocks(self.workload, &input[self.position..end], &mut output[self.position..end], control)?;
        self.repeat_ms += clock.now_ms() - began;
        self.position = end;
        if self.position == n {
            let Buffers { input, reference, scratch } = &self.buffers;
            self.timings.correct &=
                spot_check(self.workload, input, reference) && (first || scratch[..] == reference[..]);
            self.timings.push(std::mem::take(&mut self.repeat_ms));
            self.position = 0;
        }
        Ok(())
    }

    /// The timing and the buffers, whose `reference` holds the sequential output once done.
    pub fn finish(self) -> (VariantTiming, Buffers) {
        (self.timings.finish(1), self.buffers)
    }
}

/// Runs the map experiment: the sequential variant (warm-up, then `repeats` timed runs), then
/// the parallel one likewise, every output checked against the first sequential output.
pub fn run_map(config: &MapConfig, control: &RunControl, clock: &dyn Clock) -> Result<MapReport, Cancelled> {
    let (sequential, mut buffers) = run_sequential(config, control, clock)?;
    finish_map(config, sequential, &mut buffers, control, clock)
}

fn run_sequential(
    config: &MapConfig,
    control: &RunControl,
    clock: &dyn Clock,
) -> Result<(VariantTiming, Buffers), Cancelled> {
    let mut sequential = SequentialMap::new(config);
    while !sequential.is_done() {
        sequential.step(usize::MAX, control, clock)?;
    }
    Ok(sequential.finish())
}

/// The parallel half of [`run_map`], given the sequential half's results.
pub fn finish_map(
    config: &MapConfig,
    sequential: VariantTiming,
    buffers: &mut Buffers,
    control: &RunControl,
    clock: &dyn Clock,
) -> Result<MapReport, Cancelled> {
    let mut parallel = None;
    let mut chunks = Vec::new();
    if config.parallel {
        let (timing, last_chunks) = time_parallel(config, config.threads, buffers, control, clock)?;
        parallel = Some(timing);
        chunks = last_chunks;
    }
    Ok(MapReport { config: *config, sequential, parallel, chunks })
}

/// Warm-up, then `repeats` timed parallel runs with `threads` threads, each output compared
/// with the reference; returns the timing and the last run's chunk records.
fn time_parallel(
    config: &MapConfig,
    threads: NonZeroUsize,
    buffers: &mut Buffers,
    control: &RunControl,
    clock: &dyn Clock,
) -> Result<(VariantTiming, Vec<ChunkRecord>), Cancelled> {
    let Buffers { input, reference, scratch } = buffers;
    let chunk_len = NonZeroUsize::new(config.chunk.resolve(config.n, threads.get())).unwrap_or(NonZeroUsize::MIN);
    let warmup = config.n.min(WARMUP_ELEMENTS);
    map_parallel(config.workload, &input[..warmup], &mut scratch[..warmup], threads, chunk_len, control, clock)?;
    let mut timings = Timings::default();
    let mut chunks = Vec::new();
    for _ in 0..config.repeats.get() {
        let began = clock.now_ms();
        chunks = map_parallel(config.workload, input, scratch, threads, chunk_len, control, clock)?;
        timings.push(clock.now_ms() - began);
        timings.correct &= scratch == reference;
    }
    Ok((timings.finish(threads.get()), chunks))
}

/// The speedup-vs-threads sweep: one sequential baseline, then the parallel map for each `k`.
#[derive(Debug, Clone, PartialEq)]
pub struct SweepReport {
    pub sequential: VariantTiming,
    pub points: Vec<VariantTiming>,
}

/// Progress units of [`run_sweep`] for these thread counts.
pub fn sweep_work(config: &MapConfig, thread_counts: &[NonZeroUsize]) -> u64 {
    let per_run = config.n.min(WARMUP_ELEMENTS) as u64 + config.repeats.get() as u64 * config.n as u64;
    (1 + thread_counts.len() as u64) * per_run
}

pub fn run_sweep(
    config: &MapConfig,
    thread_counts: &[NonZeroUsize],
    control: &RunControl,
    clock: &dyn Clock,
) -> Result<SweepReport, Cancelled> {
    let (sequential, mut buffers) = run_sequential(config, control, clock)?;
    let mut points = Vec::with_capacity(thread_counts.len());
    for &threads in thread_counts {
        points.push(time_parallel(config, threads, &mut buffers, control, clock)?.0);
    }
    Ok(SweepReport { sequential, points })
}

/// Checks the output against the scalar definition at up to 1024 evenly spread indices, so the
/// reference itself is checked by something other than the loop that produced it.
fn spot_check(workload: Workload, input: &[u32], output: &[u64]) -> bool {
    if input.len() != output.len() {
        return false;
    }
    let step = (input.len() / 1024).max(1);
    (0..input.len()).step_by(step).chain(input.len().checked_sub(1)).all(|i| output[i] == workload.apply(input[i]))
}
