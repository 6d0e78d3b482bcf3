//! The dining philosophers demo: the protocols on real threads and in a seeded simulation,
//! deadlock caught and shown, strategies compared.

use std::rc::Rc;

use parlab_kernels::control::{Cancelled, RunControl};
use parlab_kernels::params::group;
use parlab_kernels::philosophers::check::{self, DinnerStats, Verdict};
use parlab_kernels::philosophers::simulate::Simulation;
use parlab_kernels::philosophers::{
    self, Dinner, DinnerConfig, DinnerReport, Ending, Event as DinnerEvent, EventKind, MAX_ACTIVITY_MS, MAX_MEALS,
    MAX_PHILOSOPHERS, MIN_PHILOSOPHERS, Strategy, Waiting, Work,
};
use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;
use web_sys::HtmlInputElement;
use yew::prelude::*;

use super::fields::{CheckField, Fields, InputField, InputKind, SelectField};
use super::runner::{Job, RunPanel, use_autorun, use_runner};
use super::source;
use crate::app::ParamEdit;
use crate::charts::format_ms;
use crate::clock::PerformanceClock;
use crate::pool::{self, PoolStatus};

const TABLE_SOURCE: &str = include_str!("../../../kernels/src/philosophers/table.rs");

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
                <RunPanel pool_starting={!props.pool.is_settled()} runner={runner.clone()} start={start} pool_threads={props.pool.ready_threads()}
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
    let mut slice_began = clock_now();
    loop {
        if let Some(dinner) = simulation.step(&work, control, &clock) {
            return if dinner.ending == Ending::Cancelled { Err(Cancelled) } else { Ok(dinner) };
        }
        if clock_now() - slice_began > UI_SLICE_MS {
            pool::yield_to_browser().await;
            slice_began = clock_now();
        }
    }
}

fn clock_now() -> f64 {
    use parlab_kernels::clock::Clock;
    PerformanceClock.now_ms()
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

/// What each philosopher was doing at one point of a trace.
#[derive(Clone, Copy, PartialEq)]
enum Doing {
    Thinking,
    Hungry,
    Eating,
    Done,
}

fn doing_colour(doing: Doing) -> &'static str {
    match doing {
        Doing::Thinking => "#8a8f98",
        Doing::Hungry => "#E69F00",
        Doing::Eating => "#009E73",
        Doing::Done => "#56B4E9",
    }
}

/// The table after the first `upto` events: what each philosopher does, who holds each
/// chopstick, and how many meals each has eaten.
fn replay(config: &DinnerConfig, trace: &[DinnerEvent], upto: usize) -> (Vec<Doing>, Vec<Option<usize>>, Vec<usize>) {
    let n = config.philosophers;
    let mut doing = vec![Doing::Thinking; n];
    let mut holder = vec![None; n];
    let mut meals = vec![0; n];
    for event in &trace[..upto.min(trace.len())] {
        let p = event.philosopher;
        match event.kind {
            EventKind::Think => doing[p] = Doing::Thinking,
            EventKind::Hungry => doing[p] = Doing::Hungry,
            EventKind::Eat => {
                doing[p] = Doing::Eating;
                meals[p] += 1;
            }
            EventKind::PickUp(stick) => holder[stick] = Some(p),
            EventKind::PutDown(stick) => {
                holder[stick] = None;
                if doing[p] == Doing::Eating {
                    doing[p] = Doing::Hungry;
                }
            }
            EventKind::Done => doing[p] = Doing::Done,
        }
    }
    (doing, holder, meals)
}

#[derive(Properties, PartialEq)]
struct DinnerRingProps {
    config: DinnerConfig,
    trace: Rc<Vec<DinnerEvent>>,
    /// Where a stopped dinner stopped: the ring opens there, showing the deadlock as it was.
    stopped_at: Option<usize>,
    cycle: Vec<Waiting>,
}

