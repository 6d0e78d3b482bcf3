use std::collections::HashSet;
use std::num::NonZeroUsize;

use parlab_kernels::levels::*;
use parlab_kernels::params::{DemoParams, parse_params};

const DEMOS: [&str; 7] = ["map", "sort", "philosophers", "race", "barrier", "producer-consumer", "pipeline"];

fn level(id: &str) -> &'static Level {
    LevelId::from_name(id).unwrap_or_else(|| panic!("no level {id}")).level()
}

fn nz(value: usize) -> NonZeroUsize {
    NonZeroUsize::new(value).unwrap()
}

/// Steps `thread` and returns the step's text.
fn step(machine: &mut Machine, thread: usize) -> String {
    machine.step(thread).unwrap_or_else(|refused| panic!("{refused}")).text
}

#[test]
fn levels_catalog_pairs_each_bug_with_its_fix() {
    let ids: Vec<&str> = levels().iter().filter(|level| !level.fixed).map(|level| level.id).collect();
    assert_eq!(
        ids,
        [
            "lost-update",
            "check-then-act",
            "flag-lock",
            "lock-order",
            "relock",
            "if-wait",
            "lost-wakeup",
            "hold-lock",
            "event-gate",
            "barrier-reuse"
        ]
    );
    for id in LevelId::all() {
        let (level, twin) = (id.level(), id.twin().level());
        assert_eq!(id.twin().twin(), id);
        assert_eq!(level.fixed, id.twin() < id, "{}: the bug comes first", level.id);
        let (bug, fix) = if level.fixed { (twin, level) } else { (level, twin) };
        assert_eq!(fix.id, format!("{}-fixed", bug.id));
        assert_eq!((fix.goal_text, fix.demo), (bug.goal_text, bug.demo));
        assert_eq!(fix.par, None);
        assert!(DEMOS.contains(&level.demo.demo), "{}: {}", level.id, level.demo.demo);
        assert!((2..=3).contains(&level.program.threads.len()), "{}", level.id);
        for code in &level.program.threads {
            assert!(code.steps.iter().all(|step| step.line < code.lines.len()), "{}", level.id);
        }
    }
}

#[test]
fn levels_shortest_win_of_every_buggy_level_is_its_par() {
    for level in levels().iter().filter(|level| !level.fixed) {
        let exploration = explore(level);
        let winning = exploration.winning.unwrap_or_else(|| panic!("{} cannot be won", level.id));
        assert_eq!(Some(winning.len()), level.par, "{}: {winning:?}", level.id);
        let mut machine = Machine::new(level);
        let reached: Vec<bool> = winning.iter().map(|&t| machine.step(usize::from(t)).unwrap().goal_reached).collect();
        assert_eq!(reached.iter().position(|&won| won), Some(winning.len() - 1), "{}", level.id);
    }
}

#[test]
fn levels_no_order_of_steps_wins_a_fixed_level() {
    for level in levels().iter().filter(|level| level.fixed) {
        let exploration = explore(level);
        assert!(!exploration.goal_reachable(), "{}: {:?}", level.id, exploration.winning);
        assert!(exploration.states > 1, "{}", level.id);
    }
}

/// The fixes do not just dodge the goal: in every order, every thread runs to its end.
#[test]
fn levels_every_order_of_a_fixed_level_runs_every_thread_to_its_end() {
    for level in levels().iter().filter(|level| level.fixed) {
        let program = &level.program;
        let start = State::initial(program);
        let mut seen = HashSet::from([start.clone()]);
        let mut queue = vec![start];
        while let Some(state) = queue.pop() {
            let movable: Vec<usize> = (0..program.threads.len())
                .filter(|&t| !state.is_finished(program, t) && state.waits_for(program, t).is_none())
                .collect();
            assert!(!movable.is_empty() || state.all_finished(program), "{} gets stuck in {state:?}", level.id);
            for thread in movable {
                let mut after = state.clone();
                after.execute(program, thread);
                if seen.insert(after.clone()) {
                    queue.push(after);
                }
            }
        }
    }
}

