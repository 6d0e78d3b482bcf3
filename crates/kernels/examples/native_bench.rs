//! The native side of the benchmark: the same kernels the page runs, compiled for this machine
//! and run on rayon's default pool. `bench/run.mjs` runs it and puts its numbers beside the
//! browser's. Prints one JSON document.
//!
//! `cargo run --release -p parlab-kernels --example native_bench -- [repeats] [n,n,…] [all|map|sort|custom|metal]`
//!
//! `map` prints only the map's rows and `sort` only the sort's, each as `all` has them. `custom`
//! prints only the reference interpreter's rows (see [`interpreter_rows`]); `all` includes them.
//! `metal` prints only issue 31's figures (see [`metal_json`]), which `all` leaves out: the
//! benchmark runs that mode twice, once built for any x86-64 and once for this CPU.

use std::num::NonZeroUsize;

use parlab_kernels::bandwidth::{self, Bandwidth};
use parlab_kernels::barrier::{self, BarrierConfig};
use parlab_kernels::clock::SystemClock;
use parlab_kernels::control::RunControl;
use parlab_kernels::custom::{PRESETS, Program};
use parlab_kernels::map::{self, ChunkSize, MapConfig, MapReport, Workload};
use parlab_kernels::params::{DemoParams, Limits, PcParams, PipelineParams};
use parlab_kernels::pipeline;
use parlab_kernels::producer_consumer;
use parlab_kernels::race::{self, RaceConfig};
use parlab_kernels::sort_merge::{self, Distribution, SortConfig, Variant};
use parlab_kernels::stats::VariantTiming;

/// The race demo's default n, at the windows the report compares.
const RACE_N: u64 = 10_000_000;
const RACE_WINDOWS: [u32; 2] = [0, 20];
/// The barrier demo's defaults.
const BARRIER_N: usize = barrier::DEFAULT_N;
const BARRIER_STEPS: usize = barrier::DEFAULT_STEPS;
/// The producer–consumer and pipeline pages' pool: a thread per producer and consumer (stage
/// worker), and one more.
const PC_POOL: usize = 17;
/// The reference interpreter is tens of times slower than the kernels: it maps fewer elements.
const INTERPRETER_N: usize = 200_000;

fn timing_json(timing: &VariantTiming) -> String {
    let s = &timing.summary;
    format!(
        r#"{{"threads":{},"median_ms":{:.3},"min_ms":{:.3},"max_ms":{:.3},"runs":{},"correct":{}}}"#,
        timing.threads, s.median_ms, s.min_ms, s.max_ms, s.runs, timing.correct
    )
}

