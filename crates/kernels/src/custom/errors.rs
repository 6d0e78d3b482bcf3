//! What goes wrong, as values with sentences a student can act on: refusals before the run
//! ([`SourceError`]) and stops during it ([`RunFault`]), the same from the interpreter and from
//! the compiled module.

use std::fmt;

/// A place in the source, both counted from 1; columns count characters, not bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pos {
    pub line: u32,
    pub column: u32,
}

/// Why a program is refused before anything runs, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceError {
    pub line: u32,
    pub column: u32,
    pub message: String,
}

impl SourceError {
    pub(crate) fn new(pos: Pos, message: impl Into<String>) -> Self {
        Self { line: pos.line, column: pos.column, message: message.into() }
    }
}

impl fmt::Display for SourceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}, column {}: {}", self.line, self.column, self.message)
    }
}

impl std::error::Error for SourceError {}

/// Why a run of f stopped on one element. The compiled `map` returns [`FaultKind::code`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FaultKind {
    /// An int result outside i64 (Python would grow the int), or int()/math.floor of an
    /// infinite or too large float.
    IntOverflow,
    /// Python's OverflowError for floats: math.exp or `**` past the largest float.
    FloatOverflow,
    DivisionByZero,
    /// The step budget ran out: every loop iteration is one step.
    OutOfBudget {
        steps: u64,
    },
    /// Python's ValueError from math: sqrt or log out of their domain, sin/cos of an infinity,
    /// int() or math.floor of nan.
    MathDomain,
    /// A negative float to a fractional power: Python gives a complex number, which f cannot return.
    ComplexPower,
    /// An int to a negative int power that was not a constant: Python gives a float there, but
    /// the type of the expression was settled as int before the run.
    NegativeIntExponent,
    ZeroRangeStep,
}

impl FaultKind {
    /// The compiled `map`'s return value for this fault (0 is success).
    pub fn code(self) -> i32 {
        match self {
            FaultKind::IntOverflow => 1,
            FaultKind::FloatOverflow => 2,
            FaultKind::DivisionByZero => 3,
            FaultKind::OutOfBudget { .. } => 4,
            FaultKind::MathDomain => 5,
            FaultKind::ComplexPower => 6,
            FaultKind::NegativeIntExponent => 7,
            FaultKind::ZeroRangeStep => 8,
        }
    }

    /// The fault that `map` reported with `code`; `steps` is its `fault_steps` global, read
    /// only for an exhausted budget.
    pub fn from_code(code: i32, steps: u64) -> Option<Self> {
        Some(match code {
            1 => FaultKind::IntOverflow,
            2 => FaultKind::FloatOverflow,
            3 => FaultKind::DivisionByZero,
            4 => FaultKind::OutOfBudget { steps },
            5 => FaultKind::MathDomain,
            6 => FaultKind::ComplexPower,
            7 => FaultKind::NegativeIntExponent,
            8 => FaultKind::ZeroRangeStep,
            _ => return None,
        })
    }
}

/// A run of f that stopped, with the element it stopped on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RunFault {
    pub x: i64,
    pub kind: FaultKind,
}

impl fmt::Display for RunFault {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let x = self.x;
        match self.kind {
            FaultKind::IntOverflow => write!(f, "integer overflow in f for x = {x}: int is 64-bit here"),
            FaultKind::FloatOverflow => {
                write!(f, "float overflow in f for x = {x}: math.exp or ** went past the largest float")
            }
            FaultKind::DivisionByZero => write!(f, "division by zero in f for x = {x}"),
            FaultKind::OutOfBudget { steps } => {
                write!(f, "f did not return for x = {x} after {} steps", thousands(steps))
            }
            FaultKind::MathDomain => write!(
                f,
                "math domain error in f for x = {x}: sqrt or log of a number out of range, \
                 sin or cos of an infinity, or int()/floor of nan"
            ),
            FaultKind::ComplexPower => write!(
                f,
                "in f for x = {x}, a negative number is raised to a fractional power: \
                 Python would give a complex number"
            ),
            FaultKind::NegativeIntExponent => write!(
                f,
                "in f for x = {x}, an int is raised to a negative int power: Python gives a float \
                 there; write float(a) ** b"
            ),
            FaultKind::ZeroRangeStep => write!(f, "range() got a step of 0 in f for x = {x}"),
        }
    }
}

impl std::error::Error for RunFault {}

fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}
