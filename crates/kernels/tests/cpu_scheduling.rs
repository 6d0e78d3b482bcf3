use parlab_kernels::cpu_scheduling::*;
use parlab_kernels::params::{Checker, DemoParams, Limits};
use proptest::prelude::*;

fn params(jobs: &str, policy: Policy) -> CpuSchedulingParams {
    let jobs = JobTable::parse(jobs).unwrap();
    CpuSchedulingParams { jobs, policy, ..CpuSchedulingParams::defaults(&Limits::largest()) }
}

/// The Gantt chart as (job, start, end), "idle" where the CPU idled.
fn gantt(schedule: &Schedule) -> Vec<(String, u32, u32)> {
    schedule.slices.iter().map(|s| (s.job.map_or("idle".to_owned(), |j| j.to_string()), s.start, s.end)).collect()
}

fn expect(slices: &[(&str, u32, u32)]) -> Vec<(String, u32, u32)> {
    slices.iter().map(|&(job, start, end)| (job.to_owned(), start, end)).collect()
}

fn row<'a>(schedule: &'a Schedule, name: &str) -> &'a JobRow {
    schedule.rows.iter().find(|r| r.name.as_str() == name).unwrap()
}

/// (waiting, turnaround) of each named job.
fn times(schedule: &Schedule, names: &[&str]) -> Vec<(u32, Option<u32>)> {
    names.iter().map(|name| row(schedule, name)).map(|r| (r.waiting, r.turnaround())).collect()
}

#[test]
fn the_seed_table_by_priority_gives_the_seed_schedule() {
    let defaults = CpuSchedulingParams::defaults(&Limits::largest());
    assert_eq!(defaults.jobs.to_string(), DEFAULT_JOBS);
    assert_eq!(defaults.policy, Policy::Priority);
    let schedule = simulate(&defaults);
    assert_eq!(gantt(&schedule), expect(&[("1", 0, 10), ("3", 10, 18), ("2", 18, 23)]));
    assert_eq!(times(&schedule, &["1", "2", "3"]), [(0, Some(10)), (18, Some(23)), (10, Some(18))]);
    assert_eq!(row(&schedule, "3").start, Some(10));
    let means = schedule.means.unwrap();
    assert_eq!(means.jobs, 3);
    assert!((means.waiting - 28.0 / 3.0).abs() < 1e-9 && (means.turnaround - 17.0).abs() < 1e-9);
    assert_eq!(schedule.longest_wait.map(|w| (w.job.to_string(), w.waited)), Some(("2".to_owned(), 18)));
    assert_eq!((schedule.starvation, schedule.horizon, schedule.unfinished, schedule.end), (None, None, 0, 23));
    assert_eq!(
        verdict(&schedule),
        "Under priority, the 3 jobs waited 9.3 ticks on average (turnaround 17.0); job 2 waited longest, 18 ticks."
    );
}

#[test]
fn fcfs_runs_in_arrival_order_and_idles_until_the_next_arrival() {
    // A arrives first and runs 0–4; B and C both arrive at 1, so table order puts B (4–7) before
    // C (7–8); nothing is ready until D arrives at 10: idle 8–10, D 10–12.
    // Waits: A 0, B 4−1 = 3, C 7−1 = 6, D 0.
    let schedule = simulate(&params("A:0:4:0,B:1:3:0,C:1:1:0,D:10:2:0", Policy::Fcfs));
    assert_eq!(gantt(&schedule), expect(&[("A", 0, 4), ("B", 4, 7), ("C", 7, 8), ("idle", 8, 10), ("D", 10, 12)]));
    assert_eq!(times(&schedule, &["A", "B", "C", "D"]), [(0, Some(4)), (3, Some(6)), (6, Some(7)), (0, Some(2))]);
}

