//! What the tasks are: Mandelbrot rows, or hash loops whose lengths follow a shape (a triangle,
//! a heavy tail, all equal, one giant). Every task's result is deterministic, so each schedule's
//! results are compared with the sequential ones.

use std::sync::atomic::{AtomicU16, Ordering};

use crate::rng::SplitMix64;

/// The task costs to schedule (`work=`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Work {
    /// Task i is row i of a Mandelbrot image `tasks` rows high and twice as wide: rows through
    /// the set cost up to [`MAX_ITERATIONS`] per pixel, rows outside it a few.
    Mandelbrot,
    /// Task i costs ∝ i + 1: each block is heavier than the one before.
    Triangle,
    /// Seeded Pareto costs: most tasks small, a few very large.
    HeavyTail,
    /// Every task costs the same: the control.
    Uniform,
    /// One task, at a seeded place, costs 50× each of the others.
    OneGiant,
}

impl Work {
    pub const ALL: [Work; 5] = [Work::Mandelbrot, Work::Triangle, Work::HeavyTail, Work::Uniform, Work::OneGiant];

    /// The URL and form value.
    pub fn name(self) -> &'static str {
        match self {
            Work::Mandelbrot => "mandelbrot",
            Work::Triangle => "triangle",
            Work::HeavyTail => "heavy-tail",
            Work::Uniform => "uniform",
            Work::OneGiant => "one-giant",
        }
    }

    pub fn description(self) -> &'static str {
        match self {
            Work::Mandelbrot => "mandelbrot — one row of the image per task",
            Work::Triangle => "triangle — task i costs ∝ i",
            Work::HeavyTail => "heavy-tail — seeded Pareto costs, a few huge",
            Work::Uniform => "uniform — every task the same",
            Work::OneGiant => "one-giant — one task 50× the others",
        }
    }
}

/// Iterations at most per Mandelbrot pixel: enough for the set's edge to show in the picture,
/// few enough that the default 256 rows take about 25 ms on one native core.
pub const MAX_ITERATIONS: u16 = 256;

/// Hash-loop iterations shared by all the tasks of a synthetic workload, whatever `tasks` is:
/// more tasks make each smaller, so `tasks` changes how finely the work is cut, not how much
/// there is (about 25 ms on one native core).
pub const SYNTHETIC_UNITS: u64 = 16_000_000;

/// The giant's cost relative to each other task in [`Work::OneGiant`].
const GIANT_FACTOR: u64 = 50;

/// Pareto shape of [`Work::HeavyTail`]: below 2 the spread is huge, as with real request sizes.
const PARETO_ALPHA: f64 = 1.2;
/// The largest heavy-tail weight, so a single draw cannot hold almost all of the work.
const PARETO_CAP: f64 = 1_000.0;

/// The part of the complex plane the Mandelbrot image shows: real part across, imaginary part
/// down (row 0 at `top`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct View {
    pub left: f64,
    pub right: f64,
    pub top: f64,
    pub bottom: f64,
}

/// The default view is shifted up from the real axis, so the dense part of the set lies in
/// the lower half of the rows. The set is symmetric about the real axis: in the usual view,
/// centred on it (imaginary −0.75 … 0.75), `block` on 2 threads gives each thread one mirror
/// half of equal cost and looks perfectly balanced by accident (imbalance 1.00 by iteration
/// count, though 1.49 on 3 threads). Here the upper half holds the sparse top of the set and
/// `block` on 2 threads leaves one thread idle most of the run: imbalance 1.67 by iteration
/// count at 256 rows, so 40 % of the two threads' time is idle (42 % measured).
pub const VIEW: View = View { left: -2.2, right: 0.8, top: 1.2, bottom: -0.3 };

/// The tasks of one run: their shape and, for the synthetic workloads, each task's cost.
#[derive(Debug, Clone, PartialEq)]
pub struct Tasks {
    pub work: Work,
    /// Hash-loop iterations of each synthetic task; empty for [`Work::Mandelbrot`].
    costs: Vec<u64>,
    len: usize,
}