#[test]
fn levels_plus_equals_is_a_load_an_add_and_a_store() {
    let level = level("lost-update");
    assert_eq!(level.program.setup_lines(), ["counter = 0"]);
    assert_eq!(level.program.threads[0].lines, ["counter += 1"]);
    let mut machine = Machine::new(level);
    assert_eq!(machine.next_step_text(0).as_deref(), Some("load counter → tmp"));
    assert_eq!(step(&mut machine, 0), "load counter → tmp (tmp = 0)");
    assert_eq!(step(&mut machine, 1), "load counter → tmp (tmp = 0)");
    assert_eq!(step(&mut machine, 0), "add 1 to tmp (tmp = 1)");
    assert_eq!(machine.state().vars, [Value::Int(0)], "the add changes only the thread's own tmp");
    assert_eq!(step(&mut machine, 0), "store tmp → counter (counter = 1)");
    assert_eq!((machine.current_line(0), machine.next_step_text(0)), (None, None));
    step(&mut machine, 1);
    let outcome = machine.step(1).unwrap();
    assert_eq!((outcome.line, outcome.text.as_str()), (0, "store tmp → counter (counter = 1)"));
    assert!(outcome.goal_reached);
    assert_eq!(machine.moves(), [0, 1, 0, 0, 1, 1]);
}

#[test]
fn levels_with_is_an_acquire_the_body_and_a_release() {
    let level = level("lost-update-fixed");
    assert_eq!(level.program.threads[1].lines, ["with lock:", "    counter += 1"]);
    let mut machine = Machine::new(level);
    assert_eq!(machine.current_line(0), Some(0));
    assert_eq!(step(&mut machine, 0), "acquire lock");
    assert_eq!(machine.state().locks[0].holder, Some(0));
    assert_eq!(machine.current_line(0), Some(1));
    let refused = machine.runnable(1).unwrap_err();
    assert_eq!(refused.to_string(), "thread 1 cannot go on: it waits for lock, held by thread 0");
    for _ in 0..3 {
        step(&mut machine, 0);
    }
    assert_eq!(machine.current_line(0), Some(0), "the release belongs to the with line");
    assert_eq!(step(&mut machine, 0), "release lock");
    assert_eq!(machine.state().locks[0], LockState::default());
    assert_eq!(machine.runnable(1), Ok(()));
}

#[test]
fn levels_wait_releases_the_lock_blocks_until_notified_then_takes_it_back() {
    let level = level("if-wait-fixed");
    let mut machine = Machine::new(level);
    step(&mut machine, 0);
    assert_eq!(step(&mut machine, 0), "check not buffer: True (buffer = [])");
    assert_eq!(step(&mut machine, 0), "release cond and wait for a notify");
    assert_eq!((machine.state().locks[0].holder, machine.state().waiting[0].clone()), (None, vec![0]));
    assert_eq!(machine.runnable(0).unwrap_err().to_string(), "thread 0 cannot go on: it waits on cond for a notify");
    assert_eq!(step(&mut machine, 2), "round 1 of 2 (_ = 0)");
    step(&mut machine, 2);
    assert_eq!(step(&mut machine, 2), "buffer.append(1) (buffer = [1])");
    assert_eq!(step(&mut machine, 2), "cond.notify() wakes thread 0");
    assert!(machine.state().waiting[0].is_empty());
    assert_eq!(
        machine.runnable(0).unwrap_err().to_string(),
        "thread 0 cannot go on: it was notified and waits for cond, held by thread 2"
    );
    step(&mut machine, 2);
    assert_eq!(step(&mut machine, 0), "take cond back");
    assert_eq!(machine.state().locks[0].holder, Some(0));
    assert_eq!(machine.current_line(0), Some(1), "while tests the buffer again");
}

