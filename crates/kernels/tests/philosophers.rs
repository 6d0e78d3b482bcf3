use parlab_kernels::clock::SystemClock;
use parlab_kernels::control::RunControl;
use parlab_kernels::philosophers::check::{check, jain_index, stats};
use parlab_kernels::philosophers::explore::explore;
use parlab_kernels::philosophers::simulate::simulate;
use parlab_kernels::philosophers::table::{TableError, run_threads};
use parlab_kernels::philosophers::wait_for::find_cycle;
use parlab_kernels::philosophers::*;

fn config(philosophers: usize, meals: usize, strategy: Strategy) -> DinnerConfig {
    DinnerConfig {
        philosophers,
        meals,
        strategy,
        force_deadlock: false,
        seed: 1,
        think_ms: 0,
        eat_ms: 0,
        jitter: false,
    }
}

fn pool(threads: usize) -> rayon::ThreadPool {
    rayon::ThreadPoolBuilder::new().num_threads(threads).build().unwrap()
}

fn work() -> Work {
    Work::calibrate(&SystemClock::default())
}

fn threads(config: &DinnerConfig, pool: &rayon::ThreadPool) -> Dinner {
    pool.install(|| run_threads(config, &work(), &RunControl::default(), &SystemClock::default())).unwrap()
}

fn event(seq: u64, philosopher: usize, kind: EventKind) -> Event {
    Event { seq, t_ms: seq as f64, philosopher, kind }
}

fn dinner(trace: Vec<Event>, ending: Ending) -> Dinner {
    Dinner { trace, ending, wall_ms: 10.0, threads: 1, stopped_at: None }
}

#[test]
fn checker_accepts_a_correct_trace_and_names_each_broken_rule() {
    let c = config(3, 1, Strategy::Naive);
    use EventKind::*;
    let good = vec![
        event(0, 0, Hungry),
        event(1, 0, PickUp(0)),
        event(2, 0, PickUp(1)),
        event(3, 0, Eat),
        event(4, 0, PutDown(1)),
        event(5, 0, PutDown(0)),
        event(6, 1, PickUp(1)),
        event(7, 1, PickUp(2)),
        event(8, 1, Eat),
        event(9, 1, PutDown(2)),
        event(10, 1, PutDown(1)),
        event(11, 2, PickUp(2)),
        event(12, 2, PickUp(0)),
        event(13, 2, Eat),
        event(14, 2, PutDown(0)),
        event(15, 2, PutDown(2)),
    ];
    assert!(check(&c, &dinner(good.clone(), Ending::Finished)).ok());

    let taken = vec![event(0, 0, PickUp(1)), event(1, 1, PickUp(1))];
    assert!(check(&c, &dinner(taken, Ending::Cancelled)).problems[0].contains("while philosopher 0 held it"));
    let one_stick = vec![event(0, 0, PickUp(0)), event(1, 0, Eat)];
    assert!(check(&c, &dinner(one_stick, Ending::Cancelled)).problems[0].contains("without holding both"));
    let far = vec![event(0, 0, PickUp(2))];
    assert!(check(&c, &dinner(far, Ending::Cancelled)).problems[0].contains("not beside"));
    let not_held = vec![event(0, 1, PutDown(1))];
    assert!(check(&c, &dinner(not_held, Ending::Cancelled)).problems[0].contains("without holding"));
    let short = dinner(good[..6].to_vec(), Ending::Finished);
    assert!(check(&c, &short).problems.iter().any(|p| p.contains("ate 0 meals")));
}

#[test]
fn checker_catches_neighbours_eating_together() {
    // A trace that breaks the chopstick rule too, as it must to let neighbours eat together;
    // the neighbour rule is reported on its own.
    let c = config(3, 1, Strategy::Naive);
    use EventKind::*;
    let trace = vec![event(0, 0, Eat), event(1, 1, Eat)];
    let verdict = check(&c, &dinner(trace, Ending::Cancelled));
    assert!(verdict.problems.iter().any(|p| p.contains("neighbours 1 and 0 ate at the same time")), "{verdict:?}");
}

#[test]
fn jain_index_is_one_when_even_and_one_over_n_when_one_gets_all() {
    assert_eq!(jain_index(&[3.0, 3.0, 3.0]), 1.0);
    assert!((jain_index(&[6.0, 0.0, 0.0]) - 1.0 / 3.0).abs() < 1e-12);
}

