//! The levels page's URL parameters: `level` (an id from the catalog) and `moves` (the threads
//! picked so far, `0,1,1,0`), so a link reproduces a game move for move.
//!
//! Whether the moves can be played on the level is not a parameter problem: the page replays
//! them and says which move was refused and why.

use std::fmt;

use super::catalog::LevelId;
use crate::params::{Checker, DemoParams, Limits};

/// The most moves a link holds. The longest shortest win is 34 moves; 200 leave room for a game
/// that wanders, and keep the parameters small enough to copy.
pub const MAX_MOVES: usize = 200;

/// At most [`MAX_MOVES`] thread numbers, held inline so the parameters stay `Copy`.
#[derive(Clone, Copy)]
pub struct Moves {
    len: u8,
    threads: [u8; MAX_MOVES],
}

/// More moves than a link holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TooManyMoves {
    pub count: usize,
}

impl fmt::Display for TooManyMoves {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "a link holds at most {MAX_MOVES} moves; this game has {}", self.count)
    }
}

impl Moves {
    pub fn as_slice(&self) -> &[u8] {
        &self.threads[..usize::from(self.len)]
    }

    /// The first [`MAX_MOVES`] of `moves`.
    fn truncated(moves: &[u8]) -> Self {
        let mut threads = [0; MAX_MOVES];
        let kept = &moves[..moves.len().min(MAX_MOVES)];
        threads[..kept.len()].copy_from_slice(kept);
        Self { len: u8::try_from(kept.len()).unwrap_or(u8::MAX), threads }
    }
}

impl TryFrom<&[u8]> for Moves {
    type Error = TooManyMoves;

    fn try_from(moves: &[u8]) -> Result<Self, TooManyMoves> {
        if moves.len() > MAX_MOVES {
            return Err(TooManyMoves { count: moves.len() });
        }
        Ok(Self::truncated(moves))
    }
}

impl Default for Moves {
    fn default() -> Self {
        Self::truncated(&[])
    }
}

impl PartialEq for Moves {
    fn eq(&self, other: &Self) -> bool {
        self.as_slice() == other.as_slice()
    }
}

impl Eq for Moves {}

impl fmt::Debug for Moves {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.as_slice()).finish()
    }
}

/// `0,1,1,0`.
impl fmt::Display for Moves {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let threads: Vec<String> = self.as_slice().iter().map(u8::to_string).collect();
        f.write_str(&threads.join(","))
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct LevelsParams {
    pub level: LevelId,
    pub moves: Moves,
}

impl DemoParams for LevelsParams {
    const KEYS: &'static [&'static str] = &["level", "moves"];

    fn defaults(_limits: &Limits) -> Self {
        Self::default()
    }

    fn read(&mut self, key: &'static str, raw: &str, check: &mut Checker, _limits: &Limits) {
        match key {
            "level" => self.level = check.choice(key, raw, self.level, &LevelId::all(), LevelId::name),
            "moves" => self.moves = read_moves(key, raw, self.moves, check),
            _ => {}
        }
    }

    /// `moves` only when there are some: a link to a level's start is just its id.
    fn to_query(&self) -> Vec<(&'static str, String)> {
        let mut pairs = vec![("level", self.level.name().to_owned())];
        if !self.moves.as_slice().is_empty() {
            pairs.push(("moves", self.moves.to_string()));
        }
        pairs
    }
}

/// Reads `0,1,1,0`; a list that cannot be read keeps `current`, a list too long keeps its start.
fn read_moves(key: &str, raw: &str, current: Moves, check: &mut Checker) -> Moves {
    let raw = raw.trim();
    if raw.is_empty() {
        return Moves::default();
    }
    let mut threads = Vec::new();
    for (index, entry) in raw.split(',').map(str::trim).enumerate() {
        match entry.parse::<u8>() {
            Ok(thread) => threads.push(thread),
            Err(_) => {
                let using = if current.as_slice().is_empty() { "no moves".to_owned() } else { current.to_string() };
                check.problem(
                    key,
                    format!(
                        "{key} “{raw}” cannot be read: move {} is “{entry}”, not a thread number. {key} is a \
                         comma-separated list of thread numbers, such as 0,1,1,0. Using {using}.",
                        index + 1
                    ),
                );
                return current;
            }
        }
    }
    Moves::try_from(threads.as_slice()).unwrap_or_else(|too_many| {
        check.problem(key, format!("{too_many}. Using the first {MAX_MOVES}."));
        Moves::truncated(&threads)
    })
}
