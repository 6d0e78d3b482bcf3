//! The pure core of parlab: the parallel-programming exercises, their instrumentation and the
//! validation of their parameters.
//!
//! Nothing here knows about the web. Kernels take a [`control::RunControl`] (cancel flag and
//! progress counter, both atomics that the page reads from another thread) and a
//! [`clock::Clock`] (so the same code is timed with `performance.now()` in the browser and with
//! `Instant` natively). Parallel variants use rayon's *global* pool, which in the browser is the
//! Web Worker pool that wasm-bindgen-rayon starts.

pub mod bandwidth;
pub mod barrier;
pub mod clock;
pub mod control;
pub mod cpu_scheduling;
pub mod custom;
pub mod io;
pub mod levels;
pub mod map;
pub mod ordering;
pub mod parallelism;
pub mod params;
pub mod philosophers;
pub mod pipeline;
pub mod producer_consumer;
pub mod quality;
pub mod race;
pub mod rng;
pub mod scaling;
pub mod schedule;
pub mod sort_merge;
pub mod stats;
pub mod taskgraph;
pub mod threads;
pub mod verdict;
