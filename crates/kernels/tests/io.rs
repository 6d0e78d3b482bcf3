//! The io demo natively: the event loop overlaps waits and the blocking call serialises them,
//! every variant computes the expected results, the lanes hold all three kinds, the sweep and
//! Cancel, and the parameters. Times are checked with wide margins: they are real sleeps.

use std::num::NonZeroUsize;

use parlab_kernels::clock::SystemClock;
use parlab_kernels::control::{Cancelled, RunControl};
use parlab_kernels::io::*;
use parlab_kernels::params::{DemoParams, parse_params};

fn nz(value: usize) -> NonZeroUsize {
    NonZeroUsize::new(value).unwrap()
}

fn config(tasks: usize, compute_us: f64, wait_ms: f64) -> IoConfig {
    IoConfig { tasks, compute_us, wait_ms, threads: nz(2), repeats: nz(1) }
}

/// Runs on a pool of 4 threads, as the page's pool threads would.
fn run(config: &IoConfig) -> IoReport {
    let pool = rayon::ThreadPoolBuilder::new().num_threads(4).build().unwrap();
    let control = RunControl::new(config.total_work());
    let report = pool.install(|| run_io(config, &control, &SystemClock::default())).unwrap();
    assert_eq!(control.progress().0, config.total_work(), "every task counted once");
    report
}

fn row(report: &IoReport, variant: Variant) -> &IoRow {
    report.rows.iter().find(|r| r.variant == variant).unwrap()
}

#[test]
fn the_loop_overlaps_waits_and_a_blocking_sleep_serialises_them() {
    let report = run(&config(10, 0.0, 50.0));
    let ms = |variant| row(&report, variant).timing.summary.median_ms;
    assert!(ms(Variant::Sequential) >= 500.0, "sequential {}", ms(Variant::Sequential));
    assert!(ms(Variant::EventLoop) >= 50.0, "the loop cannot end before one wait: {}", ms(Variant::EventLoop));
    assert!(ms(Variant::EventLoop) < 250.0, "ten 50 ms waits overlap on the loop: {}", ms(Variant::EventLoop));
    assert!(ms(Variant::EventLoopBlocking) >= 500.0, "blocking: {}", ms(Variant::EventLoopBlocking));
    assert!(ms(Variant::LoopPool) < 250.0, "loop+pool: {}", ms(Variant::LoopPool));
    assert!(ms(Variant::Threads) >= 250.0, "2 threads overlap two waits at a time: {}", ms(Variant::Threads));
    let lag = row(&report, Variant::EventLoopBlocking).max_lag_ms.unwrap();
    assert!(lag >= 50.0, "the blocked loop's ticker is late by a wait at least: {lag}");
    assert!(row(&report, Variant::EventLoop).max_lag_ms.unwrap() < lag);
    assert_eq!(row(&report, Variant::Sequential).max_lag_ms, None, "no loop, no ticker");
    let share = row(&report, Variant::Sequential).wait_share;
    assert!(share > 0.9, "sequential waits nearly all the time: {share}");
    assert!(row(&report, Variant::EventLoop).wait_share > 0.5);
    assert!(
        report.verdict.starts_with("Waiting overlaps: with 10 tasks each computing nothing and waiting 50.0 ms"),
        "{}",
        report.verdict
    );
}

/// Polls `future` to its end on this thread: the page's event loop, played by a sleep that
/// blocks (here the test's thread may block) and then is ready at once.
fn block_on<F: std::future::Future>(future: F) -> F::Output {
    let mut future = std::pin::pin!(future);
    let mut context = std::task::Context::from_waker(std::task::Waker::noop());
    loop {
        if let std::task::Poll::Ready(output) = future.as_mut().poll(&mut context) {
            return output;
        }
    }
}

