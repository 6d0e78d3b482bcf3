//! The task-graph demo's kernel: the scheduler runs every task exactly once and only after its
//! inputs on random graphs, work and span on graphs worked out by hand, a raising task cancels
//! exactly its descendants, Cancel's counts, the verdict's sentences and the parameters.

use std::num::NonZeroUsize;
use std::sync::Arc;

use parlab_kernels::clock::SystemClock;
use parlab_kernels::control::{Cancelled, RunControl};
use parlab_kernels::params::{DemoParams, parse_params};
use parlab_kernels::taskgraph::*;
use proptest::prelude::*;

fn nz(value: usize) -> NonZeroUsize {
    NonZeroUsize::new(value).unwrap()
}

fn pool(threads: usize) -> rayon::ThreadPool {
    rayon::ThreadPoolBuilder::new().num_threads(threads).build().unwrap()
}

/// A graph whose task i needs the earlier tasks listed in `inputs[i]`.
fn graph_of(inputs: Vec<Vec<usize>>) -> TaskGraph {
    TaskGraph::from_tasks(
        inputs
            .into_iter()
            .enumerate()
            .map(|(i, inputs)| Task { name: TaskName::parse(&format!("step-{i}")).unwrap(), inputs, weight: 1 })
            .collect(),
    )
}

fn run(
    graph: &TaskGraph,
    k: usize,
    fail: Option<usize>,
    control: &RunControl,
) -> (Result<RunOutcome, Cancelled>, LiveStates) {
    let (clock, live) = (SystemClock::default(), LiveStates::new(graph.len()));
    let setup = Setup { graph, cost: 1, fail, control, clock: &clock, live: &live };
    let outcome = if k == 0 { run_sequential(setup) } else { pool(k).install(|| run_scheduled(setup, k)) };
    (outcome, live)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn every_task_runs_once_after_its_inputs_with_the_sequential_values(
        picks in proptest::collection::vec(proptest::collection::vec(any::<usize>(), 0..4), 1..60),
        k in 1usize..5,
    ) {
        let inputs: Vec<Vec<usize>> = picks
            .iter()
            .enumerate()
            .map(|(i, p)| if i == 0 { vec![] } else { p.iter().map(|x| x % i).collect() })
            .collect();
        let graph = graph_of(inputs);
        let control = RunControl::new(0);
        let reference = run(&graph, 0, None, &control).0.unwrap();
        let scheduled = run(&graph, k, None, &control).0.unwrap();
        prop_assert!(scheduled.runs.iter().all(|&r| r == 1));
        prop_assert!(scheduled.in_order);
        prop_assert!(agrees(&scheduled, &reference));
        prop_assert!(scheduled.records.iter().all(|r| r.thread < k));
        for r in &scheduled.records {
            for &input in &graph.tasks[r.task].inputs {
                prop_assert!(scheduled.records[input].ended_ms <= r.began_ms);
            }
        }
    }
}

#[test]
fn a_raising_task_cancels_exactly_its_descendants_on_any_thread_count() {
    for (shape, size, name) in [
        (Shape::TreeSum, 16, "leaf-3"),
        (Shape::MergeSort, 8, "split-1-0"),
        (Shape::Wavefront, 5, "cell-2-3"),
        (Shape::ForkJoin, 6, "work-1-2"),
        (Shape::Chain, 9, "step-4"),
    ] {
        let graph = TaskGraph::build(shape, size);
        let failing = graph.find(TaskName::parse(name).unwrap()).unwrap();
        let descendants = graph.descendants(failing);
        assert!(!descendants.is_empty(), "{name}");
        for k in [0, 1, 3] {
            let control = RunControl::new(0);
            let (outcome, live) = run(&graph, k, Some(failing), &control);
            let outcome = outcome.unwrap();
            assert_eq!(outcome.failed, Some(failing), "{name} k={k}");
            let cancelled: Vec<usize> = (0..graph.len()).filter(|&t| outcome.states[t] == State::Cancelled).collect();
            assert_eq!(cancelled, descendants, "{name} k={k}");
            for t in 0..graph.len() {
                let ran = u32::from(!descendants.contains(&t));
                assert_eq!(outcome.runs[t], ran, "{name} k={k}: task {t}");
            }
            assert!(outcome.records.iter().all(|r| !descendants.contains(&r.task)), "a cancelled task has no bar");
            assert_eq!(live.snapshot()[failing].0, State::Failed);
            assert_eq!(control.progress().0, graph.len() as u64, "done and cancelled tasks count as progress");
        }
    }
}

