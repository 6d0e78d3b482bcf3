//! Every demo the page can show, in tab order: one line each, and the only list of demos. A demo
//! is its kernel module in parlab-kernels, its view module in `demos/`, and its [`DemoEntry`]
//! here.

use std::num::NonZeroUsize;

use parlab_kernels::params::{Demo, PageState};

use crate::demos::{
    barrier, cpu_scheduling, io, map, philosophers, pipeline, producer_consumer, race, schedule, sort, taskgraph,
};
use crate::platform::pool;
use crate::shell::demo::DemoEntry;

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
];

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
}
