//! The task graphs: five shapes built from `size`, each task with a short stable name, the
//! tasks whose results it needs (its inputs) and a weight (its cost in units of `cost`).
//!
//! Tasks are numbered in a topological order (every input has a smaller number than the task
//! that needs it), so the sequential run is a plain loop and a depth is one pass.

use std::fmt;

/// Tasks the page allows in one graph: the drawing keeps a node per task readable, and each
/// run keeps a record per task.
pub const MAX_TASKS: usize = 4_096;

/// The fork-join graph's stages (a fan-out and its join each).
pub const STAGES: usize = 4;
/// A merge-sort leaf's weight: sorting a block costs twice merging it once.
const SORT_WEIGHT: u64 = 2;

/// The five presets: a shape of dependencies, the same for any `cost`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Shape {
    /// `size` leaves summed pairwise, level by level: a reduction tree.
    TreeSum,
    /// Divide and conquer over `size` blocks: splits, leaf sorts, merges as wide as their range.
    MergeSort,
    /// A `size` × `size` grid, each cell needing the one above and the one to its left.
    Wavefront,
    /// Four stages, each `size` tasks fanned out after the last join and joined again.
    ForkJoin,
    /// `size` tasks, each needing the one before: no parallelism at all (the control case).
    Chain,
}

impl Shape {
    pub const ALL: [Shape; 5] = [Shape::TreeSum, Shape::MergeSort, Shape::Wavefront, Shape::ForkJoin, Shape::Chain];

    pub fn name(self) -> &'static str {
        match self {
            Shape::TreeSum => "tree-sum",
            Shape::MergeSort => "merge-sort",
            Shape::Wavefront => "wavefront",
            Shape::ForkJoin => "fork-join",
            Shape::Chain => "chain",
        }
    }

    pub fn description(self) -> &'static str {
        match self {
            Shape::TreeSum => "tree-sum: size leaves added in pairs",
            Shape::MergeSort => "merge-sort: split, sort size blocks, merge",
            Shape::Wavefront => "wavefront: size × size cells, each after top and left",
            Shape::ForkJoin => "fork-join: 4 stages of size tasks and a join",
            Shape::Chain => "chain: size tasks in a row (no parallelism)",
        }
    }

    /// Tasks in the graph of `size`.
    pub fn tasks(self, size: usize) -> usize {
        match self {
            Shape::TreeSum => (2 * size).saturating_sub(1),
            Shape::MergeSort => (3 * size).saturating_sub(2),
            Shape::Wavefront => size.saturating_mul(size),
            Shape::ForkJoin => STAGES * (size + 1),
            Shape::Chain => size,
        }
    }

    /// The largest `size` whose graph has at most [`MAX_TASKS`] tasks.
    pub fn max_size(self) -> usize {
        (1..=MAX_TASKS).rev().find(|&size| self.tasks(size) <= MAX_TASKS).unwrap_or(1)
    }

    /// How its tasks are named, for a message about a name that is not one of them.
    pub fn naming(self, size: usize) -> String {
        let last = size.saturating_sub(1);
        match self {
            Shape::TreeSum => format!(
                "leaf-0 … leaf-{last}, and sum-L-I for the I-th sum of level L (sum-1-0 adds leaf-0 and leaf-1)"
            ),
            Shape::MergeSort => format!(
                "sort-0 … sort-{last}, and split-D-I / merge-D-I for the I-th range at depth D (split-0-0 is the root)"
            ),
            Shape::Wavefront => format!("cell-R-C for row and column 0 … {last}"),
            Shape::ForkJoin => format!("work-S-I for stage S = 0 … {} and I = 0 … {last}, and join-S", STAGES - 1),
            Shape::Chain => format!("step-0 … step-{last}"),
        }
    }
}

/// A task's name: a kind and one or two numbers, like `sum-3-1` or `leaf-7`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct TaskName {
    kind: Kind,
    a: u32,
    b: Option<u32>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Kind {
    Leaf,
    Sum,
    Split,
    Sort,
    Merge,
    Cell,
    Work,
    Join,
    Step,
}

