use parlab_kernels::params::group;
use parlab_kernels::verdict::count;
use yew::prelude::*;

use super::svg::{Fixed, Svg};

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
    // As wide as it is shown (its CSS caps it at 620 px).
    let w = super::drawing_width().min(620.0);
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
    let x = |value: f64| LEFT + (w - LEFT - RIGHT) * (to_x(value) - low) / (high - low);
    let y = |s: f64| H - BOTTOM - (H - BOTTOM - TOP) * s / max_y;
    let polyline = |points: Vec<(f64, f64)>| {
        points.iter().map(|&(k, s)| format!("{:.1},{:.1}", x(k), y(s))).collect::<Vec<_>>().join(" ")
    };
    let (testid, x_name, ticks, mark, ideal_end) = match axis {
        XAxis::Threads { cores } => (
            "sweep-chart",
            "threads k",
            (1..=high as usize).filter(|k| high <= 16.0 || k % 8 == 0 || *k == 1).map(|k| k as f64).collect::<Vec<_>>(),
            Some((cores as f64, count(cores, "core"))),
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
    let mut svg = Svg::new();
    svg.open("svg")
        .attr("class", "chart speedup")
        .attr("data-testid", testid)
        .attr_if("data-cores", cores)
        .attr_if("data-break-even-n", break_even_n)
        .attr("viewBox", format!("0 0 {w} {H}"))
        .attr("role", "img")
        .attr("aria-label", described)
        .start();
    for t in 0..=max_y as usize {
        let ty = y(t as f64);
        svg.open("g").attr("class", "grid").start();
        svg.open("line")
            .attr("x1", LEFT)
            .attr("x2", w - RIGHT)
            .attr("y1", Fixed(ty, 1))
            .attr("y2", Fixed(ty, 1))
            .empty();
        svg.open("text").attr("x", LEFT - 6.0).attr("y", Fixed(ty + 4.0, 1)).attr("text-anchor", "end").start();
        svg.text(&format!("{t}×")).close("text").close("g");
    }
    for &value in &ticks {
        svg.open("text")
            .attr("class", "axis")
            .attr("x", Fixed(x(value), 1))
            .attr("y", H - BOTTOM + 16.0)
            .attr("text-anchor", "middle")
            .start();
        svg.text(&tick_text(value)).close("text");
    }
    svg.open("text")
        .attr("class", "axis-title")
        .attr("x", (LEFT + w - RIGHT) / 2.0)
        .attr("y", H - 4.0)
        .attr("text-anchor", "middle")
        .start();
    svg.text(x_name).close("text");
    if let Some((at, label)) = mark {
        let mx = x(at);
        svg.open("line")
            .attr("class", "cores")
            .attr("x1", Fixed(mx, 1))
            .attr("x2", Fixed(mx, 1))
            .attr("y1", TOP)
            .attr("y2", H - BOTTOM)
            .empty();
        svg.open("text")
            .attr("class", "cores-label")
            .attr("x", Fixed(mx - 4.0, 1))
            .attr("y", H - BOTTOM - 6.0)
            .attr("text-anchor", "end")
            .start();
        svg.text(&label).close("text");
    }
    svg.open("line")
        .attr("class", "ideal")
        .attr("x1", Fixed(x(x_start), 1))
        .attr("y1", Fixed(y(1.0), 1))
        .attr("x2", Fixed(x(x_end), 1))
        .attr("y2", Fixed(y(ideal_end), 1))
        .empty();
    if let Some(model) = model {
        svg.open("polyline")
            .attr("class", "model")
            .attr("data-testid", "amdahl-line")
            .attr("points", polyline(model.points.iter().map(|&(k, s)| (k as f64, s)).collect()))
            .start();
        svg.element("title", &model.name).close("polyline");
    }
    for series in series {
        svg.open("g").attr("class", "series").attr("data-series", &series.name).start();
        svg.open("polyline")
            .attr("class", "measured")
            .attr("stroke", series.colour)
            .attr("points", polyline(series.points.iter().map(|p| (p.x as f64, p.speedup)).collect()))
            .empty();
        for p in &series.points {
            svg.open("circle")
                .attr("class", if p.correct { "point" } else { "point wrong" })
                .attr("fill", series.colour)
                .attr(if by_threads { "data-threads" } else { "data-n" }, p.x)
                .attr("data-speedup", Fixed(p.speedup, 3))
                .attr("data-ms", Fixed(p.ms, 3))
                .attr("cx", Fixed(x(p.x as f64), 1))
                .attr("cy", Fixed(y(p.speedup), 1))
                .attr("r", 5usize)
                .start();
            svg.element("title", &format!("{}, {}: {:.2}×", series.name, tick_text(p.x as f64), p.speedup));
            svg.close("circle");
        }
        svg.close("g");
    }
    svg.close("svg");
    // Text through the SVG builder, not a tree of elements: the chart is redrawn only when a
    // sweep ends, and building each element would cost several times the wasm.
    svg.into_html()
}
