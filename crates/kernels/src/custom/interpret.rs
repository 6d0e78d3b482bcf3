//! The reference interpreter: slow and plain, the oracle the compiled module is tested against.

use super::Value;
use super::arith;
use super::errors::FaultKind;
use super::ir::{BinaryOp, Builtin, CompareOp, Expr, ExprKind, Function, Stmt};

#[derive(Debug, Clone, Copy)]
enum Scalar {
    Int(i64),
    Float(f64),
    Bool(bool),
}

impl Scalar {
    fn int(self) -> i64 {
        match self {
            Scalar::Int(value) => value,
            _ => unreachable!("the checker types every int expression"),
        }
    }

    fn float(self) -> f64 {
        match self {
            Scalar::Float(value) => value,
            _ => unreachable!("the checker types every float expression"),
        }
    }

    fn truth(self) -> bool {
        match self {
            Scalar::Bool(value) => value,
            _ => unreachable!("the checker types every condition"),
        }
    }
}

enum Flow {
    Next,
    Return(Scalar),
}

struct Machine {
    locals: Vec<Scalar>,
    steps: u64,
    budget: u64,
}

type Outcome<T> = Result<T, FaultKind>;

pub fn run(function: &Function, x: i64, budget: u64) -> Outcome<Value> {
    let mut machine = Machine { locals: vec![Scalar::Int(0); function.locals.len()], steps: 0, budget };
    machine.locals[0] = Scalar::Int(x);
    match machine.block(&function.body)? {
        Flow::Return(Scalar::Int(value)) => Ok(Value::Int(value)),
        Flow::Return(Scalar::Float(value)) => Ok(Value::Float(value)),
        _ => unreachable!("the checker proves that f returns a number on every path"),
    }
}

/// How many values `range(start, stop, step)` has, counted without overflow.
pub fn range_len(start: i64, stop: i64, step: i64) -> u64 {
    if step > 0 && start < stop {
        (stop.wrapping_sub(start) as u64 - 1) / step as u64 + 1
    } else if step < 0 && start > stop {
        (start.wrapping_sub(stop) as u64 - 1) / step.unsigned_abs() + 1
    } else {
        0
    }
}

impl Machine {
    fn step(&mut self) -> Outcome<()> {
        if self.steps == self.budget {
            return Err(FaultKind::OutOfBudget { steps: self.budget });
        }
        self.steps += 1;
        Ok(())
    }

    fn block(&mut self, stmts: &[Stmt]) -> Outcome<Flow> {
        for stmt in stmts {
            if let Flow::Return(value) = self.statement(stmt)? {
                return Ok(Flow::Return(value));
            }
        }
        Ok(Flow::Next)
    }

    fn statement(&mut self, stmt: &Stmt) -> Outcome<Flow> {
        match stmt {
            Stmt::Assign { local, value } => self.locals[*local] = self.eval(value)?,
            Stmt::If { cond, then, otherwise } => {
                let branch = if self.eval(cond)?.truth() { then } else { otherwise };
                return self.block(branch);
            }
            Stmt::While { cond, body } => {
                while self.eval(cond)?.truth() {
                    self.step()?;
                    if let Flow::Return(value) = self.block(body)? {
                        return Ok(Flow::Return(value));
                    }
                }
            }
            Stmt::For { local, start, stop, step, body } => {
                let start = self.eval(start)?.int();
                let stop = self.eval(stop)?.int();
                let step = self.eval(step)?.int();
                if step == 0 {
                    return Err(FaultKind::ZeroRangeStep);
                }
                let mut next = start;
                for _ in 0..range_len(start, stop, step) {
                    self.locals[*local] = Scalar::Int(next);
                    next = next.wrapping_add(step);
                    self.step()?;
                    if let Flow::Return(value) = self.block(body)? {
                        return Ok(Flow::Return(value));
                    }
                }
            }
            Stmt::Return(value) => return Ok(Flow::Return(self.eval(value)?)),
        }
        Ok(Flow::Next)
    }

