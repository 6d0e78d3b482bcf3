//! "Your own f(x)": a student's Python function `def f(x):`, checked, interpreted and compiled
//! to a WebAssembly module that the map demo runs on every element.
//!
//! The subset is small and its meaning is Python's: ints are 64-bit and every overflow stops
//! the run (Python's ints never wrap, so wrapping would give other numbers), `//` and `%` round
//! toward minus infinity, `/` gives a float, math errors are faults as Python's exceptions
//! are. Anything outside the subset is refused before the run, with a line, a column and a
//! sentence.
//!
//! The typing rule: every local has one type for the whole of f, the join of what is assigned
//! to it anywhere (int, float or truth value; f's argument and range's loop variable are ints).
//! An int where a float is expected becomes a float as Python computes it (`x / 2`, `x + 0.5`,
//! `math.sqrt(x)`). A local that gets a float anywhere and an int elsewhere is refused, unless
//! the int is a constant such as `total = 0`: that constant is taken as `0.0`, the same number
//! (Python would print `0` where the page prints `0.0`). The same holds for f's result, the two
//! sides of `a if c else b` and the arguments of min/max. Truth values (comparisons, `and`,
//! `or`, `not`) may be stored and tested but not returned or used in arithmetic (`int(c)`
//! turns one into 0 or 1). `a ** b` of two ints is an int unless `b` is a negative constant;
//! a negative `b` that is not a constant stops the run ([`FaultKind::NegativeIntExponent`]).
//! A local is refused where it may be read before any assignment (Python's UnboundLocalError),
//! and f where a path ends without return.
//!
//! The output of the map demo is one `u64` per element: an int result is stored as its i64
//! two's-complement bits, a float result as its f64 bits. Which one f returns is known before
//! the run ([`Program::returns`]), so the page reads the bits back with [`Value::from_bits`].
//!
//! Known differences from CPython, all beyond 2⁵³ in magnitude: an int compared with a float,
//! or divided by `/`, is first rounded to a float (CPython compares exactly and divides with one
//! rounding).

mod arith;
mod ast;
mod check;
mod codegen;
mod errors;
mod interpret;
mod ir;
mod lexer;
mod parser;
mod presets;
mod source;

pub use codegen::{MATH_IMPORTS, MemoryImport};
pub use errors::{FaultKind, RunFault, SourceError};
pub use parser::MAX_DEPTH;
pub use presets::{PRESETS, Preset};
pub use source::Source;

use errors::Pos;

/// Longest accepted source: f is a few lines, and a bound keeps every later pass cheap.
pub const MAX_SOURCE_BYTES: usize = 4096;

/// Loop iterations f may take on one element before the run stops: far more than any
/// reasonable f needs (Collatz below 50 M takes under 1,000), few enough that compiled, an
/// endless loop stops in a fraction of a second.
pub const STEP_BUDGET: u64 = 10_000_000;

/// Which of the two number types f returns.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ValueKind {
    Int,
    Float,
}

/// One result of f.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Value {
    Int(i64),
    Float(f64),
}

impl Value {
    pub fn kind(self) -> ValueKind {
        match self {
            Value::Int(_) => ValueKind::Int,
            Value::Float(_) => ValueKind::Float,
        }
    }

    /// The map demo's `u64` encoding (see the module documentation).
    pub fn to_bits(self) -> u64 {
        match self {
            Value::Int(value) => value as u64,
            Value::Float(value) => value.to_bits(),
        }
    }

    pub fn from_bits(kind: ValueKind, bits: u64) -> Self {
        match kind {
            ValueKind::Int => Value::Int(bits as i64),
            ValueKind::Float => Value::Float(f64::from_bits(bits)),
        }
    }
}

/// A checked f, ready to interpret or compile.
#[derive(Debug, Clone)]
pub struct Program {
    function: ir::Function,
    hash: u64,
}

impl Program {
    pub fn parse(source: &str) -> Result<Self, SourceError> {
        if source.len() > MAX_SOURCE_BYTES {
            let line = source[..MAX_SOURCE_BYTES].matches('\n').count() as u32 + 1;
            let message = format!(
                "the program is {} bytes long, over the limit of {MAX_SOURCE_BYTES} (4 KiB): f should be short",
                source.len()
            );
            return Err(SourceError::new(Pos { line, column: 1 }, message));
        }
        let tokens = lexer::tokenize(source)?;
        let function = parser::Parser::new(tokens).program()?;
        let function = check::check(&function)?;
        Ok(Self { function, hash: fnv1a(source.as_bytes()) })
    }

    pub fn returns(&self) -> ValueKind {
        match self.function.returns {
            ir::Ty::Float => ValueKind::Float,
            _ => ValueKind::Int,
        }
    }

    /// FNV-1a of the source: the same on every platform and in every build, so a page can key
    /// its per-thread cache of compiled instances by it.
    pub fn hash(&self) -> u64 {
        self.hash
    }

    /// f on one element, with at most `budget` loop iterations.
    pub fn interpret(&self, x: i64, budget: u64) -> Result<Value, RunFault> {
        interpret::run(&self.function, x, budget).map_err(|kind| RunFault { x, kind })
    }

    /// A wasm module that imports `env.memory` (as `memory` says) and, from `math`, the
    /// functions in [`MATH_IMPORTS`]: `sin`, `cos`, `exp`, `log` of type `f64 → f64`, `pow` and
    /// `fmod` of type `(f64, f64) → f64`. In the browser they are `Math.sin`, `Math.cos`,
    /// `Math.exp`, `Math.log`, `Math.pow` and `(a, b) => a % b`; Python's special cases (pow
    /// of nan, math range errors) are decided in the module, so any correct libm will do.
    ///
    /// It exports `map(in_ptr: i32, out_ptr: i32, len: i32, budget: i64) -> i32`: f on the
    /// `len` `u32` inputs at `in_ptr`, results at `out_ptr` as `u64` ([`Value::to_bits`]), at
    /// most `budget` loop iterations per element. It returns 0, or at the first fault the
    /// fault's [`FaultKind::code`], with the element's index in the exported i32 global
    /// `fault_index` and, for an exhausted budget, the budget in the i64 global `fault_steps`.
    /// The elements before the index are written; the caller builds the interpreter's
    /// [`RunFault`] from the input at the index and [`FaultKind::from_code`], and may go on
    /// from the next element.
    pub fn compile(&self, memory: MemoryImport) -> Vec<u8> {
        codegen::compile(&self.function, memory)
    }
}

fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, &byte| (hash ^ u64::from(byte)).wrapping_mul(0x0000_0100_0000_01b3))
}
