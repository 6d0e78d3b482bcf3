//! The last runs in this browser (`localStorage`), to compare side by side and to re-open.
//!
//! Each entry is the run's query and its variants' medians. What is stored is read defensively:
//! storage is shared with whatever else ran on this origin, and a browser may refuse it.

use js_sys::{Array, JSON, Object, Reflect};
use wasm_bindgen::{JsCast, JsValue};
use yew::prelude::*;

use crate::shell::compare::{MAX_FILE_BYTES, Machine, compare_table, read_export, this_browser};
use crate::shell::export::Export;

const KEY: &str = "parlab:history:v1";
/// Entries kept; the oldest go first.
pub const LIMIT: usize = 50;

/// One variant's median in a stored run.
#[derive(Clone, PartialEq, Debug)]
pub struct Figure {
    pub variant: String,
    pub threads: u32,
    pub median_ms: f64,
    pub correct: bool,
    /// Its quality mark (`clean`, `noisy`, …); `None` in entries kept before runs had one.
    pub quality: Option<String>,
}

#[derive(Clone, PartialEq, Debug)]
pub struct Entry {
    /// Milliseconds since 1970, also the entry's identity.
    pub at: f64,
    pub demo: String,
    /// The run's query without `autorun`, as a link would hold it.
    pub query: String,
    pub figures: Vec<Figure>,
}

