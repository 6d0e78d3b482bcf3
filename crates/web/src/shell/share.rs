//! Links to the page's exact state: the Share panel (link, iframe snippet, Markdown) and the
//! embed layout's “Open in a new tab”. Every text is built from `PageState::share_query`, so
//! what is shared parses back to the state on the screen, `threads` included. A demo with
//! `threads` also offers a second, separately labelled link without it
//! (`PageState::adaptive_share_query`), which opens with the visitor's own cores.

use parlab_kernels::params::PageState;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{HtmlInputElement, HtmlTextAreaElement};
use yew::prelude::*;

/// This page's address (origin and path, so it works from any sub-path of a host) with `pairs`
/// as its query.
pub fn page_link(pairs: &[(&'static str, String)]) -> String {
    let location = web_sys::window().map(|w| w.location());
    let origin = location.as_ref().and_then(|l| l.origin().ok()).unwrap_or_default();
    let path = location.as_ref().and_then(|l| l.pathname().ok()).unwrap_or_else(|| "/".to_owned());
    let query = web_sys::UrlSearchParams::new().map(|query| {
        for (key, value) in pairs {
            query.append(key, value);
        }
        String::from(query.to_string())
    });
    format!("{origin}{path}?{}", query.unwrap_or_default())
}

/// The state as a full page: the same parameters, without `embed`.
pub fn full_page_link(state: &PageState) -> String {
    page_link(&state.share_query(false, false))
}

/// The iframe a documentation page pastes in: lazy, allowed to be isolated, titled for screen
/// readers, sized so most demos fit (the page also posts its height to the parent).
fn iframe_snippet(src: &str, title: &str) -> String {
    format!(
        "<iframe src=\"{}\" title=\"{}\" width=\"100%\" height=\"760\" loading=\"lazy\" allow=\"cross-origin-isolated\"></iframe>",
        escape_attribute(src),
        escape_attribute(title)
    )
}

fn escape_attribute(text: &str) -> String {
    text.replace('&', "&amp;").replace('"', "&quot;").replace('<', "&lt;")
}

#[derive(Properties, PartialEq)]
pub struct ShareProps {
    pub state: PageState,
    /// The demo's title, for the embed snippet.
    pub title: &'static str,
}

/// The Share button and its panel.
#[component]
pub fn Share(props: &ShareProps) -> Html {
    let open = use_state(|| false);
    let autorun = use_state(|| false);
    let state = &props.state;
    let title = format!("parlab — {}", props.title);
    let link = page_link(&state.share_query(false, *autorun));
    let iframe = iframe_snippet(&page_link(&state.share_query(true, *autorun)), &title);
    let adaptive =
        state.demo.parameters().contains(&"threads").then(|| page_link(&state.adaptive_share_query(false, *autorun)));
    let markdown = format!("[{title}]({link})");
    let toggle = {
        let open = open.clone();
        Callback::from(move |_: MouseEvent| open.set(!*open))
    };
    // Escape closes the panel, as it does any popup.
    let on_key = {
        let open = open.clone();
        Callback::from(move |e: KeyboardEvent| {
            if e.key() == "Escape" {
                open.set(false);
            }
        })
    };
    let on_autorun = {
        let autorun = autorun.clone();
        Callback::from(move |e: Event| autorun.set(e.target_unchecked_into::<HtmlInputElement>().checked()))
    };
    html! {
        <div class="share">
            <button data-testid="share" aria-expanded={open.to_string()} aria-controls="share-panel" onclick={toggle}>
                { "Share" }
            </button>
            if *open {
                <section id="share-panel" class="share-panel" data-testid="share-panel" aria-label="Share this state" onkeydown={on_key}>
                    <label class="check">
                        <input type="checkbox" data-testid="share-autorun" checked={*autorun} onchange={on_autorun} />
                        { " Start the run when the link opens (autorun=1)" }
                    </label>
                    <ShareText label="Link to this exact state" testid="share-link" text={link} />
                    if let Some(adaptive) = adaptive {
                        <ShareText label="Link that uses the visitor's cores (no threads: k is every core of the device that opens it)"
                                   testid="share-link-adaptive" text={adaptive} />
                    }
                    <ShareText label="Embed it in a page (iframe)" testid="share-iframe" text={iframe} multiline=true />
                    <ShareText label="Markdown link" testid="share-markdown" text={markdown} />
                </section>
            }
        </div>
    }
}

#[derive(Properties, PartialEq)]
struct ShareTextProps {
    label: AttrValue,
    testid: AttrValue,
    text: AttrValue,
    #[prop_or_default]
    multiline: bool,
}

#[derive(Clone, Copy, PartialEq)]
enum CopyState {
    Idle,
    Copied,
    /// The clipboard was refused: the text is selected for a manual copy.
    Selected,
}

/// One shareable text: read-only, with a Copy button that falls back to selecting the text.
#[component]
fn ShareText(props: &ShareTextProps) -> Html {
    let field = use_node_ref();
    let copy_state = use_state(|| CopyState::Idle);
    {
        let copy_state = copy_state.clone();
        use_effect_with(props.text.clone(), move |_| copy_state.set(CopyState::Idle));
    }
    let copy = {
        let (field, copy_state, text) = (field.clone(), copy_state.clone(), props.text.clone());
        Callback::from(move |_: MouseEvent| {
            let (field, copy_state, text) = (field.clone(), copy_state.clone(), text.clone());
            wasm_bindgen_futures::spawn_local(async move {
                if write_clipboard(&text).await {
                    copy_state.set(CopyState::Copied);
                } else {
                    select_text(&field);
                    copy_state.set(CopyState::Selected);
                }
            });
        })
    };
    let id = format!("{}-text", props.testid);
    let status = match *copy_state {
        CopyState::Idle => "",
        CopyState::Copied => "Copied.",
        CopyState::Selected => "The browser refused the clipboard; the text is selected: press Ctrl+C (⌘C on a Mac).",
    };
    html! {
        <div class="share-text">
            <label for={id.clone()}>{ props.label.clone() }</label>
            <div class="share-row">
                if props.multiline {
                    <textarea id={id} ref={field} data-testid={props.testid.clone()} readonly=true rows="3"
                              value={props.text.clone()} />
                } else {
                    <input id={id} ref={field} data-testid={props.testid.clone()} readonly=true value={props.text.clone()} />
                }
                <button data-testid={format!("copy-{}", props.testid)} onclick={copy}>{ "Copy" }</button>
            </div>
            <p class="share-status" role="status" aria-live="polite">{ status }</p>
        </div>
    }
}

/// `navigator.clipboard.writeText`; false where the browser has no clipboard API or refuses.
pub(crate) async fn write_clipboard(text: &str) -> bool {
    let Some(navigator) = web_sys::window().map(|w| w.navigator()) else { return false };
    let Ok(clipboard) = js_sys::Reflect::get(&navigator, &"clipboard".into()) else { return false };
    let Ok(write) = js_sys::Reflect::get(&clipboard, &"writeText".into()) else { return false };
    let Ok(write) = write.dyn_into::<js_sys::Function>() else { return false };
    let Ok(promise) = write.call1(&clipboard, &text.into()) else { return false };
    let Ok(promise) = promise.dyn_into::<js_sys::Promise>() else { return false };
    JsFuture::from(promise).await.is_ok()
}

fn select_text(field: &NodeRef) {
    if let Some(input) = field.cast::<HtmlInputElement>() {
        let _ = input.focus();
        input.select();
    } else if let Some(area) = field.cast::<HtmlTextAreaElement>() {
        let _ = area.focus();
        area.select();
    }
}
