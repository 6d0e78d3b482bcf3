//! The map demo: the seeds' `map(f, inputs)` against `Pool.map(f, inputs, chunksize)`.
//!
//! The parallel version is Pool.map's own scheme with real threads: the input is cut into
//! chunks, and exactly `k` workers take the next chunk from a shared queue until none is left.
//! Each chunk is recorded with the thread that processed it, so the page can draw who did what.

mod experiment;
mod function;
pub mod lanes;
mod message_passing;
mod params;
mod python_threads;
mod sweep;
mod verdict;

pub use experiment::*;
use function::FirstStop;
pub use function::{ElementFn, MapFunction, MapStop, check_by_interpreter, prepare_every_thread};
pub use message_passing::{MessagePassingCheck, Returned, Trip, copy_and_compute_ms};
pub use params::MapParams;
pub use python_threads::{DEFAULT_SWITCH_MS, Gil, MAX_SWITCH_MS, map_python_threads};
pub use sweep::*;
pub use verdict::{BUS_FULL, ChunkSummary, Evidence, TINY_CHUNK_MS, verdict, verdict_of, worth_the_pool};

use std::num::NonZeroUsize;
use std::sync::{Mutex, PoisonError};

use crate::clock::Clock;
use crate::control::RunControl;

/// Elements processed between two looks at the cancel flag and two progress updates: small
/// enough for a cancel to land within milliseconds, large enough to cost nothing measurable.
pub const BLOCK: usize = 4096;

/// The course's own figures for its MapCompare (10 M items, sequential `map` against
/// `Pool.map`, Python on the course's machine), as the course states them: shown beside a run,
/// never computed from it.
pub struct CourseFigures {
    pub n: usize,
    pub sequential_ms: f64,
    pub pool_map_ms: f64,
}

pub const COURSE_MAP_COMPARE: CourseFigures =
    CourseFigures { n: 10_000_000, sequential_ms: 3983.71, pool_map_ms: 2615.993 };

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

/// Columns of the matvec workload's matrix: A is n × 64, x has 64 entries, y has n.
pub const MATVEC_COLS: u32 = 64;

/// The function mapped over the inputs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Workload {
    /// `x²`: one multiply per 12 bytes moved, so memory bandwidth, not cores, sets the pace.
    Square,
    /// Steps of the Collatz sequence from `x` down to 1: hundreds of dependent operations per
    /// element and uneven cost from one element to the next, so cores set the pace.
    Collatz,
    /// Row `x` of `y = A·x`: the course's matrix–vector product by row blocks, each row a
    /// dot product of [`MATVEC_COLS`] entries. The entries are computed from their indices
    /// ([`matrix_entry`]), so an n-row matrix takes no memory: the cores set the pace.
    Matvec,
}

impl Workload {
    pub const ALL: [Workload; 3] = [Workload::Square, Workload::Collatz, Workload::Matvec];

