use yew::prelude::*;

use super::format_ms;

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
    html! {
        <svg class="chart bars" data-testid="bar-chart" viewBox={format!("0 0 {WIDTH} {height}")} role="img"
             aria-label={format!("median time per variant: {}", described.join("; "))}>
            { for bars.iter().enumerate().map(|(i, bar)| {
                let y = i as f64 * ROW;
                let length = (WIDTH - LABEL - 90.0) * bar.value_ms / longest;
                html! {
                    <g>
                        <text x={(LABEL - 8.0).to_string()} y={(y + 19.0).to_string()} text-anchor="end">{ &bar.label }</text>
                        <rect x={LABEL.to_string()} y={(y + 5.0).to_string()} width={length.max(1.0).to_string()} height="22" rx="3" fill={bar.colour} />
                        <text x={(LABEL + length + 6.0).to_string()} y={(y + 19.0).to_string()} class="value">{ format_ms(bar.value_ms) }</text>
                    </g>
                }
            }) }
        </svg>
    }
}
