//! Expressions, from the loosest binding (`a if c else b`) to the tightest (a number).

use super::super::ast::{Expr, ExprKind};
use super::super::errors::SourceError;
use super::super::lexer::Tok;
use super::{Parsed, Parser, UNSUPPORTED_KEYWORDS, binary_op, compare_op};

impl Parser {
    pub(super) fn expr(&mut self) -> Parsed<Expr> {
        let depth = self.depth;
        self.enter()?;
        let value = self.disjunction()?;
        let expr = if self.is_name("if") {
            self.advance();
            let cond = self.disjunction()?;
            if !self.is_name("else") {
                return self.fail("syntax error: expected `else` in `a if condition else b`");
            }
            self.advance();
            let otherwise = self.expr()?;
            let pos = value.pos;
            Expr {
                pos,
                kind: ExprKind::IfElse { cond: Box::new(cond), then: Box::new(value), otherwise: Box::new(otherwise) },
            }
        } else {
            value
        };
        self.depth = depth;
        Ok(expr)
    }

    fn disjunction(&mut self) -> Parsed<Expr> {
        let depth = self.depth;
        let mut left = self.conjunction()?;
        while self.is_name("or") {
            self.enter()?;
            self.advance();
            let right = self.conjunction()?;
            left = Expr { pos: left.pos, kind: ExprKind::Or(Box::new(left), Box::new(right)) };
        }
        self.depth = depth;
        Ok(left)
    }

    fn conjunction(&mut self) -> Parsed<Expr> {
        let depth = self.depth;
        let mut left = self.inversion()?;
        while self.is_name("and") {
            self.enter()?;
            self.advance();
            let right = self.inversion()?;
            left = Expr { pos: left.pos, kind: ExprKind::And(Box::new(left), Box::new(right)) };
        }
        self.depth = depth;
        Ok(left)
    }

    fn inversion(&mut self) -> Parsed<Expr> {
        if !self.is_name("not") {
            return self.comparison();
        }
        let depth = self.depth;
        self.enter()?;
        let pos = self.advance().pos;
        let operand = self.inversion()?;
        self.depth = depth;
        Ok(Expr { pos, kind: ExprKind::Not(Box::new(operand)) })
    }

    fn comparison(&mut self) -> Parsed<Expr> {
        let left = self.sum()?;
        let op = match self.peek() {
            Tok::Op(op) => compare_op(op),
            Tok::Name(name) if name == "in" || name == "is" => {
                return self.fail(format!("`{name}` is not supported here: compare numbers with == or <"));
            }
            _ => None,
        };
        let Some(op) = op else { return Ok(left) };
        self.advance();
        let right = self.sum()?;
        if matches!(self.peek(), Tok::Op(op) if compare_op(op).is_some()) {
            return self.fail("chained comparisons are not supported here: write a < b and b < c");
        }
        Ok(Expr { pos: left.pos, kind: ExprKind::Compare(op, Box::new(left), Box::new(right)) })
    }

    fn sum(&mut self) -> Parsed<Expr> {
        self.binary_chain(&["+", "-"], Self::term)
    }

    fn term(&mut self) -> Parsed<Expr> {
        self.binary_chain(&["*", "/", "//", "%"], Self::factor)
    }

    fn binary_chain(&mut self, ops: &[&str], operand: fn(&mut Self) -> Parsed<Expr>) -> Parsed<Expr> {
        let depth = self.depth;
        let mut left = operand(self)?;
        while let Tok::Op(op) = *self.peek() {
            if !ops.contains(&op) {
                break;
            }
            self.enter()?;
            self.advance();
            let right = operand(self)?;
            let op = binary_op(op).expect("the chains list binary operators");
            left = Expr { pos: left.pos, kind: ExprKind::Binary(op, Box::new(left), Box::new(right)) };
        }
        self.depth = depth;
        Ok(left)
    }

    fn factor(&mut self) -> Parsed<Expr> {
        let negate = self.is_op("-");
        if !negate && !self.is_op("+") {
            return self.power();
        }
        let depth = self.depth;
        self.enter()?;
        let pos = self.advance().pos;
        let operand = Box::new(self.factor()?);
        self.depth = depth;
        Ok(Expr { pos, kind: if negate { ExprKind::Neg(operand) } else { ExprKind::Plus(operand) } })
    }

    fn power(&mut self) -> Parsed<Expr> {
        let base = self.primary()?;
        if !self.eat_op("**") {
            return Ok(base);
        }
        let depth = self.depth;
        self.enter()?;
        let exponent = self.factor()?;
        self.depth = depth;
        Ok(Expr { pos: base.pos, kind: ExprKind::Binary(super::BinaryOp::Pow, Box::new(base), Box::new(exponent)) })
    }

    /// A value, a call `name(...)` or `math.name(...)`, or `math.name`.
    fn primary(&mut self) -> Parsed<Expr> {
        let atom = self.atom()?;
        let pos = atom.pos;
        let ExprKind::Name(name) = &atom.kind else { return self.no_trailer(atom) };
        let callee = if self.eat_op(".") {
            if name != "math" {
                return Err(SourceError::new(pos, "only math has attributes here, as in math.sqrt(x)"));
            }
            let Tok::Name(attribute) = self.advance().tok else {
                return self.fail("syntax error: expected a name after `math.`");
            };
            if !self.is_op("(") {
                return self.no_trailer(Expr { pos, kind: ExprKind::MathConstant(attribute) });
            }
            format!("math.{attribute}")
        } else if self.is_op("(") {
            name.clone()
        } else {
            return Ok(atom);
        };
        let depth = self.depth;
        self.enter()?;
        self.advance();
        let args = self.arguments()?;
        self.depth = depth;
        self.no_trailer(Expr { pos, kind: ExprKind::Call { callee, args } })
    }

    fn no_trailer(&self, expr: Expr) -> Parsed<Expr> {
        if self.is_op("(") || self.is_op(".") {
            return self.fail("only names and math.name can be called here");
        }
        Ok(expr)
    }

    fn atom(&mut self) -> Parsed<Expr> {
        let token = self.advance();
        let pos = token.pos;
        let kind = match token.tok {
            Tok::Int(value) => ExprKind::Int(value),
            Tok::Float(value) => ExprKind::Float(value),
            Tok::Name(name) => match name.as_str() {
                "True" => ExprKind::Bool(true),
                "False" => ExprKind::Bool(false),
                _ if UNSUPPORTED_KEYWORDS.contains(&name.as_str()) => {
                    return Err(SourceError::new(pos, format!("`{name}` is not supported here")));
                }
                "if" | "else" | "elif" | "while" | "for" | "in" | "def" | "return" | "pass" | "and" | "or" | "not"
                | "import" | "from" | "as" => {
                    return Err(SourceError::new(pos, format!("syntax error: `{name}` cannot be used as a value")));
                }
                _ => ExprKind::Name(name),
            },
            Tok::Op("(") => {
                let depth = self.depth;
                self.enter()?;
                let inner = self.expr()?;
                if self.is_op(",") {
                    return self.fail("tuples are not supported here: f gets one number and returns one number");
                }
                self.expect_op(")", "to close the '('")?;
                self.depth = depth;
                return Ok(inner);
            }
            Tok::Newline | Tok::End | Tok::Dedent => {
                return Err(SourceError::new(pos, "syntax error: the line ends where a value is expected"));
            }
            _ => return Err(SourceError::new(pos, "syntax error: expected a value here")),
        };
        Ok(Expr { pos, kind })
    }
}
