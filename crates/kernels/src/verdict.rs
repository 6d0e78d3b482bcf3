//! Words every demo's verdict needs: counts with the right noun ("1 thread", "2 threads"), ratios
//! said as "faster" or "slower", efficiency, the spread of repeats. Pure, so each wording is
//! tested natively; the page only shows the sentences.

use crate::params::group;
use crate::stats::Summary;

/// `n` and its noun, singular for exactly one: `count(1, "thread")` is "1 thread",
/// `count(200_000, "hand-out")` is "200,000 hand-outs". Nouns here take a plain "s".
pub fn count(n: usize, noun: &str) -> String {
    if n == 1 { format!("1 {noun}") } else { format!("{} {noun}s", group(n)) }
}

/// A ratio as the page prints it: two decimals below 10 (“2.28×”), whole above (“38×”).
pub fn times(ratio: f64) -> String {
    if ratio >= 10.0 { format!("{ratio:.0}×") } else { format!("{ratio:.2}×") }
}

/// A speedup (baseline time ÷ this time) as words: “2.28× faster”, and for a ratio under 1
/// “38× slower” (the inverse), never “0.03× faster”.
pub fn pace(speedup: f64) -> String {
    if speedup >= 1.0 || speedup <= 0.0 {
        format!("{} faster", times(speedup))
    } else {
        format!("{} slower", times(1.0 / speedup))
    }
}

/// Speedup per thread as a whole percentage, “57 %”; “under 1 %” rather than “0 %”.
pub fn efficiency_percent(speedup: f64, threads: usize) -> String {
    let percent = 100.0 * crate::stats::efficiency(speedup, threads);
    if percent > 0.0 && percent < 0.5 { "under 1 %".to_owned() } else { format!("{percent:.0} %") }
}

/// Half the min–max range of a result's repeats as a share of its median (0.4 = ±40 %); `None`
/// with fewer than two repeats or no positive median.
pub fn half_range(summary: &Summary) -> Option<f64> {
    (summary.runs >= 2 && summary.median_ms > 0.0)
        .then(|| (summary.max_ms - summary.min_ms) / (2.0 * summary.median_ms))
}

/// A duration in words, µs below a millisecond: “7 ns”, “250 µs”, “1.4 ms”, “53.8 ms”, “2.1 s”.
pub fn duration(ms: f64) -> String {
    if ms < 0.001 {
        format!("{:.0} ns", ms * 1e6)
    } else if ms < 1.0 {
        format!("{:.0} µs", ms * 1e3)
    } else if ms < 1000.0 {
        format!("{ms:.1} ms")
    } else {
        format!("{:.1} s", ms / 1000.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_are_singular_for_one_only() {
        assert_eq!(count(1, "thread"), "1 thread");
        assert_eq!(count(0, "thread"), "0 threads");
        assert_eq!(count(2, "repeat"), "2 repeats");
        assert_eq!(count(200_000, "hand-out"), "200,000 hand-outs");
    }

    #[test]
    fn ratios_under_one_are_slower() {
        assert_eq!(pace(2.2834), "2.28× faster");
        assert_eq!(pace(1.0), "1.00× faster");
        assert_eq!(pace(0.78), "1.28× slower");
        assert_eq!(pace(1.4 / 53.8), "38× slower");
        assert_eq!(efficiency_percent(2.28, 2), "114 %");
        assert_eq!(efficiency_percent(0.47 / 59.1, 2), "under 1 %");
    }

    #[test]
    fn spreads_and_durations() {
        let s = Summary { median_ms: 100.0, min_ms: 80.0, max_ms: 160.0, runs: 3 };
        assert_eq!(half_range(&s), Some(0.4));
        assert_eq!(half_range(&Summary { runs: 1, ..s }), None);
        assert_eq!(
            [0.000_007, 0.25, 1.4, 53.84, 2100.0].map(duration),
            ["7 ns", "250 µs", "1.4 ms", "53.8 ms", "2.1 s"].map(String::from)
        );
    }
}
