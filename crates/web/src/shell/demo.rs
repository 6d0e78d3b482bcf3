//! What a demo is to the shell: the entry the app's registry lists, and what the shell hands its
//! view. The registry (the app layer) is the one list of demos; this layer only names the shape.

use std::num::NonZeroUsize;

use parlab_kernels::params::{Demo, PageState, ParamEdit};
use yew::prelude::*;

use crate::platform::pool::PoolStatus;

/// What the shell hands every demo's view.
pub struct DemoView {
    pub state: PageState,
    pub pool: PoolStatus,
    /// `autorun=1` with no parameter problem.
    pub autorun: bool,
    pub on_edit: Callback<ParamEdit>,
    /// Changes on every edit, so the view is rebuilt from the validated state.
    pub revision: u32,
}

impl DemoView {
    /// A demo component's props: its own `params` and what the shell shares.
    pub fn props<P: PartialEq>(&self, params: P) -> DemoProps<P> {
        DemoProps {
            params,
            revision: self.revision,
            pool: self.pool.clone(),
            autorun: self.autorun,
            on_edit: self.on_edit.clone(),
        }
    }
}

/// The props of every demo's component: its own parameters and what the shell shares.
#[derive(Properties, PartialEq)]
pub struct DemoProps<P: PartialEq> {
    pub params: P,
    /// Changes on every edit: the key of the demo's controls, so they are rebuilt from the
    /// validated state (a rejected value the person typed does not stay in its field) while
    /// the results on screen stay.
    pub revision: u32,
    pub pool: PoolStatus,
    /// `autorun=1` with no parameter problem.
    pub autorun: bool,
    pub on_edit: Callback<ParamEdit>,
}

pub struct DemoEntry {
    pub demo: Demo,
    /// The demo's tab, the embed bar and shared links.
    pub title: &'static str,
    /// Its chapter of the course book (`course/`), which the full page links to.
    pub lesson: &'static str,
    /// The pool this demo's page starts, given one thread per core (`compute`) and the page's
    /// state (a map or sort link asking for more threads than cores gets a pool that large).
    pub pool_size: fn(compute: NonZeroUsize, state: &PageState) -> NonZeroUsize,
    /// Why the pool is larger than the cores, where it is: the banner says it.
    pub pool_reason: Option<&'static str>,
    /// Whether the page makes runs to keep: its history of runs and the comparison of exports
    /// stand below it. The levels are played, not run, and have none.
    pub keeps_runs: bool,
}

/// What draws a demo's page. Not in [`DemoEntry`]: the registry lists every demo, for the tabs,
/// but a part of the build holds only its own demos' views (see `app::registry::view`).
pub type DemoViewFn = fn(&DemoView) -> Html;