impl Tasks {
    /// `n` tasks of `work`; `seed` draws the heavy tail and the giant's place.
    pub fn new(work: Work, n: usize, seed: u64) -> Self {
        let weights: Vec<f64> = match work {
            Work::Mandelbrot => Vec::new(),
            Work::Triangle => (0..n).map(|i| (i + 1) as f64).collect(),
            Work::Uniform => vec![1.0; n],
            Work::HeavyTail => {
                let mut rng = SplitMix64::new(seed);
                (0..n)
                    .map(|_| {
                        // Uniform in (0, 1]: never 0, whose power would be infinite.
                        let u = ((rng.next_u64() >> 11) + 1) as f64 / (1u64 << 53) as f64;
                        u.powf(-1.0 / PARETO_ALPHA).min(PARETO_CAP)
                    })
                    .collect()
            }
            Work::OneGiant => {
                let giant = SplitMix64::new(seed).below(n.max(1));
                (0..n).map(|i| if i == giant { GIANT_FACTOR as f64 } else { 1.0 }).collect()
            }
        };
        let sum: f64 = weights.iter().sum();
        let costs = weights.iter().map(|w| ((SYNTHETIC_UNITS as f64 * w / sum) as u64).max(1)).collect();
        Self { work, costs, len: n }
    }

    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Pixels of the image a run writes: the Mandelbrot image, or none.
    pub fn pixels(&self) -> usize {
        if self.work == Work::Mandelbrot { self.len * width(self.len) } else { 0 }
    }

    /// Runs task `i`: a Mandelbrot row written into its row of `image` (whose result is the
    /// row's iteration count), or the hash loop of task i's cost.
    pub fn run(&self, i: usize, image: &[AtomicU16]) -> u64 {
        match self.work {
            Work::Mandelbrot => {
                let w = width(self.len);
                mandelbrot_row(i, self.len, &image[i * w..(i + 1) * w])
            }
            _ => spin(self.costs[i], i as u64),
        }
    }
}

/// The image's width for `rows` rows: twice as wide as high, as the view.
pub fn width(rows: usize) -> usize {
    2 * rows
}

/// Row `row` of the [`VIEW`] at `rows` rows into `out` (one entry per pixel: the iterations
/// before the point escaped, [`MAX_ITERATIONS`] inside the set); returns their sum, the row's
/// cost in iterations.
pub fn mandelbrot_row(row: usize, rows: usize, out: &[AtomicU16]) -> u64 {
    let View { left, right, top, bottom } = VIEW;
    let y = top + (bottom - top) * (row as f64 + 0.5) / rows as f64;
    let mut total = 0;
    for (column, pixel) in out.iter().enumerate() {
        let x = left + (right - left) * (column as f64 + 0.5) / out.len() as f64;
        let count = escape_time(x, y);
        pixel.store(count, Ordering::Relaxed);
        total += u64::from(count);
    }
    total
}

/// Iterations of z ← z² + c from 0 until |z| > 2, at most [`MAX_ITERATIONS`].
fn escape_time(cx: f64, cy: f64) -> u16 {
    let (mut x, mut y) = (0.0f64, 0.0f64);
    let mut count = 0;
    while count < MAX_ITERATIONS && x * x + y * y <= 4.0 {
        let next = x * x - y * y + cx;
        y = 2.0 * x * y + cy;
        x = next;
        count += 1;
    }
    count
}

/// `cost` rounds of a multiply–xorshift hash starting from `start`: a chain of dependent
/// operations that no compiler can shorten, so the time is proportional to `cost`.
pub fn spin(cost: u64, start: u64) -> u64 {
    let mut x = start ^ 0x9E37_79B9_7F4A_7C15;
    for _ in 0..cost {
        x = x.wrapping_mul(0x5851_F42D_4C95_7F2D).wrapping_add(0x1405_7B7E_F767_814F);
        x ^= x >> 29;
    }
    x
}

/// The Mandelbrot image of the sequential run, for the page to draw.
#[derive(Debug, Clone, PartialEq)]
pub struct Picture {
    pub width: usize,
    pub height: usize,
    /// Iterations per pixel, row by row; [`MAX_ITERATIONS`] means inside the set.
    pub iterations: Vec<u16>,
}
