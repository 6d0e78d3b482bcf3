//! The producer–consumer demo: a bounded buffer between producer and consumer threads, its
//! occupancy, who waited for what, and the deadlock of holding the lock while waiting; the
//! same buffer on a Condition, and its two classic bugs (waiting with `if`, notifying one).

use std::num::NonZeroUsize;

use parlab_kernels::map::Span;
use parlab_kernels::params::{Demo, group};
use parlab_kernels::producer_consumer::{
    self, Bug, CapacityPoint, Deadlock, DeadlockKind, LaneKind, MAX_LANE_SPANS, PcError, PcParams, PcReport, SyncMethod,
};
use parlab_kernels::verdict::count;
use yew::prelude::*;

use crate::platform::clock::PerformanceClock;
use crate::platform::pool;
use crate::platform::shared::Shared;
use crate::shell::charts::{Timeline, Wait, format_ms, last_sample_ms, occupancy_chart};
use crate::shell::demo::{DemoEntry, DemoView};
use crate::shell::demo_page::{DemoPage, DemoShell, Kept, Plan, SweepButton};
use crate::shell::export::{Export, ExportRow, Finished};
use crate::shell::fields::{ControlsProps, Input, fields, select_field};
use crate::shell::run_record::RunRecord;
use crate::shell::runner::{Job, NEEDS_POOL, RunError};
use crate::shell::timing_table::{TimedVariant, timed_rows, timing_table_marked};

/// One thread per producer and consumer (up to 8 + 8) that may block, plus the watchdog.
pub const ENTRY: DemoEntry = DemoEntry {
    demo: Demo::ProducerConsumer,
    title: "Producer–consumer",
    lesson: "coordination.html",
    pool_reason: Some(
        "one for each producer and consumer (up to 8 + 8) and one for the watchdog; a thread waiting on the buffer holds a thread but no core",
    ),
    pool_size: |compute, _| {
        compute
            .max(NonZeroUsize::MIN.saturating_add(producer_consumer::MAX_PRODUCERS + producer_consumer::MAX_CONSUMERS))
    },
    keeps_runs: true,
};

pub fn view(v: &DemoView) -> Html {
    html! { <DemoShell<PcPage> ..v.props(v.state.producer_consumer) /> }
}

/// A kernel error as the runner reports it.
fn run_error(error: PcError) -> RunError {
    match error {
        PcError::Cancelled => RunError::Cancelled,
        other => RunError::Failed(format!("The producer–consumer run could not start: {other}.")),
    }
}

struct PcPage;

impl DemoPage for PcPage {
    type Params = PcParams;
    type Report = PcReport;
    /// The settings it swept at, and the throughput at each capacity.
    type Sweep = (PcParams, Shared<Vec<CapacityPoint>>);

    const CLASS: &'static str = "pc-demo";
    const SWEEP: Option<SweepButton> = Some(SweepButton {
        title: "Run the threads at capacity 1, 2, 4 … 1024 and compare the throughput",
        label: Some("Sweep the capacity"),
    });

    fn intro() -> Html {
        html! { <>
            <h2>{ "Producer–consumer: a bounded buffer" }</h2>
            <p>
                { "Producer threads make items and put them into a buffer of a few slots; consumer threads take them out and use them. A lock guards the buffer, and two counting semaphores count its filled slots (consumers wait for one) and its free slots (producers wait for one). When every producer is done, each consumer gets one termination value. Making and using an item is real CPU work, varied per item from the seed; a checker verifies that every item was used exactly once, in the order it was put in. With the hold-lock bug a consumer takes the lock before waiting for an item: a watchdog catches the deadlock and every thread returns." }
            </p>
            <p>
                { "With sync = condition one Condition guards the buffer instead: each side waits while the buffer is full (empty), puts (takes) and notifies every waiter. Two bugs break it: if-wait tests only once, so a woken consumer may find the buffer already emptied (an empty take, counted as an error); notify-one wakes a single waiter, which may be of the wrong side, until every thread sleeps on the condition and nobody is left to notify them." }
            </p>
        </> }
    }

    fn controls(props: ControlsProps<PcParams>) -> Html {
        controls(props)
    }

