//! Everything a level's run holds at one moment, and how one thread's next step changes it.
//!
//! A state is plain data (hashable, comparable), so undo keeps copies of earlier states and the
//! exhaustive search keeps a set of those it has seen.

use std::fmt;

use super::program::{LockKind, Op, Program};
use super::value::Value;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct LockState {
    pub holder: Option<usize>,
    /// How many times the holder has taken it: above 1 only for a re-entrant lock.
    pub depth: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ThreadState {
    /// The next step, an index into the thread's steps; past the last once it has finished.
    pub pc: usize,
    pub locals: Vec<Value>,
    /// The exception that stopped the thread, as Python prints it.
    pub error: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct State {
    pub vars: Vec<Value>,
    pub locks: Vec<LockState>,
    pub semaphores: Vec<u32>,
    /// Each condition's waiters, in the order a notify wakes them (Python's is first come,
    /// first woken).
    pub waiting: Vec<Vec<usize>>,
    pub events: Vec<bool>,
    pub threads: Vec<ThreadState>,
}

/// Why a thread cannot take its next step yet, in words: `waits for fork2, held by thread 1`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Blocked {
    pub reason: String,
}

impl fmt::Display for Blocked {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.reason)
    }
}

impl State {
    pub fn initial(program: &Program) -> Self {
        let thread = ThreadState { pc: 0, locals: vec![Value::None; program.locals.len()], error: None };
        Self {
            vars: program.vars.iter().map(|var| var.initial).collect(),
            locks: vec![LockState::default(); program.locks.len()],
            semaphores: program.semaphores.iter().map(|semaphore| semaphore.initial).collect(),
            waiting: vec![Vec::new(); program.conditions.len()],
            events: vec![false; program.events.len()],
            threads: vec![thread; program.threads.len()],
        }
    }

    /// Past its last step, or stopped by an exception.
    pub fn is_finished(&self, program: &Program, thread: usize) -> bool {
        let state = &self.threads[thread];
        state.error.is_some() || state.pc >= program.threads[thread].steps.len()
    }

    pub fn all_finished(&self, program: &Program) -> bool {
        (0..self.threads.len()).all(|thread| self.is_finished(program, thread))
    }

    /// The op `thread` runs next; `None` once it has finished.
    pub fn next_op(&self, program: &Program, thread: usize) -> Option<Op> {
        if self.is_finished(program, thread) {
            return None;
        }
        Some(program.threads[thread].steps[self.threads[thread].pc].op)
    }

    /// Why `thread`, which has not finished, cannot take its next step; `None` when it can.
    pub fn waits_for(&self, program: &Program, thread: usize) -> Option<Blocked> {
        let reason = match self.next_op(program, thread)? {
            Op::Acquire { lock } => self.lock_taken(program, lock, thread)?,
            Op::Reacquire { condition } => {
                let name = program.conditions[condition].name;
                if self.waiting[condition].contains(&thread) {
                    format!("waits on {name} for a notify")
                } else {
                    let lock = program.conditions[condition].lock;
                    format!("was notified and {}", self.lock_taken(program, lock, thread)?)
                }
            }
            Op::SemaphoreAcquire { semaphore } if self.semaphores[semaphore] == 0 => {
                format!("waits for {}, a semaphore at 0", program.semaphores[semaphore].name)
            }
            Op::WaitEvent { event } if !self.events[event] => {
                format!("waits for {}, an event not yet set", program.events[event])
            }
            _ => return None,
        };
        Some(Blocked { reason })
    }

    /// Why `thread` cannot take `lock` now, if it cannot.
    fn lock_taken(&self, program: &Program, lock: usize, thread: usize) -> Option<String> {
        let name = program.locks[lock].name;
        match self.locks[lock].holder {
            Some(holder) if holder == thread && program.locks[lock].kind == LockKind::Lock => {
                Some(format!("waits for {name}, which it holds itself: a Lock is not re-entrant, so it waits forever"))
            }
            Some(holder) if holder != thread => Some(format!("waits for {name}, held by thread {holder}")),
            _ => None,
        }
    }

