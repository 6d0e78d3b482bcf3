//! The map experiment: buffers, warm-up, repeats, the checks against the reference.

use std::num::NonZeroUsize;

use super::*;
use crate::clock::Clock;
use crate::control::{RunControl, Stepwise};
use crate::stats::{Timings, VariantTiming};

/// Everything one click of "Run" asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MapConfig {
    pub n: usize,
    /// Which function's name the report carries; the function itself is handed to each run.
    pub workload: MapFunction,
    pub threads: NonZeroUsize,
    pub chunk: ChunkSize,
    pub repeats: NonZeroUsize,
    /// False where the page has no thread pool: only the sequential variant runs.
    pub parallel: bool,
    /// `gil=1`: also the `python-threads` variant, handing the GIL over after this many ms.
    /// Needs the pool, like `parallel`.
    pub gil_switch_ms: Option<u32>,
}

impl MapConfig {
    /// Progress units (elements) the whole run will process, warm-up included.
    pub fn total_work(&self) -> u64 {
        // In u64: the count can pass 2³², which is usize::MAX on wasm32.
        let variants = 1 + u64::from(self.parallel) + u64::from(self.python_threads());
        variants * (self.n.min(WARMUP_ELEMENTS) as u64 + self.repeats.get() as u64 * self.n as u64)
    }

    /// Whether the `python-threads` variant runs.
    pub fn python_threads(&self) -> bool {
        self.parallel && self.gil_switch_ms.is_some()
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
    /// The chunk records of the parallel variant's untimed warm-up: each thread's first chunk
    /// there is its first work on f (for a custom f, with the module's instantiation).
    pub warmup_chunks: Vec<ChunkRecord>,
    /// `gil=1`: the k threads under the GIL. `correct` as for `parallel`.
    pub python_threads: Option<VariantTiming>,
    /// When each thread held the GIL in the last `python-threads` repeat.
    pub gil_spans: Vec<Span>,
    /// `messages=1`: k workers sharing no memory (timed by the page, see
    /// [`MessagePassingCheck`]). `correct` means every value came back equal to the sequential
    /// output.
    pub message_passing: Option<VariantTiming>,
    /// Each chunk's round trip in the last `message-passing` repeat.
    pub trips: Vec<super::Trip>,
    /// `square` on threads: what the memory moves at k threads (STREAM's copy and triad),
    /// measured after the run by the page, which shows square's own GB/s beside it.
    pub bandwidth: Option<crate::bandwidth::Bandwidth>,
    /// `workload=custom`: how long the page took to parse, check and compile f (set by the page).
    pub compile_ms: Option<f64>,
    /// [`output_digest`] of the sequential output: equal digests, equal outputs (a student's
    /// f against a built-in, one browser against another).
    pub output_digest: u64,
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
        // Every page written once, so no timed run pays for fresh memory. Not `vec![0; n]`: in
        // the browser the allocator zeroes recycled memory inside its global lock, on which
        // the UI thread then spins (measured: 63 ms of one run of 10 M); `vec![1; n]` writes
        // after the lock is released.
        Self { input: inputs(n), reference: vec![1; n], scratch: vec![1; n] }
    }
}

/// The sequential variant of [`run_map`] as a computation that can stop and resume.
///
/// A page without a thread pool runs it on its own UI thread a slice at a time, giving the
/// browser the thread back between slices so the page never freezes; a pool thread runs it in
/// one go. Each repeat's time is the sum of its slices, so the pauses between slices are not
/// counted.
pub struct SequentialMap<'f> {
    f: &'f dyn ElementFn,
    buffers: Buffers,
    repeats: usize,
    warmup_left: usize,
    position: usize,
    repeat_ms: f64,
    timings: Timings,
}

impl<'f> SequentialMap<'f> {
    pub fn new(config: &MapConfig, f: &'f dyn ElementFn) -> Self {
        Self {
            f,
            buffers: Buffers::new(config.n),
            repeats: config.repeats.get(),
            warmup_left: config.n.min(WARMUP_ELEMENTS),
            position: 0,
            repeat_ms: 0.0,
            timings: Timings::default(),
        }
    }

