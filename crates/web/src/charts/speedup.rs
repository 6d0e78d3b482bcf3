use yew::prelude::*;

#[derive(Clone, PartialEq)]
pub struct SpeedupPoint {
    pub threads: usize,
    pub speedup: f64,
    /// The median time behind the speedup.
    pub ms: f64,
    pub correct: bool,
}

/// One measured line.
#[derive(Clone, PartialEq)]
pub struct Series {
    pub name: String,
    pub colour: &'static str,
    pub points: Vec<SpeedupPoint>,
}

/// A predicted line (e.g. Amdahl's law), drawn dashed.
#[derive(Clone, PartialEq)]
pub struct Model {
    pub name: String,
    pub points: Vec<(usize, f64)>,
}

/// Measured speedup against thread count, beside the ideal `speedup = k` line, and `cores` (the
/// measured parallelism, or the reported count before it is known) marked, since speedup cannot
/// grow past it.
pub fn speedup_chart(series: &[Series], model: Option<&Model>, cores: usize) -> Html {
    const W: f64 = 520.0;
    const H: f64 = 300.0;
    const LEFT: f64 = 48.0;
    const BOTTOM: f64 = 36.0;
    const TOP: f64 = 14.0;
    const RIGHT: f64 = 16.0;
    let all_points = series.iter().flat_map(|s| s.points.iter());
    let max_k = all_points.clone().map(|p| p.threads).max().unwrap_or(1).max(cores).max(2) as f64;
    let max_y = all_points.map(|p| p.speedup).fold(max_k, f64::max).ceil();
    let x = |k: f64| LEFT + (W - LEFT - RIGHT) * (k - 1.0) / (max_k - 1.0);
    let y = |s: f64| H - BOTTOM - (H - BOTTOM - TOP) * s / max_y;
    let polyline = |points: Vec<(f64, f64)>| {
        points.iter().map(|&(k, s)| format!("{:.1},{:.1}", x(k), y(s))).collect::<Vec<_>>().join(" ")
    };
    let y_ticks: Vec<f64> = (0..=max_y as usize).map(|t| t as f64).collect();
    // The data itself is the text alternative.
    let described = format!(
        "speedup against number of threads: {}",
        series
            .iter()
            .map(|s| format!(
                "{}: {}",
                s.name,
                s.points.iter().map(|p| format!("k = {} {:.2}×", p.threads, p.speedup)).collect::<Vec<_>>().join(", ")
            ))
            .collect::<Vec<_>>()
            .join("; ")
    );
    html! {
        <svg class="chart speedup" data-testid="sweep-chart" data-cores={cores.to_string()} viewBox={format!("0 0 {W} {H}")} role="img"
             aria-label={described}>
            { for y_ticks.iter().map(|&t| html! {
                <g class="grid">
                    <line x1={LEFT.to_string()} x2={(W - RIGHT).to_string()} y1={y(t).to_string()} y2={y(t).to_string()} />
                    <text x={(LEFT - 6.0).to_string()} y={(y(t) + 4.0).to_string()} text-anchor="end">{ format!("{t}×") }</text>
                </g>
            }) }
            { for (1..=max_k as usize).map(|k| html! {
                <text class="axis" x={x(k as f64).to_string()} y={(H - BOTTOM + 16.0).to_string()} text-anchor="middle">{ k }</text>
            }) }
            <text class="axis-title" x={((LEFT + W - RIGHT) / 2.0).to_string()} y={(H - 4.0).to_string()} text-anchor="middle">{ "threads k" }</text>
            <line class="cores" x1={x(cores as f64).to_string()} x2={x(cores as f64).to_string()}
                  y1={TOP.to_string()} y2={(H - BOTTOM).to_string()} />
            <text class="cores-label" x={(x(cores as f64) - 4.0).to_string()} y={(H - BOTTOM - 6.0).to_string()} text-anchor="end">
                { format!("{} cores", cores) }
            </text>
            <line class="ideal" x1={x(1.0).to_string()} y1={y(1.0).to_string()} x2={x(max_k).to_string()} y2={y(max_k.min(max_y)).to_string()} />
            if let Some(model) = model {
                <polyline class="model" data-testid="amdahl-line"
                          points={polyline(model.points.iter().map(|&(k, s)| (k as f64, s)).collect())}>
                    <title>{ model.name.clone() }</title>
                </polyline>
            }
            { for series.iter().map(|series| html! {
                <g class="series" data-series={series.name.clone()}>
                    <polyline class="measured" stroke={series.colour}
                              points={polyline(series.points.iter().map(|p| (p.threads as f64, p.speedup)).collect())} />
                    { for series.points.iter().map(|p| html! {
                        <circle class={classes!("point", (!p.correct).then_some("wrong"))} fill={series.colour}
                                data-threads={p.threads.to_string()} data-speedup={format!("{:.3}", p.speedup)} data-ms={format!("{:.3}", p.ms)}
                                cx={x(p.threads as f64).to_string()} cy={y(p.speedup).to_string()} r="5">
                            <title>{ format!("{}, k = {}: {:.2}×", series.name, p.threads, p.speedup) }</title>
                        </circle>
                    }) }
                </g>
            }) }
        </svg>
    }
}
