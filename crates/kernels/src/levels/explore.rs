//! Every order of steps a level allows, searched breadth first: the shortest win of a buggy
//! level (its par), or the proof that a fixed level cannot be won.
//!
//! A level's states are few (a handful of threads, each a few steps long), so the search keeps
//! every distinct state it reaches and visits each once.

use std::collections::HashSet;

use super::catalog::Level;
use super::state::State;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Exploration {
    /// The shortest list of moves that reaches the goal, if any order does.
    pub winning: Option<Vec<u8>>,
    /// How many distinct states the search reached; for a level that cannot be won, all of them.
    pub states: usize,
}

impl Exploration {
    pub fn goal_reachable(&self) -> bool {
        self.winning.is_some()
    }
}

/// Searches `level`'s states from its start. A state that reaches the goal ends its branch.
pub fn explore(level: &Level) -> Exploration {
    let program = &level.program;
    let start = State::initial(program);
    // Each state reached, with the state it was reached from and the move that did it.
    let mut reached: Vec<(State, usize, u8)> = vec![(start.clone(), 0, 0)];
    let mut seen = HashSet::from([start]);
    let mut next = 0;
    while next < reached.len() {
        let state = reached[next].0.clone();
        for (thread, mover) in (0..program.threads.len()).zip(0u8..) {
            if state.is_finished(program, thread) || state.waits_for(program, thread).is_some() {
                continue;
            }
            let mut after = state.clone();
            after.execute(program, thread);
            if !seen.insert(after.clone()) {
                continue;
            }
            let won = level.goal.reached(program, &after);
            reached.push((after, next, mover));
            if won {
                return Exploration { winning: Some(moves_to(&reached, reached.len() - 1)), states: reached.len() };
            }
        }
        next += 1;
    }
    Exploration { winning: None, states: reached.len() }
}

/// The moves from the start to `reached[index]`.
fn moves_to(reached: &[(State, usize, u8)], mut index: usize) -> Vec<u8> {
    let mut moves = Vec::new();
    while index != 0 {
        let (_, parent, thread) = reached[index];
        moves.push(thread);
        index = parent;
    }
    moves.reverse();
    moves
}
