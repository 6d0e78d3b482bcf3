//! The sort demo's thread sweep: every parallel variant's speedup for k = 1 … pool size, with
//! Amdahl's law fitted to chunks+kway, and what threads past the cores bought.

use parlab_kernels::scaling::past_the_cores;
use parlab_kernels::sort_merge::SortSweep;
use parlab_kernels::stats::{self, VariantTiming};
use yew::prelude::*;

use super::variant_colour;
use crate::platform::shared::Shared;
use crate::shell::charts::{Model, Series, SpeedupPoint, XAxis, format_ms, speedup_chart, swatch};
use crate::shell::run_record::{RunRecord, quality_advice};

pub struct SweepViewProps {
    pub sweep: Shared<SortSweep>,
    pub record: RunRecord,
    pub cores: usize,
}

pub fn sweep_view(props: &SweepViewProps) -> Html {
    let baseline = props.sweep.sequential.summary;
    let to_point = |t: &VariantTiming| SpeedupPoint {
        x: t.threads,
        speedup: stats::speedup(&baseline, &t.summary).unwrap_or(0.0),
        ms: t.summary.median_ms,
        correct: t.correct,
    };
    let series: Vec<Series> = props
        .sweep
        .series
        .iter()
        .map(|(variant, points)| Series {
            name: variant.name().into(),
            colour: variant_colour(*variant),
            points: points.iter().map(to_point).collect(),
        })
        .collect();
    let max_k = series.iter().flat_map(|s| s.points.iter()).map(|p| p.x).max().unwrap_or(1);
    let model = props.sweep.kway_model.map(|model| Model {
        name: format!(
            "Amdahl's law for chunks+kway: {} serial merge + {} of chunk sorting ÷ k",
            format_ms(model.serial_ms),
            format_ms(model.parallel_ms)
        ),
        points: (1..=max_k.max(props.cores))
            .map(|k| (k, baseline.median_ms / model.time_ms(k).max(f64::MIN_POSITIVE)))
            .collect(),
    });
    let (run_start, run_end) = props.record.epoch_attributes();
    let timed = std::iter::once(("sequential".to_owned(), props.sweep.sequential.samples_ms.clone()))
        .chain(props.sweep.series.iter().flat_map(|(variant, points)| {
            points.iter().map(|t| (format!("{}, k = {}", variant.name(), t.threads), t.samples_ms.clone()))
        }))
        .collect::<Vec<_>>();
    html! {
        <section class="sweep" data-testid="sweep-results" data-run-start={run_start} data-run-end={run_end}>
            <h3>{ format!("Speedup vs threads (sequential median {})", format_ms(baseline.median_ms)) }</h3>
            { quality_advice(&props.record, &timed) }
            { speedup_chart(&series, model.as_ref(), XAxis::Threads { cores: props.cores }) }
            if let Some(verdict) = past_the_cores(&best_per_k(&series), props.cores) {
                <p class="verdict" data-testid="oversubscription-verdict">{ format!("Taking the fastest variant at each k: {verdict}") }</p>
            }
            <p class="legend">
                { for series.iter().map(|s| html! { <span class="legend-item">{ swatch(s.colour) }{ s.name.clone() }</span> }) }
                <span class="legend-item"><i class="line-ideal"></i>{ "ideal (k×)" }</span>
                if let Some(model) = &model {
                    <span class="legend-item"><i class="line-model"></i>{ model.name.clone() }</span>
                }
            </p>
        </section>
    }
}

/// (k, the best speedup of any variant at k threads): what more threads bought at best.
fn best_per_k(series: &[Series]) -> Vec<(usize, f64)> {
    let Some(first) = series.first() else { return Vec::new() };
    first
        .points
        .iter()
        .map(|p| {
            let at_k = series.iter().flat_map(|s| s.points.iter()).filter(|q| q.x == p.x);
            (p.x, at_k.map(|q| q.speedup).fold(0.0, f64::max))
        })
        .collect()
}
