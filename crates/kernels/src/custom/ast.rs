//! The program as parsed, before names and types are settled.

use super::errors::Pos;

#[derive(Debug, Clone)]
pub struct Function {
    pub param: String,
    pub body: Vec<Stmt>,
    /// The `def` line: where a missing return is reported when the body is empty of paths.
    pub def_pos: Pos,
}

#[derive(Debug, Clone)]
pub enum Stmt {
    /// Also `name op= value`, which the parser spells out as `name = name op value`.
    Assign {
        pos: Pos,
        target: String,
        value: Expr,
    },
    If {
        pos: Pos,
        cond: Expr,
        then: Vec<Stmt>,
        otherwise: Vec<Stmt>,
    },
    While {
        pos: Pos,
        cond: Expr,
        body: Vec<Stmt>,
    },
    For {
        pos: Pos,
        var: String,
        args: Vec<Expr>,
        body: Vec<Stmt>,
    },
    Return {
        pos: Pos,
        value: Expr,
    },
    Pass {
        pos: Pos,
    },
}

impl Stmt {
    pub fn pos(&self) -> Pos {
        match self {
            Stmt::Assign { pos, .. }
            | Stmt::If { pos, .. }
            | Stmt::While { pos, .. }
            | Stmt::For { pos, .. }
            | Stmt::Return { pos, .. }
            | Stmt::Pass { pos } => *pos,
        }
    }
}

#[derive(Debug, Clone)]
pub struct Expr {
    pub pos: Pos,
    pub kind: ExprKind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BinaryOp {
    Add,
    Sub,
    Mul,
    Div,
    FloorDiv,
    Mod,
    Pow,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CompareOp {
    Lt,
    Le,
    Gt,
    Ge,
    Eq,
    Ne,
}

#[derive(Debug, Clone)]
pub enum ExprKind {
    Int(i64),
    Float(f64),
    Bool(bool),
    Name(String),
    /// `math.pi`: the only attributes are those of `math`.
    MathConstant(String),
    Neg(Box<Expr>),
    /// Unary `+`, kept so that `+True` can be refused like any arithmetic on a truth value.
    Plus(Box<Expr>),
    Not(Box<Expr>),
    Binary(BinaryOp, Box<Expr>, Box<Expr>),
    Compare(CompareOp, Box<Expr>, Box<Expr>),
    And(Box<Expr>, Box<Expr>),
    Or(Box<Expr>, Box<Expr>),
    IfElse {
        cond: Box<Expr>,
        then: Box<Expr>,
        otherwise: Box<Expr>,
    },
    /// `abs(...)` or `math.sqrt(...)`: `callee` is spelled as in the source.
    Call {
        callee: String,
        args: Vec<Expr>,
    },
}
