//! Comparing machines: JSON exports of this demo, from any browser or device, read back and
//! shown beside this browser's last run, with each one's environment and parameters lined up
//! and the parameters that differ pointed out.
//!
//! A file is read defensively: anything unexpected (not JSON, another demo, a later export
//! version, a field of the wrong type, a name that is not one parlab writes, a huge file) is a
//! message naming the file and what is wrong, and the file is left out. Nothing from a file is
//! ever markup: the table is typed `html!`, so Yew escapes every text and attribute it shows;
//! names must also be plain (`history::is_plain`), so a file cannot pass itself off as parlab's.

use js_sys::{Array, JSON, Object, Reflect};
use wasm_bindgen::{JsCast, JsValue};
use yew::prelude::*;

use crate::shell::history::{Entry, Figure, figure_from, is_plain, number, text as text_of};

/// Exports are a few kilobytes; anything much larger is not one.
pub const MAX_FILE_BYTES: f64 = 1_048_576.0;

/// The export version this page reads (`parlab_export` in the file).
const EXPORT_VERSION: f64 = 1.0;

/// One machine's run: this browser's last, or an imported file's.
#[derive(Clone, PartialEq)]
pub struct Machine {
    /// “this browser”, or the file's name.
    pub name: String,
    pub browser: String,
    /// “4 (measured 2)”: the reported and the measured core counts.
    pub cores: String,
    pub parameters: Vec<(String, String)>,
    pub figures: Vec<Figure>,
}

/// The browser and its major version, from a user-agent string.
fn browser_of(user_agent: &str) -> String {
    for (token, name) in [("Firefox/", "Firefox"), ("Edg/", "Edge"), ("Chrome/", "Chrome"), ("Version/", "Safari")] {
        if let Some(at) = user_agent.find(token) {
            let version: String = user_agent[at + token.len()..].chars().take_while(char::is_ascii_digit).collect();
            return format!("{name} {version}");
        }
    }
    "another browser".to_owned()
}

fn cores_text(reported: f64, measured: Option<f64>) -> String {
    match measured {
        Some(measured) => format!("{reported} (measured {measured})"),
        None => reported.to_string(),
    }
}

/// This browser's last run of `demo`, from the history, as a machine.
pub fn this_browser(entries: &[Entry], demo: &str) -> Option<Machine> {
    let entry = entries.iter().find(|e| e.demo == demo)?;
    let user_agent = web_sys::window().and_then(|w| w.navigator().user_agent().ok()).unwrap_or_default();
    Some(Machine {
        name: "this browser".to_owned(),
        browser: browser_of(&user_agent),
        cores: cores_text(
            crate::platform::pool::hardware_concurrency() as f64,
            crate::platform::parallelism::measured().map(|n| n.get() as f64),
        ),
        parameters: entry
            .query
            .split('&')
            .filter_map(|pair| pair.split_once('='))
            .filter(|(key, value)| *key != "demo" && is_plain(key) && is_plain(value))
            .map(|(key, value)| (key.to_owned(), value.to_owned()))
            .collect(),
        figures: entry.figures.clone(),
    })
}