#[test]
fn levels_a_notify_with_no_waiter_is_lost() {
    let mut machine = Machine::new(level("lost-wakeup"));
    step(&mut machine, 1);
    assert_eq!(step(&mut machine, 1), "cond.notify(): no thread waits on cond, so the notify is lost");
    step(&mut machine, 1);
    step(&mut machine, 0);
    let outcome = machine.step(0).unwrap();
    assert!(outcome.goal_reached);
    assert_eq!(machine.runnable(1).unwrap_err(), Refused::Finished { thread: 1 });
}

#[test]
fn levels_a_lock_taken_twice_waits_for_itself_and_an_rlock_does_not() {
    let moves = [0, 0, 0, 0, 0, 0];
    let bug = replay(level("relock"), &moves);
    assert_eq!(bug.applied, 5);
    let (index, why) = bug.refused.unwrap();
    assert_eq!(index, 5);
    assert_eq!(
        why,
        "Move 6 (thread 0) was not made: thread 0 cannot go on: it waits for lock, which it holds itself: a Lock \
         is not re-entrant, so it waits forever."
    );
    let mut machine = Machine::new(level("relock-fixed"));
    assert_eq!(machine.play(&moves[..5]), Ok(()));
    assert_eq!(step(&mut machine, 0), "acquire lock again (held 2 times)");
    assert_eq!(machine.current_line(0), Some(6), "inside log()");
}

#[test]
fn levels_an_exception_stops_the_thread_and_releases_its_lock() {
    let level = level("if-wait");
    let winning = explore(level).winning.unwrap();
    let mut machine = Machine::new(level);
    machine.play(&winning[..winning.len() - 1]).unwrap();
    let last = usize::from(winning[winning.len() - 1]);
    assert_eq!(
        machine.step(last).unwrap().text,
        format!("buffer.pop(): IndexError: pop from empty list; thread {last} stops")
    );
    assert_eq!(machine.state().locks[0], LockState::default());
    assert!(machine.runnable(last).unwrap_err().to_string().contains("stopped with IndexError"));
}

#[test]
fn levels_blocked_threads_say_what_they_wait_for() {
    let mut hold = Machine::new(level("hold-lock"));
    step(&mut hold, 0);
    assert_eq!(
        hold.runnable(0).unwrap_err().to_string(),
        "thread 0 cannot go on: it waits for items, a semaphore at 0"
    );
    assert!(hold.goal_reached());
    let gate = Machine::new(level("event-gate-fixed"));
    assert_eq!(
        gate.runnable(2).unwrap_err().to_string(),
        "thread 2 cannot go on: it waits for ready, an event not yet set"
    );
}

/// A small seeded generator, so the walk is the same on every run.
fn next_random(seed: &mut u64) -> usize {
    *seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
    (*seed >> 33) as usize
}

#[test]
fn levels_undo_returns_exactly_the_states_before() {
    let mut seed = 7;
    for level in levels() {
        let mut machine = Machine::new(level);
        let mut states = vec![machine.state().clone()];
        for _ in 0..60 {
            let threads = level.program.threads.len();
            let movable: Vec<usize> = (0..threads).filter(|&t| machine.runnable(t).is_ok()).collect();
            if movable.is_empty() {
                break;
            }
            machine.step(movable[next_random(&mut seed) % movable.len()]).unwrap();
            states.push(machine.state().clone());
        }
        while machine.undo() {
            states.pop();
            assert_eq!(Some(machine.state()), states.last(), "{}", level.id);
        }
        assert_eq!(*machine.state(), State::initial(&level.program), "{}", level.id);
        assert!(machine.moves().is_empty());
    }
}

