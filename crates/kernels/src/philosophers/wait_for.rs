//! Wait-for graphs: who waits for whom. A cycle in one is a deadlock.

/// A cycle in a graph where each node has at most one successor, listed from its smallest
/// member in edge order.
pub fn find_cycle(next: &[Option<usize>]) -> Option<Vec<usize>> {
    'starts: for start in 0..next.len() {
        let mut seen = vec![false; next.len()];
        let mut node = start;
        while !seen[node] {
            seen[node] = true;
            match next[node] {
                Some(following) => node = following,
                None => continue 'starts,
            }
        }
        // `node` is on a cycle: every node on it has a successor. Walk it once.
        let mut cycle = vec![node];
        let mut at = next[node].unwrap_or(node);
        while at != node {
            cycle.push(at);
            at = next[at].unwrap_or(node);
        }
        let smallest = cycle.iter().enumerate().min_by_key(|&(_, p)| *p).map_or(0, |(i, _)| i);
        cycle.rotate_left(smallest);
        return Some(cycle);
    }
    None
}
