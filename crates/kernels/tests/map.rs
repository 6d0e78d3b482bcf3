use std::collections::HashSet;
use std::num::NonZeroUsize;

use parlab_kernels::clock::SystemClock;
use parlab_kernels::control::{RunControl, Stepwise};
use parlab_kernels::map::*;
use proptest::prelude::*;

fn nz(value: usize) -> NonZeroUsize {
    NonZeroUsize::new(value).unwrap()
}

struct ParallelRun {
    output: Vec<u64>,
    chunks: Vec<ChunkRecord>,
}

fn parallel(workload: Workload, input: &[u32], threads: usize, chunk: usize) -> ParallelRun {
    let mut output = vec![0; input.len()];
    let chunks = map_parallel(
        &workload,
        input,
        &mut output,
        nz(threads),
        nz(chunk),
        &RunControl::default(),
        &SystemClock::default(),
    )
    .unwrap();
    ParallelRun { output, chunks }
}

#[test]
fn square_is_exact_up_to_u32_max() {
    assert_eq!(square(0), 0);
    assert_eq!(square(3), 9);
    assert_eq!(square(u32::MAX), 18_446_744_065_119_617_025);
}

#[test]
fn collatz_steps_match_known_values() {
    assert_eq!(collatz_steps(0), 0);
    assert_eq!(collatz_steps(1), 0);
    assert_eq!(collatz_steps(6), 8);
    assert_eq!(collatz_steps(27), 111);
    assert_eq!(collatz_steps(837_799), 524);
}

#[test]
fn matvec_rows_match_the_python_definition() {
    // Python: x = [j + 1 for j in range(64)]; sum((31*i + 17*j) % 10 * x[j] for j in range(64))
    assert_eq!(matvec_row(0), 9120);
    assert_eq!(matvec_row(1), 9220);
    assert_eq!(matvec_row(12_345), 9600);
    assert_eq!(matrix_entry(3, 5), (31 * 3 + 17 * 5) % 10);
}

#[test]
fn inputs_are_range_n() {
    assert_eq!(inputs(4), vec![0, 1, 2, 3]);
    assert!(inputs(0).is_empty());
}

#[test]
fn auto_chunk_follows_pool_map_rule() {
    // Pool.map: chunksize, extra = divmod(n, 4 * workers); chunksize += bool(extra)
    assert_eq!(ChunkSize::Auto.resolve(10_000_000, 2), 1_250_000);
    assert_eq!(ChunkSize::Auto.resolve(10, 2), 2);
    assert_eq!(ChunkSize::Auto.resolve(0, 2), 1);
    assert_eq!(ChunkSize::Fixed(nz(7)).resolve(100, 2), 7);
}

#[test]
fn map_sequential_equals_scalar_definition_for_each_workload() {
    let input = inputs(10_000);
    for workload in Workload::ALL {
        let output = map_sequential(&workload, &input, &RunControl::default()).unwrap();
        let expected: Vec<u64> = input.iter().map(|&x| workload.apply(x)).collect();
        assert_eq!(output, expected, "{workload:?}");
    }
}

#[test]
fn chunk_records_tile_the_input_in_order() {
    let input = inputs(1000);
    let run = parallel(Workload::Square, &input, 2, 64);
    assert_eq!(run.chunks.len(), 16);
    let mut next = 0;
    for (i, chunk) in run.chunks.iter().enumerate() {
        assert_eq!((chunk.index, chunk.start), (i, next));
        assert!(chunk.ended_ms >= chunk.began_ms);
        next += chunk.len;
    }
    assert_eq!(next, 1000);
}

#[test]
fn map_parallel_never_uses_more_than_k_threads() {
    let input = inputs(200_000);
    let pool = rayon::current_num_threads();
    for k in 1..=pool + 1 {
        let run = parallel(Workload::Collatz, &input, k, 1000);
        let threads: HashSet<usize> = run.chunks.iter().map(|c| c.thread).collect();
        assert!(threads.len() <= k.min(pool), "k = {k}: {} threads took part", threads.len());
    }
}

#[test]
fn map_parallel_uses_more_than_one_thread_when_work_allows() {
    if rayon::current_num_threads() < 2 {
        return;
    }
    let input = inputs(2_000_000);
    // Stealing can lose the race on a busy machine; several tries make that vanishingly rare.
    let used_two = (0..5).any(|_| {
        let run = parallel(Workload::Collatz, &input, 2, 4096);
        run.chunks.iter().map(|c| c.thread).collect::<HashSet<_>>().len() == 2
    });
    assert!(used_two);
}

#[test]
fn cancel_stops_sequential_and_parallel() {
    let input = inputs(100_000);
    let control = RunControl::default();
    control.cancel();
    assert_eq!(map_sequential(&Workload::Square, &input, &control), Err(MapStop::Cancelled));
    let mut output = vec![0; input.len()];
    let result =
        map_parallel(&Workload::Square, &input, &mut output, nz(2), nz(100), &control, &SystemClock::default());
    assert_eq!(result, Err(MapStop::Cancelled));
}

