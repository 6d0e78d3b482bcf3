//! Levels about waiting for another thread: if-wait, lost-wakeup, hold-lock, event-gate and
//! barrier-reuse.

use super::{DemoLink, Twins};
use crate::levels::builder::ProgramBuilder;
use crate::levels::goal::Goal;
use crate::levels::program::{Check, LockKind, Program, Test};
use crate::levels::value::Value;

pub(super) const IF_WAIT: Twins = Twins {
    ids: ["if-wait", "if-wait-fixed"],
    titles: ["Waiting with if", "Waiting with while"],
    goal_text: "Make a consumer pop from an empty buffer.",
    lessons: [
        "The producer's notify woke a waiting consumer, but before that consumer took the lock back, the \
         other consumer took the item. The woken consumer did not look again (if tests only once) and \
         popped from an empty buffer. A wakeup means the buffer had an item, not that it still has one.",
        "With while, a woken consumer tests the buffer again once it holds the lock; if the other consumer \
         took the item first, it waits again for the next one.",
    ],
    demo: DemoLink { demo: "producer-consumer", query: "sync=condition&bug=if-wait&consumers=3" },
    par: 14,
    build: if_wait,
};

fn if_wait(fixed: bool) -> (Program, Goal) {
    let mut program = ProgramBuilder::default();
    let buffer = program.shared("buffer", Value::List(0));
    let (cond, cond_lock) = program.condition("cond");
    let round = program.local("_");
    for _ in 0..2 {
        program.thread("consumer", |t| {
            t.with_lock(cond_lock, |t| {
                if fixed {
                    t.while_loop(Test::falsy(buffer), |t| t.wait(cond));
                } else {
                    t.if_then(Test::falsy(buffer), |t| t.wait(cond));
                }
                t.pop(buffer);
            })
        });
    }
    program.thread("producer", |t| {
        t.for_range(round, 2, |t| {
            t.with_lock(cond_lock, |t| {
                t.append(buffer);
                t.notify(cond, false);
            })
        })
    });
    (program.finish(), Goal::Exception)
}

pub(super) const LOST_WAKEUP: Twins = Twins {
    ids: ["lost-wakeup", "lost-wakeup-fixed"],
    titles: ["A lost wakeup", "Waiting for a state, not a notify"],
    goal_text: "Make the waiter sleep forever: let the notifier finish while the waiter still waits.",
    lessons: [
        "The notifier notified while no thread was waiting, and a notify wakes only the threads already \
         waiting: it was lost. The waiter then waited for a notify that had come and gone. Wait for a state \
         that a thread sets under the lock, never for the notify itself.",
        "The notifier sets ready under the lock before it notifies, and the waiter waits only while ready is \
         False: if the notify came first, the waiter finds ready = True and does not wait at all.",
    ],
    demo: DemoLink { demo: "producer-consumer", query: "" },
    par: 5,
    build: lost_wakeup,
};

fn lost_wakeup(fixed: bool) -> (Program, Goal) {
    let mut program = ProgramBuilder::default();
    let ready = fixed.then(|| program.shared("ready", Value::Bool(false)));
    let (cond, cond_lock) = program.condition("cond");
    program.thread("waiter", |t| {
        t.with_lock(cond_lock, |t| match ready {
            Some(ready) => t.while_loop(Test::falsy(ready), |t| t.wait(cond)),
            None => t.wait(cond),
        })
    });
    program.thread("notifier", |t| {
        t.with_lock(cond_lock, |t| {
            if let Some(ready) = ready {
                t.assign(ready, Value::Bool(true));
            }
            t.notify(cond, false);
        })
    });
    (program.finish(), Goal::SleepsForever)
}

pub(super) const HOLD_LOCK: Twins = Twins {
    ids: ["hold-lock", "hold-lock-fixed"],
    titles: ["Waiting while holding the lock", "Waiting before taking the lock"],
    goal_text: "Make the two threads wait for each other forever.",
    lessons: [
        "The consumer took the lock, then waited for an item while holding it. The producer needs that lock \
         to put the item in, so it waits for the consumer, which waits for it. Never wait for another thread \
         while holding a lock that thread needs.",
        "The consumer waits for an item before it takes the lock, so the producer can always take the lock \
         to put one in.",
    ],
    demo: DemoLink { demo: "producer-consumer", query: "bug=hold-lock" },
    par: 1,
    build: hold_lock,
};

