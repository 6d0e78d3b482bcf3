//! Amdahl's law, and its fit to a measured `chunks+kway` run.

use super::{Phase, Span};

/// Amdahl's law fitted to a run: `serial_ms` of work no second thread can help with (the k-way
/// merge), and `parallel_ms` of work that splits across threads (the chunk sorts, added up over
/// all threads). On T threads the run takes at least `serial_ms + parallel_ms / T`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct AmdahlModel {
    pub serial_ms: f64,
    pub parallel_ms: f64,
}

impl AmdahlModel {
    /// From the spans of a `chunks+kway` run: `None` if it recorded no merge.
    pub fn of(spans: &[Span]) -> Option<Self> {
        let total =
            |phase: Phase| spans.iter().filter(|s| s.phase == phase).map(|s| s.ended_ms - s.began_ms).sum::<f64>();
        let model = Self { serial_ms: total(Phase::KwayMerge), parallel_ms: total(Phase::ChunkSort) };
        // Too quick for the clock to see: no model rather than a division by zero.
        (model.serial_ms > 0.0 && model.parallel_ms > 0.0).then_some(model)
    }

    /// Amdahl's f: the serial share of the one-thread work.
    pub fn serial_fraction(&self) -> f64 {
        let work = self.serial_ms + self.parallel_ms;
        if work > 0.0 { self.serial_ms / work } else { 0.0 }
    }

    /// The predicted time on `threads` threads.
    pub fn time_ms(&self, threads: usize) -> f64 {
        self.serial_ms + self.parallel_ms / threads.max(1) as f64
    }
}

/// Amdahl's law: the speedup on `threads` threads of work whose serial fraction is `serial`.
pub fn amdahl(serial: f64, threads: usize) -> f64 {
    1.0 / (serial + (1.0 - serial) / threads.max(1) as f64)
}
