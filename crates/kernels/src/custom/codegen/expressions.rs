//! Expressions: each leaves one value of its type on the wasm stack.

use wasm_encoder::{BlockType, ValType};

use super::super::errors::FaultKind;
use super::super::ir::{BinaryOp, Builtin, CompareOp, Expr, ExprKind, Ty};
use super::{COS, EXP, Emitter, LOG, SIN, val_type};

impl Emitter {
    pub(super) fn expr(&mut self, expr: &Expr) {
        match &expr.kind {
            ExprKind::Int(value) => {
                self.sink().i64_const(*value);
            }
            ExprKind::Float(value) => {
                self.sink().f64_const((*value).into());
            }
            ExprKind::Bool(value) => {
                self.sink().i32_const(i32::from(*value));
            }
            ExprKind::Local(local) => {
                self.sink().local_get(Self::local(*local));
            }
            ExprKind::ToFloat(value) => {
                self.expr(value);
                self.sink().f64_convert_i64_s();
            }
            ExprKind::Truth(value) => {
                self.expr(value);
                if value.ty == Ty::Int {
                    self.sink().i64_const(0).i64_ne();
                } else {
                    self.sink().f64_const(0.0.into()).f64_ne();
                }
            }
            ExprKind::Neg(value) if value.ty == Ty::Int => {
                self.expr(value);
                let a = self.scratch(ValType::I64);
                self.sink().local_tee(a).i64_const(i64::MIN).i64_eq();
                self.fault_if(FaultKind::IntOverflow);
                self.sink().i64_const(0).local_get(a).i64_sub();
                self.release(&[a]);
            }
            ExprKind::Neg(value) => {
                self.expr(value);
                self.sink().f64_neg();
            }
            ExprKind::Not(value) => {
                self.expr(value);
                self.sink().i32_eqz();
            }
            ExprKind::Arith(op, left, right) => self.arith(*op, left, right),
            ExprKind::Compare(op, left, right) => {
                self.expr(left);
                self.expr(right);
                let mut s = self.sink();
                match (left.ty == Ty::Int, op) {
                    (true, CompareOp::Lt) => s.i64_lt_s(),
                    (true, CompareOp::Le) => s.i64_le_s(),
                    (true, CompareOp::Gt) => s.i64_gt_s(),
                    (true, CompareOp::Ge) => s.i64_ge_s(),
                    (true, CompareOp::Eq) => s.i64_eq(),
                    (true, CompareOp::Ne) => s.i64_ne(),
                    (false, CompareOp::Lt) => s.f64_lt(),
                    (false, CompareOp::Le) => s.f64_le(),
                    (false, CompareOp::Gt) => s.f64_gt(),
                    (false, CompareOp::Ge) => s.f64_ge(),
                    (false, CompareOp::Eq) => s.f64_eq(),
                    (false, CompareOp::Ne) => s.f64_ne(),
                };
            }
            ExprKind::And(left, right) => {
                self.expr(left);
                self.sink().if_(BlockType::Result(ValType::I32));
                self.expr(right);
                self.sink().else_().i32_const(0).end();
            }
            ExprKind::Or(left, right) => {
                self.expr(left);
                self.sink().if_(BlockType::Result(ValType::I32)).i32_const(1).else_();
                self.expr(right);
                self.sink().end();
            }
            ExprKind::IfElse(cond, then, otherwise) => {
                self.expr(cond);
                self.sink().if_(BlockType::Result(val_type(expr.ty)));
                self.expr(then);
                self.sink().else_();
                self.expr(otherwise);
                self.sink().end();
            }
            ExprKind::Call(builtin, args) => self.call(*builtin, args, expr.ty),
        }
    }

    /// Evaluates both operands into fresh locals.
    pub(super) fn operands(&mut self, left: &Expr, right: &Expr) -> (u32, u32) {
        let ty = val_type(left.ty);
        self.expr(left);
        let a = self.scratch(ty);
        self.sink().local_set(a);
        self.expr(right);
        let b = self.scratch(ty);
        self.sink().local_set(b);
        (a, b)
    }

