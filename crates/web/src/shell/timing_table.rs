//! The results table every timed demo shows: one `result-row` per variant, its median, range,
//! speedup and efficiency against the sequential baseline, whether its output was right, and
//! whether its timing can be trusted (its quality mark).

use parlab_kernels::stats::{self, Summary, VariantTiming};
use yew::prelude::*;

use super::run_record::RunRecord;
use crate::shell::charts::{format_ms, swatch_markup};

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
/// changes. Built as one string (numbers and parlab's own variant names), which costs a
/// fraction of the wasm that building each cell does.
pub fn timing_table(rows: &[TimedVariant], baseline: Summary, record: RunRecord) -> Html {
    let mut table = String::from(
        r#"<div class="table-scroll" tabindex="0"><table><thead><tr><th>variant</th><th>threads</th><th>median</th><th>min – max</th><th>speedup</th><th>efficiency</th><th>output</th><th>timing</th></tr></thead><tbody>"#,
    );
    for TimedVariant { name, swatch: colour, timing } in rows {
        let s = &timing.summary;
        let speedup = stats::speedup(&baseline, s);
        let quality = record.quality(&timing.samples_ms).name();
        let swatch = colour.map_or(String::new(), swatch_markup);
        let (output_class, output) = if timing.correct { ("ok", "✓ equal") } else { ("bad", "✗ differs") };
        table += &format!(
            r#"<tr data-testid="result-row" data-variant="{name}" data-threads="{threads}" data-ms="{:.3}" data-correct="{}" data-min-ms="{:.3}" data-max-ms="{:.3}" data-runs="{}" data-quality="{quality}"><th scope="row">{swatch}{name}</th><td>{threads}</td><td class="num">{}</td><td class="num">{} – {}</td><td class="num">{}</td><td class="num">{}</td><td class="{output_class}">{output}</td><td class="quality {quality}">{quality}</td></tr>"#,
            s.median_ms,
            timing.correct,
            s.min_ms,
            s.max_ms,
            s.runs,
            format_ms(s.median_ms),
            format_ms(s.min_ms),
            format_ms(s.max_ms),
            speedup.map_or("–".into(), |x| format!("{x:.2}×")),
            speedup.map_or("–".into(), |x| format!("{:.0} %", 100.0 * stats::efficiency(x, timing.threads))),
            threads = timing.threads,
        );
    }
    table += "</tbody></table></div>";
    Html::from_html_unchecked(table.into())
}
