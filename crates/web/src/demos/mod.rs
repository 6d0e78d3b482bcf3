//! One module per demo: its controls, its views, and how it drives its kernel.

mod fields;
pub mod map;
pub mod philosophers;
mod runner;
pub mod sort;
mod source;
mod timing_table;
