//! "Your own f(x)" on random programs: well-typed ones generated from a seed must run the same
//! compiled (by wasmi) as interpreted, and mutated ones must compile or be refused, never panic.

mod compiled;

use compiled::programs::{INVALID, VALID};
use compiled::{SHARED, agree, validate_shared};
use parlab_kernels::custom::{PRESETS, Program};
use parlab_kernels::rng::SplitMix64;

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
