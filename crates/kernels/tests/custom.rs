//! "Your own f(x)": the checker's refusals, Python's semantics against CPython's values (a
//! fixture), and the compiled module against the interpreter, run by wasmi.

mod compiled;

use compiled::{BUDGET, SHARED, agree, validate_shared};
use parlab_kernels::custom::{FaultKind, MAX_SOURCE_BYTES, PRESETS, Program, RunFault, Value};
use parlab_kernels::map::collatz_steps;
use parlab_kernels::rng::SplitMix64;

const VALID: [&str; 12] = [
    "def f(x):\n    return x\n",
    "import math\n\ndef f(x):\n    # a comment\n    y = math.sqrt(x)  # trailing\n    return y * 2\n",
    "def f(x):\n    if x % 3 == 0:\n        return 1\n    elif x % 3 == 1:\n        return 2\n    else:\n        return 3\n",
    "def f(x):\n    total = 0\n    for i in range(x):\n        total += i\n    return total\n",
    "def f(x):\n    total = 0\n    for i in range(10, 0, -3):\n        total = total * 10 + i\n    return total\n",
    "def f(x):\n    s = 0\n    while True:\n        s += 1\n        if s > x:\n            return s\n",
    "def f(x):\n    y = 0\n    y += 0.5\n    return y if x > 2 else 0\n",
    "def f(x):\n    return max(x, 3, 2) - min(x, 5) + abs(-x)\n",
    "def f(x):\n    big = x > 5 and not x > 9 or x == 0\n    if big:\n        return 1.5\n    return 2\n",
    "def f(x): return x ** 2 // 3 % 5\n",
    "def f(x):\n    a = 1; b = 2\n    c = (a +\n         b)\n    return c + int(x / 3) + math.floor(x / 2) + int(x > 3)\n",
    "def f(x):\n\tif x:\n\t\treturn float(x)\n\treturn 2 ** -1\n",
];

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

/// `(source, line, a word of the message)`.
const INVALID: [(&str, u32, &str); 40] = [
    ("", 1, "empty"),
    ("\n\n# only a comment\n", 4, "empty"),
    ("def f(x):\n    y = [1, 2]\n    return x\n", 2, "lists"),
    ("def f(x):\n    return 'a'\n", 2, "strings"),
    ("def f(x):\n    return {}\n", 2, "dicts"),
    ("def f(x):\n    return y\n", 2, "not defined"),
    ("def f(x):\n    if x > 1:\n        return 1\n", 2, "without return"),
    ("def f(x):\n    y = 1\n", 2, "without return"),
    ("def f(x):\n    while x > 1:\n        return 1\n", 2, "without return"),
    ("def f(x):\n    return x +\n", 2, "syntax"),
    ("def f(x)\n    return x\n", 1, "':'"),
    ("def f(x):\nreturn x\n", 2, "indented"),
    ("def f(x):\n    return x\n      return 1\n", 3, "indentation"),
    ("def f(x):\n        y = 1\n    return y\n", 3, "indentation"),
    ("def g(x):\n    return x\n", 1, "called f"),
    ("def f(x, y):\n    return x\n", 1, "one argument"),
    ("def f(x):\n    return x\nprint(1)\n", 3, "nothing may follow"),
    ("import os\ndef f(x):\n    return x\n", 1, "import math"),
    ("from math import sqrt\ndef f(x):\n    return sqrt(x)\n", 1, "from"),
    ("def f(x):\n    y = 0\n    if x > 1:\n        y = 0.5\n    y = x\n    return y\n", 5, "float"),
    ("def f(x):\n    if x > 1:\n        return 0.5\n    return x\n", 4, "float"),
    ("def f(x):\n    x = x / 2\n    return x\n", 2, "argument"),
    ("def f(x):\n    return max(x, 0.5)\n", 2, "mixes"),
    ("def f(x):\n    return x > 1\n", 2, "True/False"),
    ("def f(x):\n    return x and 1\n", 2, "and"),
    ("def f(x):\n    for i in range(0.5):\n        pass\n    return 1\n", 2, "ints"),
    ("def f(x):\n    for i in x:\n        pass\n    return 1\n", 2, "range"),
    ("def f(x):\n    while x > 1:\n        break\n    return 1\n", 3, "break"),
    ("def f(x):\n    print(x)\n    return 1\n", 2, "drops"),
    ("def f(x):\n    return print(x)\n", 2, "print"),
    ("def f(x):\n    return math.tan(x)\n", 2, "not supported"),
    ("def f(x):\n    return x & 1\n", 2, "bitwise"),
    ("def f(x):\n    return 99999999999999999999\n", 2, "64-bit"),
    ("def f(x):\n    if x > 1:\n        y = 1\n    return y\n", 4, "before it gets a value"),
    ("def f(x):\n    return 1 < x < 3\n", 2, "chained"),
    ("def f(x):\n    a, b = 1, 2\n    return a\n", 2, "tuples"),
    ("def f(x):\n    return lambda: 1\n", 2, "lambda"),
    ("def f(x):\n    return abs(x, 1)\n", 2, "one number"),
    ("def f(x):\n    return 1j\n", 2, "complex"),
    ("def f(x):\n    class A:\n        pass\n    return 1\n", 2, "class"),
];

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

