//! The type of each expression, and the conversions Python makes implicitly.

use super::super::ast::{self, BinaryOp, ExprKind};
use super::super::errors::{Pos, SourceError};
use super::super::ir::{self, Builtin, Ty};
use super::{Checker, constant_int};

type Typed = Result<ir::Expr, SourceError>;

const FUNCTIONS: &str = "the functions here are abs, min, max, int, float, math.sqrt, math.sin, math.cos, math.exp, math.log and math.floor";

/// Ints up to 2⁵³ are floats without rounding.
const EXACT_IN_FLOAT: u64 = 1 << 53;

/// An int expression where a float is expected: a constant becomes the same float, anything
/// else is refused by the caller (Python would keep an int there).
pub(super) fn int_as_float(value: ir::Expr) -> Option<ir::Expr> {
    match value.kind {
        ir::ExprKind::Int(constant) if constant.unsigned_abs() <= EXACT_IN_FLOAT => {
            Some(ir::Expr::new(Ty::Float, ir::ExprKind::Float(constant as f64)))
        }
        ir::ExprKind::Neg(inner) => {
            int_as_float(*inner).map(|f| ir::Expr::new(Ty::Float, ir::ExprKind::Neg(Box::new(f))))
        }
        _ => None,
    }
}

fn to_float(value: ir::Expr) -> ir::Expr {
    match value.ty {
        Ty::Int => ir::Expr::new(Ty::Float, ir::ExprKind::ToFloat(Box::new(value))),
        _ => value,
    }
}

fn boxed(a: ir::Expr, b: ir::Expr) -> (Box<ir::Expr>, Box<ir::Expr>) {
    (Box::new(a), Box::new(b))
}

fn number(value: ir::Expr, pos: Pos) -> Typed {
    if value.ty == Ty::Bool {
        return Err(SourceError::new(
            pos,
            "arithmetic on True/False is not supported here: write int(...) or 1 if ... else 0",
        ));
    }
    Ok(value)
}

impl Checker {
    pub(super) fn expr(&self, expr: &ast::Expr) -> Typed {
        let pos = expr.pos;
        let fail = |message: String| Err(SourceError::new(pos, message));
        Ok(match &expr.kind {
            ExprKind::Int(value) => ir::Expr::new(Ty::Int, ir::ExprKind::Int(*value)),
            ExprKind::Float(value) => ir::Expr::new(Ty::Float, ir::ExprKind::Float(*value)),
            ExprKind::Bool(value) => ir::Expr::new(Ty::Bool, ir::ExprKind::Bool(*value)),
            ExprKind::Name(name) => return self.name(name, pos),
            ExprKind::MathConstant(name) => {
                let value = match name.as_str() {
                    "pi" => std::f64::consts::PI,
                    "e" => std::f64::consts::E,
                    "tau" => std::f64::consts::TAU,
                    _ => {
                        return fail(format!(
                            "math.{name} is not supported here; {FUNCTIONS}, and math.pi, math.e, math.tau"
                        ));
                    }
                };
                ir::Expr::new(Ty::Float, ir::ExprKind::Float(value))
            }
            ExprKind::Neg(operand) => {
                let operand = number(self.expr(operand)?, pos)?;
                ir::Expr::new(operand.ty, ir::ExprKind::Neg(Box::new(operand)))
            }
            ExprKind::Plus(operand) => number(self.expr(operand)?, pos)?,
            ExprKind::Not(operand) => ir::Expr::new(Ty::Bool, ir::ExprKind::Not(Box::new(self.cond(operand)?))),
            ExprKind::Binary(op, left, right) => {
                let exponent = constant_int(right);
                let left = number(self.expr(left)?, pos)?;
                let right = number(self.expr(right)?, right.pos)?;
                let float_power = *op == BinaryOp::Pow && exponent.is_some_and(|e| e < 0);
                let ty = if *op == BinaryOp::Div || float_power || left.ty == Ty::Float || right.ty == Ty::Float {
                    Ty::Float
                } else {
                    Ty::Int
                };
                let (left, right) =
                    if ty == Ty::Float { boxed(to_float(left), to_float(right)) } else { boxed(left, right) };
                ir::Expr::new(ty, ir::ExprKind::Arith(*op, left, right))
            }
            ExprKind::Compare(op, left, right) => {
                let left = self.expr(left)?;
                let right = self.expr(right)?;
                if left.ty == Ty::Bool || right.ty == Ty::Bool {
                    return fail("comparing True/False is not supported here: compare numbers".into());
                }
                let (left, right) =
                    if left.ty != right.ty { boxed(to_float(left), to_float(right)) } else { boxed(left, right) };
                ir::Expr::new(Ty::Bool, ir::ExprKind::Compare(*op, left, right))
            }
            ExprKind::And(left, right) | ExprKind::Or(left, right) => {
                let left = self.expr(left)?;
                let right = self.expr(right)?;
                if left.ty != Ty::Bool || right.ty != Ty::Bool {
                    return fail("`and`/`or` on numbers gives one of the numbers in Python; here they join conditions only: write a if condition else b".into());
                }
                let (left, right) = boxed(left, right);
                let kind = if matches!(expr.kind, ExprKind::And(..)) {
                    ir::ExprKind::And(left, right)
                } else {
                    ir::ExprKind::Or(left, right)
                };
                ir::Expr::new(Ty::Bool, kind)
            }
            ExprKind::IfElse { cond, then, otherwise } => {
                let cond = self.cond(cond)?;
                let mut sides = self.unify(vec![self.expr(then)?, self.expr(otherwise)?], pos, "`a if c else b`")?;
                let otherwise = sides.pop().expect("two sides");
                let then = sides.pop().expect("two sides");
                ir::Expr::new(then.ty, ir::ExprKind::IfElse(Box::new(cond), Box::new(then), Box::new(otherwise)))
            }
            ExprKind::Call { callee, args } => return self.call(callee, args, pos),
        })
    }