#[test]
fn without_threads_the_loop_alone_runs_on_one_thread_handing_its_waits_back() {
    let config = IoConfig { repeats: nz(2), ..config(10, 200.0, 50.0) };
    let control = RunControl::new(config.tasks as u64 * 2);
    let slept = std::cell::Cell::new(0.0);
    let sleep = |ms: f64| {
        slept.set(slept.get() + ms);
        std::thread::sleep(std::time::Duration::from_secs_f64(ms / 1e3));
        std::future::ready(())
    };
    let report = block_on(run_io_without_threads(&config, &control, &SystemClock::default(), sleep)).unwrap();
    assert_eq!(report.rows.len(), 1);
    let row = &report.rows[0];
    assert_eq!(row.variant, Variant::EventLoop);
    assert!(row.correct, "every task's result");
    assert_eq!(row.timing.threads, 1);
    let ms = row.timing.summary.median_ms;
    assert!((50.0..250.0).contains(&ms), "ten 50 ms waits overlap on the loop: {ms}");
    assert!(slept.get() >= 2.0 * 40.0, "each run handed most of a wait back: {}", slept.get());
    assert!(row.max_lag_ms.is_some(), "its ticker ran");
    assert_eq!(report.lanes.len(), 1);
    assert!(report.verdict.starts_with("Without threads only the event loop runs"), "{}", report.verdict);
}

#[test]
fn every_variant_gives_the_expected_results_and_lanes_of_every_kind() {
    let report = run(&config(12, 600.0, 3.0));
    for row in &report.rows {
        assert!(row.correct, "{}", row.variant.name());
        assert!(row.timing.summary.median_ms > 0.0);
        assert!((0.0..=1.0).contains(&row.wait_share));
    }
    assert_eq!(report.rows.iter().map(|r| r.variant).collect::<Vec<_>>(), Variant::ALL);
    assert_eq!(row(&report, Variant::PythonThreads).timing.threads, 4, "one per task, as many as the pool has");
    assert_eq!(row(&report, Variant::LoopPool).timing.threads, 3, "the loop and k = 2 pool threads");
    for lanes in &report.lanes {
        let expected = if lanes.variant.has_loop() { 12 } else { row(&report, lanes.variant).timing.threads };
        assert_eq!(lanes.lanes, expected, "{}", lanes.variant.name());
        for span in &lanes.spans {
            assert!(span.ended_ms > span.began_ms && span.lane < lanes.lanes, "{span:?}");
        }
        let has = |kind| lanes.spans.iter().any(|s| s.kind == kind);
        assert!(has(Kind::Compute) && has(Kind::Wait), "{}", lanes.variant.name());
    }
    for variant in [Variant::PythonThreads, Variant::EventLoop, Variant::LoopPool] {
        let lanes = report.lanes.iter().find(|l| l.variant == variant).unwrap();
        assert!(lanes.spans.iter().any(|s| s.kind == Kind::Ready), "{}: something waited its turn", variant.name());
    }
}

#[test]
fn the_sweep_keeps_each_task_s_time_and_times_three_variants_at_every_share() {
    let config = config(4, 1_000.0, 4.0);
    let pool = rayon::ThreadPoolBuilder::new().num_threads(4).build().unwrap();
    let control = RunControl::new(config.sweep_work());
    let sweep = pool.install(|| run_wait_sweep(&config, &control, &SystemClock::default())).unwrap();
    assert_eq!(sweep.task_ms, 5.0);
    assert_eq!(sweep.points.len(), SWEEP_SHARES.len() * SWEPT.len());
    assert_eq!(control.progress().0, config.sweep_work());
    for point in &sweep.points {
        assert!(point.correct && point.speedup > 0.0, "{point:?}");
    }
}

#[test]
fn cancel_stops_every_variant() {
    let control = RunControl::new(1);
    control.cancel();
    let pool = rayon::ThreadPoolBuilder::new().num_threads(4).build().unwrap();
    let outcome = pool.install(|| run_io(&config(4, 100.0, 500.0), &control, &SystemClock::default()));
    assert_eq!(outcome.map(|_| ()), Err(Cancelled));
}

fn parse(query: &str) -> (IoParams, Vec<String>) {
    let pairs: Vec<(&str, &str)> =
        query.split('&').filter(|p| !p.is_empty()).map(|p| p.split_once('=').unwrap_or((p, ""))).collect();
    let (params, problems) = parse_params::<IoParams>(pairs, nz(4));
    (params, problems.into_iter().map(|p| p.message).collect())
}

