//! Every demo the page can show, in tab order: one line each, and the only list of demos. A demo
//! is its kernel module in parlab-kernels, its view module in `demos/`, and its [`DemoEntry`]
//! here.

use std::num::NonZeroUsize;

use parlab_kernels::params::{Demo, PageState};

use crate::demos::{barrier, map, philosophers, pipeline, producer_consumer, race, sort};
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

    /// The rows of the README's URL parameter table, `| `key` | demos | values | default |`, as
    /// (keys, demos, the whole line).
    fn readme_rows() -> Vec<(String, String, String)> {
        let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../README.md")).unwrap();
        readme
            .lines()
            .filter_map(|line| {
                // `\|` inside a cell is an escaped bar, not a column.
                let cells: Vec<&str> = line.split(" |").map(|cell| cell.trim_matches(['|', ' '])).collect();
                (line.starts_with("| `") && cells.len() >= 4)
                    .then(|| (cells[0].to_owned(), cells[1].to_owned(), line.to_owned()))
            })
            .collect()
    }

    #[test]
    fn the_readme_documents_every_demo_and_its_parameters() {
        let rows = readme_rows();
        let (_, _, demo_row) = rows.iter().find(|(keys, ..)| keys == "`demo`").expect("the README has a `demo` row");
        for entry in DEMOS {
            let name = entry.demo.name();
            assert!(demo_row.contains(&format!("`{name}`")), "the README's `demo` row does not list `{name}`");
            for key in entry.demo.parameters() {
                let documented = rows.iter().any(|(keys, demos, _)| {
                    keys.contains(&format!("`{key}`")) && demos.split(", ").any(|demo| demo == name)
                });
                assert!(documented, "the README has no parameter row for `{key}` of demo `{name}`");
            }
        }
    }
}
