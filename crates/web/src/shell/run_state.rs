//! The one state machine of a demo's runs: what the Run panel shows, as a pure transition
//! function. The runner feeds it actions from clicks, from the run lock, from the job's end and
//! from the crash watch; nothing else changes what the panel says.
//!
//! Every action about a run carries that run's number, so a late answer from a run that was
//! already left behind (cancelled while waiting, ended by a crash) cannot overwrite what the
//! page says about a newer one. A crash is final: the pool lost a thread, and only a reload
//! brings it back, so no later action moves the state away from it.

/// The two kinds of run every demo offers.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Job {
    /// Every variant at the chosen settings.
    Compare,
    /// The parallel variants for k = 1 … pool size.
    Sweep,
}

/// Where a demo's runs stand.
#[derive(Clone, PartialEq, Debug)]
pub enum Phase {
    /// No run yet.
    Idle,
    /// Run was pressed; another parlab run holds the run lock.
    Waiting,
    Running,
    /// Cancel was pressed; the job has not stopped yet.
    Cancelling,
    Finished,
    /// Stopped by Cancel after computing for `seconds`, or while still waiting (`None`).
    Cancelled {
        seconds: Option<f64>,
    },
    /// The job could not go on; the message says why.
    Failed(String),
    /// A pool thread panicked: the pool is broken until the page is reloaded.
    Crashed(String),
}

/// How a run's job ended, as its task reports it.
#[derive(Clone, PartialEq, Debug)]
pub enum RunEnd {
    Finished,
    /// Cancel was seen by the job after computing for `seconds`.
    Cancelled {
        seconds: f64,
    },
    /// Cancel was pressed while the run still waited for the run lock: nothing ran.
    CancelledWhileWaiting,
    Failed(String),
}

/// What can happen to a demo's runs.
#[derive(Clone, PartialEq, Debug)]
pub enum RunAction {
    /// Run (or Sweep) was pressed and run number `run` begins.
    Start { run: u64, job: Job },
    /// Run `run` waits for another parlab run to finish.
    Wait { run: u64 },
    /// Run `run` holds the run lock (or needs none) and computes.
    Admit { run: u64 },
    /// Cancel was pressed.
    Cancel,
    /// Run `run`'s job ended.
    End { run: u64, end: RunEnd },
    /// A pool thread panicked with this message.
    Crash { message: String },
}

/// A demo's runs: the phase, and which run and job it is about.
#[derive(Clone, PartialEq, Debug)]
pub struct RunState {
    pub phase: Phase,
    pub job: Job,
    /// The number of the run the phase is about (0 before the first).
    pub run: u64,
}

impl Default for RunState {
    fn default() -> Self {
        Self { phase: Phase::Idle, job: Job::Compare, run: 0 }
    }
}

/// What the panel says under the buttons after a run.
#[derive(Clone, PartialEq, Eq, Debug)]
pub enum Notice {
    Info(String),
    Error(String),
}

impl RunState {
    /// The state after `action`.
    pub fn next(&self, action: RunAction) -> RunState {
        if matches!(self.phase, Phase::Crashed(_)) {
            return self.clone();
        }
        let about_this_run = |run: u64| run == self.run && self.is_busy();
        let phase = match action {
            RunAction::Start { run, job } if !self.is_busy() => {
                return RunState { phase: Phase::Running, job, run };
            }
            RunAction::Wait { run } if about_this_run(run) && self.phase == Phase::Running => Phase::Waiting,
            RunAction::Admit { run } if about_this_run(run) && self.phase == Phase::Waiting => Phase::Running,
            RunAction::Cancel if self.is_busy() => Phase::Cancelling,
            RunAction::End { run, end } if about_this_run(run) => match end {
                RunEnd::Finished => Phase::Finished,
                RunEnd::Cancelled { seconds } => Phase::Cancelled { seconds: Some(seconds) },
                RunEnd::CancelledWhileWaiting => Phase::Cancelled { seconds: None },
                RunEnd::Failed(message) => Phase::Failed(message),
            },
            RunAction::Crash { message } => Phase::Crashed(message),
            _ => return self.clone(),
        };
        RunState { phase, ..self.clone() }
    }

    /// Whether a run is in progress (Run and the fields are disabled, Cancel is enabled).
    pub fn is_busy(&self) -> bool {
        matches!(self.phase, Phase::Waiting | Phase::Running | Phase::Cancelling)
    }

