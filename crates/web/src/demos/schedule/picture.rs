//! The Mandelbrot image, each row tinted by the thread that computed it: live while a run goes
//! (rows fill in as threads finish them, read from shared memory like the progress counter),
//! then the finished image for the variant a person picks.

use std::collections::BTreeSet;

use gloo_timers::callback::Interval;
use parlab_kernels::schedule::{LiveOwners, MAX_ITERATIONS, Picture, ScheduleReport, Variant};
use parlab_kernels::verdict::count;
use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::platform::shared::Shared;
use crate::shell::charts::{swatch, thread_colour};

/// How often the live picture reads who finished which row: often enough to watch, rare enough
/// that the page's thread stays idle while the workers compute.
const POLL_MS: u32 = 100;

/// The live owners of the run in progress. Always equal: a live picture lives for one run (it
/// is drawn only while a run is busy), so there is never another run's owners to compare.
#[derive(Clone)]
pub struct Owners(pub LiveOwners);

impl PartialEq for Owners {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

#[derive(Properties, PartialEq)]
pub struct LivePictureProps {
    pub owners: Owners,
    pub threads: usize,
}

/// One band per task, in its thread's colour once finished. Each variant's run clears them, so
/// the bands fill in again for every variant and repeat.
#[component]
pub fn LivePicture(props: &LivePictureProps) -> Html {
    let snapshot = use_state(|| props.owners.0.snapshot());
    {
        let (snapshot, owners) = (snapshot.clone(), props.owners.0.clone());
        use_effect_with((), move |()| {
            let interval = Interval::new(POLL_MS, move || {
                let now = owners.snapshot();
                if *snapshot != now {
                    snapshot.set(now);
                }
            });
            move || drop(interval)
        });
    }
    let canvas = use_node_ref();
    {
        let canvas = canvas.clone();
        use_effect_with(snapshot.clone(), move |owners| {
            let pixels: Vec<[u8; 3]> = owners
                .iter()
                .map(|&owner| if owner == 0 { [221, 221, 221] } else { rgb(thread_colour(usize::from(owner - 1))) })
                .collect();
            paint(&canvas, 1, owners.len(), &pixels);
        });
    }
    let done = snapshot.iter().filter(|&&owner| owner != 0).count();
    html! {
        <figure class="live-picture" data-testid="live-picture" data-done={done.to_string()}>
            <canvas ref={canvas} class="task-bands" width="1" height={snapshot.len().max(1).to_string()} role="img"
                    aria-label="tasks filling in as threads finish them, one band per task" />
            <figcaption>
                { format!("{} of {} finished in this pass; each band is a task, coloured by its thread; grey: not yet. ", done, count(snapshot.len(), "task")) }
                { legend(props.threads) }
            </figcaption>
        </figure>
    }
}

#[derive(Properties, PartialEq)]
pub struct FinalPictureProps {
    pub report: Shared<ScheduleReport>,
}

/// The finished image, tinted by the threads of the variant picked (block first: the variant
/// whose idle thread the picture explains).
#[component]
pub fn FinalPicture(props: &FinalPictureProps) -> Html {
    let chosen = use_state(|| Variant::Block);
    let report = &props.report;
    let canvas = use_node_ref();
    let owners: Vec<usize> = report
        .timelines
        .iter()
        .find(|t| t.variant == *chosen)
        .map(|t| {
            let mut owners = vec![0; report.config.tasks];
            for record in &t.tasks {
                if let Some(owner) = owners.get_mut(record.task) {
                    *owner = record.thread;
                }
            }
            owners
        })
        .unwrap_or_default();
    {
        let (canvas, report, owners) = (canvas.clone(), report.clone(), owners.clone());
        use_effect_with(*chosen, move |_| {
            if let Some(picture) = &report.picture {
                paint(&canvas, picture.width, picture.height, &tinted(picture, &owners));
            }
        });
    }
    let Some(picture) = &report.picture else { return Html::default() };
    let used: BTreeSet<usize> = owners.iter().copied().collect();
    html! {
        <figure class="mandelbrot" data-testid="mandelbrot-picture" data-variant={chosen.name()}
                data-rows={picture.height.to_string()} data-threads-used={used.len().to_string()}>
            <div class="variant-picker" role="group" aria-label="whose rows to colour">
                { for Variant::ALL.iter().map(|&variant| {
                    let chosen = chosen.clone();
                    html! {
                        <button type="button" aria-pressed={(variant == *chosen).to_string()}
                                onclick={Callback::from(move |_| chosen.set(variant))}>{ variant.name() }</button>
                    }
                }) }
            </div>
            <canvas ref={canvas} class="mandelbrot-canvas" width={picture.width.to_string()} height={picture.height.to_string()}
                    role="img" aria-label={format!("the Mandelbrot image, {} rows, each coloured by the thread that computed it under {}", picture.height, chosen.name())} />
            <figcaption>{ legend(report.config.threads.get()) }</figcaption>
        </figure>
    }
}

fn legend(threads: usize) -> Html {
    html! {
        <span class="legend">
            { for (0..threads).map(|t| html! { <span class="legend-item">{ swatch(thread_colour(t)) }{ format!("thread {t}") }</span> }) }
        </span>
    }
}

/// Each pixel in its row's thread colour: deep inside the set, pale where the point escaped
/// at once, so the costly rows show as the dark band they are.
fn tinted(picture: &Picture, owners: &[usize]) -> Vec<[u8; 3]> {
    let max = f64::from(MAX_ITERATIONS).ln();
    picture
        .iterations
        .chunks(picture.width.max(1))
        .enumerate()
        .flat_map(|(row, pixels)| {
            let [r, g, b] = rgb(thread_colour(owners.get(row).copied().unwrap_or(0)));
            pixels.iter().map(move |&n| {
                let depth = if n >= MAX_ITERATIONS { 1.0 } else { f64::from(n.max(1)).ln() / max };
                // From white (escaped at once) to the colour, then to its darker half inside.
                let mix = |c: u8| {
                    let c = f64::from(c);
                    let v = if depth < 0.8 {
                        255.0 + (c - 255.0) * depth / 0.8
                    } else {
                        c * (1.0 - 0.5 * (depth - 0.8) / 0.2)
                    };
                    v.round().clamp(0.0, 255.0) as u8
                };
                [mix(r), mix(g), mix(b)]
            })
        })
        .collect()
}

/// `#rrggbb` as its three bytes.
fn rgb(hex: &str) -> [u8; 3] {
    let byte = |at: usize| hex.get(at..at + 2).and_then(|h| u8::from_str_radix(h, 16).ok()).unwrap_or(0);
    [byte(1), byte(3), byte(5)]
}

fn paint(canvas: &NodeRef, width: usize, height: usize, pixels: &[[u8; 3]]) {
    let Some(canvas) = canvas.cast::<web_sys::HtmlCanvasElement>() else { return };
    let Some(context) = canvas.get_context("2d").ok().flatten() else { return };
    let Ok(context) = context.dyn_into::<web_sys::CanvasRenderingContext2d>() else { return };
    if pixels.len() != width * height || pixels.is_empty() {
        return;
    }
    let rgba: Vec<u8> = pixels.iter().flat_map(|&[r, g, b]| [r, g, b, 255]).collect();
    // A copy outside wasm memory: ImageData refuses a view of shared memory.
    let data = js_sys::Uint8ClampedArray::new_with_length(rgba.len() as u32);
    data.copy_from(&rgba);
    if let Ok(image) = web_sys::ImageData::new_with_js_u8_clamped_array(&data, width as u32) {
        let _ = context.put_image_data(&image, 0.0, 0.0);
    }
}