#[test]
fn cancel_during_a_parallel_run_returns_promptly() {
    let input = inputs(20_000_000);
    let control = RunControl::default();
    let canceller = control.clone();
    let started = std::time::Instant::now();
    let handle = std::thread::spawn(move || {
        std::thread::sleep(std::time::Duration::from_millis(50));
        canceller.cancel();
    });
    let mut output = vec![0; input.len()];
    let result =
        map_parallel(&Workload::Collatz, &input, &mut output, nz(2), nz(5_000_000), &control, &SystemClock::default());
    handle.join().unwrap();
    assert_eq!(result, Err(MapStop::Cancelled));
    // The sequential run of this input takes seconds; cancel lands within a block.
    assert!(started.elapsed().as_secs_f64() < 2.0);
}

#[test]
fn run_map_reports_both_variants_correct_and_counts_all_progress() {
    let config = MapConfig {
        n: 50_000,
        workload: Workload::Collatz.into(),
        threads: nz(2),
        chunk: ChunkSize::Auto,
        repeats: nz(3),
        parallel: true,
        gil_switch_ms: None,
    };
    let control = RunControl::new(config.total_work());
    let report = run_map(&config, &built_in(&config), &control, &SystemClock::default()).unwrap();
    assert!(report.sequential.correct);
    let parallel = report.parallel.unwrap();
    assert!(parallel.correct);
    assert_eq!((report.sequential.summary.runs, parallel.summary.runs, parallel.threads), (3, 3, 2));
    assert_eq!(report.chunks.len(), 8);
    assert_eq!(control.progress(), (config.total_work(), config.total_work()));
}

#[test]
fn run_map_without_pool_runs_sequential_only() {
    let config = MapConfig {
        n: 1000,
        workload: Workload::Square.into(),
        threads: nz(1),
        chunk: ChunkSize::Auto,
        repeats: nz(1),
        parallel: false,
        gil_switch_ms: None,
    };
    let control = RunControl::new(config.total_work());
    let report = run_map(&config, &built_in(&config), &control, &SystemClock::default()).unwrap();
    assert!(report.parallel.is_none() && report.chunks.is_empty() && report.sequential.correct);
    assert_eq!(control.fraction(), 1.0);
}

#[test]
fn run_sweep_measures_every_thread_count() {
    let config = MapConfig {
        n: 20_000,
        workload: Workload::Square.into(),
        threads: nz(2),
        chunk: ChunkSize::Auto,
        repeats: nz(2),
        parallel: true,
        gil_switch_ms: None,
    };
    let counts = [nz(1), nz(2), nz(3)];
    let control = RunControl::new(sweep_work(&config, &counts));
    let report = run_sweep(&config, &built_in(&config), &counts, &control, &SystemClock::default()).unwrap();
    assert_eq!(report.points.iter().map(|p| p.threads).collect::<Vec<_>>(), vec![1, 2, 3]);
    assert!(report.sequential.correct && report.points.iter().all(|p| p.correct));
    assert_eq!(control.fraction(), 1.0);
}

#[test]
fn size_sweep_times_both_versions_at_every_size_up_to_n() {
    let config = MapConfig {
        n: 5_000,
        workload: Workload::Collatz.into(),
        threads: nz(3),
        chunk: ChunkSize::Auto,
        repeats: nz(2),
        parallel: true,
        gil_switch_ms: None,
    };
    let control = RunControl::new(size_sweep_work(&config));
    let sweep = run_size_sweep(&config, &built_in(&config), &control, &SystemClock::default()).unwrap();
    assert_eq!(sweep.points.iter().map(|p| p.n).collect::<Vec<_>>(), [1_000, 2_000, 5_000]);
    assert!(sweep.points.iter().all(|p| p.parallel.threads == 3 && p.sequential.summary.runs == 2));
    assert!(sweep.correct());
    assert_eq!(sweep.speedups().len(), 3);
    assert_eq!(control.fraction(), 1.0);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn map_parallel_equals_sequential_for_any_n_threads_and_chunk_size(
        n in prop_oneof![Just(0usize), Just(1), 0usize..20, 0usize..5000],
        threads in 1usize..6,
        chunk in 1usize..6000,
        workload in 0..Workload::ALL.len(),
    ) {
        let workload = Workload::ALL[workload];
        let input = inputs(n);
        let expected = map_sequential(&workload, &input, &RunControl::default()).unwrap();
        let run = parallel(workload, &input, threads, chunk);
        prop_assert_eq!(&run.output, &expected);
        prop_assert_eq!(run.chunks.len(), n.div_ceil(chunk));
        prop_assert_eq!(run.chunks.iter().map(|c| c.len).sum::<usize>(), n);
        let used: HashSet<usize> = run.chunks.iter().map(|c| c.thread).collect();
        prop_assert!(used.len() <= threads);
    }
}