    fn plan(job: Job, params: PcParams, pool: Option<NonZeroUsize>) -> Result<Plan<Self>, &'static str> {
        let pool = pool.ok_or(NEEDS_POOL)?;
        let items = params.total_items() as u64;
        let total = match job {
            Job::Compare => 2 * items,
            Job::Sweep => producer_consumer::SWEEP_CAPACITIES.len() as u64 * items,
        };
        Ok(Plan::new(total, move |control, watch| async move {
            let clock = PerformanceClock;
            Ok(match job {
                Job::Compare => {
                    let done = pool::run(move || producer_consumer::run_pc(&params, &control, &clock))
                        .await?
                        .map_err(run_error)?;
                    let export = export_of(&done, pool, watch.finish());
                    Kept::Run(Finished::new(done, export))
                }
                Job::Sweep => {
                    let points = pool::run(move || producer_consumer::run_capacity_sweep(&params, &control, &clock))
                        .await?
                        .map_err(run_error)?;
                    Kept::Sweep((params, Shared::new(points)))
                }
            })
        }))
    }

    fn results(report: &Shared<PcReport>, record: RunRecord) -> Html {
        results(report, record)
    }

    fn sweep_results((at, points): &Self::Sweep) -> Html {
        capacity_sweep(at, points)
    }

    fn below(params: PcParams) -> Html {
        code_view(params.sync)
    }
}

fn export_of(report: &PcReport, pool_threads: NonZeroUsize, record: RunRecord) -> Export {
    let rows =
        ExportRow::timed_rows(&[("sequential", Some(&report.sequential)), ("parallel", report.parallel.as_ref())]);
    Export::new("producer-consumer", &report.params, Some(pool_threads), rows, record)
}

fn controls(props: ControlsProps<PcParams>) -> Html {
    let p = props.params;
    let (busy, on_edit) = (props.busy, props.on_edit.clone());
    html! {
        { fields(props.revision, html! { <>
            { Input::new("producers", "producers", p.producers.to_string()).number(1, producer_consumer::MAX_PRODUCERS as u64).field(busy, &on_edit) }
            { Input::new("consumers", "consumers", p.consumers.to_string()).number(1, producer_consumer::MAX_CONSUMERS as u64).field(busy, &on_edit) }
            { Input::new("capacity (slots)", "capacity", p.capacity.to_string()).number(1, producer_consumer::MAX_CAPACITY as u64).field(busy, &on_edit) }
            { Input::new("items per producer", "items", group(p.items)).title(format!("1 … {}", group(producer_consumer::MAX_ITEMS))).field(busy, &on_edit) }
            { Input::new("produce (µs per item)", "produce", p.produce_us.to_string()).number(0, u64::from(producer_consumer::MAX_WORK_US)).field(busy, &on_edit) }
            { Input::new("consume (µs per item)", "consume", p.consume_us.to_string()).number(0, u64::from(producer_consumer::MAX_WORK_US)).field(busy, &on_edit) }
            { select_field("sync", "sync", &[("semaphores", "semaphores: a lock and two semaphores"), ("condition", "condition: one Condition, while and notify_all")], p.sync.name(), false, busy, &on_edit) }
            { select_field("bug", "bug", &bug_options(p.sync), p.bug.name(), false, busy, &on_edit) }
        </> }) }
    }
}

/// The bugs of the version `sync` runs: a bug of the other one is a parameter problem.
fn bug_options(sync: SyncMethod) -> Vec<(&'static str, &'static str)> {
    Bug::ALL
        .into_iter()
        .filter(|bug| bug.fits(sync))
        .map(|bug| {
            let text = match bug {
                Bug::None => "none",
                Bug::HoldLock => "hold-lock: wait for an item holding the lock",
                Bug::IfWait => "if-wait: the consumer waits with if, not while",
                Bug::NotifyOne => "notify-one: notify() where notify_all() is needed",
            };
            (bug.name(), text)
        })
        .collect()
}

/// What the deadlock box says: who waits for what, and the fix.
fn deadlock_text(deadlock: &Deadlock) -> String {
    let waits = deadlock
        .cycle
        .iter()
        .map(|(name, kind)| {
            let what = match (deadlock.kind, kind) {
                (DeadlockKind::NobodyToNotify, LaneKind::WaitingEmpty) => {
                    "sleeps on the condition (it found the buffer empty)"
                }
                (DeadlockKind::NobodyToNotify, _) => "sleeps on the condition (it found the buffer full)",
                (DeadlockKind::Cycle, LaneKind::WaitingEmpty) => "waits for an item",
                (DeadlockKind::Cycle, LaneKind::WaitingFull) => "waits for a free slot",
                (DeadlockKind::Cycle, _) => "waits for the lock",
            };
            let holds = if deadlock.lock_holder == Some(*name) { ", holding the lock," } else { "" };
            format!("{}{holds} {what}", name.label())
        })
        .collect::<Vec<_>>()
        .join("; ");
    let fix = match deadlock.kind {
        DeadlockKind::Cycle => "Take the lock only after the wait for an item (bug=none).",
        DeadlockKind::NobodyToNotify => {
            "Each notify() woke one thread, sometimes of the same side, which went back to sleep: the wake-up was spent. notify_all() wakes both sides (bug=none)."
        }
    };
    format!("{waits}. Nobody can go on, so the watchdog stopped every thread; all of them returned. {fix}")
}

