//! The map demo: `map(f, inputs)` against `Pool.map(f, inputs, chunksize)`.

mod code;
mod compiled;
mod editor;
mod gil_view;
mod memory_bus;
mod message_passing;
mod results;

use crate::platform::shared::Shared;

use parlab_kernels::bandwidth;
use parlab_kernels::control::RunControl;
use parlab_kernels::map::MapStop;
use std::sync::Arc;

use parlab_kernels::custom::Source;
use parlab_kernels::map::{
    self, ChunkSize, ElementFn, MapConfig, MapFunction, MapReport, SequentialMap, SweepReport, Workload,
};
use parlab_kernels::params::{Demo, MapParams, group};
use parlab_kernels::scaling::{SizeSweep, SweepAxis};
use yew::prelude::*;

use crate::shell::demo::{DemoEntry, DemoProps, DemoView};

use crate::platform::clock::PerformanceClock;
use crate::platform::pool;
use crate::shell::export::{Export, ExportBar, ExportRow, Finished};
use crate::shell::fields::{
    ControlsProps, Input, check_field, fields, oversubscribed_threads_field, repeats_field, select_field,
};
use crate::shell::run_record::RunRecord;
use crate::shell::runner::{
    Job, RunPanel, pool_growth_notice, run_on_ui_thread, sweep_counts, usable_threads, use_autorun, use_runner,
};
use crate::shell::size_sweep::{size_sweep_button, size_sweep_view, sweep_axis_field};
use results::{ResultsProps, SweepViewProps, results, sweep_view};

pub const ENTRY: DemoEntry = DemoEntry {
    demo: Demo::Map,
    title: "Map: map vs Pool.map",
    lesson: "map.html",
    pool_reason: None,
    pool_size: |compute, state| compute.max(state.map.threads),
    keeps_runs: true,
};

pub fn view(v: &DemoView) -> Html {
    html! { <MapDemo ..v.props(v.state.map) /> }
}

#[component]
pub fn MapDemo(props: &DemoProps<MapParams>) -> Html {
    let runner = use_runner();
    let report = use_state(|| None::<Finished<MapReport>>);
    let sweep = use_state(|| None::<(Shared<SweepReport>, RunRecord)>);
    let size_sweep = use_state(|| None::<(Shared<SizeSweep>, RunRecord)>);
    let params = props.params;
    let pool_threads = props.pool.ready_threads();

    let start = {
        let (runner, report, sweep, size_sweep) = (runner.clone(), report.clone(), sweep.clone(), size_sweep.clone());
        Callback::from(move |job: Job| {
            let config = MapConfig {
                n: params.n,
                workload: params.workload,
                threads: usable_threads(params.threads, pool_threads),
                chunk: params.chunk,
                repeats: params.repeats,
                parallel: pool_threads.is_some(),
                gil_switch_ms: params.gil.then_some(params.switch_ms),
            };
            let thread_counts = sweep_counts(pool_threads);
            let messages = params.messages && config.parallel;
            let total = match job {
                Job::Compare if messages => config.total_work() + message_passing::work(&config),
                Job::Compare => config.total_work(),
                Job::Sweep if params.sweep == SweepAxis::Size => map::size_sweep_work(&config),
                Job::Sweep => map::sweep_work(&config, &thread_counts),
            };
            let (report, sweep, size_sweep) = (report.clone(), sweep.clone(), size_sweep.clone());
            runner.start(job, total, move |control, watch| async move {
                let RunFunction { f, compile_ms, unshared_module } = function_of(params.workload, params.f)?;
                match (job, config.parallel) {
                    (Job::Compare, true) => {
                        let worker_control = control.clone();
                        let (mut done, reference) = pool::run(move || {
                            map::run_map_keeping_reference(&config, &*f, &worker_control, &PerformanceClock)
                        })
                        .await??;
                        done.compile_ms = compile_ms;
                        if messages {
                            (done.message_passing, done.trips) =
                                message_passing::time(&config, unshared_module.as_deref(), reference, &control)
                                    .await
                                    .map(|(t, trips)| (Some(t), trips))?;
                        } else {
                            // The memory measurement below needs room more than the reference.
                            drop(reference);
                        }
                        if config.workload == Workload::Square {
                            let memory_control = control.clone();
                            let len = bandwidth::stream_len(crate::platform::isolation::memory_bytes());
                            done.bandwidth = Some(
                                pool::run(move || {
                                    bandwidth::measure(config.threads, len, &memory_control, &PerformanceClock)
                                })
                                .await??,
                            );
                        }
                        let export = export_of(&done, params.f, pool_threads, watch.finish());
                        report.set(Some(Finished::new(done, export)));
                    }
                    (Job::Compare, false) => {
                        let mut done = sequential_on_ui_thread(&config, &*f, &control).await?;
                        done.compile_ms = compile_ms;
                        let export = export_of(&done, params.f, pool_threads, watch.finish());
                        report.set(Some(Finished::new(done, export)));
                    }
                    (Job::Sweep, _) if params.sweep == SweepAxis::Size => {
                        let done =
                            pool::run(move || map::run_size_sweep(&config, &*f, &control, &PerformanceClock)).await??;
                        size_sweep.set(Some((Shared::new(done), watch.finish())));
                    }
                    (Job::Sweep, _) => {
                        let done = pool::run(move || {
                            map::run_sweep(&config, &*f, &thread_counts, &control, &PerformanceClock)
                        })
                        .await??;
                        sweep.set(Some((Shared::new(done), watch.finish())));
                    }
                }
                Ok(())
            });
        })
    };
    use_autorun(props.autorun, &props.pool, start.clone());

    let busy = runner.is_busy();
    let cores = pool::cores();
    let (sweep_label, sweep_title) = size_sweep_button(params.sweep, params.n, params.threads.get());
    html! {
        <div class="demo map-demo">
            <section class="intro">
                <h2>{ "map vs Pool.map" }</h2>
                <p>
                    { "The same function over the numbers 0 … n−1, once on one thread and once on k threads that each take the next chunk of the input from a shared queue, exactly like Python's " }
                    <code>{ "Pool.map(f, inputs, chunksize)" }</code>
                    { ". Every run checks that the parallel output equals the sequential one." }
                </p>
            </section>
            <section class="controls">
                { controls(ControlsProps { params, busy, on_edit: props.on_edit.clone(), revision: props.revision }) }
                <RunPanel pool={props.pool.clone()} runner={runner.clone()} start={start}
                          sweep_title={sweep_title} sweep_label={sweep_label} />
                { pool_growth_notice(&format!("k = {}", params.threads), params.threads, &props.pool, true) }
                if let Some(note) = pool::past_the_cores_note("k", params.threads.get()) {
                    <p class="note">{ note }</p>
                }
            </section>
            if params.workload == MapFunction::Custom {
                <editor::CodeBox source={params.f} {busy} on_edit={props.on_edit.clone()} />
            }
            if let Some(finished) = (*report).clone() {
                { results(&ResultsProps { report: finished.report, record: finished.export.record }) }
                <ExportBar export={finished.export} />
            }
            if let Some((sweep, record)) = (*sweep).clone() {
                { sweep_view(&SweepViewProps { sweep, record, cores }) }
            }
            if let Some((sweep, record)) = (*size_sweep).clone() {
                { size_sweep_view(&sweep, &record, "parallel map") }
            }
            { code::code_view(params) }
        </div>
    }
}