/// The round table, replayable: play / pause and a scrubber over the events.
#[component]
fn DinnerRing(props: &DinnerRingProps) -> Html {
    let total = props.trace.len();
    let moment = props.stopped_at.unwrap_or(total).min(total);
    let position = use_state(|| moment);
    let playing = use_state(|| false);
    {
        let (position, playing_now) = (position.clone(), *playing);
        let playing = playing.clone();
        let step = (total / 300).max(1);
        use_effect_with(playing_now, move |&on| {
            let timer = on.then(|| {
                let position_now =
                    std::rc::Rc::new(std::cell::Cell::new(if *position >= total { 0 } else { *position }));
                let tick = Closure::<dyn FnMut()>::new(move || {
                    let next = (position_now.get() + step).min(total);
                    position_now.set(next);
                    position.set(next);
                    if next >= total {
                        playing.set(false);
                    }
                });
                let window = web_sys::window()?;
                let id = window
                    .set_interval_with_callback_and_timeout_and_arguments_0(tick.as_ref().unchecked_ref(), 40)
                    .ok()?;
                Some((window, id, tick))
            });
            move || {
                if let Some((window, id, _tick)) = timer.flatten() {
                    window.clear_interval_with_handle(id);
                }
            }
        });
    }
    let config = &props.config;
    let n = config.philosophers;
    let at = (*position).min(total);
    let (doing, holder, meals) = replay(config, &props.trace, at);
    let in_cycle = |p: usize| at == moment && props.cycle.iter().any(|w| w.philosopher == p);
    let angle = |slot: f64| std::f64::consts::TAU * slot / n as f64 - std::f64::consts::FRAC_PI_2;
    let point = |slot: f64, radius: f64| (200.0 + radius * angle(slot).cos(), 200.0 + radius * angle(slot).sin());
    let t_ms = at.checked_sub(1).and_then(|i| props.trace.get(i)).map_or(0.0, |e| e.t_ms);
    let toggle = {
        let playing = playing.clone();
        Callback::from(move |_: MouseEvent| playing.set(!*playing))
    };
    let scrub = {
        let (position, playing) = (position.clone(), playing.clone());
        Callback::from(move |e: InputEvent| {
            playing.set(false);
            position.set(e.target_unchecked_into::<HtmlInputElement>().value().parse().unwrap_or(0));
        })
    };
    html! {
        <div class="ring" data-testid="dinner-ring">
            <svg class="chart ring-svg" viewBox="0 0 400 400" role="img" aria-label="the table">
                <circle cx="200" cy="200" r="110" class="tabletop" />
                // A chopstick lies between its two philosophers, or beside the one holding it.
                { for (0..n).map(|stick| {
                    let slot = match holder[stick] {
                        None => stick as f64 + 0.5,
                        Some(p) if p == stick => stick as f64 + 0.22,
                        Some(_) => stick as f64 + 0.78,
                    };
                    let (x1, y1) = point(slot, 62.0);
                    let (x2, y2) = point(slot, 104.0);
                    html! {
                        <line class={classes!("chopstick", holder[stick].is_some().then_some("held"))}
                              data-stick={stick.to_string()} x1={x1.to_string()} y1={y1.to_string()} x2={x2.to_string()} y2={y2.to_string()} />
                    }
                }) }
                { for props.cycle.iter().filter(|_| at == moment).map(|w| {
                    let (x1, y1) = point(w.philosopher as f64, 132.0);
                    let (x2, y2) = point(w.held_by as f64, 132.0);
                    html! { <line class="wait-edge" x1={x1.to_string()} y1={y1.to_string()} x2={x2.to_string()} y2={y2.to_string()} marker-end="url(#arrow)" /> }
                }) }
                <defs>
                    <marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="6" markerHeight="6" orient="auto-start-reverse">
                        <path d="M 0 0 L 10 5 L 0 10 z" fill="#b42318" />
                    </marker>
                </defs>
                { for (0..n).map(|p| {
                    let (x, y) = point(p as f64, 150.0);
                    html! {
                        <g class={classes!("philosopher", in_cycle(p).then_some("in-cycle"))} data-philosopher={p.to_string()}>
                            <circle cx={x.to_string()} cy={y.to_string()} r="22" fill={doing_colour(doing[p])} />
                            <text x={x.to_string()} y={(y + 5.0).to_string()} text-anchor="middle" class="label">{ p }</text>
                            <text x={x.to_string()} y={(y + 38.0).to_string()} text-anchor="middle" class="meals">{ format!("{} meals", meals[p]) }</text>
                        </g>
                    }
                }) }
            </svg>
            <div class="replay">
                <button data-testid="replay-play" onclick={toggle}>{ if *playing { "Pause" } else { "Play" } }</button>
                <input data-testid="replay-scrubber" type="range" min="0" max={total.to_string()} value={at.to_string()} oninput={scrub} />
                <span class="replay-at">{ format!("event {} of {}, {}", group(at), group(total), format_ms(t_ms)) }</span>
                if props.stopped_at.is_some() {
                    <span class="replay-at">{ format!("the watchdog stopped the dinner at event {}; the rest is the threads letting go", group(moment)) }</span>
                }
            </div>
            <p class="legend">
                { for [Doing::Thinking, Doing::Hungry, Doing::Eating, Doing::Done].into_iter().map(|d| html! {
                    <span class="legend-item"><i style={format!("background:{}", doing_colour(d))}></i>
                        { match d { Doing::Thinking => "thinking", Doing::Hungry => "hungry", Doing::Eating => "eating", Doing::Done => "done" } }
                    </span>
                }) }
                <span class="legend-item">{ "dark chopstick: held (beside its holder)" }</span>
                if !props.cycle.is_empty() {
                    <span class="legend-item"><i class="line-model"></i>{ "waits for (the deadlock cycle)" }</span>
                }
            </p>
        </div>
    }
}

