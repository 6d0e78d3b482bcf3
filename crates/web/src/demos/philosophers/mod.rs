//! The dining philosophers demo: the protocols on real threads and in a seeded simulation,
//! deadlock caught and shown, strategies compared.

mod comparison;
mod trace_views;

use std::num::NonZeroUsize;
use std::rc::Rc;

use parlab_kernels::control::{Cancelled, RunControl};
use parlab_kernels::params::{Demo, ParamEdit};
use parlab_kernels::philosophers::check::{self, DinnerStats, Verdict};
use parlab_kernels::philosophers::simulate::Simulation;
use parlab_kernels::philosophers::{
    self, Dinner, DinnerConfig, DinnerReport, Ending, Event as DinnerEvent, MAX_ACTIVITY_MS, MAX_MEALS,
    MAX_PHILOSOPHERS, MIN_PHILOSOPHERS, Strategy, Waiting, Work,
};
use yew::prelude::*;

use crate::demos::registry::{DemoEntry, DemoView};

use crate::charts::format_ms;
use crate::clock::PerformanceClock;
use crate::demos::fields::{CheckField, Fields, InputField, InputKind, SelectField};
use crate::demos::runner::{Job, RunPanel, use_autorun, use_runner};
use crate::demos::source;
use crate::pool::{self, PoolStatus};
use comparison::Comparison;
use parlab_kernels::clock::Clock;
use trace_views::{DinnerRing, DinnerTimeline};

const TABLE_SOURCE: &str = include_str!("../../../../kernels/src/philosophers/table/mod.rs");
const WATCHDOG_SOURCE: &str = include_str!("../../../../kernels/src/philosophers/table/watchdog.rs");

/// The philosophers need a thread each that may block (up to 16), plus one for the watchdog,
/// however few the cores: the page reloads when the demo changes, so only this page pays for
/// the bigger pool.
pub const ENTRY: DemoEntry = DemoEntry {
    demo: Demo::Philosophers,
    title: "Dining philosophers: deadlock",
    pool_size: |compute| compute.max(NonZeroUsize::MIN.saturating_add(MAX_PHILOSOPHERS)),
    view,
};

fn view(v: &DemoView) -> Html {
    html! {
        <PhilosophersDemo key={v.revision} params={v.state.philosophers} pool={v.pool.clone()} autorun={v.autorun}
                          on_edit={v.on_edit.clone()} />
    }
}

/// How long the UI thread simulates before giving the browser a turn, when there is no pool.
const UI_SLICE_MS: f64 = 12.0;

#[derive(Properties, PartialEq)]
pub struct PhilosophersDemoProps {
    pub params: DinnerConfig,
    pub pool: PoolStatus,
    pub autorun: bool,
    pub on_edit: Callback<ParamEdit>,
}

/// One dinner with its checker verdict and statistics, worked out once.
#[derive(PartialEq)]
struct CheckedDinner {
    /// The dinner without its trace, which is in `trace`.
    dinner: Dinner,
    trace: Rc<Vec<DinnerEvent>>,
    verdict: Verdict,
    stats: DinnerStats,
}

impl CheckedDinner {
    fn new(config: &DinnerConfig, mut dinner: Dinner) -> Self {
        let verdict = check::check(config, &dinner);
        let stats = check::stats(config, &dinner);
        // Shared, so the ring and the timeline draw it without copying it on every render.
        let trace = Rc::new(std::mem::take(&mut dinner.trace));
        Self { dinner, trace, verdict, stats }
    }
}

#[derive(PartialEq)]
struct Outcome {
    config: DinnerConfig,
    sequential: CheckedDinner,
    /// `None` without a pool; `Err` when the threads could not be started.
    parallel: Option<Result<CheckedDinner, String>>,
}

impl Outcome {
    fn new(config: DinnerConfig, report: DinnerReport) -> Self {
        Self {
            sequential: CheckedDinner::new(&config, report.sequential),
            parallel: report.parallel.map(|p| p.map(|d| CheckedDinner::new(&config, d)).map_err(|e| e.to_string())),
            config,
        }
    }

