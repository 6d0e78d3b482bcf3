//! Levels about shared data and locks: lost-update, check-then-act, flag-lock, lock-order and
//! relock.

use super::{DemoLink, Twins};
use crate::levels::builder::ProgramBuilder;
use crate::levels::goal::Goal;
use crate::levels::program::{Check, LockKind, Program, Test};
use crate::levels::value::Value;

pub(super) const LOST_UPDATE: Twins = Twins {
    ids: ["lost-update", "lost-update-fixed"],
    titles: ["Lost update", "Lost update, fixed with a lock"],
    goal_text: "Let both threads finish with counter below 2: make one increment overwrite the other.",
    lessons: [
        "Both threads loaded counter while it was 0, each added 1 to its own copy and each stored 1: one \
         increment was lost. counter += 1 is three steps (load, add, store), and the other thread can run \
         between them.",
        "The lock makes load, add and store one block the other thread cannot enter: it loads counter only \
         after the first thread has stored it, so counter ends at 2 in every order.",
    ],
    demo: DemoLink { demo: "race", query: "" },
    par: 6,
    build: lost_update,
};

fn lost_update(fixed: bool) -> (Program, Goal) {
    let mut program = ProgramBuilder::default();
    let counter = program.shared("counter", Value::Int(0));
    let tmp = program.local("tmp");
    let lock = fixed.then(|| program.lock("lock", LockKind::Lock));
    for _ in 0..2 {
        program.thread("worker", |t| t.guarded(lock, |t| t.add(counter, 1, tmp)));
    }
    (program.finish(), Goal::WrongTotal { var: counter, expected: 2 })
}

pub(super) const CHECK_THEN_ACT: Twins = Twins {
    ids: ["check-then-act", "check-then-act-fixed"],
    titles: ["Check, then act", "Check, then act, fixed with a lock"],
    goal_text: "Overdraw the account: make balance negative, although each withdrawal first checks that \
                balance >= 10.",
    lessons: [
        "Both threads checked balance >= 10 while it was still 10, then both withdrew 10. Each check was \
         true when it was made, but the other thread changed balance before the withdrawal: a check and the \
         act that relies on it must happen with nothing in between.",
        "The lock holds the check and the withdrawal together: the second thread checks only after the \
         first has withdrawn, finds balance = 0 and withdraws nothing.",
    ],
    demo: DemoLink { demo: "race", query: "" },
    par: 8,
    build: check_then_act,
};

fn check_then_act(fixed: bool) -> (Program, Goal) {
    let mut program = ProgramBuilder::default();
    let balance = program.shared("balance", Value::Int(10));
    let tmp = program.local("tmp");
    let lock = fixed.then(|| program.lock("lock", LockKind::Lock));
    let enough = Test { var: balance, check: Check::AtLeast(10) };
    for _ in 0..2 {
        program.thread("customer", |t| t.guarded(lock, |t| t.if_then(enough, |t| t.add(balance, -10, tmp))));
    }
    (program.finish(), Goal::Negative { var: balance })
}

pub(super) const FLAG_LOCK: Twins = Twins {
    ids: ["flag-lock", "flag-lock-fixed"],
    titles: ["A lock made of a flag", "A real lock"],
    goal_text: "Get both threads into critical() at the same time.",
    lessons: [
        "Both threads saw flag = False before either set it to True, so both went in. Testing the flag and \
         setting it are two steps, and the other thread can test between them.",
        "A Lock's acquire tests and takes the lock in one atomic step: the second thread finds it taken and \
         waits until the first releases it.",
    ],
    demo: DemoLink { demo: "race", query: "" },
    par: 4,
    build: flag_lock,
};

fn flag_lock(fixed: bool) -> (Program, Goal) {
    let mut program = ProgramBuilder::default();
    if fixed {
        let lock = program.lock("lock", LockKind::Lock);
        for _ in 0..2 {
            program.thread("worker", |t| t.with_lock(lock, |t| t.critical("critical")));
        }
    } else {
        let flag = program.shared("flag", Value::Bool(false));
        for _ in 0..2 {
            program.thread("worker", |t| {
                t.spin_while(Test::truthy(flag));
                t.assign(flag, Value::Bool(true));
                t.critical("critical");
                t.assign(flag, Value::Bool(false));
            });
        }
    }
    (program.finish(), Goal::BothInside)
}

pub(super) const LOCK_ORDER: Twins = Twins {
    ids: ["lock-order", "lock-order-fixed"],
    titles: ["Locks in opposite orders", "Locks in one order"],
    goal_text: "Make the two threads wait for each other forever.",
    lessons: [
        "Thread 0 holds fork1 and waits for fork2; thread 1 holds fork2 and waits for fork1. Each waits for \
         a lock that the other releases only after it gets the lock it waits for: a deadlock, made possible \
         by taking the locks in opposite orders.",
        "Both threads take fork1 first. Whoever holds it can always get fork2 as well, since the other \
         thread takes fork2 only while holding fork1: no cycle of waiting can form.",
    ],
    demo: DemoLink { demo: "philosophers", query: "strategy=naive&force-deadlock=1" },
    par: 2,
    build: lock_order,
};

fn lock_order(fixed: bool) -> (Program, Goal) {
    let mut program = ProgramBuilder::default();
    let fork1 = program.lock("fork1", LockKind::Lock);
    let fork2 = program.lock("fork2", LockKind::Lock);
    let orders = if fixed { [(fork1, fork2), (fork1, fork2)] } else { [(fork1, fork2), (fork2, fork1)] };
    for (first, second) in orders {
        program.thread("philosopher", |t| t.with_lock(first, |t| t.with_lock(second, |t| t.critical("eat"))));
    }
    (program.finish(), Goal::Deadlock)
}

pub(super) const RELOCK: Twins = Twins {
    ids: ["relock", "relock-fixed"],
    titles: ["Taking a lock twice", "Taking an RLock twice"],
    goal_text: "Bring both threads to a stop: reach a state in which no thread can take a step.",
    lessons: [
        "deposit() holds lock when it calls log(), and log() takes lock again. A Lock does not care who \
         holds it, so the thread waits for itself to release it, forever, and the other thread waits for \
         it.",
        "An RLock counts how often its holder has taken it: log() takes it a second time without waiting, \
         and the lock is free again once both with blocks have released it.",
    ],
    demo: DemoLink { demo: "philosophers", query: "" },
    par: 5,
    build: relock,
};

fn relock(fixed: bool) -> (Program, Goal) {
    let mut program = ProgramBuilder::default();
    let balance = program.shared("balance", Value::Int(0));
    let entries = program.shared("entries", Value::Int(0));
    let tmp = program.local("tmp");
    let lock = program.lock("lock", if fixed { LockKind::RLock } else { LockKind::Lock });
    for _ in 0..2 {
        program.thread("depositor", |t| {
            t.function("deposit", |t| {
                t.with_lock(lock, |t| {
                    t.add(balance, 10, tmp);
                    t.call("log");
                })
            });
            t.function("log", |t| t.with_lock(lock, |t| t.add(entries, 1, tmp)));
        });
    }
    (program.finish(), Goal::Deadlock)
}
