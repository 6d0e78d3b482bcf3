use std::collections::BTreeMap;

use parlab_kernels::map::ChunkRecord;
use parlab_kernels::verdict::count;
use yew::prelude::*;

use super::svg::{Fixed, Svg};
use super::{swatch, thread_colour};

/// The input as a strip, each stretch coloured by the thread that processed it: Pool.map's
/// chunk queue (and who won each chunk) made visible.
pub fn chunk_map(chunks: &[ChunkRecord], n: usize) -> Html {
    const WIDTH: f64 = 1000.0;
    let length = n;
    let n = n.max(1) as f64;
    let stretches = drawable_stretches(chunks, length);
    let mut per_thread: BTreeMap<usize, (usize, usize)> = BTreeMap::new();
    for chunk in chunks {
        let entry = per_thread.entry(chunk.thread).or_default();
        entry.0 += 1;
        entry.1 += chunk.len;
    }
    // Up to 2,000 rectangles: text through the SVG builder, not a tree of elements (wasm size
    // and drawing time).
    let mut strip = Svg::new();
    strip
        .open("svg")
        .attr("class", "chart strip")
        .attr("viewBox", format!("0 0 {WIDTH} 36"))
        .attr("preserveAspectRatio", "none")
        .attr("role", "img")
        .attr("aria-label", "which thread processed which part of the input")
        .start();
    for &(start, len, thread) in &stretches {
        strip
            .open("rect")
            .attr("x", Fixed(WIDTH * start as f64 / n, 2))
            .attr("y", 0usize)
            .attr("width", Fixed((WIDTH * len as f64 / n).max(0.5), 2))
            .attr("height", 36usize)
            .attr("fill", thread_colour(thread))
            .empty();
    }
    for start in boundaries(chunks, 400) {
        let at = WIDTH * start as f64 / n;
        strip
            .open("line")
            .attr("x1", Fixed(at, 2))
            .attr("x2", Fixed(at, 2))
            .attr("y1", 0usize)
            .attr("y2", 36usize)
            .attr("class", "chunk-edge")
            .empty();
    }
    strip.close("svg");
    let busy_ms = chunks.iter().map(|c| c.ended_ms - c.began_ms).sum::<f64>();
    html! {
        <figure class="chunk-map" data-testid="chunk-map" data-threads-used={per_thread.len().to_string()}
                data-busy-ms={format!("{busy_ms:.3}")} data-chunks={chunks.len().to_string()}>
            { strip.into_html() }
            <figcaption class="legend">
                { for per_thread.iter().map(|(&thread, &(chunks, elements))| html! {
                    <span class="legend-item">
                        { swatch(thread_colour(thread)) }
                        { format!("thread {thread}: {}, {:.1} % of elements", count(chunks, "chunk"), 100.0 * elements as f64 / n) }
                    </span>
                }) }
            </figcaption>
        </figure>
    }
}

/// At most this many rectangles are drawn; finer detail is below a pixel anyway.
const MAX_STRETCHES: usize = 2000;

/// The stretches to draw: exact while few enough, else the input cut into [`MAX_STRETCHES`]
/// equal bins, each coloured by the thread that processed most of it.
fn drawable_stretches(chunks: &[ChunkRecord], n: usize) -> Vec<(usize, usize, usize)> {
    let exact = same_thread_stretches(chunks);
    if exact.len() <= MAX_STRETCHES {
        return exact;
    }
    let bin = n.div_ceil(MAX_STRETCHES).max(1);
    let mut votes: Vec<BTreeMap<usize, usize>> = vec![BTreeMap::new(); n.div_ceil(bin)];
    for &(start, len, thread) in &exact {
        let mut at = start;
        while at < start + len {
            let end = (start + len).min((at / bin + 1) * bin);
            *votes[at / bin].entry(thread).or_default() += end - at;
            at = end;
        }
    }
    let binned: Vec<ChunkRecord> = votes
        .iter()
        .enumerate()
        .filter_map(|(i, counts)| {
            let (&thread, _) = counts.iter().max_by_key(|&(_, count)| *count)?;
            Some(ChunkRecord {
                index: i,
                start: i * bin,
                len: bin.min(n - i * bin),
                thread,
                began_ms: 0.0,
                ended_ms: 0.0,
            })
        })
        .collect();
    same_thread_stretches(&binned)
}

/// Runs of consecutive chunks done by one thread, as (first element, elements, thread).
fn same_thread_stretches(chunks: &[ChunkRecord]) -> Vec<(usize, usize, usize)> {
    let mut stretches: Vec<(usize, usize, usize)> = Vec::new();
    for chunk in chunks {
        match stretches.last_mut() {
            Some(last) if last.2 == chunk.thread => last.1 += chunk.len,
            _ => stretches.push((chunk.start, chunk.len, chunk.thread)),
        }
    }
    stretches
}

/// Chunk starts worth a separator line: all of them while they stay readable, else none.
fn boundaries(chunks: &[ChunkRecord], readable: usize) -> impl Iterator<Item = usize> + '_ {
    let shown = if chunks.len() <= readable { chunks } else { &[] };
    shown.iter().skip(1).map(|c| c.start)
}