const KINDS: [(Kind, &str, bool); 9] = [
    (Kind::Leaf, "leaf", false),
    (Kind::Sum, "sum", true),
    (Kind::Split, "split", true),
    (Kind::Sort, "sort", false),
    (Kind::Merge, "merge", true),
    (Kind::Cell, "cell", true),
    (Kind::Work, "work", true),
    (Kind::Join, "join", false),
    (Kind::Step, "step", false),
];

impl TaskName {
    /// Reads `leaf-7` or `sum-3-1`; `None` for anything else.
    pub fn parse(text: &str) -> Option<Self> {
        let mut parts = text.trim().split('-');
        let prefix = parts.next()?;
        let &(kind, _, two) = KINDS.iter().find(|(_, name, _)| *name == prefix)?;
        let a = parts.next()?.parse().ok()?;
        let b = if two { Some(parts.next()?.parse().ok()?) } else { None };
        parts.next().is_none().then_some(Self { kind, a, b })
    }

    fn one(kind: Kind, a: usize) -> Self {
        Self { kind, a: a as u32, b: None }
    }

    fn two(kind: Kind, a: usize, b: usize) -> Self {
        Self { kind, a: a as u32, b: Some(b as u32) }
    }
}

impl fmt::Display for TaskName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let prefix = KINDS.iter().find(|(kind, ..)| *kind == self.kind).map_or("task", |(_, name, _)| name);
        match self.b {
            Some(b) => write!(f, "{prefix}-{}-{b}", self.a),
            None => write!(f, "{prefix}-{}", self.a),
        }
    }
}

/// One task: its name, the tasks whose results it folds in (in this order), its weight.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Task {
    pub name: TaskName,
    pub inputs: Vec<usize>,
    pub weight: u64,
}

/// Tasks in a topological order, with each task's dependents (the tasks that need it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TaskGraph {
    pub tasks: Vec<Task>,
    pub dependents: Vec<Vec<usize>>,
}

impl TaskGraph {
    /// The preset `shape` at `size` (at least 1).
    pub fn build(shape: Shape, size: usize) -> Self {
        let size = size.max(1);
        let mut b = Builder::default();
        match shape {
            Shape::TreeSum => {
                let mut level: Vec<usize> = (0..size).map(|i| b.add(TaskName::one(Kind::Leaf, i), vec![], 1)).collect();
                let mut depth = 1;
                while level.len() > 1 {
                    level = level
                        .chunks(2)
                        .enumerate()
                        .map(|(i, pair)| match *pair {
                            [x, y] => b.add(TaskName::two(Kind::Sum, depth, i), vec![x, y], 1),
                            _ => pair[0],
                        })
                        .collect();
                    depth += 1;
                }
            }
            Shape::MergeSort => {
                let mut at_depth = Vec::new();
                b.merge_sort(0, size, 0, None, &mut at_depth);
            }
            Shape::Wavefront => {
                for r in 0..size {
                    for c in 0..size {
                        let up = r.checked_sub(1).map(|u| u * size + c);
                        let left = c.checked_sub(1).map(|l| r * size + l);
                        b.add(TaskName::two(Kind::Cell, r, c), up.into_iter().chain(left).collect(), 1);
                    }
                }
            }
            Shape::ForkJoin => {
                let mut join = None;
                for s in 0..STAGES {
                    let fan: Vec<usize> = (0..size)
                        .map(|i| b.add(TaskName::two(Kind::Work, s, i), join.into_iter().collect(), 1))
                        .collect();
                    join = Some(b.add(TaskName::one(Kind::Join, s), fan, 1));
                }
            }
            Shape::Chain => {
                for i in 0..size {
                    b.add(TaskName::one(Kind::Step, i), i.checked_sub(1).into_iter().collect(), 1);
                }
            }
        }
        Self::from_tasks(b.tasks)
    }

    /// A graph of `tasks`, whose inputs must name earlier tasks (later ones are dropped).
    pub fn from_tasks(mut tasks: Vec<Task>) -> Self {
        let mut dependents = vec![Vec::new(); tasks.len()];
        for (id, task) in tasks.iter_mut().enumerate() {
            task.inputs.retain(|&input| input < id);
            for &input in &task.inputs {
                dependents[input].push(id);
            }
        }
        Self { tasks, dependents }
    }

