//! The page's state in its links: `embed`, the share links (exact and adaptive), the default
//! thread count against the measured parallelism, the limits from the memory granted, and edits
//! checked like links.

mod query;

use parlab_kernels::map::{MAX_N, Workload};
use parlab_kernels::params::*;
use parlab_kernels::sort_merge;
use query::{nz, parse_str};

#[test]
fn embed_is_read_kept_in_the_page_url_and_bad_values_are_reported() {
    let embedded = parse_str("demo=sort&n=1M&embed=1&autorun=1");
    assert!(embedded.problems.is_empty(), "{:?}", embedded.problems);
    assert!(embedded.state.embed);
    let query = embedded.state.to_query();
    assert!(query.contains(&("embed", "1".to_owned())), "{query:?}");
    assert!(!query.iter().any(|(k, _)| *k == "autorun"), "the page's own URL never autoruns: {query:?}");

    let bad = parse_str("embed=yes");
    assert!(!bad.state.embed);
    assert_eq!(bad.problems.len(), 1);
    assert_eq!(bad.problems[0].param, "embed");
    assert!(bad.problems[0].message.contains("is not 1 or 0"), "{}", bad.problems[0]);
}

#[test]
fn share_queries_reproduce_the_state_with_or_without_embed_and_autorun() {
    let state = parse_str("demo=map&n=2M&workload=collatz&threads=3&chunk=5000&repeats=2&embed=1").state;
    for (embed, autorun) in [(false, false), (false, true), (true, false), (true, true)] {
        let pairs = state.share_query(embed, autorun);
        let parsed = parse(pairs.iter().map(|(k, v)| (*k, v.as_str())), nz(4));
        assert!(parsed.problems.is_empty(), "{:?}", parsed.problems);
        assert_eq!(parsed.state.map, state.map);
        assert_eq!((parsed.state.embed, parsed.state.autorun), (embed, autorun), "{pairs:?}");
    }
    let full = state.share_query(false, false);
    assert!(!full.iter().any(|(k, _)| *k == "embed"), "the open-full link drops embed: {full:?}");
}

/// Every demo's parameters, `threads` included, come back from its exact share link; the
/// adaptive link leaves out only `threads`.
#[test]
fn every_demo_round_trips_its_exact_link_threads_included() {
    let queries = [
        "demo=map&n=2M&workload=collatz&threads=2&chunk=5000&repeats=2",
        "demo=sort&n=1M&dist=few-unique&threads=4&seed=7&repeats=1",
        "demo=race&n=1000000&threads=2&window=0&repeats=1",
        "demo=barrier&n=20000&steps=500&threads=3&repeats=1",
        "demo=philosophers&philosophers=5&meals=3&strategy=waiter",
        "demo=producer-consumer&producers=3&consumers=1&capacity=4",
        "demo=pipeline&workers=1,2,1,1",
    ];
    for query in queries {
        let state = parse_str(query).state;
        for (embed, autorun) in [(false, false), (true, true)] {
            let exact = state.share_query(embed, autorun);
            let back = parse(exact.iter().map(|(k, v)| (*k, v.as_str())), nz(4));
            assert!(back.problems.is_empty(), "{query}: {:?}", back.problems);
            assert_eq!(back.state, PageState { embed, autorun, ..state }, "{query} → {exact:?}");
            let threads = exact.iter().find(|(k, _)| *k == "threads").map(|(_, v)| v.clone());
            let adaptive = state.adaptive_share_query(embed, autorun);
            let mut expected: Vec<_> = exact.iter().filter(|(k, _)| *k != "threads").cloned().collect();
            expected.sort();
            let mut got = adaptive.clone();
            got.sort();
            assert_eq!(got, expected, "{query}");
            if state.demo.parameters().contains(&"threads") {
                assert!(threads.is_some(), "{query}: the exact link keeps threads: {exact:?}");
            }
        }
    }
}

#[test]
fn the_exact_link_keeps_the_default_thread_count() {
    // Issue 33: `threads=2` on a 2-core page was dropped as “the default”; an instructor pinning
    // k for a class lost it.
    let on_two = |query: &str| {
        let pairs: Vec<(&str, &str)> = query.split('&').map(|p| p.split_once('=').unwrap_or((p, ""))).collect();
        parse(pairs, nz(2)).state
    };
    let race = on_two("demo=race&n=1000000&threads=2&repeats=1");
    let link = race.share_query(false, false);
    assert!(link.contains(&("threads", "2".to_owned())), "{link:?}");
    // A state that never named threads shares its k too.
    let map = on_two("demo=map");
    assert!(map.share_query(false, false).contains(&("threads", "2".to_owned())));
    // The adaptive link opens with the visitor's default: every core of a 4-core device.
    let adaptive = map.adaptive_share_query(false, true);
    assert!(!adaptive.iter().any(|(k, _)| *k == "threads"), "{adaptive:?}");
    let on_four = parse(adaptive.iter().map(|(k, v)| (*k, v.as_str())), nz(4));
    assert!(on_four.problems.is_empty(), "{:?}", on_four.problems);
    assert_eq!(on_four.state.map.threads, nz(4));
    assert!(on_four.state.autorun);
}

