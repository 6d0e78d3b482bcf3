//! The checked program: every local and expression has one static type, and every int that
//! Python would turn into a float is converted explicitly ([`ExprKind::ToFloat`]). The
//! interpreter and the code generator both run this, so they agree on types by construction.

pub use super::ast::{BinaryOp, CompareOp};

/// `Bool` is Python's True/False: a condition, or a local that holds one. f never returns it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ty {
    Int,
    Float,
    Bool,
}

#[derive(Debug, Clone)]
pub struct Function {
    /// Local 0 is f's argument.
    pub locals: Vec<Ty>,
    pub body: Vec<Stmt>,
    /// Int or Float.
    pub returns: Ty,
}

#[derive(Debug, Clone)]
pub enum Stmt {
    Assign {
        local: usize,
        value: Expr,
    },
    If {
        cond: Expr,
        then: Vec<Stmt>,
        otherwise: Vec<Stmt>,
    },
    While {
        cond: Expr,
        body: Vec<Stmt>,
    },
    /// `range(start, stop, step)`, the three evaluated once before the first iteration.
    For {
        local: usize,
        start: Expr,
        stop: Expr,
        step: Expr,
        body: Vec<Stmt>,
    },
    Return(Expr),
}

#[derive(Debug, Clone)]
pub struct Expr {
    pub ty: Ty,
    pub kind: ExprKind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Builtin {
    Abs,
    Min,
    Max,
    Sqrt,
    Sin,
    Cos,
    Exp,
    Log,
    /// math.floor of a float: an int, as in Python 3.
    Floor,
    /// int() of a float: toward zero.
    Trunc,
}

#[derive(Debug, Clone)]
pub enum ExprKind {
    Int(i64),
    Float(f64),
    Bool(bool),
    Local(usize),
    ToFloat(Box<Expr>),
    /// A number as a condition: nonzero is true.
    Truth(Box<Expr>),
    Neg(Box<Expr>),
    Not(Box<Expr>),
    /// Both operands have the expression's type, except `Div`, whose operands are floats too.
    Arith(BinaryOp, Box<Expr>, Box<Expr>),
    /// Both operands have the same numeric type.
    Compare(CompareOp, Box<Expr>, Box<Expr>),
    And(Box<Expr>, Box<Expr>),
    Or(Box<Expr>, Box<Expr>),
    IfElse(Box<Expr>, Box<Expr>, Box<Expr>),
    /// Arguments already converted: all of the expression's type for abs/min/max, floats for
    /// the math functions and Floor/Trunc.
    Call(Builtin, Vec<Expr>),
}

impl Expr {
    pub fn new(ty: Ty, kind: ExprKind) -> Self {
        Self { ty, kind }
    }
}