    /// Processes about `budget` elements (whole blocks, at least one) of the warm-up or of the
    /// current repeat. Done once [`is_done`](Stepwise::is_done).
    pub fn step_elements(&mut self, budget: usize, control: &RunControl, clock: &dyn Clock) -> Result<(), MapStop> {
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
                map_blocks(self.f, src, dst, control)?;
            }
            self.warmup_left -= warmup;
            return Ok(());
        }
        let n = input.len();
        let first = self.timings.samples_ms.is_empty();
        let output = if first { reference } else { scratch };
        let end = n.min(self.position.saturating_add(budget.max(BLOCK)));
        if !first {
            // As before every parallel repeat, and a step at a time like the work: the check
            // then catches an element this repeat did not write, and both variants start from
            // the same state of the caches.
            poison(&mut output[self.position..end]);
        }
        let began = clock.now_ms();
        map_blocks(self.f, &input[self.position..end], &mut output[self.position..end], control)?;
        self.repeat_ms += clock.now_ms() - began;
        self.position = end;
        if self.position == n {
            let Buffers { input, reference, scratch } = &self.buffers;
            self.timings.correct &= spot_check(self.f, input, reference) && (first || scratch[..] == reference[..]);
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

/// Elements in one [`Stepwise`] step of [`SequentialMap`]: a few milliseconds of the slowest
/// workload.
const STEP_ELEMENTS: usize = 16 * BLOCK;

impl Stepwise for SequentialMap<'_> {
    type Stop = MapStop;

    fn is_done(&self) -> bool {
        self.timings.samples_ms.len() == self.repeats
    }

    fn step(&mut self, control: &RunControl, clock: &dyn Clock) -> Result<(), MapStop> {
        self.step_elements(STEP_ELEMENTS, control, clock)
    }
}

/// Runs the map experiment: the sequential variant (warm-up, then `repeats` timed runs), then
/// the parallel one likewise, every output checked against the first sequential output.
pub fn run_map(
    config: &MapConfig,
    f: &dyn ElementFn,
    control: &RunControl,
    clock: &dyn Clock,
) -> Result<MapReport, MapStop> {
    run_map_keeping_reference(config, f, control, clock).map(|(report, _)| report)
}

/// [`run_map`], and the sequential output it checked everything against, for a variant the
/// page times itself (`message-passing`).
pub fn run_map_keeping_reference(
    config: &MapConfig,
    f: &dyn ElementFn,
    control: &RunControl,
    clock: &dyn Clock,
) -> Result<(MapReport, Vec<u64>), MapStop> {
    prepare_every_thread(f);
    let (sequential, mut buffers) = run_sequential(config, f, control, clock)?;
    let report = finish_map(config, f, sequential, &mut buffers, control, clock)?;
    Ok((report, buffers.reference))
}

pub(super) fn run_sequential(
    config: &MapConfig,
    f: &dyn ElementFn,
    control: &RunControl,
    clock: &dyn Clock,
) -> Result<(VariantTiming, Buffers), MapStop> {
    let mut sequential = SequentialMap::new(config, f);
    while !sequential.is_done() {
        sequential.step_elements(usize::MAX, control, clock)?;
    }
    Ok(sequential.finish())
}

/// The parallel half of [`run_map`], given the sequential half's results.
pub fn finish_map(
    config: &MapConfig,
    f: &dyn ElementFn,
    sequential: VariantTiming,
    buffers: &mut Buffers,
    control: &RunControl,
    clock: &dyn Clock,
) -> Result<MapReport, MapStop> {
    let mut parallel = None;
    let (mut chunks, mut warmup_chunks) = (Vec::new(), Vec::new());
    if config.parallel {
        let run = time_parallel(config, f, config.threads, buffers, control, clock)?;
        parallel = Some(run.timing);
        (chunks, warmup_chunks) = (run.chunks, run.warmup_chunks);
    }
    let (mut python_threads, mut gil_spans) = (None, Vec::new());
    if let (true, Some(switch_ms)) = (config.python_threads(), config.gil_switch_ms) {
        let (timing, spans) = time_python_threads(config, f, f64::from(switch_ms), buffers, control, clock)?;
        python_threads = Some(timing);
        gil_spans = spans;
    }
    Ok(MapReport {
        config: *config,
        sequential,
        parallel,
        chunks,
        warmup_chunks,
        python_threads,
        gil_spans,
        message_passing: None,
        trips: Vec::new(),
        bandwidth: None,
        compile_ms: None,
        output_digest: output_digest(&buffers.reference),
    })
}

