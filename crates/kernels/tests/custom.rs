//! "Your own f(x)": the checker's refusals, Python's semantics against CPython's values (a
//! fixture), and the compiled module against the interpreter, run by wasmi.

use parlab_kernels::custom::{FaultKind, MAX_SOURCE_BYTES, MemoryImport, PRESETS, Program, RunFault, Value, ValueKind};
use parlab_kernels::map::collatz_steps;
use parlab_kernels::rng::SplitMix64;
use wasmi::{Engine, Global, Linker, Memory, MemoryType, Module, Store, TypedFunc};

const UNSHARED: MemoryImport = MemoryImport { shared: false, min_pages: 1, max_pages: None };
const SHARED: MemoryImport = MemoryImport { shared: true, min_pages: 1, max_pages: Some(16) };
const BUDGET: u64 = 10_000;

/// A compiled program instantiated in wasmi, with Rust's f64 functions as the math imports.
struct Compiled {
    store: Store<()>,
    map: TypedFunc<(i32, i32, i32, i64), i32>,
    memory: Memory,
    fault_index: Global,
    fault_steps: Global,
    returns: ValueKind,
}

const OUTPUT_AT: usize = 32 * 1024;

impl Compiled {
    fn new(program: &Program) -> Self {
        let engine = Engine::default();
        let module = Module::new(&engine, &program.compile(UNSHARED)[..]).expect("wasmi validates the module");
        let mut store = Store::new(&engine, ());
        let memory = Memory::new(&mut store, MemoryType::new(1, None)).expect("one page");
        let mut linker = Linker::<()>::new(&engine);
        linker.define("env", "memory", memory).expect("memory import");
        linker.func_wrap("math", "sin", f64::sin).expect("sin");
        linker.func_wrap("math", "cos", f64::cos).expect("cos");
        linker.func_wrap("math", "exp", f64::exp).expect("exp");
        linker.func_wrap("math", "log", f64::ln).expect("log");
        linker.func_wrap("math", "pow", f64::powf).expect("pow");
        linker.func_wrap("math", "fmod", |a: f64, b: f64| a % b).expect("fmod");
        let instance = linker.instantiate_and_start(&mut store, &module).expect("instantiates");
        let map = instance.get_typed_func(&store, "map").expect("exports map");
        let fault_index = instance.get_global(&store, "fault_index").expect("exports fault_index");
        let fault_steps = instance.get_global(&store, "fault_steps").expect("exports fault_steps");
        Self { store, map, memory, fault_index, fault_steps, returns: program.returns() }
    }

    /// f on each input, resuming after each fault as the page would report it.
    fn run(&mut self, inputs: &[u32], budget: u64) -> Vec<Result<Value, RunFault>> {
        let bytes: Vec<u8> = inputs.iter().flat_map(|x| x.to_le_bytes()).collect();
        self.memory.write(&mut self.store, 0, &bytes).expect("inputs fit");
        let mut results = Vec::with_capacity(inputs.len());
        while results.len() < inputs.len() {
            let start = results.len();
            let len = (inputs.len() - start) as i32;
            let args = ((4 * start) as i32, (OUTPUT_AT + 8 * start) as i32, len, budget as i64);
            let code = self.map.call(&mut self.store, args).expect("map does not trap");
            let done =
                if code == 0 { len as usize } else { self.fault_index.get(&self.store).i32().expect("i32") as usize };
            let mut out = vec![0u8; 8 * done];
            self.memory.read(&self.store, OUTPUT_AT + 8 * start, &mut out).expect("outputs fit");
            for chunk in out.chunks(8) {
                let bits = u64::from_le_bytes(chunk.try_into().expect("8 bytes"));
                results.push(Ok(Value::from_bits(self.returns, bits)));
            }
            if code != 0 {
                let steps = self.fault_steps.get(&self.store).i64().expect("i64") as u64;
                let kind = FaultKind::from_code(code, steps).expect("a known fault code");
                results.push(Err(RunFault { x: i64::from(inputs[start + done]), kind }));
            }
        }
        results
    }
}

fn same(a: &Result<Value, RunFault>, b: &Result<Value, RunFault>) -> bool {
    match (a, b) {
        (Ok(Value::Float(a)), Ok(Value::Float(b))) => a.to_bits() == b.to_bits() || (a.is_nan() && b.is_nan()),
        _ => a == b,
    }
}

/// Runs `source` interpreted and compiled on `inputs` and asserts that both agree.
fn agree(source: &str, inputs: &[u32], budget: u64) -> Vec<Result<Value, RunFault>> {
    let program = Program::parse(source).unwrap_or_else(|e| panic!("{e}\n{source}"));
    let interpreted: Vec<_> = inputs.iter().map(|&x| program.interpret(i64::from(x), budget)).collect();
    let compiled = Compiled::new(&program).run(inputs, budget);
    for (x, (i, c)) in inputs.iter().zip(interpreted.iter().zip(&compiled)) {
        assert!(same(i, c), "x = {x}: interpreted {i:?}, compiled {c:?}\n{source}");
    }
    interpreted
}

fn validate_shared(bytes: &[u8]) {
    let features = wasmparser::WasmFeatures::default() | wasmparser::WasmFeatures::THREADS;
    wasmparser::Validator::new_with_features(features)
        .validate_all(bytes)
        .expect("wasmparser validates the shared module");
}

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