fn results(report: &PcReport, record: RunRecord) -> Html {
    let p = report.params;
    let run = &report.run;
    let rows: Vec<TimedVariant> =
        timed_rows(&[("sequential", Some(&report.sequential)), ("parallel", report.parallel.as_ref())]);
    let (run_start, run_end) = record.epoch_attributes();
    let names: Vec<AttrValue> = run.lanes.iter().map(|lane| AttrValue::from(lane.name.label())).collect();
    let mut spans = Vec::new();
    let mut waits = Vec::new();
    for (thread, lane) in run.lanes.iter().enumerate() {
        for &(kind, began_ms, ended_ms) in &lane.spans {
            let span = Span { thread, began_ms, ended_ms };
            match kind {
                LaneKind::Working => spans.push(span),
                wait => waits.push(Wait { span, kind: wait.name() }),
            }
        }
    }
    let lanes = Timeline {
        waits,
        names,
        testid: "thread-lanes",
        label: "when each producer and consumer worked, and what it waited for",
        merge_close: false,
        states: &[
            ("waiting-full", "waiting for a free slot"),
            ("waiting-empty", "waiting for an item"),
            ("waiting-lock", "waiting for the lock"),
        ],
        ..Timeline::new(spans)
    };
    // One time axis for both charts of the run.
    let end_ms = run.wall_ms.max(lanes.last_end_ms()).max(last_sample_ms(&run.occupancy));
    let lanes = Timeline { end_ms: Some(end_ms), ..lanes };
    html! {
        <section class="results" data-testid="results" data-run-start={run_start} data-run-end={run_end}>
            <h3>{ format!("Results: {} producers × {} items, {} consumers, capacity {}, produce {} µs, consume {} µs", p.producers, group(p.items), p.consumers, p.capacity, p.produce_us, p.consume_us) }</h3>
            { record.verdict_line(verdict(report), &rows.iter().map(|row| (row.name, &row.timing.samples_ms[..])).collect::<Vec<_>>()) }
            if let Some(deadlock) = &run.deadlock {
                <div class="deadlock" data-testid="deadlock" role="alert"
                     data-cycle={deadlock.cycle.iter().map(|(name, _)| name.label()).collect::<Vec<_>>().join(",")}
                     data-kind={match deadlock.kind { DeadlockKind::Cycle => "cycle", DeadlockKind::NobodyToNotify => "nobody-to-notify" }}>
                    <strong>{ format!("Deadlock, found after {}: ", format_ms(deadlock.found_after_ms)) }</strong>
                    { deadlock_text(deadlock) }
                </div>
            }
            { timing_table_marked(&rows, report.sequential.summary, record, &row_marks(report)) }
            <p data-testid="throughput" data-items-per-s={format!("{:.0}", items_per_s(p.total_items(), run.wall_ms))}
               data-bound-items-per-s={format!("{:.0}", bound_items_per_s(report))}>
                { throughput(report) }
            </p>
            <h4>{ "Slots filled over time" }</h4>
            { occupancy_chart(&run.occupancy, end_ms, p.capacity, "occupancy-chart", "slots filled") }
            <h4>{ format!("What each thread did (the first {MAX_LANE_SPANS} stretches of each)") }</h4>
            { lanes.view() }
        </section>
    }
}

/// `data-sync` on both rows; with if-wait, `data-empty-takes` on the threads' row.
fn row_marks(report: &PcReport) -> Vec<(&'static str, &'static str, String)> {
    let sync = report.params.sync.name().to_owned();
    let mut marks = vec![("sequential", "data-sync", sync.clone()), ("parallel", "data-sync", sync)];
    if report.params.bug == Bug::IfWait {
        marks.push(("parallel", "data-empty-takes", report.run.empty_takes.to_string()));
    }
    marks
}

fn items_per_s(items: usize, ms: f64) -> f64 {
    if ms > 0.0 { items as f64 * 1000.0 / ms } else { 0.0 }
}

