//! The step language: a thread's program is its pseudo-Python lines and the atomic steps they
//! are split into, each step naming its line so the page can show where a thread is.
//!
//! Shared variables, locks, semaphores, conditions, events and thread locals are numbered in
//! the order the [`Program`] declares them; steps refer to them by that number.

use super::value::Value;

/// What a test asks of a shared variable.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Check {
    Truthy,
    Falsy,
    AtLeast(i32),
    Equals(i32),
}

/// A condition on one shared variable, as in `if balance >= 10:` or `while not buffer:`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Test {
    pub var: usize,
    pub check: Check,
}

impl Test {
    pub fn truthy(var: usize) -> Self {
        Self { var, check: Check::Truthy }
    }

    pub fn falsy(var: usize) -> Self {
        Self { var, check: Check::Falsy }
    }

    /// Whether the test holds for `value`; a comparison of a value that is not a number raises
    /// Python's `TypeError`, whose message is the error.
    pub fn holds(self, value: Value) -> Result<bool, String> {
        match (self.check, value) {
            (Check::Truthy, _) => Ok(value.is_truthy()),
            (Check::Falsy, _) => Ok(!value.is_truthy()),
            (Check::AtLeast(bound), Value::Int(number)) => Ok(number >= bound),
            (Check::Equals(expected), Value::Int(number)) => Ok(number == expected),
            (Check::AtLeast(_), _) => {
                Err(format!("TypeError: '>=' not supported between instances of '{}' and 'int'", value.type_name()))
            }
            (Check::Equals(_), _) => Ok(false),
        }
    }

    /// The test as the program's line writes it: `not buffer`, `count == 2`.
    pub fn text(self, program: &Program) -> String {
        let name = program.vars[self.var].name;
        match self.check {
            Check::Truthy => name.to_owned(),
            Check::Falsy => format!("not {name}"),
            Check::AtLeast(bound) => format!("{name} >= {bound}"),
            Check::Equals(expected) => format!("{name} == {expected}"),
        }
    }
}

/// One atomic step: nothing another thread does can fall between its parts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    /// Copies a shared variable into a local.
    Load {
        var: usize,
        local: usize,
    },
    /// Adds to a local holding a number.
    Add {
        local: usize,
        delta: i32,
    },
    /// Copies a local into a shared variable.
    Store {
        var: usize,
        local: usize,
    },
    Assign {
        var: usize,
        value: Value,
    },
    /// Goes to `target` when the test comes out as `jump_if`, else to the next step.
    Branch {
        test: Test,
        jump_if: bool,
        target: usize,
    },
    /// `for local in range(times):`: the next round, or `exit` once the last is done.
    Loop {
        local: usize,
        times: i32,
        exit: usize,
    },
    Acquire {
        lock: usize,
    },
    Release {
        lock: usize,
    },
    /// The first half of `cond.wait()`: releases the condition's lock and joins its waiters.
    Wait {
        condition: usize,
    },
    /// The second half of `cond.wait()`: once notified, takes the condition's lock back, held
    /// once (Python restores the depth a nested `with` had; no level waits inside one).
    Reacquire {
        condition: usize,
    },
    Notify {
        condition: usize,
        all: bool,
    },
    SemaphoreAcquire {
        semaphore: usize,
    },
    SemaphoreRelease {
        semaphore: usize,
    },
    SetEvent {
        event: usize,
    },
    WaitEvent {
        event: usize,
    },
    Append {
        var: usize,
    },
    Pop {
        var: usize,
    },
    /// A call that touches nothing shared, at the place a level watches (`critical()`).
    Critical {
        name: &'static str,
    },
    /// A call of one of the thread's own functions, which starts at `target`.
    Call {
        function: &'static str,
        target: usize,
    },
}

