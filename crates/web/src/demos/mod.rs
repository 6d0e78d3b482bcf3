//! One module per demo: its controls, its job, its result views and its code excerpt. A demo
//! imports the shell, the platform and the kernels, and nothing from another demo.

pub mod barrier;
pub mod cpu_scheduling;
pub mod io;
pub mod levels;
pub mod map;
pub mod philosophers;
pub mod pipeline;
pub mod producer_consumer;
pub mod race;
pub mod schedule;
pub mod sort;
pub mod taskgraph;