/// Reads one export file (`name`, its `text`) of `demo`, or says what is wrong with it.
pub fn read_export(name: &str, text: &str, demo: &str) -> Result<Machine, String> {
    let ignored = |why: &str| format!("{name}: {why}. It was not imported.");
    let value =
        JSON::parse(text).map_err(|e| ignored(&format!("not JSON ({})", crate::platform::pool::js_error_text(&e))))?;
    let version = number(&value, "parlab_export")
        .ok_or_else(|| ignored("not a parlab export (it has no parlab_export version)"))?;
    if version != EXPORT_VERSION {
        return Err(ignored(&format!(
            "export version {version}, from another parlab; this page reads version {EXPORT_VERSION}"
        )));
    }
    let file_demo = text_of(&value, "demo").filter(|d| is_plain(d)).unwrap_or_else(|| "another".to_owned());
    if file_demo != demo {
        return Err(ignored(&format!("a run of the {file_demo} demo, not of {demo}; open {file_demo} to compare it")));
    }
    let field = |what: &str| ignored(&format!("{what} is missing or not what parlab writes"));
    let object = Reflect::get(&value, &"parameters".into()).ok().and_then(|p| p.dyn_into::<Object>().ok());
    let mut parameters = Vec::new();
    for pair in Object::entries(&object.ok_or_else(|| field("parameters"))?).iter().take(40) {
        let pair: Array = pair.unchecked_into();
        match (pair.get(0).as_string(), pair.get(1).as_string()) {
            (Some(key), Some(v)) if is_plain(&key) && is_plain(&v) => parameters.push((key, v)),
            _ => return Err(field("a parameter")),
        }
    }
    let environment = Reflect::get(&value, &"environment".into()).unwrap_or(JsValue::UNDEFINED);
    let user_agent = text_of(&environment, "user_agent").ok_or_else(|| field("environment.user_agent"))?;
    let reported = number(&environment, "logical_cores").ok_or_else(|| field("environment.logical_cores"))?;
    let variants = Reflect::get(&value, &"variants".into()).ok().and_then(|v| v.dyn_into::<Array>().ok());
    let variants = variants.filter(|v| v.length() <= 64).ok_or_else(|| field("variants"))?;
    let mut figures = Vec::new();
    for (i, variant) in variants.iter().enumerate() {
        figures.push(figure_from(&variant).ok_or_else(|| field(&format!("variants[{i}]")))?);
    }
    Ok(Machine {
        name: name.to_owned(),
        browser: browser_of(&user_agent),
        cores: cores_text(reported, number(&environment, "measured_parallelism")),
        parameters,
        figures,
    })
}

/// The machines side by side: a row each (`tr[data-machine]`), the environment, every
/// parameter in its own column (a value that differs from the first row's marked), then each
/// variant's median; and the parameters that differ, listed.
pub fn compare_table(machines: &[Machine]) -> Html {
    let mut keys: Vec<&str> = Vec::new();
    let mut variants: Vec<&str> = Vec::new();
    for machine in machines {
        for (key, _) in &machine.parameters {
            if !keys.contains(&key.as_str()) {
                keys.push(key);
            }
        }
        for figure in &machine.figures {
            if !variants.contains(&figure.variant.as_str()) {
                variants.push(&figure.variant);
            }
        }
    }
    let value = |machine: &Machine, key: &str| {
        machine.parameters.iter().find(|(k, _)| k == key).map_or("–".to_owned(), |(_, v)| v.clone())
    };
    let differing: Vec<String> = keys
        .iter()
        .filter(|key| machines.iter().any(|m| value(m, key) != value(&machines[0], key)))
        .map(|key| {
            let values: Vec<String> = machines.iter().map(|m| format!("{} in {}", value(m, key), m.name)).collect();
            format!("{key}: {}", values.join(", "))
        })
        .collect();
    let cell = |machine: &Machine, variant: &str| match machine.figures.iter().find(|f| f.variant == variant) {
        Some(f) => html! {
            <td class="num" data-variant={variant.to_owned()} data-ms={format!("{:.3}", f.median_ms)}>
                { format!("{:.2} ms (k = {}){}", f.median_ms, f.threads, if f.correct { "" } else { ", differs!" }) }
            </td>
        },
        None => html! { <td class="num" data-variant={variant.to_owned()}>{ "–" }</td> },
    };
    html! { <>
        <div class="table-scroll" tabindex="0">
            <table data-testid="compare-table">
                <thead><tr>
                    <th>{ "machine" }</th><th>{ "browser" }</th><th>{ "cores" }</th>
                    { for keys.iter().map(|key| html! { <th>{ *key }</th> }) }
                    { for variants.iter().map(|variant| html! { <th>{ format!("{variant} (median)") }</th> }) }
                </tr></thead>
                <tbody>
                    { for machines.iter().map(|machine| html! {
                        <tr data-machine={machine.name.clone()}>
                            <th scope="row">{ &machine.name }</th><td>{ &machine.browser }</td><td>{ &machine.cores }</td>
                            { for keys.iter().map(|key| {
                                let shown = value(machine, key);
                                let mismatch = shown != value(&machines[0], key);
                                html! { <td class={classes!(mismatch.then_some("mismatch"))} data-param={key.to_string()}>{ shown }</td> }
                            }) }
                            { for variants.iter().map(|variant| cell(machine, variant)) }
                        </tr>
                    }) }
                </tbody>
            </table>
        </div>
        if !differing.is_empty() {
            <p class="notice info" data-testid="compare-mismatch">
                { format!("Not the same experiment: {}. Compare times only where the parameters match.", differing.join("; ")) }
            </p>
        }
    </> }
}
