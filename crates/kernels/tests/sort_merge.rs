use std::collections::HashSet;
use std::num::NonZeroUsize;

use parlab_kernels::clock::SystemClock;
use parlab_kernels::control::RunControl;
use parlab_kernels::sort_merge::*;
use parlab_kernels::threads::with_threads;
use proptest::prelude::*;
use rayon::prelude::*;

fn nz(value: usize) -> NonZeroUsize {
    NonZeroUsize::new(value).unwrap()
}

fn sorted(mut values: Vec<u32>) -> Vec<u32> {
    values.sort_unstable();
    values
}

/// Runs `variant` on a copy of `input` and returns the sorted result.
fn sort_by(variant: Variant, input: &[u32], threads: usize) -> Vec<u32> {
    let mut data = input.to_vec();
    let mut scratch = vec![0; input.len()];
    let (result_in, _, _) = sort_with(variant, &mut data, &mut scratch, nz(threads), &SystemClock::default()).unwrap();
    match result_in {
        ResultIn::Data => data,
        ResultIn::Scratch => scratch,
    }
}

#[test]
fn generated_inputs_are_deterministic_and_shaped_as_named() {
    let make = |d, seed| {
        let mut v = vec![0; 10_000];
        generate_into(&mut v, d, seed);
        v
    };
    for d in Distribution::ALL {
        assert_eq!(make(d, 7), make(d, 7), "{d:?}");
    }
    assert_ne!(make(Distribution::Uniform, 1), make(Distribution::Uniform, 2));
    assert!(is_sorted(&make(Distribution::Sorted, 0)));
    assert!(make(Distribution::Reversed, 0).windows(2).all(|w| w[0] > w[1]));
    assert!(make(Distribution::FewUnique, 3).iter().collect::<HashSet<_>>().len() <= 16);
    let nearly = make(Distribution::NearlySorted, 3);
    let out_of_place = nearly.iter().enumerate().filter(|&(i, &v)| v != i as u32).count();
    assert!(out_of_place > 0 && out_of_place <= 2 * 10_000 / 100);
}

#[test]
fn chunk_bounds_tile_n_evenly() {
    assert_eq!(chunk_bounds(10, nz(3)), vec![0..3, 3..6, 6..10]);
    assert_eq!(chunk_bounds(2, nz(4)), vec![0..0, 0..1, 1..1, 1..2]);
    assert_eq!(chunk_bounds(0, nz(2)), vec![0..0, 0..0]);
}

#[test]
fn kway_heap_merge_of_no_runs_and_empty_runs() {
    let mut out: Vec<u32> = Vec::new();
    kway_heap_merge(&[], &mut out);
    kway_heap_merge(&[&[], &[]], &mut out);
    let mut out = vec![0; 3];
    kway_heap_merge(&[&[], &[1, 5], &[], &[2]], &mut out);
    assert_eq!(out, [1, 2, 5]);
}

#[test]
fn amdahl_model_splits_serial_and_parallel_work() {
    let span = |thread, phase, began_ms, ended_ms| Span { thread, phase, began_ms, ended_ms };
    let spans = [
        span(0, Phase::ChunkSort, 0.0, 30.0),
        span(1, Phase::ChunkSort, 0.0, 30.0),
        span(0, Phase::KwayMerge, 30.0, 50.0),
    ];
    let model = AmdahlModel::of(&spans).unwrap();
    assert_eq!((model.serial_ms, model.parallel_ms), (20.0, 60.0));
    assert_eq!(model.serial_fraction(), 0.25);
    assert_eq!(model.time_ms(2), 50.0);
    assert!(AmdahlModel::of(&spans[..2]).is_none());
}

#[test]
fn amdahl_bounds_the_speedup() {
    assert_eq!(amdahl(0.0, 4), 4.0);
    assert_eq!(amdahl(1.0, 4), 1.0);
    assert!((amdahl(0.25, 2) - 1.6).abs() < 1e-12);
}

#[test]
fn with_threads_confines_rayon_to_k_threads() {
    let pool = rayon::ThreadPoolBuilder::new().num_threads(4).build().unwrap();
    for k in 1..=5 {
        let used: HashSet<usize> = pool.install(|| {
            with_threads(nz(k), || {
                (0..200_000u64)
                    .into_par_iter()
                    .map(|i| {
                        std::hint::black_box((0..50).fold(i, |a, b| a.wrapping_mul(31).wrapping_add(b)));
                        rayon::current_thread_index().unwrap()
                    })
                    .collect()
            })
        });
        assert!(used.len() <= k.min(4), "k = {k}: {} threads", used.len());
    }
    // The pool is whole again afterwards: all 4 threads can work.
    let used: HashSet<usize> = pool.install(|| {
        (0..400_000u64)
            .into_par_iter()
            .map(|i| {
                std::hint::black_box((0..50).fold(i, |a, b| a.wrapping_mul(31).wrapping_add(b)));
                rayon::current_thread_index().unwrap()
            })
            .collect()
    });
    assert!(used.len() > 1);
}