#[test]
fn sequential_map_in_small_steps_equals_one_go() {
    let config = MapConfig {
        n: 30_000,
        workload: Workload::Collatz.into(),
        threads: nz(1),
        chunk: ChunkSize::Auto,
        repeats: nz(2),
        parallel: false,
        gil_switch_ms: None,
    };
    let control = RunControl::new(config.total_work());
    let f = built_in(&config);
    let mut stepped = SequentialMap::new(&config, &f);
    let mut steps = 0;
    while !stepped.is_done() {
        stepped.step_elements(BLOCK, &control, &SystemClock::default()).unwrap();
        steps += 1;
    }
    let (timing, buffers) = stepped.finish();
    assert!(steps > 10 && timing.correct && timing.summary.runs == 2);
    assert_eq!(buffers.reference, map_sequential(&Workload::Collatz, &buffers.input, &RunControl::default()).unwrap());
    assert_eq!(control.fraction(), 1.0);
}

fn record(index: usize, thread: usize, began_ms: f64, ended_ms: f64) -> ChunkRecord {
    ChunkRecord { index, start: index * 10, len: 10, thread, began_ms, ended_ms }
}

#[test]
fn balance_measures_idle_share_of_the_threads() {
    assert_eq!(balance(&[]), None);
    let even = [record(0, 0, 0.0, 10.0), record(1, 1, 0.0, 10.0)];
    assert_eq!(balance(&even), Some(Balance { threads: 2, idle_fraction: 0.0 }));
    // Thread 1 waits 5 of the 10 ms: a quarter of the two threads' time is idle.
    let uneven = [record(0, 0, 0.0, 10.0), record(1, 1, 0.0, 5.0)];
    assert_eq!(balance(&uneven), Some(Balance { threads: 2, idle_fraction: 0.25 }));
}

fn python_threads(input: &[u32], threads: usize, switch_ms: f64) -> (Vec<u64>, Vec<Span>) {
    let mut output = vec![0; input.len()];
    let spans = map_python_threads(
        &Workload::Collatz,
        input,
        &mut output,
        nz(threads),
        nz(4096),
        switch_ms,
        &RunControl::default(),
        &SystemClock::default(),
    )
    .unwrap();
    (output, spans)
}

#[test]
fn python_threads_never_compute_at_once_and_take_turns() {
    let input = inputs(1_000_000);
    let (output, spans) = python_threads(&input, 3, 1.0);
    assert_eq!(output, map_sequential(&Workload::Collatz, &input, &RunControl::default()).unwrap());
    for pair in spans.windows(2) {
        assert!(pair[1].began_ms >= pair[0].ended_ms, "two threads held the GIL at once: {pair:?}");
    }
    if rayon::current_num_threads() >= 2 {
        // The run takes hundreds of ms and the GIL changes hands every 1 ms when a thread waits.
        let handovers = spans.windows(2).filter(|pair| pair[0].thread != pair[1].thread).count();
        assert!(handovers >= 10, "only {handovers} hand-overs in {} spans", spans.len());
    }
}

#[test]
fn gil_hands_over_in_the_order_threads_asked() {
    let gil = std::sync::Arc::new(Gil::default());
    let order = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    gil.acquire(0);
    let waiters: Vec<_> = (1..=3)
        .map(|me| {
            let (waiter_gil, order) = (gil.clone(), order.clone());
            let handle = std::thread::spawn(move || {
                waiter_gil.acquire(me);
                order.lock().unwrap().push(me);
                waiter_gil.release(me);
            });
            // Each waiter is in the queue before the next one starts.
            while gil.waiting() < me {
                std::thread::yield_now();
            }
            handle
        })
        .collect();
    gil.release(0);
    for waiter in waiters {
        waiter.join().unwrap();
    }
    assert_eq!(*order.lock().unwrap(), vec![1, 2, 3]);
}

#[test]
fn cancel_stops_python_threads() {
    let input = inputs(100_000);
    let control = RunControl::default();
    control.cancel();
    let mut output = vec![0; input.len()];
    let result = map_python_threads(
        &Workload::Square,
        &input,
        &mut output,
        nz(2),
        nz(100),
        5.0,
        &control,
        &SystemClock::default(),
    );
    assert_eq!(result, Err(MapStop::Cancelled));
}

#[test]
fn run_map_with_gil_adds_a_correct_python_threads_variant() {
    let config = MapConfig {
        n: 200_000,
        workload: Workload::Matvec.into(),
        threads: nz(2),
        chunk: ChunkSize::Auto,
        repeats: nz(2),
        parallel: true,
        gil_switch_ms: Some(1),
    };
    let control = RunControl::new(config.total_work());
    let report = run_map(&config, &built_in(&config), &control, &SystemClock::default()).unwrap();
    let python = report.python_threads.unwrap();
    assert!(python.correct && python.summary.runs == 2 && python.threads == 2);
    assert!(!report.gil_spans.is_empty());
    assert_eq!(control.progress(), (config.total_work(), config.total_work()));
}

/// The built-in function a test's configuration names.
fn built_in(config: &MapConfig) -> Workload {
    config.workload.built_in().expect("the tests run the built-in workloads")
}
