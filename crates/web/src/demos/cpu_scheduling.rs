//! The CPU-scheduling demo: one simulated CPU, a table of jobs, and the policy that picks which
//! ready job runs each tick. Nothing is timed and no thread computes: the clock is simulated,
//! so every machine draws the same schedule, and the policy is the lesson.

use std::num::NonZeroUsize;

use parlab_kernels::cpu_scheduling::{
    self, CpuSchedulingParams, HORIZON, MAX_AGING, MAX_QUANTUM, MAX_STREAM, Policy, Schedule, Slice,
};
use parlab_kernels::params::Demo;
use parlab_kernels::verdict::count;
use yew::prelude::*;

use crate::platform::shared::Shared;
use crate::shell::charts::svg::{Fixed, Svg};
use crate::shell::charts::{drawing_width, swatch, thread_colour};
use crate::shell::demo::{DemoEntry, DemoView};
use crate::shell::demo_page::{DemoPage, DemoShell, Kept, Plan};
use crate::shell::export::{Export, ExportRow, Finished};
use crate::shell::fields::{ControlsProps, Input, fields, select_field};
use crate::shell::run_record::RunRecord;
use crate::shell::runner::Job;
use crate::shell::source;

pub const ENTRY: DemoEntry = DemoEntry {
    demo: Demo::CpuScheduling,
    title: "CPU scheduling",
    lesson: "scheduling.html",
    pool_reason: None,
    // The simulation runs on the page's own thread in microseconds: the smallest pool will do.
    pool_size: |_, _| NonZeroUsize::MIN,
    keeps_runs: true,
};

/// The colour of the stream's jobs, all alike: they are load, not jobs to tell apart.
const STREAM_COLOUR: &str = "#888888";

pub fn view(v: &DemoView) -> Html {
    html! { <DemoShell<CpuSchedulingPage> ..v.props(v.state.cpu_scheduling) /> }
}

/// Every policy on the same table: the one chosen drawn in full, the others for comparison.
#[derive(PartialEq)]
struct Comparison {
    params: CpuSchedulingParams,
    schedules: Vec<Schedule>,
}

impl Comparison {
    fn of(params: CpuSchedulingParams) -> Self {
        let schedules = Policy::ALL
            .iter()
            .map(|&policy| cpu_scheduling::simulate(&CpuSchedulingParams { policy, ..params }))
            .collect();
        Self { params, schedules }
    }

    fn chosen(&self) -> Option<&Schedule> {
        self.schedules.iter().find(|s| s.policy == self.params.policy)
    }
}

/// Every finished job ran exactly its burst, and the slices tile the simulated time without
/// overlap: what the simulation promises, checked on every run like the other demos' results.
fn consistent(schedule: &Schedule) -> bool {
    let finished_ok = schedule.rows.iter().all(|row| row.finish.is_none() || row.ran == row.burst);
    let tiled = schedule.slices.windows(2).all(|w| w[0].end == w[1].start)
        && schedule.slices.first().is_none_or(|s| s.start == 0)
        && schedule.slices.last().is_none_or(|s| s.end == schedule.end);
    finished_ok && tiled
}

struct CpuSchedulingPage;

impl DemoPage for CpuSchedulingPage {
    type Params = CpuSchedulingParams;
    type Report = Comparison;
    type Sweep = ();

    const CLASS: &'static str = "cpu-scheduling-demo";

    fn intro() -> Html {
        html! { <>
            <h2>{ "CPU scheduling" }</h2>
            <p>
                { "One CPU and a table of jobs, each with its arrival tick, its burst (the ticks of work it needs) and its priority (a larger number goes first). Every tick the policy picks which ready job runs. This is a simulation on a counted clock, not a timing: no thread computes, every machine draws the same schedule, and what you see is the policy's doing. Add a stream of urgent jobs and watch a low-priority job starve; aging or round-robin lets it run." }
            </p>
        </> }
    }

    fn controls(props: ControlsProps<CpuSchedulingParams>) -> Html {
        controls(props)
    }

