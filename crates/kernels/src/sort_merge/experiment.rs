//! Timing the variants: buffers, warm-up, repeats, checks against the reference, the sweep.

use std::num::NonZeroUsize;

use super::*;
use crate::clock::Clock;
use crate::control::{Cancelled, RunControl};
use crate::scaling::{SizePoint, SizeSweep, calls_per_sample, per_call, sweep_sizes};
use crate::stats::{Timings, VariantTiming};

/// Everything one click of "Run" asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SortConfig {
    pub n: usize,
    pub distribution: Distribution,
    pub seed: u64,
    pub threads: NonZeroUsize,
    pub repeats: NonZeroUsize,
    /// False where the page has no thread pool: only `sequential` runs here.
    pub parallel: bool,
}

impl SortConfig {
    /// The variants this crate times for this configuration.
    pub fn variants(&self) -> Vec<Variant> {
        let mut variants = vec![Variant::Sequential];
        if self.parallel {
            variants.extend(Variant::NATIVE_PARALLEL);
        }
        variants
    }

    /// Progress units (elements sorted) of [`run_sort`].
    pub fn total_work(&self) -> u64 {
        // In u64: at the largest settings the count passes 2³², which is usize::MAX on wasm32.
        let per_variant = self.n.min(WARMUP_ELEMENTS) as u64 + self.repeats.get() as u64 * self.n as u64;
        self.variants().len() as u64 * per_variant
    }
}

/// The three buffers of a sort run: at most 3× the input, as the memory bound asks.
#[derive(Debug)]
pub struct SortBuffers {
    /// The array each variant sorts; holds the input again when [`run_sort`] returns.
    pub data: Vec<u32>,
    pub scratch: Vec<u32>,
    /// The sequential result every other result is compared with.
    pub reference: Vec<u32>,
}

/// One variant's results.
#[derive(Debug, Clone, PartialEq)]
pub struct VariantReport {
    pub variant: Variant,
    pub timing: VariantTiming,
    /// Spans and strips of the run with the median time.
    pub spans: Vec<Span>,
    pub strips: Vec<Strip>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct SortReport {
    pub config: SortConfig,
    pub variants: Vec<VariantReport>,
}

impl SortReport {
    pub fn variant(&self, variant: Variant) -> Option<&VariantReport> {
        self.variants.iter().find(|v| v.variant == variant)
    }

    /// Amdahl's model of `chunks+kway`, fitted to its measured phases.
    pub fn kway_model(&self) -> Option<AmdahlModel> {
        AmdahlModel::of(&self.variant(Variant::ChunksKway)?.spans)
    }
}

/// Allocates the buffers and writes every page once, so no timed run pays for fresh memory.
/// Filled with ones, not `vec![0; n]`, for the reason in `map::Buffers::new`.
pub fn buffers(n: usize) -> SortBuffers {
    SortBuffers { data: vec![1; n], scratch: vec![1; n], reference: vec![1; n] }
}

/// Runs every variant of `config` (see [`time_variant`]); `sequential` first, as it makes the
/// reference the others are compared with. Leaves the input in `buffers.data` for the page's
/// `js` variant.
pub fn run_sort(
    config: &SortConfig,
    buffers: &mut SortBuffers,
    control: &RunControl,
    clock: &dyn Clock,
) -> Result<SortReport, Cancelled> {
    let mut variants = Vec::new();
    for variant in config.variants() {
        let threads = if variant == Variant::Sequential { NonZeroUsize::MIN } else { config.threads };
        variants.push(time_variant(variant, config, threads, buffers, control, clock)?);
    }
    generate_into(&mut buffers.data, config.distribution, config.seed);
    Ok(SortReport { config: *config, variants })
}

/// A warm-up, then `repeats` timed runs of `variant` (see [`VariantRun`]).
pub fn time_variant(
    variant: Variant,
    config: &SortConfig,
    threads: NonZeroUsize,
    buffers: &mut SortBuffers,
    control: &RunControl,
    clock: &dyn Clock,
) -> Result<VariantReport, Cancelled> {
    let mut run = VariantRun::new(variant, config, threads);
    while !run.is_done() {
        run.step(buffers, control, clock)?;
    }
    Ok(run.finish())
}

/// One variant's warm-up and timed runs, one step at a time, so that a page without threads can
/// give the browser a turn between steps. Each timed run sorts a freshly generated copy of the
/// same input. The first `sequential` run sorts in `reference` and becomes the reference; every
/// other result is compared with it. One sort call cannot be interrupted: cancel lands between
/// steps (at n = 10 M a step is a few hundred milliseconds at most).
#[derive(Debug)]
pub struct VariantRun {
    variant: Variant,
    config: SortConfig,
    threads: NonZeroUsize,
    warmed_up: bool,
    timings: Timings,
    runs: Vec<(f64, Vec<Span>, Vec<Strip>)>,
}

impl VariantRun {
    pub fn new(variant: Variant, config: &SortConfig, threads: NonZeroUsize) -> Self {
        Self { variant, config: *config, threads, warmed_up: false, timings: Timings::default(), runs: Vec::new() }
    }

    pub fn is_done(&self) -> bool {
        self.variant == Variant::Js || self.runs.len() == self.config.repeats.get()
    }