fn hold_lock(fixed: bool) -> (Program, Goal) {
    let mut program = ProgramBuilder::default();
    let buffer = program.shared("buffer", Value::List(0));
    let lock = program.lock("lock", LockKind::Lock);
    let items = program.semaphore("items", 0);
    program.thread("consumer", |t| {
        if fixed {
            t.acquire_semaphore(items);
            t.with_lock(lock, |t| t.pop(buffer));
        } else {
            t.with_lock(lock, |t| {
                t.acquire_semaphore(items);
                t.pop(buffer);
            });
        }
    });
    program.thread("producer", |t| {
        t.with_lock(lock, |t| t.append(buffer));
        t.release_semaphore(items);
    });
    (program.finish(), Goal::Deadlock)
}

pub(super) const EVENT_GATE: Twins = Twins {
    ids: ["event-gate", "event-gate-fixed"],
    titles: ["A start flag set too soon", "An event set when the data is ready"],
    goal_text: "Make a worker read data before main has written it.",
    lessons: [
        "main set started before it wrote data, so a worker that saw started = True read data while it was \
         still None, and data + 1 raised TypeError. A signal to go must come after the work it announces.",
        "main writes data, then sets the event; a worker's ready.wait() returns only after the set, so it \
         reads 42. The workers sleep until then instead of spinning on a flag.",
    ],
    demo: DemoLink { demo: "pipeline", query: "" },
    par: 4,
    build: event_gate,
};

fn event_gate(fixed: bool) -> (Program, Goal) {
    let mut program = ProgramBuilder::default();
    let data = program.shared("data", Value::None);
    let result = program.local("result");
    if fixed {
        let ready = program.event("ready");
        program.thread("main", |t| {
            t.assign(data, Value::Int(42));
            t.set_event(ready);
        });
        for _ in 0..2 {
            program.thread("worker", |t| {
                t.wait_event(ready);
                t.compute(result, data, 1);
            });
        }
    } else {
        let started = program.shared("started", Value::Bool(false));
        program.thread("main", |t| {
            t.assign(started, Value::Bool(true));
            t.assign(data, Value::Int(42));
        });
        for _ in 0..2 {
            program.thread("worker", |t| {
                t.spin_while(Test::falsy(started));
                t.compute(result, data, 1);
            });
        }
    }
    (program.finish(), Goal::Exception)
}

pub(super) const BARRIER_REUSE: Twins = Twins {
    ids: ["barrier-reuse", "barrier-reuse-fixed"],
    titles: ["A barrier with one turnstile", "A barrier with two turnstiles"],
    goal_text: "Get a thread to rendezvous() in round 1 while the other thread is still in round 0.",
    lessons: [
        "The fast thread left round 0, came round again and found the turnstile open: the slow thread had \
         not passed it yet, so it was still open from round 0. One turnstile cannot both let every thread \
         through and stop them before the next round (The Little Book of Semaphores, 3.7).",
        "Two turnstiles take turns: the second is shut while threads pass the first, and the first is shut \
         again before the second opens, so no thread starts round 1 before every thread has left round 0.",
    ],
    demo: DemoLink { demo: "barrier", query: "" },
    par: 34,
    build: barrier_reuse,
};

fn barrier_reuse(fixed: bool) -> (Program, Goal) {
    let mut program = ProgramBuilder::default();
    let count = program.shared("count", Value::Int(0));
    let mutex = program.lock("mutex", LockKind::Lock);
    let turnstile = program.semaphore("turnstile", 0);
    let turnstile2 = fixed.then(|| program.semaphore("turnstile2", 1));
    let tmp = program.local("tmp");
    let round = program.local("round");
    let equals = |value| Test { var: count, check: Check::Equals(value) };
    for _ in 0..2 {
        program.thread("worker", |t| {
            t.for_range(round, 2, |t| {
                t.with_lock(mutex, |t| {
                    t.add(count, 1, tmp);
                    t.if_then(equals(2), |t| {
                        if let Some(turnstile2) = turnstile2 {
                            t.acquire_semaphore(turnstile2);
                        }
                        t.release_semaphore(turnstile);
                    });
                });
                t.acquire_semaphore(turnstile);
                t.release_semaphore(turnstile);
                t.critical("rendezvous");
                t.with_lock(mutex, |t| {
                    t.add(count, -1, tmp);
                    t.if_then(equals(0), |t| {
                        t.acquire_semaphore(turnstile);
                        if let Some(turnstile2) = turnstile2 {
                            t.release_semaphore(turnstile2);
                        }
                    });
                });
                if let Some(turnstile2) = turnstile2 {
                    t.acquire_semaphore(turnstile2);
                    t.release_semaphore(turnstile2);
                }
            })
        });
    }
    (program.finish(), Goal::Lapped { round })
}