    fn eval(&mut self, expr: &Expr) -> Outcome<Scalar> {
        Ok(match &expr.kind {
            ExprKind::Int(value) => Scalar::Int(*value),
            ExprKind::Float(value) => Scalar::Float(*value),
            ExprKind::Bool(value) => Scalar::Bool(*value),
            ExprKind::Local(local) => self.locals[*local],
            ExprKind::ToFloat(value) => Scalar::Float(self.eval(value)?.int() as f64),
            ExprKind::Truth(value) => Scalar::Bool(match self.eval(value)? {
                Scalar::Int(value) => value != 0,
                other => other.float() != 0.0,
            }),
            ExprKind::Neg(value) => match self.eval(value)? {
                Scalar::Int(value) => Scalar::Int(arith::int_neg(value)?),
                other => Scalar::Float(-other.float()),
            },
            ExprKind::Not(value) => Scalar::Bool(!self.eval(value)?.truth()),
            ExprKind::Arith(op, left, right) => {
                let left = self.eval(left)?;
                let right = self.eval(right)?;
                match (left, right) {
                    (Scalar::Int(a), Scalar::Int(b)) => Scalar::Int(int_arith(*op, a, b)?),
                    _ => Scalar::Float(float_arith(*op, left.float(), right.float())?),
                }
            }
            ExprKind::Compare(op, left, right) => {
                let left = self.eval(left)?;
                let right = self.eval(right)?;
                let ordering = match (left, right) {
                    (Scalar::Int(a), Scalar::Int(b)) => a.partial_cmp(&b),
                    _ => left.float().partial_cmp(&right.float()),
                };
                Scalar::Bool(
                    ordering.is_some_and(|o| match op {
                        CompareOp::Lt => o.is_lt(),
                        CompareOp::Le => o.is_le(),
                        CompareOp::Gt => o.is_gt(),
                        CompareOp::Ge => o.is_ge(),
                        CompareOp::Eq => o.is_eq(),
                        CompareOp::Ne => o.is_ne(),
                    }) || (ordering.is_none() && *op == CompareOp::Ne),
                )
            }
            ExprKind::And(left, right) => Scalar::Bool(self.eval(left)?.truth() && self.eval(right)?.truth()),
            ExprKind::Or(left, right) => Scalar::Bool(self.eval(left)?.truth() || self.eval(right)?.truth()),
            ExprKind::IfElse(cond, then, otherwise) => {
                if self.eval(cond)?.truth() {
                    self.eval(then)?
                } else {
                    self.eval(otherwise)?
                }
            }
            ExprKind::Call(builtin, args) => {
                let args = args.iter().map(|a| self.eval(a)).collect::<Outcome<Vec<_>>>()?;
                call(*builtin, &args)?
            }
        })
    }
}

fn int_arith(op: BinaryOp, a: i64, b: i64) -> Outcome<i64> {
    match op {
        BinaryOp::Add => arith::int_add(a, b),
        BinaryOp::Sub => arith::int_sub(a, b),
        BinaryOp::Mul => arith::int_mul(a, b),
        BinaryOp::FloorDiv => arith::int_floor_div(a, b),
        BinaryOp::Mod => arith::int_mod(a, b),
        BinaryOp::Pow => arith::int_pow(a, b),
        BinaryOp::Div => unreachable!("the checker makes `/` a float operation"),
    }
}

fn float_arith(op: BinaryOp, a: f64, b: f64) -> Outcome<f64> {
    match op {
        BinaryOp::Add => Ok(a + b),
        BinaryOp::Sub => Ok(a - b),
        BinaryOp::Mul => Ok(a * b),
        BinaryOp::Div => arith::float_div(a, b),
        BinaryOp::FloorDiv => Ok(arith::float_div_mod(a, b)?.0),
        BinaryOp::Mod => Ok(arith::float_div_mod(a, b)?.1),
        BinaryOp::Pow => arith::float_pow(a, b, f64::powf),
    }
}

fn call(builtin: Builtin, args: &[Scalar]) -> Outcome<Scalar> {
    if let Scalar::Int(value) = args[0] {
        let ints: Vec<i64> = args.iter().map(|a| a.int()).collect();
        return Ok(Scalar::Int(match builtin {
            Builtin::Abs => arith::int_abs(value)?,
            Builtin::Min => arith::min(&ints),
            Builtin::Max => arith::max(&ints),
            _ => unreachable!("the checker gives the other functions a float"),
        }));
    }
    let floats: Vec<f64> = args.iter().map(|a| a.float()).collect();
    let value = floats[0];
    Ok(match builtin {
        Builtin::Floor => Scalar::Int(arith::float_to_int(value.floor())?),
        Builtin::Trunc => Scalar::Int(arith::float_to_int(value.trunc())?),
        _ => Scalar::Float(match builtin {
            Builtin::Abs => value.abs(),
            Builtin::Min => arith::min(&floats),
            Builtin::Max => arith::max(&floats),
            Builtin::Sqrt => arith::sqrt(value)?,
            Builtin::Sin => arith::periodic(value, f64::sin)?,
            Builtin::Cos => arith::periodic(value, f64::cos)?,
            Builtin::Exp => arith::exp(value, f64::exp)?,
            Builtin::Log => arith::log(value, f64::ln)?,
            Builtin::Floor | Builtin::Trunc => unreachable!("handled above"),
        }),
    })
}