#[test]
fn parameters_round_trip_and_bad_values_name_their_limit() {
    let (defaults, problems) = parse("");
    assert!(problems.is_empty());
    assert_eq!((defaults.tasks, defaults.compute_us, defaults.wait_ms, defaults.threads), (16, 1_000, 10, nz(4)));
    assert_eq!(parse_params::<IoParams>([], nz(1)).0.threads, nz(2), "two threads at least");
    for query in ["tasks=16&compute=200&wait=50&threads=2&repeats=3", "tasks=1&compute=0&wait=0&threads=1&repeats=1"] {
        let (params, problems) = parse(query);
        assert!(problems.is_empty(), "{query}: {problems:?}");
        let written: Vec<String> = params.to_query().iter().map(|(k, v)| format!("{k}={v}")).collect();
        assert_eq!(written.join("&"), query);
    }
    for (query, message) in [
        (
            "wait=5000",
            "wait = 5,000 ms is more than 1,000 ms per task; the page allows at most wait = 1,000. Using 1,000.",
        ),
        ("tasks=0", "tasks must be at least 1. Using 1."),
        (
            "compute=1M",
            "compute = 1,000,000 µs per task would make a sequential run take minutes; the page allows at most compute = 100,000. Using 100,000.",
        ),
        ("wait=soon", "wait “soon” is not a whole number; wait is a whole number from 0 to 1,000. Using 10."),
    ] {
        assert_eq!(parse(query).1, [message], "{query}");
    }
}

fn evidence(compute_ms: f64, wait_ms: f64, medians: [f64; 6], lag: f64, python_threads: usize) -> Evidence {
    let rows = Variant::ALL
        .iter()
        .zip(medians)
        .map(|(&v, ms)| (v, ms, true, v.has_loop().then_some(if v == Variant::EventLoopBlocking { lag } else { 1.0 })))
        .collect();
    Evidence { tasks: 16, compute_ms, wait_ms, threads: 2, python_threads, rows }
}

#[test]
fn the_verdict_names_what_overlaps() {
    let cases = [
        (
            evidence(0.2, 50.0, [803.0, 402.0, 55.0, 54.0, 803.0, 52.0], 750.0, 16),
            "Waiting overlaps: with 16 tasks each computing 200 µs and waiting 50.0 ms, the event loop on 1 thread ran 15× faster and 16 Python threads under one GIL 15× faster, while 2 threads that block through their waits ran 2.00× faster. One blocking sleep inside the loop serialised everything (1.00× faster; its ticker ran up to 750.0 ms late).",
        ),
        (
            evidence(10.0, 0.0, [160.0, 82.0, 165.0, 161.0, 160.0, 84.0], 10.0, 1),
            "Computing does not overlap: with 16 tasks each computing 10.0 ms and waiting nothing, the event loop ran 1.01× slower and 1 Python thread under one GIL 1.03× slower, since only one of them computes at a time, while 2 threads ran 1.95× faster; the loop handing its computing to the pool ran 1.90× faster.",
        ),
        (
            evidence(0.0, 0.0, [0.0; 6], 0.0, 2),
            "The tasks neither compute nor wait: give them some compute or wait time.",
        ),
        (
            Evidence { threads: 1, ..evidence(1.0, 10.0, [176.0, 176.0, 176.0, 27.0, 176.0, 27.0], 160.0, 1) },
            "Waiting overlaps: with 16 tasks each computing 1.0 ms and waiting 10.0 ms, the event loop on 1 thread ran 6.52× faster and 1 Python thread under one GIL 1.00× faster, while 1 thread that blocks through its waits ran 1.00× faster. One blocking sleep inside the loop serialised everything (1.00× faster; its ticker ran up to 160.0 ms late).",
        ),
    ];
    for (evidence, sentence) in cases {
        assert_eq!(verdict(&evidence), sentence);
    }
    let mut wrong = evidence(1.0, 10.0, [1.0; 6], 0.0, 2);
    wrong.rows[3].2 = false;
    assert_eq!(verdict(&wrong), "event-loop's results differ from the expected ones: this is a bug, please report it.");
}
