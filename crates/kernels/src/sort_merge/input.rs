//! The inputs: seeded, reproducible arrays of each distribution.

use crate::rng::SplitMix64;

/// How the input values are laid out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Distribution {
    Uniform,
    Sorted,
    Reversed,
    FewUnique,
    NearlySorted,
}

impl Distribution {
    pub const ALL: [Distribution; 5] = [
        Distribution::Uniform,
        Distribution::Sorted,
        Distribution::Reversed,
        Distribution::FewUnique,
        Distribution::NearlySorted,
    ];

    /// The URL and form value.
    pub fn name(self) -> &'static str {
        match self {
            Distribution::Uniform => "uniform",
            Distribution::Sorted => "sorted",
            Distribution::Reversed => "reversed",
            Distribution::FewUnique => "few-unique",
            Distribution::NearlySorted => "nearly-sorted",
        }
    }

    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|d| d.name() == name)
    }

    pub fn description(self) -> &'static str {
        match self {
            Distribution::Uniform => "uniform random (seeded)",
            Distribution::Sorted => "already sorted",
            Distribution::Reversed => "reversed",
            Distribution::FewUnique => "few unique (16 values)",
            Distribution::NearlySorted => "nearly sorted (1 % swapped)",
        }
    }
}

/// Fills `out` with the input for `distribution` and `seed`; the same arguments always give the
/// same values.
pub fn generate_into(out: &mut [u32], distribution: Distribution, seed: u64) {
    let n = out.len();
    let mut rng = SplitMix64::new(seed);
    match distribution {
        Distribution::Uniform => out.iter_mut().for_each(|v| *v = rng.next_u64() as u32),
        Distribution::Sorted => out.iter_mut().enumerate().for_each(|(i, v)| *v = i as u32),
        Distribution::Reversed => out.iter_mut().enumerate().for_each(|(i, v)| *v = (n - 1 - i) as u32),
        Distribution::FewUnique => out.iter_mut().for_each(|v| *v = (rng.next_u64() % 16) as u32),
        Distribution::NearlySorted => {
            out.iter_mut().enumerate().for_each(|(i, v)| *v = i as u32);
            for _ in 0..n / 100 {
                let (a, b) = (rng.below(n), rng.below(n));
                out.swap(a, b);
            }
        }
    }
}
