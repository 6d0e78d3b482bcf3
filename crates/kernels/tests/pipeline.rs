use std::time::{Duration, Instant};

use parlab_kernels::clock::SystemClock;
use parlab_kernels::control::{Cancelled, RunControl};
use parlab_kernels::pipeline::*;
use parlab_kernels::producer_consumer::LaneKind;

fn pool() -> rayon::ThreadPool {
    rayon::ThreadPoolBuilder::new().num_threads(MAX_WORKERS + 1).build().unwrap()
}

fn params(n: usize, workers: [usize; 4], capacity: usize) -> PipelineParams {
    PipelineParams { n, workers: Workers(workers), capacity }
}

fn run(params: &PipelineParams, pool: &rayon::ThreadPool) -> Result<PipelineReport, Cancelled> {
    pool.install(|| run_pipeline(params, true, &RunControl::default(), &SystemClock::default()))
}

#[test]
fn every_shape_of_the_line_gives_the_sequential_sum() {
    let pool = pool();
    let expected: u64 = (0..5_000).map(through_every_stage).sum();
    for (n, workers, capacity) in [
        (5_000, [1, 1, 1, 1], 1),
        (5_000, [1, 2, 1, 1], 4),
        (5_000, [3, 4, 2, 2], 1),
        (5_000, [8, 1, 1, 6], 2),
        (5_000, [1, 8, 6, 1], 1024),
        (1, [2, 3, 2, 2], 1),
    ] {
        let label = format!("n = {n}, workers {workers:?}, capacity {capacity}");
        let report = run(&params(n, workers, capacity), &pool).unwrap();
        assert!(report.sequential.correct, "{label}");
        if n == 5_000 {
            assert_eq!(report.sum, expected, "{label}");
        }
        let pipeline = report.pipeline.as_ref().unwrap();
        assert!(pipeline.correct, "{label}: pipeline");
        assert!(report.data_parallel.as_ref().unwrap().correct, "{label}: data-parallel");
        assert_eq!(pipeline.threads, workers.iter().sum::<usize>(), "{label}");
        let run = report.run.as_ref().unwrap();
        assert_eq!(run.lanes.len(), workers.iter().sum::<usize>(), "{label}: a lane per worker");
        for (stage, &count) in workers.iter().enumerate() {
            assert_eq!(run.lanes.iter().filter(|l| l.stage == stage).count(), count, "{label}: stage {stage}");
        }
        // Every batch passes every stage once (the generators make them, the rest pass them on).
        let batches = n.div_ceil(BATCH);
        for stage in 0..4 {
            let worked: usize = run.lanes.iter().filter(|l| l.stage == stage).map(|l| l.batches).sum();
            assert_eq!(worked, batches, "{label}: batches worked in stage {stage}");
        }
        for (channel, depth) in run.depth.iter().enumerate() {
            assert!(depth.iter().all(|&(_, d)| d <= capacity), "{label}: channel {channel} over capacity");
            assert!(depth.windows(2).all(|w| w[0].0 <= w[1].0), "{label}: channel {channel} samples in time order");
        }
        for lane in &run.lanes {
            assert!(lane.spans.iter().all(|&(_, began, ended)| ended >= began), "{label}: {}", lane.label());
        }
    }
}

#[test]
fn with_one_worker_each_the_transform_stage_is_the_bottleneck_and_its_neighbours_wait() {
    let pool = pool();
    let report = run(&params(200_000, [1, 1, 1, 1], 4), &pool).unwrap();
    let run = report.run.unwrap();
    let line = params(200_000, [1, 1, 1, 1], 4);
    assert_eq!(run.bottleneck(&line), 1, "{:?}", run.stage_ms_per_worker(&line));
    // Upstream of the bottleneck the channel fills (generate waits for room); downstream the
    // filter waits for batches.
    let waited = |stage: usize, kind: LaneKind| run.lanes[stage].spans.iter().any(|&(k, _, _)| k == kind);
    assert!(waited(0, LaneKind::WaitingFull), "generate waited for room");
    assert!(waited(2, LaneKind::WaitingEmpty), "filter waited for batches");
}

#[test]
fn workers_are_read_and_bad_ones_explained() {
    assert_eq!(Workers::parse("1,2,1,1"), Ok(Workers([1, 2, 1, 1])));
    assert_eq!(Workers::parse(" 2, 8 ,1,1"), Ok(Workers([2, 8, 1, 1])));
    assert_eq!(Workers::DEFAULT.to_string(), "1,2,1,1");
    let why = |text: &str| Workers::parse(text).unwrap_err();
    assert!(why("1,2,1").contains("one count per stage"), "{}", why("1,2,1"));
    assert!(why("1,0,1,1").contains("transform stage needs 1 … 8 workers"), "{}", why("1,0,1,1"));
    assert!(why("1,9,1,1").contains("1 … 8"), "{}", why("1,9,1,1"));
    assert!(why("1,x,1,1").contains("transform stage's count"), "{}", why("1,x,1,1"));
    assert!(why("8,8,1,1").contains("at most 16"), "{}", why("8,8,1,1"));
    assert!(why("").contains("one count per stage"));
}

#[test]
fn cancel_stops_every_row_quickly_and_the_pool_stays_usable() {
    let pool = pool();
    // Early: in the sequential row; later, with a shorter line: most likely in the threads.
    for (n, after) in [(MAX_N, Duration::from_millis(30)), (400_000, Duration::from_millis(900))] {
        let long = params(n, [1, 2, 1, 1], 2);
        let control = RunControl::default();
        let stopped_within = std::thread::scope(|s| {
            let run = s.spawn(|| pool.install(|| run_pipeline(&long, true, &control, &SystemClock::default())));
            std::thread::sleep(after);
            let clicked = Instant::now();
            control.cancel();
            assert_eq!(run.join().unwrap().unwrap_err(), Cancelled);
            clicked.elapsed()
        });
        assert!(
            stopped_within < Duration::from_millis(500),
            "cancelled after {after:?}: stopped after {stopped_within:?}"
        );
        assert!(run(&params(3_000, [2, 2, 2, 2], 1), &pool).unwrap().pipeline.unwrap().correct);
    }
}