    fn threads(&self) -> Option<&CheckedDinner> {
        self.parallel.as_ref().and_then(|p| p.as_ref().ok())
    }

    /// The deadlock to show: the threads' if they had one, else the simulation's.
    fn deadlock(&self) -> Option<(&'static str, &[Waiting])> {
        fn cycle(d: &CheckedDinner) -> Option<&[Waiting]> {
            match &d.dinner.ending {
                Ending::Deadlock { cycle } => Some(cycle.as_slice()),
                _ => None,
            }
        }
        self.threads()
            .and_then(cycle)
            .map(|c| ("threads", c))
            .or_else(|| cycle(&self.sequential).map(|c| ("simulation", c)))
    }
}

#[component]
pub fn PhilosophersDemo(props: &PhilosophersDemoProps) -> Html {
    let runner = use_runner();
    let outcome = use_state(|| None::<Rc<Outcome>>);
    let comparison = use_state(|| None::<Rc<Vec<(Strategy, Outcome)>>>);
    let params = props.params;
    let has_pool = props.pool.ready_threads().is_some();

    let start = {
        let (runner, outcome, comparison) = (runner.clone(), outcome.clone(), comparison.clone());
        Callback::from(move |job: Job| {
            let config = params;
            let total = match job {
                Job::Compare => 2 * config.total_meals(),
                Job::Sweep => 2 * Strategy::ALL.len() as u64 * config.total_meals(),
            };
            let (outcome, comparison) = (outcome.clone(), comparison.clone());
            runner.start(job, total, move |control| async move {
                let clock = PerformanceClock;
                match job {
                    Job::Compare if has_pool => {
                        let report =
                            pool::run(move || philosophers::run_dinners(&config, true, &control, &clock)).await?;
                        Ok(finished(report.sequential.ending == Ending::Cancelled).map(|()| {
                            outcome.set(Some(Rc::new(Outcome::new(config, report))));
                        }))
                    }
                    Job::Compare => Ok(simulate_on_ui_thread(&config, &control).await.map(|sequential| {
                        let report = DinnerReport { sequential, parallel: None };
                        outcome.set(Some(Rc::new(Outcome::new(config, report))));
                    })),
                    Job::Sweep => {
                        let control_for_job = control.clone();
                        let reports = pool::run(move || {
                            philosophers::run_all_strategies(&config, true, &control_for_job, &clock)
                        })
                        .await?;
                        Ok(finished(control.is_cancelled()).map(|()| {
                            let rows = reports
                                .into_iter()
                                .map(|(strategy, report)| {
                                    (strategy, Outcome::new(DinnerConfig { strategy, ..config }, report))
                                })
                                .collect();
                            comparison.set(Some(Rc::new(rows)));
                        }))
                    }
                }
            });
        })
    };
    use_autorun(props.autorun, &props.pool, start.clone());

    let busy = runner.is_busy();
    html! {
        <div class="demo philosophers-demo">
            <section class="intro">
                <h2>{ "Dining philosophers: deadlock, caught and shown" }</h2>
                <p>
                    { "N philosophers around a table, one chopstick between each two; a philosopher eats only with both. Each philosopher is a real thread and each chopstick a real lock; a watchdog reads who waits for whom and stops a deadlock the moment the wait-for graph closes into a cycle. The same protocol also runs in a seeded simulation on one thread (the same seed gives the same dinner), and a checker verifies every run: no two neighbours ever eat at once, and every meal holds both chopsticks." }
                </p>
            </section>
            <section class="controls">
                <Controls params={params} busy={busy} on_edit={props.on_edit.clone()} />
                <RunPanel pool={props.pool.clone()} runner={runner.clone()} start={start}
                          sweep_title="Run every strategy at these settings and compare them"
                          sweep_label="Compare all strategies" />
                if !has_pool && props.pool.is_settled() {
                    <p class="note">{ "Without a thread pool only the simulation runs." }</p>
                }
            </section>
            if let Some(outcome) = (*outcome).clone() {
                <Results outcome={outcome} />
            }
            if let Some(rows) = (*comparison).clone() {
                <Comparison rows={rows} />
            }
            <CodeView />
        </div>
    }
}

