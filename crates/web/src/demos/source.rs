//! Kernel source shown beside a demo, cut from the real file at build time so that the page
//! shows the code that actually ran.

/// The item that starts with `signature` in `source`, up to its closing brace at the same
/// indentation as its first line, with that indentation removed.
pub fn item(source: &str, signature: &str) -> String {
    let Some(at) = source.find(signature) else { return String::new() };
    let line_start = source[..at].rfind('\n').map_or(0, |i| i + 1);
    let indent = &source[line_start..at];
    let indent = &indent[..indent.len() - indent.trim_start().len()];
    let rest = &source[line_start..];
    let end = rest.find(&format!("\n{indent}}}\n")).map_or(rest.len(), |i| i + indent.len() + 2);
    rest[..end].lines().map(|line| line.strip_prefix(indent).unwrap_or(line)).collect::<Vec<_>>().join("\n")
}

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
