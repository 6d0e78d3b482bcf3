//! The watchdog: reads who waits for which chopstick and who holds it, and stops the dinner when
//! the wait-for graph has a cycle that stays.

use std::sync::atomic::Ordering;

use super::{Ending, NOBODY, Table, WATCH_INTERVAL, Waiting, lock};
use crate::philosophers::Strategy;
use crate::philosophers::wait_for::find_cycle;

impl Table<'_> {
    /// Who holds `stick` (for Chandy–Misra: who owns it).
    fn holder_of(&self, stick: usize) -> usize {
        let state = lock(&self.chopsticks[stick].state);
        if self.config.strategy == Strategy::ChandyMisra { state.owner } else { state.holder }
    }

    /// A cycle in the wait-for graph (philosopher → holder of the chopstick it waits for).
    fn wait_for_cycle(&self) -> Option<Vec<Waiting>> {
        let n = self.config.philosophers;
        let edges: Vec<Option<(usize, usize)>> = (0..n)
            .map(|p| {
                let wants = self.waiting_for[p].load(Ordering::SeqCst);
                (wants != NOBODY).then(|| (wants, self.holder_of(wants))).filter(|&(_, by)| by != NOBODY && by != p)
            })
            .collect();
        let cycle = find_cycle(&edges.iter().map(|e| e.map(|(_, by)| by)).collect::<Vec<_>>())?;
        let config = self.config;
        Some(
            cycle
                .iter()
                .map(|&p| {
                    let (wants, held_by) = edges[p].unwrap_or((NOBODY, NOBODY));
                    let holds = if wants == config.left(p) { config.right(p) } else { config.left(p) };
                    Waiting { philosopher: p, holds, wants, held_by }
                })
                .collect(),
        )
    }

    fn stop(&self) {
        self.stopped_at_seq.store(self.seq.load(Ordering::SeqCst), Ordering::SeqCst);
        self.abort.store(true, Ordering::SeqCst);
    }

    /// Watches until everyone has finished, a deadlock is found, or the run is cancelled.
    pub(super) fn watch(&self) -> Ending {
        let mut suspect: Option<(Vec<usize>, usize)> = None;
        loop {
            if self.finished.load(Ordering::SeqCst) == self.config.philosophers {
                return Ending::Finished;
            }
            if self.control.is_cancelled() {
                self.stop();
                return Ending::Cancelled;
            }
            let meals = self.meals.load(Ordering::SeqCst);
            match self.wait_for_cycle() {
                // The same cycle twice, with no meal eaten in between: nobody in it can move.
                Some(cycle) => {
                    let members: Vec<usize> = cycle.iter().map(|w| w.philosopher).collect();
                    if suspect.as_ref().is_some_and(|(seen, at)| *seen == members && *at == meals) {
                        self.stop();
                        return Ending::Deadlock { cycle };
                    }
                    suspect = Some((members, meals));
                }
                None => suspect = None,
            }
            std::thread::sleep(WATCH_INTERVAL);
        }
    }
}
