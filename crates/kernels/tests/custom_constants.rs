//! Integer arithmetic with a constant operand, which the compiler writes as shorter wasm
//! (shifts, masks, range checks): the same results and the same overflow faults as the
//! interpreter, at the edges of i64.

mod compiled;

use compiled::{BUDGET, agree};

/// Every value the tests put on the left of an operator: the edges of i64, small numbers, and
/// each constant's own overflow boundaries.
fn operands(c: i64) -> Vec<i64> {
    let mut values =
        vec![i64::MIN, i64::MIN + 1, -(1 << 62), -3_037_000_500, -1000, -7, -3, -2, -1, 0, 1, 2, 3, 7, 1000];
    values.extend([3_037_000_500, 1 << 62, i64::MAX - 1, i64::MAX]);
    for edge in [i64::MAX.checked_div(c), i64::MIN.checked_div(c)].into_iter().flatten() {
        values.extend([edge.saturating_sub(1), edge, edge.saturating_add(1)]);
    }
    for edge in [i64::MAX.wrapping_sub(c), i64::MIN.wrapping_sub(c), i64::MIN.wrapping_add(c)] {
        values.extend([edge.saturating_sub(1), edge, edge.saturating_add(1)]);
    }
    values
}

/// An i64 as a Python expression: the literal `9223372036854775808` does not fit.
fn literal(value: i64) -> String {
    if value == i64::MIN { "(-9223372036854775807 - 1)".to_owned() } else { format!("({value})") }
}

/// f(x) = operands[x] `op` c, and with the constant on the left, c `op` operands[x].
fn program(values: &[i64], op: &str, c: i64, constant_left: bool) -> String {
    let mut source = "def f(x):\n    a = 0\n".to_owned();
    for (index, &value) in values.iter().enumerate() {
        source += &format!("    if x == {index}:\n        a = {}\n", literal(value));
    }
    let c = literal(c);
    if constant_left {
        source += &format!("    return {c} {op} a\n");
    } else {
        source += &format!("    return a {op} {c}\n");
    }
    source
}

#[test]
fn constant_operands_compute_and_overflow_as_the_interpreter_does() {
    let constants =
        [0, 1, 2, 3, 4, 7, 8, 10, 1 << 32, 3_037_000_500, i64::MAX, -1, -2, -3, -8, -1000, i64::MIN + 1, i64::MIN];
    for c in constants {
        let values = operands(c);
        let inputs: Vec<u32> = (0..values.len() as u32).collect();
        for op in ["+", "-", "*", "//", "%"] {
            agree(&program(&values, op, c, false), &inputs, BUDGET);
            if op == "+" || op == "*" {
                agree(&program(&values, op, c, true), &inputs, BUDGET);
            }
        }
    }
}

#[test]
fn a_local_times_itself_overflows_exactly_past_the_square_root_of_the_largest_int() {
    let root = 3_037_000_499_i64;
    let values = [i64::MIN, i64::MIN + 1, -root - 1, -root, -root + 1, -1, 0, 1, 2, root - 1, root, root + 1, i64::MAX];
    let mut source = "def f(x):\n    a = 0\n".to_owned();
    for (index, &value) in values.iter().enumerate() {
        let value = if value == i64::MIN { "(-9223372036854775807 - 1)".to_owned() } else { format!("({value})") };
        source += &format!("    if x == {index}:\n        a = {value}\n");
    }
    source += "    return a * a\n";
    let inputs: Vec<u32> = (0..values.len() as u32).collect();
    let results = agree(&source, &inputs, BUDGET);
    assert!(results[2].is_err() && results[3].is_ok() && results[10].is_ok() && results[11].is_err(), "{results:?}");
}