    /// The warm-up, or the next timed run.
    pub fn step(
        &mut self,
        buffers: &mut SortBuffers,
        control: &RunControl,
        clock: &dyn Clock,
    ) -> Result<(), Cancelled> {
        control.check()?;
        let SortBuffers { data, scratch, reference } = buffers;
        let (variant, threads, n) = (self.variant, self.threads, self.config.n);
        if !self.warmed_up {
            let warmup = n.min(WARMUP_ELEMENTS);
            generate_into(&mut data[..warmup], self.config.distribution, self.config.seed);
            sort_with(variant, &mut data[..warmup], &mut scratch[..warmup], threads, clock);
            control.advance(warmup as u64);
            self.warmed_up = true;
            return Ok(());
        }
        let makes_reference = variant == Variant::Sequential && self.runs.is_empty();
        let target: &mut [u32] = if makes_reference { reference } else { data };
        generate_into(target, self.config.distribution, self.config.seed);
        let began = clock.now_ms();
        let Some((result_in, spans, strips)) = sort_with(variant, target, scratch, threads, clock) else {
            return Ok(());
        };
        let ms = clock.now_ms() - began;
        self.timings.push(ms);
        let result: &[u32] = match (makes_reference, result_in) {
            (_, ResultIn::Scratch) => scratch,
            (true, ResultIn::Data) => reference,
            (false, ResultIn::Data) => data,
        };
        self.timings.correct &= if makes_reference { is_sorted(result) } else { result == &reference[..] };
        self.runs.push((ms, spans, strips));
        control.advance(n as u64);
        Ok(())
    }

    /// The timing, with the spans and strips of the run with the median time.
    pub fn finish(mut self) -> VariantReport {
        crate::ordering::sort_by_u64_key(&mut self.runs, |run| crate::ordering::f64_key(run.0));
        let (spans, strips) = if self.runs.is_empty() {
            (Vec::new(), Vec::new())
        } else {
            let (_, spans, strips) = self.runs.swap_remove(self.runs.len() / 2);
            (spans, strips)
        };
        VariantReport { variant: self.variant, timing: self.timings.finish(self.threads.get()), spans, strips }
    }
}

pub fn is_sorted(data: &[u32]) -> bool {
    data.windows(2).all(|w| w[0] <= w[1])
}

/// The sort sweep: each parallel variant's timing for every thread count, against one
/// sequential baseline.
#[derive(Debug, Clone, PartialEq)]
pub struct SortSweep {
    pub sequential: VariantTiming,
    /// Per parallel variant, one timing per thread count, in the order asked.
    pub series: Vec<(Variant, Vec<VariantTiming>)>,
    /// Amdahl's model of `chunks+kway`, from its run with the most threads.
    pub kway_model: Option<AmdahlModel>,
}

/// Progress units of [`run_sort_sweep`].
pub fn sort_sweep_work(config: &SortConfig, thread_counts: &[NonZeroUsize]) -> u64 {
    let runs = 1 + (Variant::NATIVE_PARALLEL.len() * thread_counts.len()) as u64;
    runs * (config.n.min(WARMUP_ELEMENTS) as u64 + config.repeats.get() as u64 * config.n as u64)
}

pub fn run_sort_sweep(
    config: &SortConfig,
    thread_counts: &[NonZeroUsize],
    buffers: &mut SortBuffers,
    control: &RunControl,
    clock: &dyn Clock,
) -> Result<SortSweep, Cancelled> {
    let sequential = time_variant(Variant::Sequential, config, NonZeroUsize::MIN, buffers, control, clock)?;
    let mut series = Vec::new();
    let mut kway_model = None;
    for variant in Variant::NATIVE_PARALLEL {
        let mut points = Vec::with_capacity(thread_counts.len());
        for &threads in thread_counts {
            let report = time_variant(variant, config, threads, buffers, control, clock)?;
            if variant == Variant::ChunksKway {
                kway_model = AmdahlModel::of(&report.spans);
            }
            points.push(report.timing);
        }
        series.push((variant, points));
    }
    Ok(SortSweep { sequential: sequential.timing, series, kway_model })
}

/// The parallel variant the crossover sweep times: the course's “sort chunks in threads, then
/// merge”.
pub const CROSSOVER_VARIANT: Variant = Variant::ChunksKway;

/// Progress units of [`run_sort_size_sweep`].
pub fn sort_size_sweep_work(config: &SortConfig) -> u64 {
    let per_run =
        |n: usize| n.min(WARMUP_ELEMENTS) as u64 + (config.repeats.get() * calls_per_sample(n)) as u64 * n as u64;
    sweep_sizes(config.n).into_iter().map(|n| 2 * per_run(n)).sum()
}

/// The crossover sweep (`sweep=n`): sequential and [`CROSSOVER_VARIANT`] at `config.threads`
/// for each size of [`sweep_sizes`], each result checked against the sequential one; small
/// sizes are sorted several times per sample ([`calls_per_sample`]). Each size gets buffers of
/// its own, freed before the next.
pub fn run_sort_size_sweep(
    config: &SortConfig,
    control: &RunControl,
    clock: &dyn Clock,
) -> Result<SizeSweep, Cancelled> {
    let mut points = Vec::new();
    for n in sweep_sizes(config.n) {
        let calls = calls_per_sample(n);
        let repeats = NonZeroUsize::new(config.repeats.get() * calls).unwrap_or(config.repeats);
        let config = SortConfig { n, repeats, ..*config };
        let mut buffers = buffers(n);
        let sequential = time_variant(Variant::Sequential, &config, NonZeroUsize::MIN, &mut buffers, control, clock)?;
        let parallel = time_variant(CROSSOVER_VARIANT, &config, config.threads, &mut buffers, control, clock)?;
        points.push(SizePoint {
            n,
            sequential: per_call(sequential.timing, calls),
            parallel: per_call(parallel.timing, calls),
        });
    }
    Ok(SizeSweep { threads: config.threads, parallel_name: CROSSOVER_VARIANT.name(), points })
}
