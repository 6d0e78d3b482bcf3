//! When a run computed, and what the page saw meanwhile that bears on its timings: whether it
//! held the one-run-at-a-time lock, and whether the page was hidden. Results and exports carry
//! it, so every timed figure comes with its [`Quality`] mark.

use std::cell::Cell;
use std::rc::Rc;

use gloo_events::EventListener;
use parlab_kernels::clock::Clock;
use parlab_kernels::quality::{self, Quality, RunConditions};

use crate::platform::clock::PerformanceClock;
use crate::platform::parallelism::{self, Measurement};

/// A finished run's computing time on the clock every frame and tab shares
/// (`performance.timeOrigin + performance.now()`, epoch milliseconds), and its conditions.
#[derive(Clone, Copy, PartialEq, Debug)]
pub struct RunRecord {
    pub began_ms: f64,
    pub ended_ms: f64,
    pub conditions: RunConditions,
    /// The device's measured cores as the run ended, so its verdict can say the machine was busy
    /// then, and a low figure is not blamed on the run.
    pub cores: Option<Measurement>,
}

impl RunRecord {
    /// The mark of one result of this run, from its repeat times.
    pub fn quality(&self, samples_ms: &[f64]) -> Quality {
        quality::quality(samples_ms, self.conditions)
    }

    /// What the verdict says about the marks of this run's results (`(variant, repeat
    /// times)`), with what to do; `None` when every one is clean.
    pub fn advice(&self, results: &[(&str, &[f64])]) -> Option<String> {
        quality::advice(results, self.conditions)
    }

    /// The `results` panel's `data-run-start` and `data-run-end`.
    pub fn epoch_attributes(&self) -> (String, String) {
        (format!("{:.3}", self.began_ms), format!("{:.3}", self.ended_ms))
    }
}

/// Watches a run from the moment it may compute (it holds the lock, or there is none) until
/// [`RunWatch::finish`]; dropping it stops watching.
pub struct RunWatch {
    began_ms: f64,
    kept_apart: bool,
    hidden: Rc<Cell<bool>>,
    _visibility: Option<EventListener>,
}

impl RunWatch {
    pub fn begin(kept_apart: bool) -> Self {
        let hidden = Rc::new(Cell::new(page_hidden()));
        let visibility = web_sys::window().and_then(|w| w.document()).map(|document| {
            let hidden = hidden.clone();
            EventListener::new(&document, "visibilitychange", move |_| {
                if page_hidden() {
                    hidden.set(true);
                }
            })
        });
        Self { began_ms: PerformanceClock.now_ms(), kept_apart, hidden, _visibility: visibility }
    }

    /// The record of the run's computing, which ends now.
    pub fn finish(&self) -> RunRecord {
        RunRecord {
            began_ms: self.began_ms,
            ended_ms: PerformanceClock.now_ms(),
            conditions: RunConditions { kept_apart: self.kept_apart, hidden: self.hidden.get() || page_hidden() },
            cores: parallelism::measurement(),
        }
    }
}

fn page_hidden() -> bool {
    web_sys::window().and_then(|w| w.document()).is_some_and(|d| d.hidden())
}

/// The run's quality advice as a paragraph of its own, for views without a verdict (sweeps):
/// `results` holds every timed result of the run, its name and its repeat times.
pub fn quality_advice(record: &RunRecord, results: &[(String, Vec<f64>)]) -> yew::Html {
    let results: Vec<(&str, &[f64])> = results.iter().map(|(name, samples)| (name.as_str(), &samples[..])).collect();
    match record.advice(&results) {
        Some(text) => yew::html! { <p class="notice info quality-advice" data-testid="quality-advice">{ text }</p> },
        None => yew::html! {},
    }
}

impl RunRecord {
    /// “When the cores were measured, your machine was busy: …”, when it was.
    fn busy_note(&self) -> Option<String> {
        let note = self.cores.and_then(|m| m.busy_note())?;
        Some(format!("When the cores were measured, {note}."))
    }

    /// The reading of a run as a list (`verdict`), then the busy machine and the quality advice
    /// when there are: `timed` holds every timed result of the run, its name and repeat times.
    pub fn verdict_list(&self, lines: Vec<String>, timed: &[(&str, &[f64])]) -> yew::Html {
        yew::html! {
            <ul class="verdict-list" data-testid="verdict">
                { for lines.into_iter().map(|line| yew::html! { <li>{ line }</li> }) }
                if let Some(note) = self.busy_note() {
                    <li class="busy-note" data-testid="busy-note">{ note }</li>
                }
                if let Some(advice) = self.advice(timed) {
                    <li class="quality-advice" data-testid="quality-advice">{ advice }</li>
                }
            </ul>
        }
    }

    /// The reading of a run in one sentence (`verdict`), then the busy machine and the quality
    /// advice when there are (see [`verdict_list`](Self::verdict_list)).
    pub fn verdict_line(&self, verdict: String, timed: &[(&str, &[f64])]) -> yew::Html {
        yew::html! {
            <p class="verdict" data-testid="verdict">
                { verdict }
                if let Some(note) = self.busy_note() {
                    { " " }<span class="busy-note" data-testid="busy-note">{ note }</span>
                }
                if let Some(advice) = self.advice(timed) {
                    { " " }<span class="quality-advice" data-testid="quality-advice">{ advice }</span>
                }
            </p>
        }
    }
}
