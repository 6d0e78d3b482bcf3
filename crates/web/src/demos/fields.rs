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

#[derive(Properties, PartialEq)]
pub struct CheckFieldProps {
    pub label: AttrValue,
    pub param: &'static str,
    pub checked: bool,
    pub busy: bool,
    pub on_edit: Callback<ParamEdit>,
}

/// A checkbox, reported as `1` or `0`.
#[component]
pub fn CheckField(props: &CheckFieldProps) -> Html {
    let param = props.param;
    let onchange = props.on_edit.reform(move |e: Event| {
        ParamEdit::new(param, if e.target_unchecked_into::<HtmlInputElement>().checked() { "1" } else { "0" })
    });
    html! {
        <label class="check">
            <input data-testid={format!("input-{param}")} type="checkbox" checked={props.checked} disabled={props.busy} {onchange} />
            <span>{ props.label.clone() }</span>
        </label>
    }
}

/// The form around the fields; Enter in a field must not reload the page.
#[derive(Properties, PartialEq)]
pub struct FieldsProps {
    pub children: Html,
}

#[component]
pub fn Fields(props: &FieldsProps) -> Html {
    html! {
        <form class="fields" onsubmit={Callback::from(|e: SubmitEvent| e.prevent_default())}>
            { props.children.clone() }
        </form>
    }
}

#[derive(Properties, PartialEq)]
pub struct ThreadsFieldProps {
    pub label: AttrValue,
    pub value: std::num::NonZeroUsize,
    pub busy: bool,
    pub on_edit: Callback<ParamEdit>,
}

/// `threads`: 1 … one per core (the compute pool).
#[component]
pub fn ThreadsField(props: &ThreadsFieldProps) -> Html {
    let max = crate::pool::compute_threads().get() as u64;
    html! {
        <InputField label={props.label.clone()} param="threads" value={props.value.to_string()} busy={props.busy}
                    on_edit={props.on_edit.clone()} kind={InputKind::Number { min: 1, max }} />
    }
}

#[derive(Properties, PartialEq)]
pub struct RepeatsFieldProps {
    pub value: std::num::NonZeroUsize,
    pub busy: bool,
    pub on_edit: Callback<ParamEdit>,
}

/// `repeats`: how many timed runs, 1 … [`MAX_REPEATS`].
#[component]
pub fn RepeatsField(props: &RepeatsFieldProps) -> Html {
    html! {
        <InputField label="repeats" param="repeats" value={props.value.to_string()} busy={props.busy}
                    on_edit={props.on_edit.clone()} kind={InputKind::Number { min: 1, max: MAX_REPEATS as u64 }} />
    }
}