#[test]
fn levels_replay_stops_at_the_first_refused_move_and_keeps_the_state_before_it() {
    let level = level("lock-order");
    let blocked = replay(level, &[0, 1, 0, 1]);
    assert_eq!(blocked.applied, 2);
    assert_eq!(
        blocked.refused,
        Some((
            2,
            "Move 3 (thread 0) was not made: thread 0 cannot go on: it waits for fork2, held by thread 1.".into()
        ))
    );
    assert_eq!(blocked.state, replay(level, &[0, 1]).state);

    let missing = replay(level, &[0, 5]);
    assert_eq!(missing.applied, 1);
    assert_eq!(
        missing.refused,
        Some((1, "Move 2 (thread 5) was not made: there is no thread 5: this level's threads are 0 to 1.".into()))
    );
    assert_eq!(missing.state, replay(level, &[0]).state);

    let finished = replay(level, &[0, 0, 0, 0, 0, 0]);
    assert_eq!(finished.refused, Some((5, "Move 6 (thread 0) was not made: thread 0 has finished.".into())));
    assert_eq!(replay(level, &[]).state, State::initial(&level.program));
}

#[test]
fn levels_params_read_a_level_and_its_moves() {
    let (params, problems) = parse_params::<LevelsParams>([("level", "relock-fixed"), ("moves", "0,1,1")], nz(2));
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!(params.level.name(), "relock-fixed");
    assert_eq!(params.moves.as_slice(), [0, 1, 1]);
    assert_eq!(params.to_query(), [("level", "relock-fixed".to_owned()), ("moves", "0,1,1".to_owned())]);
    let copy = params;
    assert_eq!(copy, params);

    let (defaults, problems) = parse_params::<LevelsParams>([], nz(2));
    assert!(problems.is_empty());
    assert_eq!(defaults.to_query(), [("level", "lost-update".to_owned())]);
}

#[test]
fn levels_params_report_an_unknown_level_and_unreadable_moves() {
    let (params, problems) = parse_params::<LevelsParams>([("level", "nope"), ("moves", "0, x,1")], nz(2));
    assert_eq!(params, LevelsParams::default());
    assert_eq!(problems.len(), 2);
    assert!(problems[0].message.starts_with("level “nope” is unknown; choose one of: “lost-update”, "));
    assert!(problems[0].message.contains("“barrier-reuse-fixed”"));
    assert!(problems[0].message.ends_with("Using “lost-update”."));
    assert_eq!(
        problems[1].message,
        "moves “0, x,1” cannot be read: move 2 is “x”, not a thread number. moves is a comma-separated list of \
         thread numbers, such as 0,1,1,0. Using no moves."
    );

    let long = vec!["1"; MAX_MOVES + 5].join(",");
    let (params, problems) = parse_params::<LevelsParams>([("moves", long.as_str())], nz(2));
    assert_eq!(params.moves.as_slice(), [1; MAX_MOVES]);
    assert_eq!(problems[0].message, "a link holds at most 200 moves; this game has 205. Using the first 200.");
    assert_eq!(Moves::try_from(&[0u8; MAX_MOVES + 1][..]), Err(TooManyMoves { count: MAX_MOVES + 1 }));
}

#[test]
fn levels_notify_all_wakes_every_waiter_in_the_order_they_came() {
    let mut builder = ProgramBuilder::default();
    let (cond, lock) = builder.condition("cond");
    for _ in 0..2 {
        builder.thread("waiter", |t| t.with_lock(lock, |t| t.wait(cond)));
    }
    builder.thread("notifier", |t| t.with_lock(lock, |t| t.notify(cond, true)));
    let program = builder.finish();
    let mut state = State::initial(&program);
    for thread in [1, 1, 0, 0, 2] {
        state.execute(&program, thread);
    }
    assert_eq!(state.waiting[0], [1, 0]);
    assert_eq!(state.execute(&program, 2), "cond.notify_all() wakes threads 1, 0");
    assert!(state.waiting[0].is_empty());
    assert_eq!(state.waits_for(&program, 0).unwrap().reason, "was notified and waits for cond, held by thread 2");
}

#[test]
fn levels_names_are_the_catalog_ids_in_order() {
    let ids: Vec<&str> = levels().iter().map(|level| level.id).collect();
    assert_eq!(ids, LEVEL_NAMES.to_vec());
}
