//! Statements: `if`/`elif`/`else`, `while`, `for ... in range(...)` and the simple ones.

use super::super::ast::{Expr, ExprKind, Stmt};
use super::super::errors::SourceError;
use super::super::lexer::Tok;
use super::{Parsed, Parser, UNSUPPORTED_KEYWORDS, binary_op};

impl Parser {
    pub(super) fn statement(&mut self, out: &mut Vec<Stmt>) -> Parsed<()> {
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
    pub(super) fn simple_statements(&mut self, out: &mut Vec<Stmt>) -> Parsed<()> {
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
}