fn finished(cancelled: bool) -> Result<(), Cancelled> {
    if cancelled { Err(Cancelled) } else { Ok(()) }
}

/// Without a pool: the simulation on the UI thread, a slice at a time.
async fn simulate_on_ui_thread(config: &DinnerConfig, control: &RunControl) -> Result<Dinner, Cancelled> {
    let clock = PerformanceClock;
    let work = Work::calibrate(&clock);
    let mut simulation = Simulation::new(config, &clock);
    let mut slice_began = PerformanceClock.now_ms();
    loop {
        if let Some(dinner) = simulation.step(&work, control, &clock) {
            return if dinner.ending == Ending::Cancelled { Err(Cancelled) } else { Ok(dinner) };
        }
        if PerformanceClock.now_ms() - slice_began > UI_SLICE_MS {
            pool::yield_to_browser().await;
            slice_began = PerformanceClock.now_ms();
        }
    }
}

#[derive(Properties, PartialEq)]
struct ControlsProps {
    params: DinnerConfig,
    busy: bool,
    on_edit: Callback<ParamEdit>,
}

#[component]
fn Controls(props: &ControlsProps) -> Html {
    let p = props.params;
    let (busy, on_edit) = (props.busy, props.on_edit.clone());
    let strategies: Vec<(&'static str, &'static str)> =
        Strategy::ALL.iter().map(|s| (s.name(), s.description())).collect();
    let activity = InputKind::Number { min: 0, max: u64::from(MAX_ACTIVITY_MS) };
    html! {
        <Fields>
            <InputField label="philosophers N" param="philosophers" value={p.philosophers.to_string()} busy={busy} on_edit={on_edit.clone()}
                        kind={InputKind::Number { min: MIN_PHILOSOPHERS as u64, max: MAX_PHILOSOPHERS as u64 }} />
            <InputField label="meals each" param="meals" value={p.meals.to_string()} busy={busy} on_edit={on_edit.clone()}
                        kind={InputKind::Number { min: 1, max: MAX_MEALS as u64 }} />
            <SelectField label="strategy" param="strategy" options={strategies} selected={p.strategy.name()} wide=true busy={busy} on_edit={on_edit.clone()} />
            <InputField label="think (ms of CPU work)" param="think" value={p.think_ms.to_string()} kind={activity} busy={busy} on_edit={on_edit.clone()} />
            <InputField label="eat (ms of CPU work)" param="eat" value={p.eat_ms.to_string()} kind={activity} busy={busy} on_edit={on_edit.clone()} />
            <InputField label="seed" param="seed" value={p.seed.to_string()} busy={busy} on_edit={on_edit.clone()} />
            <CheckField label="random jitter (½× … 1½×)" param="jitter" checked={p.jitter} busy={busy} on_edit={on_edit.clone()} />
            <CheckField label="force deadlock: all take one chopstick, then wait for each other" param="force-deadlock"
                        checked={p.force_deadlock} busy={busy} on_edit={on_edit} />
        </Fields>
    }
}

#[derive(Properties, PartialEq)]
struct ResultsProps {
    outcome: Rc<Outcome>,
}

