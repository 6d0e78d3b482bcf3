use parlab_kernels::map::{ChunkSize, MAX_CHUNKS, MAX_N, Workload};
use parlab_kernels::params::*;
use parlab_kernels::philosophers::Strategy;
use parlab_kernels::sort_merge::{self, Distribution};
use proptest::prelude::*;

mod query;

use query::{nz, parse_str};

#[test]
fn no_parameters_give_defaults_and_no_problems() {
    let parsed = parse_str("");
    assert_eq!(parsed.state, PageState::defaults(nz(4)));
    assert!(parsed.problems.is_empty());
    assert_eq!(parsed.state.map.n, 10_000_000);
    assert_eq!(parsed.state.map.threads, nz(4));
}

#[test]
fn valid_parameters_are_read() {
    let parsed = parse_str("demo=map&n=1_000&workload=collatz&threads=2&chunk=64&repeats=5&autorun=1");
    assert!(parsed.problems.is_empty(), "{:?}", parsed.problems);
    let map = parsed.state.map;
    assert_eq!(
        (map.n, map.workload, map.threads, map.chunk, map.repeats),
        (1000, Workload::Collatz.into(), nz(2), ChunkSize::Fixed(nz(64)), nz(5))
    );
    assert!(parsed.state.autorun);
}

#[test]
fn counts_accept_separators_and_suffixes() {
    assert_eq!(parse_count("10,000,000"), Ok(10_000_000));
    assert_eq!(parse_count("10M"), Ok(10_000_000));
    assert_eq!(parse_count("250k"), Ok(250_000));
    assert_eq!(parse_count(" 7 "), Ok(7));
    assert_eq!(parse_count("-3"), Err("is negative"));
    assert_eq!(parse_count("NaN"), Err("is not a whole number"));
    assert_eq!(parse_count("1e99"), Err("is not a whole number"));
    assert_eq!(parse_count("3.5"), Err("is not a whole number"));
    assert_eq!(parse_count(""), Err("is empty"));
    assert_eq!(parse_count("99999999999999999999999"), Ok(usize::MAX));
}

#[test]
fn hostile_values_become_problems_with_usable_state() {
    let parsed = parse_str("n=-5&workload=%3Cscript%3E&threads=0&chunk=NaN&repeats=1e9&demo=nope&autorun=maybe&x=1");
    let params: Vec<&str> = parsed.problems.iter().map(|p| p.param.as_str()).collect();
    assert_eq!(params, ["demo", "n", "workload", "threads", "repeats", "autorun", "x", "chunk"]);
    let state = parsed.state;
    assert_eq!(state.map.n, 10_000_000);
    assert_eq!(state.map.workload, Workload::Square);
    assert_eq!(state.map.threads, nz(1));
    assert_eq!(state.map.chunk, ChunkSize::Auto);
    assert_eq!(state.map.repeats, nz(3));
    assert!(!state.autorun);
}

#[test]
fn too_large_values_are_clamped_with_a_message_naming_the_limit() {
    let parsed = parse_str("n=999999999999&threads=64&repeats=1000");
    assert_eq!(parsed.state.map.n, MAX_N);
    assert_eq!(parsed.state.map.threads, nz(16));
    assert_eq!(parsed.state.map.repeats, nz(MAX_REPEATS));
    assert!(parsed.problems[0].message.contains("50,000,000"), "{}", parsed.problems[0]);
    assert!(parsed.problems[1].message.contains("16 threads"), "{}", parsed.problems[1]);
}

#[test]
fn map_and_sort_take_up_to_four_threads_per_core_and_at_most_64_others_their_pool() {
    let parsed = parse_str("demo=map&threads=16");
    assert!(parsed.problems.is_empty(), "{:?}", parsed.problems);
    assert_eq!(parsed.state.map.threads, nz(16));
    assert_eq!(parse_str("demo=sort&threads=12").state.sort.threads, nz(12));
    assert_eq!(parse_str("demo=race&threads=12").state.race.threads, nz(4));
    let many_cores = Limits::from(nz(32));
    assert_eq!(many_cores.max_oversubscribed_threads(), nz(MAX_OVERSUBSCRIBED_THREADS));
    let small_memory = Limits { max_threads: nz(4), memory_bytes: 64 << 20, measured_parallelism: None };
    assert_eq!(small_memory.max_oversubscribed_threads(), nz(4), "the stacks of more would take over an eighth");
}

