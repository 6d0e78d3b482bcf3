//! Small SVG charts. Each takes plain numbers, so any demo can reuse it.

mod bars;
mod chunk_map;
mod occupancy;
mod phases;
mod speedup;
mod strips;
pub mod svg;
mod timeline;

pub use bars::{Bar, bar_chart};
pub use chunk_map::chunk_map;
pub use occupancy::{last_sample_ms, occupancy_chart};
pub use phases::{PhaseRow, phase_timeline};
pub use speedup::{Model, Series, SpeedupPoint, XAxis, speedup_chart};
pub use strips::value_strips;
pub use timeline::{Timeline, Wait};

use svg::Svg;
use yew::prelude::*;

/// The width to draw a chart's SVG at, in CSS pixels: about the width it will be shown at (the
/// window less the page's margins), so one unit of the drawing is about a pixel and its 12 px
/// text stays 12 px on a phone as on a desktop, instead of shrinking with a fixed-size drawing.
/// Read when the chart is drawn (at the end of a run), not on resize.
pub fn drawing_width() -> f64 {
    let window = web_sys::window().and_then(|w| w.inner_width().ok()).and_then(|w| w.as_f64()).unwrap_or(1000.0);
    (window - 74.0).clamp(280.0, 1000.0)
}

/// One colour per pool thread, distinguishable for the common kinds of colour blindness for the
/// first eight (Okabe–Ito order), then cycling.
pub fn thread_colour(thread: usize) -> &'static str {
    const PALETTE: [&str; 8] = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#555555"];
    PALETTE[thread % PALETTE.len()]
}

/// A small colour square for a legend. SVG `fill`, not a `style` attribute: the page's
/// Content-Security-Policy allows no inline styles.
pub fn swatch(colour: &'static str) -> Html {
    html! {
        <svg class="swatch" viewBox="0 0 1 1" aria-hidden="true"><rect width="1" height="1" fill={colour} /></svg>
    }
}

/// `1234.5` → `"1,234.5"`-style millisecond text with sensible precision.
pub fn format_ms(ms: f64) -> String {
    if ms >= 100.0 {
        format!("{ms:.0} ms")
    } else if ms >= 10.0 {
        format!("{ms:.1} ms")
    } else {
        format!("{ms:.2} ms")
    }
}

/// The time axis under a chart of lanes, `0` at `left` and the run's length at `right`, on the
/// baseline `y`.
pub fn time_axis(svg: &mut Svg, left: f64, right: f64, y: f64, end_ms: f64) {
    svg.open("text").attr("class", "axis").attr("x", left).attr("y", y).start();
    svg.text("0").close("text");
    svg.open("text").attr("class", "axis").attr("x", right).attr("y", y).attr("text-anchor", "end").start();
    svg.text(&format_ms(end_ms)).close("text");
}