    /// Runs `thread`'s next step, which [`waits_for`](Self::waits_for) allows, and says what it
    /// did, with the values it saw or wrote: `load counter → tmp (tmp = 0)`.
    pub fn execute(&mut self, program: &Program, thread: usize) -> String {
        let pc = self.threads[thread].pc;
        let step = program.threads[thread].steps[pc];
        let mut next = step.next.unwrap_or(pc + 1);
        let done = step.op.text(program);
        let outcome = match step.op {
            Op::Load { var, local } => {
                self.threads[thread].locals[local] = self.vars[var];
                Ok(format!("{done} ({} = {})", program.locals[local], self.vars[var]))
            }
            Op::Add { local, delta } => match self.threads[thread].locals[local] {
                Value::Int(number) => {
                    self.threads[thread].locals[local] = Value::Int(number + delta);
                    Ok(format!("{done} ({} = {})", program.locals[local], number + delta))
                }
                other => {
                    Err(format!("TypeError: unsupported operand type(s) for +: '{}' and 'int'", other.type_name()))
                }
            },
            Op::Store { var, local } => {
                self.vars[var] = self.threads[thread].locals[local];
                Ok(format!("{done} ({} = {})", program.vars[var].name, self.vars[var]))
            }
            Op::Assign { var, value } => {
                self.vars[var] = value;
                Ok(done)
            }
            Op::Branch { test, jump_if, target } => {
                let value = self.vars[test.var];
                test.holds(value).map(|holds| {
                    if holds == jump_if {
                        next = target;
                    }
                    let shown = if holds { "True" } else { "False" };
                    format!("{done}: {shown} ({} = {value})", program.vars[test.var].name)
                })
            }
            Op::Loop { local, times, exit } => {
                let round = match self.threads[thread].locals[local] {
                    Value::Int(round) => round + 1,
                    _ => 0,
                };
                let name = program.locals[local];
                if round < times {
                    self.threads[thread].locals[local] = Value::Int(round);
                    Ok(format!("round {} of {times} ({name} = {round})", round + 1))
                } else {
                    next = exit;
                    Ok(format!("range({times}) is done: leave the loop"))
                }
            }
            Op::Acquire { lock } => {
                let state = &mut self.locks[lock];
                state.holder = Some(thread);
                state.depth += 1;
                Ok(if state.depth > 1 { format!("{done} again (held {} times)", state.depth) } else { done })
            }
            Op::Release { lock } => self.release(program, lock, thread).map(|()| done),
            Op::Wait { condition } => {
                let lock = program.conditions[condition].lock;
                self.release_all(program, lock, thread).map(|()| {
                    self.waiting[condition].push(thread);
                    done
                })
            }
            Op::Reacquire { condition } => {
                let lock = program.conditions[condition].lock;
                self.locks[lock] = LockState { holder: Some(thread), depth: 1 };
                Ok(done)
            }
            Op::Notify { condition, all } => self.notify(program, condition, all, thread).map(|woken| {
                let name = program.conditions[condition].name;
                match woken.as_slice() {
                    [] => format!("{done}: no thread waits on {name}, so the notify is lost"),
                    [one] => format!("{done} wakes thread {one}"),
                    many => format!("{done} wakes threads {}", list(many)),
                }
            }),
            Op::SemaphoreAcquire { semaphore } => {
                self.semaphores[semaphore] -= 1;
                Ok(format!("{done} ({} = {})", program.semaphores[semaphore].name, self.semaphores[semaphore]))
            }
            Op::SemaphoreRelease { semaphore } => {
                self.semaphores[semaphore] += 1;
                Ok(format!("{done} ({} = {})", program.semaphores[semaphore].name, self.semaphores[semaphore]))
            }
            Op::SetEvent { event } => {
                self.events[event] = true;
                Ok(done)
            }
            Op::WaitEvent { event } => Ok(format!("{done}: {} is set, go on", program.events[event])),
            Op::Append { var } => {
                self.resize(program, var, 1).map(|value| format!("{done} ({} = {value})", program.vars[var].name))
            }
            Op::Pop { var } => {
                self.resize(program, var, -1).map(|value| format!("{done} ({} = {value})", program.vars[var].name))
            }
            Op::Critical { .. } => Ok(done),
            Op::Call { target, .. } => {
                next = target;
                Ok(done)
            }
        };
        match outcome {
            Ok(text) => {
                self.threads[thread].pc = next;
                text
            }
            Err(error) => {
                let text = format!("{}: {error}; thread {thread} stops", step.op.text(program));
                self.stop(thread, error);
                text
            }
        }
    }

    /// Releases one hold of `lock`; releasing a lock `thread` does not hold raises Python's
    /// `RuntimeError`.
    fn release(&mut self, program: &Program, lock: usize, thread: usize) -> Result<(), String> {
        let state = &mut self.locks[lock];
        if state.holder != Some(thread) {
            return Err(format!(
                "RuntimeError: release of {}, which this thread does not hold",
                program.locks[lock].name
            ));
        }
        state.depth -= 1;
        if state.depth == 0 {
            state.holder = None;
        }
        Ok(())
    }

    /// Releases every hold of `lock`, as `cond.wait()` does.
    fn release_all(&mut self, program: &Program, lock: usize, thread: usize) -> Result<(), String> {
        if self.locks[lock].holder != Some(thread) {
            return Err(format!("RuntimeError: cannot wait on un-acquired lock {}", program.locks[lock].name));
        }
        self.locks[lock] = LockState::default();
        Ok(())
    }

    /// Wakes the first waiter, or all; notifying without the lock raises Python's `RuntimeError`.
    fn notify(&mut self, program: &Program, condition: usize, all: bool, thread: usize) -> Result<Vec<usize>, String> {
        let lock = program.conditions[condition].lock;
        if self.locks[lock].holder != Some(thread) {
            return Err(format!("RuntimeError: cannot notify on un-acquired lock {}", program.locks[lock].name));
        }
        let waiters = &mut self.waiting[condition];
        let count = if all { waiters.len() } else { waiters.len().min(1) };
        Ok(waiters.drain(..count).collect())
    }

    /// Adds `change` items to the list `var`; popping an empty list raises Python's `IndexError`.
    fn resize(&mut self, program: &Program, var: usize, change: i8) -> Result<Value, String> {
        let Value::List(items) = self.vars[var] else {
            return Err(format!("AttributeError: {} is not a list", program.vars[var].name));
        };
        let items = items.checked_add_signed(change).ok_or_else(|| "IndexError: pop from empty list".to_owned())?;
        self.vars[var] = Value::List(items);
        Ok(self.vars[var])
    }

    /// Stops `thread` with `error`. Like Python's `with`, the exception releases the locks the
    /// thread holds.
    fn stop(&mut self, thread: usize, error: String) {
        self.threads[thread].error = Some(error);
        for state in &mut self.locks {
            if state.holder == Some(thread) {
                *state = LockState::default();
            }
        }
    }
}

/// `0, 2`.
fn list(threads: &[usize]) -> String {
    threads.iter().map(usize::to_string).collect::<Vec<_>>().join(", ")
}
