//! Work, span and Brent's bound, from the task times of a sequential run: the work W is all of
//! them added up, the span S the longest chain of tasks each needing the one before (by those
//! times), and on k threads a greedy scheduler takes between max(W/k, S) and W/k + S.

use super::TaskGraph;

/// W: every task's time added up.
pub fn work(task_ms: &[f64]) -> f64 {
    task_ms.iter().sum()
}

/// S and the tasks of one longest path, first to last: the critical path. `task_ms` has one
/// time per task of `graph` (0 for a task that never ran).
pub fn span(graph: &TaskGraph, task_ms: &[f64]) -> (f64, Vec<usize>) {
    let n = graph.len();
    let mut finish: Vec<f64> = vec![0.0; n];
    let mut before = vec![None; n];
    for (id, task) in graph.tasks.iter().enumerate() {
        let longest = task.inputs.iter().copied().max_by(|&a, &b| finish[a].total_cmp(&finish[b]));
        before[id] = longest;
        finish[id] = longest.map_or(0.0, |i| finish[i]) + task_ms.get(id).copied().unwrap_or(0.0);
    }
    let Some(mut at) = (0..n).max_by(|&a, &b| finish[a].total_cmp(&finish[b])) else { return (0.0, Vec::new()) };
    let total = finish[at];
    let mut path = vec![at];
    while let Some(previous) = before[at] {
        path.push(previous);
        at = previous;
    }
    path.reverse();
    (total, path)
}

/// W / S: how many threads the graph can keep busy on average.
pub fn parallelism(work_ms: f64, span_ms: f64) -> f64 {
    if span_ms > 0.0 { work_ms / span_ms } else { 1.0 }
}

/// Brent's bounds on k threads: no schedule beats max(W/k, S), and a greedy one (never idle
/// while a task is ready) needs at most W/k + S.
pub fn brent(work_ms: f64, span_ms: f64, k: usize) -> (f64, f64) {
    let share = work_ms / k.max(1) as f64;
    (share.max(span_ms), share + span_ms)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::taskgraph::{Shape, TaskGraph};

    #[test]
    fn a_chain_is_all_span_and_a_tree_is_its_height() {
        let chain = TaskGraph::build(Shape::Chain, 5);
        assert_eq!(span(&chain, &[1.0; 5]), (5.0, vec![0, 1, 2, 3, 4]));
        let tree = TaskGraph::build(Shape::TreeSum, 8);
        let (s, path) = span(&tree, &[1.0; 15]);
        assert_eq!((s, path.len()), (4.0, 4));
        assert_eq!(work(&[1.0; 15]), 15.0);
        assert_eq!(brent(15.0, 4.0, 2), (7.5, 11.5));
        assert_eq!(brent(15.0, 4.0, 8), (4.0, 5.875), "the span bounds it past W/S threads");
        assert_eq!(parallelism(15.0, 4.0), 3.75);
    }

    #[test]
    fn the_span_follows_the_costly_branch() {
        // 0 → 1 → 3 and 0 → 2 → 3, with 2 the slow one.
        let graph = TaskGraph::from_tasks(
            [vec![], vec![0], vec![0], vec![1, 2]]
                .into_iter()
                .enumerate()
                .map(|(i, inputs)| crate::taskgraph::Task {
                    name: crate::taskgraph::TaskName::parse(&format!("step-{i}")).unwrap(),
                    inputs,
                    weight: 1,
                })
                .collect(),
        );
        assert_eq!(span(&graph, &[1.0, 1.0, 5.0, 1.0]), (7.0, vec![0, 2, 3]));
        assert_eq!(work(&[1.0, 1.0, 5.0, 1.0]), 8.0);
    }
}
