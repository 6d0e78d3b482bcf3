//! The results table every timed demo shows: one `result-row` per variant, its median, range,
//! speedup and efficiency against the sequential baseline, whether its output was right, and
//! whether its timing can be trusted (its quality mark).

use parlab_kernels::stats::{self, Summary, VariantTiming};
use yew::prelude::*;

use super::run_record::RunRecord;
use crate::shell::charts::{format_ms, swatch};

/// One row: the `data-variant` name, an optional colour swatch, and the timing.
#[derive(Clone, PartialEq)]
pub struct TimedVariant {
    pub name: &'static str,
    pub swatch: Option<&'static str>,
    pub timing: VariantTiming,
}

/// The rows of the variants that ran, in order, from (name, timing if it ran).
pub fn timed_rows(variants: &[(&'static str, Option<&VariantTiming>)]) -> Vec<TimedVariant> {
    variants
        .iter()
        .filter_map(|&(name, timing)| Some(TimedVariant { name, swatch: None, timing: timing?.clone() }))
        .collect()
}

/// A function, not a component: its callers are components that redraw only when their run
/// changes.
pub fn timing_table(rows: &[TimedVariant], baseline: Summary, record: RunRecord) -> Html {
    timing_table_marked(rows, baseline, record, &[])
}

/// [`timing_table`], with more `data-*` attributes on the rows of some variants: (variant,
/// attribute, value), for a demo whose rows say more than the shared columns.
pub fn timing_table_marked(
    rows: &[TimedVariant],
    baseline: Summary,
    record: RunRecord,
    marks: &[(&'static str, &'static str, String)],
) -> Html {
    let row = |TimedVariant { name, swatch: colour, timing }: &TimedVariant| {
        let s = &timing.summary;
        let speedup = stats::speedup(&baseline, s);
        let quality = record.quality(&timing.samples_ms).name();
        let (output_class, output) = if timing.correct { ("ok", "✓ equal") } else { ("bad", "✗ differs") };
        let mut row = html! {
            <tr data-testid="result-row" data-variant={*name} data-threads={timing.threads.to_string()}
                data-ms={format!("{:.3}", s.median_ms)} data-correct={timing.correct.to_string()}
                data-min-ms={format!("{:.3}", s.min_ms)} data-max-ms={format!("{:.3}", s.max_ms)}
                data-runs={s.runs.to_string()} data-quality={quality}>
                <th scope="row">{ colour.map(swatch) }{ *name }</th>
                <td>{ timing.threads }</td>
                <td class="num">{ format_ms(s.median_ms) }</td>
                <td class="num">{ format!("{} – {}", format_ms(s.min_ms), format_ms(s.max_ms)) }</td>
                <td class="num">{ speedup.map_or("–".into(), |x| format!("{x:.2}×")) }</td>
                <td class="num">{ speedup.map_or("–".into(), |x| format!("{:.0} %", 100.0 * stats::efficiency(x, timing.threads))) }</td>
                <td class={output_class}>{ output }</td>
                <td class={classes!("quality", quality)}>{ quality }</td>
            </tr>
        };
        if let Html::VTag(tag) = &mut row {
            for (_, attribute, value) in marks.iter().filter(|(variant, _, _)| variant == name) {
                std::rc::Rc::make_mut(tag).add_attribute(attribute, value.clone());
            }
        }
        row
    };
    html! {
        <div class="table-scroll" tabindex="0">
            <table>
                <thead><tr>
                    <th>{ "variant" }</th><th>{ "threads" }</th><th>{ "median" }</th><th>{ "min – max" }</th>
                    <th>{ "speedup" }</th><th>{ "efficiency" }</th><th>{ "output" }</th><th>{ "timing" }</th>
                </tr></thead>
                <tbody>{ for rows.iter().map(row) }</tbody>
            </table>
        </div>
    }
}
