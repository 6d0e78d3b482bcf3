//! The dining philosophers demo: the protocols on real threads and in a seeded simulation,
//! deadlock caught and shown, strategies compared.

mod comparison;
mod outcome;
mod trace_views;

use crate::platform::shared::Shared;
use std::num::NonZeroUsize;

use parlab_kernels::control::{Cancelled, RunControl, Stepwise};
use parlab_kernels::params::Demo;
use parlab_kernels::philosophers::simulate::Simulation;
use parlab_kernels::philosophers::{
    self, Dinner, DinnerConfig, DinnerReport, Ending, MAX_ACTIVITY_MS, MAX_MEALS, MAX_PHILOSOPHERS, MIN_PHILOSOPHERS,
    Strategy, Work,
};
use yew::prelude::*;

use crate::platform::clock::PerformanceClock;
use crate::platform::pool::{self, PoolStatus};
use crate::shell::demo::{DemoEntry, DemoView};
use crate::shell::demo_page::{DemoPage, DemoShell, Kept, Plan, SweepButton};
use crate::shell::export::{Export, ExportRow, Finished};
use crate::shell::fields::{ControlsProps, Input, InputKind, check_field, fields, select_field};
use crate::shell::run_record::RunRecord;
use crate::shell::runner::{Job, RunError, pool_growth_notice, run_on_ui_thread};
use crate::shell::source;
use comparison::{ComparisonProps, strategy_comparison};
use outcome::Outcome;
use parlab_kernels::clock::Clock;

/// The philosophers need a thread each that may block, plus one for the watchdog, however few
/// the cores. The pool is as large as the page's N asks for, not the largest N: 17 workers took
/// 450 ms to start on a 2-core machine where 6 take about 150 ms. A larger N loads the page
/// again with a larger pool (see `pool_note`).
pub const ENTRY: DemoEntry = DemoEntry {
    demo: Demo::Philosophers,
    title: "Dining philosophers: deadlock",
    lesson: "philosophers.html",
    pool_reason: Some(
        "one for each philosopher and one for the watchdog; a philosopher waiting for a chopstick holds a thread but no core",
    ),
    pool_size: |compute, state| compute.max(threads_for(&state.philosophers)),
    keeps_runs: true,
};

/// The threads a dinner of `config` holds at once: one per philosopher and the watchdog's.
fn threads_for(config: &DinnerConfig) -> NonZeroUsize {
    NonZeroUsize::MIN.saturating_add(config.philosophers)
}

pub fn view(v: &DemoView) -> Html {
    html! { <DemoShell<PhilosophersPage> ..v.props(v.state.philosophers) /> }
}

struct PhilosophersPage;

impl DemoPage for PhilosophersPage {
    type Params = DinnerConfig;
    type Report = Outcome;
    /// Every strategy's dinner at the same settings.
    type Sweep = (Shared<Vec<(Strategy, Outcome)>>, RunRecord);

    const CLASS: &'static str = "philosophers-demo";
    const SWEEP: Option<SweepButton> = Some(SweepButton {
        title: "Run every strategy at these settings and compare them",
        label: Some("Compare all strategies"),
    });

    fn intro() -> Html {
        html! { <>
            <h2>{ "Dining philosophers: deadlock, caught and shown" }</h2>
            <p>
                { "N philosophers around a table, one chopstick between each two; a philosopher eats only with both. Each philosopher is a real thread and each chopstick a real lock; a watchdog reads who waits for whom and stops a deadlock the moment the wait-for graph closes into a cycle. The same protocol also runs in a seeded simulation on one thread (the same seed gives the same dinner), and a checker verifies every run: no two neighbours ever eat at once, and every meal holds both chopsticks." }
            </p>
        </> }
    }

    fn controls(props: ControlsProps<DinnerConfig>) -> Html {
        controls(props)
    }

    fn plan(job: Job, config: DinnerConfig, pool: Option<NonZeroUsize>) -> Result<Plan<Self>, &'static str> {
        if pool.is_some_and(|threads| threads < threads_for(&config)) {
            return Err(
                "This dinner needs more workers than this page started: start them with the button below, which loads the page again.",
            );
        }
        let total = match job {
            Job::Compare => 2 * config.total_meals(),
            Job::Sweep => 2 * Strategy::ALL.len() as u64 * config.total_meals(),
        };
        Ok(Plan::new(total, move |control, watch| async move {
            let clock = PerformanceClock;
            Ok(match job {
                Job::Compare if pool.is_some() => {
                    let report = pool::run(move || philosophers::run_dinners(&config, true, &control, &clock)).await?;
                    if report.was_cancelled() {
                        return Err(RunError::Cancelled);
                    }
                    let done = Outcome::new(config, report);
                    let export = export_of(&done, pool, watch.finish());
                    Kept::Run(Finished::new(done, export))
                }
                // Without a pool, only the simulation, on the UI thread a slice at a time.
                Job::Compare => {
                    let sequential = simulate_on_ui_thread(&config, &control).await?;
                    let done = Outcome::new(config, DinnerReport { sequential, parallel: None });
                    let export = export_of(&done, pool, watch.finish());
                    Kept::Run(Finished::new(done, export))
                }
                Job::Sweep => {
                    let control_for_job = control.clone();
                    let reports =
                        pool::run(move || philosophers::run_all_strategies(&config, true, &control_for_job, &clock))
                            .await?;
                    control.check()?;
                    let rows = reports
                        .into_iter()
                        .map(|(strategy, report)| (strategy, Outcome::new(DinnerConfig { strategy, ..config }, report)))
                        .collect();
                    Kept::Sweep((Shared::new(rows), watch.finish()))
                }
            })
        }))
    }

    fn results(outcome: &Shared<Outcome>, record: RunRecord) -> Html {
        outcome::results(&outcome::ResultsProps { outcome: outcome.clone(), record })
    }

    fn sweep_results((rows, record): &Self::Sweep) -> Html {
        strategy_comparison(&ComparisonProps { rows: rows.clone(), record: *record })
    }

    fn pool_note(config: DinnerConfig, pool: &PoolStatus) -> Html {
        if pool.ready_threads().is_none() && pool.is_settled() {
            html! { <p class="note">{ "Without a thread pool only the simulation runs." }</p> }
        } else {
            let setting =
                format!("N = {} (a thread for each philosopher and one for the watchdog)", config.philosophers);
            pool_growth_notice(&setting, threads_for(&config), pool, false)
        }
    }

    fn below(_: Self::Params) -> Html {
        code_view()
    }
}

