//! Python's arithmetic as wasm: the same decisions as [`super::super::arith`], operands in
//! locals, the result left on the stack.

use wasm_encoder::{BlockType, ValType};

use super::super::arith::I64_LIMIT;
use super::super::errors::FaultKind;
use super::{Emitter, FMOD, POW};

impl Emitter {
    /// Overflow when both operands have the other sign than the result.
    pub(super) fn int_add(&mut self, a: u32, b: u32) {
        let r = self.scratch(ValType::I64);
        let mut s = self.sink();
        s.local_get(a).local_get(b).i64_add().local_set(r);
        s.local_get(a).local_get(r).i64_xor().local_get(b).local_get(r).i64_xor().i64_and().i64_const(0).i64_lt_s();
        self.overflow_else(r);
    }

    pub(super) fn int_sub(&mut self, a: u32, b: u32) {
        let r = self.scratch(ValType::I64);
        let mut s = self.sink();
        s.local_get(a).local_get(b).i64_sub().local_set(r);
        s.local_get(a).local_get(b).i64_xor().local_get(a).local_get(r).i64_xor().i64_and().i64_const(0).i64_lt_s();
        self.overflow_else(r);
    }

    /// Faults on the overflow flag on the stack, else leaves `r` and releases it.
    fn overflow_else(&mut self, r: u32) {
        self.fault_if(FaultKind::IntOverflow);
        self.sink().local_get(r);
        self.release(&[r]);
    }

    /// Two operands in i32's range cannot overflow (the common case, decided without a
    /// division); otherwise the product is checked by dividing it back.
    pub(super) fn int_mul(&mut self, a: u32, b: u32) {
        let r = self.scratch(ValType::I64);
        let mut s = self.sink();
        s.local_get(a).local_get(b).i64_mul().local_set(r);
        s.local_get(a).i64_const(1 << 31).i64_add().local_get(b).i64_const(1 << 31).i64_add().i64_or();
        s.i64_const(32).i64_shr_u().i64_eqz().if_(BlockType::Result(ValType::I32)).i32_const(0).else_();
        s.local_get(a).i64_eqz().if_(BlockType::Result(ValType::I32)).i32_const(0).else_();
        s.local_get(a).i64_const(-1).i64_eq().if_(BlockType::Result(ValType::I32));
        s.local_get(b).i64_const(i64::MIN).i64_eq();
        s.else_().local_get(r).local_get(a).i64_div_s().local_get(b).i64_ne().end();
        s.end().end();
        self.overflow_else(r);
    }

    pub(super) fn int_floor_div(&mut self, a: u32, b: u32) {
        self.sink().local_get(b).i64_eqz();
        self.fault_if(FaultKind::DivisionByZero);
        self.sink().local_get(a).i64_const(i64::MIN).i64_eq().local_get(b).i64_const(-1).i64_eq().i32_and();
        self.fault_if(FaultKind::IntOverflow);
        let mut s = self.sink();
        s.local_get(a).local_get(b).i64_div_s();
        s.local_get(a).local_get(b).i64_rem_s().i64_const(0).i64_ne();
        s.local_get(a).local_get(b).i64_xor().i64_const(0).i64_lt_s().i32_and().i64_extend_i32_u().i64_sub();
    }

    pub(super) fn int_mod(&mut self, a: u32, b: u32) {
        self.sink().local_get(b).i64_eqz();
        self.fault_if(FaultKind::DivisionByZero);
        let r = self.scratch(ValType::I64);
        let mut s = self.sink();
        s.local_get(a).local_get(b).i64_rem_s().local_tee(r).local_get(b).i64_const(0);
        s.local_get(r).i64_const(0).i64_ne().local_get(r).local_get(b).i64_xor().i64_const(0).i64_lt_s().i32_and();
        s.select().i64_add();
        self.release(&[r]);
    }

    /// Square and multiply, stopping before a square that is not needed (so `2 ** 62` does
    /// not overflow on the way); at most 63 rounds.
    pub(super) fn int_pow(&mut self, base: u32, exponent: u32) {
        self.sink().local_get(exponent).i64_const(0).i64_lt_s();
        self.fault_if(FaultKind::NegativeIntExponent);
        let result = self.scratch(ValType::I64);
        let mut s = self.sink();
        s.i64_const(1).local_set(result).block(BlockType::Empty).loop_(BlockType::Empty);
        s.local_get(exponent).i64_const(1).i64_and().i32_wrap_i64().if_(BlockType::Empty);
        self.int_mul(result, base);
        let mut s = self.sink();
        s.local_set(result).end();
        s.local_get(exponent).i64_const(1).i64_shr_u().local_tee(exponent).i64_eqz().br_if(1);
        self.int_mul(base, base);
        self.sink().local_set(base).br(0).end().end().local_get(result);
        self.release(&[result]);
    }

