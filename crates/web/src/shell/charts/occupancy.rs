//! How full a bounded buffer or channel was over time.

use std::fmt::Write;

use yew::prelude::*;

use super::format_ms;
use super::svg::{Fixed, Svg};

/// Slots filled (`what`) after each put and take, against time from 0 to `end_ms` (the axis the
/// run's other charts share): a step line under the capacity. `testid` names the chart for tests
/// and embedders.
pub fn occupancy_chart(
    samples: &[(f64, usize)],
    end_ms: f64,
    capacity: usize,
    testid: &'static str,
    what: &str,
) -> Html {
    let w = super::drawing_width();
    const H: f64 = 160.0;
    let end = end_ms.max(last_sample_ms(samples)).max(f64::MIN_POSITIVE);
    let x = |ms: f64| 40.0 + (w - 50.0) * ms / end;
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
    let mut svg = Svg::new();
    svg.open("svg")
        .attr("class", "chart occupancy")
        .attr("data-testid", testid)
        .attr("data-samples", samples.len())
        .attr("data-capacity", capacity)
        .attr("data-end-ms", Fixed(end, 3))
        .attr("viewBox", format!("0 0 {w} {H}"))
        .attr("role", "img")
        .attr("aria-label", format!("{what} over time: {} samples, full at {full}, empty at {empty}", samples.len()))
        .start();
    for level in [top, bottom] {
        svg.open("line")
            .attr("x1", 40usize)
            .attr("x2", w - 10.0)
            .attr("y1", Fixed(level, 1))
            .attr("y2", Fixed(level, 1))
            .empty();
    }
    for (level, label) in [(top, capacity), (bottom, 0)] {
        svg.open("text").attr("class", "axis").attr("x", 4usize).attr("y", Fixed(level + 4.0, 1)).start();
        svg.text(&label.to_string()).close("text");
    }
    svg.open("polyline").attr("points", points).empty();
    svg.open("text").attr("class", "axis").attr("x", 40usize).attr("y", H - 4.0).start();
    svg.text("0").close("text");
    svg.open("text").attr("class", "axis").attr("x", w - 10.0).attr("y", H - 4.0).attr("text-anchor", "end").start();
    svg.text(&format_ms(end)).close("text");
    svg.close("svg");
    svg.into_html()
}

/// When the last sample was taken.
pub fn last_sample_ms(samples: &[(f64, usize)]) -> f64 {
    samples.last().map_or(0.0, |s| s.0)
}
