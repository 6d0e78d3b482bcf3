//! A directive's parameters checked with parlab's own rules, and the HTML that embeds the demo.

use parlab_kernels::custom::Program;
use parlab_kernels::map::MapFunction;
use parlab_kernels::params::{self, Limits};

use crate::directive::Directive;

/// Where the parlab app is, as a book page links to it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AppUrl {
    /// Relative to the book's root (the default `..`: the book in `<app>/course/`); chapters in
    /// sub-folders get one `../` more per level.
    BookRelative(String),
    /// An absolute URL or an absolute path: used as it is on every page.
    Absolute(String),
}

impl AppUrl {
    /// The `url` of `[preprocessor.parlab]`: `https://…`, `//…` or `/…` is absolute, anything
    /// else relative to the book.
    pub fn from_config(url: &str) -> Self {
        let url = url.trim_end_matches('/');
        if url.contains("://") || url.starts_with('/') {
            AppUrl::Absolute(url.to_owned())
        } else {
            AppUrl::BookRelative(url.to_owned())
        }
    }

    /// The app's folder, without a trailing slash, from a chapter at `depth` folders below the
    /// book's root.
    fn seen_from(&self, depth: usize) -> String {
        match self {
            AppUrl::Absolute(url) => url.clone(),
            AppUrl::BookRelative(url) => format!("{}{url}", "../".repeat(depth)),
        }
    }
}

impl Default for AppUrl {
    fn default() -> Self {
        AppUrl::BookRelative("..".to_owned())
    }
}

/// A directive checked against parlab's rules: its demo and the query pairs it sets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Embed {
    pub demo: &'static str,
    /// In parlab's own order and spelling (`n=1M` becomes `n=1000000`), only the parameters the
    /// directive names (the rest are the page's defaults on the reader's device), with
    /// `autorun=1` when asked for.
    pub query: Vec<(String, String)>,
}

/// Checks `directive` the way the app checks a link (against the largest device: a smaller one
/// clamps at run time), and turns every problem into a message.
pub fn check(directive: &Directive) -> Result<Embed, String> {
    if let Some((key, _)) = directive.pairs.iter().find(|(key, _)| key == "embed") {
        return Err(format!("“{key}” is set by the preprocessor (every demo in a book is embedded); leave it out"));
    }
    if !directive.pairs.iter().any(|(key, _)| key == "demo") {
        let demos: Vec<&str> = params::Demo::ALL.iter().map(|d| d.name()).collect();
        return Err(format!("name the demo, e.g. demo={} (one of: {})", demos[0], demos.join(", ")));
    }
    // A value with spaces, such as a custom f, is written URL-encoded, as in a link.
    let decoded: Vec<(&str, String)> = directive.pairs.iter().map(|(k, v)| (k.as_str(), percent_decode(v))).collect();
    let parsed = params::parse(decoded.iter().map(|(k, v)| (*k, v.as_str())), Limits::largest());
    if !parsed.problems.is_empty() {
        let messages: Vec<String> = parsed.problems.iter().map(|p| p.message.clone()).collect();
        // The app's messages end with what a page would use instead; a book stops instead.
        return Err(format!("{} A book is not built with a value the page would change.", messages.join(" ")));
    }
    let state = parsed.state;
    if state.map.workload == MapFunction::Custom {
        Program::parse(state.map.f.text()).map_err(|error| format!("f cannot run: {error}"))?;
    }
    let named = |key: &str| directive.pairs.iter().any(|(given, _)| given == key);
    let query = state
        .share_query(false, state.autorun)
        .into_iter()
        .filter(|(key, _)| *key == "demo" || *key == "autorun" || named(key))
        .map(|(key, value)| (key.to_owned(), value))
        .collect();
    Ok(Embed { demo: state.demo.name(), query })
}

/// The first pixels of the frame's height, before the page says how tall it is.
const INITIAL_HEIGHT: u32 = 640;

impl Embed {
    /// The iframe (embedded page, lazily loaded, allowed to be cross-origin isolated) and a link
    /// to the same state as a full page, for a chapter `depth` folders below the book's root.
    /// The frame's address waits in `data-parlab-src` for embed.js, which adds the reader's theme
    /// before the frame loads, so no frame loads twice (the demo needs scripts anyway; without
    /// them the link stays).
    pub fn html(&self, app: &AppUrl, depth: usize) -> String {
        let app = app.seen_from(depth);
        let full: Vec<(String, String)> = self.query.iter().filter(|(key, _)| key != "autorun").cloned().collect();
        let embedded: Vec<(String, String)> =
            self.query.iter().cloned().chain(std::iter::once(("embed".to_owned(), "1".to_owned()))).collect();
        format!(
            "<figure class=\"parlab-demo\">\n<iframe class=\"parlab-embed\" data-parlab-src=\"{src}\" title=\"parlab: the {demo} demo, live\" width=\"100%\" height=\"{INITIAL_HEIGHT}\" loading=\"lazy\" allow=\"cross-origin-isolated\"></iframe>\n<figcaption><a class=\"parlab-full\" href=\"{href}\">Open this demo on its own page</a></figcaption>\n</figure>",
            src = attribute(&format!("{app}/?{}", query_text(&embedded))),
            href = attribute(&format!("{app}/?{}", query_text(&full))),
            demo = self.demo,
        )
    }
}

/// The script that sizes every parlab frame of a page to its content and hands it the book's
/// light or dark theme; added once per chapter that embeds a demo.
pub fn script(app: &AppUrl, depth: usize) -> String {
    format!("<script src=\"{}\" defer></script>", attribute(&format!("{}/embed.js", app.seen_from(depth))))
}

fn query_text(pairs: &[(String, String)]) -> String {
    pairs.iter().map(|(key, value)| format!("{key}={}", percent_encode(value))).collect::<Vec<_>>().join("&")
}

/// `%XX` escapes replaced by their bytes; a `%` not followed by two hex digits stays as it is.
fn percent_decode(value: &str) -> String {
    let bytes = value.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let escaped = (bytes[i] == b'%')
            .then(|| value.get(i + 1..i + 3).and_then(|hex| u8::from_str_radix(hex, 16).ok()))
            .flatten();
        match escaped {
            Some(byte) => {
                out.push(byte);
                i += 3;
            }
            None => {
                out.push(bytes[i]);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Query values are parlab's canonical spellings; anything else is escaped all the same.
fn percent_encode(value: &str) -> String {
    value
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b',' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

fn attribute(text: &str) -> String {
    text.replace('&', "&amp;").replace('"', "&quot;").replace('<', "&lt;").replace('>', "&gt;")
}
