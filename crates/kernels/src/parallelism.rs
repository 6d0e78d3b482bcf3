//! How much parallel throughput a device really gives, measured rather than read from
//! `navigator.hardwareConcurrency`: browsers may round that count up (WebKit said 4 on a 2-CPU
//! machine), and hyper-threads count as cores though two of them share one core's units.
//!
//! The same short compute-bound job runs on 1, 2, … P threads; the measured parallelism is the
//! best throughput divided by the one-thread throughput, rounded. It says how much of the device
//! was free while it was measured (another program, another tab, hyper-threads, a browser that
//! rounds its count up all read lower); the page shows it and never lowers its default k by it.

use std::sync::atomic::{AtomicU64, Ordering};

use crate::clock::Clock;
use crate::map::collatz_steps;
use crate::threads::on_k_loops;

/// Throughput with `threads` threads: work units per millisecond.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Throughput {
    pub threads: usize,
    pub per_ms: f64,
}

/// The measured parallelism from throughputs at several thread counts (one of them 1): the best
/// divided by the one-thread figure, rounded to the nearest whole number and at least 1; `None`
/// without a positive one-thread figure. Noise moves the best point by a few percent, which the
/// rounding absorbs; a plateau (more threads, no more throughput) is read as its height.
///
/// One thread cannot be slower than each of k threads sharing the cores, so the one-thread
/// figure is taken as at least the best per-thread throughput at any k: a one-thread window that
/// something else disturbed (another page's workers still winding down, the engine compiling)
/// would otherwise read 4 on 2 CPUs, as WebKit once did in CI.
pub fn estimate(points: &[Throughput]) -> Option<usize> {
    free_cores(points).map(|free| (free.round() as usize).max(1))
}

/// The best throughput divided by the one-thread figure, unrounded (at least 1): how many cores'
/// worth of work the device gave while it was measured, e.g. 1.1 of 2 on a busy machine. It is a
/// reading of that moment, for the banner and the verdicts; it never sets the default thread
/// count (a busy second would then take the page's one lesson away). [`estimate`] rounds it.
pub fn free_cores(points: &[Throughput]) -> Option<f64> {
    let measured_single = points.iter().find(|p| p.threads == 1).map(|p| p.per_ms).filter(|t| *t > 0.0)?;
    let single =
        points.iter().filter(|p| p.threads > 0).map(|p| p.per_ms / p.threads as f64).fold(measured_single, f64::max);
    let best = points.iter().map(|p| p.per_ms).fold(single, f64::max);
    Some((best / single).max(1.0))
}

/// The throughput curve on 1 … `threads` threads, `ms` each: the job once untimed first on
/// every thread, then the whole curve twice, keeping each thread count's faster figure. Every
/// figure divides by the one-thread one, and a disturbed window (a core still waking, another
/// program, a page that is going away) made one low: natively, 2 threads once measured 2.5 × 1
/// thread on 2 CPUs, and WebKit once measured 3 on 2 CPUs. The warm-up runs on all the threads
/// because in a browser each worker compiles its own code.
pub fn measure_curve(threads: usize, ms: f64, clock: &dyn Clock) -> Vec<Throughput> {
    let threads = threads.max(1);
    measure(threads, ms / 2.0, clock);
    let mut points: Vec<Throughput> = (1..=threads).map(|k| measure(k, ms, clock)).collect();
    for point in &mut points {
        point.per_ms = point.per_ms.max(measure(point.threads, ms, clock).per_ms);
    }
    points
}

/// Numbers of the Collatz job per block between clock readings.
const BLOCK: u32 = 2_048;

/// Runs the Collatz job on `threads` threads for about `ms` milliseconds and returns its
/// throughput. Call from a pool thread with at least `threads` threads free.
pub fn measure(threads: usize, ms: f64, clock: &dyn Clock) -> Throughput {
    let done = AtomicU64::new(0);
    let began = clock.now_ms();
    on_k_loops(threads, |t| {
        let mut x = 1 + t as u32 * 7_919;
        while clock.now_ms() - began < ms {
            let mut sink = 0u64;
            for _ in 0..BLOCK {
                sink = sink.wrapping_add(collatz_steps(x));
                x = x.wrapping_add(1) | 1;
            }
            std::hint::black_box(sink);
            done.fetch_add(u64::from(BLOCK), Ordering::Relaxed);
        }
    });
    let elapsed = (clock.now_ms() - began).max(f64::MIN_POSITIVE);
    Throughput { threads, per_ms: done.load(Ordering::Relaxed) as f64 / elapsed }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn curve(per_thread: impl Fn(usize) -> f64, threads: usize) -> Vec<Throughput> {
        (1..=threads).map(|k| Throughput { threads: k, per_ms: per_thread(k) }).collect()
    }

    #[test]
    fn linear_to_the_core_count() {
        assert_eq!(estimate(&curve(|k| 100.0 * k as f64, 4)), Some(4));
        assert_eq!(estimate(&curve(|k| 100.0 * k as f64, 1)), Some(1));
    }

    #[test]
    fn a_plateau_at_two_of_four_reported_cores() {
        assert_eq!(estimate(&curve(|k| 100.0 * k.min(2) as f64, 4)), Some(2));
        // Past the plateau the threads take turns and lose a little.
        assert_eq!(estimate(&curve(|k| if k <= 2 { 100.0 * k as f64 } else { 185.0 }, 4)), Some(2));
    }

    #[test]
    fn hyper_threads_count_for_less_than_a_core() {
        // 4 physical cores, 8 logical: the second thread of a core adds about a quarter.
        let smt = |k: usize| 100.0 * (k.min(4) as f64 + 0.25 * k.saturating_sub(4) as f64);
        assert_eq!(estimate(&curve(smt, 8)), Some(5));
    }

    #[test]
    fn noise_of_a_few_percent_is_absorbed() {
        let noisy = [1.03, 0.97, 1.04, 0.96];
        assert_eq!(estimate(&curve(|k| 100.0 * k as f64 * noisy[k - 1], 4)), Some(4));
        assert_eq!(estimate(&curve(|k| 100.0 * k.min(2) as f64 * noisy[k - 1], 4)), Some(2));
    }

    #[test]
    fn a_disturbed_one_thread_window_does_not_inflate_the_figure() {
        // 2 CPUs; the one-thread window ran at 40 % while other workers still held the cores.
        let disturbed = |k: usize| if k == 1 { 40.0 } else { 100.0 * k.min(2) as f64 };
        assert_eq!(estimate(&curve(disturbed, 4)), Some(2));
        let disturbed_linear = |k: usize| if k == 1 { 55.0 } else { 100.0 * k as f64 };
        assert_eq!(estimate(&curve(disturbed_linear, 4)), Some(4));
    }

    #[test]
    fn a_busy_machine_reads_as_a_fraction_of_its_cores() {
        // 2 CPUs, one of them mostly taken by another program: 2 threads gave 1.1 × one thread.
        let busy = |k: usize| if k == 1 { 100.0 } else { 110.0 };
        let free = free_cores(&curve(busy, 2)).unwrap_or_default();
        assert!((free - 1.1).abs() < 1e-9, "{free}");
        assert_eq!(estimate(&curve(busy, 2)), Some(1));
    }

    #[test]
    fn no_one_thread_figure_no_estimate() {
        assert_eq!(estimate(&[Throughput { threads: 2, per_ms: 10.0 }]), None);
        assert_eq!(estimate(&[Throughput { threads: 1, per_ms: 0.0 }]), None);
        assert_eq!(free_cores(&[Throughput { threads: 1, per_ms: 0.0 }]), None);
    }
}
