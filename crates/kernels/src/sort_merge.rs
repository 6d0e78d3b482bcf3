//! The sort-merge demo: the seeds' "sort T chunks in threads, then merge" against the
//! standard library's sort and rayon's.
//!
//! The lesson is Amdahl's: `chunks+kway` sorts in parallel but merges on one thread, so the merge
//! caps its speedup; `chunks+tree` merges pairs in parallel rounds (the seeds' `Pool.starmap`),
//! but its last round is one merge on one thread; `chunks+split-merge` splits every merge across
//! the threads by binary search on the split points, so no step is serial; `chunks+radix` is
//! that with each chunk radix-sorted instead of compared, parlab's fastest.

use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::collections::binary_heap::PeekMut;
use std::num::NonZeroUsize;
use std::ops::Range;
use std::sync::{Mutex, PoisonError};

use crate::clock::Clock;
use crate::control::{Cancelled, RunControl};
use crate::stats::{Timings, VariantTiming};
use crate::threads::with_threads;

/// Largest accepted `n`: the run holds the input being sorted, a merge buffer and the reference
/// result, [`BYTES_PER_ELEMENT`] bytes an element: 1.2 GB at 100 M, inside the 2 GiB memory.
pub const MAX_N: usize = 100_000_000;

/// Three `u32` buffers: the array being sorted, the merge output, the reference.
pub const BYTES_PER_ELEMENT: usize = 3 * 4;

/// Untimed warm-up size per variant (the first run of fresh wasm code is slower).
pub const WARMUP_ELEMENTS: usize = 1_000_000;

/// Samples per value strip: finer than any screen draws it.
pub const STRIP_SAMPLES: usize = 600;

/// How the input values are laid out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Distribution {
    Uniform,
    Sorted,
    Reversed,
    FewUnique,
    NearlySorted,
}

impl Distribution {
    pub const ALL: [Distribution; 5] = [
        Distribution::Uniform,
        Distribution::Sorted,
        Distribution::Reversed,
        Distribution::FewUnique,
        Distribution::NearlySorted,
    ];

    /// The URL and form value.
    pub fn name(self) -> &'static str {
        match self {
            Distribution::Uniform => "uniform",
            Distribution::Sorted => "sorted",
            Distribution::Reversed => "reversed",
            Distribution::FewUnique => "few-unique",
            Distribution::NearlySorted => "nearly-sorted",
        }
    }

    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|d| d.name() == name)
    }

    pub fn description(self) -> &'static str {
        match self {
            Distribution::Uniform => "uniform random (seeded)",
            Distribution::Sorted => "already sorted",
            Distribution::Reversed => "reversed",
            Distribution::FewUnique => "few unique (16 values)",
            Distribution::NearlySorted => "nearly sorted (1 % swapped)",
        }
    }
}

/// SplitMix64: a small, fast, seedable generator, so the same seed gives the same input on
/// every machine and in every browser.
#[derive(Debug, Clone)]
pub struct SplitMix64(u64);

