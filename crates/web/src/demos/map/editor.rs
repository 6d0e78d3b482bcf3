//! The code box of `workload=custom`: the student's f, checked as it is typed.
//!
//! A plain textarea, so typing, selecting, undo and the screen reader work as everywhere; the
//! line numbers and the underline of the line with an error are drawn behind and beside it in
//! the same monospace metrics. The text is checked on every keystroke and committed as the
//! parameter `f` when the box loses focus, like every other field.

use parlab_kernels::custom::{MAX_SOURCE_BYTES, PRESETS, Program, Source, SourceError, ValueKind};
use parlab_kernels::params::ParamEdit;
use web_sys::{HtmlSelectElement, HtmlTextAreaElement};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct CodeBoxProps {
    pub source: Source,
    pub busy: bool,
    pub on_edit: Callback<ParamEdit>,
}

/// What Tab inserts: Python's usual indentation.
const INDENT: &str = "    ";

#[component]
pub fn CodeBox(props: &CodeBoxProps) -> Html {
    let draft = use_state(|| props.source.text().to_owned());
    // Esc, then Tab, leaves the box: Tab alone indents.
    let leaving = use_mut_ref(|| false);
    {
        let draft = draft.clone();
        use_effect_with(props.source, move |source| draft.set(source.text().to_owned()));
    }
    let checked = Program::parse(&draft);

    let oninput = {
        let draft = draft.clone();
        Callback::from(move |e: InputEvent| draft.set(e.target_unchecked_into::<HtmlTextAreaElement>().value()))
    };
    let onchange =
        props.on_edit.reform(|e: Event| ParamEdit::new("f", e.target_unchecked_into::<HtmlTextAreaElement>().value()));
    let onkeydown = {
        let draft = draft.clone();
        Callback::from(move |e: KeyboardEvent| {
            let key = e.key();
            let leave = std::mem::replace(&mut *leaving.borrow_mut(), key == "Escape");
            if key != "Tab" || e.shift_key() || leave {
                return;
            }
            e.prevent_default();
            let area = e.target_unchecked_into::<HtmlTextAreaElement>();
            let start = area.selection_start().ok().flatten().unwrap_or(0);
            let end = area.selection_end().ok().flatten().unwrap_or(start);
            if area.set_range_text_with_start_and_end_and_mode(INDENT, start, end, "end").is_ok() {
                draft.set(area.value());
            }
        })
    };
    let on_preset = props.on_edit.reform(|e: Event| {
        let name = e.target_unchecked_into::<HtmlSelectElement>().value();
        let source = PRESETS.iter().find(|p| p.name == name).map_or("", |p| p.source);
        ParamEdit::new("f", source)
    });

    let error = checked.as_ref().err();
    let lines: Vec<&str> = draft.split('\n').collect();
    let error_line = error.map(|e| e.line as usize);
    let rows = lines.len().max(6);
    let cols = lines
        .iter()
        .map(|line| line.chars().map(|c| if c == '\t' { INDENT.len() } else { 1 }).sum::<usize>())
        .max()
        .unwrap_or(0)
        .max(40)
        + 2;
    let current_preset = PRESETS.iter().find(|p| p.source == draft.as_str()).map_or("", |p| p.name);
    html! {
        <section class="code-box" aria-labelledby="code-box-title">
            <h3 id="code-box-title">{ "Your f(x), in Python" }</h3>
            <div class="fields"><label class="wide">
                <span>{ "start from" }</span>
                <select data-testid="input-preset" disabled={props.busy} onchange={on_preset}>
                    <option value="" selected={current_preset.is_empty()} disabled=true>{ "a preset…" }</option>
                    { for PRESETS.iter().map(|p| html! {
                        <option value={p.name} selected={p.name == current_preset}>{ p.title }</option>
                    }) }
                </select>
            </label></div>
            <div class="editor">
                <pre class="gutter" aria-hidden="true">
                    { for (1..=lines.len()).map(|number| html! {
                        <span class={classes!(error_line.is_some_and(|l| l == number).then_some("error-line"))}>{ format!("{number}\n") }</span>
                    }) }
                </pre>
                <div class="editor-text">
                    <pre class="backdrop" aria-hidden="true">
                        { for lines.iter().enumerate().map(|(index, line)| {
                            let text = if line.is_empty() { " ".to_owned() } else { (*line).to_owned() };
                            if error_line == Some(index + 1) {
                                html! { <><mark class="error-underline">{ text }</mark>{ "\n" }</> }
                            } else {
                                html! { <>{ text }{ "\n" }</> }
                            }
                        }) }
                    </pre>
                    <textarea data-testid="code-editor" aria-label="f(x), in Python" aria-describedby="code-status code-hint"
                              spellcheck="false" autocapitalize="off" autocomplete="off" wrap="off"
                              maxlength={MAX_SOURCE_BYTES.to_string()} rows={rows.to_string()} cols={cols.to_string()}
                              disabled={props.busy} value={(*draft).clone()} {oninput} {onchange} {onkeydown} />
                </div>
            </div>
            { status(&checked) }
            <p class="hint" id="code-hint">
                { "def f(x): gets one int, x = 0 … n−1, and returns an int or a float. Loops, if/elif/else, int and float arithmetic (int is 64-bit; an overflow stops the run), abs, min, max and math.sqrt, sin, cos, exp, log, floor. Tab indents; Esc, then Tab, leaves the box. An f whose work grows with x gives equal chunks unequal work: the " }
                <a href="?demo=schedule">{ "scheduling lab" }</a>
                { " shows what to do about it." }
            </p>
        </section>
    }
}

/// Whether f can run, and if not, where and why.
fn status(checked: &Result<Program, SourceError>) -> Html {
    match checked {
        Ok(program) => {
            let returns = match program.returns() {
                ValueKind::Int => "an int",
                ValueKind::Float => "a float",
            };
            html! {
                <p class="code-ok" id="code-status" data-testid="code-ok" role="status">
                    { format!("f checks out: it returns {returns}.") }
                </p>
            }
        }
        Err(error) => html! {
            <p class="code-error" id="code-status" data-testid="code-error" role="status"
               data-line={error.line.to_string()} data-column={error.column.to_string()}>
                { error.to_string() }
            </p>
        },
    }
}
