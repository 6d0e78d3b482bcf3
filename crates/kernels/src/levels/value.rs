//! Values as the levels' pseudo-Python holds and prints them.

use std::fmt;

/// A value as Python shows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Value {
    None,
    Bool(bool),
    Int(i32),
    /// A list of this many items, each `1`: the levels only ever count a buffer's items.
    List(u8),
}

impl Value {
    /// Python's truth value, which `if x:` and `while not x:` test.
    pub fn is_truthy(self) -> bool {
        match self {
            Value::None => false,
            Value::Bool(flag) => flag,
            Value::Int(number) => number != 0,
            Value::List(items) => items > 0,
        }
    }

    /// The value as JSON (`None` as null, a list as its items), for a page that hands the
    /// shared variables to scripts and tests.
    pub fn json(self) -> String {
        match self {
            Value::None => "null".to_owned(),
            Value::Bool(flag) => flag.to_string(),
            Value::Int(number) => number.to_string(),
            Value::List(items) => format!("[{}]", vec!["1"; usize::from(items)].join(",")),
        }
    }

    /// The name of the value's type in Python's error messages.
    pub fn type_name(self) -> &'static str {
        match self {
            Value::None => "NoneType",
            Value::Bool(_) => "bool",
            Value::Int(_) => "int",
            Value::List(_) => "list",
        }
    }
}

impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::None => f.write_str("None"),
            Value::Bool(true) => f.write_str("True"),
            Value::Bool(false) => f.write_str("False"),
            Value::Int(number) => write!(f, "{number}"),
            Value::List(items) => write!(f, "[{}]", vec!["1"; usize::from(*items)].join(", ")),
        }
    }
}