#[test]
fn sjf_picks_the_shortest_arrived_burst_and_never_preempts() {
    // Only A has arrived at 0: it runs to its end, 0–6, though D (3) arrives at 3. At 6 the
    // bursts are B 8, C 7, D 3: D 6–9, C 9–16, B 16–24.
    // Waits: A 0, B 16−1 = 15, C 9−2 = 7, D 6−3 = 3; mean 25 / 4 = 6.25.
    let schedule = simulate(&params("A:0:6:0,B:1:8:0,C:2:7:0,D:3:3:0", Policy::Sjf));
    assert_eq!(gantt(&schedule), expect(&[("A", 0, 6), ("D", 6, 9), ("C", 9, 16), ("B", 16, 24)]));
    assert_eq!(times(&schedule, &["A", "B", "C", "D"]), [(0, Some(6)), (15, Some(23)), (7, Some(14)), (3, Some(6))]);
    assert_eq!(schedule.means.unwrap().waiting, 6.25);
}

#[test]
fn round_robin_puts_a_same_tick_arrival_before_the_preempted_job() {
    // Quantum 2. Queue after each decision, front first:
    //   0: A arrives, A runs 0–2.
    //   2: C arrives (joins [B]) before A's quantum ends and A goes to the back: [B, C, A]; B 2–4.
    //   4: B to the back: [C, A, B]; C runs 4–5 and finishes.
    //   5: [A, B]; A 5–7.   7: [B, A]; B 7–8, finishes.   8: A 8–9, finishes.
    // Waits: A 9−0−5 = 4, B 8−1−3 = 4, C 5−2−1 = 2.
    let mut p = params("A:0:5:0,B:1:3:0,C:2:1:0", Policy::RoundRobin);
    p.quantum = 2;
    let schedule = simulate(&p);
    assert_eq!(
        gantt(&schedule),
        expect(&[("A", 0, 2), ("B", 2, 4), ("C", 4, 5), ("A", 5, 7), ("B", 7, 8), ("A", 8, 9)])
    );
    assert_eq!(times(&schedule, &["A", "B", "C"]), [(4, Some(9)), (4, Some(7)), (2, Some(3))]);
}

#[test]
fn round_robin_gives_a_lone_job_quantum_after_quantum() {
    let mut p = params("A:0:5:0", Policy::RoundRobin);
    p.quantum = 2;
    assert_eq!(gantt(&simulate(&p)), expect(&[("A", 0, 5)]));
    assert_eq!(verdict(&simulate(&p)), "Under round-robin, the job waited 0 ticks (turnaround 5 ticks).");
}

#[test]
fn preemptive_priority_takes_the_cpu_only_for_a_strictly_higher_priority() {
    // A (1) runs 0–2; B (3) arrives at 2 and takes the CPU, 2–5; C (2) at 3 and D (3) at 4 do
    // not preempt B (D only ties). At 5: D (3) 5–6, C (2) 6–9, A (1) 9–12.
    let schedule = simulate(&params("A:0:5:1,B:2:3:3,C:3:3:2,D:4:1:3", Policy::PriorityPreemptive));
    assert_eq!(gantt(&schedule), expect(&[("A", 0, 2), ("B", 2, 5), ("D", 5, 6), ("C", 6, 9), ("A", 9, 12)]));
    // Non-preemptive, A keeps the CPU to 5; then B, D (3, B first by arrival), C.
    let schedule = simulate(&params("A:0:5:1,B:2:3:3,C:3:3:2,D:4:1:3", Policy::Priority));
    assert_eq!(gantt(&schedule), expect(&[("A", 0, 5), ("B", 5, 8), ("D", 8, 9), ("C", 9, 12)]));
}

