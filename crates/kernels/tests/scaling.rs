//! The break-even finder of the size sweep on synthetic speedup curves.

use parlab_kernels::scaling::{break_even, crossover_verdict};

fn near(found: Option<f64>, expected: f64) -> bool {
    found.is_some_and(|n| (n - expected).abs() / expected < 0.02)
}

#[test]
fn one_crossing_is_interpolated_on_a_log_scale() {
    // From 0.5× at 1 000 to 1.5× at 100 000: 1× half-way in log n, at 10 000.
    assert!(near(break_even(&[(1_000, 0.5), (100_000, 1.5)]), 10_000.0));
    let curve = [(1_000, 0.2), (10_000, 0.6), (100_000, 1.4), (1_000_000, 1.9)];
    let n = break_even(&curve).unwrap();
    assert!((10_000.0..100_000.0).contains(&n), "{n}");
    assert!(crossover_verdict(&curve, 2).contains("paid off above about n ="));
}

#[test]
fn none_found_when_parallel_never_pays_off_or_always_did() {
    let never = [(1_000, 0.1), (10_000, 0.5), (100_000, 0.9)];
    assert_eq!(break_even(&never), None);
    assert!(crossover_verdict(&never, 2).contains("never paid off"));
    let always = [(1_000, 1.1), (10_000, 1.5)];
    assert_eq!(break_even(&always), None);
    assert!(crossover_verdict(&always, 2).contains("already at n = 1,000"));
    assert_eq!(break_even(&[]), None);
    assert_eq!(break_even(&[(1_000, 0.5)]), None);
}

#[test]
fn with_several_crossings_the_last_one_counts() {
    // Up at 2 000, down again at 10 000 (a size past a cache), up for good after 20 000.
    let curve =
        [(1_000, 0.8), (2_000, 1.1), (5_000, 1.05), (10_000, 0.9), (20_000, 0.95), (50_000, 1.3), (100_000, 1.6)];
    let n = break_even(&curve).unwrap();
    assert!((20_000.0..50_000.0).contains(&n), "{n}");
}

#[test]
fn noise_far_from_one_does_not_move_the_break_even() {
    let smooth = [(1_000, 0.3), (10_000, 0.7), (100_000, 1.3), (1_000_000, 1.8)];
    let noisy = [
        (1_000, 0.33),
        (2_000, 0.29),
        (10_000, 0.72),
        (20_000, 0.68),
        (100_000, 1.27),
        (200_000, 1.36),
        (1_000_000, 1.75),
    ];
    let (a, b) = (break_even(&smooth).unwrap(), break_even(&noisy).unwrap());
    assert!((20_000.0..100_000.0).contains(&b), "{b}");
    assert!((a / b - 1.0).abs() < 0.6, "{a} vs {b}");
}

#[test]
fn a_break_even_is_never_outside_the_sizes_timed() {
    for step in 1..50 {
        let s = step as f64 / 10.0;
        let curve = [(1_000, 0.5 * s), (10_000, s), (100_000, 1.5 * s)];
        if let Some(n) = break_even(&curve) {
            assert!((1_000.0..=100_000.0).contains(&n), "{s}: {n}");
        }
    }
}