    /// The status word beside the progress bar.
    pub fn status(&self) -> &'static str {
        match (&self.phase, self.job) {
            (Phase::Cancelling, _) => "Cancelling…",
            (Phase::Waiting, _) => "Waiting…",
            (Phase::Running, Job::Sweep) => "Sweeping…",
            (Phase::Running, Job::Compare) => "Running…",
            (Phase::Finished, _) => "Done",
            (Phase::Crashed(_), _) => "Crashed",
            _ => "Idle",
        }
    }

    /// What the panel says about the last run that did not finish, if anything.
    pub fn notice(&self) -> Option<Notice> {
        match &self.phase {
            Phase::Cancelled { seconds: Some(seconds) } => Some(Notice::Info(format!(
                "Cancelled after {seconds:.1} s. Nothing from that run was kept; the threads are free for the next one."
            ))),
            Phase::Cancelled { seconds: None } => {
                Some(Notice::Info("Cancelled while waiting for the other parlab run; nothing ran.".to_owned()))
            }
            Phase::Failed(message) => Some(Notice::Error(message.clone())),
            Phase::Crashed(message) => Some(Notice::Error(format!(
                "A worker thread crashed ({message}). The thread pool is broken; reload the page."
            ))),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn running(run: u64) -> RunState {
        RunState::default().next(RunAction::Start { run, job: Job::Compare })
    }

    const CRASH: &str = "simulated panic on a worker thread";

    fn crash() -> RunAction {
        RunAction::Crash { message: CRASH.to_owned() }
    }

    #[test]
    fn a_run_waits_for_the_lock_then_computes_then_finishes() {
        let state = running(1);
        assert_eq!(state.phase, Phase::Running);
        assert!(state.is_busy());
        let state = state.next(RunAction::Wait { run: 1 });
        assert_eq!((state.phase.clone(), state.status()), (Phase::Waiting, "Waiting…"));
        let state = state.next(RunAction::Admit { run: 1 });
        assert_eq!(state.phase, Phase::Running);
        let state = state.next(RunAction::End { run: 1, end: RunEnd::Finished });
        assert_eq!((state.phase.clone(), state.status(), state.notice()), (Phase::Finished, "Done", None));
        assert!(!state.is_busy());
    }

    #[test]
    fn a_crash_during_a_run_is_never_reported_as_cancelled() {
        // The order the worker-crash test met in Chromium 156: the crash watch stops the run,
        // and the job, seeing the cancel flag, then ends as cancelled.
        let state = running(1).next(crash()).next(RunAction::End { run: 1, end: RunEnd::Cancelled { seconds: 0.6 } });
        assert_eq!(state.phase, Phase::Crashed(CRASH.to_owned()));
        assert_eq!(state.status(), "Crashed");
        let Some(Notice::Error(text)) = state.notice() else { panic!("no error: {state:?}") };
        assert!(text.contains(CRASH) && text.contains("reload the page"), "{text}");
    }

    #[test]
    fn a_crash_is_final() {
        let crashed = running(1).next(crash());
        for action in [
            RunAction::Start { run: 2, job: Job::Sweep },
            RunAction::Cancel,
            RunAction::End { run: 1, end: RunEnd::Finished },
            RunAction::Crash { message: "another".to_owned() },
        ] {
            assert_eq!(crashed.next(action), crashed);
        }
    }

    #[test]
    fn a_crash_while_idle_shows_at_the_next_run() {
        let state = running(1).next(RunAction::End { run: 1, end: RunEnd::Finished }).next(crash());
        assert_eq!(state.phase, Phase::Crashed(CRASH.to_owned()));
    }

    #[test]
    fn cancel_goes_through_cancelling_and_says_how_long_it_ran() {
        let state = running(3).next(RunAction::Cancel);
        assert_eq!((state.phase.clone(), state.status()), (Phase::Cancelling, "Cancelling…"));
        assert!(state.is_busy());
        let state = state.next(RunAction::End { run: 3, end: RunEnd::Cancelled { seconds: 1.25 } });
        let Some(Notice::Info(text)) = state.notice() else { panic!("no notice: {state:?}") };
        assert!(text.starts_with("Cancelled after 1.2 s."), "{text}");
    }

    #[test]
    fn cancel_while_waiting_says_nothing_ran() {
        let state = running(1).next(RunAction::Wait { run: 1 }).next(RunAction::Cancel);
        let state = state.next(RunAction::End { run: 1, end: RunEnd::CancelledWhileWaiting });
        assert_eq!(
            state.notice(),
            Some(Notice::Info("Cancelled while waiting for the other parlab run; nothing ran.".into()))
        );
    }

    #[test]
    fn a_second_start_while_busy_is_ignored() {
        let state = running(1);
        assert_eq!(state.next(RunAction::Start { run: 2, job: Job::Sweep }), state);
    }

    #[test]
    fn a_late_answer_from_an_older_run_changes_nothing() {
        let second = running(1)
            .next(RunAction::End { run: 1, end: RunEnd::Failed("no".into()) })
            .next(RunAction::Start { run: 2, job: Job::Sweep });
        for action in
            [RunAction::End { run: 1, end: RunEnd::Finished }, RunAction::Wait { run: 1 }, RunAction::Admit { run: 1 }]
        {
            assert_eq!(second.next(action), second);
        }
        assert_eq!(second.status(), "Sweeping…");
    }

    #[test]
    fn a_failure_is_an_error_with_its_own_words() {
        let state = running(1).next(RunAction::End { run: 1, end: RunEnd::Failed("The run could not start.".into()) });
        assert_eq!(state.notice(), Some(Notice::Error("The run could not start.".into())));
        assert!(!state.is_busy());
    }

    #[test]
    fn cancel_and_lock_events_outside_a_run_change_nothing() {
        let idle = RunState::default();
        for action in [RunAction::Cancel, RunAction::Wait { run: 0 }, RunAction::Admit { run: 0 }] {
            assert_eq!(idle.next(action), idle);
        }
    }
}
