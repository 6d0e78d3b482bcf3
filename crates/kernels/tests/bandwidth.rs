use std::num::NonZeroUsize;

use parlab_kernels::bandwidth::{STREAM_LEN, measure, square_bus_share, square_gbs, stream_len};
use parlab_kernels::clock::SystemClock;
use parlab_kernels::control::RunControl;

#[test]
fn copy_and_triad_give_positive_figures_on_one_and_on_k_threads() {
    let pool = rayon::ThreadPoolBuilder::new().num_threads(3).build().unwrap();
    for (threads, len) in [(1, 1 << 16), (3, (1 << 16) + 7), (3, 2)] {
        let bandwidth = pool
            .install(|| measure(NonZeroUsize::new(threads).unwrap(), len, &RunControl::new(1), &SystemClock::default()))
            .unwrap();
        assert_eq!(bandwidth.threads, threads);
        for gbs in [bandwidth.copy_gbs, bandwidth.triad_gbs] {
            assert!(gbs.is_finite() && gbs > 0.0, "{threads} threads over {len}: {gbs} GB/s");
        }
    }
}

#[test]
fn a_cancelled_measurement_stops() {
    let control = RunControl::new(1);
    control.cancel();
    let pool = rayon::ThreadPoolBuilder::new().num_threads(2).build().unwrap();
    assert!(
        pool.install(|| measure(NonZeroUsize::new(2).unwrap(), 1 << 10, &control, &SystemClock::default())).is_err()
    );
}

#[test]
fn square_moves_twelve_bytes_an_element() {
    assert!((square_gbs(10_000_000, 10.0) - 12.0).abs() < 1e-9);
}

#[test]
fn the_arrays_fit_an_eighth_of_the_memory_granted() {
    assert_eq!(stream_len(2 << 30), STREAM_LEN);
    let phone = stream_len(256 << 20);
    assert!(phone * 3 * 8 <= (256 << 20) / 8 && phone > 1 << 20, "{phone}");
}

#[test]
fn square_at_a_full_bus_shows_as_a_full_bus() {
    // Both kernels putting 32 GB/s on the bus: triad counts 24 of every 32 bytes, square 12 of 20.
    assert!((square_bus_share(32.0 * 12.0 / 20.0, 32.0 * 24.0 / 32.0) - 1.0).abs() < 1e-9);
    // Square counted at 60 % of triad's GB/s is 75 % of its traffic.
    assert!((square_bus_share(6.0, 10.0) - 0.75).abs() < 1e-9);
}
