//! One module per demo: its controls, its views, and how it drives its kernel.

mod barrier;
pub(crate) mod export;
mod fields;
mod map;
mod philosophers;
mod pipeline;
mod producer_consumer;
mod race;
pub mod registry;
mod run_record;
mod run_state;
mod runner;
mod size_sweep;
mod sort;
mod source;
mod timing_table;
