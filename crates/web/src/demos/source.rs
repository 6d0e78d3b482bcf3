//! Kernel source shown beside a demo, cut from the real file at build time so that the page
//! shows the code that actually ran.

/// The item that starts with `signature` in `source`, up to its closing brace at column 0.
pub fn item<'a>(source: &'a str, signature: &str) -> &'a str {
    let Some(start) = source.find(signature) else { return "" };
    let rest = &source[start..];
    let end = rest.find("\n}\n").map_or(rest.len(), |i| i + 2);
    &rest[..end]
}