#[test]
fn find_cycle_finds_the_ring_and_ignores_chains() {
    assert_eq!(find_cycle(&[Some(1), Some(2), Some(0)]), Some(vec![0, 1, 2]));
    assert_eq!(find_cycle(&[Some(1), Some(2), None]), None);
    assert_eq!(find_cycle(&[None, Some(2), Some(1)]), Some(vec![1, 2]));
}

#[test]
fn simulation_is_deterministic_per_seed() {
    let kinds = |seed| {
        let c = DinnerConfig { seed, ..config(5, 10, Strategy::Ordered) };
        simulate(&c, &work(), &RunControl::default(), &SystemClock::default())
            .trace
            .iter()
            .map(|e| (e.seq, e.philosopher, e.kind))
            .collect::<Vec<_>>()
    };
    assert_eq!(kinds(7), kinds(7));
    assert_ne!(kinds(7), kinds(8));
}

#[test]
fn simulated_dinners_pass_the_checker_for_every_strategy_and_size() {
    for strategy in [Strategy::Ordered, Strategy::Waiter, Strategy::ChandyMisra, Strategy::TryBackOff] {
        for n in 2..=16 {
            for seed in 0..20 {
                let c = DinnerConfig { seed, ..config(n, 5, strategy) };
                let d = simulate(&c, &work(), &RunControl::default(), &SystemClock::default());
                assert_eq!(d.ending, Ending::Finished, "{strategy:?} n={n} seed={seed}");
                let verdict = check(&c, &d);
                assert!(verdict.ok(), "{strategy:?} n={n} seed={seed}: {verdict:?}");
                assert!(stats(&c, &d).most_eating_at_once <= n / 2);
            }
        }
    }
}

#[test]
fn simulated_naive_dinner_with_forced_deadlock_deadlocks_on_the_whole_ring() {
    for (n, seed) in (2..=16).flat_map(|n| (0..10).map(move |seed| (n, seed))) {
        let c = DinnerConfig { force_deadlock: true, seed, ..config(n, 3, Strategy::Naive) };
        let d = simulate(&c, &work(), &RunControl::default(), &SystemClock::default());
        let Ending::Deadlock { cycle } = &d.ending else { panic!("n={n}: {:?}", d.ending) };
        assert_eq!(cycle.iter().map(|w| w.philosopher).collect::<Vec<_>>(), (0..n).collect::<Vec<_>>());
        assert!(cycle.iter().all(|w| w.holds == c.left(w.philosopher) && w.wants == c.right(w.philosopher)));
        assert!(check(&c, &d).ok());
    }
}

#[test]
fn forcing_does_not_deadlock_the_safe_strategies_in_simulation() {
    for strategy in [Strategy::Ordered, Strategy::Waiter, Strategy::ChandyMisra, Strategy::TryBackOff] {
        for n in [2, 5, 16] {
            let c = DinnerConfig { force_deadlock: true, ..config(n, 3, strategy) };
            let d = simulate(&c, &work(), &RunControl::default(), &SystemClock::default());
            assert_eq!(d.ending, Ending::Finished, "{strategy:?} n={n}");
        }
    }
}

#[test]
fn exhaustive_exploration_finds_deadlock_only_in_naive() {
    for n in 2..=4 {
        for meals in 1..=2 {
            let naive = explore(&config(n, meals, Strategy::Naive), 2_000_000);
            assert!(naive.complete && naive.deadlocks > 0, "naive n={n}: {naive:?}");
            let cycle = naive.first_deadlock.unwrap();
            assert_eq!(cycle.len(), n);
            for strategy in [Strategy::Ordered, Strategy::Waiter, Strategy::ChandyMisra, Strategy::TryBackOff] {
                let result = explore(&config(n, meals, strategy), 2_000_000);
                assert!(result.complete, "{strategy:?} n={n} meals={meals}: search cut short");
                assert_eq!(result.deadlocks, 0, "{strategy:?} n={n} meals={meals}: {:?}", result.first_deadlock);
            }
        }
    }
}

#[test]
fn threaded_dinners_never_deadlock_with_the_safe_strategies() {
    let pool = pool(17);
    for strategy in [Strategy::Ordered, Strategy::Waiter, Strategy::ChandyMisra, Strategy::TryBackOff] {
        for n in [2, 3, 5, 8, 16] {
            for seed in 0..4 {
                let c = DinnerConfig { seed, ..config(n, 20, strategy) };
                let d = threads(&c, &pool);
                assert_eq!(d.ending, Ending::Finished, "{strategy:?} n={n}");
                let verdict = check(&c, &d);
                assert!(verdict.ok(), "{strategy:?} n={n}: {verdict:?}");
                assert!(stats(&c, &d).most_eating_at_once <= n / 2);
            }
        }
    }
}