    fn arith(&mut self, op: BinaryOp, left: &Expr, right: &Expr) {
        if left.ty == Ty::Int {
            if let (BinaryOp::Mul, ExprKind::Local(a), ExprKind::Local(b)) = (op, &left.kind, &right.kind)
                && a == b
            {
                return self.square_local(Self::local(*a));
            }
            let shortcut = match (&left.kind, &right.kind) {
                (_, ExprKind::Int(c)) => self.int_with_constant(op, left, *c),
                (ExprKind::Int(c), _) if matches!(op, BinaryOp::Add | BinaryOp::Mul) => {
                    self.int_with_constant(op, right, *c)
                }
                _ => false,
            };
            if shortcut {
                return;
            }
        }
        let (a, b) = self.operands(left, right);
        if left.ty == Ty::Int {
            match op {
                BinaryOp::Add => self.int_add(a, b),
                BinaryOp::Sub => self.int_sub(a, b),
                BinaryOp::Mul => self.int_mul(a, b),
                BinaryOp::FloorDiv => self.int_floor_div(a, b),
                BinaryOp::Mod => self.int_mod(a, b),
                BinaryOp::Pow => self.int_pow(a, b),
                BinaryOp::Div => unreachable!("the checker makes `/` a float operation"),
            }
        } else {
            match op {
                BinaryOp::Add => {
                    self.sink().local_get(a).local_get(b).f64_add();
                }
                BinaryOp::Sub => {
                    self.sink().local_get(a).local_get(b).f64_sub();
                }
                BinaryOp::Mul => {
                    self.sink().local_get(a).local_get(b).f64_mul();
                }
                BinaryOp::Div => {
                    self.sink().local_get(b).f64_const(0.0.into()).f64_eq();
                    self.fault_if(FaultKind::DivisionByZero);
                    self.sink().local_get(a).local_get(b).f64_div();
                }
                BinaryOp::FloorDiv => self.float_div_mod(a, b, true),
                BinaryOp::Mod => self.float_div_mod(a, b, false),
                BinaryOp::Pow => self.float_pow(a, b),
            }
        }
        self.release(&[a, b]);
    }

    fn call(&mut self, builtin: Builtin, args: &[Expr], ty: Ty) {
        if let Builtin::Min | Builtin::Max = builtin {
            return self.extreme(builtin == Builtin::Max, args, ty);
        }
        self.expr(&args[0]);
        let a = self.scratch(val_type(args[0].ty));
        self.sink().local_set(a);
        match (builtin, args[0].ty) {
            (Builtin::Abs, Ty::Int) => {
                self.sink().local_get(a).i64_const(i64::MIN).i64_eq();
                self.fault_if(FaultKind::IntOverflow);
                let mut s = self.sink();
                s.i64_const(0).local_get(a).i64_sub().local_get(a).local_get(a).i64_const(0).i64_lt_s().select();
            }
            (Builtin::Abs, _) => {
                self.sink().local_get(a).f64_abs();
            }
            (Builtin::Sqrt, _) => {
                self.sink().local_get(a).f64_const(0.0.into()).f64_lt();
                self.fault_if(FaultKind::MathDomain);
                self.sink().local_get(a).f64_sqrt();
            }
            (Builtin::Sin | Builtin::Cos, _) => {
                self.sink().local_get(a).f64_abs().f64_const(f64::INFINITY.into()).f64_eq();
                self.fault_if(FaultKind::MathDomain);
                self.sink().local_get(a).call(if builtin == Builtin::Sin { SIN } else { COS });
            }
            (Builtin::Exp, _) => {
                let result = self.scratch(ValType::F64);
                let mut s = self.sink();
                s.local_get(a).call(EXP).local_tee(result).f64_abs().f64_const(f64::INFINITY.into()).f64_eq();
                s.local_get(a).f64_abs().f64_const(f64::INFINITY.into()).f64_ne().i32_and();
                self.fault_if(FaultKind::FloatOverflow);
                self.sink().local_get(result);
                self.release(&[result]);
            }
            (Builtin::Log, _) => {
                self.sink().local_get(a).f64_const(0.0.into()).f64_le();
                self.fault_if(FaultKind::MathDomain);
                self.sink().local_get(a).call(LOG);
            }
            (Builtin::Floor | Builtin::Trunc, _) => {
                self.sink().local_get(a);
                if builtin == Builtin::Floor {
                    self.sink().f64_floor();
                } else {
                    self.sink().f64_trunc();
                }
                self.sink().local_set(a);
                self.float_to_int(a);
            }
            (Builtin::Min | Builtin::Max, _) => unreachable!("handled above"),
        }
        self.release(&[a]);
    }

    /// Python's min/max: the first of the extreme values, comparing with `<` / `>`.
    fn extreme(&mut self, is_max: bool, args: &[Expr], ty: Ty) {
        let ty = val_type(ty);
        let best = self.scratch(ty);
        self.expr(&args[0]);
        self.sink().local_set(best);
        let next = self.scratch(ty);
        for arg in &args[1..] {
            self.expr(arg);
            let mut s = self.sink();
            s.local_tee(next).local_get(best).local_get(next).local_get(best);
            match (ty == ValType::I64, is_max) {
                (true, true) => s.i64_gt_s(),
                (true, false) => s.i64_lt_s(),
                (false, true) => s.f64_gt(),
                (false, false) => s.f64_lt(),
            };
            s.select().local_set(best);
        }
        self.sink().local_get(best);
        self.release(&[best, next]);
    }
}
