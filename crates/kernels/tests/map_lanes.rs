//! The SIMD lane kernels against their scalar twins: random inputs, the edges of `u32`, every
//! length from 0 to 64 and every start inside a vector (so the four-lane body and its scalar
//! tail both run, on slices that do not begin on a 16-byte boundary).

use parlab_kernels::map::lanes::{REMAINDER_MULTIPLIER, matvec_into, matvec_row_lanes, square_into};
use parlab_kernels::map::{matvec_row, square};
use proptest::prelude::*;

/// Edge values first, then a spread of ordinary ones.
fn adversarial() -> Vec<u32> {
    let mut values = vec![0, 1, 2, 9, 10, 11, 65_535, 65_536, u32::MAX / 31, u32::MAX - 1, u32::MAX];
    values.extend((0..200u32).map(|k| k.wrapping_mul(2_654_435_761)));
    values
}

#[test]
fn the_remainder_multiplier_divides_by_ten_exactly_below_16384() {
    for v in 0..16_384u32 {
        assert_eq!((v * REMAINDER_MULTIPLIER) >> 16, v / 10, "v = {v}");
    }
}

/// `lanes` against `scalar` over every slice of [`adversarial`] values of length 0 to 64 that
/// starts 0 to 3 elements in (so the four-lane body and its scalar tail both run, on slices that
/// do not begin on a 16-byte boundary).
fn at_every_length_and_start(lanes: fn(&[u32], &mut [u64]), scalar: fn(u32) -> u64) {
    let values = adversarial();
    for start in 0..4 {
        for len in 0..=64 {
            let input = &values[start..start + len];
            let mut output = vec![u64::MAX; len];
            lanes(input, &mut output);
            let expected: Vec<u64> = input.iter().map(|&x| scalar(x)).collect();
            assert_eq!(output, expected, "start {start}, length {len}");
        }
    }
}

#[test]
fn square_lanes_equal_the_scalar_square_at_every_length_and_start() {
    at_every_length_and_start(square_into, square);
}

#[test]
fn square_lanes_write_only_the_common_length() {
    let mut output = vec![7u64; 9];
    square_into(&[3, 4, 5, 6, 7], &mut output);
    assert_eq!(output, [9, 16, 25, 36, 49, 7, 7, 7, 7]);
    let mut short = vec![0u64; 2];
    square_into(&[3, 4, 5, 6, 7], &mut short);
    assert_eq!(short, [9, 16]);
}

#[test]
fn matvec_lanes_equal_the_scalar_row_at_the_edges() {
    for i in adversarial() {
        assert_eq!(matvec_row_lanes(i), matvec_row(i), "row {i}");
    }
}

#[test]
fn matvec_lanes_equal_the_scalar_row_at_every_length_and_start() {
    at_every_length_and_start(matvec_into, matvec_row);
}

proptest! {
    #[test]
    fn square_lanes_equal_the_scalar_square(input in proptest::collection::vec(any::<u32>(), 0..300)) {
        let mut output = vec![0; input.len()];
        square_into(&input, &mut output);
        prop_assert!(output.iter().zip(&input).all(|(&o, &x)| o == square(x)));
    }

    #[test]
    fn matvec_lanes_equal_the_scalar_row(i in any::<u32>()) {
        prop_assert_eq!(matvec_row_lanes(i), matvec_row(i));
    }
}
