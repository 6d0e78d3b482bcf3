use yew::prelude::*;

use super::format_ms;
use super::svg::{Fixed, Svg};

#[derive(Clone, PartialEq)]
pub struct Bar {
    pub label: String,
    pub value_ms: f64,
    pub colour: &'static str,
}

/// Horizontal bars of median times, longest = full width.
pub fn bar_chart(bars: &[Bar]) -> Html {
    const WIDTH: f64 = 1000.0;
    const LABEL: f64 = 160.0;
    const ROW: f64 = 34.0;
    let longest = bars.iter().map(|b| b.value_ms).fold(0.0, f64::max).max(f64::MIN_POSITIVE);
    let height = ROW * bars.len() as f64;
    // The data itself is the text alternative.
    let described: Vec<String> = bars.iter().map(|b| format!("{} {}", b.label, format_ms(b.value_ms))).collect();
    let mut svg = Svg::new();
    svg.open("svg")
        .attr("class", "chart bars")
        .attr("data-testid", "bar-chart")
        .attr("viewBox", format!("0 0 {WIDTH} {height}"))
        .attr("role", "img")
        .attr("aria-label", format!("median time per variant: {}", described.join("; ")))
        .start();
    for (i, bar) in bars.iter().enumerate() {
        let y = i as f64 * ROW;
        let length = (WIDTH - LABEL - 90.0) * bar.value_ms / longest;
        svg.open("g").start();
        svg.open("text").attr("x", LABEL - 8.0).attr("y", y + 19.0).attr("text-anchor", "end").start();
        svg.text(&bar.label).close("text");
        svg.open("rect")
            .attr("x", LABEL)
            .attr("y", y + 5.0)
            .attr("width", Fixed(length.max(1.0), 1))
            .attr("height", 22usize)
            .attr("rx", 3usize)
            .attr("fill", bar.colour)
            .empty();
        svg.open("text").attr("x", Fixed(LABEL + length + 6.0, 1)).attr("y", y + 19.0).attr("class", "value").start();
        svg.text(&format_ms(bar.value_ms)).close("text").close("g");
    }
    svg.close("svg");
    svg.into_html()
}
