//! The schedule demo's kernel: every scheduler runs every task exactly once on at most k
//! threads, block and cyclic assign as defined, the default Mandelbrot view leaves block
//! lopsided, the lower bound, the sweep's chunks, the parameters, and whole runs checked and
//! cancelled.

use std::num::NonZeroUsize;
use std::sync::atomic::{AtomicU16, AtomicUsize, Ordering};
use std::sync::{Mutex, PoisonError};

use parlab_kernels::barrier::share;
use parlab_kernels::clock::SystemClock;
use parlab_kernels::control::{Cancelled, RunControl};
use parlab_kernels::params::{DemoParams, parse_params};
use parlab_kernels::schedule::*;
use proptest::prelude::*;

fn nz(value: usize) -> NonZeroUsize {
    NonZeroUsize::new(value).unwrap()
}

fn pool(threads: usize) -> rayon::ThreadPool {
    rayon::ThreadPoolBuilder::new().num_threads(threads).build().unwrap()
}

/// Which thread ran each task, and how many times each task ran.
fn assignment(
    pool: &rayon::ThreadPool,
    variant: Variant,
    n: usize,
    k: usize,
    chunk: usize,
) -> (Vec<usize>, Vec<usize>) {
    let runs: Vec<AtomicUsize> = (0..n).map(|_| AtomicUsize::new(0)).collect();
    let owner: Vec<AtomicUsize> = (0..n).map(|_| AtomicUsize::new(usize::MAX)).collect();
    pool.install(|| {
        schedule(variant, n, k, chunk, &RunControl::new(0), &|thread, i| {
            runs[i].fetch_add(1, Ordering::Relaxed);
            owner[i].store(thread, Ordering::Relaxed);
        })
    })
    .unwrap();
    (owner.into_iter().map(AtomicUsize::into_inner).collect(), runs.into_iter().map(AtomicUsize::into_inner).collect())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]
    #[test]
    fn every_scheduler_runs_every_task_exactly_once(n in 0usize..300, k in 1usize..9, chunk in 1usize..400) {
        let pool = pool(4);
        for variant in Variant::ALL {
            let (owner, runs) = assignment(&pool, variant, n, k, chunk);
            prop_assert!(runs.iter().all(|&r| r == 1), "{} n={n} k={k} chunk={chunk}: {runs:?}", variant.name());
            let most = if variant == Variant::Sequential { 1 } else { k };
            prop_assert!(owner.iter().all(|&t| t < most), "{}: a thread number past k: {owner:?}", variant.name());
        }
    }
}

#[test]
fn edge_cases_run_every_task_once() {
    let pool = pool(3);
    // k > n, chunk > n / k, chunk > n, one task, no task.
    for (n, k, chunk) in [(3, 8, 1), (10, 2, 7), (10, 3, 50), (1, 4, 1), (0, 2, 1), (64, 2, 1)] {
        for variant in Variant::ALL {
            let (_, runs) = assignment(&pool, variant, n, k, chunk);
            assert!(runs.iter().all(|&r| r == 1), "{} n={n} k={k} chunk={chunk}", variant.name());
        }
    }
}

#[test]
fn block_and_cyclic_assign_exactly_as_defined() {
    let pool = pool(4);
    for n in [1, 2, 5, 16, 17, 100, 257] {
        for k in 1..=6 {
            let (block, _) = assignment(&pool, Variant::Block, n, k, 1);
            let (cyclic, _) = assignment(&pool, Variant::Cyclic, n, k, 1);
            for i in 0..n {
                assert!(share(n, k, block[i]).contains(&i), "block n={n} k={k}: task {i} on {}", block[i]);
                assert_eq!(block[i], block_owner(i, n, k), "block_owner n={n} k={k} i={i}");
                assert_eq!(cyclic[i], i % k, "cyclic n={n} k={k} i={i}");
            }
        }
    }
}

#[test]
fn the_default_view_leaves_block_lopsided_on_two_threads() {
    let rows = DEFAULT_TASKS;
    let costs: Vec<f64> = (0..rows)
        .map(|row| {
            let out: Vec<AtomicU16> = (0..width(rows)).map(|_| AtomicU16::new(0)).collect();
            mandelbrot_row(row, rows, &out) as f64
        })
        .collect();
    let split = |k: usize, owner: &dyn Fn(usize) -> usize| {
        let mut busy = vec![0.0; k];
        costs.iter().enumerate().for_each(|(i, c)| busy[owner(i)] += c);
        imbalance(&busy)
    };
    let block = split(2, &|i| block_owner(i, rows, 2));
    let cyclic = split(2, &|i| i % 2);
    assert!(block >= 1.3, "block at k = 2: imbalance {block:.2} by iteration count");
    assert!(cyclic < 1.05, "cyclic at k = 2: imbalance {cyclic:.2}");
}

