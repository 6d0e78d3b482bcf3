//! The form fields every demo's controls are made of. Each is named after its URL parameter
//! (`data-testid="input-<param>"`) and reports an edit as that parameter's new text, which the
//! app validates like a URL value.

use std::rc::Rc;

use parlab_kernels::params::{MAX_REPEATS, ParamEdit, Problem};
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

/// The parameters that could not be used as given, handed down by the app as a context so each
/// field can say what was wrong with its own value right where the person typed it.
#[derive(Clone, PartialEq, Default)]
pub struct FieldProblems(pub Rc<[Problem]>);

#[derive(Properties, PartialEq)]
struct FieldProblemProps {
    param: &'static str,
}

/// The message for `param`'s value, if it had one; inside the field's label, so a screen reader
/// reads it with the field.
#[function_component]
fn FieldProblem(props: &FieldProblemProps) -> Html {
    let problems = use_context::<FieldProblems>().unwrap_or_default();
    let messages = problems.0.iter().filter(|p| p.param == props.param);
    html! {
        <>{ for messages.map(|p| html! {
            <span class="field-problem" data-testid={format!("problem-{}", props.param)}>{ &p.message }</span>
        }) }</>
    }
}

/// What every demo's controls are drawn from: its parameters, whether a run is in progress
/// (fields are disabled then), where an edit goes, and the app's revision (see [`fields`]).
pub struct ControlsProps<P> {
    pub params: P,
    pub busy: bool,
    pub on_edit: Callback<ParamEdit>,
    pub revision: u32,
}

/// What an [`Input`] accepts.
#[derive(Clone, Copy, PartialEq, Default)]
pub enum InputKind {
    /// Free text (counts like `10M` are accepted by the validation).
    #[default]
    Text,
    /// A number input with its limits.
    Number { min: u64, max: u64 },
}

/// A text or number field: built with [`Input::new`] and its options, drawn by [`Input::field`].
/// (A function, not a component: a component costs about a kilobyte of wasm per kind, and
/// these hold no state of their own.)
pub struct Input {
    label: &'static str,
    param: &'static str,
    value: String,
    kind: InputKind,
    title: Option<String>,
}

impl Input {
    pub fn new(label: &'static str, param: &'static str, value: String) -> Self {
        Input { label, param, value, kind: InputKind::Text, title: None }
    }

    pub fn kind(self, kind: InputKind) -> Self {
        Input { kind, ..self }
    }

    /// A number input, `min` … `max`.
    pub fn number(self, min: u64, max: u64) -> Self {
        self.kind(InputKind::Number { min, max })
    }

    /// The tooltip: what the field accepts.
    pub fn title(self, title: impl Into<String>) -> Self {
        Input { title: Some(title.into()), ..self }
    }

    pub fn field(self, busy: bool, on_edit: &Callback<ParamEdit>) -> Html {
        let Input { label, param, value, kind, title } = self;
        let onchange = on_edit
            .reform(move |e: Event| ParamEdit::new(param, e.target_unchecked_into::<HtmlInputElement>().value()));
        let (kind, min, max, inputmode) = match kind {
            InputKind::Text => ("text", None, None, Some("numeric")),
            InputKind::Number { min, max } => ("number", Some(min.to_string()), Some(max.to_string()), None),
        };
        html! {
            <label>
                <span>{ label }</span>
                <input data-testid={format!("input-{param}")} type={kind} {min} {max} {inputmode} {value}
                       {title} disabled={busy} {onchange} />
                <FieldProblem {param} />
            </label>
        }
    }
}

/// A choice among `options`, each (URL value, text shown); `wide` for long texts.
pub fn select_field(
    label: &'static str,
    param: &'static str,
    options: &[(&'static str, &'static str)],
    selected: &str,
    wide: bool,
    busy: bool,
    on_edit: &Callback<ParamEdit>,
) -> Html {
    let onchange =
        on_edit.reform(move |e: Event| ParamEdit::new(param, e.target_unchecked_into::<HtmlSelectElement>().value()));
    html! {
        <label class={classes!(wide.then_some("wide"))}>
            <span>{ label }</span>
            <select data-testid={format!("input-{param}")} disabled={busy} {onchange}>
                { for options.iter().map(|&(value, text)| html! {
                    <option {value} selected={value == selected}>{ text }</option>
                }) }
            </select>
            <FieldProblem {param} />
        </label>
    }
}

/// A checkbox, reported as `1` or `0`.
pub fn check_field(
    label: &'static str,
    param: &'static str,
    checked: bool,
    busy: bool,
    on_edit: &Callback<ParamEdit>,
) -> Html {
    let onchange = on_edit.reform(move |e: Event| {
        ParamEdit::new(param, if e.target_unchecked_into::<HtmlInputElement>().checked() { "1" } else { "0" })
    });
    html! {
        <label class="check">
            <input data-testid={format!("input-{param}")} type="checkbox" {checked} disabled={busy} {onchange} />
            <span>{ label }</span>
            <FieldProblem {param} />
        </label>
    }
}

/// The form around the fields; Enter in a field must not reload the page. Keyed by the app's
/// revision, bumped on every edit, so the form is rebuilt from the validated state rather than
/// left showing a rejected value the person typed.
pub fn fields(revision: u32, children: Html) -> Html {
    html! {
        <form class="fields" key={revision} onsubmit={Callback::from(|e: SubmitEvent| e.prevent_default())}>
            { children }
        </form>
    }
}

/// `threads` on race and barrier: 1 … one per core (the compute pool), and 2 at least, which
/// their lessons need (see `Limits::lesson_threads`).
pub fn threads_field(
    label: &'static str,
    value: std::num::NonZeroUsize,
    busy: bool,
    on_edit: &Callback<ParamEdit>,
) -> Html {
    let max = crate::platform::pool::limits().lesson_threads().get() as u64;
    Input::new(label, "threads", value.to_string()).number(1, max).field(busy, on_edit)
}

/// `threads` on map and sort, which may pass the cores (see `Limits::max_oversubscribed_threads`).
pub fn oversubscribed_threads_field(
    label: &'static str,
    value: std::num::NonZeroUsize,
    busy: bool,
    on_edit: &Callback<ParamEdit>,
) -> Html {
    let max = crate::platform::pool::limits().max_oversubscribed_threads();
    Input::new(label, "threads", value.to_string())
        .number(1, max.get() as u64)
        .title(format!("1 … {max}: past the cores, to see oversubscription"))
        .field(busy, on_edit)
}

/// `repeats`: how many timed runs, 1 … [`MAX_REPEATS`].
pub fn repeats_field(value: std::num::NonZeroUsize, busy: bool, on_edit: &Callback<ParamEdit>) -> Html {
    Input::new("repeats", "repeats", value.to_string()).number(1, MAX_REPEATS as u64).field(busy, on_edit)
}