#[test]
fn run_sort_times_every_variant_correctly_and_counts_progress() {
    let config = SortConfig {
        n: 100_000,
        distribution: Distribution::Uniform,
        seed: 42,
        threads: nz(4),
        repeats: nz(3),
        parallel: true,
    };
    let mut buffers = buffers(config.n);
    let control = RunControl::new(config.total_work());
    let report = run_sort(&config, &mut buffers, &control, &SystemClock::default()).unwrap();
    let names: Vec<&str> = report.variants.iter().map(|v| v.variant.name()).collect();
    assert_eq!(names, ["sequential", "chunks+kway", "chunks+tree", "chunks+split-merge", "chunks+radix", "rayon"]);
    assert!(report.variants.iter().all(|v| v.timing.correct && v.timing.summary.runs == 3));
    assert_eq!(control.fraction(), 1.0);
    // The input is back in `data` for the page's js variant, and the reference is its sort.
    let mut input = vec![0; config.n];
    generate_into(&mut input, config.distribution, config.seed);
    assert_eq!(buffers.data, input);
    assert_eq!(buffers.reference, sorted(input));
    // The tree records its phases: chunk sorts on several threads, then two merge rounds.
    let tree = report.variant(Variant::ChunksTree).unwrap();
    let labels: Vec<&str> = tree.strips.iter().map(|s| s.label.as_str()).collect();
    assert_eq!(labels.len(), 4, "{labels:?}");
    assert!(tree.spans.iter().filter(|s| s.phase == Phase::ChunkSort).count() == 4);
    assert!(tree.spans.iter().any(|s| s.phase == Phase::MergeRound(2)));
    let kway = report.variant(Variant::ChunksKway).unwrap();
    assert_eq!(kway.spans.iter().filter(|s| s.phase == Phase::KwayMerge).count(), 1);
    let model = report.kway_model().unwrap();
    assert!(model.serial_ms > 0.0 && model.parallel_ms > 0.0);
    assert!(model.serial_fraction() > 0.0 && model.serial_fraction() < 1.0);
    assert!(model.time_ms(2) < model.time_ms(1));
}

#[test]
fn run_sort_without_pool_runs_sequential_only() {
    let config = SortConfig {
        n: 1000,
        distribution: Distribution::Reversed,
        seed: 1,
        threads: nz(2),
        repeats: nz(2),
        parallel: false,
    };
    let mut buffers = buffers(config.n);
    let report =
        run_sort(&config, &mut buffers, &RunControl::new(config.total_work()), &SystemClock::default()).unwrap();
    assert_eq!(report.variants.len(), 1);
    assert!(report.variants[0].timing.correct);
}

#[test]
fn cancel_stops_a_sort_run() {
    let config = SortConfig {
        n: 10_000,
        distribution: Distribution::Uniform,
        seed: 1,
        threads: nz(2),
        repeats: nz(2),
        parallel: true,
    };
    let control = RunControl::new(config.total_work());
    control.cancel();
    let result = run_sort(&config, &mut buffers(config.n), &control, &SystemClock::default());
    assert!(result.is_err());
}

#[test]
fn sort_sweep_has_one_point_per_thread_count_for_each_parallel_variant() {
    let config = SortConfig {
        n: 20_000,
        distribution: Distribution::FewUnique,
        seed: 9,
        threads: nz(2),
        repeats: nz(1),
        parallel: true,
    };
    let counts = [nz(1), nz(2), nz(3)];
    let control = RunControl::new(sort_sweep_work(&config, &counts));
    let sweep = run_sort_sweep(&config, &counts, &mut buffers(config.n), &control, &SystemClock::default()).unwrap();
    assert_eq!(sweep.series.len(), 5);
    for (variant, points) in &sweep.series {
        assert_eq!(points.iter().map(|p| p.threads).collect::<Vec<_>>(), [1, 2, 3], "{variant:?}");
        assert!(points.iter().all(|p| p.correct));
    }
    assert!(sweep.kway_model.is_some());
    assert_eq!(control.fraction(), 1.0);
}

#[test]
fn sort_size_sweep_times_sequential_and_chunks_kway_at_every_size() {
    let config = SortConfig {
        n: 2_500,
        distribution: Distribution::Uniform,
        seed: 4,
        threads: nz(2),
        repeats: nz(1),
        parallel: true,
    };
    let control = RunControl::new(sort_size_sweep_work(&config));
    let sweep = run_sort_size_sweep(&config, &control, &SystemClock::default()).unwrap();
    assert_eq!(sweep.points.iter().map(|p| p.n).collect::<Vec<_>>(), [1_000, 2_000, 2_500]);
    assert_eq!(sweep.parallel_name, CROSSOVER_VARIANT.name());
    assert!(sweep.correct());
    assert_eq!(control.fraction(), 1.0);
}