/// Items per second if each side ran flat out, a core per thread, at the time an item took to
/// make and to use in the sequential run: the slower side sets it.
fn bound_items_per_s(report: &PcReport) -> f64 {
    let side = |threads: usize, ms: f64| if ms > 0.0 { threads as f64 * 1000.0 / ms } else { f64::INFINITY };
    let p = report.params;
    side(p.producers, report.produce_ms_per_item).min(side(p.consumers, report.consume_ms_per_item))
}

fn throughput(report: &PcReport) -> String {
    let p = report.params;
    let sequential = items_per_s(p.total_items(), report.sequential.summary.median_ms);
    let Some(parallel) = &report.parallel else {
        return format!("One thread, making and using each item in turn: {sequential:.0} items/s.");
    };
    let threads = items_per_s(p.total_items(), parallel.summary.median_ms);
    let bound = bound_items_per_s(report);
    // The slower side is the one that makes fewer items per millisecond.
    let side = if p.producers as f64 * report.consume_ms_per_item <= p.consumers as f64 * report.produce_ms_per_item {
        "the producers"
    } else {
        "the consumers"
    };
    let bound_text = if bound.is_finite() {
        format!(
            "the slower side, {side}, allows at most {bound:.0} items/s with a core for every thread (making an item took {}, using one {}, in the sequential run)",
            format_ms(report.produce_ms_per_item),
            format_ms(report.consume_ms_per_item)
        )
    } else {
        "both sides do no work per item, so only the buffer's lock limits them".to_owned()
    };
    format!(
        "Threads: {threads:.0} items/s; one thread: {sequential:.0} items/s; {bound_text}. {} share this device's cores: fewer cores than threads lower the ceiling.",
        count(p.threads(), "thread")
    )
}

fn verdict(report: &PcReport) -> String {
    let run = &report.run;
    if run.deadlock.is_some() {
        return format!(
            "The threads deadlocked after {} of {} items: the sequential row finished, the threaded one could not.",
            group(run.consumed),
            group(report.params.total_items())
        );
    }
    let check = match (run.correct, report.params.bug) {
        (true, Bug::HoldLock) => {
            "Every item was used exactly once, in the order it was put in: the hold-lock bug is in, but this time no consumer found the buffer empty while holding the lock. The deadlock depends on timing; make producing slower than consuming (e.g. produce=500, consume=0) to see it.".to_owned()
        }
        (true, Bug::IfWait) => {
            "Every item was used exactly once, in the order it was put in: the if-wait bug is in, but this time no woken consumer found the buffer empty. It depends on timing; more consumers than producers and slower producing (e.g. consumers=3, produce=200, consume=50) make it show.".to_owned()
        }
        (true, Bug::NotifyOne) => {
            "Every item was used exactly once, in the order it was put in: the notify-one bug is in, but every notify happened to wake a thread that could go on. It depends on timing; capacity=1 makes a wasted wake-up likely.".to_owned()
        }
        (true, Bug::None) => "Every item was used exactly once, in the order it was put in.".to_owned(),
        (false, _) if run.empty_takes > 0 => format!(
            "{} a consumer woke up (one notify_all wakes every waiting consumer), another took the item first, and with if the woken one did not test again: it took from an empty buffer. In Python that popleft() raises IndexError; here the take took nothing and the consumer went round again, so every real item was still used {}. Wait with while (bug=none).",
            if run.empty_takes == 1 {
                "1 take found the buffer empty:".to_owned()
            } else {
                format!("{} takes found the buffer empty:", group(run.empty_takes))
            },
            if run.consumed == report.params.total_items() { "exactly once" } else { "at most once" }
        ),
        (false, _) => "The checker found items lost, used twice, or taken out of order.".to_owned(),
    };
    match &report.parallel {
        Some(parallel) if parallel.summary.median_ms > 0.0 => format!(
            "{check} The threads took {} against {} on one thread: {:.2}×.",
            format_ms(parallel.summary.median_ms),
            format_ms(report.sequential.summary.median_ms),
            report.sequential.summary.median_ms / parallel.summary.median_ms
        ),
        _ => check,
    }
}

