//! The map experiment with a student's own f (the reference interpreter stands in for the
//! page's compiled module), its faults, and its parameters.

use std::num::NonZeroUsize;

use parlab_kernels::clock::SystemClock;
use parlab_kernels::control::RunControl;
use parlab_kernels::custom::{FaultKind, PRESETS, Program, RunFault, Source};
use parlab_kernels::map::*;
use parlab_kernels::params::{PageState, parse};

fn nz(value: usize) -> NonZeroUsize {
    NonZeroUsize::new(value).unwrap()
}

fn preset(name: &str) -> Program {
    let preset = PRESETS.iter().find(|p| p.name == name).unwrap();
    Program::parse(preset.source).unwrap()
}

fn config(n: usize, threads: usize) -> MapConfig {
    MapConfig {
        n,
        workload: MapFunction::Custom,
        threads: nz(threads),
        chunk: ChunkSize::Fixed(nz(1000)),
        repeats: nz(2),
        parallel: true,
        gil_switch_ms: Some(1),
    }
}

#[test]
fn collatz_typed_as_f_gives_the_built_in_outputs_on_every_variant() {
    let config = config(20_000, 3);
    let f = preset("collatz");
    let (report, reference) =
        run_map_keeping_reference(&config, &f, &RunControl::new(config.total_work()), &SystemClock::default()).unwrap();
    assert!(report.sequential.correct && report.parallel.unwrap().correct && report.python_threads.unwrap().correct);
    let built_in = map_sequential(&Workload::Collatz, &inputs(config.n), &RunControl::default()).unwrap();
    assert_eq!(reference, built_in);
}

#[test]
fn a_fault_stops_the_run_and_names_the_element() {
    // Fine for every x but 12,345.
    let f = Program::parse("def f(x):\n    return 1 // (x - 12345)\n").unwrap();
    let expected = MapStop::Fault(RunFault { x: 12_345, kind: FaultKind::DivisionByZero });
    let config = config(50_000, 2);
    let stop = run_map(&config, &f, &RunControl::new(config.total_work()), &SystemClock::default()).unwrap_err();
    assert_eq!(stop, expected);
    assert_eq!(stop.to_string(), "division by zero in f for x = 12345");

    let input = inputs(50_000);
    let mut output = vec![0; input.len()];
    let control = RunControl::default();
    let stop = map_parallel(&f, &input, &mut output, nz(2), nz(100), &control, &SystemClock::default()).unwrap_err();
    assert_eq!(stop, expected);
    assert!(control.is_cancelled(), "the other threads were told to stop");
}

#[test]
fn an_endless_loop_runs_out_of_its_budget() {
    let f = Program::parse("def f(x):\n    while True:\n        pass\n").unwrap();
    let stop = map_sequential(&f, &[27], &RunControl::default()).unwrap_err();
    assert_eq!(stop.to_string(), "f did not return for x = 27 after 10,000,000 steps");
}

#[test]
fn a_wrong_output_fails_the_spot_check() {
    let f = preset("prime");
    let input = inputs(5000);
    let mut output = map_sequential(&f, &input, &RunControl::default()).unwrap();
    assert!(input.iter().zip(&output).all(|(&x, &out)| f.checks(x, out)));
    output[97] = 0;
    assert!(!f.checks(97, output[97]), "97 is prime: 0 is wrong");
}

fn parse_query(query: &str) -> parlab_kernels::params::Parsed {
    let pairs: Vec<(&str, &str)> = query.split('&').map(|p| p.split_once('=').unwrap_or((p, ""))).collect();
    parse(pairs, nz(4))
}

#[test]
fn f_is_a_parameter_that_a_link_carries_with_custom_only() {
    let source = "def f(x):\n    return x + 1\n";
    let parsed = parse_query(&format!("demo=map&workload=custom&f={source}"));
    assert!(parsed.problems.is_empty(), "{:?}", parsed.problems);
    assert_eq!((parsed.state.map.workload, parsed.state.map.f), (MapFunction::Custom, Source::intern(source)));
    let query = parsed.state.to_query();
    assert!(query.contains(&("f", source.to_owned())), "{query:?}");

    // Another workload keeps f in the state but leaves it out of the link.
    let parsed = parse_query(&format!("demo=map&workload=square&f={source}"));
    assert_eq!(parsed.state.map.f, Source::intern(source));
    assert!(parsed.state.to_query().iter().all(|(key, _)| *key != "f"));
}

#[test]
fn an_f_over_4_kib_is_refused_with_a_message() {
    let long = format!("def f(x):\n    return x\n{}", "#".repeat(4100));
    let parsed = parse_query(&format!("demo=map&workload=custom&f={long}"));
    assert_eq!(parsed.problems.len(), 1);
    assert!(parsed.problems[0].message.contains("over the limit of 4,096 (4 KiB)"), "{}", parsed.problems[0].message);
    assert_eq!(parsed.state.map.f, PageState::defaults(nz(4)).map.f);
}

#[test]
fn the_worth_verdict_follows_the_measured_speedup() {
    let f = preset("collatz");
    let config = config(20_000, 2);
    let mut report = run_map(&config, &f, &RunControl::new(config.total_work()), &SystemClock::default()).unwrap();
    let timing = |ms: f64| parlab_kernels::stats::Timings { samples_ms: vec![ms], correct: true }.finish(2);
    report.sequential = parlab_kernels::stats::Timings { samples_ms: vec![20.0], correct: true }.finish(1);
    report.parallel = Some(timing(10.5));
    assert!(worth_the_pool(&report).starts_with("f took 1000.0 ns per element on one thread: heavy enough"));
    report.parallel = Some(timing(14.0));
    assert!(worth_the_pool(&report).contains("worth the pool at n = 20,000 (1.43× faster on 2 threads)"));
    report.parallel = Some(timing(25.0));
    assert!(worth_the_pool(&report).contains("not worth the pool at n = 20,000 (1.25× slower on 2 threads)"));
}

#[test]
fn the_output_digest_tells_outputs_apart() {
    let config = config(5000, 2);
    let control = || RunControl::new(config.total_work());
    let custom = run_map(&config, &preset("collatz"), &control(), &SystemClock::default()).unwrap();
    let built_in = run_map(&config, &Workload::Collatz, &control(), &SystemClock::default()).unwrap();
    let square = run_map(&config, &Workload::Square, &control(), &SystemClock::default()).unwrap();
    assert_eq!(custom.output_digest, built_in.output_digest);
    assert_ne!(custom.output_digest, square.output_digest);
    assert_ne!(output_digest(&[1, 2]), output_digest(&[2, 1]));
}

#[test]
fn the_first_warm_up_chunk_of_each_thread_is_kept_and_compared_with_the_steady_state() {
    let config = config(20_000, 2);
    let report =
        run_map(&config, &preset("collatz"), &RunControl::new(config.total_work()), &SystemClock::default()).unwrap();
    // A warm-up of 20,000 elements in chunks of 1,000: every chunk recorded.
    assert_eq!(report.warmup_chunks.len(), 20);
    let ratio = first_chunk_ratio(&report).expect("both the warm-up and the last repeat have chunks");
    assert!(ratio > 0.0 && ratio.is_finite(), "{ratio}");
    let mut no_warm_up = report.clone();
    no_warm_up.warmup_chunks.clear();
    assert_eq!(first_chunk_ratio(&no_warm_up), None);
}