#[derive(Properties, PartialEq)]
struct DinnerTimelineProps {
    config: DinnerConfig,
    trace: Rc<Vec<DinnerEvent>>,
}

/// One lane per philosopher: hungry and eating stretches over time (thinking is the gaps).
#[component]
fn DinnerTimeline(props: &DinnerTimelineProps) -> Html {
    const W: f64 = 1000.0;
    const LANE: f64 = 18.0;
    const LABEL: f64 = 110.0;
    let n = props.config.philosophers;
    let end = props.trace.last().map_or(0.0, |e| e.t_ms).max(f64::MIN_POSITIVE);
    let x = |ms: f64| LABEL + (W - LABEL - 10.0) * ms / end;
    // Per philosopher: (start, end, eating?) stretches, merged when closer than a pixel.
    let mut lanes: Vec<Vec<(f64, f64, bool)>> = vec![Vec::new(); n];
    let mut since: Vec<Option<(f64, bool)>> = vec![None; n];
    for event in props.trace.iter() {
        let p = event.philosopher;
        let close = |lane: &mut Vec<(f64, f64, bool)>, from: Option<(f64, bool)>| {
            if let Some((start, eating)) = from {
                match lane.last_mut() {
                    Some(last) if last.2 == eating && start - last.1 < end / W => last.1 = event.t_ms,
                    _ => lane.push((start, event.t_ms, eating)),
                }
            }
        };
        match event.kind {
            EventKind::Hungry => since[p] = Some((event.t_ms, false)),
            EventKind::Eat => {
                close(&mut lanes[p], since[p].take());
                since[p] = Some((event.t_ms, true));
            }
            EventKind::PutDown(_) if since[p].is_some_and(|(_, eating)| eating) => {
                close(&mut lanes[p], since[p].take());
            }
            _ => {}
        }
    }
    // Still hungry (or eating) when the trace ends: a deadlock looks like exactly that.
    for (lane, open) in lanes.iter_mut().zip(since) {
        if let Some((start, eating)) = open {
            lane.push((start, end, eating));
        }
    }
    let height = LANE * n as f64 + 18.0;
    html! {
        <svg class="chart timeline" data-testid="dinner-timeline" viewBox={format!("0 0 {W} {height}")} role="img"
             aria-label="each philosopher's hungry and eating times">
            { for lanes.iter().enumerate().map(|(p, stretches)| {
                let top = p as f64 * LANE;
                html! {
                    <g>
                        <text x="4" y={(top + 13.0).to_string()}>{ format!("philosopher {p}") }</text>
                        { for stretches.iter().map(|&(a, b, eating)| html! {
                            <rect x={x(a).to_string()} y={(top + 3.0).to_string()} width={(x(b) - x(a)).max(0.8).to_string()}
                                  height={(LANE - 6.0).to_string()} fill={doing_colour(if eating { Doing::Eating } else { Doing::Hungry })} />
                        }) }
                    </g>
                }
            }) }
            <text class="axis" x={LABEL.to_string()} y={(height - 3.0).to_string()}>{ "0" }</text>
            <text class="axis" x={(W - 10.0).to_string()} y={(height - 3.0).to_string()} text-anchor="end">{ format_ms(end) }</text>
        </svg>
    }
}

