//! Integer arithmetic with one constant operand, and a local times itself, as shorter wasm with
//! the same meaning.
//!
//! The general sequences in `numbers.rs` must allow for any operand: a zero or minus-one
//! divisor, a product checked by dividing it back. With a constant, most of that is decided
//! before the run: `x % 2` is `x & 1`, `x // 2` is `x >> 1` (both round toward minus infinity
//! as Python does), and `3 * x` overflows exactly when x lies outside a range known now. The
//! engine then sees immediates it can optimise further. Measured on Collatz typed as f, 1 M
//! elements in Chromium: 7.3× the built-in kernel with the general sequences only. A square
//! `a * a` overflows exactly when |a| > 3,037,000,499, one unsigned comparison.

use wasm_encoder::ValType;

use super::super::errors::FaultKind;
use super::super::ir::{BinaryOp, Expr};
use super::Emitter;

impl Emitter {
    /// `left op c` where a shorter sequence exists; false (nothing emitted) where none does.
    pub(super) fn int_with_constant(&mut self, op: BinaryOp, left: &Expr, c: i64) -> bool {
        match op {
            BinaryOp::Add => self.add_constant(left, c),
            BinaryOp::Sub if c != i64::MIN => self.add_constant(left, -c),
            BinaryOp::Mul if c > 1 => self.checked_mul(left, c, (i64::MIN / c, i64::MAX / c)),
            // a · c ≤ MAX ⇔ a ≥ MAX / c and a · c ≥ MIN ⇔ a ≤ MIN / c, both rounded toward zero.
            BinaryOp::Mul if c < -1 => self.checked_mul(left, c, (i64::MAX / c, i64::MIN / c)),
            BinaryOp::Mul if c == 1 => {
                self.expr(left);
                true
            }
            BinaryOp::FloorDiv if c > 0 && c.count_ones() == 1 => {
                self.expr(left);
                self.sink().i64_const(i64::from(c.trailing_zeros())).i64_shr_s();
                true
            }
            BinaryOp::FloorDiv if c > 0 => {
                // Truncated quotient, one less where the remainder is negative.
                self.expr(left);
                let a = self.scratch(ValType::I64);
                let mut s = self.sink();
                s.local_tee(a).i64_const(c).i64_div_s();
                s.local_get(a).i64_const(c).i64_rem_s().i64_const(0).i64_lt_s().i64_extend_i32_u().i64_sub();
                self.release(&[a]);
                true
            }
            BinaryOp::Mod if c > 0 && c.count_ones() == 1 => {
                self.expr(left);
                self.sink().i64_const(c - 1).i64_and();
                true
            }
            BinaryOp::Mod if c > 0 => {
                // Truncated remainder, plus c where it is negative.
                self.expr(left);
                let r = self.scratch(ValType::I64);
                let mut s = self.sink();
                s.i64_const(c).i64_rem_s().local_tee(r);
                s.i64_const(c).i64_const(0).local_get(r).i64_const(0).i64_lt_s().select().i64_add();
                self.release(&[r]);
                true
            }
            _ => false,
        }
    }

    /// `a * a` for the local `a`: 3,037,000,499² fits in an i64 and 3,037,000,500² does not.
    pub(super) fn square_local(&mut self, local: u32) {
        const ROOT: i64 = 3_037_000_499;
        let mut s = self.sink();
        s.local_get(local).i64_const(ROOT).i64_add().i64_const(2 * ROOT).i64_gt_u();
        self.fault_if(FaultKind::IntOverflow);
        self.sink().local_get(local).local_get(local).i64_mul();
    }

    /// `left + c`, which overflows exactly when left lies past `MAX - c` (c > 0) or below
    /// `MIN - c` (c < 0).
    fn add_constant(&mut self, left: &Expr, c: i64) -> bool {
        self.expr(left);
        if c == 0 {
            return true;
        }
        let a = self.scratch(ValType::I64);
        let mut s = self.sink();
        s.local_tee(a);
        if c > 0 {
            s.i64_const(i64::MAX - c).i64_gt_s();
        } else {
            s.i64_const(i64::MIN - c).i64_lt_s();
        }
        self.fault_if(FaultKind::IntOverflow);
        self.sink().local_get(a).i64_const(c).i64_add();
        self.release(&[a]);
        true
    }

    /// `left · c` for |c| > 1, which overflows exactly when left lies outside `lo ..= hi`.
    fn checked_mul(&mut self, left: &Expr, c: i64, (lo, hi): (i64, i64)) -> bool {
        self.expr(left);
        let a = self.scratch(ValType::I64);
        let mut s = self.sink();
        // `a < lo || a > hi` as one unsigned comparison: a − lo wraps past hi − lo exactly then.
        s.local_tee(a).i64_const(lo).i64_sub().i64_const(hi.wrapping_sub(lo)).i64_gt_u();
        self.fault_if(FaultKind::IntOverflow);
        self.sink().local_get(a).i64_const(c).i64_mul();
        self.release(&[a]);
        true
    }
}