/// Random well-typed programs: ints in a, b, c, x and i; floats in u and v.
struct Generator {
    rng: SplitMix64,
    source: String,
}

impl Generator {
    fn pick<'a>(&mut self, options: &[&'a str]) -> &'a str {
        options[self.rng.below(options.len())]
    }

    fn int_expr(&mut self, depth: usize) -> String {
        if depth == 0 || self.rng.below(3) == 0 {
            return match self.rng.below(4) {
                0 => self.rng.below(20).to_string(),
                1 => ["9223372036854775807", "3037000500", "65536", "(-7)"][self.rng.below(4)].into(),
                _ => self.pick(&["x", "a", "b", "c"]).into(),
            };
        }
        let (a, b) = (self.int_expr(depth - 1), self.int_expr(depth - 1));
        match self.rng.below(9) {
            0..=3 => format!("({a} {} {b})", self.pick(&["+", "-", "*", "//", "%"])),
            4 => format!("({a} ** {})", self.rng.below(5)),
            5 => format!("{}({a}, {b})", self.pick(&["min", "max"])),
            6 => format!("abs(-{a})"),
            7 => format!("{}({})", self.pick(&["int", "math.floor"]), self.float_expr(depth - 1)),
            _ => format!("({a} if {} else {b})", self.cond(depth - 1)),
        }
    }

    fn float_expr(&mut self, depth: usize) -> String {
        if depth == 0 || self.rng.below(3) == 0 {
            return match self.rng.below(3) {
                0 => self.pick(&["0.5", "2.0", "-1.5", "1e300", "0.0"]).into(),
                _ => self.pick(&["u", "v"]).into(),
            };
        }
        let (a, b) = (self.float_expr(depth - 1), self.int_expr(depth - 1));
        match self.rng.below(8) {
            0..=2 => format!("({a} {} {b})", self.pick(&["+", "-", "*", "/", "//", "%", "**"])),
            3 => format!("({b} / {})", self.int_expr(depth - 1)),
            4 => format!("math.{}({a})", self.pick(&["sqrt", "sin", "cos", "exp", "log"])),
            5 => format!("{}({a}, {})", self.pick(&["min", "max"]), self.float_expr(depth - 1)),
            6 => format!("(abs({a}) ** {})", self.pick(&["0.5", "2", "-1", "b"])),
            _ => format!("float({b})"),
        }
    }

    fn cond(&mut self, depth: usize) -> String {
        match self.rng.below(4) {
            0 => format!("not {} {} {}", self.int_expr(depth), self.pick(&["<", "=="]), self.int_expr(depth)),
            1 => format!(
                "{} {} {} and {}",
                self.float_expr(depth),
                self.pick(&["<=", ">", "!="]),
                self.float_expr(depth),
                self.int_expr(depth)
            ),
            2 => format!("{} or {} >= 3", self.float_expr(depth), self.int_expr(depth)),
            _ => format!("{} % 2 == 1", self.int_expr(depth)),
        }
    }

    fn line(&mut self, indent: usize, text: &str) {
        self.source.push_str(&"    ".repeat(indent));
        self.source.push_str(text);
        self.source.push('\n');
    }

    fn statements(&mut self, indent: usize, count: usize) {
        for _ in 0..count {
            let depth = 2;
            match self.rng.below(if indent > 3 { 4 } else { 7 }) {
                0 | 1 => {
                    let line = format!("{} = {}", self.pick(&["a", "b", "c", "x"]), self.int_expr(depth));
                    self.line(indent, &line)
                }
                2 => {
                    let line = format!(
                        "{} {}= {}",
                        self.pick(&["u", "v"]),
                        self.pick(&["+", "*", "-"]),
                        self.float_expr(depth)
                    );
                    self.line(indent, &line)
                }
                3 => {
                    let line =
                        format!("return {}", if self.rng.below(2) == 0 { self.int_expr(depth) } else { "a".into() });
                    self.line(indent, &line)
                }
                4 => {
                    let line = format!("if {}:", self.cond(1));
                    self.line(indent, &line);
                    self.statements(indent + 1, 2);
                    self.line(indent, "else:");
                    self.statements(indent + 1, 1);
                }
                5 => {
                    let line = format!(
                        "for i in range({}, {}, {}):",
                        self.int_expr(1),
                        self.rng.below(30),
                        self.pick(&["1", "2", "-1", "3"])
                    );
                    self.line(indent, &line);
                    self.line(indent + 1, "c += i");
                    self.statements(indent + 1, 2);
                }
                _ => {
                    let line = format!("while {}:", self.cond(1));
                    self.line(indent, &line);
                    self.line(indent + 1, "b += 1");
                    self.statements(indent + 1, 2);
                }
            }
        }
    }

    fn program(&mut self) -> String {
        self.source = "import math\n\ndef f(x):\n    a = x\n    b = 1\n    c = 2\n    u = 0.25\n    v = -3.0\n".into();
        let count = 1 + self.rng.below(5);
        self.statements(1, count);
        let result = if self.rng.below(2) == 0 { self.int_expr(2) } else { "c".into() };
        self.line(1, &format!("return {result}"));
        std::mem::take(&mut self.source)
    }
}