impl Op {
    /// What the step will do, before it runs: `load counter → tmp`.
    pub fn text(self, program: &Program) -> String {
        let var = |index: usize| program.vars[index].name;
        let local = |index: usize| program.locals[index];
        let lock = |index: usize| program.locks[index].name;
        let condition = |index: usize| program.conditions[index].name;
        let semaphore = |index: usize| program.semaphores[index].name;
        match self {
            Op::Load { var: v, local: l } => format!("load {} → {}", var(v), local(l)),
            Op::Add { local: l, delta } if delta < 0 => format!("subtract {} from {}", -delta, local(l)),
            Op::Add { local: l, delta } => format!("add {delta} to {}", local(l)),
            Op::Store { var: v, local: l } => format!("store {} → {}", local(l), var(v)),
            Op::Assign { var: v, value } => format!("{} = {value}", var(v)),
            Op::Branch { test, .. } => format!("check {}", test.text(program)),
            Op::Loop { local: l, times, .. } => format!("for {} in range({times}): next round", local(l)),
            Op::Acquire { lock: l } => format!("acquire {}", lock(l)),
            Op::Release { lock: l } => format!("release {}", lock(l)),
            Op::Wait { condition: c } => format!("release {} and wait for a notify", condition(c)),
            Op::Reacquire { condition: c } => format!("take {} back", condition(c)),
            Op::Notify { condition: c, all: false } => format!("{}.notify()", condition(c)),
            Op::Notify { condition: c, all: true } => format!("{}.notify_all()", condition(c)),
            Op::SemaphoreAcquire { semaphore: s } => format!("{}.acquire()", semaphore(s)),
            Op::SemaphoreRelease { semaphore: s } => format!("{}.release()", semaphore(s)),
            Op::SetEvent { event } => format!("{}.set()", program.events[event]),
            Op::WaitEvent { event } => format!("{}.wait()", program.events[event]),
            Op::Append { var: v } => format!("{}.append(1)", var(v)),
            Op::Pop { var: v } => format!("{}.pop()", var(v)),
            Op::Critical { name } => format!("{name}()"),
            Op::Call { function, .. } => format!("call {function}()"),
        }
    }
}

/// A step and where it sits in the thread's code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Step {
    /// The line it belongs to, an index into [`ThreadCode::lines`].
    pub line: usize,
    pub op: Op,
    /// The step that follows when it is not the next one: the end of a loop's body goes back to
    /// its head, the end of a function returns to its caller.
    pub next: Option<usize>,
}

/// One thread's program: it starts at step 0 and has finished once past the last step.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ThreadCode {
    /// What the thread is for, as the page titles it: `producer`, `consumer`.
    pub role: &'static str,
    /// The pseudo-Python the page shows, indented with four spaces a level.
    pub lines: Vec<String>,
    pub steps: Vec<Step>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SharedVar {
    pub name: &'static str,
    pub initial: Value,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LockKind {
    Lock,
    /// Re-entrant: its holder may take it again, and must release it as often.
    RLock,
    /// The lock inside a `Condition()`, which Python makes an `RLock`.
    OfCondition,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LockDecl {
    pub name: &'static str,
    pub kind: LockKind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SemaphoreDecl {
    pub name: &'static str,
    pub initial: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ConditionDecl {
    pub name: &'static str,
    /// Its lock, in [`Program::locks`].
    pub lock: usize,
}

/// A level's code: what the threads share, and each thread's program.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Program {
    pub vars: Vec<SharedVar>,
    pub locks: Vec<LockDecl>,
    pub semaphores: Vec<SemaphoreDecl>,
    pub conditions: Vec<ConditionDecl>,
    pub events: Vec<&'static str>,
    /// The locals every thread has its own copy of, each `None` until assigned.
    pub locals: Vec<&'static str>,
    pub threads: Vec<ThreadCode>,
}

impl Program {
    /// The lines that create the shared state before the threads start: `counter = 0`,
    /// `lock = Lock()`.
    pub fn setup_lines(&self) -> Vec<String> {
        let vars = self.vars.iter().map(|var| format!("{} = {}", var.name, var.initial));
        let locks = self.locks.iter().filter_map(|lock| match lock.kind {
            LockKind::Lock => Some(format!("{} = Lock()", lock.name)),
            LockKind::RLock => Some(format!("{} = RLock()", lock.name)),
            LockKind::OfCondition => None,
        });
        let semaphores = self.semaphores.iter().map(|s| format!("{} = Semaphore({})", s.name, s.initial));
        let conditions = self.conditions.iter().map(|c| format!("{} = Condition()", c.name));
        let events = self.events.iter().map(|name| format!("{name} = Event()"));
        vars.chain(locks).chain(semaphores).chain(conditions).chain(events).collect()
    }
}
