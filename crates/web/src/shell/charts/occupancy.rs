//! How full a bounded buffer or channel was over time.

use std::fmt::Write;

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
    // Whole viewBox units (about a pixel each): thousands of points, and `{:.1}` takes core's
    // exact float formatting, measured at 17 of a producer–consumer run's 56 ms on the UI thread.
    let mut points = String::with_capacity(samples.len() * 16);
    let mut last = 0;
    for &(ms, filled) in samples {
        let x = x(ms).round() as u32;
        let _ = write!(points, "{x},{} {x},{} ", y(last).round() as u32, y(filled).round() as u32);
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
