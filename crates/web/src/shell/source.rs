//! Kernel source shown beside a demo: the items build.rs cut from the real files (so the page
//! shows the code that actually ran), and the panel that shows them.

include!(concat!(env!("OUT_DIR"), "/kernel_items.rs"));

/// The Rust that ran (`origin` says where it comes from, e.g. `parlab-kernels, map.rs`) beside
/// the Python it mirrors, under `python_title`.
pub fn code_panel(origin: &str, rust: &str, python: &str, python_title: &str) -> yew::Html {
    yew::html! {
        <section class="code">
            <div>
                <h3>{ format!("The Rust that ran ({origin})") }</h3>
                <pre tabindex="0" aria-label="the Rust that ran"><code>{ rust }</code></pre>
            </div>
            <div>
                <h3>{ python_title }</h3>
                <pre tabindex="0" aria-label="the Python it mirrors"><code>{ python }</code></pre>
            </div>
        </section>
    }
}
