//! "Your own f(x)": the checker's refusals, Python's semantics against CPython's values (a
//! fixture), and the compiled module against the interpreter, run by wasmi.

mod compiled;

use compiled::programs::{INVALID, VALID};
use compiled::{BUDGET, SHARED, agree, validate_shared};
use parlab_kernels::custom::{FaultKind, MAX_SOURCE_BYTES, PRESETS, Program, RunFault, Value};
use parlab_kernels::map::collatz_steps;

#[test]
fn custom_valid_programs_run_the_same_compiled() {
    let inputs: Vec<u32> = (0..20).collect();
    for source in VALID {
        agree(source, &inputs, BUDGET);
        validate_shared(&Program::parse(source).unwrap().compile(SHARED));
    }
    let results = agree(VALID[4], &[0], BUDGET);
    assert_eq!(results[0], Ok(Value::Int(10_741)));
    let results = agree(VALID[6], &[1, 3], BUDGET);
    assert_eq!(results, vec![Ok(Value::Float(0.0)), Ok(Value::Float(0.5))]);
}

#[test]
fn custom_invalid_programs_are_refused_with_line_and_sentence() {
    for (source, line, word) in INVALID {
        let error = Program::parse(source).expect_err(source);
        assert_eq!(error.line, line, "{error}\n{source}");
        assert!(error.message.contains(word), "{error:?} lacks {word:?}\n{source}");
        assert!(error.to_string().starts_with(&format!("line {line}, column {}: ", error.column)));
    }
}

#[test]
fn custom_size_and_depth_limits_refuse_without_overflowing_the_stack() {
    let deep = |n: usize| format!("def f(x):\n    return {}x{}\n", "(".repeat(n), ")".repeat(n));
    let error = Program::parse(&deep(10_000)).unwrap_err();
    assert!(error.message.contains("4 KiB"), "{error}");
    assert!(deep(1_500).len() <= MAX_SOURCE_BYTES);
    assert!(Program::parse(&deep(1_500)).unwrap_err().message.contains("nested too deeply"));
    let chain = format!("def f(x):\n    return x{}\n", "+1".repeat(1_000));
    assert!(Program::parse(&chain).unwrap_err().message.contains("nested too deeply"));
    let negations = format!("def f(x):\n    return {}x\n", "-".repeat(2_000));
    assert!(Program::parse(&negations).unwrap_err().message.contains("nested too deeply"));
    assert!(Program::parse(&deep(40)).is_ok());
}

fn parse_expected(expected: &str) -> Result<Value, &str> {
    let (kind, text) = expected.split_once(' ').expect("kind and value");
    match kind {
        "int" => Ok(Value::Int(text.parse().expect("an int"))),
        "float" => Ok(Value::Float(text.parse().expect("a float repr"))),
        _ => Err(text),
    }
}

fn fault_word(kind: FaultKind) -> &'static str {
    match kind {
        FaultKind::IntOverflow | FaultKind::FloatOverflow => "overflow",
        FaultKind::DivisionByZero => "division",
        FaultKind::MathDomain => "domain",
        FaultKind::ComplexPower => "complex",
        other => panic!("{other:?} is no CPython exception"),
    }
}

#[test]
fn custom_arithmetic_matches_cpython() {
    let fixture = include_str!("fixtures/custom_semantics.txt");
    let mut checked = 0;
    for line in fixture.lines() {
        let (expression, expected) = line.split_once('\t').expect("expression<TAB>expected");
        let source = format!("import math\ndef f(x):\n    return {expression}\n");
        let got = agree(&source, &[7], BUDGET).remove(0);
        match (parse_expected(expected), got) {
            (Ok(Value::Float(want)), Ok(Value::Float(got))) => {
                assert!(
                    want.to_bits() == got.to_bits() || want.is_nan() && got.is_nan(),
                    "{expression}: {got:?}, CPython {want:?}"
                )
            }
            (Ok(want), Ok(got)) => assert_eq!(want, got, "{expression}"),
            (Err(want), Err(fault)) => assert_eq!(fault_word(fault.kind), want, "{expression}: {fault}"),
            (want, got) => panic!("{expression}: {got:?}, CPython {want:?}"),
        }
        checked += 1;
    }
    assert!(checked > 5_000);
}

