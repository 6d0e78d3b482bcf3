//! `square` and `matvec` four elements at a time, in 128-bit SIMD lanes.
//!
//! Left to itself the compiler keeps both loops scalar in the wasm build (checked in the
//! module's text; ARCHITECTURE.md says how): square as one 64-bit load, multiply and store per
//! element, and matvec with a 64-bit remainder per matrix entry, which WebAssembly has no cheap
//! form of (no 64-bit multiply-high to divide by a constant), so the engine emits a division.
//!
//! The kernels are written once, against [`U32x4`]: in the page its operations are
//! `core::arch::wasm32` intrinsics (WebAssembly's `simd128`), natively they are the same
//! operations lane by lane. So the native tests run the kernels' own logic (the lanes, the tail,
//! the remainder by multiplication) against the scalar definitions in `map/mod.rs`, and every
//! run in the page checks the SIMD output against those definitions too (the spot checks).

use super::{MATVEC_COLS, square};

/// Elements a vector holds: four `u32` fill one 128-bit register.
const LANES: usize = 4;

/// `output[i] = input[i]²` for the common length of the two, four at a time.
pub fn square_into(input: &[u32], output: &mut [u64]) {
    let n = input.len().min(output.len());
    let mut inputs = input[..n].chunks_exact(LANES);
    let mut outputs = output[..n].chunks_exact_mut(LANES);
    for (x, o) in (&mut inputs).zip(&mut outputs) {
        U32x4::load(x).store_squares(o);
    }
    for (o, &x) in outputs.into_remainder().iter_mut().zip(inputs.remainder()) {
        *o = square(x);
    }
}

/// `output[k] = matvec_row(rows[k])` for the common length of the two.
pub fn matvec_into(rows: &[u32], output: &mut [u64]) {
    for (o, &i) in output.iter_mut().zip(rows) {
        *o = matvec_row_lanes(i);
    }
}

/// Row `i` of `y = A·x`, four columns at a time, equal to [`matvec_row`](super::matvec_row)
/// for every `i`.
///
/// `A[i][j] = (31·i + 17·j) mod 10` is `(r + 17·j) mod 10` with `r = i mod 10` (31 ≡ 1), which
/// stays below 1,081 for the 64 columns: small enough for 32-bit lanes, and for a remainder by
/// 10 computed as `v − 10·⌊v·6554 / 65536⌋` (exact for every `v` below 16,384). A row's sum is
/// at most 64 · 9 · 64, far inside a `u32` lane.
pub fn matvec_row_lanes(i: u32) -> u64 {
    const STEPS: u32 = MATVEC_COLS / LANES as u32;
    let r = U32x4::splat(i % 10);
    let mut j = U32x4::from_array([0, 1, 2, 3]);
    let mut sum = U32x4::splat(0);
    for _ in 0..STEPS {
        let v = r.add(j.mul(U32x4::splat(17)));
        let entry = v.sub(U32x4::splat(10).mul(v.mul(U32x4::splat(REMAINDER_MULTIPLIER)).shr16()));
        sum = sum.add(entry.mul(j.add(U32x4::splat(1))));
        j = j.add(U32x4::splat(LANES as u32));
    }
    u64::from(sum.lanes().iter().sum::<u32>())
}

/// ⌈65536 / 10⌉: `⌊v · 6554 / 65536⌋ = ⌊v / 10⌋` for every `v` below 16,384.
pub const REMAINDER_MULTIPLIER: u32 = 6554;

/// Four `u32` lanes, as WebAssembly's `v128` in the page.
#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
#[derive(Clone, Copy)]
struct U32x4(core::arch::wasm32::v128);

#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
impl U32x4 {
    fn load(x: &[u32]) -> Self {
        let x = &x[..LANES];
        // SAFETY: `x` is 16 readable bytes, and `v128.load` takes any alignment. (Building the
        // vector from the four elements instead compiles to four one-lane loads.)
        Self(unsafe { core::arch::wasm32::v128_load(x.as_ptr().cast()) })
    }
    fn splat(value: u32) -> Self {
        Self(core::arch::wasm32::u32x4_splat(value))
    }
    fn from_array([a, b, c, d]: [u32; LANES]) -> Self {
        Self(core::arch::wasm32::u32x4(a, b, c, d))
    }
    fn add(self, other: Self) -> Self {
        Self(core::arch::wasm32::u32x4_add(self.0, other.0))
    }
    fn sub(self, other: Self) -> Self {
        Self(core::arch::wasm32::u32x4_sub(self.0, other.0))
    }
    /// Lane-wise product, wrapping.
    fn mul(self, other: Self) -> Self {
        Self(core::arch::wasm32::u32x4_mul(self.0, other.0))
    }
    fn shr16(self) -> Self {
        Self(core::arch::wasm32::u32x4_shr(self.0, 16))
    }
    fn lanes(self) -> [u32; LANES] {
        use core::arch::wasm32::u32x4_extract_lane as lane;
        [lane::<0>(self.0), lane::<1>(self.0), lane::<2>(self.0), lane::<3>(self.0)]
    }
    /// Each lane squared into a `u64` (`i64x2.extmul_{low,high}_i32x4_u`: two instructions for
    /// four products), written to `out[..4]`.
    fn store_squares(self, out: &mut [u64]) {
        use core::arch::wasm32::{u64x2_extmul_high_u32x4, u64x2_extmul_low_u32x4, u64x2_extract_lane};
        let low = u64x2_extmul_low_u32x4(self.0, self.0);
        let high = u64x2_extmul_high_u32x4(self.0, self.0);
        out[..LANES].copy_from_slice(&[
            u64x2_extract_lane::<0>(low),
            u64x2_extract_lane::<1>(low),
            u64x2_extract_lane::<0>(high),
            u64x2_extract_lane::<1>(high),
        ]);
    }
}

/// Four `u32` lanes, one operation lane by lane: what the page's intrinsics compute.
#[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
#[derive(Clone, Copy)]
struct U32x4([u32; LANES]);

#[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
impl U32x4 {
    fn load(x: &[u32]) -> Self {
        Self([x[0], x[1], x[2], x[3]])
    }
    fn splat(value: u32) -> Self {
        Self([value; LANES])
    }
    fn from_array(lanes: [u32; LANES]) -> Self {
        Self(lanes)
    }
    fn zip(self, other: Self, op: impl Fn(u32, u32) -> u32) -> Self {
        Self(std::array::from_fn(|lane| op(self.0[lane], other.0[lane])))
    }
    fn add(self, other: Self) -> Self {
        self.zip(other, u32::wrapping_add)
    }
    fn sub(self, other: Self) -> Self {
        self.zip(other, u32::wrapping_sub)
    }
    fn mul(self, other: Self) -> Self {
        self.zip(other, u32::wrapping_mul)
    }
    fn shr16(self) -> Self {
        Self(self.0.map(|lane| lane >> 16))
    }
    fn lanes(self) -> [u32; LANES] {
        self.0
    }
    fn store_squares(self, out: &mut [u64]) {
        for (o, &x) in out[..LANES].iter_mut().zip(&self.0) {
            *o = u64::from(x) * u64::from(x);
        }
    }
}
