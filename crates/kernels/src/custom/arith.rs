//! Python's arithmetic on 64-bit ints and floats, for the interpreter: the code generator emits
//! the same decisions as wasm instructions, and the tests hold both to CPython's values.

use super::errors::FaultKind;

type Outcome<T> = Result<T, FaultKind>;

pub fn int_add(a: i64, b: i64) -> Outcome<i64> {
    a.checked_add(b).ok_or(FaultKind::IntOverflow)
}

pub fn int_sub(a: i64, b: i64) -> Outcome<i64> {
    a.checked_sub(b).ok_or(FaultKind::IntOverflow)
}

pub fn int_mul(a: i64, b: i64) -> Outcome<i64> {
    a.checked_mul(b).ok_or(FaultKind::IntOverflow)
}

pub fn int_neg(a: i64) -> Outcome<i64> {
    a.checked_neg().ok_or(FaultKind::IntOverflow)
}

pub fn int_abs(a: i64) -> Outcome<i64> {
    a.checked_abs().ok_or(FaultKind::IntOverflow)
}

/// Rounds toward minus infinity, as Python's `//`.
pub fn int_floor_div(a: i64, b: i64) -> Outcome<i64> {
    if b == 0 {
        return Err(FaultKind::DivisionByZero);
    }
    let quotient = a.checked_div(b).ok_or(FaultKind::IntOverflow)?;
    Ok(if a % b != 0 && (a ^ b) < 0 { quotient - 1 } else { quotient })
}

/// Takes the sign of `b`, as Python's `%`.
pub fn int_mod(a: i64, b: i64) -> Outcome<i64> {
    if b == 0 {
        return Err(FaultKind::DivisionByZero);
    }
    let remainder = a.wrapping_rem(b);
    Ok(if remainder != 0 && (remainder ^ b) < 0 { remainder + b } else { remainder })
}

/// By squaring; the exponent is not negative (the checker made `a ** -2` a float power).
pub fn int_pow(mut base: i64, mut exponent: i64) -> Outcome<i64> {
    if exponent < 0 {
        return Err(FaultKind::NegativeIntExponent);
    }
    let mut result: i64 = 1;
    loop {
        if exponent & 1 == 1 {
            result = int_mul(result, base)?;
        }
        exponent >>= 1;
        if exponent == 0 {
            return Ok(result);
        }
        base = int_mul(base, base)?;
    }
}

pub fn float_div(a: f64, b: f64) -> Outcome<f64> {
    if b == 0.0 { Err(FaultKind::DivisionByZero) } else { Ok(a / b) }
}

/// CPython's `float_floor_div` and `float_rem` (floatobject.c): the remainder takes the sign
/// of `b`, the quotient is floored and then corrected to the nearest integer of `(a - mod) / b`.
pub fn float_div_mod(a: f64, b: f64) -> Outcome<(f64, f64)> {
    if b == 0.0 {
        return Err(FaultKind::DivisionByZero);
    }
    let mut modulo = a % b;
    let mut quotient = (a - modulo) / b;
    if modulo != 0.0 {
        if (b < 0.0) != (modulo < 0.0) {
            modulo += b;
            quotient -= 1.0;
        }
    } else {
        modulo = 0.0f64.copysign(b);
    }
    let floor = if quotient != 0.0 {
        let floor = quotient.floor();
        if quotient - floor > 0.5 { floor + 1.0 } else { floor }
    } else {
        0.0f64.copysign(a / b)
    };
    Ok((floor, modulo))
}

/// CPython's `float_pow`: the special cases are decided here, so the host's `pow` (C's in
/// Rust, JavaScript's Math.pow in the browser, which differ on them) is only asked the rest.
pub fn float_pow(a: f64, b: f64, pow: impl Fn(f64, f64) -> f64) -> Outcome<f64> {
    if b == 0.0 {
        return Ok(1.0);
    }
    if a.is_nan() {
        return Ok(a);
    }
    if b.is_nan() {
        return Ok(if a == 1.0 { 1.0 } else { b });
    }
    if b.is_infinite() && a.abs() == 1.0 {
        return Ok(1.0);
    }
    if a == 0.0 && b < 0.0 && b.is_finite() {
        return Err(FaultKind::DivisionByZero);
    }
    if a < 0.0 && b.is_finite() && b.floor() != b {
        return Err(FaultKind::ComplexPower);
    }
    let result = pow(a, b);
    if result.is_infinite() && a.is_finite() && b.is_finite() {
        return Err(FaultKind::FloatOverflow);
    }
    Ok(result)
}

pub fn sqrt(a: f64) -> Outcome<f64> {
    if a < 0.0 { Err(FaultKind::MathDomain) } else { Ok(a.sqrt()) }
}

/// For sin and cos: Python refuses an infinity.
pub fn periodic(a: f64, function: impl Fn(f64) -> f64) -> Outcome<f64> {
    if a.is_infinite() { Err(FaultKind::MathDomain) } else { Ok(function(a)) }
}

pub fn exp(a: f64, function: impl Fn(f64) -> f64) -> Outcome<f64> {
    let result = function(a);
    if result.is_infinite() && a.is_finite() { Err(FaultKind::FloatOverflow) } else { Ok(result) }
}

pub fn log(a: f64, function: impl Fn(f64) -> f64) -> Outcome<f64> {
    if a <= 0.0 { Err(FaultKind::MathDomain) } else { Ok(function(a)) }
}

/// The smallest float that is too large for an i64: 2⁶³.
pub const I64_LIMIT: f64 = 9_223_372_036_854_775_808.0;

/// An integral float as an int: nan is Python's ValueError, the rest out of range its
/// OverflowError (an infinity) or a result past 64 bits.
pub fn float_to_int(integral: f64) -> Outcome<i64> {
    if integral.is_nan() {
        return Err(FaultKind::MathDomain);
    }
    if !(-I64_LIMIT..I64_LIMIT).contains(&integral) {
        return Err(FaultKind::IntOverflow);
    }
    Ok(integral as i64)
}

/// Python's max: the first of the largest, comparing with `>` (so a nan first stays).
pub fn max<T: PartialOrd + Copy>(values: &[T]) -> T {
    values[1..].iter().fold(values[0], |best, &v| if v > best { v } else { best })
}

pub fn min<T: PartialOrd + Copy>(values: &[T]) -> T {
    values[1..].iter().fold(values[0], |best, &v| if v < best { v } else { best })
}
