//! Every demo the page can show, in tab order: one line each. A demo is its kernel module in
//! parlab-kernels, its view module here, and its [`DemoEntry`] in [`DEMOS`].

use std::num::NonZeroUsize;

use parlab_kernels::params::{Demo, PageState, ParamEdit};
use yew::prelude::*;

use super::{barrier, map, philosophers, pipeline, producer_consumer, race, sort};
use crate::pool::PoolStatus;

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
    pub view: fn(&DemoView) -> Html,
}

pub const DEMOS: [DemoEntry; 7] = [
    map::ENTRY,
    sort::ENTRY,
    philosophers::ENTRY,
    race::ENTRY,
    barrier::ENTRY,
    producer_consumer::ENTRY,
    pipeline::ENTRY,
];

/// The entry of `demo`.
pub fn entry(demo: Demo) -> &'static DemoEntry {
    DEMOS.iter().find(|entry| entry.demo == demo).unwrap_or(&DEMOS[0])
}
