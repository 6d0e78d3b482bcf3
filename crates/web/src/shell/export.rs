//! Saving a demo's results: JSON (parameters, environment, every timed run of every variant),
//! CSV (one line per timed run) and the results table as Markdown, for notes and reports.

use std::num::NonZeroUsize;

use parlab_kernels::params::DemoParams;
use parlab_kernels::stats::{self, Summary, VariantTiming};
use wasm_bindgen::JsCast;
use yew::prelude::*;

use super::run_record::RunRecord;
use crate::platform::shared::Shared;

/// One variant's timed runs.
#[derive(Clone, PartialEq)]
pub struct ExportRow {
    pub variant: String,
    pub threads: usize,
    pub samples_ms: Vec<f64>,
    pub correct: bool,
    /// The demo's own figures for this variant (race: `final`, `expected`, `lost`).
    pub extra: Vec<(&'static str, String)>,
}

impl ExportRow {
    /// A variant's runs as timed, with no figures of its own.
    pub fn timed(variant: &str, timing: &VariantTiming) -> Self {
        Self {
            variant: variant.to_owned(),
            threads: timing.threads,
            samples_ms: timing.samples_ms.clone(),
            correct: timing.correct,
            extra: Vec::new(),
        }
    }

    /// The rows of the variants that ran, in order, from (name, timing if it ran).
    pub fn timed_rows(variants: &[(&str, Option<&VariantTiming>)]) -> Vec<Self> {
        variants.iter().filter_map(|&(name, timing)| Some(Self::timed(name, timing?))).collect()
    }

    /// This row's quality mark in `record`'s run.
    pub fn quality(&self, record: &RunRecord) -> &'static str {
        record.quality(&self.samples_ms).name()
    }
}

/// A finished run: its report and its export, made once when the run ends. Making one keeps
/// the run in the history, so every demo's finished runs are kept the same way.
pub struct Finished<R> {
    pub report: Shared<R>,
    pub export: Shared<Export>,
}

impl<R> Finished<R> {
    pub fn new(report: R, export: Export) -> Self {
        crate::shell::history::record(&export);
        Self { report: Shared::new(report), export: Shared::new(export) }
    }
}

impl<R> Clone for Finished<R> {
    fn clone(&self) -> Self {
        Self { report: self.report.clone(), export: self.export.clone() }
    }
}

impl<R> PartialEq for Finished<R> {
    fn eq(&self, other: &Self) -> bool {
        self.report == other.report
    }
}

/// What an export holds, besides the environment read when it is made.
#[derive(Clone, PartialEq)]
pub struct Export {
    pub demo: &'static str,
    /// The run's parameters, as the URL would hold them.
    pub parameters: Vec<(&'static str, String)>,
    pub pool_threads: Option<usize>,
    /// In table order; the first is the baseline of the Markdown table's speedups.
    pub rows: Vec<ExportRow>,
    /// When the run computed and in what conditions: each row's quality mark comes from it.
    pub record: RunRecord,
}

impl Export {
    /// The export of a run of `demo` with these parameters (written as the URL holds them).
    pub fn new(
        demo: &'static str,
        parameters: &impl DemoParams,
        pool_threads: Option<NonZeroUsize>,
        rows: Vec<ExportRow>,
        record: RunRecord,
    ) -> Self {
        Self {
            demo,
            parameters: parameters.to_query(),
            pool_threads: pool_threads.map(NonZeroUsize::get),
            rows,
            record,
        }
    }

    fn json(&self, environment: &Environment) -> String {
        let parameters: Vec<String> =
            self.parameters.iter().map(|(key, value)| format!("{}:{}", json_string(key), json_string(value))).collect();
        let rows: Vec<String> = self
            .rows
            .iter()
            .map(|row| {
                let runs: Vec<String> = row.samples_ms.iter().map(|ms| json_number(*ms)).collect();
                let median = Summary::of(&row.samples_ms).map_or("null".to_owned(), |s| json_number(s.median_ms));
                let extra: String = row
                    .extra
                    .iter()
                    .map(|(key, value)| format!(",{}:{}", json_string(key), json_string(value)))
                    .collect();
                format!(
                    "{{\"variant\":{},\"threads\":{},\"correct\":{},\"quality\":{},\"median_ms\":{median},\"runs_ms\":[{}]{extra}}}",
                    json_string(&row.variant),
                    row.threads,
                    row.correct,
                    json_string(row.quality(&self.record)),
                    runs.join(",")
                )
            })
            .collect();
        format!(
            "{{\"parlab_export\":1,\"demo\":{},\"exported_at\":{},\"parameters\":{{{}}},\"run\":{{\"began_epoch_ms\":{},\"ended_epoch_ms\":{},\"kept_apart\":{},\"page_hidden\":{}}},\"environment\":{{\"user_agent\":{},\"logical_cores\":{},\"measured_parallelism\":{},\"pool_threads\":{},\"cross_origin_isolated\":{},\"isolation_route\":{}}},\"variants\":[{}]}}\n",
            json_string(self.demo),
            json_string(&environment.time),
            parameters.join(","),
            json_number(self.record.began_ms),
            json_number(self.record.ended_ms),
            self.record.conditions.kept_apart,
            self.record.conditions.hidden,
            json_string(&environment.user_agent),
            environment.cores,
            crate::platform::parallelism::measured().map_or_else(|| "null".to_owned(), |n| n.to_string()),
            self.pool_threads.unwrap_or(0),
            environment.isolated,
            json_string(&environment.route),
            rows.join(",")
        )
    }

