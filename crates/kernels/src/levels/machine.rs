//! A level being played: the person picks which thread takes its next step, and can take moves
//! back one at a time.

use std::fmt;

use super::catalog::Level;
use super::state::{Blocked, State};

/// Why a move was not made; the state stays as it was.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refused {
    NoSuchThread {
        thread: usize,
        threads: usize,
    },
    Finished {
        thread: usize,
    },
    /// The thread stopped with an exception.
    Stopped {
        thread: usize,
        error: String,
    },
    Blocked {
        thread: usize,
        blocked: Blocked,
    },
}

impl fmt::Display for Refused {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Refused::NoSuchThread { thread, threads } => {
                write!(f, "there is no thread {thread}: this level's threads are 0 to {}", threads - 1)
            }
            Refused::Finished { thread } => write!(f, "thread {thread} has finished"),
            Refused::Stopped { thread, error } => write!(f, "thread {thread} stopped with {error}"),
            Refused::Blocked { thread, blocked } => write!(f, "thread {thread} cannot go on: it {blocked}"),
        }
    }
}

/// What one step did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StepOutcome {
    pub thread: usize,
    /// The line the step belongs to, in the thread's lines.
    pub line: usize,
    /// What it did, with the values it saw or wrote: `load counter → tmp (tmp = 0)`.
    pub text: String,
    /// Whether the level's goal holds after it.
    pub goal_reached: bool,
}

#[derive(Debug, Clone)]
pub struct Machine {
    level: &'static Level,
    state: State,
    /// Each move made, with the state before it: undo restores that state exactly.
    history: Vec<(u8, State)>,
}

impl Machine {
    pub fn new(level: &'static Level) -> Self {
        Self { level, state: State::initial(&level.program), history: Vec::new() }
    }

    pub fn level(&self) -> &'static Level {
        self.level
    }

    pub fn state(&self) -> &State {
        &self.state
    }

    /// The threads picked so far, in order: what the page's `moves` parameter holds.
    pub fn moves(&self) -> Vec<u8> {
        self.history.iter().map(|(thread, _)| *thread).collect()
    }

    pub fn goal_reached(&self) -> bool {
        self.level.goal.reached(&self.level.program, &self.state)
    }

    /// Whether `thread` can take its next step now, and if not, why.
    pub fn runnable(&self, thread: usize) -> Result<(), Refused> {
        let program = &self.level.program;
        let threads = program.threads.len();
        if thread >= threads {
            return Err(Refused::NoSuchThread { thread, threads });
        }
        if let Some(error) = &self.state.threads[thread].error {
            return Err(Refused::Stopped { thread, error: error.clone() });
        }
        if self.state.is_finished(program, thread) {
            return Err(Refused::Finished { thread });
        }
        match self.state.waits_for(program, thread) {
            Some(blocked) => Err(Refused::Blocked { thread, blocked }),
            None => Ok(()),
        }
    }

    /// The line `thread` is at (its next step's), to highlight; `None` once it has finished.
    pub fn current_line(&self, thread: usize) -> Option<usize> {
        let code = self.level.program.threads.get(thread)?;
        (!self.state.is_finished(&self.level.program, thread)).then(|| code.steps[self.state.threads[thread].pc].line)
    }

    /// What `thread`'s next step will do: `load counter → tmp`; `None` once it has finished.
    pub fn next_step_text(&self, thread: usize) -> Option<String> {
        let program = &self.level.program;
        if thread >= program.threads.len() {
            return None;
        }
        self.state.next_op(program, thread).map(|op| op.text(program))
    }

    pub fn step(&mut self, thread: usize) -> Result<StepOutcome, Refused> {
        self.runnable(thread)?;
        let program = &self.level.program;
        let line = program.threads[thread].steps[self.state.threads[thread].pc].line;
        let before = self.state.clone();
        let text = self.state.execute(program, thread);
        self.history.push((u8::try_from(thread).unwrap_or(u8::MAX), before));
        Ok(StepOutcome { thread, line, text, goal_reached: self.goal_reached() })
    }

    /// Takes the last move back; false when there is none.
    pub fn undo(&mut self) -> bool {
        match self.history.pop() {
            Some((_, before)) => {
                self.state = before;
                true
            }
            None => false,
        }
    }

    /// Makes `moves` in order, stopping at the first that is refused: its position (from 0) and
    /// why, in words that number it from 1. The moves before it stay made.
    pub fn play(&mut self, moves: &[u8]) -> Result<(), (usize, String)> {
        for (index, &thread) in moves.iter().enumerate() {
            if let Err(refused) = self.step(usize::from(thread)) {
                return Err((index, format!("Move {} (thread {thread}) was not made: {refused}.", index + 1)));
            }
        }
        Ok(())
    }
}

/// A list of moves played from a level's start.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Replay {
    /// The state after the moves that were made.
    pub state: State,
    pub applied: usize,
    /// The first refused move: its position (from 0) and why, in words.
    pub refused: Option<(usize, String)>,
}

pub fn replay(level: &'static Level, moves: &[u8]) -> Replay {
    let mut machine = Machine::new(level);
    let refused = machine.play(moves).err();
    Replay { applied: machine.history.len(), state: machine.state, refused }
}
