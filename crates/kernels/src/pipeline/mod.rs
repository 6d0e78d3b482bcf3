//! The pipeline demo, the assembly line: generate → transform → filter → sum, each stage on its
//! own worker threads, joined by bounded channels. Task decomposition (each thread does one
//! stage) against data decomposition (each thread does every stage on its share): the
//! pipeline's throughput is set by its slowest stage, and giving that stage more workers moves
//! the bottleneck.

mod channel;
mod experiment;
mod params;

pub use channel::{Channel, Message};
pub use experiment::*;
pub use params::{PipelineParams, Workers};

use crate::map::collatz_steps;
use crate::rng::SplitMix64;

/// The stages, in order.
pub const STAGES: [&str; 4] = ["generate", "transform", "filter", "sum"];

/// Items per message: a channel carries batches, so handing over costs little per item.
pub const BATCH: usize = 256;

/// Most workers in one stage, and in all (the page's pool has one more, for the driver).
pub const MAX_STAGE_WORKERS: usize = 8;
pub const MAX_WORKERS: usize = 16;

/// Largest `n` (items): a few seconds of work on one thread.
pub const MAX_N: usize = 20_000_000;

/// Largest channel capacity, in batches.
pub const MAX_CAPACITY: usize = 1024;

/// Generate: item `i`'s number, 1 … 2²⁰, from a seeded hash (varied, reproducible).
#[inline]
pub fn generate(i: usize) -> u32 {
    (SplitMix64::new(i as u64).next_u64() % (1 << 20)) as u32 + 1
}

/// Transform, the CPU-heavy stage: the number's Collatz steps (about 100 on average).
#[inline]
pub fn transform(x: u32) -> u64 {
    collatz_steps(x)
}

/// Filter: keep the values that are prime, by trial division.
#[inline]
pub fn keep(value: u64) -> bool {
    if value < 2 {
        return false;
    }
    let mut d = 2;
    while d * d <= value {
        if value.is_multiple_of(d) {
            return false;
        }
        d += 1;
    }
    true
}

/// The whole line on one item: what the sum stage adds (0 when filtered out).
#[inline]
pub fn through_every_stage(i: usize) -> u64 {
    let value = transform(generate(i));
    if keep(value) { value } else { 0 }
}

// The stages' loops over a batch: the timed work. Never inlined, so they keep opt-level 3 while
// the code around them (channels, lanes, orchestration) is optimised for size.

/// Generate the items of batch `batch` of `n`.
#[inline(never)]
pub fn generate_batch(batch: usize, n: usize) -> Vec<u64> {
    (batch * BATCH..n.min((batch + 1) * BATCH)).map(|i| u64::from(generate(i))).collect()
}

#[inline(never)]
pub fn transform_batch(items: &mut [u64]) {
    items.iter_mut().for_each(|x| *x = transform(*x as u32));
}

#[inline(never)]
pub fn filter_batch(items: &mut Vec<u64>) {
    items.retain(|&value| keep(value));
}

/// The sum of batch `batch` of `n`, through every stage: the sequential and data-parallel rows.
#[inline(never)]
pub fn batch_sum(batch: usize, n: usize) -> u64 {
    (batch * BATCH..n.min((batch + 1) * BATCH)).map(through_every_stage).fold(0, u64::wrapping_add)
}