#[test]
fn work_and_span_of_graphs_worked_out_by_hand() {
    // A diamond: 0 → {1, 2} → 3, with 2 five times as long.
    let diamond = graph_of(vec![vec![], vec![0], vec![0], vec![1, 2]]);
    assert_eq!(span(&diamond, &[1.0, 1.0, 5.0, 1.0]), (7.0, vec![0, 2, 3]));
    assert_eq!(work(&[1.0, 1.0, 5.0, 1.0]), 8.0);
    assert_eq!(brent(8.0, 7.0, 2), (7.0, 11.0));
    // A 3 × 3 wavefront of unit cells: the span is the 5 antidiagonals.
    let grid = TaskGraph::build(Shape::Wavefront, 3);
    assert_eq!(span(&grid, &[1.0; 9]).0, 5.0);
    // Fork-join of width 4: each stage is one task then the join, 4 stages.
    let fork = TaskGraph::build(Shape::ForkJoin, 4);
    assert_eq!(span(&fork, &[1.0; 20]).0, 8.0);
    // Merge sort over 4 blocks by the graph's own weights: split, split, sort, merge 2, merge 4.
    let sort = TaskGraph::build(Shape::MergeSort, 4);
    let weights: Vec<f64> = sort.tasks.iter().map(|t| t.weight as f64).collect();
    assert_eq!(span(&sort, &weights).0, 1.0 + 1.0 + 2.0 + 2.0 + 4.0);
    assert_eq!(work(&weights), 3.0 + 8.0 + 2.0 + 2.0 + 4.0);
}

#[test]
fn cancel_stops_the_pending_tasks_and_lets_the_running_ones_finish() {
    let graph = TaskGraph::build(Shape::Wavefront, 12);
    let control = RunControl::new(0);
    let (clock, live) = (SystemClock::default(), LiveStates::new(graph.len()));
    let setup = Setup { graph: &graph, cost: 200, fail: None, control: &control, clock: &clock, live: &live };
    let outcome = pool(3).install(|| {
        rayon::join(
            || run_scheduled(setup, 2),
            || {
                while control.progress().0 < 10 {
                    std::thread::yield_now();
                }
                control.cancel();
            },
        )
        .0
    });
    assert_eq!(outcome, Err(Cancelled));
    let counts = live.cancel_counts().expect("the cancel's counts are recorded");
    let states = live.snapshot();
    let cancelled = states.iter().filter(|s| s.0 == State::Cancelled).count();
    let done = states.iter().filter(|s| s.0 == State::Done).count();
    assert_eq!(counts.cancelled, cancelled);
    assert!(counts.finished <= 2, "at most one running task per thread: {counts:?}");
    assert_eq!(cancelled + done, graph.len(), "nothing is left running or pending");
    assert!(done >= 10 && cancelled > 0, "done {done}, cancelled {cancelled}");
}

#[test]
fn a_whole_run_is_checked_and_its_bounds_hold_natively() {
    let params = TaskGraphParams { cost: 20, ..parse_params::<TaskGraphParams>([], nz(2)).0 };
    let config = TaskGraphConfig { repeats: nz(2), ..TaskGraphConfig::from(&params) };
    let graph = Arc::new(TaskGraph::build(config.shape, config.size));
    let live = LiveStates::new(graph.len());
    let report =
        pool(2).install(|| run_taskgraph(&config, graph, &RunControl::new(0), &SystemClock::default(), &live)).unwrap();
    assert!(report.rows.iter().all(|r| r.timing.correct));
    assert_eq!(report.last.records.len(), 63);
    assert!(report.bound_low_ms <= report.bound_high_ms && report.span_ms <= report.work_ms);
    assert_eq!(report.critical.len(), 6, "a leaf and five levels of sums");
    assert!(report.result().is_ok());

    // The same tree with sum-2-1 raising: the result re-raises it, naming the 3 tasks it stopped.
    let config = TaskGraphConfig { fail: TaskName::parse("sum-2-1"), ..config };
    let graph = Arc::new(TaskGraph::build(config.shape, config.size));
    let report =
        pool(2).install(|| run_taskgraph(&config, graph, &RunControl::new(0), &SystemClock::default(), &live)).unwrap();
    let failure = report.result().unwrap_err();
    assert_eq!((failure.name.to_string().as_str(), failure.cancelled), ("sum-2-1", 3));
    assert!(failure.to_string().starts_with("Task sum-2-1 raised an error"), "{failure}");
    assert_eq!(report.last.cancelled(), 3);
    let root = Failure { cancelled: 0, name: TaskName::parse("sum-5-0").unwrap(), ..failure };
    assert!(root.message().contains("no task needed its result, so none was cancelled"), "{root}");
    assert!(report.rows.iter().all(|r| r.timing.correct));
}