#[derive(Properties, PartialEq)]
struct ComparisonProps {
    rows: Rc<Vec<(Strategy, Outcome)>>,
}

#[component]
fn Comparison(props: &ComparisonProps) -> Html {
    html! {
        <section class="comparison" data-testid="strategy-comparison">
            <h3>{ "Every strategy at these settings" }</h3>
            if props.rows.first().is_some_and(|(_, o)| o.config.force_deadlock) {
                <p class="note">{ format!(
                    "With the forced start, a strategy that keeps someone from taking a first chopstick (ordered, waiter) waits out the barrier's {:.0} ms timeout: that is in its wall time.",
                    philosophers::table::BARRIER_TIMEOUT_MS
                ) }</p>
            }
            <table>
                <thead><tr>
                    <th>{ "strategy" }</th><th>{ "threads: wall time" }</th><th>{ "ending" }</th><th>{ "meals/s" }</th>
                    <th>{ "longest hunger" }</th><th>{ "fairness" }</th><th>{ "simulation: wall time (ending)" }</th><th>{ "checker" }</th>
                </tr></thead>
                <tbody>
                    { for props.rows.iter().map(|(strategy, outcome)| {
                        let shown = outcome.threads().unwrap_or(&outcome.sequential);
                        let ok = outcome.sequential.verdict.ok() && outcome.threads().is_none_or(|t| t.verdict.ok());
                        html! {
                            <tr data-strategy={strategy.name()} data-ending={ending_name(&shown.dinner.ending)} data-correct={ok.to_string()}
                                data-threads-ms={outcome.threads().map_or(String::new(), |t| format!("{:.3}", t.dinner.wall_ms))}
                                data-simulation-ms={format!("{:.3}", outcome.sequential.dinner.wall_ms)}
                                data-simulation-ending={ending_name(&outcome.sequential.dinner.ending)}
                                data-meals-per-second={format!("{:.1}", shown.stats.meals_per_second)}>
                                <th scope="row">{ strategy.name() }</th>
                                <td class="num">{ outcome.threads().map_or("–".into(), |t| format_ms(t.dinner.wall_ms)) }</td>
                                <td>{ ending_text(&shown.dinner.ending) }</td>
                                <td class="num">{ format!("{:.0}", shown.stats.meals_per_second) }</td>
                                <td class="num">{ format_ms(shown.stats.longest_hunger_ms) }</td>
                                <td class="num">{ format!("{:.3}", shown.stats.fairness) }</td>
                                <td class="num">{ format!("{} ({})", format_ms(outcome.sequential.dinner.wall_ms), ending_name(&outcome.sequential.dinner.ending)) }</td>
                                <td class={if ok { "ok" } else { "bad" }}>{ if ok { "✓" } else { "✗" } }</td>
                            </tr>
                        }
                    }) }
                </tbody>
            </table>
        </section>
    }
}

#[component]
fn CodeView() -> Html {
    let rust = ["fn eat_with_locks(", "fn pick_up(", "fn watch("]
        .map(|signature| source::item(TABLE_SOURCE, signature))
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
    html! { <source::CodePanel origin="parlab-kernels, philosophers/table.rs" rust={rust} python={python} /> }
}