/// Like [`time_parallel`], for the threads under the GIL; returns the last run's GIL spans.
fn time_python_threads(
    config: &MapConfig,
    f: &dyn ElementFn,
    switch_ms: f64,
    buffers: &mut Buffers,
    control: &RunControl,
    clock: &dyn Clock,
) -> Result<(VariantTiming, Vec<Span>), MapStop> {
    let Buffers { input, reference, scratch } = buffers;
    let (threads, chunk_len) = (config.threads, config.chunk_len());
    let warmup = config.n.min(WARMUP_ELEMENTS);
    let (warm_in, warm_out) = (&input[..warmup], &mut scratch[..warmup]);
    map_python_threads(f, warm_in, warm_out, threads, chunk_len, switch_ms, control, clock)?;
    let mut timings = Timings::default();
    let mut spans = Vec::new();
    for _ in 0..config.repeats.get() {
        poison(scratch);
        let began = clock.now_ms();
        spans = map_python_threads(f, input, scratch, threads, chunk_len, switch_ms, control, clock)?;
        timings.push(clock.now_ms() - began);
        timings.correct &= scratch == reference;
    }
    Ok((timings.finish(threads.get()), spans))
}

/// One variant's timed parallel runs.
pub(super) struct ParallelRuns {
    pub(super) timing: VariantTiming,
    /// The last run's chunk records.
    chunks: Vec<ChunkRecord>,
    warmup_chunks: Vec<ChunkRecord>,
}

/// Warm-up, then `repeats` timed parallel runs with `threads` threads, each output compared
/// with the reference.
pub(super) fn time_parallel(
    config: &MapConfig,
    f: &dyn ElementFn,
    threads: NonZeroUsize,
    buffers: &mut Buffers,
    control: &RunControl,
    clock: &dyn Clock,
) -> Result<ParallelRuns, MapStop> {
    let Buffers { input, reference, scratch } = buffers;
    let chunk_len = NonZeroUsize::new(config.chunk.resolve(config.n, threads.get())).unwrap_or(NonZeroUsize::MIN);
    let warmup = config.n.min(WARMUP_ELEMENTS);
    let warmup_chunks = map_parallel(f, &input[..warmup], &mut scratch[..warmup], threads, chunk_len, control, clock)?;
    let mut timings = Timings::default();
    let mut chunks = Vec::new();
    for _ in 0..config.repeats.get() {
        poison(scratch);
        let began = clock.now_ms();
        chunks = map_parallel(f, input, scratch, threads, chunk_len, control, clock)?;
        timings.push(clock.now_ms() - began);
        timings.correct &= scratch == reference;
    }
    Ok(ParallelRuns { timing: timings.finish(threads.get()), chunks, warmup_chunks })
}

/// The slowest thread's first warm-up chunk against the steady state, both in ms per element:
/// how much a thread's first work on f cost beyond its later work (the engine's compile and
/// tier-up, a custom f's instantiation). The steady state is the median over the last timed
/// repeat's chunks. `None` without both.
pub fn first_chunk_ratio(report: &MapReport) -> Option<f64> {
    let per_element = |c: &ChunkRecord| (c.ended_ms - c.began_ms) / c.len.max(1) as f64;
    let mut steady: Vec<f64> = report.chunks.iter().map(per_element).collect();
    steady.sort_by(f64::total_cmp);
    let median = *steady.get(steady.len() / 2)?;
    let mut firsts: Vec<&ChunkRecord> = Vec::new();
    for chunk in &report.warmup_chunks {
        match firsts.iter_mut().find(|c| c.thread == chunk.thread) {
            Some(first) if chunk.began_ms < first.began_ms => *first = chunk,
            Some(_) => {}
            None => firsts.push(chunk),
        }
    }
    let slowest = firsts.into_iter().map(per_element).reduce(f64::max)?;
    (median > 0.0).then(|| slowest / median)
}

/// FNV-1a over the output's values, a word at a time: a fingerprint to compare outputs by, not
/// a cryptographic hash.
pub fn output_digest(output: &[u64]) -> u64 {
    output.iter().fold(0xcbf2_9ce4_8422_2325, |hash, &value| (hash ^ value).wrapping_mul(0x0000_0100_0000_01b3))
}

/// Overwrites a previous repeat's output before the next one (untimed), so an element the
/// next repeat fails to write cannot pass the check with the previous repeat's value.
fn poison(output: &mut [u64]) {
    output.fill(u64::MAX);
}

/// Checks the output at [`ElementFn::spot_checks`] evenly spread indices and the last, so the
/// reference itself is checked by something other than the loop that produced it.
fn spot_check(f: &dyn ElementFn, input: &[u32], output: &[u64]) -> bool {
    if input.len() != output.len() {
        return false;
    }
    let step = (input.len() / f.spot_checks().max(1)).max(1);
    (0..input.len()).step_by(step).chain(input.len().checked_sub(1)).all(|i| f.checks(input[i], output[i]))
}