#[test]
fn custom_faults_name_x_and_agree() {
    let forever = "def f(x):\n    while True:\n        pass\n";
    let results = agree(forever, &[27], 10_000_000);
    assert_eq!(results[0], Err(RunFault { x: 27, kind: FaultKind::OutOfBudget { steps: 10_000_000 } }));
    assert_eq!(results[0].unwrap_err().to_string(), "f did not return for x = 27 after 10,000,000 steps");

    let overflow = "def f(x):\n    return 2 ** x\n";
    let results = agree(overflow, &[62, 63, 40], BUDGET);
    assert_eq!(results[0], Ok(Value::Int(1 << 62)));
    assert_eq!(results[1], Err(RunFault { x: 63, kind: FaultKind::IntOverflow }));
    let message = "def f(x):\n    return x ** 40\n";
    let fault = agree(message, &[40], BUDGET)[0].unwrap_err();
    assert_eq!(fault.to_string(), "integer overflow in f for x = 40: int is 64-bit here");

    let division = "def f(x):\n    return 100 // (x - 3) + 100 % (x - 4)\n";
    let results = agree(division, &[2, 3, 4, 5], BUDGET);
    assert_eq!(results[0], Ok(Value::Int(-100)));
    assert_eq!(results[1], Err(RunFault { x: 3, kind: FaultKind::DivisionByZero }));
    assert_eq!(results[2], Err(RunFault { x: 4, kind: FaultKind::DivisionByZero }));

    let others = [
        ("import math\ndef f(x):\n    return math.sqrt(3 - x)\n", FaultKind::MathDomain),
        ("def f(x):\n    y = 3 - x\n    return 2 ** y\n", FaultKind::NegativeIntExponent),
        ("def f(x):\n    for i in range(0, 9, 4 - x):\n        pass\n    return 1\n", FaultKind::ZeroRangeStep),
        ("import math\ndef f(x):\n    return math.exp(x * 1000.0)\n", FaultKind::FloatOverflow),
        ("def f(x):\n    return (0.0 - x) ** 0.5\n", FaultKind::ComplexPower),
    ];
    for (source, kind) in others {
        assert_eq!(agree(source, &[0, 3, 4, 9], BUDGET)[2], Err(RunFault { x: 4, kind }), "{source}");
    }
}

#[test]
fn custom_ranges_count_like_python_without_overflow() {
    let source = "def f(x):\n    n = 0\n    for i in range(9223372036854775800, 9223372036854775807, 3):\n        n = n * 10 + i % 10\n    for i in range(x, -x - 1, -2):\n        n += 1\n    return n\n";
    assert_eq!(agree(source, &[0, 5], BUDGET), vec![Ok(Value::Int(37)), Ok(Value::Int(42))]);
}

fn preset(name: &str) -> &'static str {
    PRESETS.iter().find(|p| p.name == name).expect("a preset by that name").source
}

#[test]
fn custom_presets_compute_what_they_say() {
    let inputs: Vec<u32> = (0..3_000).chain([1_000_003, 49_999_999]).collect();
    let values = |name, inputs: &[u32]| -> Vec<Value> {
        agree(preset(name), inputs, 100_000_000).into_iter().map(|r| r.expect("no fault")).collect()
    };
    let square = values("square", &inputs);
    assert!(inputs.iter().zip(&square).all(|(&x, v)| *v == Value::Int(i64::from(x) * i64::from(x))));
    let collatz = values("collatz", &inputs);
    assert!(inputs.iter().zip(&collatz).all(|(&x, v)| *v == Value::Int(collatz_steps(x) as i64)));
    let is_prime = |x: u32| x >= 2 && (2..).take_while(|d| d * d <= x).all(|d| !x.is_multiple_of(d));
    let prime = values("prime", &inputs);
    assert!(inputs.iter().zip(&prime).all(|(&x, v)| *v == Value::Int(i64::from(is_prime(x)))));
    let n = 100_000;
    let terms = values("monte-carlo-pi", &(0..n).collect::<Vec<_>>());
    let mean = terms.iter().map(|v| if let Value::Int(term) = v { *term as f64 } else { f64::NAN }).sum::<f64>()
        / f64::from(n);
    assert!((mean - std::f64::consts::PI).abs() < 0.02, "mean {mean}");
    let heavier = values("heavier", &[0, 999, 5_000, 2_000_000]);
    let expected = |x: u32| (0..=x / 1000).map(|i| f64::from(i).sqrt()).sum::<f64>();
    assert_eq!(heavier, [0, 999, 5_000, 2_000_000].map(|x| Value::Float(expected(x))));
    for preset in PRESETS {
        let program = Program::parse(preset.source).unwrap();
        validate_shared(&program.compile(SHARED));
        assert_ne!(program.hash(), Program::parse(VALID[0]).unwrap().hash());
    }
}