fn sorted_vec() -> impl Strategy<Value = Vec<u32>> {
    proptest::collection::vec(0u32..50, 0..300).prop_map(sorted)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    #[test]
    fn every_variant_equals_sort(
        input in prop_oneof![
            proptest::collection::vec(any::<u32>(), 0..3),
            proptest::collection::vec(0u32..8, 0..2000),
            proptest::collection::vec(any::<u32>(), 0..5000),
        ],
        threads in 1usize..9,
    ) {
        let expected = sorted(input.clone());
        for variant in [Variant::Sequential, Variant::ChunksKway, Variant::ChunksTree, Variant::ChunksSplitMerge, Variant::ChunksRadix, Variant::Rayon] {
            prop_assert_eq!(&sort_by(variant, &input, threads), &expected, "{:?} with {} threads", variant, threads);
        }
    }

    #[test]
    fn every_variant_sorts_every_distribution(n in 0usize..3000, seed in any::<u64>(), threads in 1usize..7) {
        for distribution in Distribution::ALL {
            let mut input = vec![0; n];
            generate_into(&mut input, distribution, seed);
            let expected = sorted(input.clone());
            for variant in Variant::NATIVE_PARALLEL {
                prop_assert_eq!(&sort_by(variant, &input, threads), &expected);
            }
        }
    }

    #[test]
    fn radix_sort_equals_sort(input in prop_oneof![
        proptest::collection::vec(any::<u32>(), 0..3000),
        proptest::collection::vec(0u32..300, 0..3000),
        proptest::collection::vec(prop_oneof![Just(0u32), Just(u32::MAX), Just(1 << 24)], 0..100),
    ]) {
        let mut data = input.clone();
        let mut buffer = vec![0; data.len()];
        radix_sort(&mut data, &mut buffer);
        prop_assert_eq!(data, sorted(input));
    }

    #[test]
    fn merge_two_equals_sorting_both(a in sorted_vec(), b in sorted_vec()) {
        let mut out = vec![0; a.len() + b.len()];
        merge_two(&a, &b, &mut out);
        prop_assert_eq!(out, sorted([a, b].concat()));
    }

    #[test]
    fn split_merge_pieces_reassemble_the_merge(a in sorted_vec(), b in sorted_vec(), pieces in 1usize..9) {
        let mut whole = vec![0; a.len() + b.len()];
        merge_two(&a, &b, &mut whole);
        let mut out = vec![0; whole.len()];
        let parts = split_merge(&a, &b, nz(pieces));
        prop_assert_eq!(parts.len(), pieces);
        let mut covered = 0;
        for (ra, rb, ro) in parts {
            prop_assert_eq!(ro.start, covered);
            prop_assert_eq!(ra.len() + rb.len(), ro.len());
            covered = ro.end;
            merge_two(&a[ra], &b[rb], &mut out[ro]);
        }
        prop_assert_eq!(covered, whole.len());
        prop_assert_eq!(out, whole);
    }

    #[test]
    fn kway_heap_merge_equals_sorting_all_runs(runs in proptest::collection::vec(sorted_vec(), 0..10)) {
        let views: Vec<&[u32]> = runs.iter().map(Vec::as_slice).collect();
        let mut out = vec![0; runs.iter().map(Vec::len).sum()];
        kway_heap_merge(&views, &mut out);
        prop_assert_eq!(out, sorted(runs.concat()));
    }
}

#[test]
fn samples_and_bounds_of_large_arrays_stay_in_order() {
    // On wasm32, `i * len` overflowed usize from about 7 M elements; the arithmetic is u64 now.
    let data: Vec<u32> = (0..10_000_000).collect();
    let samples = sample(&data, STRIP_SAMPLES);
    assert!(samples.windows(2).all(|w| w[0] < w[1]));
    let bounds = chunk_bounds(100_000_000, nz(32));
    assert_eq!((bounds[0].start, bounds[31].end), (0, 100_000_000));
    assert!(bounds.windows(2).all(|w| w[0].end == w[1].start));
}

#[test]
fn progress_totals_do_not_overflow_at_the_largest_settings() {
    let config = SortConfig {
        n: MAX_N,
        distribution: Distribution::Uniform,
        seed: 0,
        threads: nz(32),
        repeats: nz(25),
        parallel: true,
    };
    let counts: Vec<NonZeroUsize> = (1..=32).map(nz).collect();
    assert_eq!(config.total_work(), 6 * (1_000_000 + 25 * 100_000_000));
    assert_eq!(sort_sweep_work(&config, &counts), (1 + 5 * 32) * (1_000_000 + 25 * 100_000_000));
}