#[test]
fn a_stream_starves_the_lowest_job_under_priority_and_aging_or_round_robin_rescue_it() {
    let with_stream = |policy| CpuSchedulingParams { stream: 4, ..params(DEFAULT_JOBS, policy) };
    for policy in [Policy::Priority, Policy::PriorityPreemptive] {
        let schedule = simulate(&with_stream(policy));
        assert_eq!(schedule.horizon, Some(HORIZON));
        assert_eq!(schedule.end, HORIZON);
        let starved = schedule.starvation.unwrap();
        assert_eq!((starved.job.as_str(), starved.waited, starved.others), ("2", HORIZON, 1), "{policy:?}");
        assert_eq!(row(&schedule, "2").start, None);
        assert_eq!(starved.sentence(), "job 2 waited 200 ticks and has not run");
        assert_eq!(
            verdict(&schedule),
            format!(
                "Under {}, job 2 waited 200 ticks and has not run, nor has 1 other job of the table: a job of \
                 higher priority was always ready. Priority-aging or round-robin would let it run.",
                policy.name()
            )
        );
    }
    // Priority still gives job 1 its seed start: 0–10, then the stream (priority 3) from tick 10.
    let schedule = simulate(&with_stream(Policy::Priority));
    assert_eq!(gantt(&schedule)[..3], expect(&[("1", 0, 10), ("s1", 10, 14), ("s2", 14, 18)]));
    assert_eq!(row(&schedule, "s1").priority, 3);
    for policy in [Policy::PriorityAging, Policy::RoundRobin] {
        let schedule = simulate(&with_stream(policy));
        assert_eq!(schedule.starvation, None, "{policy:?}");
        assert_eq!(schedule.unfinished, 0, "{policy:?}");
        assert!(row(&schedule, "2").finish.is_some_and(|f| f < HORIZON), "{policy:?}");
    }
    // Waiting 5 ticks raises a priority by 1: job 2 (0) passes the stream (3) after 20 ticks of
    // waiting, and nothing can take the CPU back from it before it ends.
    let aging = simulate(&with_stream(Policy::PriorityAging));
    assert_eq!(row(&aging, "2").start, Some(25));
    // With aging too slow to matter, it starves again, and the verdict says what to change.
    let slow = simulate(&CpuSchedulingParams { aging: MAX_AGING, ..with_stream(Policy::PriorityAging) });
    assert!(slow.starvation.is_some());
    assert!(verdict(&slow).ends_with("A smaller aging raises it sooner."), "{}", verdict(&slow));
}

#[test]
fn a_job_that_ran_but_did_not_finish_is_left_out_of_the_means_and_said_so() {
    // Round-robin with a stream of 1-tick jobs every tick: each turn goes to a newcomer too.
    let p = CpuSchedulingParams { stream: 1, quantum: 1, ..params("A:0:99:0,B:0:2:0", Policy::RoundRobin) };
    let schedule = simulate(&p);
    assert_eq!((schedule.unfinished, schedule.starvation), (1, None));
    assert_eq!(schedule.means.map(|m| m.jobs), Some(1));
    assert!(verdict(&schedule).contains("1 job of the table had not finished by tick 200 and is left out"));
}

#[test]
fn bad_jobs_name_the_entry_and_keep_the_table() {
    for (jobs, message) in [
        ("1:0:10:2,2:0", "jobs: entry 2 “2:0” needs name:arrival:burst:priority"),
        ("1:0:10:2,2:0:5:0,", "jobs: entry 3 “” needs name:arrival:burst:priority"),
        ("1:0:x:2", "jobs: entry 1 “1:0:x:2” has the burst “x”, which is not a whole number"),
        ("1:0:10:2,2:-1:5:0", "jobs: entry 2 “2:-1:5:0” has the arrival “-1”, which is negative"),
        ("1:0:-3:2", "jobs: entry 1 “1:0:-3:2” has the burst “-3”, which is negative"),
        ("1:0:0:2", "jobs: entry 1 “1:0:0:2” has the burst 0; burst is a whole number from 1 to 99"),
        ("1:0:5:2,1:3:4:0", "jobs: entry 2 “1:3:4:0” repeats the name 1 of entry 1"),
        ("a-b:0:1:1", "jobs: entry 1 “a-b:0:1:1” has the name “a-b”"),
        ("s1:0:1:1", "jobs: entry 1 “s1:0:1:1” is named s1, but s1, s2, … name the stream's jobs"),
        ("", "jobs is empty"),
    ] {
        let why = JobTable::parse(jobs).unwrap_err();
        assert!(why.starts_with(message), "{jobs}: {why}");
    }
    let many: Vec<String> = (0..27).map(|i| format!("j{i}:0:1:0")).collect();
    assert_eq!(JobTable::parse(&many.join(",")).unwrap_err(), "jobs has 27 entries; a table holds at most 26 jobs");
    assert_eq!(JobTable::parse(&many[..26].join(",")).unwrap().jobs().len(), 26);

    let mut p = params("A:0:4:1,B:2:3:0", Policy::Fcfs);
    let before = p;
    let mut check = Checker::default();
    for bad in ["1:0", "", "1:0:5:2,1:3:4:0"] {
        p.read("jobs", bad, &mut check, &Limits::largest());
        assert_eq!(p, before, "{bad}");
    }
}

