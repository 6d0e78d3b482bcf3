//! How full a bounded buffer or channel was over time.

use yew::prelude::*;

use super::format_ms;

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
    html! {
        <svg class="chart occupancy" data-testid={testid} data-samples={samples.len().to_string()}
             data-capacity={capacity.to_string()} viewBox={format!("0 0 {W} {H}")} role="img"
             aria-label={format!("{what} over time: {} samples, full at {full}, empty at {empty}", samples.len())}>
            <line x1="40" x2={(W - 10.0).to_string()} y1={y(capacity).to_string()} y2={y(capacity).to_string()} />
            <line x1="40" x2={(W - 10.0).to_string()} y1={y(0).to_string()} y2={y(0).to_string()} />
            <text class="axis" x="4" y={(y(capacity) + 4.0).to_string()}>{ capacity }</text>
            <text class="axis" x="4" y={(y(0) + 4.0).to_string()}>{ "0" }</text>
            <polyline points={points} />
            <text class="axis" x="40" y={(H - 4.0).to_string()}>{ "0" }</text>
            <text class="axis" x={(W - 10.0).to_string()} y={(H - 4.0).to_string()} text-anchor="end">{ format_ms(end) }</text>
        </svg>
    }
}
