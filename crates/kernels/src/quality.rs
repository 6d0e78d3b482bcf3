//! Whether a timed result can be trusted: every parlab page shares the same few cores with the
//! others and with every other program, so a timing is only as good as the conditions it was
//! taken in. The page records those conditions; this module turns them and the repeat times into
//! one mark per result and a sentence that says what to do about it.

use crate::stats::Summary;

/// The mark on one timed result, from most to least serious disturbance.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Quality {
    /// Nothing seen disturbed it.
    Clean,
    /// The run could not be kept apart from other parlab runs (no Web Locks), so another page's
    /// run may have shared its cores.
    Overlapped,
    /// The page was hidden during the run; browsers slow hidden pages down.
    Hidden,
    /// The repeats spread too far (see [`NOISY_SPREAD`]) for the median to be trusted.
    Noisy,
}

impl Quality {
    /// The name the page's `data-quality` and the exports use.
    pub fn name(self) -> &'static str {
        match self {
            Quality::Clean => "clean",
            Quality::Overlapped => "overlapped",
            Quality::Hidden => "hidden",
            Quality::Noisy => "noisy",
        }
    }
}

/// What the page saw while a run computed, apart from the times themselves.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct RunConditions {
    /// It held the one-run-at-a-time lock, so no other parlab run computed at the same time.
    pub kept_apart: bool,
    /// The page was hidden at some moment of the run.
    pub hidden: bool,
}

/// A result is noisy when its median is more than this fraction slower than its fastest repeat.
///
/// Why median against minimum, and not max/min: the table reports medians, and a disturbance
/// cannot make a repeat faster than the machine allows, so the fastest repeat is the best
/// estimate of the undisturbed time. One slow outlier among three or more repeats leaves the
/// median where it was, and the result stays trustworthy; a disturbance that slowed most
/// repeats moves the median, and that is what this measures. With two repeats the median is
/// their mean, so one slow repeat of the two counts.
pub const NOISY_SPREAD: f64 = 0.20;

/// Differences smaller than this are the clock's and the scheduler's jitter (waking a worker
/// takes a fraction of a millisecond), not a disturbance, however large as a fraction of a
/// very short run.
pub const JITTER_MS: f64 = 1.0;

/// How much slower the median repeat was than the fastest, as a fraction (0.38 = 38 %);
/// `None` with fewer than two repeats, where there is no spread to see.
pub fn spread(samples_ms: &[f64]) -> Option<f64> {
    let summary = Summary::of(samples_ms).filter(|s| s.runs >= 2 && s.min_ms > 0.0)?;
    Some((summary.median_ms - summary.min_ms) / summary.min_ms)
}

/// The mark of one result: the run's conditions first (they concern every row), then the
/// spread of this result's own repeats.
pub fn quality(samples_ms: &[f64], conditions: RunConditions) -> Quality {
    if !conditions.kept_apart {
        return Quality::Overlapped;
    }
    if conditions.hidden {
        return Quality::Hidden;
    }
    let noisy = Summary::of(samples_ms).is_some_and(|s| s.median_ms - s.min_ms > JITTER_MS)
        && spread(samples_ms).is_some_and(|spread| spread > NOISY_SPREAD);
    if noisy { Quality::Noisy } else { Quality::Clean }
}