#[test]
fn the_lower_bound_is_the_larger_of_the_share_and_the_largest_task() {
    assert_eq!(lower_bound_ms(&[2.0; 8], 4), 4.0);
    assert_eq!(lower_bound_ms(&[1.0, 1.0, 1.0, 9.0], 2), 9.0);
    assert_eq!(lower_bound_ms(&[3.0, 1.0], 1), 4.0);
    assert_eq!(lower_bound_ms(&[], 2), 0.0);
}

#[test]
fn the_sweep_doubles_the_chunk_up_to_one_chunk_per_thread() {
    assert_eq!(sweep_chunks(256, 2), [1, 2, 4, 8, 16, 32, 64, 128]);
    assert_eq!(sweep_chunks(300, 2), [1, 2, 4, 8, 16, 32, 64, 128, 150]);
    assert_eq!(sweep_chunks(10, 4), [1, 2]);
    assert_eq!(sweep_chunks(3, 8), [1]);
}

fn parse(query: &str) -> (ScheduleParams, Vec<String>) {
    let pairs: Vec<(&str, &str)> =
        query.split('&').filter(|p| !p.is_empty()).map(|p| p.split_once('=').unwrap_or((p, ""))).collect();
    let (params, problems) = parse_params::<ScheduleParams>(pairs, nz(4));
    (params, problems.into_iter().map(|p| p.message).collect())
}

#[test]
fn parameters_round_trip_and_default_sensibly() {
    let (defaults, problems) = parse("");
    assert!(problems.is_empty());
    assert_eq!(
        (defaults.work, defaults.tasks, defaults.threads, defaults.chunk),
        (Work::Mandelbrot, 256, nz(4), nz(1))
    );
    let two = parse_params::<ScheduleParams>([], nz(1)).0;
    assert_eq!(two.threads, nz(2), "the lesson needs two threads, as barrier's");
    for query in [
        "work=heavy-tail&tasks=5000&threads=3&chunk=16&seed=7&repeats=5",
        "work=one-giant&tasks=1&threads=1&chunk=1&seed=0&repeats=1",
        "work=mandelbrot&tasks=1024&threads=2&chunk=1024&seed=42&repeats=3",
    ] {
        let (params, problems) = parse(query);
        assert!(problems.is_empty(), "{query}: {problems:?}");
        let written: Vec<String> = params.to_query().iter().map(|(k, v)| format!("{k}={v}")).collect();
        assert_eq!(written.join("&"), query);
    }
    // The chunk is checked against the tasks and the tasks against the work, in any order.
    let (params, problems) = parse("chunk=500&tasks=1000&work=uniform");
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!((params.work, params.tasks, params.chunk), (Work::Uniform, 1000, nz(500)));
}

#[test]
fn bad_values_name_the_limit_and_keep_a_usable_value() {
    let cases = [
        ("tasks=0", "tasks must be at least 1. Using 1."),
        (
            "tasks=5000",
            "tasks = 5,000 rows would make a 5,000 × 10,000 image, minutes of work per run; the page allows at most tasks = 1,024. Using 1,024.",
        ),
        (
            "work=uniform&tasks=1M",
            "tasks = 1,000,000 would cut the work into tasks smaller than handing one out; the page allows at most tasks = 100,000. Using 100,000.",
        ),
        ("chunk=0", "chunk must be at least 1. Using 1."),
        (
            "tasks=100&chunk=101",
            "chunk = 101 is more than the 100 tasks: one chunk would hold them all; the page allows at most chunk = 100. Using 100.",
        ),
        (
            "work=fractal",
            "work “fractal” is unknown; choose one of: “mandelbrot”, “triangle”, “heavy-tail”, “uniform”, “one-giant”. Using “mandelbrot”.",
        ),
        (
            "threads=9",
            "threads = 9 is more than the 4 threads of this page's pool; the page allows at most threads = 4. Using 4.",
        ),
        (
            "n=5",
            "parameter “n” is unknown and was ignored; this demo's are: work, tasks, threads, chunk, seed, repeats.",
        ),
    ];
    for (query, message) in cases {
        let (params, problems) = parse(query);
        assert_eq!(problems, [message], "{query}");
        assert!(params.chunk.get() <= params.tasks && params.tasks <= ScheduleParams::max_tasks(params.work));
    }
    let (params, _) = parse("tasks=1&chunk=1");
    assert_eq!((params.tasks, params.chunk), (1, nz(1)));
}

fn config(work: Work, tasks: usize, threads: usize, chunk: usize) -> ScheduleConfig {
    ScheduleConfig { work, tasks, threads: nz(threads), chunk: nz(chunk), seed: 3, repeats: nz(2) }
}