#[test]
fn sweep_is_threads_unless_the_link_asks_for_n() {
    let state = parse_str("demo=map&sweep=n&n=1M").state;
    assert_eq!(state.map.sweep, parlab_kernels::scaling::SweepAxis::Size);
    assert!(state.share_query(false, false).contains(&("sweep", "n".to_owned())));
    let sort = parse_str("demo=sort&sweep=threads").state;
    assert_eq!(sort.sort.sweep, parlab_kernels::scaling::SweepAxis::Threads);
    assert!(!sort.share_query(false, false).iter().any(|(k, _)| *k == "sweep"));
    let wrong = parse_str("demo=sort&sweep=size");
    assert_eq!(wrong.problems[0].param, "sweep");
}

#[test]
fn chunk_is_checked_against_n_whatever_the_order() {
    let parsed = parse_str("chunk=1&n=50000000");
    let smallest = 50_000_000usize.div_ceil(MAX_CHUNKS);
    assert_eq!(parsed.state.map.chunk, ChunkSize::Fixed(nz(smallest)));
    assert_eq!(parsed.problems.len(), 1);
    assert_eq!(parse_str("chunk=0").state.map.chunk, ChunkSize::Auto);
    assert_eq!(parse_str("chunk=AUTO").problems.len(), 0);
    // A chunk larger than n is fine: one chunk.
    assert_eq!(parse_str("n=10&chunk=100").state.map.chunk, ChunkSize::Fixed(nz(100)));
}

#[test]
fn to_query_round_trips() {
    let parsed = parse_str("n=12345&workload=collatz&threads=3&chunk=99&repeats=2");
    let query = parsed.state.to_query();
    let again = parse(query.iter().map(|(k, v)| (*k, v.as_str())), nz(4));
    assert!(again.problems.is_empty());
    assert_eq!(again.state, parsed.state);
}

#[test]
fn gil_and_switch_round_trip_and_are_left_out_when_off() {
    let parsed = parse_str("workload=matvec&gil=1&switch=20");
    assert!(parsed.problems.is_empty());
    let map = parsed.state.map;
    assert_eq!((map.workload, map.gil, map.switch_ms), (Workload::Matvec.into(), true, 20));
    let query = parsed.state.to_query();
    assert!(query.contains(&("gil", "1".to_owned())) && query.contains(&("switch", "20".to_owned())));
    let again = parse(query.iter().map(|(k, v)| (*k, v.as_str())), nz(4));
    assert_eq!(again.state, parsed.state);
    let off = parse_str("workload=collatz").state.to_query();
    assert!(off.iter().all(|(key, _)| *key != "gil" && *key != "switch"));
}

#[test]
fn bad_gil_and_switch_get_a_message_and_a_usable_value() {
    let parsed = parse_str("gil=yes&switch=0");
    let params: Vec<&str> = parsed.problems.iter().map(|p| p.param.as_str()).collect();
    assert_eq!(params, ["gil", "switch"]);
    assert_eq!((parsed.state.map.gil, parsed.state.map.switch_ms), (false, 1));
    let long = parse_str("gil=1&switch=5000");
    assert_eq!(long.state.map.switch_ms, 1000);
    assert!(long.problems[0].message.contains("at most switch = 1,000"), "{}", long.problems[0].message);
}

#[test]
fn theme_is_read_kept_across_demos_and_written_only_when_not_auto() {
    let dark = parse_str("demo=race&theme=dark");
    assert_eq!(dark.state.theme, Theme::Dark);
    assert!(dark.state.to_query().contains(&("theme", "dark".to_owned())));
    assert!(dark.state.share_query(true, false).contains(&("theme", "dark".to_owned())));
    let switched = ParamEdit::new("demo", "map").apply(&dark.state, nz(4));
    assert_eq!(switched.state.theme, Theme::Dark);
    assert!(parse_str("").state.to_query().iter().all(|(key, _)| *key != "theme"));
    let bad = parse_str("theme=purple");
    assert_eq!((bad.state.theme, bad.problems[0].param.as_str()), (Theme::Auto, "theme"));
}

#[test]
fn group_separates_thousands() {
    assert_eq!(group(0), "0");
    assert_eq!(group(999), "999");
    assert_eq!(group(1000), "1,000");
    assert_eq!(group(50_000_000), "50,000,000");
}

#[test]
fn sort_parameters_are_read_and_checked() {
    let parsed = parse_str("demo=sort&n=2M&dist=few-unique&threads=3&seed=7&repeats=4&autorun=1");
    assert!(parsed.problems.is_empty(), "{:?}", parsed.problems);
    let sort = parsed.state.sort;
    assert_eq!(parsed.state.demo, Demo::Sort);
    assert_eq!(
        (sort.n, sort.distribution, sort.threads, sort.seed, sort.repeats),
        (2_000_000, Distribution::FewUnique, nz(3), 7, nz(4))
    );
    // Parameters of another demo are reported, whatever their order relative to `demo`.
    let parsed = parse_str("workload=collatz&demo=sort&n=999999999999&dist=zipf&seed=-1");
    let params: Vec<&str> = parsed.problems.iter().map(|p| p.param.as_str()).collect();
    assert_eq!(params, ["workload", "n", "dist", "seed"]);
    assert!(parsed.problems[0].message.contains("does not apply to the sort demo"), "{}", parsed.problems[0]);
    assert_eq!(parsed.state.sort.n, sort_merge::MAX_N);
    assert!(parsed.problems[1].message.contains("100,000,000"), "{}", parsed.problems[1]);
    assert_eq!(parsed.state.sort.distribution, Distribution::Uniform);
    assert_eq!(parsed.state.sort.seed, DEFAULT_SEED);
}

