//! The map verdict on a table of synthetic reports, each with the sentence it must give.

use std::num::NonZeroUsize;

use parlab_kernels::map::{
    ChunkRecord, ChunkSize, ChunkSummary, Evidence, MapConfig, MapReport, Workload, verdict, verdict_of,
};
use parlab_kernels::quality::Quality;
use parlab_kernels::stats::{Summary, VariantTiming};

fn timed(median_ms: f64, min_ms: f64, max_ms: f64, runs: usize) -> Summary {
    Summary { median_ms, min_ms, max_ms, runs }
}

fn flat(ms: f64, runs: usize) -> Summary {
    timed(ms, ms, ms, runs)
}

/// Two threads, 8 even chunks of `busy_each` ms each, nothing else.
fn even(span_ms: f64, busy_ms: f64) -> ChunkSummary {
    ChunkSummary { chunks: 8, threads_used: 2, top_share: 0.5, span_ms, busy_ms, ..ChunkSummary::default() }
}

fn evidence(workload: Workload, n: usize, threads: usize, chunk_len: usize, seq: Summary, par: Summary) -> Evidence {
    Evidence {
        workload: workload.into(),
        n,
        threads,
        chunk_len,
        sequential: seq,
        parallel: Some(par),
        correct: true,
        chunks: even(par.median_ms, 2.0 * par.median_ms),
        cores: Some(2),
        quality: Quality::Clean,
        bus_share: None,
    }
}

