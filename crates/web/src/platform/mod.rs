//! What the browser gives the page: the thread pool, the clock, the run lock between frames and
//! tabs, the measured parallelism, cross-origin isolation, the URL, and crash reporting. Imports
//! only the kernels.

pub mod clock;
pub mod crash;
pub mod isolation;
pub mod parallelism;
pub mod pool;
pub mod run_lock;
pub mod shared;
pub mod url;