    /// CPython's float `//` and `%` (see [`super::super::arith::float_div_mod`]).
    pub(super) fn float_div_mod(&mut self, a: u32, b: u32, quotient: bool) {
        self.sink().local_get(b).f64_const(0.0.into()).f64_eq();
        self.fault_if(FaultKind::DivisionByZero);
        let [modulo, div] = [(); 2].map(|_| self.scratch(ValType::F64));
        let mut s = self.sink();
        s.local_get(a).local_get(b).call(FMOD).local_set(modulo);
        s.local_get(a).local_get(modulo).f64_sub().local_get(b).f64_div().local_set(div);
        s.local_get(modulo).f64_const(0.0.into()).f64_ne().if_(BlockType::Empty);
        s.local_get(b).f64_const(0.0.into()).f64_lt().local_get(modulo).f64_const(0.0.into()).f64_lt().i32_ne();
        s.if_(BlockType::Empty);
        s.local_get(modulo).local_get(b).f64_add().local_set(modulo);
        s.local_get(div).f64_const(1.0.into()).f64_sub().local_set(div);
        s.end().else_();
        s.f64_const(0.0.into()).local_get(b).f64_copysign().local_set(modulo);
        s.end();
        if quotient {
            s.local_get(div).f64_const(0.0.into()).f64_ne().if_(BlockType::Result(ValType::F64));
            s.local_get(div).f64_floor().local_tee(modulo).f64_const(1.0.into()).f64_add().local_get(modulo);
            s.local_get(div).local_get(modulo).f64_sub().f64_const(0.5.into()).f64_gt().select();
            s.else_().f64_const(0.0.into()).local_get(a).local_get(b).f64_div().f64_copysign().end();
        } else {
            s.local_get(modulo);
        }
        self.release(&[modulo, div]);
    }

    /// CPython's `float_pow` (see [`super::super::arith::float_pow`]).
    pub(super) fn float_pow(&mut self, a: u32, b: u32) {
        let f64_result = BlockType::Result(ValType::F64);
        let infinity = f64::INFINITY.into();
        let mut s = self.sink();
        s.local_get(b).f64_const(0.0.into()).f64_eq().if_(f64_result).f64_const(1.0.into()).else_();
        s.local_get(a).local_get(a).f64_ne().if_(f64_result).local_get(a).else_();
        s.local_get(b).local_get(b).f64_ne().if_(f64_result);
        s.f64_const(1.0.into()).local_get(b).local_get(a).f64_const(1.0.into()).f64_eq().select().else_();
        s.local_get(b).f64_abs().f64_const(infinity).f64_eq();
        s.local_get(a).f64_abs().f64_const(1.0.into()).f64_eq().i32_and();
        s.if_(f64_result).f64_const(1.0.into()).else_();
        s.local_get(a).f64_const(0.0.into()).f64_eq().local_get(b).f64_const(0.0.into()).f64_lt().i32_and();
        s.local_get(b).f64_abs().f64_const(infinity).f64_ne().i32_and();
        self.fault_if(FaultKind::DivisionByZero);
        let mut s = self.sink();
        s.local_get(a).f64_const(0.0.into()).f64_lt();
        s.local_get(b).f64_abs().f64_const(infinity).f64_ne().i32_and();
        s.local_get(b).f64_floor().local_get(b).f64_ne().i32_and();
        self.fault_if(FaultKind::ComplexPower);
        let r = self.scratch(ValType::F64);
        let mut s = self.sink();
        s.local_get(a).local_get(b).call(POW).local_tee(r).f64_abs().f64_const(infinity).f64_eq();
        s.local_get(a).f64_abs().f64_const(infinity).f64_ne().i32_and();
        s.local_get(b).f64_abs().f64_const(infinity).f64_ne().i32_and();
        self.fault_if(FaultKind::FloatOverflow);
        self.sink().local_get(r).end().end().end().end();
        self.release(&[r]);
    }

    /// An integral float in `a` as an i64, with Python's errors (see
    /// [`super::super::arith::float_to_int`]).
    pub(super) fn float_to_int(&mut self, a: u32) {
        self.sink().local_get(a).local_get(a).f64_ne();
        self.fault_if(FaultKind::MathDomain);
        let mut s = self.sink();
        s.local_get(a).f64_const((-I64_LIMIT).into()).f64_ge().local_get(a).f64_const(I64_LIMIT.into()).f64_lt();
        s.i32_and().i32_eqz();
        self.fault_if(FaultKind::IntOverflow);
        self.sink().local_get(a).i64_trunc_f64_s();
    }
}