impl SplitMix64 {
    pub fn new(seed: u64) -> Self {
        Self(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..bound` (`bound` > 0), by multiply-shift.
    pub fn below(&mut self, bound: usize) -> usize {
        ((u128::from(self.next_u64()) * bound as u128) >> 64) as usize
    }
}

/// Fills `out` with the input for `distribution` and `seed`; the same arguments always give the
/// same values.
pub fn generate_into(out: &mut [u32], distribution: Distribution, seed: u64) {
    let n = out.len();
    let mut rng = SplitMix64::new(seed);
    match distribution {
        Distribution::Uniform => out.iter_mut().for_each(|v| *v = rng.next_u64() as u32),
        Distribution::Sorted => out.iter_mut().enumerate().for_each(|(i, v)| *v = i as u32),
        Distribution::Reversed => out.iter_mut().enumerate().for_each(|(i, v)| *v = (n - 1 - i) as u32),
        Distribution::FewUnique => out.iter_mut().for_each(|v| *v = (rng.next_u64() % 16) as u32),
        Distribution::NearlySorted => {
            out.iter_mut().enumerate().for_each(|(i, v)| *v = i as u32);
            for _ in 0..n / 100 {
                let (a, b) = (rng.below(n), rng.below(n));
                out.swap(a, b);
            }
        }
    }
}

/// The ways to sort, in the order the page shows them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Variant {
    /// `slice::sort_unstable` (pattern-defeating quicksort) on one thread.
    Sequential,
    /// T chunks sorted in parallel, then one k-way merge with a binary heap on one thread.
    ChunksKway,
    /// T chunks sorted in parallel, then pairwise merges in parallel rounds (⌈log2 T⌉ rounds).
    ChunksTree,
    /// Like `ChunksTree`, but every merge is itself split across the threads.
    ChunksSplitMerge,
    /// Like `ChunksSplitMerge`, with each chunk sorted by an LSD radix sort instead of a
    /// comparison sort.
    ChunksRadix,
    /// rayon's `par_sort_unstable`.
    Rayon,
    /// The browser's `TypedArray.prototype.sort`; timed by the page, not here.
    Js,
}

impl Variant {
    pub const ALL: [Variant; 7] = [
        Variant::Sequential,
        Variant::ChunksKway,
        Variant::ChunksTree,
        Variant::ChunksSplitMerge,
        Variant::ChunksRadix,
        Variant::Rayon,
        Variant::Js,
    ];

    /// The variants this crate runs (all but `Js`), parallel ones after `Sequential`.
    pub const NATIVE_PARALLEL: [Variant; 5] =
        [Variant::ChunksKway, Variant::ChunksTree, Variant::ChunksSplitMerge, Variant::ChunksRadix, Variant::Rayon];

    /// The `data-variant` value.
    pub fn name(self) -> &'static str {
        match self {
            Variant::Sequential => "sequential",
            Variant::ChunksKway => "chunks+kway",
            Variant::ChunksTree => "chunks+tree",
            Variant::ChunksSplitMerge => "chunks+split-merge",
            Variant::ChunksRadix => "chunks+radix",
            Variant::Rayon => "rayon",
            Variant::Js => "js",
        }
    }
}

/// What a thread was doing during a [`Span`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    /// The whole sort in one call (sequential, rayon).
    Sort,
    ChunkSort,
    /// The single-threaded k-way merge.
    KwayMerge,
    /// Merge round `r` (from 1) of the tree.
    MergeRound(u32),
}

/// One stretch of work by one thread, in milliseconds since the variant began.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Span {
    pub thread: usize,
    pub phase: Phase,
    pub began_ms: f64,
    pub ended_ms: f64,
}

/// The array, sampled at [`STRIP_SAMPLES`] evenly spaced places, at one moment of a sort.
#[derive(Debug, Clone, PartialEq)]
pub struct Strip {
    pub label: String,
    pub samples: Vec<u32>,
}

/// Evenly spaced samples of `data` (all of it when shorter than `count`).
pub fn sample(data: &[u32], count: usize) -> Vec<u32> {
    if data.len() <= count {
        return data.to_vec();
    }
    // In u64: on wasm32 `i * len` overflows usize from about 7 M elements on.
    (0..count).map(|i| data[(i as u64 * data.len() as u64 / count as u64) as usize]).collect()
}

/// `n` split into `parts` contiguous ranges whose lengths differ by at most one.
pub fn chunk_bounds(n: usize, parts: NonZeroUsize) -> Vec<Range<usize>> {
    let parts = parts.get() as u64;
    let cut = |p: u64| (p * n as u64 / parts) as usize;
    (0..parts).map(|p| cut(p)..cut(p + 1)).collect()
}

/// Merges sorted `a` and `b` into `out` (`a.len() + b.len()` long); on ties `a` goes first.
pub fn merge_two(a: &[u32], b: &[u32], out: &mut [u32]) {
    debug_assert_eq!(a.len() + b.len(), out.len());
    let (mut i, mut j) = (0, 0);
    let mut slots = out.iter_mut();
    while i < a.len() && j < b.len() {
        let (x, y) = (a[i], b[j]);
        let take_a = x <= y;
        if let Some(slot) = slots.next() {
            *slot = if take_a { x } else { y };
        }
        i += usize::from(take_a);
        j += usize::from(!take_a);
    }
    let rest = slots.into_slice();
    let tail = if i < a.len() { &a[i..] } else { &b[j..] };
    rest.copy_from_slice(tail);
}

/// How many of the first `k` elements of the merge of `a` and `b` come from `a` (ties to `a`,
/// as in [`merge_two`]): binary search on the split point, O(log n).
pub fn co_rank(k: usize, a: &[u32], b: &[u32]) -> usize {
    let (mut low, mut high) = (k.saturating_sub(b.len()), k.min(a.len()));
    while low < high {
        let i = low + (high - low) / 2;
        let j = k - i;
        if j > 0 && a[i] <= b[j - 1] { low = i + 1 } else { high = i }
    }
    low
}

/// Splits the merge of `a` and `b` into `pieces` independent merges of equal output length:
/// (range of `a`, range of `b`, range of the output) each.
pub fn split_merge(a: &[u32], b: &[u32], pieces: NonZeroUsize) -> Vec<(Range<usize>, Range<usize>, Range<usize>)> {
    let total = a.len() + b.len();
    let pieces = pieces.get();
    let cut = |p: usize| {
        let k = (p as u64 * total as u64 / pieces as u64) as usize;
        let i = co_rank(k, a, b);
        (k, i, k - i)
    };
    (0..pieces)
        .map(|p| {
            let ((k0, i0, j0), (k1, i1, j1)) = (cut(p), cut(p + 1));
            (i0..i1, j0..j1, k0..k1)
        })
        .collect()
}

/// Merges the sorted `runs` into `out` with a binary heap of run heads: O(n log k), one thread.
/// This is `heapq.merge(*runs)`.
pub fn kway_heap_merge(runs: &[&[u32]], out: &mut [u32]) {
    debug_assert_eq!(runs.iter().map(|r| r.len()).sum::<usize>(), out.len());
    let mut next = vec![0usize; runs.len()];
    let mut heap: BinaryHeap<Reverse<(u32, usize)>> =
        runs.iter().enumerate().filter_map(|(r, run)| run.first().map(|&v| Reverse((v, r)))).collect();
    for slot in out.iter_mut() {
        let Some(mut top) = heap.peek_mut() else { break };
        let Reverse((value, run)) = *top;
        *slot = value;
        next[run] += 1;
        match runs[run].get(next[run]) {
            Some(&following) => *top = Reverse((following, run)),
            None => {
                PeekMut::pop(top);
            }
        }
    }
}

/// Sorts `data` by its bytes, least significant first: one pass to count all four digits, then
/// one stable scatter per digit, alternating between `data` and `buffer` (as long as `data`).
/// O(n) with no comparisons; a digit every value shares is skipped. The result ends in `data`.
pub fn radix_sort(data: &mut [u32], buffer: &mut [u32]) {
    debug_assert_eq!(data.len(), buffer.len());
    let mut counts = [[0usize; 256]; 4];
    for &value in data.iter() {
        for (digit, count) in counts.iter_mut().enumerate() {
            count[((value >> (8 * digit)) & 0xFF) as usize] += 1;
        }
    }
    let mut in_buffer = false;
    for (digit, count) in counts.iter().enumerate() {
        if count.contains(&data.len()) {
            continue;
        }
        let mut next = [0usize; 256];
        let mut sum = 0;
        for (slot, &c) in next.iter_mut().zip(count) {
            *slot = sum;
            sum += c;
        }
        let (source, target): (&[u32], &mut [u32]) = if in_buffer { (buffer, data) } else { (data, buffer) };
        for &value in source {
            let bucket = ((value >> (8 * digit)) & 0xFF) as usize;
            target[next[bucket]] = value;
            next[bucket] += 1;
        }
        in_buffer = !in_buffer;
    }
    if in_buffer {
        data.copy_from_slice(buffer);
    }
}

/// Records spans and strips for one run of one variant.
struct Recorder<'a> {
    clock: &'a dyn Clock,
    origin: f64,
    spans: Mutex<Vec<Span>>,
    strips: Vec<Strip>,
}

impl<'a> Recorder<'a> {
    fn new(clock: &'a dyn Clock) -> Self {
        Self { clock, origin: clock.now_ms(), spans: Mutex::new(Vec::new()), strips: Vec::new() }
    }

    /// Runs `work`, recording it as a span of `phase` on the calling thread.
    fn span<R>(&self, phase: Phase, work: impl FnOnce() -> R) -> R {
        let began_ms = self.clock.now_ms() - self.origin;
        let result = work();
        let ended_ms = self.clock.now_ms() - self.origin;
        let thread = rayon::current_thread_index().unwrap_or(0);
        self.spans.lock().unwrap_or_else(PoisonError::into_inner).push(Span { thread, phase, began_ms, ended_ms });
        result
    }

    fn strip(&mut self, label: impl Into<String>, data: &[u32]) {
        self.strips.push(Strip { label: label.into(), samples: sample(data, STRIP_SAMPLES) });
    }

    fn finish(self) -> (Vec<Span>, Vec<Strip>) {
        let mut spans = self.spans.into_inner().unwrap_or_else(PoisonError::into_inner);
        spans.sort_by(|a, b| a.began_ms.total_cmp(&b.began_ms));
        (spans, self.strips)
    }
}

/// How each chunk is sorted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ChunkSorter {
    /// `slice::sort_unstable`.
    Comparison,
    /// [`radix_sort`], with the chunk's stretch of the scratch buffer.
    Radix,
}

/// Sorts the `bounds` chunks of `data`, one job each, in parallel.
fn sort_chunks(
    data: &mut [u32],
    scratch: &mut [u32],
    bounds: &[Range<usize>],
    sorter: ChunkSorter,
    recorder: &Recorder,
) {
    let mut jobs = Vec::with_capacity(bounds.len());
    let (mut rest, mut rest_scratch) = (data, scratch);
    for range in bounds {
        let (chunk, tail) = rest.split_at_mut(range.len());
        let (chunk_scratch, scratch_tail) = rest_scratch.split_at_mut(range.len());
        jobs.push((chunk, chunk_scratch));
        (rest, rest_scratch) = (tail, scratch_tail);
    }
    rayon::scope(|scope| {
        for (chunk, chunk_scratch) in jobs {
            scope.spawn(move |_| {
                recorder.span(Phase::ChunkSort, || match sorter {
                    ChunkSorter::Comparison => chunk.sort_unstable(),
                    ChunkSorter::Radix => radix_sort(chunk, chunk_scratch),
                })
            });
        }
    });
}

/// Where a variant left its sorted result.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ResultIn {
    Data,
    Scratch,
}

/// Sorts `data` with `variant` on `threads` threads (`scratch` as long as `data`, used by the
/// merging variants). Returns where the result is, with the spans and strips it recorded.
/// `Js` is not run here: it returns `None`.
pub fn sort_with(
    variant: Variant,
    data: &mut [u32],
    scratch: &mut [u32],
    threads: NonZeroUsize,
    clock: &dyn Clock,
) -> Option<(ResultIn, Vec<Span>, Vec<Strip>)> {
    let mut recorder = Recorder::new(clock);
    let result = match variant {
        Variant::Js => return None,
        Variant::Sequential => {
            recorder.span(Phase::Sort, || data.sort_unstable());
            ResultIn::Data
        }
        Variant::Rayon => {
            use rayon::slice::ParallelSliceMut;
            with_threads(threads, || recorder.span(Phase::Sort, || data.par_sort_unstable()));
            ResultIn::Data
        }
        Variant::ChunksKway => with_threads(threads, || {
            let bounds = chunk_bounds(data.len(), threads);
            recorder.strip("input", data);
            sort_chunks(data, scratch, &bounds, ChunkSorter::Comparison, &recorder);
            recorder.strip(format!("after sorting {threads} chunks in parallel"), data);
            let runs: Vec<&[u32]> = bounds.iter().map(|r| &data[r.clone()]).collect();
            recorder.span(Phase::KwayMerge, || kway_heap_merge(&runs, scratch));
            recorder.strip("after the k-way merge (one thread)", scratch);
            ResultIn::Scratch
        }),
        Variant::ChunksTree | Variant::ChunksSplitMerge | Variant::ChunksRadix => with_threads(threads, || {
            let bounds = chunk_bounds(data.len(), threads);
            recorder.strip("input", data);
            let sorter = if variant == Variant::ChunksRadix { ChunkSorter::Radix } else { ChunkSorter::Comparison };
            sort_chunks(data, scratch, &bounds, sorter, &recorder);
            recorder.strip(format!("after sorting {threads} chunks in parallel"), data);
            let split = variant != Variant::ChunksTree;
            tree_merge(data, scratch, bounds, threads, split, &mut recorder)
        }),
    };
    let (spans, strips) = recorder.finish();
    Some((result, spans, strips))
}

/// Pairwise merge rounds until one run is left, alternating between the two buffers. With
/// `split`, each round's merges are cut into pieces so that `threads` jobs share the round.
fn tree_merge(
    data: &mut [u32],
    scratch: &mut [u32],
    mut runs: Vec<Range<usize>>,
    threads: NonZeroUsize,
    split: bool,
    recorder: &mut Recorder,
) -> ResultIn {
    let (mut source, mut target) = (data, scratch);
    let mut in_scratch = false;
    let mut round = 0;
    while runs.len() > 1 {
        round += 1;
        let pairs = runs.len() / 2;
        let pieces = if split {
            NonZeroUsize::new(threads.get() / pairs).unwrap_or(NonZeroUsize::MIN)
        } else {
            NonZeroUsize::MIN
        };
        let merged: Vec<Range<usize>> = runs.chunks(2).map(|pair| pair[0].start..pair[pair.len() - 1].end).collect();
        let recorder_ref: &Recorder = recorder;
        rayon::scope(|scope| {
            let mut rest = &mut target[..];
            for pair in runs.chunks(2) {
                let whole = pair[0].start..pair[pair.len() - 1].end;
                let (out, tail) = rest.split_at_mut(whole.len());
                rest = tail;
                if let [left, right] = pair {
                    let (a, b) = (&source[left.clone()], &source[right.clone()]);
                    let mut out_rest = out;
                    for (ra, rb, ro) in split_merge(a, b, pieces) {
                        let (piece_out, tail) = out_rest.split_at_mut(ro.len());
                        out_rest = tail;
                        let (piece_a, piece_b) = (&a[ra], &b[rb]);
                        scope.spawn(move |_| {
                            recorder_ref.span(Phase::MergeRound(round), || merge_two(piece_a, piece_b, piece_out))
                        });
                    }
                } else {
                    let single = &source[whole];
                    scope.spawn(move |_| recorder_ref.span(Phase::MergeRound(round), || out.copy_from_slice(single)));
                }
            }
        });
        std::mem::swap(&mut source, &mut target);
        in_scratch = !in_scratch;
        runs = merged;
        let label = if runs.len() == 1 {
            format!("after merge round {round}: sorted")
        } else {
            format!("after merge round {round}: {} runs", runs.len())
        };
        recorder.strip(label, source);
    }
    if in_scratch { ResultIn::Scratch } else { ResultIn::Data }
}

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

/// Amdahl's law fitted to a run: `serial_ms` of work no second thread can help with (the k-way
/// merge), and `parallel_ms` of work that splits across threads (the chunk sorts, added up over
/// all threads). On T threads the run takes at least `serial_ms + parallel_ms / T`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct AmdahlModel {
    pub serial_ms: f64,
    pub parallel_ms: f64,
}

impl AmdahlModel {
    /// From the spans of a `chunks+kway` run: `None` if it recorded no merge.
    pub fn of(spans: &[Span]) -> Option<Self> {
        let total =
            |phase: Phase| spans.iter().filter(|s| s.phase == phase).map(|s| s.ended_ms - s.began_ms).sum::<f64>();
        let model = Self { serial_ms: total(Phase::KwayMerge), parallel_ms: total(Phase::ChunkSort) };
        // Too quick for the clock to see: no model rather than a division by zero.
        (model.serial_ms > 0.0 && model.parallel_ms > 0.0).then_some(model)
    }

    /// Amdahl's f: the serial share of the one-thread work.
    pub fn serial_fraction(&self) -> f64 {
        let work = self.serial_ms + self.parallel_ms;
        if work > 0.0 { self.serial_ms / work } else { 0.0 }
    }

    /// The predicted time on `threads` threads.
    pub fn time_ms(&self, threads: usize) -> f64 {
        self.serial_ms + self.parallel_ms / threads.max(1) as f64
    }
}

/// Amdahl's law: the speedup on `threads` threads of work whose serial fraction is `serial`.
pub fn amdahl(serial: f64, threads: usize) -> f64 {
    1.0 / (serial + (1.0 - serial) / threads.max(1) as f64)
}

/// Allocates the buffers and writes every page once, so no timed run pays for fresh memory.
pub fn buffers(n: usize) -> SortBuffers {
    let touched = || {
        let mut buffer = vec![0u32; n];
        buffer.fill(1);
        buffer
    };
    SortBuffers { data: touched(), scratch: touched(), reference: touched() }
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
        self.runs.sort_by(|a, b| a.0.total_cmp(&b.0));
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
