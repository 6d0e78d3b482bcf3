use std::time::{Duration, Instant};

use parlab_kernels::clock::SystemClock;
use parlab_kernels::control::RunControl;
use parlab_kernels::params::{Limits, parse_params};
use parlab_kernels::producer_consumer::*;

fn params(producers: usize, consumers: usize, capacity: usize, items: usize) -> PcParams {
    PcParams {
        producers,
        consumers,
        capacity,
        items,
        produce_us: 5,
        consume_us: 5,
        seed: 7,
        sync: SyncMethod::Semaphores,
        bug: Bug::None,
    }
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

fn on_condition(bug: Bug, params: PcParams) -> PcParams {
    PcParams { sync: SyncMethod::Condition, bug, ..params }
}

#[test]
fn on_the_condition_every_item_is_used_exactly_once_and_in_the_order_made_for_every_shape() {
    let pool = pool(17);
    for (p, c, capacity, items) in [(1, 1, 1, 150), (1, 8, 1, 150), (8, 1, 1, 150), (2, 3, 4, 300), (8, 8, 3, 150)] {
        for work_us in [0, 5] {
            let condition = on_condition(
                Bug::None,
                PcParams { produce_us: work_us, consume_us: work_us, ..params(p, c, capacity, items) },
            );
            let report = run(&condition, &pool).unwrap();
            let label = format!("{p} producers, {c} consumers, capacity {capacity}, {work_us} µs");
            assert!(report.run.deadlock.is_none(), "{label}");
            assert!(report.sequential.correct, "{label}: sequential");
            assert!(report.parallel.as_ref().unwrap().correct, "{label}: threads");
            assert_eq!((report.run.consumed, report.run.empty_takes), (p * items, 0), "{label}");
            assert!(report.run.occupancy.iter().all(|&(_, filled)| filled <= capacity), "{label}");
        }
    }
}

#[test]
fn on_the_condition_waits_are_drawn_as_waits_for_a_free_slot_or_an_item() {
    let pool = pool(17);
    let slow_consumers = on_condition(Bug::None, PcParams { consume_us: 200, produce_us: 10, ..params(2, 1, 2, 40) });
    let report = run(&slow_consumers, &pool).unwrap();
    let waits = |role: Role, kind: LaneKind| -> usize {
        report
            .run
            .lanes
            .iter()
            .filter(|l| l.name.role == role)
            .map(|l| l.spans.iter().filter(|s| s.0 == kind).count())
            .sum()
    };
    assert!(waits(Role::Producer, LaneKind::WaitingFull) > 0, "producers waited on the condition for a free slot");
    assert_eq!(waits(Role::Producer, LaneKind::WaitingEmpty), 0);
}

/// Runs `params` up to `attempts` times, until `happened`; every run must return. The
/// attempt it happened at, if it did.
fn until(params: &PcParams, attempts: usize, happened: impl Fn(&PcReport) -> bool) -> Option<(usize, PcReport)> {
    let pool = pool(17);
    (1..=attempts).find_map(|attempt| {
        let began = Instant::now();
        let report = run(params, &pool).unwrap();
        assert!(began.elapsed() < Duration::from_secs(5), "attempt {attempt} took {:?}", began.elapsed());
        happened(&report).then_some((attempt, report))
    })
}

#[test]
fn if_wait_counts_the_takes_from_an_empty_buffer_and_still_uses_every_item_once() {
    // Three consumers asleep on an empty buffer, woken together by each put: all but one find
    // it empty again. It showed in every run of the first attempt here.
    let buggy = on_condition(Bug::IfWait, PcParams { produce_us: 50, consume_us: 0, ..params(1, 3, 1, 200) });
    let (attempt, report) = until(&buggy, 20, |r| r.run.empty_takes > 0).expect("an empty take in 20 runs");
    let parallel = report.parallel.as_ref().expect("no deadlock: every consumer goes round again");
    assert!(!parallel.correct && !report.run.correct, "an empty take is an error");
    assert!(report.run.deadlock.is_none());
    // The empty takes took nothing: every real item was still used once.
    assert_eq!(report.run.consumed, 200);
    println!("empty takes: {} at attempt {attempt}", report.run.empty_takes);
}

#[test]
fn notify_one_ends_with_every_thread_asleep_on_the_condition_which_the_watchdog_catches() {
    let buggy = on_condition(Bug::NotifyOne, PcParams { produce_us: 20, consume_us: 20, ..params(2, 3, 1, 1000) });
    let (attempt, report) = until(&buggy, 20, |r| r.run.deadlock.is_some()).expect("a deadlock in 20 runs");
    let deadlock = report.run.deadlock.as_ref().unwrap();
    assert_eq!(deadlock.kind, DeadlockKind::NobodyToNotify);
    assert!(report.parallel.is_none() && !report.run.correct);
    assert_eq!(deadlock.lock_holder, None, "a thread asleep on the condition gave the lock back");
    assert!(!deadlock.cycle.is_empty());
    for &(name, kind) in &deadlock.cycle {
        let expected = if name.role == Role::Producer { LaneKind::WaitingFull } else { LaneKind::WaitingEmpty };
        assert_eq!(kind, expected, "{deadlock:?}");
    }
    assert!(deadlock.cycle.iter().any(|(name, _)| name.role == Role::Consumer), "{deadlock:?}");
    println!("deadlock at attempt {attempt}: {:?}", deadlock.cycle);
    // The pool is still usable.
    assert!(run(&on_condition(Bug::None, params(2, 3, 1, 50)), &pool(17)).unwrap().parallel.unwrap().correct);
}

#[test]
fn sync_and_bug_are_read_together_and_a_bug_of_the_other_version_is_refused_with_the_fix() {
    let limits = Limits::from(std::num::NonZeroUsize::new(2).unwrap());
    let (p, problems) = parse_params::<PcParams>([("bug", "if-wait"), ("sync", "condition")], limits);
    assert_eq!((p.sync, p.bug, problems.len()), (SyncMethod::Condition, Bug::IfWait, 0), "bug may come before sync");
    let (p, _) = parse_params::<PcParams>([("sync", "condition"), ("bug", "notify-one")], limits);
    assert_eq!(p.bug, Bug::NotifyOne);
    let (p, _) = parse_params::<PcParams>([], limits);
    assert_eq!((p.sync, p.bug), (SyncMethod::Semaphores, Bug::None));
    for (sync, bug, wanted) in [
        ("semaphores", "if-wait", "sync=condition"),
        ("semaphores", "notify-one", "sync=condition"),
        ("condition", "hold-lock", "sync=semaphores"),
    ] {
        let (p, problems) = parse_params::<PcParams>([("sync", sync), ("bug", bug)], limits);
        assert_eq!(p.bug, Bug::None, "{sync} {bug}");
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].param, "bug");
        assert!(problems[0].message.contains(wanted), "{}", problems[0].message);
    }
    let (p, problems) = parse_params::<PcParams>([("sync", "monitor")], limits);
    assert_eq!((p.sync, problems[0].param.as_str()), (SyncMethod::Semaphores, "sync"));
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
