use parlab_kernels::sort_merge::Strip;
use wasm_bindgen::JsCast;
use yew::prelude::*;

/// The array at each phase of a sort, one sample per column, value as colour (dark blue = small,
/// yellow = large): sorted runs show as smooth ramps, the final array as one ramp.
pub fn value_strips(strips: &[Strip]) -> Html {
    let max = strips.iter().flat_map(|s| s.samples.iter()).copied().max().unwrap_or(0).max(1);
    html! {
        <div class="strips" data-testid="value-strips" data-strips={strips.len().to_string()}>
            { for strips.iter().map(|strip| html! {
                <div class="strip-row">
                    <span class="strip-label">{ &strip.label }</span>
                    <StripCanvas samples={strip.samples.clone()} max={max} label={strip.label.clone()} />
                </div>
            }) }
        </div>
    }
}

#[derive(Properties, PartialEq)]
struct StripCanvasProps {
    samples: Vec<u32>,
    max: u32,
    label: AttrValue,
}

/// One strip as a canvas one pixel high, a column per sample. Drawn as pixels, not as an SVG
/// rectangle per sample: thousands of elements made the results' render one main-thread task of
/// about 60 ms.
#[component]
fn StripCanvas(props: &StripCanvasProps) -> Html {
    let canvas = use_node_ref();
    {
        let canvas = canvas.clone();
        use_effect_with((props.samples.clone(), props.max), move |(samples, max)| draw(&canvas, samples, *max));
    }
    html! {
        <canvas ref={canvas} class="chart strip" width={props.samples.len().max(1).to_string()} height="1" role="img"
                aria-label={props.label.clone()} />
    }
}

fn draw(canvas: &NodeRef, samples: &[u32], max: u32) {
    let Some(canvas) = canvas.cast::<web_sys::HtmlCanvasElement>() else { return };
    let Some(context) = canvas.get_context("2d").ok().flatten() else { return };
    let Ok(context) = context.dyn_into::<web_sys::CanvasRenderingContext2d>() else { return };
    let pixels: Vec<u8> = samples
        .iter()
        .flat_map(|&v| {
            let (r, g, b) = viridis(f64::from(v) / f64::from(max.max(1)));
            [r, g, b, 255]
        })
        .collect();
    // A copy outside wasm memory: ImageData refuses a view of shared memory.
    let data = js_sys::Uint8ClampedArray::new_with_length(pixels.len() as u32);
    data.copy_from(&pixels);
    if let Ok(image) = web_sys::ImageData::new_with_js_u8_clamped_array(&data, samples.len().max(1) as u32) {
        let _ = context.put_image_data(&image, 0.0, 0.0);
    }
}

/// A perceptually even dark-blue → green → yellow scale for `t` in 0..=1.
fn viridis(t: f64) -> (u8, u8, u8) {
    const STOPS: [(f64, f64, f64); 5] =
        [(68.0, 1.0, 84.0), (59.0, 82.0, 139.0), (33.0, 145.0, 140.0), (94.0, 201.0, 98.0), (253.0, 231.0, 37.0)];
    let t = t.clamp(0.0, 1.0) * (STOPS.len() - 1) as f64;
    let i = (t as usize).min(STOPS.len() - 2);
    let f = t - i as f64;
    let (a, b) = (STOPS[i], STOPS[i + 1]);
    let mix = |p: f64, q: f64| (p + (q - p) * f).round() as u8;
    (mix(a.0, b.0), mix(a.1, b.1), mix(a.2, b.2))
}