#[test]
fn parameters_round_trip_and_bad_ones_name_their_limit() {
    let query = "graph=wavefront&size=10&cost=7&threads=2&repeats=4&fail=cell-2-5";
    let pairs = query.split('&').map(|p| p.split_once('=').unwrap());
    let (params, problems) = parse_params::<TaskGraphParams>(pairs, nz(2));
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!(params.fail.map(|f| f.to_string()).as_deref(), Some("cell-2-5"));
    let back: Vec<String> = params.to_query().iter().map(|(k, v)| format!("{k}={v}")).collect();
    assert_eq!(back.join("&"), query);

    for (query, param, words) in [
        ("graph=tree-sum&size=8&fail=cell-1-1", "fail", "not a task of the tree-sum graph of size 8"),
        ("graph=chain&size=4&fail=step-4", "fail", "step-0 … step-3"),
        ("graph=wavefront&size=65", "size", "4,225 tasks, more than the 4,096"),
        ("graph=ring", "graph", "ring"),
        ("cost=0", "cost", "at least 1"),
    ] {
        let pairs = query.split('&').map(|p| p.split_once('=').unwrap());
        let (params, problems) = parse_params::<TaskGraphParams>(pairs, nz(2));
        assert_eq!(problems.len(), 1, "{query}: {problems:?}");
        assert_eq!(problems[0].param, param, "{query}");
        assert!(problems[0].message.contains(words), "{query}: {}", problems[0].message);
        assert!(params.graph.tasks(params.size) <= MAX_TASKS);
        assert!(params.fail.is_none());
    }
}

#[test]
fn the_verdict_names_what_limits_the_run() {
    let evidence = |threads, scheduled_ms, work_ms, span_ms| Evidence {
        tasks: 63,
        threads,
        sequential_ms: work_ms,
        scheduled_ms,
        work_ms,
        busy_ms: work_ms,
        span_ms,
        critical_tasks: 6,
        correct: true,
        failure: None,
    };
    let cases = [
        (
            evidence(2, 18.0, 32.0, 3.0),
            &["within Brent's bounds 16.0 ms … 19.0 ms", "The work limits it", "up to about 10 of them"][..],
        ),
        (evidence(8, 6.0, 32.0, 5.0), &["within Brent's bounds", "The span limits it", "6.40×"][..]),
        (evidence(2, 30.5, 30.0, 30.0), &["within", "parallelism 1.00", "one after another"][..]),
        (
            evidence(2, 25.0, 32.0, 3.0),
            &["above the greedy bound W/k + S = 19.0 ms by 6.0 ms", "handing out 63 tasks"][..],
        ),
        (
            Evidence { busy_ms: 48.0, ..evidence(2, 25.0, 32.0, 3.0) },
            &["by 6.0 ms: its tasks took 1.50× as long side by side"][..],
        ),
        (evidence(2, 12.0, 32.0, 3.0), &["below Brent's lower bound"][..]),
        (evidence(1, 33.0, 32.0, 3.0), &["On one thread T₁ is the work"][..]),
        (
            Evidence { failure: Some(("leaf-3".into(), 5)), ..evidence(2, 18.0, 32.0, 3.0) },
            &["leaf-3 raised, so 5 tasks never ran"][..],
        ),
        (Evidence { correct: false, ..evidence(2, 18.0, 32.0, 3.0) }, &["this is a bug"][..]),
        (evidence(2, 0.0, 0.0, 0.0), &["Too fast to time"][..]),
    ];
    for (e, words) in cases {
        let text = verdict(&e);
        for w in words {
            assert!(text.contains(w), "{w:?} not in {text:?}");
        }
    }
}
