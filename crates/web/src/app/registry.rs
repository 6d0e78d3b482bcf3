//! Every demo the page can show, in tab order: one line each, and the only list of demos. A demo
//! is its kernel module in parlab-kernels, its view module in `demos/`, its [`DemoEntry`] here,
//! and its line in [`view`], under the Cargo feature `demo-<name>` of the part of the build that
//! holds it.
//!
//! The app is built in parts (crates/web/Cargo.toml's `part-*` features, ARCHITECTURE.md says
//! why): each part is a wasm of its own with the shell and only its demos' views, and a page
//! loads the part of its demo. Every part lists every demo, for the tabs.

use std::num::NonZeroUsize;

use parlab_kernels::params::{Demo, PageState};

use crate::demos::{
    barrier, cpu_scheduling, io, levels, map, philosophers, pipeline, producer_consumer, race, schedule, sort,
    taskgraph,
};
use crate::platform::pool;
use crate::shell::demo::{DemoEntry, DemoViewFn};

pub const DEMOS: &[DemoEntry] = &[
    map::ENTRY,
    sort::ENTRY,
    philosophers::ENTRY,
    race::ENTRY,
    barrier::ENTRY,
    producer_consumer::ENTRY,
    pipeline::ENTRY,
    schedule::ENTRY,
    cpu_scheduling::ENTRY,
    io::ENTRY,
    taskgraph::ENTRY,
    levels::ENTRY,
];

/// What draws `demo`'s page, if this part of the build holds it: `None` in a part built without it
/// (its page loads another part: index.html picks a part by `?demo=`).
pub fn view(demo: Demo) -> Option<DemoViewFn> {
    match demo {
        #[cfg(feature = "demo-map")]
        Demo::Map => Some(map::view),
        #[cfg(feature = "demo-sort")]
        Demo::Sort => Some(sort::view),
        #[cfg(feature = "demo-philosophers")]
        Demo::Philosophers => Some(philosophers::view),
        #[cfg(feature = "demo-race")]
        Demo::Race => Some(race::view),
        #[cfg(feature = "demo-barrier")]
        Demo::Barrier => Some(barrier::view),
        #[cfg(feature = "demo-producer-consumer")]
        Demo::ProducerConsumer => Some(producer_consumer::view),
        #[cfg(feature = "demo-pipeline")]
        Demo::Pipeline => Some(pipeline::view),
        #[cfg(feature = "demo-schedule")]
        Demo::Schedule => Some(schedule::view),
        #[cfg(feature = "demo-cpu-scheduling")]
        Demo::CpuScheduling => Some(cpu_scheduling::view),
        #[cfg(feature = "demo-io")]
        Demo::Io => Some(io::view),
        #[cfg(feature = "demo-taskgraph")]
        Demo::TaskGraph => Some(taskgraph::view),
        #[cfg(feature = "demo-levels")]
        Demo::Levels => Some(levels::view),
        #[allow(unreachable_patterns)]
        _ => None,
    }
}

/// The entry of `demo`. Every [`Demo`] has one (a native test checks), so a missing one is a
/// build that must not ship, not a page that quietly shows another demo.
pub fn entry(demo: Demo) -> &'static DemoEntry {
    DEMOS
        .iter()
        .find(|entry| entry.demo == demo)
        .unwrap_or_else(|| panic!("no registry entry for demo={}", demo.name()))
}

/// The pool a page starts: what its demo asks for in this state.
pub fn pool_size_for(state: &PageState) -> NonZeroUsize {
    (entry(state.demo).pool_size)(pool::compute_threads(), state)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_demo_has_exactly_one_entry() {
        for demo in Demo::ALL {
            let entries = DEMOS.iter().filter(|entry| entry.demo == *demo).count();
            assert_eq!(entries, 1, "demo={} has {entries} registry entries", demo.name());
        }
        assert_eq!(DEMOS.len(), Demo::ALL.len());
    }

    /// The `part-*` features of crates/web/Cargo.toml, each with its `demo-*` names.
    fn parts() -> Vec<(String, Vec<String>)> {
        include_str!("../../Cargo.toml")
            .lines()
            .filter_map(|line| {
                let (name, list) = line.split_once(" = [")?;
                let demos = list.trim_end_matches(']').split(',').map(|d| d.trim().trim_matches('"').to_owned());
                name.starts_with("part-").then(|| (name.to_owned(), demos.filter(|d| !d.is_empty()).collect()))
            })
            .collect()
    }

    #[test]
    fn every_demo_is_in_exactly_one_part_and_every_part_is_built_by_default() {
        let parts = parts();
        assert!(parts.iter().any(|(name, _)| name == "part-core"), "Trunk builds part-core");
        for demo in Demo::ALL {
            let feature = format!("demo-{}", demo.name());
            let holders: Vec<_> =
                parts.iter().filter(|(_, demos)| demos.contains(&feature)).map(|(name, _)| name).collect();
            assert_eq!(holders.len(), 1, "{feature} is in {holders:?}");
            assert!(view(*demo).is_some(), "the default build draws demo={}", demo.name());
        }
    }
}