    /// The URL and form value.
    pub fn name(self) -> &'static str {
        match self {
            Workload::Square => "square",
            Workload::Collatz => "collatz",
            Workload::Matvec => "matvec",
        }
    }

    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|w| w.name() == name)
    }

    pub fn description(self) -> &'static str {
        match self {
            Workload::Square => "square — x², memory-bound (the course's own)",
            Workload::Collatz => "collatz — Collatz steps of x, compute-bound",
            Workload::Matvec => "matvec — y = A·x by rows, A is n × 64",
        }
    }

    /// The function itself, on one element.
    pub fn apply(self, x: u32) -> u64 {
        match self {
            Workload::Square => square(x),
            Workload::Collatz => collatz_steps(x),
            Workload::Matvec => matvec_row(x),
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

/// `A[i][j] = (31·i + 17·j) mod 10`: a matrix that any language rebuilds from two indices.
pub fn matrix_entry(i: u32, j: u32) -> u64 {
    (31 * u64::from(i) + 17 * u64::from(j)) % 10
}

/// `y[i]`: row `i` of A times `x`, where `x[j] = j + 1`.
pub fn matvec_row(i: u32) -> u64 {
    (0..MATVEC_COLS).map(|j| matrix_entry(i, j) * u64::from(j + 1)).sum()
}

/// The seeds' input: `list(range(n))`.
pub fn inputs(n: usize) -> Vec<u32> {
    (0..n).map(|i| i as u32).collect()
}

/// `output[i] = workload(input[i])`, with the workload chosen once outside the loop.
pub fn map_into(workload: Workload, input: &[u32], output: &mut [u64]) {
    match workload {
        Workload::Square => lanes::square_into(input, output),
        Workload::Collatz => output.iter_mut().zip(input).for_each(|(o, &x)| *o = collatz_steps(x)),
        Workload::Matvec => lanes::matvec_into(input, output),
    }
}

/// `f.map_into` a block at a time, checking the cancel flag and counting progress between blocks.
///
/// Never inlined, and every variant's hot loop goes through it: a browser optimises a wasm
/// function only after it has run for a while, and the optimised code serves only the *next*
/// call. The warm-up calls this very function several times, so timed runs get optimised code.
#[inline(never)]
pub fn map_blocks(f: &dyn ElementFn, input: &[u32], output: &mut [u64], control: &RunControl) -> Result<(), MapStop> {
    for (src, dst) in input.chunks(BLOCK).zip(output.chunks_mut(BLOCK)) {
        control.check()?;
        f.map_into(src, dst)?;
        control.advance(src.len() as u64);
    }
    Ok(())
}

/// The reference: one thread, no rayon, Python's `list(map(f, inputs))`.
pub fn map_sequential(f: &dyn ElementFn, input: &[u32], control: &RunControl) -> Result<Vec<u64>, MapStop> {
    // Not `vec![0; n]`, for the reason in `Buffers::new`.
    let mut output = vec![1; input.len()];
    map_blocks(f, input, &mut output, control)?;
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

impl ChunkRecord {
    pub fn span(&self) -> Span {
        Span { thread: self.thread, began_ms: self.began_ms, ended_ms: self.ended_ms }
    }
}

/// A stretch of time one thread was busy, in ms since the run began.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Span {
    /// rayon's index of the pool thread.
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
    f: &dyn ElementFn,
    input: &[u32],
    output: &mut [u64],
    threads: NonZeroUsize,
    chunk_len: NonZeroUsize,
    control: &RunControl,
    clock: &dyn Clock,
) -> Result<Vec<ChunkRecord>, MapStop> {
    assert_eq!(input.len(), output.len(), "map_parallel needs an output as long as its input");
    let chunk_len = chunk_len.get();
    let origin = clock.now_ms();
    let queue = Mutex::new(input.chunks(chunk_len).zip(output.chunks_mut(chunk_len)).enumerate());
    let records = Mutex::new(Vec::with_capacity(input.len().div_ceil(chunk_len)));
    let stopped = FirstStop::default();

    let worker = |_: usize| {
        let thread = rayon::current_thread_index().unwrap_or(usize::MAX);
        let mut mine = Vec::new();
        loop {
            let next = queue.lock().unwrap_or_else(PoisonError::into_inner).next();
            let Some((index, (src, dst))) = next else { break };
            let began_ms = clock.now_ms() - origin;
            if let Err(stop) = map_blocks(f, src, dst, control) {
                stopped.record(stop, control);
                break;
            }
            let ended_ms = clock.now_ms() - origin;
            mine.push(ChunkRecord { index, start: index * chunk_len, len: src.len(), thread, began_ms, ended_ms });
        }
        records.lock().unwrap_or_else(PoisonError::into_inner).extend(mine);
    };
    crate::threads::on_k_loops(threads.get(), worker);

    stopped.into_result()?;
    let mut chunks = records.into_inner().unwrap_or_else(PoisonError::into_inner);
    crate::ordering::sort_by_u64_key(&mut chunks, |c| c.index as u64);
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
