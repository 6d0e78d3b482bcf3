//! The programs the page offers to start from.

pub struct Preset {
    /// The URL and form value.
    pub name: &'static str,
    pub title: &'static str,
    pub source: &'static str,
}

pub const PRESETS: [Preset; 5] = [
    Preset { name: "square", title: "x² — the seeds' own, memory-bound", source: "def f(x):\n    return x * x\n" },
    Preset {
        name: "collatz",
        title: "Collatz steps of x — the built-in collatz workload, uneven work",
        source: "\
def f(x):
    steps = 0
    while x > 1:
        if x % 2 == 0:
            x = x // 2
        else:
            x = 3 * x + 1
        steps += 1
    return steps
",
    },
    Preset {
        name: "prime",
        title: "is x prime? 1 or 0, by trial division",
        source: "\
def f(x):
    if x < 2:
        return 0
    d = 2
    while d * d <= x:
        if x % d == 0:
            return 0
        d += 1
    return 1
",
    },
    Preset {
        name: "monte-carlo-pi",
        title: "Monte Carlo π: the mean of f over all x tends to π",
        source: "\
def f(x):
    # Two pseudo-random numbers in [0, 1) from x by multiplicative hashing.
    # Every product stays below 2**63 for x below 2**30: no overflow.
    h = (x * 2654435761 + 12345) % 4294967296
    u = h / 4294967296
    h = (h * 1103515245 + 12345) % 2147483648
    v = h / 2147483648
    if u * u + v * v < 1.0:
        return 4
    return 0
",
    },
    Preset {
        name: "heavier",
        title: "heavier for large x — work grows with x, so equal chunks are unequal work",
        source: "\
import math

def f(x):
    total = 0.0
    for i in range(x // 1000 + 1):
        total += math.sqrt(i)
    return total
",
    },
];
