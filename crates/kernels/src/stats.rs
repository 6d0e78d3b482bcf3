//! Summaries of repeated timings.

/// Median, minimum and maximum of a set of timings, in milliseconds.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Summary {
    pub median_ms: f64,
    pub min_ms: f64,
    pub max_ms: f64,
    pub runs: usize,
}

impl Summary {
    /// `None` for no samples. The median of an even count is the mean of the middle two.
    pub fn of(samples_ms: &[f64]) -> Option<Self> {
        if samples_ms.is_empty() {
            return None;
        }
        let mut sorted = samples_ms.to_vec();
        crate::ordering::sort_by_u64_key(&mut sorted, |ms| crate::ordering::f64_key(*ms));
        let mid = sorted.len() / 2;
        let median_ms = if sorted.len() % 2 == 1 { sorted[mid] } else { (sorted[mid - 1] + sorted[mid]) / 2.0 };
        Some(Self { median_ms, min_ms: sorted[0], max_ms: sorted[sorted.len() - 1], runs: sorted.len() })
    }
}

/// How many times faster `candidate` is than `baseline` (medians); `None` if either is not
/// a positive time, as happens for runs too short for the clock to see.
pub fn speedup(baseline: &Summary, candidate: &Summary) -> Option<f64> {
    (baseline.median_ms > 0.0 && candidate.median_ms > 0.0).then(|| baseline.median_ms / candidate.median_ms)
}

/// Speedup per thread: 1.0 means every thread was fully used.
pub fn efficiency(speedup: f64, threads: usize) -> f64 {
    speedup / threads.max(1) as f64
}

/// One timed variant: its timings and whether its output matched the reference every time.
#[derive(Debug, Clone, PartialEq)]
pub struct VariantTiming {
    pub threads: usize,
    pub samples_ms: Vec<f64>,
    pub summary: Summary,
    pub correct: bool,
}

/// Collects the timings of one variant's repeats and whether every output was right.
#[derive(Debug)]
pub struct Timings {
    pub samples_ms: Vec<f64>,
    pub correct: bool,
}

impl Default for Timings {
    fn default() -> Self {
        Self { samples_ms: Vec::new(), correct: true }
    }
}

impl Timings {
    pub fn push(&mut self, ms: f64) {
        self.samples_ms.push(ms);
    }

    pub fn finish(self, threads: usize) -> VariantTiming {
        let summary =
            Summary::of(&self.samples_ms).unwrap_or(Summary { median_ms: 0.0, min_ms: 0.0, max_ms: 0.0, runs: 0 });
        VariantTiming { threads, samples_ms: self.samples_ms, summary, correct: self.correct }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summary_of_odd_and_even_counts() {
        let odd = Summary::of(&[5.0, 1.0, 3.0]).unwrap();
        assert_eq!((odd.median_ms, odd.min_ms, odd.max_ms, odd.runs), (3.0, 1.0, 5.0, 3));
        let even = Summary::of(&[4.0, 1.0, 2.0, 3.0]).unwrap();
        assert_eq!(even.median_ms, 2.5);
        assert!(Summary::of(&[]).is_none());
    }

    #[test]
    fn speedup_and_efficiency() {
        let seq = Summary::of(&[100.0]).unwrap();
        let par = Summary::of(&[50.0]).unwrap();
        assert_eq!(speedup(&seq, &par), Some(2.0));
        assert_eq!(efficiency(2.0, 4), 0.5);
        assert_eq!(speedup(&seq, &Summary::of(&[0.0]).unwrap()), None);
    }
}