    fn plan(_: Job, params: CpuSchedulingParams, pool: Option<NonZeroUsize>) -> Result<Plan<Self>, &'static str> {
        Ok(Plan::new(1, move |_, watch| async move {
            let comparison = Comparison::of(params);
            let export = export_of(&comparison, pool, watch.finish());
            Ok(Kept::Run(Finished::new(comparison, export)))
        }))
    }

    fn results(report: &Shared<Comparison>, record: RunRecord) -> Html {
        results(report, record)
    }

    fn below(_: Self::Params) -> Html {
        code_view()
    }
}

fn export_of(comparison: &Comparison, pool: Option<NonZeroUsize>, record: RunRecord) -> Export {
    let rows = comparison
        .schedules
        .iter()
        .map(|s| ExportRow {
            variant: s.policy.name().to_owned(),
            threads: 1,
            samples_ms: Vec::new(),
            correct: consistent(s),
            extra: vec![
                ("mean_waiting", s.means.map_or_else(String::new, |m| format!("{:.2}", m.waiting))),
                ("mean_turnaround", s.means.map_or_else(String::new, |m| format!("{:.2}", m.turnaround))),
                ("longest_wait", s.longest_wait.map_or_else(String::new, |w| w.waited.to_string())),
                ("unfinished", s.unfinished.to_string()),
            ],
        })
        .collect();
    Export::new("cpu-scheduling", &comparison.params, pool, rows, record)
}

fn controls(props: ControlsProps<CpuSchedulingParams>) -> Html {
    let p = props.params;
    let (busy, on_edit) = (props.busy, props.on_edit.clone());
    let policies: Vec<(&'static str, &'static str)> = Policy::ALL.iter().map(|p| (p.name(), p.description())).collect();
    html! {
        { fields(props.revision, html! { <>
            <div class="wide-field">
                { Input::new("jobs (name:arrival:burst:priority, …)", "jobs", p.jobs.to_string())
                    .title("up to 26 jobs, e.g. 1:0:10:2,2:0:5:0,3:0:8:1 — a larger priority runs first")
                    .field(busy, &on_edit) }
            </div>
            { select_field("policy", "policy", &policies, p.policy.name(), true, busy, &on_edit) }
            { Input::new("quantum (round-robin ticks)", "quantum", p.quantum.to_string()).number(1, u64::from(MAX_QUANTUM)).field(busy, &on_edit) }
            { Input::new("aging (ticks per +1 priority)", "aging", p.aging.to_string()).number(1, u64::from(MAX_AGING)).field(busy, &on_edit) }
            { Input::new("stream (an urgent job every m ticks; 0 = none)", "stream", p.stream.to_string()).number(0, u64::from(MAX_STREAM)).field(busy, &on_edit) }
        </> }) }
    }
}

/// A function, not a component: what it draws is small and has no state of its own.
fn results(comparison: &Comparison, record: RunRecord) -> Html {
    let Some(chosen) = comparison.chosen() else { return html! {} };
    let (run_start, run_end) = record.epoch_attributes();
    let table_jobs = comparison.params.jobs.jobs().len();
    html! {
        <section class="results" data-testid="results" data-run-start={run_start} data-run-end={run_end}>
            <h3>{ format!("{} under {}, {} ticks", count(table_jobs, "job"), chosen.policy.name(), chosen.end) }</h3>
            <p class="verdict" data-testid="verdict">{ cpu_scheduling::verdict(chosen) }</p>
            if let Some(starved) = chosen.starvation {
                <p class="notice error" data-testid="starvation" data-job={starved.job.as_str().to_owned()}>{ starved.sentence() }</p>
            }
            <h4>{ format!("Who had the CPU, tick by tick ({})", chosen.policy.description()) }</h4>
            { gantt(chosen, table_jobs) }
            { waiting_table(chosen) }
            <h4>{ "Every policy on the same jobs" }</h4>
            { policy_table(comparison) }
        </section>
    }
}

/// A job's colour: its place in the table; the stream's jobs share one grey.
fn job_colour(schedule: &Schedule, slice: &Slice) -> Option<&'static str> {
    let job = slice.job?;
    let at = schedule.rows.iter().position(|row| row.name == job)?;
    Some(if schedule.rows[at].stream { STREAM_COLOUR } else { thread_colour(at) })
}