/// One map run on the calling pool thread, as the page runs it.
fn run_map(
    n: usize,
    workload: Workload,
    threads: NonZeroUsize,
    repeats: NonZeroUsize,
    parallel: bool,
    gil_switch_ms: Option<u32>,
) -> MapReport {
    let config =
        MapConfig { n, workload: workload.into(), threads, chunk: ChunkSize::Auto, repeats, parallel, gil_switch_ms };
    map::run_map(&config, &workload, &RunControl::new(config.total_work()), &SystemClock::default())
        .unwrap_or_else(|_| unreachable!("nothing cancels the native benchmark"))
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
    let only = args.next().unwrap_or_else(|| "all".to_owned());
    if only == "custom" {
        println!(r#"{{"custom":[{}]}}"#, interpreter_rows(repeats).join(","));
        return;
    }
    if only == "metal" {
        println!("{}", metal_json(repeats, &sizes));
        return;
    }
    let (with_map, with_sort, with_rest) = match only.as_str() {
        "map" => (true, false, false),
        "sort" => (false, true, false),
        _ => (true, true, true),
    };
    let threads = NonZeroUsize::new(rayon::current_num_threads()).unwrap_or(NonZeroUsize::MIN);
    let clock = SystemClock::default();
    // Run on a pool thread, as the page does.
    let (map_rows, sort_rows, race_rows, barrier_rows) = rayon::scope(|_| {
        let mut map_rows = Vec::new();
        let mut sort_rows = Vec::new();
        for &n in &sizes {
            for workload in Workload::ALL.into_iter().filter(|_| with_map) {
                let report = run_map(n, workload, threads, repeats, true, Some(map::DEFAULT_SWITCH_MS));
                let parallel = report.parallel.as_ref().map_or("null".to_owned(), timing_json);
                let python_threads = report.python_threads.as_ref().map_or("null".to_owned(), timing_json);
                // Thread time spent in chunks: above the sequential time, threads ran slower together.
                let busy_ms: f64 = report.chunks.iter().map(|c| c.ended_ms - c.began_ms).sum();
                map_rows.push(format!(
                    r#"{{"workload":"{}","n":{n},"sequential":{},"parallel":{parallel},"python_threads":{python_threads},"busy_ms":{busy_ms:.3}}}"#,
                    workload.name(),
                    timing_json(&report.sequential)
                ));
            }
            // Every variant with the whole pool, and the parallel ones again on one thread.
            for threads in [threads, NonZeroUsize::MIN].into_iter().filter(|_| with_sort) {
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
        let mut race_rows = Vec::new();
        for window in RACE_WINDOWS.into_iter().filter(|_| with_rest) {
            let config = RaceConfig { n: RACE_N, threads, window, repeats };
            let report = race::run_race(&config, &RunControl::new(config.total_work()), &clock)
                .unwrap_or_else(|_| unreachable!("nothing cancels the native benchmark"));
            for row in &report.rows {
                race_rows.push(format!(
                    r#"{{"variant":"{}","n":{RACE_N},"window":{window},"final":{},"expected":{},"timing":{}}}"#,
                    row.variant.name(),
                    row.last.final_value,
                    row.last.expected,
                    timing_json(&row.timing)
                ));
            }
        }
        let mut barrier_rows = Vec::new();
        if with_rest {
            let config = BarrierConfig { n: BARRIER_N, steps: BARRIER_STEPS, threads, repeats };
            let report = barrier::run_barrier(&config, &RunControl::new(config.total_work()), &clock)
                .unwrap_or_else(|_| unreachable!("nothing cancels the native benchmark"));
            for row in &report.rows {
                barrier_rows.push(format!(
                    r#"{{"variant":"{}","timing":{}}}"#,
                    row.variant.name(),
                    timing_json(&row.timing)
                ));
            }
        }
        (map_rows, sort_rows, race_rows, barrier_rows)
    });
    // The page's defaults, on a pool as large as the page's.
    let pc_rows = if with_rest { producer_consumer_rows(&clock) } else { Vec::new() };
    let pipeline_rows = if with_rest { pipeline_rows(&clock) } else { Vec::new() };
    let custom_rows = if with_rest { interpreter_rows(repeats) } else { Vec::new() };
    println!(
        r#"{{"pool_threads":{threads},"repeats":{repeats},"map":[{}],"sort":[{}],"race":[{}],"barrier":[{}],"producer_consumer":[{}],"pipeline":[{}],"custom":[{}]}}"#,
        map_rows.join(","),
        sort_rows.join(","),
        race_rows.join(","),
        barrier_rows.join(","),
        pc_rows.join(","),
        pipeline_rows.join(","),
        custom_rows.join(",")
    );
}

/// The presets `square` and `collatz` run by the reference interpreter, sequentially, at
/// [`INTERPRETER_N`] elements, beside the built-in kernel at the same n: what compiling f buys.
fn interpreter_rows(repeats: NonZeroUsize) -> Vec<String> {
    let clock = SystemClock::default();
    [("square", Workload::Square), ("collatz", Workload::Collatz)]
        .into_iter()
        .map(|(name, workload)| {
            let source =
                PRESETS.iter().find(|preset| preset.name == name).unwrap_or_else(|| panic!("no preset {name}")).source;
            let program = Program::parse(source).unwrap_or_else(|e| panic!("the preset {name}: {e}"));
            let config = MapConfig {
                n: INTERPRETER_N,
                workload: workload.into(),
                threads: NonZeroUsize::MIN,
                chunk: ChunkSize::Auto,
                repeats,
                parallel: false,
                gil_switch_ms: None,
            };
            let sequential = |f: &dyn map::ElementFn| {
                map::run_map(&config, f, &RunControl::new(config.total_work()), &clock)
                    .unwrap_or_else(|_| panic!("the native {name} run stopped"))
            };
            let interpreted = sequential(&program);
            let built_in = sequential(&workload);
            format!(
                r#"{{"preset":"{name}","n":{INTERPRETER_N},"interpreter":{},"built_in":{},"same_output":{}}}"#,
                timing_json(&interpreted.sequential),
                timing_json(&built_in.sequential),
                interpreted.output_digest == built_in.output_digest
            )
        })
        .collect()
}

/// The pipeline page's default run (its own three repeats), on a pool as large as the page's.
fn pipeline_rows(clock: &SystemClock) -> Vec<String> {
    let params = PipelineParams::defaults(&Limits::largest());
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(PC_POOL)
        .build()
        .unwrap_or_else(|e| panic!("a pool of {PC_POOL} threads: {e}"));
    let report = pool
        .install(|| pipeline::run_pipeline(&params, true, &RunControl::default(), clock))
        .unwrap_or_else(|_| panic!("the native pipeline run was cancelled"));
    let row = |variant: &str, timing: &VariantTiming| {
        format!(r#"{{"variant":"{variant}","timing":{}}}"#, timing_json(timing))
    };
    std::iter::once(row("sequential", &report.sequential))
        .chain(report.pipeline.as_ref().map(|t| row("pipeline", t)))
        .chain(report.data_parallel.as_ref().map(|t| row("data-parallel", t)))
        .collect()
}

/// The producer–consumer page's default run, `repeats` times, as rows of items per second.
fn producer_consumer_rows(clock: &SystemClock) -> Vec<String> {
    let params = PcParams::defaults(&Limits::largest());
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(PC_POOL)
        .build()
        .unwrap_or_else(|e| panic!("a pool of {PC_POOL} threads: {e}"));
    let report = pool
        .install(|| producer_consumer::run_pc(&params, &RunControl::default(), clock))
        .unwrap_or_else(|e| panic!("the native producer–consumer run: {e}"));
    let items = params.total_items() as f64;
    let row = |variant: &str, timing: &VariantTiming| {
        format!(
            r#"{{"variant":"{variant}","items_per_s":{:.0},"timing":{}}}"#,
            items * 1000.0 / timing.summary.median_ms.max(1e-9),
            timing_json(timing)
        )
    };
    std::iter::once(row("sequential", &report.sequential))
        .chain(report.parallel.as_ref().map(|t| row("parallel", t)))
        .collect()
}

/// Close to the metal (issue 31), on a pool thread as the page runs it: each map workload's
/// sequential and k-thread rows (square's also as GB/s moved); `sort_unstable` and the radix sort
/// (`chunks+radix` on one thread: one chunk, no merge) on one thread, on the sort rows' input;
/// STREAM's copy and triad on one thread and on the whole pool; and the cost of one plain store,
/// one atomic store and one atomic add.
/// Square on one thread at sizes whose data sits in a core's own cache (1.2 MB, 12 MB with the
/// 2 MB of L2 not holding all of it): beside the bench sizes, they show whether a one-thread gap
/// is the loop's code or the memory's. The bench's page side uses the same sizes and repeats.
const SQUARE_LADDER: [usize; 2] = [100_000, 1_000_000];
const LADDER_REPEATS: NonZeroUsize = NonZeroUsize::new(25).expect("25 is not zero");

fn metal_json(repeats: NonZeroUsize, sizes: &[usize]) -> String {
    let threads = NonZeroUsize::new(rayon::current_num_threads()).unwrap_or(NonZeroUsize::MIN);
    let clock = SystemClock::default();
    let control = RunControl::default();
    rayon::scope(|_| {
        let mut map_rows = Vec::new();
        let mut sort_rows = Vec::new();
        for &n in sizes {
            for workload in Workload::ALL {
                let report = run_map(n, workload, threads, repeats, true, None);
                let parallel = report.parallel.as_ref().unwrap_or_else(|| unreachable!("parallel is asked for"));
                let gbs = |timing: &VariantTiming| bandwidth::square_gbs(n, timing.summary.median_ms);
                let square = if workload == Workload::Square {
                    format!(r#","sequential_gbs":{:.3},"parallel_gbs":{:.3}"#, gbs(&report.sequential), gbs(parallel))
                } else {
                    String::new()
                };
                map_rows.push(format!(
                    r#"{{"workload":"{}","n":{n},"sequential":{},"parallel":{}{square}}}"#,
                    workload.name(),
                    timing_json(&report.sequential),
                    timing_json(parallel)
                ));
            }
            let config = SortConfig {
                n,
                distribution: Distribution::Uniform,
                seed: 42,
                threads: NonZeroUsize::MIN,
                repeats,
                parallel: false,
            };
            let mut buffers = sort_merge::buffers(n);
            // Sequential first: its first run is the reference the radix sort is checked against.
            for variant in [Variant::Sequential, Variant::ChunksRadix] {
                let report =
                    sort_merge::time_variant(variant, &config, NonZeroUsize::MIN, &mut buffers, &control, &clock)
                        .unwrap_or_else(|_| unreachable!("nothing cancels the native benchmark"));
                sort_rows.push(format!(
                    r#"{{"variant":"{}","n":{n},"timing":{}}}"#,
                    variant.name(),
                    timing_json(&report.timing)
                ));
            }
        }
        let square_ladder: Vec<String> = SQUARE_LADDER
            .iter()
            .map(|&n| {
                let report = run_map(n, Workload::Square, threads, LADDER_REPEATS, false, None);
                format!(r#"{{"n":{n},"sequential":{}}}"#, timing_json(&report.sequential))
            })
            .collect();
        let bus: Vec<String> = [NonZeroUsize::MIN, threads]
            .into_iter()
            .map(|k| {
                let Bandwidth { threads, copy_gbs, triad_gbs } =
                    bandwidth::measure(k, bandwidth::STREAM_LEN, &control, &clock)
                        .unwrap_or_else(|_| unreachable!("nothing cancels the native benchmark"));
                format!(r#"{{"threads":{threads},"copy_gbs":{copy_gbs:.3},"triad_gbs":{triad_gbs:.3}}}"#)
            })
            .collect();
        let stores = race::measure_store_costs(&control, &clock)
            .unwrap_or_else(|_| unreachable!("nothing cancels the native benchmark"));
        format!(
            r#"{{"pool_threads":{threads},"repeats":{repeats},"map":[{}],"sort":[{}],"square_ladder":[{}],"bandwidth":[{}],"store_costs":{{"plain_ns":{:.3},"atomic_store_ns":{:.3},"atomic_add_ns":{:.3}}}}}"#,
            map_rows.join(","),
            sort_rows.join(","),
            square_ladder.join(","),
            bus.join(","),
            stores.plain_ns,
            stores.atomic_store_ns,
            stores.atomic_add_ns
        )
    })
}