#[component]
fn Results(props: &ResultsProps) -> Html {
    let outcome = &props.outcome;
    let config = outcome.config;
    let row = |variant: &str, d: &CheckedDinner| {
        html! {
            <tr data-testid="result-row" data-variant={variant.to_owned()} data-threads={d.dinner.threads.to_string()}
                data-ms={format!("{:.3}", d.dinner.wall_ms)} data-correct={d.verdict.ok().to_string()}
                data-ending={ending_name(&d.dinner.ending)}>
                <th scope="row">{ if variant == "sequential" { "sequential (simulation)" } else { "parallel (threads)" } }</th>
                <td>{ d.dinner.threads }</td>
                <td class="num">{ format_ms(d.dinner.wall_ms) }</td>
                <td>{ ending_text(&d.dinner.ending) }</td>
                <td class="num">{ format!("{:.0}", d.stats.meals_per_second) }</td>
                <td class="num">{ format!("{} / {}", d.stats.most_eating_at_once, config.eating_bound()) }</td>
                <td class="num">{ format!("{}{}", format_ms(d.stats.longest_hunger_ms), d.stats.longest_hungry.map_or(String::new(), |p| format!(" (#{p})"))) }</td>
                <td class="num">{ format!("{:.3}", d.stats.fairness) }</td>
                <td class="num">{ format!("{} / {}", format_ms(d.stats.waiting_ms), format_ms(d.stats.eating_ms)) }</td>
                <td class={if d.verdict.ok() { "ok" } else { "bad" }}>{ if d.verdict.ok() { "✓ rules held" } else { "✗ broken" } }</td>
            </tr>
        }
    };
    let replay = outcome.threads().unwrap_or(&outcome.sequential);
    html! {
        <section class="results" data-testid="results">
            <h3>{ format!("{} philosophers × {} meals, {}{}", config.philosophers, config.meals, config.strategy.name(), if config.force_deadlock { ", deadlock forced" } else { "" }) }</h3>
            <ul class="verdict-list" data-testid="verdict">
                { for reading(outcome).into_iter().map(|line| html! { <li>{ line }</li> }) }
            </ul>
            if let Some((source, cycle)) = outcome.deadlock() {
                <DeadlockPanel source={source} cycle={cycle.to_vec()} />
            }
            if let Some(Err(message)) = &outcome.parallel {
                <p class="notice error" data-testid="error">{ format!("The threaded dinner did not run: {message}. Reload the page to get a pool of the right size.") }</p>
            }
            <div class="table-scroll" tabindex="0">
                <table>
                    <thead><tr>
                        <th>{ "variant" }</th><th>{ "threads" }</th><th>{ "wall time" }</th><th>{ "ending" }</th><th>{ "meals/s" }</th>
                        <th title="most philosophers eating at once / the bound ⌊N/2⌋">{ "eating at once" }</th>
                        <th>{ "longest hunger" }</th><th title="Jain's index of meals eaten when the first philosopher finished">{ "fairness" }</th>
                        <th>{ "waiting / eating" }</th><th>{ "checker" }</th>
                    </tr></thead>
                    <tbody>
                        { row("sequential", &outcome.sequential) }
                        { for outcome.threads().map(|d| row("parallel", d)) }
                    </tbody>
                </table>
            </div>
            for problem in outcome.sequential.verdict.problems.iter().chain(outcome.threads().into_iter().flat_map(|d| d.verdict.problems.iter())) {
                <p class="notice error">{ problem.clone() }</p>
            }
            <h4>{ format!("The table, replayed from the {} trace", if outcome.threads().is_some() { "threads'" } else { "simulation's" }) }</h4>
            // A new ring per run, so it opens at the new run's stop, not where the last one was left.
            <DinnerRing key={format!("{:p}", Rc::as_ptr(outcome))} config={config} trace={replay.trace.clone()} stopped_at={replay.dinner.stopped_at}
                        cycle={outcome.deadlock().map(|(_, c)| c.to_vec()).unwrap_or_default()} />
            <h4>{ "Per philosopher: thinking, hungry, eating" }</h4>
            <DinnerTimeline config={config} trace={replay.trace.clone()} />
        </section>
    }
}

fn ending_name(ending: &Ending) -> &'static str {
    match ending {
        Ending::Finished => "finished",
        Ending::Deadlock { .. } => "deadlock",
        Ending::Cancelled => "cancelled",
    }
}

fn ending_text(ending: &Ending) -> String {
    match ending {
        Ending::Finished => "all meals eaten".into(),
        Ending::Deadlock { cycle } => format!("deadlock ({} in the cycle)", cycle.len()),
        Ending::Cancelled => "cancelled".into(),
    }
}

