//! The `message-passing` variant of the map: k workers that share no memory with the page, as
//! Python's `Pool.map` runs processes. Each chunk of the input is copied to a worker in a
//! message and each result is copied back, as `Pool.map` pickles both ways.
//!
//! The browser side sends the messages (plain Web Workers running a JavaScript port of the
//! three workloads); this module keeps what is pure: the record of each chunk's round trip,
//! and the check of every returned value against the sequential Rust output.

use super::Span;
use crate::stats::{Timings, VariantTiming};

/// One chunk's round trip, on the clock all threads share (ms since the repeat began).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Trip {
    pub worker: usize,
    pub first: usize,
    pub len: usize,
    /// The page began copying the chunk into a message.
    pub sent_ms: f64,
    /// The worker had the chunk (it computes from here).
    pub received_ms: f64,
    /// The worker finished computing and began copying the result into a message.
    pub computed_ms: f64,
    /// The page had the result.
    pub returned_ms: f64,
}

impl Trip {
    /// The time spent copying: the chunk on its way there and the result on its way back.
    pub fn copy_ms(&self) -> f64 {
        (self.received_ms - self.sent_ms) + (self.returned_ms - self.computed_ms)
    }

    pub fn compute_ms(&self) -> f64 {
        self.computed_ms - self.received_ms
    }

    /// The computing, as a busy span of the worker's lane.
    pub fn compute_span(&self) -> Span {
        Span { thread: self.worker, began_ms: self.received_ms, ended_ms: self.computed_ms }
    }

    /// The two copies, as spans of the worker's lane.
    pub fn copy_spans(&self) -> [Span; 2] {
        [
            Span { thread: self.worker, began_ms: self.sent_ms, ended_ms: self.received_ms },
            Span { thread: self.worker, began_ms: self.computed_ms, ended_ms: self.returned_ms },
        ]
    }
}

/// How the workers' doubles stand for the outputs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Returned {
    /// The value itself (the JavaScript ports of the built-ins compute in doubles).
    Numbers,
    /// The output's 64 bits, copied byte for byte (a custom f's module writes the map's `u64`
    /// encoding, see [`crate::custom::Value::to_bits`]): no value is rounded on the way.
    Bits,
}

/// Checks the values a message-passing run returns against the sequential output, chunk by
/// chunk as they arrive, and times its repeats.
#[derive(Debug)]
pub struct MessagePassingCheck {
    reference: Vec<u64>,
    returned: Returned,
    /// Elements returned and checked in the current repeat.
    checked: usize,
    timings: Timings,
}

impl MessagePassingCheck {
    /// `reference`: the sequential output, `workload(i)` for every input `i`.
    pub fn new(reference: Vec<u64>, returned: Returned) -> Self {
        Self { reference, returned, checked: 0, timings: Timings::default() }
    }

    /// One returned chunk: `values[i]` must equal the reference at `first + i` exactly (a
    /// JavaScript port computes in doubles, exact below 2⁵³, which every built-in's values are;
    /// a custom f's bits are compared as they are).
    pub fn chunk(&mut self, first: usize, values: &[f64]) {
        let expected = self.reference.get(first..first.saturating_add(values.len()));
        let same = |r: u64, v: f64| match self.returned {
            Returned::Numbers => r as f64 == v,
            Returned::Bits => r == v.to_bits(),
        };
        let equal = expected.is_some_and(|expected| expected.iter().zip(values).all(|(&r, &v)| same(r, v)));
        self.timings.correct &= equal;
        self.checked += values.len();
    }

    /// The end of one timed repeat: it is correct only if every element came back once.
    pub fn repeat(&mut self, ms: f64) {
        self.timings.correct &= self.checked == self.reference.len();
        self.checked = 0;
        self.timings.push(ms);
    }

    /// The end of the untimed warm-up over the first `warmed` elements.
    pub fn warmed_up(&mut self, warmed: usize) {
        self.timings.correct &= self.checked == warmed;
        self.checked = 0;
    }

    pub fn finish(self, workers: usize) -> VariantTiming {
        self.timings.finish(workers)
    }
}

/// Time copying and time computing over a run's trips, summed over the workers.
pub fn copy_and_compute_ms(trips: &[Trip]) -> (f64, f64) {
    trips.iter().fold((0.0, 0.0), |(copy, compute), t| (copy + t.copy_ms(), compute + t.compute_ms()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::map::{Workload, inputs};

    fn reference(n: usize) -> Vec<u64> {
        inputs(n).into_iter().map(|x| Workload::Collatz.apply(x)).collect()
    }

    fn as_doubles(values: &[u64]) -> Vec<f64> {
        values.iter().map(|&v| v as f64).collect()
    }

    #[test]
    fn every_chunk_back_once_and_equal_is_correct() {
        let expected = reference(1000);
        let mut check = MessagePassingCheck::new(expected.clone(), Returned::Numbers);
        for first in (0..1000).step_by(300).rev() {
            let end = (first + 300).min(1000);
            check.chunk(first, &as_doubles(&expected[first..end]));
        }
        check.repeat(5.0);
        let timing = check.finish(2);
        assert!(timing.correct);
        assert_eq!((timing.threads, timing.samples_ms.len()), (2, 1));
    }

    #[test]
    fn a_wrong_value_a_lost_chunk_or_a_chunk_past_the_end_is_caught() {
        let expected = reference(100);
        let mut wrong = as_doubles(&expected);
        wrong[37] += 1.0;
        let mut check = MessagePassingCheck::new(expected.clone(), Returned::Numbers);
        check.chunk(0, &wrong);
        check.repeat(1.0);
        assert!(!check.finish(1).correct, "a wrong value");

        let mut lost = MessagePassingCheck::new(expected.clone(), Returned::Numbers);
        lost.chunk(0, &as_doubles(&expected[..50]));
        lost.repeat(1.0);
        assert!(!lost.finish(1).correct, "a chunk never returned");

        let mut past = MessagePassingCheck::new(expected.clone(), Returned::Numbers);
        past.chunk(90, &as_doubles(&expected[..20]));
        past.repeat(1.0);
        assert!(!past.finish(1).correct, "a chunk past the end");
    }

    #[test]
    fn a_trip_splits_into_copying_and_computing() {
        let trip =
            Trip { worker: 1, first: 0, len: 10, sent_ms: 1.0, received_ms: 3.0, computed_ms: 10.0, returned_ms: 14.0 };
        assert_eq!((trip.copy_ms(), trip.compute_ms()), (6.0, 7.0));
        assert_eq!(copy_and_compute_ms(&[trip, trip]), (12.0, 14.0));
        assert_eq!(trip.compute_span(), Span { thread: 1, began_ms: 3.0, ended_ms: 10.0 });
    }

    #[test]
    fn bits_are_compared_as_bits() {
        // An int past 2⁵³ and a float: both survive only as bits.
        let expected = vec![(1u64 << 60) + 1, 2.5f64.to_bits()];
        let as_bits: Vec<f64> = expected.iter().map(|&v| f64::from_bits(v)).collect();
        let mut check = MessagePassingCheck::new(expected.clone(), Returned::Bits);
        check.chunk(0, &as_bits);
        check.repeat(1.0);
        assert!(check.finish(1).correct);
        let mut rounded = MessagePassingCheck::new(expected.clone(), Returned::Bits);
        rounded.chunk(0, &[((1u64 << 60) + 1) as f64, 2.5]);
        rounded.repeat(1.0);
        assert!(!rounded.finish(1).correct, "a value instead of its bits");
    }
}