    fn csv(&self) -> String {
        let mut lines = vec!["demo,variant,threads,run,ms,correct,quality".to_owned()];
        for row in &self.rows {
            for (run, ms) in row.samples_ms.iter().enumerate() {
                lines.push(format!(
                    "{},{},{},{},{ms:.3},{},{}",
                    self.demo,
                    row.variant,
                    row.threads,
                    run + 1,
                    row.correct,
                    row.quality(&self.record)
                ));
            }
        }
        lines.join("\n") + "\n"
    }

    fn markdown(&self) -> String {
        let baseline = self.rows.first().and_then(|row| Summary::of(&row.samples_ms));
        let mut lines = vec![
            format!(
                "parlab `{}`: {}",
                self.demo,
                self.parameters.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join(", ")
            ),
            String::new(),
            "| variant | threads | median ms | min – max ms | runs | speedup | output | quality |".to_owned(),
            "|---|---:|---:|---:|---:|---:|---|---|".to_owned(),
        ];
        for row in &self.rows {
            let Some(summary) = Summary::of(&row.samples_ms) else { continue };
            let speedup = baseline.and_then(|base| stats::speedup(&base, &summary));
            lines.push(format!(
                "| {} | {} | {:.3} | {:.3} – {:.3} | {} | {} | {} | {} |",
                row.variant,
                row.threads,
                summary.median_ms,
                summary.min_ms,
                summary.max_ms,
                summary.runs,
                speedup.map_or("–".to_owned(), |s| format!("{s:.2}×")),
                if row.correct { "equal" } else { "differs" },
                row.quality(&self.record)
            ));
        }
        lines.join("\n") + "\n"
    }
}

/// Where the runs were made, read when the export is.
struct Environment {
    time: String,
    user_agent: String,
    cores: u32,
    isolated: bool,
    route: String,
}

impl Environment {
    fn read() -> Self {
        let window = web_sys::window();
        let navigator = window.as_ref().map(|w| w.navigator());
        let route = window
            .as_ref()
            .and_then(|w| js_sys::Reflect::get(w, &"parlabStart".into()).ok())
            .and_then(|start| js_sys::Reflect::get(&start, &"route".into()).ok())
            .and_then(|route| route.as_string())
            .unwrap_or_default();
        Self {
            time: String::from(js_sys::Date::new_0().to_iso_string()),
            user_agent: navigator.as_ref().and_then(|n| n.user_agent().ok()).unwrap_or_default(),
            cores: crate::platform::pool::hardware_concurrency() as u32,
            isolated: crate::platform::pool::is_cross_origin_isolated(),
            route,
        }
    }

    /// `2026-11-24T09-40-00Z`: the time, as a file name allows it.
    fn file_stamp(&self) -> String {
        let seconds = self.time.split('.').next().unwrap_or(&self.time);
        format!("{}Z", seconds.replace(':', "-"))
    }
}

fn json_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn json_number(value: f64) -> String {
    if value.is_finite() { format!("{value:.3}") } else { "null".to_owned() }
}

/// Offers `contents` as a file download named `name`.
fn download(name: &str, mime: &str, contents: &str) -> Result<(), wasm_bindgen::JsValue> {
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&js_sys::Array::of1(&contents.into()), &options)?;
    let url = web_sys::Url::create_object_url_with_blob(&blob)?;
    let document = web_sys::window().and_then(|w| w.document()).ok_or("no document")?;
    let link = document.create_element("a")?.dyn_into::<web_sys::HtmlElement>()?;
    link.set_attribute("href", &url)?;
    link.set_attribute("download", name)?;
    link.click();
    web_sys::Url::revoke_object_url(&url)
}

#[derive(Properties, PartialEq)]
pub struct ExportBarProps {
    pub export: Shared<Export>,
}

/// JSON, CSV and Markdown of the results on screen.
#[component]
pub fn ExportBar(props: &ExportBarProps) -> Html {
    let status = use_state(String::new);
    let save = |kind: &'static str| {
        let (export, status) = (props.export.clone(), status.clone());
        Callback::from(move |_: MouseEvent| {
            let environment = Environment::read();
            let (contents, mime) = match kind {
                "json" => (export.json(&environment), "application/json"),
                _ => (export.csv(), "text/csv"),
            };
            let name = format!("parlab-{}-{}.{kind}", export.demo, environment.file_stamp());
            status.set(match download(&name, mime, &contents) {
                Ok(()) => format!("Saved {name}."),
                Err(_) => "The browser refused the download.".to_owned(),
            });
        })
    };
    let copy = {
        let (export, status) = (props.export.clone(), status.clone());
        Callback::from(move |_: MouseEvent| {
            let (markdown, status) = (export.markdown(), status.clone());
            wasm_bindgen_futures::spawn_local(async move {
                status.set(if crate::shell::share::write_clipboard(&markdown).await {
                    "The results table is on the clipboard, as Markdown.".to_owned()
                } else {
                    "The browser refused the clipboard; use Save JSON or Save CSV instead.".to_owned()
                });
            });
        })
    };
    html! {
        <div class="export">
            <button data-testid="export-json" onclick={save("json")}>{ "Save JSON" }</button>
            <button data-testid="export-csv" onclick={save("csv")}>{ "Save CSV" }</button>
            <button data-testid="copy-markdown" onclick={copy}>{ "Copy as Markdown" }</button>
            <span class="export-status" role="status" aria-live="polite">{ (*status).clone() }</span>
        </div>
    }
}