#[test]
fn the_query_reproduces_the_parameters() {
    let limits = Limits::largest();
    let p = CpuSchedulingParams {
        quantum: 3,
        aging: 7,
        stream: 4,
        ..params(" A:0:4:1, b2:2:3:0 ,C:9:1:5", Policy::RoundRobin)
    };
    let query = p.to_query();
    assert_eq!(query[0], ("jobs", "A:0:4:1,b2:2:3:0,C:9:1:5".to_owned()));
    let mut read = CpuSchedulingParams::defaults(&limits);
    let mut check = Checker::default();
    for (key, value) in &query {
        read.read(key, value, &mut check, &limits);
    }
    assert_eq!(read, p);
    for policy in Policy::ALL {
        let mut read = CpuSchedulingParams::defaults(&limits);
        read.read("policy", policy.name(), &mut check, &limits);
        assert_eq!(read.policy, policy);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    /// Whatever the table and policy: the chart covers 0 … end without gaps, each finished job
    /// ran exactly its burst, waited turnaround − burst, and no job ran before it arrived.
    #[test]
    fn every_finished_job_runs_its_burst(
        table in prop::collection::vec((0u32..20, 1u32..12, 0u32..5), 1..8),
        policy in 0..Policy::ALL.len(),
        quantum in 1u32..5,
        aging in 1u32..8,
        stream in prop::sample::select(vec![0u32, 1, 3, 7]),
    ) {
        let jobs: Vec<String> =
            table.iter().enumerate().map(|(i, (a, b, p))| format!("j{i}:{a}:{b}:{p}")).collect();
        let p = CpuSchedulingParams { quantum, aging, stream, ..params(&jobs.join(","), Policy::ALL[policy]) };
        let schedule = simulate(&p);
        let mut at = 0;
        for slice in &schedule.slices {
            prop_assert_eq!(slice.start, at);
            prop_assert!(slice.end > slice.start);
            at = slice.end;
        }
        prop_assert_eq!(at, schedule.end);
        for row in &schedule.rows {
            let mine = schedule.slices.iter().filter(|s| s.job == Some(row.name));
            let ran: u32 = mine.clone().map(|s| s.end - s.start).sum();
            prop_assert_eq!(ran, row.ran);
            prop_assert!(mine.clone().all(|s| s.start >= row.arrival));
            prop_assert_eq!(row.start, mine.map(|s| s.start).min());
            if let Some(turnaround) = row.turnaround() {
                prop_assert_eq!(ran, row.burst);
                prop_assert_eq!(row.waiting, turnaround - row.burst);
            } else {
                prop_assert!(stream > 0 && ran < row.burst);
                prop_assert_eq!(row.waiting, HORIZON - row.arrival.min(HORIZON) - ran);
            }
        }
        prop_assert!(!verdict(&schedule).is_empty());
    }
}
