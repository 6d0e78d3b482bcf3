//! What every demo shares: the run state machine and its panel, the form fields, the result
//! tables and charts, export, history, compare, share, the banner and the theme. Imports the
//! platform and the kernels, never a demo.

pub mod banner;
pub mod charts;
pub mod compare;
pub mod demo;
pub mod demo_page;
pub mod export;
pub mod fields;
pub mod history;
pub mod run_record;
pub mod run_state;
pub mod runner;
pub mod share;
pub mod size_sweep;
pub mod source;
pub mod theme;
pub mod timing_table;
