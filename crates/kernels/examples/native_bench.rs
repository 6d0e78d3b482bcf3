//! The native side of the benchmark: the same kernels the page runs, compiled for this machine
//! and run on rayon's default pool. `bench/run.mjs` runs it and puts its numbers beside the
//! browser's. Prints one JSON document.
//!
//! `cargo run --release -p parlab-kernels --example native_bench -- [repeats] [n,n,…]`

use std::num::NonZeroUsize;

use parlab_kernels::clock::SystemClock;
use parlab_kernels::control::RunControl;
use parlab_kernels::map::{self, ChunkSize, MapConfig, Workload};
use parlab_kernels::sort_merge::{self, Distribution, SortConfig};
use parlab_kernels::stats::VariantTiming;

fn timing_json(timing: &VariantTiming) -> String {
    let s = &timing.summary;
    format!(
        r#"{{"threads":{},"median_ms":{:.3},"min_ms":{:.3},"max_ms":{:.3},"runs":{},"correct":{}}}"#,
        timing.threads, s.median_ms, s.min_ms, s.max_ms, s.runs, timing.correct
    )
}

fn main() {
    let mut args = std::env::args().skip(1);
    let repeats = args.next().and_then(|r| r.parse().ok()).and_then(NonZeroUsize::new).unwrap_or(NonZeroUsize::MIN);
    let sizes: Vec<usize> = args
        .next()
        .unwrap_or_else(|| "1000000,10000000".to_owned())
        .split(',')
        .filter_map(|n| n.trim().parse().ok())
        .collect();
    let threads = NonZeroUsize::new(rayon::current_num_threads()).unwrap_or(NonZeroUsize::MIN);
    let clock = SystemClock::default();
    // Run on a pool thread, as the page does.
    let (map_rows, sort_rows) = rayon::scope(|_| {
        let mut map_rows = Vec::new();
        let mut sort_rows = Vec::new();
        for &n in &sizes {
            for workload in Workload::ALL {
                let config = MapConfig { n, workload, threads, chunk: ChunkSize::Auto, repeats, parallel: true };
                let report = map::run_map(&config, &RunControl::new(config.total_work()), &clock)
                    .unwrap_or_else(|_| unreachable!("nothing cancels the native benchmark"));
                let parallel = report.parallel.as_ref().map_or("null".to_owned(), timing_json);
                // Thread time spent in chunks: above the sequential time, threads ran slower together.
                let busy_ms: f64 = report.chunks.iter().map(|c| c.ended_ms - c.began_ms).sum();
                map_rows.push(format!(
                    r#"{{"workload":"{}","n":{n},"sequential":{},"parallel":{parallel},"busy_ms":{busy_ms:.3}}}"#,
                    workload.name(),
                    timing_json(&report.sequential)
                ));
            }
            // Every variant with the whole pool, and the parallel ones again on one thread.
            for threads in [threads, NonZeroUsize::MIN] {
                let config =
                    SortConfig { n, distribution: Distribution::Uniform, seed: 42, threads, repeats, parallel: true };
                let mut buffers = sort_merge::buffers(n);
                let report = sort_merge::run_sort(&config, &mut buffers, &RunControl::new(config.total_work()), &clock)
                    .unwrap_or_else(|_| unreachable!("nothing cancels the native benchmark"));
                for variant in &report.variants {
                    sort_rows.push(format!(
                        r#"{{"variant":"{}","n":{n},"threads":{},"timing":{}}}"#,
                        variant.variant.name(),
                        config.threads,
                        timing_json(&variant.timing)
                    ));
                }
            }
        }
        (map_rows, sort_rows)
    });
    println!(
        r#"{{"pool_threads":{threads},"repeats":{repeats},"map":[{}],"sort":[{}]}}"#,
        map_rows.join(","),
        sort_rows.join(",")
    );
}
