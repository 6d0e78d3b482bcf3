//! The README's table of URL parameters is the public contract: it must list exactly the
//! parameters each demo reads, so the docs cannot drift from the code.

use std::collections::BTreeSet;

use parlab_kernels::params::Demo;

/// Parameters every demo reads besides its own.
const PAGE_PARAMETERS: [&str; 3] = ["autorun", "embed", "theme"];

fn readme_table() -> BTreeSet<(String, String)> {
    let readme = include_str!("../../../README.md");
    let table =
        readme.split("| parameter | demo | values | default |").nth(1).expect("the README has the parameter table");
    let mut pairs = BTreeSet::new();
    for row in table.lines().skip(2).take_while(|line| line.starts_with('|')) {
        let cells: Vec<&str> = row.split('|').map(str::trim).collect();
        let (names, demos) = (cells[1], cells[2]);
        let demos: Vec<String> = match demos {
            "" => continue, // `demo` itself
            "all" => Demo::ALL.iter().map(|d| d.name().to_owned()).collect(),
            listed => listed.split(',').map(|d| d.trim().to_owned()).collect(),
        };
        for name in names.split(',').map(|n| n.trim().trim_matches('`')) {
            for demo in &demos {
                pairs.insert((name.to_owned(), demo.clone()));
            }
        }
    }
    pairs
}

#[test]
fn the_readme_lists_exactly_the_parameters_each_demo_reads() {
    let code: BTreeSet<(String, String)> = Demo::ALL
        .iter()
        .flat_map(|demo| {
            demo.parameters()
                .iter()
                .chain(PAGE_PARAMETERS.iter())
                .map(move |p| ((*p).to_owned(), demo.name().to_owned()))
        })
        .collect();
    let readme = readme_table();
    let missing: Vec<_> = code.difference(&readme).collect();
    let extra: Vec<_> = readme.difference(&code).collect();
    assert!(missing.is_empty() && extra.is_empty(), "README lacks {missing:?}; README lists unknown {extra:?}");
}

#[test]
fn the_readme_demo_row_lists_every_demo() {
    let row = include_str!("../../../README.md")
        .lines()
        .find(|line| line.starts_with("| `demo` |"))
        .expect("the README's parameter table has a `demo` row");
    for demo in Demo::ALL {
        assert!(row.contains(&format!("`{}`", demo.name())), "the README's `demo` row does not list `{}`", demo.name());
    }
}