#[test]
fn a_whole_run_checks_every_variant_and_records_every_task() {
    let pool = pool(3);
    for work in Work::ALL {
        let config = config(work, 48, 2, 2);
        let control = RunControl::new(config.total_work());
        let live = LiveOwners::new(config.tasks);
        let report = pool.install(|| run_schedule(&config, &control, &SystemClock::default(), &live)).unwrap();
        assert_eq!(control.progress(), (config.total_work(), config.total_work()), "{}", work.name());
        let names: Vec<&str> = report.rows.iter().map(|r| r.variant.name()).collect();
        assert_eq!(names, ["sequential", "block", "cyclic", "dynamic", "guided", "stealing"]);
        for (row, timeline) in report.rows.iter().zip(&report.timelines) {
            let name = row.variant.name();
            assert!(row.correct && row.timing.correct, "{}: {name} differs", work.name());
            assert_eq!(row.timing.samples_ms.len(), 2);
            assert_eq!(row.moved.is_some(), row.variant.is_dynamic(), "{name}");
            assert!(row.imbalance >= 1.0 && (0.0..=100.0).contains(&row.idle_pct), "{name}: {row:?}");
            let tasks: Vec<usize> = timeline.tasks.iter().map(|r| r.task).collect();
            assert_eq!(tasks, (0..48).collect::<Vec<_>>(), "{name}: a record per task, in order");
            assert!(timeline.tasks.iter().all(|r| r.thread < timeline.threads && r.began_ms <= r.ended_ms));
        }
        let k2 = lower_bound_ms(&report.task_ms, 2);
        assert_eq!(report.rows[1].bound_ms, k2);
        assert_eq!(report.rows[0].bound_ms, report.task_ms.iter().sum::<f64>());
        assert_eq!(report.picture.is_some(), work == Work::Mandelbrot);
        if let Some(picture) = &report.picture {
            assert_eq!((picture.width, picture.height, picture.iterations.len()), (96, 48, 96 * 48));
            assert!(picture.iterations.contains(&MAX_ITERATIONS), "some pixels are inside the set");
        }
        assert!(live.snapshot().iter().all(|&owner| (1..=2).contains(&owner)), "every task marked by its thread");
        assert!(!report.verdict.is_empty());
    }
}

#[test]
fn synthetic_work_follows_its_shape() {
    let uniform = Tasks::new(Work::Uniform, 10, 1);
    let giant = Tasks::new(Work::OneGiant, 10, 1);
    assert_eq!(uniform.len(), 10);
    assert_eq!(giant.pixels(), 0);
    // Same seed, same results; the hash depends on the cost.
    let none: [AtomicU16; 0] = [];
    assert_eq!(Tasks::new(Work::HeavyTail, 50, 9).run(7, &none), Tasks::new(Work::HeavyTail, 50, 9).run(7, &none));
    assert_ne!(spin(10, 1), spin(11, 1));
}

#[test]
fn the_chunk_sweep_times_dynamic_at_every_chunk() {
    let config = config(Work::Triangle, 64, 2, 1);
    let control = RunControl::new(config.sweep_work());
    let sweep = pool(2)
        .install(|| run_chunk_sweep(&config, &control, &SystemClock::default(), &LiveOwners::default()))
        .unwrap();
    let chunks: Vec<usize> = sweep.points.iter().map(|p| p.chunk).collect();
    assert_eq!(chunks, sweep_chunks(64, 2));
    assert!(sweep.points.iter().all(|p| p.timing.correct && p.timing.samples_ms.len() == 2));
    assert!(chunks.contains(&sweep.best_chunk));
    assert_eq!(control.progress().0, config.sweep_work());
}

#[test]
fn cancel_stops_every_scheduler() {
    let pool = pool(3);
    for variant in Variant::ALL {
        let control = RunControl::new(0);
        let ran = Mutex::new(0usize);
        let result = pool.install(|| {
            schedule(variant, 10_000, 2, 1, &control, &|_, _| {
                let mut ran = ran.lock().unwrap_or_else(PoisonError::into_inner);
                *ran += 1;
                if *ran == 10 {
                    control.cancel();
                }
            })
        });
        assert_eq!(result, Err(Cancelled), "{}", variant.name());
        let ran = ran.into_inner().unwrap();
        assert!(ran < 100, "{} ran {ran} tasks after the cancel", variant.name());
    }
    let control = RunControl::new(0);
    control.cancel();
    let config = config(Work::Mandelbrot, 32, 2, 1);
    let run = pool.install(|| run_schedule(&config, &control, &SystemClock::default(), &LiveOwners::default()));
    assert_eq!(run, Err(Cancelled));
}