/// Programs whose ints must stay ints (a float-returning draw is rejected by the checker's
/// rule only if the generator mixed types, which it does not), so every one must parse.
#[test]
fn custom_random_programs_run_the_same_compiled() {
    let mut generator = Generator { rng: SplitMix64::new(34), source: String::new() };
    let inputs: Vec<u32> = (0..40).chain([1_000, 65_535, 1 << 20, 49_999_999, u32::MAX, 3, 7, 11, 2, 1]).collect();
    let mut faults = 0;
    for _ in 0..300 {
        let source = generator.program();
        faults += agree(&source, &inputs, 2_000).iter().filter(|r| r.is_err()).count();
    }
    assert!(faults > 0 && faults < 300 * inputs.len() / 2, "{faults} faults: the generator should mostly finish");
}

const SNIPPETS: [&str; 24] = [
    " ",
    "\n",
    "(",
    ")",
    ":",
    "    ",
    "x",
    "1",
    "**",
    "//",
    "if ",
    "while ",
    "return ",
    "-",
    ".",
    "0.5",
    "[",
    "#",
    "\t",
    "else:",
    "=",
    "+= ",
    "math.sqrt(",
    "é",
];

#[test]
fn custom_fuzzed_programs_compile_or_are_refused() {
    let mut rng = SplitMix64::new(2_000);
    let mut generator = Generator { rng: SplitMix64::new(7), source: String::new() };
    let mut corpus: Vec<String> =
        VALID.iter().chain(PRESETS.iter().map(|p| &p.source)).map(|s| s.to_string()).collect();
    corpus.extend(INVALID.iter().map(|(s, ..)| s.to_string()));
    let (mut accepted, mut refused) = (0, 0);
    for round in 0..2_000 {
        let mut chars: Vec<char> =
            if round % 4 == 0 { generator.program() } else { corpus[rng.below(corpus.len())].clone() }
                .chars()
                .collect();
        for _ in 0..rng.below(3) {
            let at = rng.below(chars.len() + 1);
            match rng.below(4) {
                0 if !chars.is_empty() => {
                    let end = (at + 1 + rng.below(6)).min(chars.len());
                    chars.drain(at.min(end)..end);
                }
                1 if chars.contains(&'\n') => {
                    let text: String = chars.iter().collect();
                    let lines: Vec<&str> = text.lines().collect();
                    let line = format!("{}\n", lines[rng.below(lines.len())]);
                    chars.splice(at..at, line.chars());
                }
                _ => {
                    chars.splice(at..at, SNIPPETS[rng.below(SNIPPETS.len())].chars());
                }
            }
        }
        let source: String = chars.into_iter().collect();
        match Program::parse(&source) {
            Ok(program) => {
                accepted += 1;
                validate_shared(&program.compile(SHARED));
                agree(&source, &[0, 1, 5, 1_000], 1_000);
            }
            Err(error) => {
                refused += 1;
                assert!(error.line >= 1 && error.column >= 1 && !error.message.is_empty(), "{error:?}");
            }
        }
    }
    assert!(accepted > 100 && refused > 100, "{accepted} accepted, {refused} refused");
}
