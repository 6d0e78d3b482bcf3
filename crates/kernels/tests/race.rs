use std::num::NonZeroUsize;

use parlab_kernels::control::{Cancelled, RunControl};
use parlab_kernels::race::{self, PaddedCounter, StepThrough, Variant};

fn nz(value: usize) -> NonZeroUsize {
    NonZeroUsize::new(value).unwrap()
}

#[test]
fn every_safe_variant_counts_exactly_n_on_any_number_of_threads() {
    for threads in [1, 2, 3, 4, 7] {
        for n in [0, 1, 5, 4096, 100_003] {
            for variant in Variant::ALL.into_iter().filter(|v| *v != Variant::Unsynchronized) {
                let count = race::count(variant, n, nz(threads), 0, &RunControl::new(n)).unwrap();
                assert_eq!(count.final_value, n, "{} on {threads} threads, n = {n}", variant.name());
                assert_eq!(count.lost(), 0);
            }
        }
    }
}

#[test]
fn unsynchronized_is_exact_on_one_thread() {
    let count = race::count(Variant::Unsynchronized, 1_000_000, nz(1), 3, &RunControl::new(0)).unwrap();
    assert_eq!((count.final_value, count.expected), (1_000_000, 1_000_000));
}

#[test]
fn unsynchronized_never_counts_more_than_n() {
    // Whether updates are lost depends on the machine's scheduling; more than n never happens.
    let pool = rayon::ThreadPoolBuilder::new().num_threads(4).build().unwrap();
    let count =
        pool.install(|| race::count(Variant::Unsynchronized, 2_000_000, nz(4), 50, &RunControl::new(0))).unwrap();
    assert!(count.final_value <= count.expected);
    assert_eq!(count.lost(), count.expected - count.final_value);
}

#[test]
fn padded_counters_sit_at_least_128_bytes_apart() {
    let slots: Vec<PaddedCounter> = (0..4).map(|_| PaddedCounter::default()).collect();
    let addresses: Vec<usize> = slots.iter().map(|s| std::ptr::from_ref(&s.0) as usize).collect();
    for pair in addresses.windows(2) {
        assert!(pair[1] - pair[0] >= 128, "{addresses:?}");
    }
    assert_eq!(addresses[0] % 128, 0);
}

#[test]
fn a_cancelled_count_stops_and_says_so() {
    let control = RunControl::new(0);
    control.cancel();
    for variant in Variant::ALL {
        assert_eq!(race::count(variant, 10_000_000, nz(2), 0, &control), Err(Cancelled), "{}", variant.name());
    }
}

#[test]
fn every_variant_stops_mid_run_when_cancelled() {
    // At window 1000 a full run of 100 M increments takes minutes in every variant.
    for variant in Variant::ALL {
        let control = RunControl::new(0);
        let canceller = control.clone();
        let stopper = std::thread::spawn(move || {
            std::thread::sleep(std::time::Duration::from_millis(30));
            canceller.cancel();
            std::time::Instant::now()
        });
        let result = race::count(variant, 100_000_000, nz(2), 1000, &control);
        let returned = std::time::Instant::now();
        let cancelled_at = stopper.join().unwrap();
        assert_eq!(result, Err(Cancelled), "{}", variant.name());
        // Generous: the bound is "it stops mid-run", not a latency budget (the benchmark
        // reports the latency).
        let late = returned.saturating_duration_since(cancelled_at);
        assert!(late.as_secs_f64() < 1.0, "{} took {late:?} to stop", variant.name());
    }
}

fn run_schedule(schedule: &[usize]) -> StepThrough {
    let mut state = StepThrough::default();
    for &thread in schedule {
        assert!(state.step(thread));
    }
    state
}

#[test]
fn step_through_loses_an_update_when_both_read_before_either_writes() {
    let lost = run_schedule(&[0, 1, 0, 1, 0, 1]);
    assert!(lost.is_done());
    assert_eq!((lost.shared, lost.lost()), (1, 1));
    let serial = run_schedule(&[0, 0, 0, 1, 1, 1]);
    assert_eq!((serial.shared, serial.lost()), (2, 0));
}

#[test]
fn step_through_reaches_every_schedule_and_only_1_or_2() {
    let schedules = StepThrough::schedules();
    assert_eq!(schedules.len(), 20, "6 choose 3 interleavings");
    let mut finals = std::collections::BTreeMap::new();
    for schedule in &schedules {
        let state = run_schedule(schedule);
        assert!(state.is_done());
        *finals.entry(state.shared).or_insert(0) += 1;
        let mut extra = state;
        assert!(!extra.step(0) && !extra.step(1), "a finished thread takes no more steps");
    }
    // The update survives only when one thread writes before the other reads: 2 of 20 orders.
    assert_eq!(finals, [(1, 18), (2, 2)].into_iter().collect());
    let mut state = StepThrough::default();
    assert!(!state.step(2), "there are two threads");
}

#[test]
fn a_race_run_times_every_variant_and_flags_only_lost_updates() {
    use parlab_kernels::clock::SystemClock;
    use parlab_kernels::race::{RaceConfig, run_race};
    let config = RaceConfig { n: 200_000, threads: nz(2), window: 0, repeats: nz(2) };
    let control = RunControl::new(config.total_work());
    let report = run_race(&config, &control, &SystemClock::default()).unwrap();
    let names: Vec<&str> = report.rows.iter().map(|r| r.variant.name()).collect();
    assert_eq!(names, Variant::ALL.map(Variant::name));
    for row in &report.rows {
        assert_eq!(row.timing.summary.runs, 2);
        if row.variant != Variant::Unsynchronized {
            assert!(row.timing.correct, "{}", row.variant.name());
            assert_eq!(row.last.final_value, 200_000);
        }
    }
    assert_eq!(report.rows[0].timing.threads, 1);
    assert!(report.rows[1..].iter().all(|r| r.timing.threads == 2));
    assert_eq!(control.progress().0, config.total_work(), "progress reaches the total exactly");
    // Padded slots each on a line of their own; adjacent slots 8 bytes apart, on one line.
    let layout = |variant: Variant| report.rows.iter().find(|r| r.variant == variant).and_then(|r| r.last.layout);
    let padded = layout(Variant::PaddedSlots).expect("two padded slots");
    assert_eq!((padded.stride, padded.line_offset), (128, 0));
    assert!(padded.lines_apart());
    let adjacent = layout(Variant::AdjacentSlots).expect("two adjacent slots");
    assert_eq!(adjacent.stride, 8);
    assert!(!adjacent.lines_apart());
    assert_eq!(layout(Variant::Atomic), None);
    let costs = report.store_costs;
    for ns in [costs.plain_ns, costs.atomic_store_ns, costs.atomic_add_ns] {
        assert!(ns > 0.0 && ns.is_finite(), "{costs:?}");
    }
}