/// What the run shows, in sentences.
fn reading(outcome: &Outcome) -> Vec<String> {
    let config = outcome.config;
    let mut lines = Vec::new();
    let seq = &outcome.sequential;
    if let Some((source, cycle)) = outcome.deadlock() {
        let ring: Vec<String> = cycle.iter().map(|w| w.philosopher.to_string()).collect();
        lines.push(format!(
            "Deadlock in the {source}: philosophers {} each hold one chopstick and wait for the next one's, a cycle in the wait-for graph ({} → {}). The watchdog stopped the dinner{}.",
            ring.join(", "),
            ring.join(" → "),
            ring.first().cloned().unwrap_or_default(),
            if source == "threads" { " and every thread returned: the pool is free" } else { "" }
        ));
        if config.strategy == Strategy::Naive {
            lines.push("The cure: make one philosopher pick up the other chopstick first (ordered), seat at most N − 1 (waiter), or use Chandy–Misra. Try them with the same forced start.".into());
        }
    }
    if let Some(threads) = outcome.threads().filter(|t| t.dinner.ending == Ending::Finished) {
        if seq.dinner.ending == Ending::Finished {
            lines.push(format!(
                "{} real threads served all {} meals in {}; one thread simulating the same dinner needed {}: {:.2}× faster. At most {} ate at once (no more than ⌊N/2⌋ = {} can), on {} cores.",
                threads.dinner.threads,
                config.total_meals(),
                format_ms(threads.dinner.wall_ms),
                format_ms(seq.dinner.wall_ms),
                seq.dinner.wall_ms / threads.dinner.wall_ms.max(f64::MIN_POSITIVE),
                threads.stats.most_eating_at_once,
                config.eating_bound(),
                pool::hardware_concurrency()
            ));
        }
        lines.push(format!(
            "Philosophers spent {} hungry and {} eating in all; the longest wait for chopsticks was {}; fairness (Jain's index of meals when the first finished) {:.3}.",
            format_ms(threads.stats.waiting_ms),
            format_ms(threads.stats.eating_ms),
            format_ms(threads.stats.longest_hunger_ms),
            threads.stats.fairness
        ));
    }
    let all_ok = seq.verdict.ok() && outcome.threads().is_none_or(|t| t.verdict.ok());
    lines.push(if all_ok {
        "The checker replayed every event: no chopstick was ever held by two, every meal held both chopsticks, and no two neighbours ate at once.".into()
    } else {
        "The checker found broken rules (listed below): this is a bug, please report it.".into()
    });
    lines
}

#[derive(Properties, PartialEq)]
struct DeadlockPanelProps {
    source: &'static str,
    cycle: Vec<Waiting>,
}

#[component]
fn DeadlockPanel(props: &DeadlockPanelProps) -> Html {
    let members: Vec<String> = props.cycle.iter().map(|w| w.philosopher.to_string()).collect();
    html! {
        <section class="deadlock" data-testid="deadlock" data-cycle={members.join(",")} data-source={props.source} role="alert">
            <strong>{ format!("Deadlock detected in the {}: the wait-for cycle", props.source) }</strong>
            <ul>
                { for props.cycle.iter().map(|w| html! {
                    <li>{ format!("philosopher {} holds chopstick {} and waits for chopstick {}, held by philosopher {}", w.philosopher, w.holds, w.wants, w.held_by) }</li>
                }) }
            </ul>
        </section>
    }
}

#[component]
fn CodeView() -> Html {
    let rust = [
        source::item(TABLE_SOURCE, "fn eat_with_locks("),
        source::item(TABLE_SOURCE, "fn pick_up("),
        source::item(WATCHDOG_SOURCE, "pub(super) fn watch("),
    ]
    .join("\n\n");
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
    html! { <source::CodePanel origin="parlab-kernels, philosophers/table/" rust={rust} python={python} /> }
}
