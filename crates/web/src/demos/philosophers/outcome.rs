//! What a dinner came to: each run checked once, and the views of the results (the table, the
//! reading in sentences, the deadlock panel, the ring and the timeline).

use crate::platform::shared::Shared;

use parlab_kernels::philosophers::check::{self, DinnerStats, Verdict};
use parlab_kernels::philosophers::{
    Dinner, DinnerConfig, DinnerReport, Ending, Event as DinnerEvent, Strategy, Waiting,
};
use parlab_kernels::verdict::{count, pace};
use yew::prelude::*;

use super::trace_views::{DinnerRing, DinnerTimelineProps, dinner_timeline};
use crate::platform::pool;
use crate::shell::charts::format_ms;
use crate::shell::run_record::RunRecord;

/// One dinner with its checker verdict and statistics, worked out once.
#[derive(PartialEq)]
pub(super) struct CheckedDinner {
    /// The dinner without its trace, which is in `trace`.
    pub(super) dinner: Dinner,
    pub(super) trace: Shared<Vec<DinnerEvent>>,
    pub(super) verdict: Verdict,
    pub(super) stats: DinnerStats,
}

impl CheckedDinner {
    fn new(config: &DinnerConfig, mut dinner: Dinner) -> Self {
        let verdict = check::check(config, &dinner);
        let stats = check::stats(config, &dinner);
        // Shared, so the ring and the timeline draw it without copying it on every render.
        let trace = Shared::new(std::mem::take(&mut dinner.trace));
        Self { dinner, trace, verdict, stats }
    }
}

#[derive(PartialEq)]
pub(super) struct Outcome {
    pub(super) config: DinnerConfig,
    pub(super) sequential: CheckedDinner,
    /// `None` without a pool; `Err` when the threads could not be started.
    pub(super) parallel: Option<Result<CheckedDinner, String>>,
}

impl Outcome {
    pub(super) fn new(config: DinnerConfig, report: DinnerReport) -> Self {
        Self {
            sequential: CheckedDinner::new(&config, report.sequential),
            parallel: report.parallel.map(|p| p.map(|d| CheckedDinner::new(&config, d)).map_err(|e| e.to_string())),
            config,
        }
    }

    pub(super) fn threads(&self) -> Option<&CheckedDinner> {
        self.parallel.as_ref().and_then(|p| p.as_ref().ok())
    }

