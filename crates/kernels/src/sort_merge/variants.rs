//! How each variant runs one sort on its threads, recording what every thread did.

use std::num::NonZeroUsize;
use std::ops::Range;
use std::sync::{Mutex, PoisonError};

use super::*;
use crate::clock::Clock;
use crate::threads::with_threads;

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
        crate::ordering::sort_by_u64_key(&mut spans, |span| crate::ordering::f64_key(span.began_ms));
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