/// The CPU's one lane: a rectangle per slice with the job's name where it fits, tick marks
/// under it. Drawn at the width it is shown, so its text keeps its size on a phone.
fn gantt(schedule: &Schedule, table_jobs: usize) -> Html {
    const LANE: f64 = 34.0;
    const HEIGHT: f64 = LANE + 20.0;
    const SIDE: f64 = 12.0;
    let width = drawing_width();
    let end = f64::from(schedule.end.max(1));
    let x = |tick: u32| SIDE + (width - 2.0 * SIDE) * f64::from(tick) / end;
    let mut svg = Svg::new();
    svg.open("svg")
        .attr("class", "chart gantt-chart")
        .attr("viewBox", format!("0 0 {width:.0} {HEIGHT}"))
        .attr("role", "img")
        .attr("aria-label", "which job had the CPU at each tick")
        .start();
    svg.open("rect")
        .attr("class", "idle")
        .attr("x", SIDE)
        .attr("y", 0usize)
        .attr("width", Fixed(width - 2.0 * SIDE, 1))
        .attr("height", LANE)
        .empty();
    for slice in &schedule.slices {
        let (Some(job), Some(colour)) = (slice.job, job_colour(schedule, slice)) else { continue };
        let (left, right) = (x(slice.start), x(slice.end));
        svg.open("rect")
            .attr("x", Fixed(left, 2))
            .attr("y", 0usize)
            .attr("width", Fixed(right - left, 2))
            .attr("height", LANE)
            .attr("fill", colour)
            .attr("data-job", job.as_str())
            .attr("data-start", slice.start)
            .attr("data-end", slice.end)
            .empty();
        // The name where the slice holds it: about 8 px a letter.
        if right - left >= 8.0 * job.as_str().len() as f64 + 6.0 {
            svg.open("text")
                .attr("class", "job-name")
                .attr("x", Fixed((left + right) / 2.0, 1))
                .attr("y", 22usize)
                .attr("text-anchor", "middle")
                .start();
            svg.text(job.as_str());
            svg.close("text");
        }
    }
    for tick in axis_ticks(schedule.end) {
        svg.open("text")
            .attr("class", "value")
            .attr("x", Fixed(x(tick), 1))
            .attr("y", Fixed(HEIGHT - 4.0, 1))
            .attr("text-anchor", "middle")
            .start();
        svg.text(&tick.to_string());
        svg.close("text");
    }
    svg.close("svg");
    html! {
        <figure class="gantt" data-testid="gantt" data-end={schedule.end.to_string()}>
            { svg.into_html() }
            <figcaption class="legend">
                { for schedule.rows.iter().take(table_jobs).enumerate().map(|(at, row)| html! {
                    <span class="legend-item">{ swatch(thread_colour(at)) }{ format!("job {}", row.name.as_str()) }</span>
                }) }
                if schedule.rows.len() > table_jobs {
                    <span class="legend-item">{ swatch(STREAM_COLOUR) }{ "the stream's urgent jobs" }</span>
                }
                <span class="legend-item">{ "hatched: the CPU idles · ticks below" }</span>
            </figcaption>
        </figure>
    }
}

/// About five round tick marks from 0 to `end`, and `end` itself.
fn axis_ticks(end: u32) -> Vec<u32> {
    let step = [1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000].into_iter().find(|s| end / s <= 5).unwrap_or(1000);
    let mut ticks: Vec<u32> = (0..end).step_by(step as usize).collect();
    // The last round mark gives way to `end` when they would overlap.
    if ticks.last().is_some_and(|&t| t > 0 && end - t < step / 2) {
        ticks.pop();
    }
    ticks.push(end);
    ticks
}

