//! The exhaustive check of a dinner protocol: every state reachable by any interleaving of the
//! philosophers' steps, on the same state machine [`super::simulate`] runs.

use std::collections::HashSet;

use super::simulate::Model;
use super::{DinnerConfig, Waiting};

/// What [`explore`] found.
#[derive(Debug, Clone, PartialEq)]
pub struct Exploration {
    pub states: usize,
    /// States in which nobody can act and not everyone has finished.
    pub deadlocks: usize,
    pub first_deadlock: Option<Vec<Waiting>>,
    /// False when `max_states` stopped the search early.
    pub complete: bool,
}

/// Visits every state reachable by any interleaving of the philosophers' steps and of the
/// barrier's timeout (depth first, each state once): an exhaustive check of the protocol for a
/// small dinner.
pub fn explore(config: &DinnerConfig, max_states: usize) -> Exploration {
    let mut seen = HashSet::new();
    let mut stack = vec![Model::new(config)];
    let mut result = Exploration { states: 0, deadlocks: 0, first_deadlock: None, complete: true };
    while let Some(model) = stack.pop() {
        if !seen.insert(model.clone()) {
            continue;
        }
        result.states += 1;
        if result.states >= max_states {
            result.complete = false;
            break;
        }
        // The barrier's timeout can strike at any moment.
        let mut opened = model.clone();
        let can_open = opened.open_barrier();
        if can_open {
            stack.push(opened);
        }
        let able: Vec<usize> = (0..config.philosophers).filter(|&p| model.can_step(config, p)).collect();
        if able.is_empty() {
            if !can_open && !model.all_done() {
                result.deadlocks += 1;
                if result.first_deadlock.is_none() {
                    result.first_deadlock = model.deadlock_cycle(config);
                }
            }
            continue;
        }
        for p in able {
            let mut next = model.clone();
            next.step(config, p);
            stack.push(next);
        }
    }
    result
}
