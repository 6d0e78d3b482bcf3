//! Tokens to a [`Function`], by recursive descent over Python's grammar for the subset.
//!
//! Every nested construct, and every operator in a chain like `1+1+…`, counts against
//! [`MAX_DEPTH`], so that no input can overflow the stack here or in the passes after.

mod expressions;

use super::ast::{BinaryOp, CompareOp, Expr, ExprKind, Function, Stmt};
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

    fn statement(&mut self, out: &mut Vec<Stmt>) -> Parsed<()> {
        let pos = self.pos();
        let keyword = match self.peek() {
            Tok::Name(name) => name.clone(),
            Tok::Indent => return self.fail("unexpected indentation"),
            _ => return self.simple_statements(out),
        };
        match keyword.as_str() {
            "if" => {
                let stmt = self.if_chain()?;
                out.push(stmt);
            }
            "while" => {
                self.advance();
                let cond = self.expr()?;
                let body = self.block("after the while condition")?;
                out.push(Stmt::While { pos, cond, body });
            }
            "for" => {
                let stmt = self.for_loop()?;
                out.push(stmt);
            }
            "def" => return self.fail("functions inside f are not supported here"),
            "import" | "from" => return self.fail("put `import math` at the top, before def f(x):"),
            "elif" | "else" => return self.fail(format!("syntax error: this `{keyword}` follows no `if`")),
            _ => return self.simple_statements(out),
        }
        Ok(())
    }

    fn if_chain(&mut self) -> Parsed<Stmt> {
        let pos = self.advance().pos;
        let cond = self.expr()?;
        let then = self.block("after the if condition")?;
        let otherwise = if self.is_name("elif") {
            vec![self.if_chain()?]
        } else if self.is_name("else") {
            self.advance();
            self.block("after else")?
        } else {
            Vec::new()
        };
        Ok(Stmt::If { pos, cond, then, otherwise })
    }

    fn for_loop(&mut self) -> Parsed<Stmt> {
        let pos = self.advance().pos;
        let Tok::Name(var) = self.peek().clone() else {
            return self.fail("for loops here have one name: for i in range(...):");
        };
        self.advance();
        if !self.is_name("in") {
            return self.fail("for loops here have one name and go over range: for i in range(...):");
        }
        self.advance();
        if !self.is_name("range") {
            return self.fail("for loops here go over range(...) only: f gets one number, not a list");
        }
        self.advance();
        let args_pos = self.pos();
        self.expect_op("(", "after range")?;
        let args = self.arguments()?;
        if args.is_empty() || args.len() > 3 {
            return Err(SourceError::new(args_pos, "range takes 1 to 3 ints: range(stop), range(start, stop[, step])"));
        }
        let body = self.block("after for ... in range(...)")?;
        Ok(Stmt::For { pos, var, args, body })
    }

    /// Simple statements separated by `;`, up to the end of the line.
    fn simple_statements(&mut self, out: &mut Vec<Stmt>) -> Parsed<()> {
        loop {
            out.push(self.simple_statement()?);
            if !self.eat_op(";") || *self.peek() == Tok::Newline {
                break;
            }
        }
        match self.peek() {
            Tok::Newline => {
                self.advance();
                Ok(())
            }
            Tok::Op(",") => self.fail("tuples are not supported here: f gets one number and returns one number"),
            _ => self.fail("syntax error: expected the end of the line"),
        }
    }

    fn simple_statement(&mut self) -> Parsed<Stmt> {
        let pos = self.pos();
        if let Tok::Name(name) = self.peek() {
            if let Some(keyword) = UNSUPPORTED_KEYWORDS.iter().find(|k| **k == name) {
                return self.fail(format!("`{keyword}` is not supported here"));
            }
            match name.as_str() {
                "pass" => {
                    self.advance();
                    return Ok(Stmt::Pass { pos });
                }
                "return" => {
                    self.advance();
                    if matches!(self.peek(), Tok::Newline | Tok::Op(";")) {
                        return self.fail("return needs a value: f must return a number");
                    }
                    return Ok(Stmt::Return { pos, value: self.expr()? });
                }
                _ => {}
            }
        }
        let target = self.expr()?;
        let augmented = match self.peek() {
            Tok::Op("=") => None,
            Tok::Op(op) if op.len() >= 2 && op.ends_with('=') && !matches!(*op, "==" | "!=" | "<=" | ">=") => {
                Some(binary_op(&op[..op.len() - 1]).expect("every augmented operator has a binary one"))
            }
            Tok::Op(",") => {
                return self.fail("tuples are not supported here: f gets one number and returns one number");
            }
            _ => return Err(SourceError::new(pos, "this line computes a value and drops it: assign it or return it")),
        };
        let ExprKind::Name(name) = &target.kind else {
            return Err(SourceError::new(pos, "only a name can be assigned to here"));
        };
        let name = name.clone();
        self.advance();
        let mut value = self.expr()?;
        if self.is_op("=") {
            return self.fail("chained assignment (a = b = ...) is not supported here: write two lines");
        }
        if let Some(op) = augmented {
            value = Expr { pos: value.pos, kind: ExprKind::Binary(op, Box::new(target), Box::new(value)) };
        }
        Ok(Stmt::Assign { pos, target: name, value })
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
