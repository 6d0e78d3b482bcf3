//! Checks a dinner's trace and measures it.
//!
//! The checker replays the events in order and proves the safety rules the demo teaches: a
//! chopstick is picked up only when it lies on the table and only by one of its two neighbours,
//! put down only by whoever holds it, every meal is eaten holding both chopsticks, and no two
//! neighbours ever eat at once. A finished dinner must also have served every meal.

use super::{Dinner, DinnerConfig, Ending, Event, EventKind};

const NOBODY: usize = usize::MAX;

/// The checker's verdict: `problems` is empty when every rule held.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verdict {
    pub problems: Vec<String>,
}

impl Verdict {
    pub fn ok(&self) -> bool {
        self.problems.is_empty()
    }
}

/// Replays `dinner.trace` and lists every broken rule (at most 20).
pub fn check(config: &DinnerConfig, dinner: &Dinner) -> Verdict {
    let n = config.philosophers;
    let mut holder = vec![NOBODY; n];
    let mut eating = vec![false; n];
    let mut meals = vec![0usize; n];
    let mut problems = Vec::new();
    let mut problem = |text: String| {
        if problems.len() < 20 {
            problems.push(text);
        }
    };
    for event in &dinner.trace {
        let p = event.philosopher;
        let (left, right) = (config.left(p), config.right(p));
        match event.kind {
            EventKind::PickUp(stick) => {
                if stick != left && stick != right {
                    problem(format!("philosopher {p} picked up chopstick {stick}, which is not beside them"));
                } else if holder[stick] != NOBODY {
                    problem(format!(
                        "philosopher {p} picked up chopstick {stick} while philosopher {} held it",
                        holder[stick]
                    ));
                }
                holder[stick] = p;
            }
            EventKind::PutDown(stick) => {
                if holder[stick] != p {
                    problem(format!("philosopher {p} put down chopstick {stick} without holding it"));
                }
                holder[stick] = NOBODY;
                eating[p] = false;
            }
            EventKind::Eat => {
                if holder[left] != p || holder[right] != p {
                    problem(format!("philosopher {p} ate without holding both chopsticks {left} and {right}"));
                }
                for neighbour in [(p + n - 1) % n, (p + 1) % n] {
                    if neighbour != p && eating[neighbour] {
                        problem(format!("neighbours {p} and {neighbour} ate at the same time"));
                    }
                }
                eating[p] = true;
                meals[p] += 1;
            }
            EventKind::Think | EventKind::Hungry | EventKind::Done => {}
        }
    }
    if dinner.ending == Ending::Finished {
        for (p, &eaten) in meals.iter().enumerate() {
            if eaten != config.meals {
                problem(format!("philosopher {p} ate {eaten} meals, not {}", config.meals));
            }
        }
    }
    Verdict { problems }
}

/// What a dinner's trace says about throughput, waiting and fairness.
#[derive(Debug, Clone, PartialEq)]
pub struct DinnerStats {
    pub meals: Vec<usize>,
    pub meals_per_second: f64,
    /// Most philosophers eating at the same moment (never more than ⌊N/2⌋).
    pub most_eating_at_once: usize,
    /// The longest time from hungry to eating, and who waited it.
    pub longest_hunger_ms: f64,
    pub longest_hungry: Option<usize>,
    /// Jain's index of the meals each philosopher had eaten when the first one finished:
    /// 1 = perfectly even, 1/N = one philosopher ate everything.
    pub fairness: f64,
    /// Total time philosophers spent hungry, and eating (summed over philosophers).
    pub waiting_ms: f64,
    pub eating_ms: f64,
}

/// Jain's fairness index of `values`: (Σx)² / (n · Σx²).
pub fn jain_index(values: &[f64]) -> f64 {
    let sum: f64 = values.iter().sum();
    let squares: f64 = values.iter().map(|v| v * v).sum();
    if squares == 0.0 { 1.0 } else { sum * sum / (values.len() as f64 * squares) }
}

pub fn stats(config: &DinnerConfig, dinner: &Dinner) -> DinnerStats {
    let n = config.philosophers;
    let mut meals = vec![0usize; n];
    let mut hungry_since: Vec<Option<f64>> = vec![None; n];
    let mut eating_since: Vec<Option<f64>> = vec![None; n];
    let mut eating_now = 0usize;
    let mut most_eating_at_once = 0;
    let mut longest = (0.0, None);
    let (mut waiting_ms, mut eating_ms) = (0.0, 0.0);
    let mut at_first_finish: Option<Vec<usize>> = None;
    for &Event { t_ms, philosopher: p, kind, .. } in &dinner.trace {
        match kind {
            EventKind::Hungry => hungry_since[p] = Some(t_ms),
            EventKind::Eat => {
                if let Some(since) = hungry_since[p].take() {
                    let waited = t_ms - since;
                    waiting_ms += waited;
                    if waited > longest.0 {
                        longest = (waited, Some(p));
                    }
                }
                eating_since[p] = Some(t_ms);
                eating_now += 1;
                most_eating_at_once = most_eating_at_once.max(eating_now);
                meals[p] += 1;
            }
            EventKind::PutDown(_) => {
                if let Some(since) = eating_since[p].take() {
                    eating_ms += t_ms - since;
                    eating_now -= 1;
                }
            }
            EventKind::Done => {
                at_first_finish.get_or_insert_with(|| meals.clone());
            }
            EventKind::Think | EventKind::PickUp(_) => {}
        }
    }
    // Still hungry when the trace ends (a deadlock leaves everyone so): that wait counts too.
    let end = dinner.trace.last().map_or(0.0, |e| e.t_ms);
    for (p, since) in hungry_since.iter().enumerate() {
        if let Some(since) = since {
            let waited = end - since;
            waiting_ms += waited;
            if waited > longest.0 {
                longest = (waited, Some(p));
            }
        }
    }
    let counts: Vec<f64> = at_first_finish.unwrap_or_else(|| meals.clone()).iter().map(|&m| m as f64).collect();
    let total: usize = meals.iter().sum();
    DinnerStats {
        meals_per_second: if dinner.wall_ms > 0.0 { total as f64 * 1e3 / dinner.wall_ms } else { 0.0 },
        meals,
        most_eating_at_once,
        longest_hunger_ms: longest.0,
        longest_hungry: longest.1,
        fairness: jain_index(&counts),
        waiting_ms,
        eating_ms,
    }
}
