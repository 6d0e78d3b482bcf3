use std::time::{Duration, Instant};

use parlab_kernels::clock::SystemClock;
use parlab_kernels::control::RunControl;
use parlab_kernels::producer_consumer::*;

fn params(producers: usize, consumers: usize, capacity: usize, items: usize) -> PcParams {
    PcParams { producers, consumers, capacity, items, produce_us: 5, consume_us: 5, seed: 7, bug: Bug::None }
}

fn pool(threads: usize) -> rayon::ThreadPool {
    rayon::ThreadPoolBuilder::new().num_threads(threads).build().unwrap()
}

fn run(params: &PcParams, pool: &rayon::ThreadPool) -> Result<PcReport, PcError> {
    pool.install(|| run_pc(params, &RunControl::default(), &SystemClock::default()))
}

#[test]
fn every_item_is_used_exactly_once_and_in_the_order_made_for_every_shape() {
    let pool = pool(17);
    for (p, c, capacity, items) in [
        (1, 1, 1, 150),
        (1, 8, 1, 150),
        (8, 1, 1, 150),
        (2, 2, 8, 150),
        (3, 5, 1024, 150),
        (8, 8, 1, 150),
        (8, 8, 3, 150),
        (1, 8, 1, 1),
    ] {
        let report = run(&params(p, c, capacity, items), &pool).unwrap();
        let label = format!("{p} producers, {c} consumers, capacity {capacity}");
        assert!(report.run.deadlock.is_none(), "{label}");
        assert!(report.sequential.correct, "{label}: sequential");
        let parallel = report.parallel.as_ref().unwrap();
        assert!(parallel.correct, "{label}: threads");
        assert_eq!(parallel.threads, p + c);
        assert_eq!(report.run.consumed, p * items, "{label}");
        let made: usize = report.run.lanes.iter().filter(|l| l.name.role == Role::Producer).map(|l| l.items).sum();
        let used: usize = report.run.lanes.iter().filter(|l| l.name.role == Role::Consumer).map(|l| l.items).sum();
        assert_eq!((made, used), (p * items, p * items), "{label}");
        // The buffer never held more than its capacity, nor less than nothing.
        assert!(report.run.occupancy.iter().all(|&(_, filled)| filled <= capacity), "{label}");
    }
}

#[test]
fn with_no_work_per_item_only_the_buffer_is_timed_and_every_item_still_arrives_once_in_order() {
    let pool = pool(17);
    for capacity in [1, 2, 64] {
        let zero = PcParams { produce_us: 0, consume_us: 0, ..params(4, 4, capacity, 2_000) };
        let report = run(&zero, &pool).unwrap();
        assert!(report.parallel.unwrap().correct, "capacity {capacity}");
    }
}

#[test]
fn the_checker_rejects_lost_repeated_and_reordered_items() {
    let right = [(0, 0, 0), (2, 1, 1), (1, 2, 2)];
    assert!(check_used(&right, 3));
    assert!(!check_used(&right[..2], 3), "an item lost");
    assert!(!check_used(&[(0, 0, 0), (0, 1, 1), (1, 2, 2)], 3), "an item used twice");
    assert!(!check_used(&[(0, 0, 1), (2, 1, 0), (1, 2, 2)], 3), "taken out of order");
    assert!(!check_used(&[(0, 0, 0), (7, 1, 1), (1, 2, 2)], 3), "an item never made");
}

#[test]
fn the_lanes_show_work_and_waits_in_time_order_per_thread() {
    let pool = pool(17);
    // Slow consumers: the producers wait on a full buffer.
    let slow_consumers = PcParams { consume_us: 200, produce_us: 10, ..params(2, 1, 2, 40) };
    let report = run(&slow_consumers, &pool).unwrap();
    let producer_waits: usize = report
        .run
        .lanes
        .iter()
        .filter(|l| l.name.role == Role::Producer)
        .map(|l| l.spans.iter().filter(|s| s.0 == LaneKind::WaitingFull).count())
        .sum();
    assert!(producer_waits > 0, "producers waited for a free slot");
    for lane in &report.run.lanes {
        for pair in lane.spans.windows(2) {
            assert!(pair[0].2 <= pair[1].1 + 1e-9, "{}: spans overlap", lane.name.label());
        }
    }
}