    /// An expression where Python asks for a truth value: `and`/`or`/`not` take any number there.
    pub(super) fn cond(&self, expr: &ast::Expr) -> Typed {
        let typed = match &expr.kind {
            ExprKind::And(left, right) => ir::ExprKind::And(Box::new(self.cond(left)?), Box::new(self.cond(right)?)),
            ExprKind::Or(left, right) => ir::ExprKind::Or(Box::new(self.cond(left)?), Box::new(self.cond(right)?)),
            _ => {
                let value = self.expr(expr)?;
                if value.ty == Ty::Bool {
                    return Ok(value);
                }
                ir::ExprKind::Truth(Box::new(value))
            }
        };
        Ok(ir::Expr::new(Ty::Bool, typed))
    }

    fn name(&self, name: &str, pos: Pos) -> Typed {
        let fail = |message: String| Err(SourceError::new(pos, message));
        let Some(local) = self.names.iter().position(|n| n == name) else {
            return match name {
                "abs" | "min" | "max" | "int" | "float" => {
                    fail(format!("{name} is a function: call it, as in {name}(x)"))
                }
                "math" => fail("math is a module: use math.sqrt(x) or math.pi".into()),
                _ => fail(format!("name '{name}' is not defined")),
            };
        };
        match self.types[local] {
            Some(ty) if self.inferring || self.assigned[local] => Ok(ir::Expr::new(ty, ir::ExprKind::Local(local))),
            _ => fail(format!(
                "`{name}` may be used here before it gets a value (Python would stop with UnboundLocalError)"
            )),
        }
    }

    /// Brings values to one type: ints become floats by the module's typing rule.
    fn unify(&self, values: Vec<ir::Expr>, pos: Pos, what: &str) -> Result<Vec<ir::Expr>, SourceError> {
        let bools = values.iter().filter(|v| v.ty == Ty::Bool).count();
        if bools == values.len() {
            return Ok(values);
        }
        if bools > 0 {
            return Err(SourceError::new(pos, format!("{what} mixes True/False and numbers: write int(...)")));
        }
        if values.iter().all(|v| v.ty == Ty::Int) {
            return Ok(values);
        }
        values
            .into_iter()
            .map(|v| match v.ty {
                Ty::Int => int_as_float(v).ok_or_else(|| {
                    SourceError::new(pos, format!("{what} mixes an int and a float, so Python's result would be an int for some x and a float for others: write float(...)"))
                }),
                _ => Ok(v),
            })
            .collect()
    }

    fn call(&self, callee: &str, args: &[ast::Expr], pos: Pos) -> Typed {
        let fail = |message: String| Err(SourceError::new(pos, message));
        let mut typed = args.iter().map(|a| self.expr(a)).collect::<Result<Vec<_>, _>>()?;
        let (min_args, max_args) = match callee {
            "min" | "max" => (2, usize::MAX),
            "math.log" if args.len() == 2 => {
                return fail("math.log takes one argument here: write math.log(a) / math.log(b)".into());
            }
            "abs" | "int" | "float" | "math.sqrt" | "math.sin" | "math.cos" | "math.exp" | "math.log"
            | "math.floor" => (1, 1),
            "print" => return fail("print is not supported here: f returns its result, and the page shows it".into()),
            "range" => return fail("range is supported only in for i in range(...):".into()),
            _ => return fail(format!("{callee} is not supported here; {FUNCTIONS}")),
        };
        if typed.len() < min_args || typed.len() > max_args {
            let count = if min_args == max_args { "one number" } else { "two or more numbers" };
            return fail(format!("{callee} takes {count} here"));
        }
        let convert = |value: ir::Expr, ty| {
            ir::Expr::new(
                ty,
                ir::ExprKind::IfElse(Box::new(value), Box::new(constant(ty, 1)), Box::new(constant(ty, 0))),
            )
        };
        if let ("int" | "float", Ty::Bool) = (callee, typed[0].ty) {
            let ty = if callee == "int" { Ty::Int } else { Ty::Float };
            return Ok(convert(typed.remove(0), ty));
        }
        for (value, arg) in typed.iter().zip(args) {
            number(value.clone(), arg.pos)?;
        }
        let single = |builtin, value: ir::Expr, ty| ir::Expr::new(ty, ir::ExprKind::Call(builtin, vec![value]));
        let mut first = typed[0].clone();
        Ok(match callee {
            "abs" => single(Builtin::Abs, first.clone(), first.ty),
            "min" | "max" => {
                let values = self.unify(typed, pos, callee)?;
                let builtin = if callee == "min" { Builtin::Min } else { Builtin::Max };
                ir::Expr::new(values[0].ty, ir::ExprKind::Call(builtin, values))
            }
            "int" | "math.floor" if first.ty == Ty::Int => first,
            "int" => single(Builtin::Trunc, first, Ty::Int),
            "math.floor" => single(Builtin::Floor, first, Ty::Int),
            "float" => to_float(first),
            _ => {
                first = to_float(first);
                let builtin = match callee {
                    "math.sqrt" => Builtin::Sqrt,
                    "math.sin" => Builtin::Sin,
                    "math.cos" => Builtin::Cos,
                    "math.exp" => Builtin::Exp,
                    _ => Builtin::Log,
                };
                single(builtin, first, Ty::Float)
            }
        })
    }
}

fn constant(ty: Ty, value: i64) -> ir::Expr {
    match ty {
        Ty::Float => ir::Expr::new(ty, ir::ExprKind::Float(value as f64)),
        _ => ir::Expr::new(ty, ir::ExprKind::Int(value)),
    }
}