/// The dinner's parameters, environment and both dinners (one run each), for [`ExportBar`].
fn export_of(outcome: &Outcome, pool_threads: Option<NonZeroUsize>, record: RunRecord) -> Export {
    let row = |variant: &str, d: &outcome::CheckedDinner| ExportRow {
        variant: variant.to_owned(),
        threads: d.dinner.threads,
        samples_ms: vec![d.dinner.wall_ms],
        correct: d.verdict.ok(),
        extra: vec![("ending", outcome::ending_name(&d.dinner.ending).to_owned())],
    };
    let rows = std::iter::once(row("sequential", &outcome.sequential))
        .chain(outcome.threads().map(|d| row("parallel", d)))
        .collect();
    Export::new("philosophers", &outcome.config, pool_threads, rows, record)
}

/// Without a pool: the simulation on the UI thread, a step at a time.
async fn simulate_on_ui_thread(config: &DinnerConfig, control: &RunControl) -> Result<Dinner, Cancelled> {
    let clock = PerformanceClock;
    let mut run =
        SteppedSimulation { work: Work::calibrate(&clock), simulation: Simulation::new(config, &clock), dinner: None };
    run_on_ui_thread(&mut run, control).await?;
    match run.dinner {
        Some(dinner) if dinner.ending != Ending::Cancelled => Ok(dinner),
        _ => Err(Cancelled),
    }
}

/// The simulation as a [`Stepwise`] run: one philosopher's action a step.
struct SteppedSimulation {
    work: Work,
    simulation: Simulation,
    dinner: Option<Dinner>,
}

impl Stepwise for SteppedSimulation {
    type Stop = Cancelled;

    fn is_done(&self) -> bool {
        self.dinner.is_some()
    }

    fn step(&mut self, control: &RunControl, clock: &dyn Clock) -> Result<(), Cancelled> {
        if self.dinner.is_none() {
            self.dinner = self.simulation.step(&self.work, control, clock);
        }
        Ok(())
    }
}

fn controls(props: ControlsProps<DinnerConfig>) -> Html {
    let p = props.params;
    let (busy, on_edit) = (props.busy, props.on_edit.clone());
    let strategies: Vec<(&'static str, &'static str)> =
        Strategy::ALL.iter().map(|s| (s.name(), s.description())).collect();
    let activity = InputKind::Number { min: 0, max: u64::from(MAX_ACTIVITY_MS) };
    html! {
        { fields(props.revision, html! { <>
            { Input::new("philosophers N", "philosophers", p.philosophers.to_string()).number(MIN_PHILOSOPHERS as u64, MAX_PHILOSOPHERS as u64).field(busy, &on_edit) }
            { Input::new("meals each", "meals", p.meals.to_string()).number(1, MAX_MEALS as u64).field(busy, &on_edit) }
            { select_field("strategy", "strategy", &strategies, p.strategy.name(), true, busy, &on_edit) }
            { Input::new("think (ms of CPU work)", "think", p.think_ms.to_string()).kind(activity).field(busy, &on_edit) }
            { Input::new("eat (ms of CPU work)", "eat", p.eat_ms.to_string()).kind(activity).field(busy, &on_edit) }
            { Input::new("seed", "seed", p.seed.to_string()).field(busy, &on_edit) }
            { check_field("random jitter (½× … 1½×)", "jitter", p.jitter, busy, &on_edit) }
            { check_field("force deadlock: all take one chopstick, then wait for each other", "force-deadlock", p.force_deadlock, busy, &on_edit) }
        </> }) }
    }
}

/// The Rust that ran beside the Python it mirrors (a function, not a component: it has no state
/// of its own, and each component adds its own machinery to the wasm).
fn code_view() -> Html {
    let rust = [source::EAT_WITH_LOCKS, source::PICK_UP, source::WATCH].join("\n\n");
    let python = "\
import threading

N, MEALS = 5, 20
chopsticks = [threading.Lock() for _ in range(N)]

def philosopher(i):
    left, right = i, (i + 1) % N
    # naive: first, last = left, right   (every one holds a left: deadlock)
    first, last = sorted((left, right))  # ordered: lower chopstick first
    for _ in range(MEALS):
        think()
        with chopsticks[first]:
            with chopsticks[last]:
                eat()

threads = [threading.Thread(target=philosopher, args=(i,)) for i in range(N)]
for t in threads: t.start()
for t in threads: t.join()";
    source::code_panel("parlab-kernels, philosophers/table/", &rust, python, "The Python idiom it mirrors")
}
