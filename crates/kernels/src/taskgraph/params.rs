//! The task-graph demo's URL parameters.

use std::num::NonZeroUsize;

use super::{MAX_TASKS, Shape, TaskGraph, TaskName};
use crate::params::{Checker, DemoParams, Limits, group};

/// The task-graph demo's parameters, always within their limits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TaskGraphParams {
    pub graph: Shape,
    pub size: usize,
    /// Each task's work in units of about a microsecond (1,000 hash rounds) per unit of weight.
    pub cost: usize,
    pub threads: NonZeroUsize,
    pub repeats: NonZeroUsize,
    /// The task that raises, if any: always a task of the graph.
    pub fail: Option<TaskName>,
}

/// 32: a 63-task tree of sums, a 94-task merge sort, a 1,024-cell wavefront.
pub const DEFAULT_SIZE: usize = 32;
/// Tasks of about half a millisecond: handing one out (a lock, a queue, a wake-up) costs a few
/// microseconds, so the scheduler's overhead stays small beside W/k + S.
pub const DEFAULT_COST: usize = 500;
/// 100 ms per unit of weight: a merge-sort root merge of 1,000 blocks already takes minutes.
pub const MAX_COST: usize = 100_000;

impl DemoParams for TaskGraphParams {
    const KEYS: &'static [&'static str] = &["graph", "size", "cost", "threads", "repeats", "fail"];
    // The size's limit depends on the graph; the failing task must be one of the graph's.
    const LATE_KEYS: &'static [&'static str] = &["size", "fail"];

    fn defaults(limits: &Limits) -> Self {
        Self {
            graph: Shape::TreeSum,
            size: DEFAULT_SIZE,
            cost: DEFAULT_COST,
            threads: limits.lesson_threads(),
            repeats: crate::params::default_repeats(),
            fail: None,
        }
    }

    fn read(&mut self, key: &'static str, raw: &str, check: &mut Checker, limits: &Limits) {
        match key {
            "graph" => self.graph = check.choice(key, raw, self.graph, &Shape::ALL, Shape::name),
            "size" => {
                let shape = self.graph;
                self.size = check.count(key, raw, self.size, 1, shape.max_size(), |n| {
                    format!(
                        "size = {} makes a {} graph of {} tasks, more than the {} tasks the page draws and records",
                        group(n),
                        shape.name(),
                        group(shape.tasks(n)),
                        group(MAX_TASKS)
                    )
                });
            }
            "cost" => {
                self.cost = check.count(key, raw, self.cost, 1, MAX_COST, |c| {
                    format!("cost = {} would make each unit of weight about {} ms of work", group(c), group(c / 1_000))
                });
            }
            "threads" => self.threads = check.threads(key, raw, self.threads, limits),
            "repeats" => self.repeats = check.repeats(key, raw, self.repeats),
            "fail" => self.fail = read_fail(raw, self.graph, self.size, check),
            _ => {}
        }
    }

    fn to_query(&self) -> Vec<(&'static str, String)> {
        let mut query = vec![
            ("graph", self.graph.name().to_owned()),
            ("size", self.size.to_string()),
            ("cost", self.cost.to_string()),
            ("threads", self.threads.to_string()),
            ("repeats", self.repeats.to_string()),
        ];
        query.extend(self.fail.map(|task| ("fail", task.to_string())));
        query
    }
}

/// `fail=`: empty for none, else a task of the `shape` graph of `size`.
fn read_fail(raw: &str, shape: Shape, size: usize, check: &mut Checker) -> Option<TaskName> {
    if raw.trim().is_empty() {
        return None;
    }
    let found = TaskName::parse(raw).filter(|&name| TaskGraph::build(shape, size).find(name).is_some());
    if found.is_none() {
        check.problem(
            "fail",
            format!(
                "fail = “{}” is not a task of the {} graph of size {}: its tasks are {}. No task will fail.",
                raw.trim(),
                shape.name(),
                group(size),
                shape.naming(size)
            ),
        );
    }
    found
}