fn table() -> Vec<(&'static str, Evidence, &'static str)> {
    use Workload::{Collatz, Square};
    vec![
        (
            "chunk = 1: hand-outs, slower, no smaller chunks",
            Evidence {
                chunks: ChunkSummary {
                    chunks: 200_000,
                    threads_used: 2,
                    top_share: 0.5,
                    span_ms: 53.0,
                    startup_ms: 0.1,
                    between_ms: 60.0,
                    busy_ms: 45.0,
                    tail_ms: 0.2,
                },
                ..evidence(Square, 200_000, 2, 1, flat(1.4, 1), flat(53.8, 1))
            },
            "38× slower on 2 threads (1 % efficiency): the cost was the 200,000 hand-outs, not the work: each chunk of 1 element held about 7 ns of work, less than handing it out costs. Larger chunks (auto takes 25,000) pay it less often.",
        ),
        (
            "busy machine: one thread did everything, 1 repeat",
            Evidence {
                chunks: ChunkSummary {
                    chunks: 8,
                    threads_used: 1,
                    top_share: 1.0,
                    span_ms: 21.5,
                    startup_ms: 21.6,
                    between_ms: 0.1,
                    busy_ms: 21.3,
                    tail_ms: 0.0,
                },
                ..evidence(Square, 1_000_000, 2, 125_000, flat(50.2, 1), flat(22.0, 1))
            },
            "2.28× faster on 2 threads (114 % efficiency), yet one thread did 100 % of the elements, so the ideal was 1×. Faster than ideal means the sequential run was slowed (a busy machine) or a cache effect, and with 1 repeat there is no min–max spread to tell which: rerun with more repeats.",
        ),
        (
            "above ideal, the fastest repeats are not: noise",
            evidence(Collatz, 1_000_000, 2, 125_000, timed(300.0, 180.0, 420.0, 5), timed(100.0, 95.0, 110.0, 5)),
            "3.00× faster on 2 threads (150 % efficiency). Faster than ideal: the sequential run was slowed (its fastest repeat gives 1.89×); the min–max spread is ±40 %; rerun.",
        ),
        (
            "above ideal on tight repeats of square: a cache effect",
            evidence(Square, 1_000_000, 2, 125_000, timed(100.0, 98.0, 102.0, 5), timed(45.0, 44.0, 46.0, 5)),
            "2.22× faster on 2 threads (111 % efficiency). Faster than ideal on the fastest repeats too (±2 % spread): the threads spent 90.0 ms inside their chunks in all, against 100.0 ms for the same elements on one thread, so each element cost them less. A cache effect: the data sat in the caches differently for them than for the one sequential thread.",
        ),
        (
            "above ideal on tight repeats of square, the threads no quicker per element: not the caches",
            Evidence {
                chunks: even(45.0, 100.0),
                ..evidence(Square, 1_000_000, 2, 125_000, timed(100.0, 98.0, 102.0, 5), timed(45.0, 44.0, 46.0, 5))
            },
            "2.22× faster on 2 threads (111 % efficiency). Faster than ideal on the fastest repeats too (±2 % spread), though the threads spent as long inside their chunks as one thread on all the elements: something slowed every sequential repeat alike (another program, or the processor's clock); rerun.",
        ),
        (
            "above ideal on a hidden page: noise, whatever the repeats",
            Evidence {
                quality: Quality::Hidden,
                ..evidence(Square, 1_000_000, 2, 125_000, timed(100.0, 98.0, 102.0, 3), timed(45.0, 44.0, 46.0, 3))
            },
            "2.22× faster on 2 threads (111 % efficiency). Faster than ideal: the sequential run was slowed (its fastest repeat gives 2.23×); the min–max spread is ±2 %; rerun.",
        ),
        (
            "memory-bound square",
            Evidence {
                chunks: ChunkSummary { startup_ms: 0.2, tail_ms: 0.4, ..even(14.6, 29.0) },
                ..evidence(Square, 10_000_000, 2, 1_250_000, timed(20.0, 19.8, 20.3, 3), timed(15.0, 14.8, 15.3, 3))
            },
            "1.33× faster on 2 threads (67 % efficiency): squaring is one multiply per 12 bytes of memory traffic, so the shared memory bus, not the cores, set the pace. Try the collatz workload.",
        ),
        (
            "memory-bound square, the bus measured nearly full",
            Evidence {
                chunks: ChunkSummary { startup_ms: 0.2, tail_ms: 0.4, ..even(14.6, 29.0) },
                bus_share: Some(0.91),
                ..evidence(Square, 10_000_000, 2, 1_250_000, timed(20.0, 19.8, 20.3, 3), timed(15.0, 14.8, 15.3, 3))
            },
            "1.33× faster on 2 threads (67 % efficiency): squaring is one multiply per 12 bytes of memory traffic, and square kept the shared memory bus nearly full (91 % as busy as the memory's own measured best at the same k, below): the bus, not the cores, set the pace. Try the collatz workload.",
        ),
        (
            "square slowed together, though the bus measured with room left",
            Evidence {
                chunks: ChunkSummary { startup_ms: 0.2, tail_ms: 0.4, ..even(14.6, 29.0) },
                bus_share: Some(0.4),
                ..evidence(Square, 10_000_000, 2, 1_250_000, timed(20.0, 19.8, 20.3, 3), timed(15.0, 14.8, 15.3, 3))
            },
            "1.33× faster on 2 threads (67 % efficiency): the threads were evenly loaded yet slower together than alone, and not for want of memory: square kept the memory bus 40 % as busy as the memory's own measured best at the same k (below). Shared caches, another program, or two logical cores on one physical core.",
        ),
        (
            "clean collatz",
            evidence(Collatz, 10_000_000, 2, 1_250_000, flat(380.0, 3), flat(200.0, 3)),
            "1.90× faster on 2 threads (95 % efficiency): close to the ideal 2×, the work split cleanly.",
        ),
        (
            "k = 1",
            Evidence {
                chunks: ChunkSummary { chunks: 4, threads_used: 1, top_share: 1.0, ..even(388.0, 388.0) },
                ..evidence(Collatz, 1_000_000, 1, 250_000, flat(380.0, 1), flat(388.0, 1))
            },
            "1.02× slower on 1 thread (98 % efficiency): one thread does the sequential work plus 4 hand-outs, so it can at best match the sequential run; take k > 1 to share the work.",
        ),
        (
            "large chunks: idle threads at the end",
            Evidence {
                chunks: ChunkSummary {
                    chunks: 4,
                    top_share: 0.75,
                    startup_ms: 0.2,
                    tail_ms: 198.0,
                    ..even(299.0, 400.0)
                },
                ..evidence(Collatz, 1_000_000, 2, 250_000, flat(400.0, 3), flat(300.0, 3))
            },
            "1.33× faster on 2 threads (67 % efficiency): the threads sat idle 33 % of the run waiting for the last chunk (see the timeline). Smaller chunks balance the load better, at the cost of more hand-outs: Pool.map's chunksize trade-off.",
        ),
        (
            "one chunk for four threads",
            Evidence {
                chunks: ChunkSummary {
                    chunks: 1,
                    threads_used: 1,
                    top_share: 1.0,
                    span_ms: 0.55,
                    startup_ms: 0.01,
                    between_ms: 0.0,
                    busy_ms: 0.5,
                    tail_ms: 1.65,
                },
                ..evidence(Collatz, 1_000, 4, 1_000, flat(0.5, 3), flat(0.6, 3))
            },
            "1.20× slower on 4 threads (21 % efficiency): only 1 of the 4 threads got a chunk: there was 1 chunk. Use smaller chunks, so there are more chunks than threads.",
        ),
        (
            "tiny n: start-up",
            Evidence {
                chunks: ChunkSummary {
                    chunks: 8,
                    threads_used: 1,
                    top_share: 1.0,
                    span_ms: 0.05,
                    startup_ms: 0.06,
                    between_ms: 0.0,
                    busy_ms: 0.003,
                    tail_ms: 0.0,
                },
                ..evidence(Square, 1_000, 2, 125, flat(0.002, 3), flat(0.06, 3))
            },
            "30× slower on 2 threads (2 % efficiency): the cost was start-up: the threads waited 60 % of the run for their first chunk, against 2 µs of work in all. Too little work to share; threads pay off at larger n (a size sweep shows where).",
        ),
        (
            "more threads than measured cores",
            Evidence {
                chunks: ChunkSummary { chunks: 16, threads_used: 4, top_share: 0.25, ..even(209.0, 836.0) },
                ..evidence(Collatz, 1_000_000, 4, 62_500, flat(400.0, 3), flat(210.0, 3))
            },
            "1.90× faster on 4 threads (48 % efficiency): close to the ideal 2× of the 2 cores measured on this device; the other threads only took turns on them.",
        ),
        (
            "no pool",
            Evidence { parallel: None, ..evidence(Square, 1_000, 2, 125, flat(1.0, 3), flat(1.0, 3)) },
            "Only the sequential variant ran: this page has no thread pool (see the banner above).",
        ),
        (
            "wrong output",
            Evidence { correct: false, ..evidence(Square, 1_000, 2, 125, flat(1.0, 3), flat(1.0, 3)) },
            "The parallel output differs from the sequential one: this is a bug, please report it.",
        ),
    ]
}

