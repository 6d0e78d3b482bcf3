//! Every strategy at the same settings, side by side.

use crate::platform::shared::Shared;

use parlab_kernels::philosophers::{self, Strategy};
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
            std::iter::once(&outcome.sequential)
                .chain(outcome.threads())
                .map(move |d| (format!("{}, {} threads", strategy.name(), d.dinner.threads), vec![d.dinner.wall_ms]))
        })
        .collect::<Vec<_>>();
    // The table as one string, not a tree of elements (wasm size): numbers and parlab's names.
    let mut table = String::from(
        r#"<div class="table-scroll" tabindex="0"><table><thead><tr><th>strategy</th><th>threads: wall time</th><th>ending</th><th>meals/s</th><th>longest hunger</th><th>fairness</th><th>simulation: wall time (ending)</th><th>checker</th></tr></thead><tbody>"#,
    );
    for (strategy, outcome) in props.rows.iter() {
        let shown = outcome.threads().unwrap_or(&outcome.sequential);
        let ok = outcome.sequential.verdict.ok() && outcome.threads().is_none_or(|t| t.verdict.ok());
        let simulation = &outcome.sequential.dinner;
        table += &format!(
            r#"<tr data-strategy="{name}" data-ending="{}" data-correct="{ok}" data-threads-ms="{}" data-simulation-ms="{:.3}" data-simulation-ending="{simulation_ending}" data-meals-per-second="{:.1}"><th scope="row">{name}</th><td class="num">{}</td><td>{}</td><td class="num">{:.0}</td><td class="num">{}</td><td class="num">{:.3}</td><td class="num">{} ({simulation_ending})</td><td class="{}">{}</td></tr>"#,
            ending_name(&shown.dinner.ending),
            outcome.threads().map_or(String::new(), |t| format!("{:.3}", t.dinner.wall_ms)),
            simulation.wall_ms,
            shown.stats.meals_per_second,
            outcome.threads().map_or("–".into(), |t| format_ms(t.dinner.wall_ms)),
            ending_text(&shown.dinner.ending),
            shown.stats.meals_per_second,
            format_ms(shown.stats.longest_hunger_ms),
            shown.stats.fairness,
            format_ms(simulation.wall_ms),
            if ok { "ok" } else { "bad" },
            if ok { "✓" } else { "✗" },
            name = strategy.name(),
            simulation_ending = ending_name(&simulation.ending),
        );
    }
    table += "</tbody></table></div>";
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
            { Html::from_html_unchecked(table.into()) }
        </section>
    }
}
