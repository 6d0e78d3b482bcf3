//! The measurement itself on this machine: its figure lies between 1 and the threads it had.
//! (How far above 1 is a property of the machine, reported by the benchmark, not asserted.)

use parlab_kernels::clock::SystemClock;
use parlab_kernels::parallelism::{self, Throughput};

#[test]
fn the_measured_parallelism_is_between_one_and_the_threads_used() {
    let threads = std::thread::available_parallelism().map_or(2, |n| n.get()).clamp(2, 4);
    let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).build().unwrap();
    let clock = SystemClock::default();
    let points: Vec<Throughput> = pool.install(|| parallelism::measure_curve(threads, 60.0, &clock));
    assert_eq!(points.iter().map(|p| p.threads).collect::<Vec<_>>(), (1..=threads).collect::<Vec<_>>());
    assert!(points.iter().all(|p| p.per_ms > 0.0), "{points:?}");
    let measured = parallelism::estimate(&points).unwrap();
    assert!((1..=threads).contains(&measured), "measured {measured} on {threads} threads: {points:?}");
}