    pub fn len(&self) -> usize {
        self.tasks.len()
    }

    pub fn is_empty(&self) -> bool {
        self.tasks.is_empty()
    }

    /// The task called `name`.
    pub fn find(&self, name: TaskName) -> Option<usize> {
        self.tasks.iter().position(|t| t.name == name)
    }

    /// Each task's depth: 0 with no inputs, else one more than its deepest input.
    pub fn depths(&self) -> Vec<usize> {
        let mut depth = vec![0; self.len()];
        for (id, task) in self.tasks.iter().enumerate() {
            depth[id] = task.inputs.iter().map(|&i| depth[i] + 1).max().unwrap_or(0);
        }
        depth
    }

    /// Every task that needs `task`'s result, directly or through others (not `task` itself).
    pub fn descendants(&self, task: usize) -> Vec<usize> {
        let mut seen = vec![false; self.len()];
        let mut stack = vec![task];
        let mut found = Vec::new();
        while let Some(at) = stack.pop() {
            for &d in self.dependents.get(at).map_or(&[][..], Vec::as_slice) {
                if !seen[d] {
                    seen[d] = true;
                    found.push(d);
                    stack.push(d);
                }
            }
        }
        found.sort_unstable();
        found
    }
}

#[derive(Default)]
struct Builder {
    tasks: Vec<Task>,
}

impl Builder {
    fn add(&mut self, name: TaskName, inputs: Vec<usize>, weight: u64) -> usize {
        self.tasks.push(Task { name, inputs, weight });
        self.tasks.len() - 1
    }

    /// Blocks `lo..hi` at `depth`, after `parent`'s split; returns the task holding the sorted
    /// range. `at_depth` counts the ranges already named at each depth.
    fn merge_sort(
        &mut self,
        lo: usize,
        hi: usize,
        depth: usize,
        parent: Option<usize>,
        at_depth: &mut Vec<usize>,
    ) -> usize {
        if hi - lo == 1 {
            return self.add(TaskName::one(Kind::Sort, lo), parent.into_iter().collect(), SORT_WEIGHT);
        }
        if at_depth.len() <= depth {
            at_depth.push(0);
        }
        let index = at_depth[depth];
        at_depth[depth] += 1;
        let split = self.add(TaskName::two(Kind::Split, depth, index), parent.into_iter().collect(), 1);
        let mid = lo + (hi - lo) / 2;
        let left = self.merge_sort(lo, mid, depth + 1, Some(split), at_depth);
        let right = self.merge_sort(mid, hi, depth + 1, Some(split), at_depth);
        self.add(TaskName::two(Kind::Merge, depth, index), vec![left, right], (hi - lo) as u64)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_shape_has_the_counted_tasks_in_topological_order() {
        for shape in Shape::ALL {
            for size in [1, 2, 3, 7, 16] {
                let graph = TaskGraph::build(shape, size);
                assert_eq!(graph.len(), shape.tasks(size), "{} {size}", shape.name());
                for (id, task) in graph.tasks.iter().enumerate() {
                    assert!(task.inputs.iter().all(|&i| i < id), "{}", task.name);
                    assert_eq!(TaskName::parse(&task.name.to_string()), Some(task.name));
                }
            }
            assert!(shape.tasks(shape.max_size()) <= MAX_TASKS && shape.tasks(shape.max_size() + 1) > MAX_TASKS);
        }
    }

    #[test]
    fn names_read_back_and_odd_ones_do_not() {
        assert_eq!(TaskName::parse("sum-3-1").map(|n| n.to_string()).as_deref(), Some("sum-3-1"));
        assert_eq!(TaskName::parse("leaf-7").map(|n| n.to_string()).as_deref(), Some("leaf-7"));
        for bad in ["", "leaf", "leaf-1-2", "sum-1", "nope-1", "cell-a-1", "leaf--1"] {
            assert_eq!(TaskName::parse(bad), None, "{bad}");
        }
    }
}