/// What storage held: the entries that could be read, and whether anything could not.
pub struct Stored {
    pub entries: Vec<Entry>,
    pub unreadable: bool,
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

pub(crate) fn text(object: &JsValue, key: &str) -> Option<String> {
    Reflect::get(object, &key.into()).ok()?.as_string()
}

pub(crate) fn number(object: &JsValue, key: &str) -> Option<f64> {
    Reflect::get(object, &key.into()).ok()?.as_f64()
}

/// Whether `text` is a name parlab writes (variants, parameters and their values, quality
/// marks): short, and letters, digits and `+ - _ . ,` only. Stored or imported data with
/// anything else is not parlab's and is not shown.
pub(crate) fn is_plain(text: &str) -> bool {
    (1..=60).contains(&text.len()) && text.chars().all(|c| c.is_ascii_alphanumeric() || "+-_.,".contains(c))
}

/// One variant's figure as stored or exported (`variant`, `threads`, `median_ms`, `correct`,
/// `quality`), if every field is what parlab writes.
pub(crate) fn figure_from(value: &JsValue) -> Option<Figure> {
    Some(Figure {
        variant: text(value, "variant").filter(|v| is_plain(v))?,
        threads: number(value, "threads").filter(|t| (0.0..=1024.0).contains(t))? as u32,
        median_ms: number(value, "median_ms").filter(|ms| ms.is_finite() && *ms >= 0.0)?,
        correct: Reflect::get(value, &"correct".into()).ok()?.as_bool()?,
        quality: text(value, "quality").filter(|q| is_plain(q)),
    })
}

fn entry_from(value: &JsValue) -> Option<Entry> {
    let figures = Reflect::get(value, &"figures".into()).ok()?.dyn_into::<Array>().ok()?;
    let figures = figures.iter().map(|f| figure_from(&f)).collect::<Option<Vec<_>>>()?;
    Some(Entry { at: number(value, "at")?, demo: text(value, "demo")?, query: text(value, "query")?, figures })
}

/// The stored runs, newest first; `unreadable` when some stored data was not parlab's.
pub fn load() -> Stored {
    let Some(raw) = storage().and_then(|s| s.get_item(KEY).ok().flatten()) else {
        return Stored { entries: Vec::new(), unreadable: false };
    };
    let Some(list) = JSON::parse(&raw).ok().and_then(|v| v.dyn_into::<Array>().ok()) else {
        return Stored { entries: Vec::new(), unreadable: true };
    };
    let read: Vec<Option<Entry>> = list.iter().map(|v| entry_from(&v)).collect();
    let unreadable = read.iter().any(Option::is_none);
    Stored { entries: read.into_iter().flatten().collect(), unreadable }
}

fn to_js(entry: &Entry) -> JsValue {
    let object = Object::new();
    let set = |o: &Object, key: &str, value: JsValue| {
        let _ = Reflect::set(o, &key.into(), &value);
    };
    set(&object, "at", entry.at.into());
    set(&object, "demo", entry.demo.as_str().into());
    set(&object, "query", entry.query.as_str().into());
    let figures = Array::new();
    for figure in &entry.figures {
        let f = Object::new();
        set(&f, "variant", figure.variant.as_str().into());
        set(&f, "threads", figure.threads.into());
        set(&f, "median_ms", figure.median_ms.into());
        set(&f, "correct", figure.correct.into());
        if let Some(quality) = &figure.quality {
            set(&f, "quality", quality.as_str().into());
        }
        figures.push(&f);
    }
    set(&object, "figures", figures.into());
    object.into()
}

fn save(entries: &[Entry]) -> bool {
    let list: Array = entries.iter().map(to_js).collect();
    let Some(json) = JSON::stringify(&list).ok().and_then(|s| s.as_string()) else { return false };
    storage().is_some_and(|s| s.set_item(KEY, &json).is_ok())
}

/// Adds a finished run (newest first, at most [`LIMIT`]) and tells open history panels to read
/// again. Where the browser refuses storage, the run is simply not kept.
pub fn record(export: &Export) {
    let figures = export
        .rows
        .iter()
        .filter_map(|row| {
            let summary = parlab_kernels::stats::Summary::of(&row.samples_ms)?;
            Some(Figure {
                variant: row.variant.clone(),
                threads: row.threads as u32,
                median_ms: summary.median_ms,
                correct: row.correct,
                quality: Some(row.quality(&export.record).to_owned()),
            })
        })
        .collect();
    let query = std::iter::once(format!("demo={}", export.demo))
        .chain(export.parameters.iter().map(|(k, v)| format!("{k}={v}")))
        .collect::<Vec<_>>()
        .join("&");
    let entry = Entry { at: js_sys::Date::now(), demo: export.demo.to_owned(), query, figures };
    let mut entries = load().entries;
    entries.insert(0, entry);
    entries.truncate(LIMIT);
    if save(&entries)
        && let Some(window) = web_sys::window()
        && let Ok(event) = web_sys::Event::new(CHANGED)
    {
        let _ = window.dispatch_event(&event);
    }
}

/// The window event [`record`] sends.
const CHANGED: &str = "parlab:history";

fn clear() {
    if let Some(storage) = storage() {
        let _ = storage.remove_item(KEY);
    }
}

fn time_text(at: f64) -> String {
    let date = js_sys::Date::new(&at.into());
    format!("{:02}:{:02}:{:02}", date.get_hours(), date.get_minutes(), date.get_seconds())
}

#[derive(Properties, PartialEq)]
pub struct HistoryPanelProps {
    /// The demo on the page (`map`, …): imported exports must be of it.
    pub demo: &'static str,
}

/// The history panel: the stored runs, a checkbox each, Compare, Re-open and Clear; and
/// Compare machines: exports imported beside this browser's last run of the page's demo.
#[component]
pub fn HistoryPanel(props: &HistoryPanelProps) -> Html {
    let stored = use_state(load);
    let selected = use_state(Vec::<f64>::new);
    let comparing = use_state(|| false);
    let imported = use_state(Vec::<Machine>::new);
    let import_messages = use_state(Vec::<String>::new);
    {
        let stored = stored.clone();
        use_effect_with((), move |_| {
            let listener = ChangeListener::new(move || stored.set(load()));
            move || drop(listener)
        });
    }
    let toggle = |at: f64| {
        let selected = selected.clone();
        Callback::from(move |_: Event| {
            let mut next = (*selected).clone();
            match next.iter().position(|&a| a == at) {
                Some(i) => {
                    next.remove(i);
                }
                None => next.push(at),
            }
            selected.set(next);
        })
    };
    let compare = {
        let comparing = comparing.clone();
        Callback::from(move |_: MouseEvent| comparing.set(true))
    };
    let clear_all = {
        let (stored, selected, comparing) = (stored.clone(), selected.clone(), comparing.clone());
        let (imported, import_messages) = (imported.clone(), import_messages.clone());
        Callback::from(move |_: MouseEvent| {
            clear();
            stored.set(load());
            selected.set(Vec::new());
            comparing.set(false);
            imported.set(Vec::new());
            import_messages.set(Vec::new());
        })
    };
    let import = {
        let (imported, import_messages, demo) = (imported.clone(), import_messages.clone(), props.demo);
        Callback::from(move |e: Event| {
            let input: web_sys::HtmlInputElement = e.target_unchecked_into();
            // Taken before the input is cleared: its FileList is live and would empty.
            let files: Vec<web_sys::File> =
                input.files().map(|list| (0..list.length()).filter_map(|i| list.get(i)).collect()).unwrap_or_default();
            input.set_value("");
            let (imported, import_messages) = (imported.clone(), import_messages.clone());
            wasm_bindgen_futures::spawn_local(async move {
                let (machines, messages) = read_files(files, (*imported).clone(), demo).await;
                imported.set(machines);
                import_messages.set(messages);
            });
        })
    };
    let machines: Vec<Machine> =
        this_browser(&stored.entries, props.demo).into_iter().chain(imported.iter().cloned()).collect();
    let chosen: Vec<&Entry> = stored.entries.iter().filter(|e| selected.contains(&e.at)).collect();
    html! {
        <section class="history" data-testid="history" data-entries={stored.entries.len().to_string()}>
            <h3>{ format!("Your last runs in this browser ({} of at most {LIMIT})", stored.entries.len()) }</h3>
            if stored.unreadable {
                <p class="notice info" data-testid="history-notice">{ "Some stored history was not parlab's or could not be read; it was ignored." }</p>
            }
            if stored.entries.is_empty() {
                <p class="note">{ "Runs you make appear here, and stay after a reload." }</p>
            } else {
                <ul class="history-list">
                    { for stored.entries.iter().map(|entry| {
                        let summary: Vec<String> = entry.figures.iter().map(|f| format!("{} {:.1} ms", f.variant, f.median_ms)).collect();
                        html! {
                            <li data-at={entry.at.to_string()}>
                                <label class="check">
                                    <input type="checkbox" checked={selected.contains(&entry.at)} onchange={toggle(entry.at)} />
                                    <span>{ format!("{} · {} · {}", time_text(entry.at), entry.demo, entry.query.split('&').skip(1).collect::<Vec<_>>().join(" ")) }</span>
                                </label>
                                <a class="reopen" href={format!("?{}", entry.query)}>{ "Re-open" }</a>
                                <span class="history-figures">{ summary.join(", ") }</span>
                            </li>
                        }
                    }) }
                </ul>
                <div class="actions">
                    <button data-testid="history-compare" disabled={chosen.len() < 2} onclick={compare}>
                        { format!("Compare {} selected", chosen.len()) }
                    </button>
                    <button data-testid="history-clear" onclick={clear_all}>{ "Clear history" }</button>
                </div>
            }
            if *comparing && chosen.len() >= 2 {
                { comparison(&chosen) }
            }
            <h4>{ "Compare machines" }</h4>
            <p class="note">{ format!("Exports of {} (Save JSON) from any device or browser, beside this browser's last run.", props.demo) }</p>
            <label class="import">
                <span>{ "Import JSON exports" }</span>
                <input type="file" multiple=true accept=".json,application/json" data-testid="import" onchange={import} />
            </label>
            if !import_messages.is_empty() {
                <ul class="import-messages" data-testid="import-messages" role="status">
                    { for import_messages.iter().map(|message| html! { <li>{ message }</li> }) }
                </ul>
            }
            if !imported.is_empty() {
                { compare_table(&machines) }
            }
        </section>
    }
}

/// The chosen runs side by side: a column per run, a row per variant, medians in ms (with the
/// quality mark of any that is not clean).
fn comparison(entries: &[&Entry]) -> Html {
    let mut variants: Vec<&str> = Vec::new();
    for figure in entries.iter().flat_map(|e| e.figures.iter()) {
        if !variants.contains(&figure.variant.as_str()) {
            variants.push(&figure.variant);
        }
    }
    let cell = |e: &Entry, variant: &str| {
        let figure = e.figures.iter().find(|f| f.variant == variant);
        let quality = figure.and_then(|f| f.quality.clone());
        let text = figure.map_or("–".to_owned(), |f| match quality.as_deref() {
            Some(mark) if mark != "clean" => format!("{:.2} ms (k = {}), {mark}", f.median_ms, f.threads),
            _ => format!("{:.2} ms (k = {})", f.median_ms, f.threads),
        });
        html! { <td class="num" data-quality={quality}>{ text }</td> }
    };
    html! {
        <div class="table-scroll" tabindex="0" data-testid="history-comparison">
            <table>
                <thead><tr>
                    <th>{ "variant" }</th>
                    { for entries.iter().map(|e| html! {
                        <th scope="col">{ format!("{} {}", time_text(e.at), e.query.split('&').skip(1).collect::<Vec<_>>().join(" ")) }</th>
                    }) }
                </tr></thead>
                <tbody>
                    { for variants.iter().map(|variant| html! {
                        <tr data-variant={variant.to_string()}>
                            <th scope="row">{ *variant }</th>
                            { for entries.iter().map(|e| cell(e, variant)) }
                        </tr>
                    }) }
                </tbody>
            </table>
        </div>
    }
}

/// The most imported files shown at once.
const MAX_IMPORTED: usize = 16;

/// Reads every chosen file into `machines` (a file of the same name replaces the one before;
/// past [`MAX_IMPORTED`], the oldest give way), with a line each on what happened.
async fn read_files(files: Vec<web_sys::File>, mut machines: Vec<Machine>, demo: &str) -> (Vec<Machine>, Vec<String>) {
    let mut messages = Vec::new();
    for file in files {
        let name = file.name();
        let read = if file.size() > MAX_FILE_BYTES {
            Err(format!("{name}: {:.1} MB, more than an export can be (1 MB). It was not read.", file.size() / 1e6))
        } else {
            match wasm_bindgen_futures::JsFuture::from(file.text()).await.ok().and_then(|t| t.as_string()) {
                Some(text) => read_export(&name, &text, demo),
                None => Err(format!("{name}: the browser could not read it. It was not read.")),
            }
        };
        match read {
            Ok(machine) => {
                messages.push(format!("{name}: imported."));
                machines.retain(|m| m.name != name);
                machines.push(machine);
            }
            Err(message) => messages.push(message),
        }
    }
    let excess = machines.len().saturating_sub(MAX_IMPORTED);
    if excess > 0 {
        machines.drain(..excess);
        messages.push(format!(
            "Only the last {MAX_IMPORTED} imported files are shown; the {excess} before them were put aside."
        ));
    }
    (machines, messages)
}

/// Calls its function on every [`CHANGED`] event, until dropped.
struct ChangeListener {
    window: web_sys::Window,
    closure: wasm_bindgen::closure::Closure<dyn Fn()>,
}

impl ChangeListener {
    fn new(on_change: impl Fn() + 'static) -> Option<Self> {
        let window = web_sys::window()?;
        let closure = wasm_bindgen::closure::Closure::<dyn Fn()>::new(on_change);
        window.add_event_listener_with_callback(CHANGED, closure.as_ref().unchecked_ref()).ok()?;
        Some(Self { window, closure })
    }
}

impl Drop for ChangeListener {
    fn drop(&mut self) {
        let _ = self.window.remove_event_listener_with_callback(CHANGED, self.closure.as_ref().unchecked_ref());
    }
}
