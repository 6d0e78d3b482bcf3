//! Tokens to a [`Function`], by recursive descent over Python's grammar for the subset.
//!
//! Every nested construct, and every operator in a chain like `1+1+…`, counts against
//! [`MAX_DEPTH`], so that no input can overflow the stack here or in the passes after.

mod expressions;
mod statements;

use super::ast::{BinaryOp, CompareOp, Expr, Function, Stmt};
use super::errors::{Pos, SourceError};
use super::lexer::{Tok, Token};

/// Deeper than any program a student writes, shallow enough for a 1 MiB wasm stack.
pub const MAX_DEPTH: usize = 100;

const UNSUPPORTED_KEYWORDS: [&str; 18] = [
    "break", "continue", "class", "lambda", "global", "nonlocal", "del", "try", "except", "finally", "raise", "with",
    "assert", "yield", "async", "await", "is", "None",
];

pub struct Parser {
    tokens: Vec<Token>,
    at: usize,
    depth: usize,
}

type Parsed<T> = Result<T, SourceError>;

impl Parser {
    pub fn new(tokens: Vec<Token>) -> Self {
        Self { tokens, at: 0, depth: 0 }
    }

    fn peek(&self) -> &Tok {
        &self.tokens[self.at].tok
    }

    fn pos(&self) -> Pos {
        self.tokens[self.at].pos
    }

    fn advance(&mut self) -> Token {
        let token = self.tokens[self.at].clone();
        if self.at + 1 < self.tokens.len() {
            self.at += 1;
        }
        token
    }

    fn is_op(&self, op: &str) -> bool {
        matches!(self.peek(), Tok::Op(o) if *o == op)
    }

    fn is_name(&self, name: &str) -> bool {
        matches!(self.peek(), Tok::Name(n) if n == name)
    }

    fn eat_op(&mut self, op: &str) -> bool {
        let found = self.is_op(op);
        if found {
            self.advance();
        }
        found
    }

    fn fail<T>(&self, message: impl Into<String>) -> Parsed<T> {
        Err(SourceError::new(self.pos(), message))
    }

    fn expect_op(&mut self, op: &str, context: &str) -> Parsed<()> {
        if self.eat_op(op) { Ok(()) } else { self.fail(format!("syntax error: expected '{op}' {context}")) }
    }

    fn enter(&mut self) -> Parsed<()> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return self.fail(format!("this is nested too deeply (more than {MAX_DEPTH} levels)"));
        }
        Ok(())
    }

    fn skip_newlines(&mut self) {
        while *self.peek() == Tok::Newline {
            self.advance();
        }
    }

    /// `import math` lines, then `def f(x):` and its body, and nothing after it.
    pub fn program(&mut self) -> Parsed<Function> {
        self.skip_newlines();
        if *self.peek() == Tok::End {
            return self.fail("the program is empty: write def f(x): and a body that returns a number");
        }
        while self.is_name("import") || self.is_name("from") {
            self.import()?;
            self.skip_newlines();
        }
        if !self.is_name("def") {
            return self.fail("only `import math` may come before def f(x):, and every other line goes inside f");
        }
        let def_pos = self.advance().pos;
        match self.advance().tok {
            Tok::Name(name) if name == "f" => {}
            _ => return Err(SourceError::new(def_pos, "the function must be called f: def f(x):")),
        }
        self.expect_op("(", "after def f")?;
        let Tok::Name(param) = self.peek().clone() else {
            return self.fail("f takes exactly one argument, the element x: def f(x):");
        };
        self.advance();
        if self.is_op(",") {
            return self.fail("f takes exactly one argument, the element x: def f(x):");
        }
        if self.is_op(":") || self.is_op("=") {
            return self.fail("annotations and default values are not supported here: def f(x):");
        }
        self.expect_op(")", "after f's argument")?;
        if self.is_op("->") {
            return self.fail("annotations are not supported here: def f(x):");
        }
        let body = self.block("after def f(x)")?;
        self.skip_newlines();
        if *self.peek() != Tok::End {
            return self.fail("only f may be defined here, and nothing may follow it");
        }
        Ok(Function { param, body, def_pos })
    }

    fn import(&mut self) -> Parsed<()> {
        if self.is_name("from") {
            return self.fail("`from ... import` is not supported here: write import math, then math.sqrt(...)");
        }
        self.advance();
        if !self.is_name("math") {
            return self.fail("only `import math` is supported here");
        }
        self.advance();
        if *self.peek() != Tok::Newline {
            return self.fail("write `import math` alone on its line");
        }
        Ok(())
    }

    /// `:` then either statements on the same line or an indented block.
    fn block(&mut self, context: &str) -> Parsed<Vec<Stmt>> {
        self.expect_op(":", context)?;
        self.enter()?;
        let mut body = Vec::new();
        if *self.peek() == Tok::Newline {
            self.advance();
            if *self.peek() != Tok::Indent {
                return self.fail(format!("expected an indented block {context}"));
            }
            self.advance();
            while !matches!(self.peek(), Tok::Dedent | Tok::End) {
                self.statement(&mut body)?;
            }
            self.advance();
        } else {
            self.simple_statements(&mut body)?;
        }
        self.depth -= 1;
        Ok(body)
    }

    pub(super) fn arguments(&mut self) -> Parsed<Vec<Expr>> {
        let mut args = Vec::new();
        while !self.eat_op(")") {
            args.push(self.expr()?);
            if !self.eat_op(",") {
                self.expect_op(")", "after the arguments")?;
                break;
            }
        }
        Ok(args)
    }
}

pub(super) fn binary_op(op: &str) -> Option<BinaryOp> {
    Some(match op {
        "+" => BinaryOp::Add,
        "-" => BinaryOp::Sub,
        "*" => BinaryOp::Mul,
        "/" => BinaryOp::Div,
        "//" => BinaryOp::FloorDiv,
        "%" => BinaryOp::Mod,
        "**" => BinaryOp::Pow,
        _ => return None,
    })
}

pub(super) fn compare_op(op: &str) -> Option<CompareOp> {
    Some(match op {
        "<" => CompareOp::Lt,
        "<=" => CompareOp::Le,
        ">" => CompareOp::Gt,
        ">=" => CompareOp::Ge,
        "==" => CompareOp::Eq,
        "!=" => CompareOp::Ne,
        _ => return None,
    })
}