/// The run's parameters, environment and timed runs, for [`ExportBar`].
fn export_of(report: &MapReport, f: Source, pool_threads: Option<std::num::NonZeroUsize>, record: RunRecord) -> Export {
    let config = report.config;
    let parameters = MapParams {
        n: config.n,
        workload: config.workload,
        f,
        threads: config.threads,
        chunk: config.chunk,
        repeats: config.repeats,
        gil: config.gil_switch_ms.is_some(),
        switch_ms: config.gil_switch_ms.unwrap_or(map::DEFAULT_SWITCH_MS),
        messages: report.message_passing.is_some(),
        sweep: SweepAxis::Threads,
    };
    let rows = ExportRow::timed_rows(&[
        ("sequential", Some(&report.sequential)),
        ("parallel", report.parallel.as_ref()),
        ("python-threads", report.python_threads.as_ref()),
        ("message-passing", report.message_passing.as_ref()),
    ]);
    Export::new("map", &parameters, pool_threads, rows, record)
}

/// The sequential run without a pool, on the UI thread a step at a time.
async fn sequential_on_ui_thread(
    config: &MapConfig,
    f: &dyn ElementFn,
    control: &RunControl,
) -> Result<MapReport, MapStop> {
    let mut run = SequentialMap::new(config, f);
    run_on_ui_thread(&mut run, control).await?;
    let (sequential, mut buffers) = run.finish();
    map::finish_map(config, f, sequential, &mut buffers, control, &PerformanceClock)
}

/// The function a run maps: a built-in, or the student's f compiled.
struct RunFunction {
    f: Arc<dyn ElementFn + Send>,
    /// A custom f's: how long compiling it took, and its module for the message-passing workers.
    compile_ms: Option<f64>,
    unshared_module: Option<Vec<u8>>,
}

fn function_of(workload: MapFunction, f: Source) -> Result<RunFunction, String> {
    match workload {
        MapFunction::BuiltIn(workload) => {
            Ok(RunFunction { f: Arc::new(workload), compile_ms: None, unshared_module: None })
        }
        MapFunction::Custom => {
            let compiled = compiled::compile(f)?;
            Ok(RunFunction {
                f: Arc::new(compiled.function),
                compile_ms: Some(compiled.compile_ms),
                unshared_module: Some(compiled.unshared_module),
            })
        }
    }
}

fn controls(props: ControlsProps<MapParams>) -> Html {
    let p = props.params;
    let (busy, on_edit) = (props.busy, props.on_edit.clone());
    let chunk_text = match p.chunk {
        ChunkSize::Auto => "auto".to_owned(),
        ChunkSize::Fixed(len) => len.to_string(),
    };
    let workloads: Vec<(&'static str, &'static str)> =
        MapFunction::ALL.iter().map(|w| (w.name(), w.description())).collect();
    html! {
        { fields(props.revision, html! { <>
            { Input::new("n (elements)", "n", group(p.n)).title(format!("0 … {}; 10M and 10,000,000 work too", group(pool::limits().max_n(map::MAX_N, map::BYTES_PER_ELEMENT)))).field(busy, &on_edit) }
            { select_field("workload", "workload", &workloads, p.workload.name(), false, busy, &on_edit) }
            { oversubscribed_threads_field("threads k", p.threads, busy, &on_edit) }
            { Input::new("chunk (chunksize)", "chunk", chunk_text).title("“auto” = Pool.map's rule, ceil(n / (4·k)); or elements per chunk").field(busy, &on_edit) }
            { repeats_field(p.repeats, busy, &on_edit) }
            { sweep_axis_field(p.sweep, busy, &on_edit) }
            { check_field("also time k Python threads under one GIL", "gil", p.gil, busy, &on_edit) }
            { check_field("also time k workers that share no memory (message passing)", "messages", p.messages, busy, &on_edit) }
            if p.gil {
                { Input::new("switch (ms)", "switch", p.switch_ms.to_string()).number(1, u64::from(map::MAX_SWITCH_MS)).title("how long a thread keeps the GIL while another waits; Python's default is 5 ms").field(busy, &on_edit) }
            }
        </> }) }
    }
}
