//! Cuts the kernel items that the code panels show out of parlab-kernels' sources, at build
//! time. The page then carries those items only, not whole files, and a signature that no
//! longer matches its source fails the build instead of leaving a blank panel.

use std::fmt::Write;
use std::path::Path;

/// (constant, file under crates/kernels/src, the text an item starts with).
const ITEMS: &[(&str, &str, &str)] = &[
    ("MAP_INTO", "map/mod.rs", "pub fn map_into("),
    ("MAP_PARALLEL", "map/mod.rs", "pub fn map_parallel("),
    ("ELEMENT_FN", "map/function.rs", "pub trait ElementFn"),
    ("MATRIX_ENTRY", "map/mod.rs", "pub fn matrix_entry("),
    ("MATVEC_ROW", "map/mod.rs", "pub fn matvec_row("),
    ("SQUARE_LANES", "map/lanes.rs", "pub fn square_into("),
    ("MATVEC_ROW_LANES", "map/lanes.rs", "pub fn matvec_row_lanes("),
    ("MAP_PYTHON_THREADS", "map/python_threads.rs", "pub fn map_python_threads("),
    ("RACE_UNSYNCHRONIZED", "race/mod.rs", "Variant::Unsynchronized => {"),
    ("RACE_LOCAL", "race/mod.rs", "Variant::Local => {"),
    ("BARRIER_SPAWN_PER_STEP", "barrier/experiment.rs", "Variant::SpawnPerStep => {"),
    ("STEP_BARRIER_WAIT", "barrier/step_barrier.rs", "pub fn wait("),
    ("PC_PRODUCE", "producer_consumer/roles.rs", "pub(super) fn produce("),
    ("PC_CONSUME", "producer_consumer/roles.rs", "pub(super) fn consume("),
    ("PC_PRODUCE_WITH_CONDITION", "producer_consumer/roles.rs", "pub(super) fn produce_with_condition("),
    ("PC_CONSUME_WITH_CONDITION", "producer_consumer/roles.rs", "pub(super) fn consume_with_condition("),
    ("PIPELINE_STAGE", "pipeline/experiment.rs", "fn work(&self, stage: usize"),
    ("KWAY_HEAP_MERGE", "sort_merge/algorithms.rs", "pub fn kway_heap_merge("),
    ("MERGE_TWO", "sort_merge/algorithms.rs", "pub fn merge_two("),
    ("CO_RANK", "sort_merge/algorithms.rs", "pub fn co_rank("),
    ("TREE_MERGE", "sort_merge/variants.rs", "fn tree_merge("),
    ("RADIX_SORT", "sort_merge/algorithms.rs", "pub fn radix_sort("),
    ("EAT_WITH_LOCKS", "philosophers/table/mod.rs", "fn eat_with_locks("),
    ("PICK_UP", "philosophers/table/mod.rs", "fn pick_up("),
    ("WATCH", "philosophers/table/watchdog.rs", "pub(super) fn watch("),
    ("SCHEDULE", "schedule/schedulers.rs", "pub fn schedule("),
    ("SCHEDULE_TAKE", "schedule/schedulers.rs", "fn take("),
    ("TASKGRAPH_WORK", "taskgraph/scheduler.rs", "fn work(&self, thread: usize)"),
    ("TASKGRAPH_RUN", "taskgraph/scheduler.rs", "pub fn run_scheduled("),
    ("CPU_CHOOSE", "cpu_scheduling/simulate.rs", "fn choose(&mut self"),
    ("IO_LOOP_STEP", "io/event_loop.rs", "fn step(&mut self"),
    ("IO_PYTHON_THREADS", "io/threaded.rs", "pub(super) fn python_threads("),
];

/// The item that starts with `signature` in `source`, up to its closing brace at the same
/// indentation as its first line, with that indentation removed.
fn item(source: &str, signature: &str) -> Option<String> {
    let at = source.find(signature)?;
    let line_start = source[..at].rfind('\n').map_or(0, |i| i + 1);
    let indent = &source[line_start..at];
    let indent = &indent[..indent.len() - indent.trim_start().len()];
    let rest = &source[line_start..];
    let end = rest.find(&format!("\n{indent}}}\n"))? + indent.len() + 2;
    Some(rest[..end].lines().map(|line| line.strip_prefix(indent).unwrap_or(line)).collect::<Vec<_>>().join("\n"))
}

fn main() {
    let kernels = Path::new(env!("CARGO_MANIFEST_DIR")).join("../kernels/src");
    let mut out = String::from("// Written by build.rs: kernel items shown in the code panels.\n");
    for (name, file, signature) in ITEMS {
        let path = kernels.join(file);
        println!("cargo:rerun-if-changed={}", path.display());
        let source = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let Some(text) = item(&source, signature) else {
            panic!("crates/kernels/src/{file} has no item starting with `{signature}` (build.rs shows it as {name})")
        };
        writeln!(out, "pub const {name}: &str = {text:?};").unwrap_or_else(|_| unreachable!("writing to a String"));
    }
    let target =
        Path::new(&std::env::var("OUT_DIR").unwrap_or_else(|_| panic!("cargo sets OUT_DIR"))).join("kernel_items.rs");
    std::fs::write(&target, out).unwrap_or_else(|e| panic!("{}: {e}", target.display()));
}