#[test]
fn threaded_naive_with_forced_deadlock_is_detected_and_all_threads_return() {
    let pool = pool(17);
    for n in [2, 5, 16] {
        let c = DinnerConfig { force_deadlock: true, eat_ms: 1, ..config(n, 5, Strategy::Naive) };
        let d = threads(&c, &pool);
        let Ending::Deadlock { cycle } = &d.ending else { panic!("n={n}: {:?}", d.ending) };
        assert_eq!(cycle.iter().map(|w| w.philosopher).collect::<Vec<_>>(), (0..n).collect::<Vec<_>>());
        assert!(cycle.iter().all(|w| w.held_by == (w.philosopher + 1) % n));
        assert!(check(&c, &d).ok());
        // Everyone was left hungry: that wait shows in the statistics.
        assert!(stats(&c, &d).longest_hunger_ms > 0.0);
        // Nobody ate: after the stop, threads only put chopsticks down.
        assert!(d.trace.iter().all(|e| e.kind != EventKind::Eat), "{:?}", d.trace);
        let stopped_at = d.stopped_at.unwrap();
        assert!(d.trace[stopped_at..].iter().all(|e| matches!(e.kind, EventKind::PutDown(_))));
        // Every thread came back: the same pool serves a full dinner of 16 right after.
        let after = threads(&config(16, 5, Strategy::Ordered), &pool);
        assert_eq!(after.ending, Ending::Finished);
    }
}

#[test]
fn threaded_forced_safe_strategies_finish() {
    let pool = pool(17);
    for strategy in [Strategy::Ordered, Strategy::Waiter, Strategy::ChandyMisra, Strategy::TryBackOff] {
        let c = DinnerConfig { force_deadlock: true, ..config(5, 5, strategy) };
        assert_eq!(threads(&c, &pool).ending, Ending::Finished, "{strategy:?}");
    }
}

#[test]
fn a_pool_too_small_for_the_table_is_refused() {
    let pool = pool(4);
    let c = config(5, 1, Strategy::Ordered);
    let result = pool.install(|| run_threads(&c, &work(), &RunControl::default(), &SystemClock::default()));
    assert_eq!(result.unwrap_err(), TableError::NotEnoughThreads { needed: 6, available: 4 });
}

#[test]
fn cancel_ends_both_dinners() {
    let pool = pool(17);
    let c = DinnerConfig { think_ms: 5, eat_ms: 5, ..config(5, 1000, Strategy::Ordered) };
    let control = RunControl::default();
    control.cancel();
    let w = work();
    assert_eq!(simulate(&c, &w, &control, &SystemClock::default()).ending, Ending::Cancelled);
    let d = pool.install(|| run_threads(&c, &w, &control, &SystemClock::default())).unwrap();
    assert_eq!(d.ending, Ending::Cancelled);
}

#[test]
fn run_dinners_runs_both_and_counts_every_meal() {
    let pool = pool(17);
    let c = DinnerConfig { think_ms: 1, eat_ms: 1, jitter: true, ..config(5, 4, Strategy::Waiter) };
    let control = RunControl::new(2 * c.total_meals());
    let report = pool.install(|| run_dinners(&c, true, &control, &SystemClock::default()));
    assert_eq!(report.sequential.ending, Ending::Finished);
    let parallel = report.parallel.unwrap().unwrap();
    assert_eq!((&parallel.ending, parallel.threads), (&Ending::Finished, 5));
    assert_eq!(control.fraction(), 1.0);
    let s = stats(&c, &parallel);
    assert_eq!(s.meals, vec![4; 5]);
    assert!(s.eating_ms > 0.0 && s.meals_per_second > 0.0);
}

#[test]
fn durations_are_seeded_and_jitter_stays_within_half_to_one_and_a_half() {
    let c = DinnerConfig { think_ms: 10, eat_ms: 20, jitter: true, ..config(5, 1, Strategy::Ordered) };
    for p in 0..5 {
        for meal in 0..50 {
            let think = c.duration_ms(p, meal, false);
            assert!((5.0..15.0).contains(&think));
            assert_eq!(think, c.duration_ms(p, meal, false));
        }
    }
    assert_eq!(DinnerConfig { jitter: false, ..c }.duration_ms(0, 0, true), 20.0);
}