#[test]
fn each_synthetic_report_gets_its_sentence() {
    let mut wrong = Vec::new();
    for (case, evidence, expected) in table() {
        let said = verdict(&evidence);
        if said != expected {
            wrong.push(format!("{case}:\n  said     {said}\n  expected {expected}"));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn the_rules_hold_on_every_row() {
    for (case, evidence, _) in table() {
        let said = verdict(&evidence);
        let s = evidence.parallel.map_or(1.0, |p| evidence.sequential.median_ms / p.median_ms);
        if evidence.chunks.top_share > 0.5 + 1e-9 {
            assert!(!said.contains("split cleanly"), "{case}: {said}");
        }
        if evidence.chunk_len == 1 {
            assert!(!said.to_lowercase().contains("smaller chunks"), "{case}: {said}");
        }
        if s < 1.0 {
            assert!(!said.contains("faster"), "{case}: {said}");
        }
        for plural_of_one in ["1 threads", "1 repeats", "1 cores", "1 chunks", "1 elements", "1 hand-outs"] {
            assert!(!said.contains(plural_of_one), "{case}: {said}");
        }
    }
}

#[test]
fn chunk_summary_splits_the_threads_time() {
    let chunk = |index, thread, began_ms, ended_ms| ChunkRecord {
        index,
        start: index * 10,
        len: 10,
        thread,
        began_ms,
        ended_ms,
    };
    // Thread 0 starts at once, thread 5 after 1 ms; thread 0 waits 2 ms at the end.
    let records = [chunk(0, 0, 0.0, 3.0), chunk(1, 5, 1.0, 4.0), chunk(2, 0, 3.5, 5.0), chunk(3, 5, 4.0, 7.0)];
    let s = ChunkSummary::of(&records, 2);
    assert_eq!((s.chunks, s.threads_used, s.top_share, s.span_ms), (4, 2, 0.5, 7.0));
    assert_eq!((s.startup_ms, s.between_ms, s.busy_ms, s.tail_ms), (1.0, 0.5, 10.5, 2.0));
    // A third thread that found the queue empty counts as start-up; with fewer chunks than
    // threads, a thread left without one counts as imbalance.
    assert_eq!(ChunkSummary::of(&records, 3).startup_ms, 8.0);
    assert_eq!(ChunkSummary::of(&records[..1], 2).tail_ms, 3.0);
}

#[test]
fn the_whole_report_is_read_through_its_chunk_records() {
    // The busy-machine run: 8 chunks, all on thread 1, one repeat.
    let config = MapConfig {
        n: 1_000_000,
        workload: Workload::Square.into(),
        threads: NonZeroUsize::new(2).unwrap(),
        chunk: ChunkSize::Auto,
        repeats: NonZeroUsize::MIN,
        parallel: true,
        gil_switch_ms: None,
    };
    let chunks = (0..8)
        .map(|i| ChunkRecord {
            index: i,
            start: i * 125_000,
            len: 125_000,
            thread: 1,
            began_ms: 2.7 * i as f64,
            ended_ms: 2.7 * (i + 1) as f64,
        })
        .collect();
    let timing = |ms: f64, threads| VariantTiming {
        threads,
        samples_ms: vec![ms],
        summary: Summary::of(&[ms]).unwrap(),
        correct: true,
    };
    let report = MapReport {
        config,
        sequential: timing(50.2, 1),
        parallel: Some(timing(22.0, 2)),
        chunks,
        warmup_chunks: Vec::new(),
        python_threads: None,
        gil_spans: Vec::new(),
        message_passing: None,
        trips: Vec::new(),
        bandwidth: None,
        compile_ms: None,
        output_digest: 0,
    };
    let said = verdict_of(&report, Some(2), Quality::Clean);
    assert!(said.starts_with("2.28× faster on 2 threads (114 % efficiency), yet one thread did 100 % of the elements, so the ideal was 1×."), "{said}");
    assert!(said.contains("with 1 repeat there is no min–max spread"), "{said}");
    assert!(!said.contains("split cleanly"), "{said}");
}
