use parlab_kernels::params::group;
use yew::prelude::*;

use super::escape;

#[derive(Clone, PartialEq)]
pub struct SpeedupPoint {
    /// Threads k, or the problem size n on a [`XAxis::Size`] chart.
    pub x: usize,
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

/// What the speedup is drawn against.
#[derive(Clone, Copy, PartialEq)]
pub enum XAxis {
    /// Threads k, beside the ideal `speedup = k` line, with `cores` (the measured parallelism,
    /// or the reported count before it is known) marked, since speedup cannot grow past it.
    Threads { cores: usize },
    /// Problem size n on a log scale, beside the break-even line `speedup = 1`, with the
    /// break-even n found from the data marked.
    Size { break_even_n: Option<f64> },
}

/// Measured speedup against threads or problem size (`sweep-chart` or `crossover-chart`).
pub fn speedup_chart(series: &[Series], model: Option<&Model>, axis: XAxis) -> Html {
    const W: f64 = 520.0;
    const H: f64 = 300.0;
    const LEFT: f64 = 48.0;
    const BOTTOM: f64 = 36.0;
    const TOP: f64 = 14.0;
    const RIGHT: f64 = 16.0;
    let all_points = series.iter().flat_map(|s| s.points.iter());
    let (low, high) = match axis {
        XAxis::Threads { cores } => (1.0, all_points.clone().map(|p| p.x).max().unwrap_or(1).max(cores).max(2) as f64),
        XAxis::Size { .. } => {
            let log = |n: usize| (n.max(1) as f64).log10();
            let low = all_points.clone().map(|p| log(p.x)).fold(f64::INFINITY, f64::min).min(3.0);
            (low, all_points.clone().map(|p| log(p.x)).fold(low + 1.0, f64::max))
        }
    };
    let to_x = |value: f64| match axis {
        XAxis::Threads { .. } => value,
        XAxis::Size { .. } => value.max(1.0).log10(),
    };
    let floor_y = if let XAxis::Threads { .. } = axis { high } else { 2.0 };
    let max_y = all_points.map(|p| p.speedup).fold(floor_y, f64::max).ceil();
    let x = |value: f64| LEFT + (W - LEFT - RIGHT) * (to_x(value) - low) / (high - low);
    let y = |s: f64| H - BOTTOM - (H - BOTTOM - TOP) * s / max_y;
    let polyline = |points: Vec<(f64, f64)>| {
        points.iter().map(|&(k, s)| format!("{:.1},{:.1}", x(k), y(s))).collect::<Vec<_>>().join(" ")
    };
    let (testid, x_name, ticks, mark, ideal_end) = match axis {
        XAxis::Threads { cores } => (
            "sweep-chart",
            "threads k",
            (1..=high as usize).filter(|k| high <= 16.0 || k % 8 == 0 || *k == 1).map(|k| k as f64).collect::<Vec<_>>(),
            Some((cores as f64, format!("{cores} cores"))),
            high.min(max_y),
        ),
        XAxis::Size { break_even_n } => (
            "crossover-chart",
            "problem size n (log scale)",
            (low.ceil() as i32..=high.floor() as i32).map(|e| 10f64.powi(e)).collect(),
            break_even_n.map(|n| (n, format!("break-even ≈ {}", group(n.round() as usize)))),
            1.0,
        ),
    };
    let (x_start, x_end) = match axis {
        XAxis::Threads { .. } => (1.0, high),
        XAxis::Size { .. } => (10f64.powf(low), 10f64.powf(high)),
    };
    let tick_text = |value: f64| match axis {
        XAxis::Threads { .. } => value.to_string(),
        XAxis::Size { .. } => group(value as usize),
    };
    // The data itself is the text alternative.
    let described = format!(
        "speedup against {x_name}: {}",
        series
            .iter()
            .map(|s| format!(
                "{}: {}",
                s.name,
                s.points
                    .iter()
                    .map(|p| format!("{} {:.2}×", tick_text(p.x as f64), p.speedup))
                    .collect::<Vec<_>>()
                    .join(", ")
            ))
            .collect::<Vec<_>>()
            .join("; ")
    );
    let (cores, break_even_n) = match axis {
        XAxis::Threads { cores } => (Some(cores.to_string()), None),
        XAxis::Size { break_even_n } => (None, break_even_n.map(|n| format!("{n:.0}"))),
    };
    let by_threads = cores.is_some();
    let mut svg = format!(
        r#"<svg class="chart speedup" data-testid="{testid}"{}{} viewBox="0 0 {W} {H}" role="img" aria-label="{}">"#,
        cores.map_or(String::new(), |c| format!(r#" data-cores="{c}""#)),
        break_even_n.map_or(String::new(), |n| format!(r#" data-break-even-n="{n}""#)),
        escape(&described)
    );
    for t in 0..=max_y as usize {
        let ty = y(t as f64);
        svg += &format!(
            r#"<g class="grid"><line x1="{LEFT}" x2="{}" y1="{ty:.1}" y2="{ty:.1}"/><text x="{}" y="{:.1}" text-anchor="end">{t}×</text></g>"#,
            W - RIGHT,
            LEFT - 6.0,
            ty + 4.0
        );
    }
    for &value in &ticks {
        svg += &format!(
            r#"<text class="axis" x="{:.1}" y="{}" text-anchor="middle">{}</text>"#,
            x(value),
            H - BOTTOM + 16.0,
            tick_text(value)
        );
    }
    svg += &format!(
        r#"<text class="axis-title" x="{}" y="{}" text-anchor="middle">{x_name}</text>"#,
        (LEFT + W - RIGHT) / 2.0,
        H - 4.0
    );
    if let Some((at, label)) = mark {
        let mx = x(at);
        svg += &format!(
            r#"<line class="cores" x1="{mx:.1}" x2="{mx:.1}" y1="{TOP}" y2="{}"/><text class="cores-label" x="{:.1}" y="{}" text-anchor="end">{label}</text>"#,
            H - BOTTOM,
            mx - 4.0,
            H - BOTTOM - 6.0
        );
    }
    svg += &format!(
        r#"<line class="ideal" x1="{:.1}" y1="{:.1}" x2="{:.1}" y2="{:.1}"/>"#,
        x(x_start),
        y(1.0),
        x(x_end),
        y(ideal_end)
    );
    if let Some(model) = model {
        svg += &format!(
            r#"<polyline class="model" data-testid="amdahl-line" points="{}"><title>{}</title></polyline>"#,
            polyline(model.points.iter().map(|&(k, s)| (k as f64, s)).collect()),
            escape(&model.name)
        );
    }
    for series in series {
        svg += &format!(
            r#"<g class="series" data-series="{}"><polyline class="measured" stroke="{}" points="{}"/>"#,
            escape(&series.name),
            series.colour,
            polyline(series.points.iter().map(|p| (p.x as f64, p.speedup)).collect())
        );
        for p in &series.points {
            svg += &format!(
                r#"<circle class="point{}" fill="{}" data-{}="{}" data-speedup="{:.3}" data-ms="{:.3}" cx="{:.1}" cy="{:.1}" r="5"><title>{}, {}: {:.2}×</title></circle>"#,
                if p.correct { "" } else { " wrong" },
                series.colour,
                if by_threads { "threads" } else { "n" },
                p.x,
                p.speedup,
                p.ms,
                x(p.x as f64),
                y(p.speedup),
                escape(&series.name),
                tick_text(p.x as f64),
                p.speedup
            );
        }
        svg += "</g>";
    }
    svg += "</svg>";
    // One string, not a tree of elements: the chart is redrawn only when a sweep ends, and a
    // string costs a fraction of the wasm that building each element does. Every text in it is
    // parlab's own (names, numbers), escaped all the same.
    Html::from_html_unchecked(svg.into())
}