#[test]
fn sort_query_round_trips() {
    let parsed = parse_str("demo=sort&n=1234&dist=reversed&threads=2&seed=18446744073709551615&repeats=2");
    assert!(parsed.problems.is_empty(), "{:?}", parsed.problems);
    let query = parsed.state.to_query();
    assert_eq!(query[0], ("demo", "sort".to_owned()));
    let again = parse(query.iter().map(|(k, v)| (*k, v.as_str())), nz(4));
    assert_eq!(again.state, parsed.state);
}

#[test]
fn philosophers_parameters_are_read_checked_and_round_trip() {
    let parsed = parse_str(
        "demo=philosophers&philosophers=7&meals=30&strategy=naive&force-deadlock=1&seed=3&think=0&eat=5&jitter=0&autorun=1",
    );
    assert!(parsed.problems.is_empty(), "{:?}", parsed.problems);
    let dinner = parsed.state.philosophers;
    assert_eq!((dinner.philosophers, dinner.meals, dinner.strategy), (7, 30, Strategy::Naive));
    assert!(dinner.force_deadlock && !dinner.jitter && parsed.state.autorun);
    assert_eq!((dinner.seed, dinner.think_ms, dinner.eat_ms), (3, 0, 5));
    let again = parse(parsed.state.to_query().iter().map(|(k, v)| (*k, v.as_str())), nz(4));
    assert_eq!(again.state.philosophers, dinner);

    let bad = parse_str("demo=philosophers&philosophers=1&meals=0&strategy=dijkstra&force-deadlock=yes&think=1000&n=5");
    let params: Vec<&str> = bad.problems.iter().map(|p| p.param.as_str()).collect();
    assert_eq!(params, ["philosophers", "meals", "strategy", "force-deadlock", "think", "n"]);
    assert_eq!(bad.state.philosophers.philosophers, 2);
    assert_eq!(bad.state.philosophers.meals, 1);
    assert_eq!(bad.state.philosophers.think_ms, 100);
    let big = parse_str("demo=philosophers&philosophers=64");
    assert_eq!(big.state.philosophers.philosophers, 16);
}

proptest! {
    #[test]
    fn any_query_parses_to_a_state_within_limits(
        pairs in proptest::collection::vec(
            (prop_oneof![Just("n".to_owned()), Just("threads".to_owned()), Just("chunk".to_owned()), Just("repeats".to_owned()), Just("workload".to_owned()), Just("gil".to_owned()), Just("switch".to_owned()), Just("autorun".to_owned()), Just("dist".to_owned()), Just("seed".to_owned()), Just("demo".to_owned()), ".*"], prop_oneof![Just("sort".to_owned()), ".*"]),
            0..8,
        )
    ) {
        let parsed = parse(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())), nz(4));
        let map = parsed.state.map;
        prop_assert!(map.n <= MAX_N);
        prop_assert!(map.threads.get() <= 4 * OVERSUBSCRIPTION);
        prop_assert!(map.repeats.get() <= MAX_REPEATS);
        prop_assert!((1..=parlab_kernels::map::MAX_SWITCH_MS).contains(&map.switch_ms));
        let sort = parsed.state.sort;
        prop_assert!(sort.n <= sort_merge::MAX_N && sort.threads.get() <= 4 * OVERSUBSCRIPTION && sort.repeats.get() <= MAX_REPEATS);
        if let ChunkSize::Fixed(len) = map.chunk {
            prop_assert!(map.n.div_ceil(len.get()) <= MAX_CHUNKS);
        }
    }
}

#[test]
fn a_flood_of_bad_parameters_gives_a_short_list() {
    let query = "x&".repeat(100_000) + &(0..100).map(|i| format!("k{i}=1")).collect::<Vec<_>>().join("&");
    let parsed = parse_str(&query);
    assert_eq!(parsed.problems.len(), MAX_PROBLEMS + 1);
    assert_eq!(parsed.problems.iter().filter(|p| p.param == "x").count(), 1);
    assert!(parsed.problems.last().unwrap().message.starts_with("…and 81 more"), "{}", parsed.problems.last().unwrap());
}
