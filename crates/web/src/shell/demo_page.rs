//! The page every demo shares, written once: its intro, its controls, the Run panel, the notice
//! for a run this page cannot make, the results of the last run and of the last sweep with their
//! export, and what stands below them. A demo implements [`DemoPage`], supplying only what
//! differs: its controls, its job, its result views and its code.

use std::future::Future;
use std::num::NonZeroUsize;
use std::pin::Pin;
use std::rc::Rc;

use parlab_kernels::control::RunControl;
use yew::prelude::*;

use crate::platform::pool::PoolStatus;
use crate::platform::shared::Shared;
use crate::shell::demo::DemoProps;
use crate::shell::export::{ExportBar, Finished};
use crate::shell::fields::ControlsProps;
use crate::shell::run_record::{RunRecord, RunWatch};
use crate::shell::runner::{Job, RunError, RunPanel, use_autorun, use_runner};

/// What one demo shows and runs.
pub trait DemoPage: 'static {
    /// Its URL parameters, validated.
    type Params: Copy + PartialEq + 'static;
    /// What a Run computes.
    type Report: 'static;
    /// What a Sweep computes (`()` for a demo without one).
    type Sweep: 'static;

    /// The class of the demo's page, for its own styles.
    const CLASS: &'static str;
    /// The Sweep button, for a demo that has one.
    const SWEEP: Option<SweepButton> = None;

    /// The heading and the paragraph that say what the demo shows.
    fn intro() -> Html;
    fn controls(props: ControlsProps<Self::Params>) -> Html;
    /// What Run (or Sweep) computes with `params` on a page whose pool has `pool` threads
    /// (`None`: it has none); `Err` with the notice to show when this page cannot make the run.
    fn plan(job: Job, params: Self::Params, pool: Option<NonZeroUsize>) -> Result<Plan<Self>, &'static str>;
    fn results(report: &Shared<Self::Report>, record: RunRecord) -> Html;
    fn sweep_results(_sweep: &Self::Sweep) -> Html {
        Html::default()
    }
    /// A note under the Run panel, from the settings and the pool's state.
    fn pool_note(_params: Self::Params, _pool: &PoolStatus) -> Html {
        Html::default()
    }
    /// What the demo shows while a run computes, under the Run panel (its picture filling in).
    fn live() -> Html {
        Html::default()
    }
    /// What the demo says under the Run panel while no run computes: what the last run's
    /// Cancel stopped, which its kept report cannot say (a cancelled run keeps none).
    fn stopped() -> Html {
        Html::default()
    }
    /// What stands below the results: the code panel for `params` (the producer–consumer shows
    /// the version its `sync` runs), and whatever the demo shows without a run.
    fn below(params: Self::Params) -> Html;
}

/// The Sweep button's tooltip and text (by default “Sweep k = 1…P”).
pub struct SweepButton {
    pub title: &'static str,
    pub label: Option<&'static str>,
}

/// What a finished job keeps: a Run's report with its export, or a Sweep's figures.
pub enum Kept<D: DemoPage + ?Sized> {
    Run(Finished<D::Report>),
    Sweep(D::Sweep),
}

type Work<D> = Box<dyn FnOnce(RunControl, RunWatch) -> Pin<Box<dyn Future<Output = Result<Kept<D>, RunError>>>>>;

/// A job ready to start: the units of work it expects (for progress), and the work itself,
/// called once the run may compute.
pub struct Plan<D: DemoPage + ?Sized> {
    total: u64,
    work: Work<D>,
}

impl<D: DemoPage + ?Sized> Plan<D> {
    pub fn new<F, Fut>(total: u64, work: F) -> Self
    where
        F: FnOnce(RunControl, RunWatch) -> Fut + 'static,
        Fut: Future<Output = Result<Kept<D>, RunError>> + 'static,
    {
        Self { total, work: Box::new(move |control, watch| Box::pin(work(control, watch))) }
    }
}

/// A demo's page: see [`DemoPage`].
#[component]
pub fn DemoShell<D: DemoPage>(props: &DemoProps<D::Params>) -> Html {
    let runner = use_runner();
    let report = use_state(|| None::<Finished<D::Report>>);
    let sweep = use_state(|| None::<Rc<D::Sweep>>);
    let notice = use_state(|| None::<&'static str>);
    let params = props.params;
    let pool_threads = props.pool.ready_threads();

    let start = {
        let (runner, report, sweep, notice) = (runner.clone(), report.clone(), sweep.clone(), notice.clone());
        Callback::from(move |job: Job| {
            let plan = D::plan(job, params, pool_threads);
            notice.set(plan.as_ref().err().copied());
            let Ok(Plan { total, work }) = plan else { return };
            let (report, sweep) = (report.clone(), sweep.clone());
            runner.start(job, total, move |control, watch| async move {
                match work(control, watch).await? {
                    Kept::Run(finished) => report.set(Some(finished)),
                    Kept::Sweep(figures) => sweep.set(Some(Rc::new(figures))),
                }
                Ok(())
            });
        })
    };
    use_autorun(props.autorun, &props.pool, start.clone());

    let controls =
        ControlsProps { params, busy: runner.is_busy(), on_edit: props.on_edit.clone(), revision: props.revision };
    html! {
        <div class={classes!("demo", D::CLASS)}>
            <section class="intro">{ D::intro() }</section>
            <section class="controls">
                { D::controls(controls) }
                <RunPanel pool={props.pool.clone()} runner={runner.clone()} start={start} sweep={D::SWEEP.is_some()}
                          sweep_title={D::SWEEP.as_ref().map_or("", |s| s.title)}
                          sweep_label={D::SWEEP.as_ref().and_then(|s| s.label).map(AttrValue::from)} />
                if let Some(text) = *notice {
                    <p class="notice info" data-testid="notice">{ text }</p>
                }
                { D::pool_note(params, &props.pool) }
                if !runner.is_busy() {
                    { D::stopped() }
                }
            </section>
            if runner.is_busy() {
                { D::live() }
            }
            if let Some(finished) = (*report).clone() {
                { D::results(&finished.report, finished.export.record) }
                <ExportBar export={finished.export} />
            }
            if let Some(figures) = (*sweep).clone() {
                { D::sweep_results(&figures) }
            }
            { D::below(params) }
        </div>
    }
}
