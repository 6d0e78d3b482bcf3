//! What a level asks the person to bring about by choosing the order of the steps. It is
//! checked after every step; a fixed level has the same goal, which no order reaches.

use super::program::{Op, Program};
use super::state::State;
use super::value::Value;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Goal {
    /// Two threads inside the critical section at once: both about to run its `critical()`.
    BothInside,
    /// No thread can take a step, and not all have finished.
    Deadlock,
    /// Every thread has finished and the shared `var` is not `expected`.
    WrongTotal { var: usize, expected: i32 },
    /// The shared `var` is below zero.
    Negative { var: usize },
    /// A thread stopped with an exception, such as a pop from an empty buffer.
    Exception,
    /// One thread waits for good: it is blocked and every other thread has finished.
    SleepsForever,
    /// A thread reaches the step past a barrier in a later round (its local `round`) than
    /// another thread is in: it lapped it.
    Lapped { round: usize },
}

impl Goal {
    pub fn reached(self, program: &Program, state: &State) -> bool {
        let threads = 0..state.threads.len();
        let blocked = |thread: usize| !state.is_finished(program, thread) && state.waits_for(program, thread).is_some();
        let inside = |thread: usize| matches!(state.next_op(program, thread), Some(Op::Critical { .. }));
        match self {
            Goal::BothInside => threads.filter(|&thread| inside(thread)).count() >= 2,
            Goal::Deadlock => {
                !state.all_finished(program)
                    && threads.clone().all(|thread| state.is_finished(program, thread) || blocked(thread))
            }
            Goal::WrongTotal { var, expected } => {
                state.all_finished(program) && state.vars[var] != Value::Int(expected)
            }
            Goal::Negative { var } => matches!(state.vars[var], Value::Int(number) if number < 0),
            Goal::Exception => state.threads.iter().any(|thread| thread.error.is_some()),
            Goal::SleepsForever => threads.clone().any(|sleeper| {
                blocked(sleeper) && threads.clone().all(|other| other == sleeper || state.is_finished(program, other))
            }),
            Goal::Lapped { round } => {
                let round_of = |thread: usize| match state.threads[thread].locals[round] {
                    Value::Int(number) => number,
                    _ => -1,
                };
                threads
                    .clone()
                    .any(|ahead| inside(ahead) && threads.clone().any(|behind| round_of(behind) < round_of(ahead)))
            }
        }
    }
}
