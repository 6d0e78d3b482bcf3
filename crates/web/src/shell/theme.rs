//! Light and dark: `theme=auto|light|dark` on the page's root element, and the button that
//! changes it. The colours themselves are CSS variables in style.css.

use parlab_kernels::params::{ParamEdit, Theme};
use yew::prelude::*;

/// Puts `theme` on `<html data-theme>`, where style.css reads it (none for `auto`).
#[hook]
pub fn use_theme(theme: Theme) {
    use_effect_with(theme, |theme| {
        if let Some(root) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.document_element()) {
            let _ = match theme {
                Theme::Auto => root.remove_attribute("data-theme"),
                chosen => root.set_attribute("data-theme", chosen.name()),
            };
        }
    });
}

/// Auto → dark → light → auto, through the URL like every other setting.
pub fn theme_toggle(theme: Theme, on_edit: &Callback<ParamEdit>) -> Html {
    let next = match theme {
        Theme::Auto => Theme::Dark,
        Theme::Dark => Theme::Light,
        Theme::Light => Theme::Auto,
    };
    let label = match theme {
        Theme::Auto => "Theme: auto",
        Theme::Dark => "Theme: dark",
        Theme::Light => "Theme: light",
    };
    html! {
        <button class="theme-toggle" data-testid="theme-toggle" data-theme={theme.name()}
                aria-label={format!("{label}; switch to {}", next.name())}
                onclick={on_edit.reform(move |_: MouseEvent| ParamEdit::new("theme", next.name()))}>
            { label }
        </button>
    }
}
