//! The sort-merge demo: the seeds' "sort T chunks in threads, then merge" against the
//! standard library's sort and rayon's.
//!
//! The lesson is Amdahl's: `chunks+kway` sorts in parallel but merges on one thread, so the merge
//! caps its speedup; `chunks+tree` merges pairs in parallel rounds (the seeds' `Pool.starmap`),
//! but its last round is one merge on one thread; `chunks+split-merge` splits every merge across
//! the threads by binary search on the split points, so no step is serial; `chunks+radix` is
//! that with each chunk radix-sorted instead of compared, parlab's fastest.

mod algorithms;
mod amdahl;
mod experiment;
mod input;
mod params;
mod variants;

pub use algorithms::*;
pub use amdahl::*;
pub use experiment::*;
pub use input::*;
pub use params::SortParams;
pub use variants::*;

/// Largest accepted `n`: the run holds the input being sorted, a merge buffer and the reference
/// result, [`BYTES_PER_ELEMENT`] bytes an element: 1.2 GB at 100 M, inside the 2 GiB memory.
pub const MAX_N: usize = 100_000_000;

/// Three `u32` buffers: the array being sorted, the merge output, the reference.
pub const BYTES_PER_ELEMENT: usize = 3 * 4;

/// Untimed warm-up size per variant (the first run of fresh wasm code is slower).
pub const WARMUP_ELEMENTS: usize = 1_000_000;

/// Samples per value strip: finer than any screen draws it.
pub const STRIP_SAMPLES: usize = 600;

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
