//! What a run's task records say: how unevenly the threads were loaded, how long they sat
//! idle, how far the run was from the best any schedule could do, and how many tasks a
//! run-time scheduler moved away from the fixed split.

use super::TaskRecord;

/// The thread `block` gives task `i` of `n` on `k` threads: the t with
/// `t·n/k ≤ i < (t+1)·n/k`.
pub fn block_owner(i: usize, n: usize, k: usize) -> usize {
    (k.max(1) * (i + 1) - 1) / n.max(1)
}

/// Each thread's time inside tasks, for threads `0..k`.
pub fn busy_per_thread(records: &[TaskRecord], k: usize) -> Vec<f64> {
    let mut busy = vec![0.0; k.max(1)];
    for record in records {
        if let Some(total) = busy.get_mut(record.thread) {
            *total += record.ended_ms - record.began_ms;
        }
    }
    busy
}

/// The busiest thread's time over the mean: 1.0 is perfect balance, k means one thread did
/// everything. 1.0 when nothing was busy.
pub fn imbalance(busy: &[f64]) -> f64 {
    let mean = busy.iter().sum::<f64>() / busy.len().max(1) as f64;
    let most = busy.iter().copied().fold(0.0, f64::max);
    if mean > 0.0 { most / mean } else { 1.0 }
}

/// The share of the k threads' time over the run's `wall_ms` spent outside tasks (waiting for
/// work, for the others, or handing out), in percent.
pub fn idle_percent(busy: &[f64], wall_ms: f64) -> f64 {
    let available = busy.len() as f64 * wall_ms;
    if available > 0.0 { (100.0 * (available - busy.iter().sum::<f64>()) / available).clamp(0.0, 100.0) } else { 0.0 }
}

/// No schedule on k threads can finish before `max(total ÷ k, largest task)`: the work must be
/// shared out, and a task runs on one thread. `task_ms` are the sequential run's task times.
pub fn lower_bound_ms(task_ms: &[f64], k: usize) -> f64 {
    let total: f64 = task_ms.iter().sum();
    let largest = task_ms.iter().copied().fold(0.0, f64::max);
    (total / k.max(1) as f64).max(largest)
}

/// Tasks of `records` (a run of `n` tasks on k threads) that ran on another thread than
/// `block` would have given them.
pub fn moved(records: &[TaskRecord], n: usize, k: usize) -> usize {
    records.iter().filter(|r| r.thread != block_owner(r.task, n, k)).count()
}

/// Renumbers the threads of a run-time scheduler by the first task each ran (thread 0 ran the
/// lowest-numbered task, and so on): their numbers came from whichever thread started first,
/// which says nothing, and in this order `moved` counts the tasks that really left the fixed
/// split.
pub fn number_by_first_task(records: &mut [TaskRecord], k: usize) {
    let mut first = vec![usize::MAX; k.max(1)];
    for record in records.iter() {
        if let Some(lowest) = first.get_mut(record.thread) {
            *lowest = (*lowest).min(record.task);
        }
    }
    let mut order: Vec<usize> = (0..first.len()).collect();
    order.sort_by_key(|&thread| first[thread]);
    let mut renamed = vec![0; first.len()];
    for (new, &old) in order.iter().enumerate() {
        renamed[old] = new;
    }
    for record in records.iter_mut() {
        if let Some(&new) = renamed.get(record.thread) {
            record.thread = new;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(task: usize, thread: usize) -> TaskRecord {
        TaskRecord { task, thread, began_ms: 0.0, ended_ms: 1.0 }
    }

    #[test]
    fn imbalance_idle_and_bound() {
        assert_eq!(imbalance(&[3.0, 1.0]), 1.5);
        assert_eq!(imbalance(&[0.0, 0.0]), 1.0);
        assert_eq!(idle_percent(&[3.0, 1.0], 4.0), 50.0);
        assert_eq!(lower_bound_ms(&[1.0, 1.0, 1.0, 1.0], 2), 2.0);
        assert_eq!(lower_bound_ms(&[1.0, 1.0, 10.0], 2), 10.0, "the largest task bounds it");
    }

    #[test]
    fn renumbering_follows_the_first_task() {
        let mut records = vec![record(0, 1), record(1, 0), record(2, 1), record(3, 0)];
        number_by_first_task(&mut records, 2);
        let threads: Vec<usize> = records.iter().map(|r| r.thread).collect();
        assert_eq!(threads, [0, 1, 0, 1]);
        assert_eq!(moved(&records, 4, 2), 2, "tasks 1 and 2 left their block");
    }
}