#[test]
fn a_measurement_never_lowers_the_default_thread_count() {
    // A busy machine measured about 1 of its 2 cores; WebKit reported 4 cores on a 2-CPU
    // machine and measured 2. The default is the pool from the reported cores either way.
    for (pool, measured) in [(2, 1), (4, 2), (4, 8), (1, 1)] {
        let limits = Limits { measured_parallelism: Some(nz(measured)), ..Limits::from(nz(pool)) };
        assert_eq!(limits.default_threads(), nz(pool), "pool {pool}, measured {measured}");
        let state = parse(std::iter::empty(), limits).state;
        assert_eq!((state.map.threads, state.sort.threads), (nz(pool), nz(pool)));
        // Race and barrier need two threads for their lesson, even on one reported core.
        let lesson = nz(pool.max(2));
        assert_eq!((state.race.threads, state.barrier.threads), (lesson, lesson), "pool {pool}");
        assert_eq!((state.producer_consumer.producers, state.producer_consumer.consumers), (2, 2));
    }
}

#[test]
fn race_and_barrier_accept_two_threads_on_a_one_core_device() {
    for demo in ["race", "barrier"] {
        let parsed = parse([("demo", demo), ("threads", "2")], nz(1));
        assert!(parsed.problems.is_empty(), "{demo}: {:?}", parsed.problems);
        let threads = if demo == "race" { parsed.state.race.threads } else { parsed.state.barrier.threads };
        assert_eq!(threads, nz(2), "{demo}");
        let three = parse([("demo", demo), ("threads", "3")], nz(1));
        assert_eq!(three.problems.len(), 1, "{demo}: more than two is still more than the pool");
    }
}

#[test]
fn limits_follow_the_memory_the_browser_granted() {
    let full = Limits::from(nz(4));
    assert!(!full.is_reduced());
    assert_eq!(
        full.max_n(MAX_N, parlab_kernels::map::BYTES_PER_ELEMENT),
        MAX_N,
        "the full memory keeps today's limits"
    );
    assert_eq!(full.max_n(sort_merge::MAX_N, sort_merge::BYTES_PER_ELEMENT), sort_merge::MAX_N);

    let phone = Limits { max_threads: nz(4), memory_bytes: 256 << 20, measured_parallelism: None };
    assert!(phone.is_reduced());
    let map_max = phone.max_n(MAX_N, parlab_kernels::map::BYTES_PER_ELEMENT);
    assert!(map_max < DEFAULT_N && map_max > 1_000_000, "{map_max}");
    assert!((map_max * parlab_kernels::map::BYTES_PER_ELEMENT) as u64 + MEMORY_RESERVE_BYTES <= 256 << 20);

    // The defaults fit, without a problem; a larger n is refused naming the memory obtained.
    let defaults = parse(std::iter::empty(), phone);
    assert!(defaults.problems.is_empty());
    assert_eq!(defaults.state.map.n, map_max);
    let big = parse([("n", "10M")], phone);
    assert_eq!(big.state.map.n, map_max);
    assert_eq!(big.problems.len(), 1);
    assert!(big.problems[0].message.contains("256 MiB of memory this browser gave parlab"), "{}", big.problems[0]);
    let sort = parse([("demo", "sort"), ("n", "100M")], phone);
    assert_eq!(sort.state.sort.n, phone.max_n(sort_merge::MAX_N, sort_merge::BYTES_PER_ELEMENT));
    assert!(sort.problems[0].message.contains("MiB of memory this browser gave parlab"));

    assert!(Limits::max_compute_threads(FULL_MEMORY_BYTES) >= 32);
    assert!(Limits::max_compute_threads(256 << 20) >= 8);
}

#[test]
fn an_edit_replaces_its_parameter_and_is_checked_like_a_link() {
    let state = parse_str("demo=map&n=2M&workload=collatz&threads=3").state;
    let edited = ParamEdit::new("n", "5,000,000").apply(&state, nz(4));
    assert!(edited.problems.is_empty());
    assert_eq!(
        (edited.state.map.n, edited.state.map.workload, edited.state.map.threads),
        (5_000_000, Workload::Collatz.into(), nz(3))
    );

    let bad = ParamEdit::new("threads", "0").apply(&state, nz(4));
    assert_eq!(bad.state.map.threads, nz(1));
    assert_eq!(bad.problems.len(), 1);
    assert_eq!(bad.problems[0].param, "threads");

    // A switch of demo keeps nothing of the old demo's parameters.
    let sort = ParamEdit::new("demo", "sort").apply(&state, nz(4));
    assert!(sort.problems.is_empty(), "{:?}", sort.problems);
    assert_eq!(sort.state.demo, Demo::Sort);
}

#[test]
fn an_unreadable_edit_keeps_the_value_the_field_had_and_says_so() {
    let state = parse_str("demo=map&n=2M&workload=collatz").state;
    let typed = ParamEdit::new("n", "abc").apply(&state, nz(4));
    assert_eq!(typed.state.map.n, 2_000_000, "not the default");
    assert_eq!(typed.problems.len(), 1);
    assert!(typed.problems[0].message.ends_with("Using 2,000,000."), "{}", typed.problems[0].message);
    let workload = ParamEdit::new("workload", "cube").apply(&state, nz(4));
    assert_eq!(workload.state.map.workload, Workload::Collatz);
    // A link has no value before it: there the default is used.
    let link = parse_str("demo=map&n=abc");
    assert_ne!(link.state.map.n, 2_000_000);
    assert!(link.problems[0].message.contains("Using"));
}
