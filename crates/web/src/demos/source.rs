//! Kernel source shown beside a demo: the items build.rs cut from the real files (so the page
//! shows the code that actually ran), and the panel that shows them.

include!(concat!(env!("OUT_DIR"), "/kernel_items.rs"));

#[derive(yew::Properties, PartialEq)]
pub struct CodePanelProps {
    /// Where the Rust comes from, e.g. `parlab-kernels, map.rs`.
    pub origin: yew::AttrValue,
    pub rust: yew::AttrValue,
    pub python: yew::AttrValue,
    /// "idiom" or "idioms".
    #[prop_or(yew::AttrValue::Static("The Python idiom it mirrors"))]
    pub python_title: yew::AttrValue,
}

/// The Rust that ran beside the Python it mirrors.
#[yew::component]
pub fn CodePanel(props: &CodePanelProps) -> yew::Html {
    yew::html! {
        <section class="code">
            <div>
                <h3>{ format!("The Rust that ran ({})", props.origin) }</h3>
                <pre tabindex="0" aria-label="the Rust that ran"><code>{ props.rust.clone() }</code></pre>
            </div>
            <div>
                <h3>{ props.python_title.clone() }</h3>
                <pre tabindex="0" aria-label="the Python it mirrors"><code>{ props.python.clone() }</code></pre>
            </div>
        </section>
    }
}
