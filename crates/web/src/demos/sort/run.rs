//! A sort run off the UI thread: the Rust variants on a pool thread (or, without a pool, on the
//! page's own thread a sort at a time), then the browser's own sort in a worker.

use std::num::NonZeroUsize;

use parlab_kernels::clock::Clock;
use parlab_kernels::control::{Cancelled, RunControl, Stepwise};
use parlab_kernels::params::group;
use parlab_kernels::sort_merge::{self, SortBuffers, SortConfig, SortReport, Variant, VariantReport, VariantRun};
use parlab_kernels::stats::Timings;

use super::js_sort;
use crate::platform::clock::PerformanceClock;
use crate::platform::pool;
use crate::shell::runner::{RunError, run_on_ui_thread};

/// Progress units of the `js` variant: its warm-up and repeats, like the others'.
pub fn js_work(config: &SortConfig) -> u64 {
    (config.n.min(sort_merge::WARMUP_ELEMENTS) + config.repeats.get() * config.n) as u64
}

/// Largest n sorted on the page's own thread, when there is no pool: one sort call cannot be
/// cut into slices, and a sort of this size holds the page for a few tens of milliseconds.
const UI_THREAD_MAX_N: usize = 2_000_000;

/// Every variant: the Rust ones on a pool thread (or, without a pool, `sequential` on the UI
/// thread a sort at a time), then `js` in a worker of its own, on the same input.
pub async fn compare(config: SortConfig, control: RunControl) -> Result<SortReport, RunError> {
    if !config.parallel && config.n > UI_THREAD_MAX_N {
        return Err(RunError::Failed(format!(
            "Without a thread pool the sort runs on the page's own thread, and one sort of n = {} would freeze the page; here n is limited to {}. Serve the page cross-origin isolated (see the banner) for larger runs.",
            group(config.n),
            group(UI_THREAD_MAX_N)
        )));
    }
    let (mut report, mut buffers) = if config.parallel {
        let control = control.clone();
        pool::run(move || {
            let mut buffers = sort_merge::buffers(config.n);
            sort_merge::run_sort(&config, &mut buffers, &control, &PerformanceClock).map(|report| (report, buffers))
        })
        .await??
    } else {
        sequential_on_ui_thread(&config, &control).await?
    };
    report.variants.push(js_variant(&config, &mut buffers, &control).await?);
    Ok(report)
}

/// Without a pool: `sequential` on the UI thread, a sort at a time.
async fn sequential_on_ui_thread(
    config: &SortConfig,
    control: &RunControl,
) -> Result<(SortReport, SortBuffers), Cancelled> {
    let mut run = SteppedSort {
        run: VariantRun::new(Variant::Sequential, config, NonZeroUsize::MIN),
        buffers: sort_merge::buffers(config.n),
    };
    run_on_ui_thread(&mut run, control).await?;
    let SteppedSort { run, mut buffers } = run;
    sort_merge::generate_into(&mut buffers.data, config.distribution, config.seed);
    Ok((SortReport { config: *config, variants: vec![run.finish()] }, buffers))
}

/// One variant's runs with their buffers as a [`Stepwise`] run: a warm-up or a timed sort a
/// step (at most [`UI_THREAD_MAX_N`] elements, a few tens of milliseconds).
struct SteppedSort {
    run: VariantRun,
    buffers: SortBuffers,
}

impl Stepwise for SteppedSort {
    type Stop = Cancelled;

    fn is_done(&self) -> bool {
        self.run.is_done()
    }

    fn step(&mut self, control: &RunControl, clock: &dyn Clock) -> Result<(), Cancelled> {
        self.run.step(&mut self.buffers, control, clock)
    }
}

/// `js`: the input (left in `buffers.data`) sorted by the browser in a worker; the result is
/// compared with the reference like every other.
async fn js_variant(
    config: &SortConfig,
    buffers: &mut SortBuffers,
    control: &RunControl,
) -> Result<VariantReport, RunError> {
    let sorted = js_sort::sort_in_worker(&buffers.data, config.repeats.get(), control).await?;
    js_sort::copy_back(&sorted.sorted, &mut buffers.scratch).await;
    let mut timings = Timings::default();
    sorted.times_ms.iter().for_each(|&ms| timings.push(ms));
    timings.correct = equal_in_slices(&buffers.scratch, &buffers.reference).await;
    control.advance(js_work(config));
    Ok(VariantReport { variant: Variant::Js, timing: timings.finish(1), spans: Vec::new(), strips: Vec::new() })
}

/// `a == b`, compared a slice at a time with a turn for the browser in between.
async fn equal_in_slices(a: &[u32], b: &[u32]) -> bool {
    const SLICE: usize = 1 << 21;
    if a.len() != b.len() {
        return false;
    }
    for (x, y) in a.chunks(SLICE).zip(b.chunks(SLICE)) {
        if x != y {
            return false;
        }
        pool::yield_to_browser().await;
    }
    true
}