fn waiting_table(schedule: &Schedule) -> Html {
    let dash = || "–".to_owned();
    html! {
        <div class="table-scroll" tabindex="0">
            <table data-testid="waiting-table">
                <caption>{ "Waiting = ticks ready but not running; turnaround = finish − arrival." }</caption>
                <thead><tr>
                    <th>{ "job" }</th><th>{ "arrival" }</th><th>{ "burst" }</th><th>{ "priority" }</th>
                    <th>{ "first ran" }</th><th>{ "finished" }</th><th>{ "waiting" }</th><th>{ "turnaround" }</th>
                </tr></thead>
                <tbody>
                    { for schedule.rows.iter().filter(|row| !row.stream).map(|row| html! {
                        <tr data-job={row.name.as_str().to_owned()} data-waiting={row.waiting.to_string()}
                            data-turnaround={row.turnaround().map(|t| t.to_string())}>
                            <th scope="row">{ row.name.as_str() }</th>
                            <td class="num">{ row.arrival }</td>
                            <td class="num">{ row.burst }</td>
                            <td class="num">{ row.priority }</td>
                            <td class="num">{ row.start.map_or_else(dash, |t| t.to_string()) }</td>
                            <td class="num">{ row.finish.map_or_else(|| "not yet".to_owned(), |t| t.to_string()) }</td>
                            <td class="num">{ row.waiting }</td>
                            <td class="num">{ row.turnaround().map_or_else(dash, |t| t.to_string()) }</td>
                        </tr>
                    }) }
                </tbody>
                if let Some(means) = schedule.means {
                    <tfoot><tr>
                        <th scope="row" colspan="6">{ format!("mean of the {} that finished", count(means.jobs, "job")) }</th>
                        <td class="num">{ format!("{:.1}", means.waiting) }</td>
                        <td class="num">{ format!("{:.1}", means.turnaround) }</td>
                    </tr></tfoot>
                }
            </table>
        </div>
    }
}

fn policy_table(comparison: &Comparison) -> Html {
    let stop = |s: &Schedule| {
        s.horizon.map_or_else(|| "–".to_owned(), |h| count(s.unfinished, "job") + &format!(" by tick {h}"))
    };
    html! {
        <div class="table-scroll" tabindex="0">
            <table data-testid="policy-table">
                <thead><tr>
                    <th>{ "policy" }</th><th>{ "mean waiting" }</th><th>{ "mean turnaround" }</th>
                    <th>{ "longest wait" }</th><th>{ "not finished" }</th>
                </tr></thead>
                <tbody>
                    { for comparison.schedules.iter().map(|s| html! {
                        <tr data-testid="result-row" data-variant={s.policy.name()} data-correct={consistent(s).to_string()}
                            data-mean-waiting={s.means.map(|m| format!("{:.2}", m.waiting))}
                            data-longest-wait={s.longest_wait.map(|w| w.waited.to_string())}
                            data-unfinished={s.unfinished.to_string()}
                            class={classes!((s.policy == comparison.params.policy).then_some("chosen"))}>
                            <th scope="row">{ s.policy.name() }{ if s.policy == comparison.params.policy { " (shown above)" } else { "" } }</th>
                            <td class="num">{ s.means.map_or_else(|| "–".to_owned(), |m| format!("{:.1}", m.waiting)) }</td>
                            <td class="num">{ s.means.map_or_else(|| "–".to_owned(), |m| format!("{:.1}", m.turnaround)) }</td>
                            <td class="num">{ s.longest_wait.map_or_else(|| "–".to_owned(), |w| format!("{} (job {})", w.waited, w.job.as_str())) }</td>
                            <td class="num">{ if s.unfinished == 0 { "none".to_owned() } else { stop(s) } }</td>
                        </tr>
                    }) }
                </tbody>
            </table>
        </div>
    }
}

/// The Rust that picks the next job beside the course's Python.
fn code_view() -> Html {
    let python = format!(
        "# The course's priority scheduler (non-preemptive; a larger number runs first).\njobs = [(1, 0, 10, 2), (2, 0, 5, 0), (3, 0, 8, 1)]   # name, arrival, burst, priority\n\nclock, order = 0, []\nready = sorted(jobs, key=lambda j: -j[3])\nfor name, arrival, burst, priority in ready:\n    order.append((name, clock, clock + burst))\n    clock += burst\nprint(order)   # [(1, 0, 10), (3, 10, 18), (2, 18, 23)]\n\n# Starvation: if urgent jobs keep arriving, `ready` always has one above job 2,\n# and job 2 never runs. Aging raises a waiting job's priority over time;\n# round-robin (a queue and a quantum) gives every job a turn.\n# parlab stops a run with a stream at tick {HORIZON}."
    );
    source::code_panel(
        "parlab-kernels, cpu_scheduling/simulate.rs",
        source::CPU_CHOOSE,
        &python,
        "The Python it mirrors",
    )
}
