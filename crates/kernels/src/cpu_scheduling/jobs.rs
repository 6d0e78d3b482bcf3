//! The job table and its text form, `name:arrival:burst:priority` entries separated by commas
//! (`1:0:10:2,2:0:5:0,3:0:8:1`): read from a link, written back into one.
//!
//! The table is held inline (no heap) so the demo's parameters stay `Copy` like every other
//! demo's, which is what bounds it: at most [`MAX_JOBS`] jobs, names of at most
//! [`MAX_NAME_LEN`] characters.

use std::fmt;

use super::{MAX_ARRIVAL, MAX_BURST, MAX_JOBS, MAX_NAME_LEN, MAX_PRIORITY};
use crate::params::parse_count;

/// The course seed's table: three jobs arriving at tick 0; job 1 has the highest priority.
pub const DEFAULT_JOBS: &str = "1:0:10:2,2:0:5:0,3:0:8:1";

/// A bad entry is quoted up to this many characters: a link can hold a very long one.
const SHOWN_CHARS: usize = 30;

/// A job's name: 1 … [`MAX_NAME_LEN`] ASCII letters or digits.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct JobName {
    bytes: [u8; MAX_NAME_LEN],
    len: u8,
}

impl JobName {
    /// `text` as a name, if it is 1 … [`MAX_NAME_LEN`] letters or digits.
    pub fn new(text: &str) -> Option<Self> {
        let valid = (1..=MAX_NAME_LEN).contains(&text.len()) && text.bytes().all(|b| b.is_ascii_alphanumeric());
        valid.then(|| {
            let mut bytes = [0; MAX_NAME_LEN];
            bytes[..text.len()].copy_from_slice(text.as_bytes());
            Self { bytes, len: text.len() as u8 }
        })
    }

    /// The name of the stream's `n`-th job (from 1): `s1`, `s2`, …
    pub(super) fn stream(n: u32) -> Self {
        Self::new(&format!("s{n}")).unwrap_or_default()
    }

    /// True for `s` followed by digits: the names the stream's jobs take, so no table job may.
    fn is_stream(&self) -> bool {
        let rest = self.as_str().strip_prefix('s').unwrap_or("");
        !rest.is_empty() && rest.bytes().all(|b| b.is_ascii_digit())
    }

    pub fn as_str(&self) -> &str {
        std::str::from_utf8(&self.bytes[..usize::from(self.len)]).unwrap_or_default()
    }
}

impl fmt::Display for JobName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Debug for JobName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?}", self.as_str())
    }
}

/// One row of the table. Times are in ticks; a larger priority is the higher one, as in the seed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Job {
    pub name: JobName,
    pub arrival: u32,
    /// The CPU time the job needs.
    pub burst: u32,
    pub priority: u32,
}

/// 1 … [`MAX_JOBS`] jobs with distinct names, in the order given (which breaks ties).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct JobTable {
    jobs: [Job; MAX_JOBS],
    len: usize,
}

impl Default for JobTable {
    /// The seed's table ([`DEFAULT_JOBS`]).
    fn default() -> Self {
        Self::parse(DEFAULT_JOBS).unwrap_or(Self { jobs: [Job::default(); MAX_JOBS], len: 0 })
    }
}

impl JobTable {
    pub fn jobs(&self) -> &[Job] {
        &self.jobs[..self.len]
    }

    /// Reads `name:arrival:burst:priority,…`, or says which entry is wrong and why.
    pub fn parse(text: &str) -> Result<Self, String> {
        let text = text.trim();
        if text.is_empty() {
            return Err(format!(
                "jobs is empty; give at least one job as name:arrival:burst:priority, like {DEFAULT_JOBS}"
            ));
        }
        let entries = text.split(',').count();
        if entries > MAX_JOBS {
            return Err(format!("jobs has {entries} entries; a table holds at most {MAX_JOBS} jobs"));
        }
        let mut table = Self { jobs: [Job::default(); MAX_JOBS], len: 0 };
        for (i, entry) in text.split(',').enumerate() {
            let entry_at = || format!("jobs: entry {} “{}”", i + 1, shown(entry));
            let job = parse_entry(entry).map_err(|why| format!("{} {why}", entry_at()))?;
            if let Some(first) = table.jobs().iter().position(|j| j.name == job.name) {
                return Err(format!(
                    "{} repeats the name {} of entry {}; names must differ",
                    entry_at(),
                    job.name,
                    first + 1
                ));
            }
            table.jobs[table.len] = job;
            table.len += 1;
        }
        Ok(table)
    }
}

impl fmt::Display for JobTable {
    /// The form [`JobTable::parse`] reads, so a link reproduces the table.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, job) in self.jobs().iter().enumerate() {
            let comma = if i == 0 { "" } else { "," };
            write!(f, "{comma}{}:{}:{}:{}", job.name, job.arrival, job.burst, job.priority)?;
        }
        Ok(())
    }
}

/// One entry, or what is wrong with it (the caller names the entry).
fn parse_entry(entry: &str) -> Result<Job, String> {
    let fields: Vec<&str> = entry.split(':').map(str::trim).collect();
    let [name, arrival, burst, priority] = fields[..] else {
        return Err("needs name:arrival:burst:priority".to_owned());
    };
    let name = JobName::new(name)
        .ok_or_else(|| format!("has the name “{}”; a name is 1 to {MAX_NAME_LEN} letters or digits", shown(name)))?;
    if name.is_stream() {
        return Err(format!("is named {name}, but s1, s2, … name the stream's jobs; choose another name"));
    }
    Ok(Job {
        name,
        arrival: number("arrival", arrival, 0, MAX_ARRIVAL)?,
        burst: number("burst", burst, 1, MAX_BURST)?,
        priority: number("priority", priority, 0, MAX_PRIORITY)?,
    })
}

/// A whole number from `min` to `max` in the field `field`.
fn number(field: &str, raw: &str, min: u32, max: u32) -> Result<u32, String> {
    let range = format!("{field} is a whole number from {min} to {max}");
    let value = parse_count(raw).map_err(|why| format!("has the {field} “{}”, which {why}; {range}", shown(raw)))?;
    u32::try_from(value)
        .ok()
        .filter(|v| (min..=max).contains(v))
        .ok_or_else(|| format!("has the {field} {value}; {range}"))
}

/// `text`, cut to [`SHOWN_CHARS`] characters.
fn shown(text: &str) -> String {
    match text.char_indices().nth(SHOWN_CHARS) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text.to_owned(),
    }
}
