//! The form fields every demo's controls are made of. Each is named after its URL parameter
//! (`data-testid="input-<param>"`) and reports an edit as that parameter's new text, which the
//! app validates like a URL value.

use parlab_kernels::params::{MAX_REPEATS, ParamEdit};
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

/// The props of every demo's controls: its parameters, whether a run is in progress (fields
/// are disabled then), and where an edit goes.
#[derive(Properties, PartialEq)]
pub struct ControlsProps<P: PartialEq> {
    pub params: P,
    pub busy: bool,
    pub on_edit: Callback<ParamEdit>,
}

/// What an [`InputField`] accepts.
#[derive(Clone, Copy, PartialEq, Default)]
pub enum InputKind {
    /// Free text (counts like `10M` are accepted by the validation).
    #[default]
    Text,
    /// A number input with its limits.
    Number { min: u64, max: u64 },
}

#[derive(Properties, PartialEq)]
pub struct InputFieldProps {
    pub label: AttrValue,
    pub param: &'static str,
    pub value: AttrValue,
    #[prop_or_default]
    pub kind: InputKind,
    #[prop_or_default]
    pub title: Option<AttrValue>,
    pub busy: bool,
    pub on_edit: Callback<ParamEdit>,
}

#[component]
pub fn InputField(props: &InputFieldProps) -> Html {
    let param = props.param;
    let onchange = props
        .on_edit
        .reform(move |e: Event| ParamEdit::new(param, e.target_unchecked_into::<HtmlInputElement>().value()));
    let (kind, min, max, inputmode) = match props.kind {
        InputKind::Text => ("text", None, None, Some("numeric")),
        InputKind::Number { min, max } => ("number", Some(min.to_string()), Some(max.to_string()), None),
    };
    html! {
        <label>
            <span>{ props.label.clone() }</span>
            <input data-testid={format!("input-{param}")} type={kind} {min} {max} {inputmode} value={props.value.clone()}
                   title={props.title.clone()} disabled={props.busy} {onchange} />
        </label>
    }
}

#[derive(Properties, PartialEq)]
pub struct SelectFieldProps {
    pub label: AttrValue,
    pub param: &'static str,
    /// (URL value, text shown) of each option.
    pub options: Vec<(&'static str, &'static str)>,
    pub selected: &'static str,
    #[prop_or_default]
    pub wide: bool,
    pub busy: bool,
    pub on_edit: Callback<ParamEdit>,
}

#[component]
pub fn SelectField(props: &SelectFieldProps) -> Html {
    let param = props.param;
    let onchange = props
        .on_edit
        .reform(move |e: Event| ParamEdit::new(param, e.target_unchecked_into::<HtmlSelectElement>().value()));
    html! {
        <label class={classes!(props.wide.then_some("wide"))}>
            <span>{ props.label.clone() }</span>
            <select data-testid={format!("input-{param}")} disabled={props.busy} {onchange}>
                { for props.options.iter().map(|&(value, text)| html! {
                    <option {value} selected={value == props.selected}>{ text }</option>
                }) }
            </select>
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
        </label>
    }
}

/// The form around the fields; Enter in a field must not reload the page.
pub fn fields(children: Html) -> Html {
    html! {
        <form class="fields" onsubmit={Callback::from(|e: SubmitEvent| e.prevent_default())}>
            { children }
        </form>
    }
}

/// `threads`: 1 … one per core (the compute pool).
pub fn threads_field(
    label: &'static str,
    value: std::num::NonZeroUsize,
    busy: bool,
    on_edit: &Callback<ParamEdit>,
) -> Html {
    let max = crate::pool::compute_threads().get() as u64;
    html! {
        <InputField {label} param="threads" value={value.to_string()} {busy}
                    on_edit={on_edit.clone()} kind={InputKind::Number { min: 1, max }} />
    }
}

/// `repeats`: how many timed runs, 1 … [`MAX_REPEATS`].
pub fn repeats_field(value: std::num::NonZeroUsize, busy: bool, on_edit: &Callback<ParamEdit>) -> Html {
    html! {
        <InputField label="repeats" param="repeats" value={value.to_string()} {busy}
                    on_edit={on_edit.clone()} kind={InputKind::Number { min: 1, max: MAX_REPEATS as u64 }} />
    }
}
