//! Every strategy at the same settings, side by side.

use crate::platform::shared::Shared;

use parlab_kernels::philosophers::{self, Strategy};
use parlab_kernels::verdict::count;
use yew::prelude::*;

use super::outcome::{Outcome, ending_name, ending_text};
use crate::shell::charts::format_ms;
use crate::shell::run_record::{RunRecord, quality_advice};

pub struct ComparisonProps {
    pub rows: Shared<Vec<(Strategy, Outcome)>>,
    pub record: RunRecord,
}

pub fn strategy_comparison(props: &ComparisonProps) -> Html {
    let (run_start, run_end) = props.record.epoch_attributes();
    let timed = props
        .rows
        .iter()
        .flat_map(|(strategy, outcome)| {
            std::iter::once(&outcome.sequential).chain(outcome.threads()).map(move |d| {
                (format!("{}, {}", strategy.name(), count(d.dinner.threads, "thread")), vec![d.dinner.wall_ms])
            })
        })
        .collect::<Vec<_>>();
    let row = |(strategy, outcome): &(Strategy, Outcome)| {
        let shown = outcome.threads().unwrap_or(&outcome.sequential);
        let ok = outcome.sequential.verdict.ok() && outcome.threads().is_none_or(|t| t.verdict.ok());
        let simulation = &outcome.sequential.dinner;
        let simulation_ending = ending_name(&simulation.ending);
        html! {
            <tr data-strategy={strategy.name()} data-ending={ending_name(&shown.dinner.ending)} data-correct={ok.to_string()}
                data-threads-ms={outcome.threads().map_or(String::new(), |t| format!("{:.3}", t.dinner.wall_ms))}
                data-simulation-ms={format!("{:.3}", simulation.wall_ms)} data-simulation-ending={simulation_ending}
                data-meals-per-second={format!("{:.1}", shown.stats.meals_per_second)}>
                <th scope="row">{ strategy.name() }</th>
                <td class="num">{ outcome.threads().map_or("–".into(), |t| format_ms(t.dinner.wall_ms)) }</td>
                <td>{ ending_text(&shown.dinner.ending) }</td>
                <td class="num">{ format!("{:.0}", shown.stats.meals_per_second) }</td>
                <td class="num">{ format_ms(shown.stats.longest_hunger_ms) }</td>
                <td class="num">{ format!("{:.3}", shown.stats.fairness) }</td>
                <td class="num">{ format!("{} ({simulation_ending})", format_ms(simulation.wall_ms)) }</td>
                <td class={if ok { "ok" } else { "bad" }}>{ if ok { "✓" } else { "✗" } }</td>
            </tr>
        }
    };
    html! {
        <section class="comparison" data-testid="strategy-comparison" data-run-start={run_start} data-run-end={run_end}>
            <h3>{ "Every strategy at these settings" }</h3>
            { quality_advice(&props.record, &timed) }
            if props.rows.first().is_some_and(|(_, o)| o.config.force_deadlock) {
                <p class="note">{ format!(
                    "With the forced start, a strategy that keeps someone from taking a first chopstick (ordered, waiter) waits out the barrier's {:.0} ms timeout: that is in its wall time.",
                    philosophers::table::BARRIER_TIMEOUT_MS
                ) }</p>
            }
            <div class="table-scroll" tabindex="0">
                <table>
                    <thead><tr>
                        <th>{ "strategy" }</th><th>{ "threads: wall time" }</th><th>{ "ending" }</th><th>{ "meals/s" }</th>
                        <th>{ "longest hunger" }</th><th>{ "fairness" }</th><th>{ "simulation: wall time (ending)" }</th><th>{ "checker" }</th>
                    </tr></thead>
                    <tbody>{ for props.rows.iter().map(row) }</tbody>
                </table>
            </div>
        </section>
    }
}