    /// The deadlock to show: the threads' if they had one, else the simulation's.
    pub(super) fn deadlock(&self) -> Option<(&'static str, &[Waiting])> {
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

pub(super) struct ResultsProps {
    pub(super) outcome: Shared<Outcome>,
    pub(super) record: RunRecord,
}

pub(super) fn results(props: &ResultsProps) -> Html {
    let outcome = &props.outcome;
    let config = outcome.config;
    let row = |variant: &'static str, d: &CheckedDinner| {
        let (stats, dinner) = (&d.stats, &d.dinner);
        let (check_class, check) = if d.verdict.ok() { ("ok", "✓ rules held") } else { ("bad", "✗ broken") };
        html! {
            <tr data-testid="result-row" data-variant={variant} data-threads={dinner.threads.to_string()}
                data-ms={format!("{:.3}", dinner.wall_ms)} data-correct={d.verdict.ok().to_string()}
                data-ending={ending_name(&dinner.ending)} data-quality={props.record.quality(&[dinner.wall_ms]).name()}>
                <th scope="row">{ if variant == "sequential" { "sequential (simulation)" } else { "parallel (threads)" } }</th>
                <td>{ dinner.threads }</td>
                <td class="num">{ format_ms(dinner.wall_ms) }</td>
                <td>{ ending_text(&dinner.ending) }</td>
                <td class="num">{ format!("{:.0}", stats.meals_per_second) }</td>
                <td class="num">{ format!("{} / {}", stats.most_eating_at_once, config.eating_bound()) }</td>
                <td class="num">{ format!("{}{}", format_ms(stats.longest_hunger_ms), stats.longest_hungry.map_or(String::new(), |p| format!(" (#{p})"))) }</td>
                <td class="num">{ format!("{:.3}", stats.fairness) }</td>
                <td class="num">{ format!("{} / {}", format_ms(stats.waiting_ms), format_ms(stats.eating_ms)) }</td>
                <td class={check_class}>{ check }</td>
            </tr>
        }
    };
    let table = html! {
        <div class="table-scroll" tabindex="0">
            <table>
                <thead><tr>
                    <th>{ "variant" }</th><th>{ "threads" }</th><th>{ "wall time" }</th><th>{ "ending" }</th><th>{ "meals/s" }</th>
                    <th title="most philosophers eating at once / the bound ⌊N/2⌋">{ "eating at once" }</th>
                    <th>{ "longest hunger" }</th>
                    <th title="Jain's index of meals eaten when the first philosopher finished">{ "fairness" }</th>
                    <th>{ "waiting / eating" }</th><th>{ "checker" }</th>
                </tr></thead>
                <tbody>
                    { row("sequential", &outcome.sequential) }
                    { outcome.threads().map(|d| row("parallel", d)) }
                </tbody>
            </table>
        </div>
    };
    let replay = outcome.threads().unwrap_or(&outcome.sequential);
    let (run_start, run_end) = props.record.epoch_attributes();
    let timed: Vec<(&str, &[f64])> =
        std::iter::once(("sequential", std::slice::from_ref(&outcome.sequential.dinner.wall_ms)))
            .chain(outcome.threads().map(|d| ("parallel", std::slice::from_ref(&d.dinner.wall_ms))))
            .collect();
    html! {
        <section class="results" data-testid="results" data-run-start={run_start} data-run-end={run_end}>
            <h3>{ format!("{} philosophers × {} meals, {}{}", config.philosophers, config.meals, config.strategy.name(), if config.force_deadlock { ", deadlock forced" } else { "" }) }</h3>
            { props.record.verdict_list(reading(outcome), &timed) }
            if let Some((source, cycle)) = outcome.deadlock() {
                { deadlock_panel(source, cycle) }
            }
            if let Some(Err(message)) = &outcome.parallel {
                <p class="notice error" data-testid="error">{ format!("The threaded dinner did not run: {message}. Reload the page to get a pool of the right size.") }</p>
            }
            { table }
            for problem in outcome.sequential.verdict.problems.iter().chain(outcome.threads().into_iter().flat_map(|d| d.verdict.problems.iter())) {
                <p class="notice error">{ problem.clone() }</p>
            }
            <h4>{ format!("The table, replayed from the {} trace", if outcome.threads().is_some() { "threads'" } else { "simulation's" }) }</h4>
            // A new ring per run, so it opens at the new run's stop, not where the last one was left.
            <DinnerRing key={format!("{:p}", Shared::as_ptr(outcome))} config={config} trace={replay.trace.clone()} stopped_at={replay.dinner.stopped_at}
                        cycle={outcome.deadlock().map(|(_, c)| c.to_vec()).unwrap_or_default()} />
            <h4>{ "Per philosopher: thinking, hungry, eating" }</h4>
            { dinner_timeline(&DinnerTimelineProps { config, trace: replay.trace.clone() }) }
        </section>
    }
}

pub(super) fn ending_name(ending: &Ending) -> &'static str {
    match ending {
        Ending::Finished => "finished",
        Ending::Deadlock { .. } => "deadlock",
        Ending::Cancelled => "cancelled",
    }
}

pub(super) fn ending_text(ending: &Ending) -> String {
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
                "{} served all {} meals in {}; one thread simulating the same dinner needed {}: {}. At most {} ate at once (no more than ⌊N/2⌋ = {} can), on {}.",
                count(threads.dinner.threads, "real thread"),
                config.total_meals(),
                format_ms(threads.dinner.wall_ms),
                format_ms(seq.dinner.wall_ms),
                pace(seq.dinner.wall_ms / threads.dinner.wall_ms.max(f64::MIN_POSITIVE)),
                threads.stats.most_eating_at_once,
                config.eating_bound(),
                count(pool::cores(), "core")
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

fn deadlock_panel(source: &'static str, cycle: &[Waiting]) -> Html {
    let members: Vec<String> = cycle.iter().map(|w| w.philosopher.to_string()).collect();
    html! {
        <section class="deadlock" data-testid="deadlock" data-cycle={members.join(",")} data-source={source} role="alert">
            <strong>{ format!("Deadlock detected in the {source}: the wait-for cycle") }</strong>
            <ul>
                { for cycle.iter().map(|w| html! {
                    <li>{ format!("philosopher {} holds chopstick {} and waits for chopstick {}, held by philosopher {}", w.philosopher, w.holds, w.wants, w.held_by) }</li>
                }) }
            </ul>
        </section>
    }
}