/// Where more slots stop helping: the smallest capacity within 5 % of the best throughput.
fn capacity_sweep(at: &PcParams, points: &[CapacityPoint]) -> Html {
    let best = points.iter().map(|p| p.items_per_s).fold(0.0, f64::max);
    let enough = points.iter().find(|p| p.items_per_s >= 0.95 * best).map(|p| p.capacity);
    let verdict = match enough {
        Some(capacity) => format!(
            "Throughput stopped growing at capacity {capacity}: more slots only absorb bursts, they do not make either side faster."
        ),
        None => "No capacity finished.".to_owned(),
    };
    let row = |p: &CapacityPoint| {
        let share = if best > 0.0 { format!("{:.0} %", 100.0 * p.items_per_s / best) } else { "–".to_owned() };
        let (class, output) = if p.correct { ("ok", "✓ exactly once, in order") } else { ("bad", "✗") };
        html! {
            <tr data-capacity={p.capacity.to_string()} data-items-per-s={format!("{:.0}", p.items_per_s)} data-correct={p.correct.to_string()}>
                <th scope="row">{ p.capacity }</th>
                <td class="num">{ format!("{:.0}", p.items_per_s) }</td>
                <td class="num">{ share }</td>
                <td class={class}>{ output }</td>
            </tr>
        }
    };
    html! {
        <section class="results" data-testid="capacity-sweep" data-enough-capacity={enough.map(|c| c.to_string())}>
            <h3>{ format!("Throughput against capacity: {} producers, {} consumers, {} items each", at.producers, at.consumers, group(at.items)) }</h3>
            <p class="verdict">{ verdict }</p>
            <div class="table-scroll" tabindex="0">
                <table>
                    <thead><tr><th>{ "capacity" }</th><th>{ "items/s" }</th><th>{ "of the best" }</th><th>{ "output" }</th></tr></thead>
                    <tbody>{ for points.iter().map(row) }</tbody>
                </table>
            </div>
        </section>
    }
}

fn code_view(sync: SyncMethod) -> Html {
    use crate::shell::source::{PC_CONSUME, PC_CONSUME_WITH_CONDITION, PC_PRODUCE, PC_PRODUCE_WITH_CONDITION};
    let (rust, python) = match sync {
        SyncMethod::Semaphores => (format!("{PC_PRODUCE}\n\n{PC_CONSUME}"), PYTHON_SEMAPHORES),
        SyncMethod::Condition => {
            (format!("{PC_PRODUCE_WITH_CONDITION}\n\n{PC_CONSUME_WITH_CONDITION}"), PYTHON_CONDITION)
        }
    };
    crate::shell::source::code_panel("parlab-kernels, producer_consumer/", &rust, python, "The Python idiom it mirrors")
}

const PYTHON_SEMAPHORES: &str = "import collections, threading\n\n# CPython's threads take turns at Python code (the GIL): make() and use() overlap only where they\n# wait (I/O, sleep) or call a library that releases the GIL. multiprocessing (Lock, Semaphore, Queue)\n# runs producers and consumers that compute at the same time.\n\nbuffer = collections.deque()\nlock = threading.Lock()\nitems = threading.Semaphore(0)          # filled slots\nspaces = threading.Semaphore(capacity)  # free slots\nSTOP = None\n\ndef producer(n):\n    for i in range(n):\n        item = make(i)\n        spaces.acquire()\n        with lock:\n            buffer.append(item)\n        items.release()\n\ndef consumer():\n    while True:\n        items.acquire()        # the bug: taking the lock first, then waiting here\n        with lock:\n            item = buffer.popleft()\n        spaces.release()\n        if item is STOP:\n            return\n        use(item)\n\n# when every producer is done: one STOP per consumer\nfor _ in consumers:\n    spaces.acquire()\n    with lock:\n        buffer.append(STOP)\n    items.release()";

const PYTHON_CONDITION: &str = "import collections, threading\n\n# CPython's threads take turns at Python code (the GIL): make() and use() overlap only where they\n# wait (I/O, sleep) or call a library that releases the GIL.\n\nbuffer = collections.deque()\ncond = threading.Condition()  # a lock, and a queue of threads waiting for the buffer to change\nSTOP = None\n\ndef put(item):\n    with cond:\n        while len(buffer) == capacity:\n            cond.wait()       # gives the lock back while it sleeps\n        buffer.append(item)\n        cond.notify_all()     # the notify-one bug: cond.notify()\n\ndef producer(n):\n    for i in range(n):\n        put(make(i))\n\ndef consumer():\n    while True:\n        with cond:\n            while not buffer:  # the if-wait bug: if not buffer:\n                cond.wait()\n            item = buffer.popleft()\n            cond.notify_all()  # the notify-one bug: cond.notify()\n        if item is STOP:\n            return\n        use(item)\n\n# when every producer is done: one STOP per consumer\nfor _ in consumers:\n    put(STOP)";