/// What the verdict says about the marks of a run's results (`(variant, repeat times)` in table
/// order), with what to do; `None` when every result is clean.
pub fn advice(results: &[(&str, &[f64])], conditions: RunConditions) -> Option<String> {
    if !conditions.kept_apart {
        return Some(
            "This run could not be kept apart from other parlab runs: the browser gives this page no Web Locks (an old browser, a sandboxed frame, or a frame from another site whose storage the browser blocks). A run in another frame or tab may have shared the cores and slowed both; trust these numbers only if nothing else ran, or run again with one parlab page open."
                .to_owned(),
        );
    }
    if conditions.hidden {
        return Some(
            "The page was hidden during the run, and browsers slow hidden pages down: these times may be too long. Keep the page in view and run again."
                .to_owned(),
        );
    }
    let noisy: Vec<(&str, f64)> = results
        .iter()
        .filter(|(_, samples)| quality(samples, conditions) == Quality::Noisy)
        .filter_map(|&(variant, samples)| Some((variant, spread(samples)?)))
        .collect();
    let (worst_variant, worst) = noisy.iter().copied().max_by(|a, b| a.1.total_cmp(&b.1))?;
    let which = match noisy.len() {
        1 => format!("The repeats of {worst_variant} varied by {:.0} %", 100.0 * worst),
        n => format!("The repeats of {n} variants varied by up to {:.0} % ({worst_variant})", 100.0 * worst),
    };
    Some(format!(
        "{which} (median against fastest): something else used the CPU during the run, or the threads got in each other's way. Its figures are uncertain; close other busy programs and run again."
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    const APART: RunConditions = RunConditions { kept_apart: true, hidden: false };

    #[test]
    fn tight_repeats_are_clean() {
        assert_eq!(quality(&[100.0, 103.0, 101.0, 104.0, 102.0], APART), Quality::Clean);
        assert_eq!(advice(&[("parallel", &[100.0, 103.0, 101.0][..])], APART), None);
    }

    #[test]
    fn one_slow_outlier_leaves_the_median_and_the_mark_clean() {
        assert_eq!(quality(&[100.0, 101.0, 180.0], APART), Quality::Clean);
        assert_eq!(quality(&[100.0, 102.0, 101.0, 250.0, 103.0], APART), Quality::Clean);
        // With two repeats the median is their mean, which the outlier moves.
        assert_eq!(quality(&[100.0, 180.0], APART), Quality::Noisy);
    }

    #[test]
    fn a_wide_spread_is_noisy_and_the_advice_names_the_worst() {
        let wide = [100.0, 138.0, 150.0];
        assert_eq!(quality(&wide, APART), Quality::Noisy);
        assert!((spread(&wide).unwrap() - 0.38).abs() < 1e-9);
        let one = advice(&[("sequential", &[50.0, 51.0, 50.5][..]), ("parallel", &wide[..])], APART).unwrap();
        assert!(one.starts_with("The repeats of parallel varied by 38 %"), "{one}");
        assert!(one.contains("run again"), "{one}");
        let two = advice(&[("a", &[100.0, 125.0, 130.0][..]), ("b", &wide[..])], APART).unwrap();
        assert!(two.starts_with("The repeats of 2 variants varied by up to 38 % (b)"), "{two}");
    }

    #[test]
    fn a_single_repeat_has_no_spread_to_judge() {
        assert_eq!(spread(&[100.0]), None);
        assert_eq!(quality(&[100.0], APART), Quality::Clean);
        assert_eq!(quality(&[], APART), Quality::Clean);
    }

    #[test]
    fn jitter_on_very_short_runs_is_not_noise() {
        assert_eq!(quality(&[0.2, 0.5, 0.6], APART), Quality::Clean);
        assert_eq!(quality(&[2.0, 3.5, 3.6], APART), Quality::Noisy);
    }

    #[test]
    fn the_run_conditions_mark_every_row_before_the_spread() {
        let tight = [100.0, 101.0, 102.0];
        let wide = [100.0, 150.0, 160.0];
        let overlapped = RunConditions { kept_apart: false, hidden: true };
        let hidden = RunConditions { kept_apart: true, hidden: true };
        assert_eq!(quality(&tight, overlapped), Quality::Overlapped);
        assert_eq!(quality(&wide, hidden), Quality::Hidden);
        assert_eq!(quality(&tight, hidden), Quality::Hidden);
        assert!(advice(&[("x", &tight[..])], overlapped).unwrap().contains("could not be kept apart"));
        assert!(advice(&[("x", &tight[..])], hidden).unwrap().contains("hidden"));
        assert_eq!(
            [Quality::Clean, Quality::Overlapped, Quality::Hidden, Quality::Noisy].map(Quality::name),
            ["clean", "overlapped", "hidden", "noisy"]
        );
    }
}
