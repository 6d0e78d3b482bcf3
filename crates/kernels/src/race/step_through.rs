//! The lost update, one step at a time: two threads each read the shared value, add 1 to their
//! own copy, and write it back. The person chooses which thread steps next; every interleaving of
//! the six steps can be reached, and some of them end with 1 instead of 2.

/// Where a thread is in its read → add → write.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    Read,
    Add,
    Write,
    Done,
}

/// One thread: its next step and its local copy (`None` before it has read).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ThreadState {
    pub next: Step,
    pub local: Option<u64>,
}

/// The two threads and the shared value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StepThrough {
    pub shared: u64,
    pub threads: [ThreadState; 2],
}

impl Default for StepThrough {
    fn default() -> Self {
        Self { shared: 0, threads: [ThreadState { next: Step::Read, local: None }; 2] }
    }
}

impl StepThrough {
    /// Performs thread `thread`'s next step; a finished thread (or one that is not 0 or 1)
    /// leaves the state as it is and returns false.
    pub fn step(&mut self, thread: usize) -> bool {
        let Some(state) = self.threads.get_mut(thread) else { return false };
        match state.next {
            Step::Read => {
                state.local = Some(self.shared);
                state.next = Step::Add;
            }
            Step::Add => {
                state.local = state.local.map(|v| v + 1);
                state.next = Step::Write;
            }
            Step::Write => {
                self.shared = state.local.unwrap_or(self.shared);
                state.next = Step::Done;
            }
            Step::Done => return false,
        }
        true
    }

    pub fn is_done(&self) -> bool {
        self.threads.iter().all(|t| t.next == Step::Done)
    }

    /// Updates lost so far: 2 expected once both threads wrote.
    pub fn lost(&self) -> u64 {
        if self.is_done() { 2u64.saturating_sub(self.shared) } else { 0 }
    }

    /// Every order in which the two threads' six steps can run (20 of them), as thread indices.
    pub fn schedules() -> Vec<[usize; 6]> {
        (0u32..64)
            .filter(|bits| bits.count_ones() == 3)
            .map(|bits| std::array::from_fn(|step| ((bits >> step) & 1) as usize))
            .collect()
    }
}
