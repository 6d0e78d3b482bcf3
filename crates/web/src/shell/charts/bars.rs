use yew::prelude::*;

use super::format_ms;
use super::svg::{Fixed, Svg};

#[derive(Clone, PartialEq)]
pub struct Bar {
    pub label: String,
    pub value_ms: f64,
    pub colour: &'static str,
}

/// Horizontal bars of median times, longest = full width. The labels and values are page text
/// in a grid, readable at any width; only each bar is drawn, stretched to its track.
pub fn bar_chart(bars: &[Bar]) -> Html {
    const WIDTH: f64 = 1000.0;
    let longest = bars.iter().map(|b| b.value_ms).fold(0.0, f64::max).max(f64::MIN_POSITIVE);
    // The data itself is the text alternative.
    let described: Vec<String> = bars.iter().map(|b| format!("{} {}", b.label, format_ms(b.value_ms))).collect();
    let row = |bar: &Bar| {
        let mut svg = Svg::new();
        svg.open("svg")
            .attr("class", "bar-track")
            .attr("viewBox", format!("0 0 {WIDTH} 1"))
            .attr("preserveAspectRatio", "none")
            .attr("aria-hidden", "true")
            .start();
        svg.open("rect")
            .attr("width", Fixed((WIDTH * bar.value_ms / longest).max(1.0), 1))
            .attr("height", 1usize)
            .attr("fill", bar.colour)
            .empty();
        svg.close("svg");
        html! {
            <div class="bar-row">
                <span class="bar-label">{ &bar.label }</span>
                { svg.into_html() }
                <span class="bar-value">{ format_ms(bar.value_ms) }</span>
            </div>
        }
    };
    html! {
        <figure class="bars" data-testid="bar-chart" role="img"
                aria-label={format!("median time per variant: {}", described.join("; "))}>
            { for bars.iter().map(row) }
        </figure>
    }
}