#[test]
fn hold_lock_deadlocks_is_found_and_every_thread_returns_50_times_in_a_row() {
    let pool = pool(17);
    let buggy = PcParams { bug: Bug::HoldLock, produce_us: 50, consume_us: 0, ..params(2, 3, 4, 100) };
    for attempt in 0..50 {
        let began = Instant::now();
        let report = run(&buggy, &pool).unwrap();
        let deadlock = report.run.deadlock.as_ref().unwrap_or_else(|| panic!("attempt {attempt}: no deadlock found"));
        assert!(report.parallel.is_none());
        assert!(!report.run.correct);
        let holder = deadlock.lock_holder.expect("a consumer holds the lock");
        assert_eq!(holder.role, Role::Consumer);
        assert!(deadlock.cycle.contains(&(holder, LaneKind::WaitingEmpty)), "attempt {attempt}: {deadlock:?}");
        assert!(
            deadlock.cycle.iter().any(|&(name, kind)| name.role == Role::Producer && kind == LaneKind::WaitingLock),
            "attempt {attempt}: {deadlock:?}"
        );
        assert!(began.elapsed() < Duration::from_secs(2), "attempt {attempt} took {:?}", began.elapsed());
    }
    // The pool is still usable.
    assert!(run(&params(2, 3, 4, 50), &pool).unwrap().parallel.unwrap().correct);
}

#[test]
fn hold_lock_at_capacity_one_names_the_lock_holder_and_a_producer_waiting_for_the_lock() {
    let pool = pool(17);
    let buggy = PcParams { bug: Bug::HoldLock, produce_us: 50, consume_us: 0, ..params(2, 3, 1, 100) };
    for attempt in 0..50 {
        let report = run(&buggy, &pool).unwrap();
        let deadlock = report.run.deadlock.as_ref().unwrap_or_else(|| panic!("attempt {attempt}: no deadlock found"));
        let holder = deadlock.lock_holder.expect("a consumer holds the lock");
        assert!(deadlock.cycle.contains(&(holder, LaneKind::WaitingEmpty)), "attempt {attempt}: {deadlock:?}");
        assert!(
            deadlock.cycle.iter().any(|&(name, kind)| name.role == Role::Producer && kind == LaneKind::WaitingLock),
            "attempt {attempt}: {deadlock:?}"
        );
    }
}

#[test]
fn cancel_stops_the_sequential_run_and_the_threads_quickly_and_the_pool_stays_usable() {
    let pool = pool(17);
    let long = PcParams { produce_us: 500, consume_us: 500, ..params(4, 4, 8, 100_000) };
    // The sequential run (run_pc starts with it), then the threads (the sweep has no sequential
    // run), some asleep on the buffer, some working.
    for threads_only in [false, true] {
        let control = RunControl::default();
        let stopped_within = std::thread::scope(|s| {
            let run = s.spawn(|| {
                pool.install(|| {
                    if threads_only {
                        run_capacity_sweep(&long, &control, &SystemClock::default()).map(|_| ())
                    } else {
                        run_pc(&long, &control, &SystemClock::default()).map(|_| ())
                    }
                })
            });
            std::thread::sleep(Duration::from_millis(300));
            let clicked = Instant::now();
            control.cancel();
            assert_eq!(run.join().unwrap(), Err(PcError::Cancelled));
            clicked.elapsed()
        });
        assert!(
            stopped_within < Duration::from_millis(500),
            "threads only: {threads_only}: stopped after {stopped_within:?}"
        );
        assert!(run(&params(2, 2, 4, 50), &pool).unwrap().parallel.unwrap().correct);
    }
}

#[test]
fn the_capacity_sweep_measures_every_capacity() {
    let pool = pool(17);
    let points = pool
        .install(|| run_capacity_sweep(&params(2, 2, 8, 60), &RunControl::default(), &SystemClock::default()))
        .unwrap();
    assert_eq!(points.iter().map(|p| p.capacity).collect::<Vec<_>>(), SWEEP_CAPACITIES);
    assert!(points.iter().all(|p| p.correct && p.items_per_s > 0.0));
}

#[test]
fn a_pool_too_small_for_every_thread_is_refused_with_the_numbers() {
    let err = run(&params(4, 4, 8, 10), &pool(4)).unwrap_err();
    assert_eq!(err, PcError::NotEnoughThreads { needed: 9, available: 4 });
    assert!(err.to_string().contains("9 pool threads"));
}

#[test]
fn each_item_s_work_varies_by_half_either_way_and_the_seed_changes_it() {
    let p = params(2, 2, 8, 1000);
    let other = PcParams { seed: 8, ..p };
    let mut differs = 0;
    for index in 0..1000 {
        let us = work_us(&p, 1, index, false);
        assert!((2.5..=7.5).contains(&us), "{us}");
        differs += usize::from(us != work_us(&other, 1, index, false));
    }
    assert!(differs > 990, "another seed, other work: {differs} of 1000 differ");
}
