use yew::prelude::*;

use super::{escape, format_ms};

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
    let mut svg = format!(
        r#"<svg class="chart bars" data-testid="bar-chart" viewBox="0 0 {WIDTH} {height}" role="img" aria-label="median time per variant: {}">"#,
        escape(&described.join("; "))
    );
    for (i, bar) in bars.iter().enumerate() {
        let y = i as f64 * ROW;
        let length = (WIDTH - LABEL - 90.0) * bar.value_ms / longest;
        svg += &format!(
            r#"<g><text x="{}" y="{}" text-anchor="end">{}</text><rect x="{LABEL}" y="{}" width="{:.1}" height="22" rx="3" fill="{}"/><text x="{:.1}" y="{}" class="value">{}</text></g>"#,
            LABEL - 8.0,
            y + 19.0,
            escape(&bar.label),
            y + 5.0,
            length.max(1.0),
            bar.colour,
            LABEL + length + 6.0,
            y + 19.0,
            format_ms(bar.value_ms)
        );
    }
    svg += "</svg>";
    Html::from_html_unchecked(svg.into())
}
