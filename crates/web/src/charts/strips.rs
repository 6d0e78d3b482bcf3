use parlab_kernels::sort_merge::Strip;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ValueStripsProps {
    pub strips: Vec<Strip>,
}

/// The array at each phase of a sort, one sample per column, value as colour (dark blue = small,
/// yellow = large): sorted runs show as smooth ramps, the final array as one ramp.
#[component]
pub fn ValueStrips(props: &ValueStripsProps) -> Html {
    let max = props.strips.iter().flat_map(|s| s.samples.iter()).copied().max().unwrap_or(0).max(1) as f64;
    html! {
        <div class="strips" data-testid="value-strips" data-strips={props.strips.len().to_string()}>
            { for props.strips.iter().map(|strip| {
                let count = strip.samples.len().max(1);
                html! {
                    <div class="strip-row">
                        <span class="strip-label">{ &strip.label }</span>
                        <svg class="chart strip" viewBox={format!("0 0 {count} 1")} preserveAspectRatio="none" role="img"
                             aria-label={strip.label.clone()}>
                            { for strip.samples.iter().enumerate().map(|(i, &v)| html! {
                                <rect x={i.to_string()} y="0" width="1.05" height="1" fill={viridis(f64::from(v) / max)} />
                            }) }
                        </svg>
                    </div>
                }
            }) }
        </div>
    }
}

/// A perceptually even dark-blue → green → yellow scale for `t` in 0..=1.
fn viridis(t: f64) -> String {
    const STOPS: [(f64, f64, f64); 5] =
        [(68.0, 1.0, 84.0), (59.0, 82.0, 139.0), (33.0, 145.0, 140.0), (94.0, 201.0, 98.0), (253.0, 231.0, 37.0)];
    let t = t.clamp(0.0, 1.0) * (STOPS.len() - 1) as f64;
    let i = (t as usize).min(STOPS.len() - 2);
    let f = t - i as f64;
    let (a, b) = (STOPS[i], STOPS[i + 1]);
    let mix = |p: f64, q: f64| (p + (q - p) * f).round() as u8;
    format!("rgb({},{},{})", mix(a.0, b.0), mix(a.1, b.1), mix(a.2, b.2))
}
