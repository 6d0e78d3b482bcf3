//! The barrier demo's kernel: every variant gives the sequential rod bit for bit, the barrier
//! keeps the threads in step and stops them all on Cancel, and the timed run reports each
//! thread's waits.

use std::num::NonZeroUsize;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use parlab_kernels::barrier::{self, BarrierConfig, StepBarrier, Variant};
use parlab_kernels::clock::SystemClock;
use parlab_kernels::control::RunControl;

fn pool(threads: usize) -> rayon::ThreadPool {
    rayon::ThreadPoolBuilder::new().num_threads(threads).build().unwrap()
}

fn config(n: usize, steps: usize, threads: usize) -> BarrierConfig {
    BarrierConfig { n, steps, threads: NonZeroUsize::new(threads).unwrap(), repeats: NonZeroUsize::new(2).unwrap() }
}

#[test]
fn every_variant_equals_the_sequential_rod_bit_for_bit() {
    for (n, steps, threads) in [(64, 1, 1), (64, 7, 4), (1_000, 50, 3), (10_007, 20, 4), (100, 10, 8)] {
        let report = pool(threads.max(2))
            .install(|| barrier::run_barrier(&config(n, steps, threads), &RunControl::new(0), &SystemClock::default()))
            .unwrap();
        let names: Vec<&str> = report.rows.iter().map(|r| r.variant.name()).collect();
        assert_eq!(names, ["sequential", "barrier", "spawn-per-step"]);
        for row in &report.rows {
            assert!(row.timing.correct, "n={n} steps={steps} k={threads}: {} differs", row.variant.name());
            assert_eq!(row.timing.samples_ms.len(), 2);
        }
        assert_eq!(report.rows[1].timing.threads, threads);
        assert_eq!(report.waits.len(), threads, "a waits record per thread");
        for waits in &report.waits {
            assert_eq!(waits.waits.len(), steps.min(barrier::RECORDED_STEPS));
            assert!(waits.total_wait_ms >= 0.0);
        }
    }
}

#[test]
fn heat_spreads_and_the_ends_stay_cold() {
    let report = pool(2)
        .install(|| barrier::run_barrier(&config(40, 400, 2), &RunControl::new(0), &SystemClock::default()))
        .unwrap();
    let profile = &report.profile;
    assert_eq!(profile.len(), 40);
    assert_eq!(profile[0], 0.0, "the end stays at 0°");
    assert!(profile[5] > 0.0, "heat reached the cold quarter");
    assert!(profile[20] < 100.0, "the middle cooled");
}

#[test]
fn the_step_barrier_keeps_threads_in_step_and_stops_them_together() {
    let threads = 4;
    let arrived = AtomicUsize::new(0);
    let barrier = StepBarrier::new(threads);
    let stopped_at: Vec<usize> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..threads)
            .map(|t| {
                let (barrier, arrived) = (&barrier, &arrived);
                scope.spawn(move || {
                    for step in 0.. {
                        arrived.fetch_add(1, Ordering::SeqCst);
                        if t == 2 && step == 3 {
                            std::thread::sleep(Duration::from_millis(20));
                        }
                        // Thread 1 asks to stop at step 5: everyone stops there.
                        let stop = barrier.wait(t == 1 && step == 5);
                        // Nobody passed this meeting before all arrived.
                        assert!(arrived.load(Ordering::SeqCst) >= (step + 1) * threads);
                        if stop {
                            return step;
                        }
                    }
                    unreachable!()
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    assert_eq!(stopped_at, vec![5; threads]);
}

#[test]
fn every_thread_stops_at_the_same_meeting_whoever_asks_over_thousands_of_meetings() {
    // Threads ≤ 3: more threads than cores make every spinning wait cost a time slice.
    for round in 0..12u64 {
        let threads = 2 + (round as usize % 2);
        let asker = round as usize % threads;
        let stop_at = 200 + (round as usize * 397) % 600;
        let barrier = barrier::StepBarrier::new(threads);
        let stopped_at: Vec<usize> = std::thread::scope(|scope| {
            let handles: Vec<_> = (0..threads)
                .map(|t| {
                    let barrier = &barrier;
                    scope.spawn(move || (0..).find(|&step| barrier.wait(t == asker && step == stop_at)).unwrap())
                })
                .collect();
            handles.into_iter().map(|h| h.join().unwrap()).collect()
        });
        assert_eq!(stopped_at, vec![stop_at; threads], "round {round}");
    }
}

#[test]
fn cancel_stops_every_variant_and_every_thread_returns() {
    let p = pool(4);
    for variant in Variant::ALL {
        let control = RunControl::new(0);
        let cancel = control.clone();
        let canceller = std::thread::spawn(move || {
            std::thread::sleep(Duration::from_millis(50));
            cancel.cancel();
        });
        let began = std::time::Instant::now();
        let result = p.install(|| barrier::sweep_rod(variant, 200_000, 10_000, 4, &control, &SystemClock::default()));
        canceller.join().unwrap();
        assert!(result.is_err(), "{}: cancelled", variant.name());
        assert!(began.elapsed() < Duration::from_secs(2), "{}: stopped promptly", variant.name());
    }
    // The pool is usable after: a normal run.
    let report = p
        .install(|| barrier::run_barrier(&config(1_000, 10, 4), &RunControl::new(0), &SystemClock::default()))
        .unwrap();
    assert!(report.rows.iter().all(|r| r.timing.correct));
}

#[test]
fn shares_cover_the_rod_exactly_once() {
    for (n, k) in [(64, 1), (64, 3), (1_000, 7), (10, 16)] {
        let mut covered = vec![0; n];
        for t in 0..k {
            for i in barrier::share(n, k, t) {
                covered[i] += 1;
            }
        }
        assert!(covered.iter().all(|&c| c == 1), "n={n} k={k}");
    }
}
