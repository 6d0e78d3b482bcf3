//! How full a bounded buffer or channel was over time.

use yew::prelude::*;

use super::{escape, format_ms};

/// Slots filled (`what`) after each put and take, against time: a step line under the
/// capacity. `testid` names the chart for tests and embedders.
pub fn occupancy_chart(samples: &[(f64, usize)], capacity: usize, testid: &'static str, what: &str) -> Html {
    const W: f64 = 1000.0;
    const H: f64 = 160.0;
    let end = samples.last().map_or(1.0, |s| s.0).max(f64::MIN_POSITIVE);
    let x = |ms: f64| 40.0 + (W - 50.0) * ms / end;
    let y = |filled: usize| 10.0 + (H - 30.0) * (1.0 - filled as f64 / capacity.max(1) as f64);
    let mut points = String::new();
    let mut last = 0;
    for &(ms, filled) in samples {
        points.push_str(&format!("{:.1},{:.1} {:.1},{:.1} ", x(ms), y(last), x(ms), y(filled)));
        last = filled;
    }
    let full = samples.iter().filter(|s| s.1 == capacity).count();
    let empty = samples.iter().filter(|s| s.1 == 0).count();
    let (top, bottom) = (y(capacity), y(0));
    let svg = format!(
        r#"<svg class="chart occupancy" data-testid="{testid}" data-samples="{}" data-capacity="{capacity}" viewBox="0 0 {W} {H}" role="img" aria-label="{} over time: {} samples, full at {full}, empty at {empty}"><line x1="40" x2="{}" y1="{top:.1}" y2="{top:.1}"/><line x1="40" x2="{}" y1="{bottom:.1}" y2="{bottom:.1}"/><text class="axis" x="4" y="{:.1}">{capacity}</text><text class="axis" x="4" y="{:.1}">0</text><polyline points="{points}"/><text class="axis" x="40" y="{}">0</text><text class="axis" x="{}" y="{}" text-anchor="end">{}</text></svg>"#,
        samples.len(),
        escape(what),
        samples.len(),
        W - 10.0,
        W - 10.0,
        top + 4.0,
        bottom + 4.0,
        H - 4.0,
        W - 10.0,
        H - 4.0,
        format_ms(end)
    );
    Html::from_html_unchecked(svg.into())
}
