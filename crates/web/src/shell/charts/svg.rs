//! The one place markup is built as text: dense SVG charts (thousands of bars or points, where a
//! tree of `html!` nodes costs main-thread time at the end of a run). It is escape by default:
//! element and attribute names are `&'static str` (parlab's own constants), every text and every
//! attribute value is escaped as it is written, and the only unescaped output is a number this
//! module formats itself. No other module hands text to `Html::from_html_unchecked` (a native test
//! in `layers.rs` checks).

use std::fmt::Write;

use yew::Html;

/// Markup being written, element by element.
#[derive(Default)]
pub struct Svg {
    out: String,
}

/// An element's start tag being written: its attributes, then [`Tag::start`] or
/// [`Tag::empty`].
pub struct Tag<'a> {
    out: &'a mut String,
}

/// A value an attribute can take: text (escaped), or a number written by this module.
pub trait Attr {
    fn write(&self, out: &mut String);
}

impl Attr for &str {
    fn write(&self, out: &mut String) {
        escape_into(out, self);
    }
}

impl Attr for String {
    fn write(&self, out: &mut String) {
        escape_into(out, self);
    }
}

impl Attr for &String {
    fn write(&self, out: &mut String) {
        escape_into(out, self);
    }
}

macro_rules! number_attr {
    ($($t:ty),*) => {$(
        impl Attr for $t {
            fn write(&self, out: &mut String) {
                let _ = write!(out, "{self}");
            }
        }
    )*};
}
number_attr!(f64, usize, u32, u64, i32, i64);

/// A number with a fixed count of decimals (`Fixed(x, 2)` → `12.35`). Whole numbers (`usize`,
/// `i64`, …) are cheaper to write: exact float formatting showed in main-thread time for
/// thousands of points.
pub struct Fixed(pub f64, pub usize);

impl Attr for Fixed {
    fn write(&self, out: &mut String) {
        let _ = write!(out, "{:.*}", self.1, self.0);
    }
}

impl Svg {
    pub fn new() -> Self {
        Self::default()
    }

    /// Starts the element `name`; its attributes follow on the returned [`Tag`].
    pub fn open(&mut self, name: &'static str) -> Tag<'_> {
        self.out.push('<');
        self.out.push_str(name);
        Tag { out: &mut self.out }
    }

    /// Ends the element `name`.
    pub fn close(&mut self, name: &'static str) -> &mut Self {
        self.out.push_str("</");
        self.out.push_str(name);
        self.out.push('>');
        self
    }

    /// Text, escaped.
    pub fn text(&mut self, text: &str) -> &mut Self {
        escape_into(&mut self.out, text);
        self
    }

    /// `<name>text</name>` with no attributes.
    pub fn element(&mut self, name: &'static str, text: &str) -> &mut Self {
        self.open(name).start();
        self.text(text).close(name)
    }

    /// Writes what `other` holds here (for a part whose size must be known first).
    pub fn append(&mut self, other: Svg) -> &mut Self {
        self.out.push_str(&other.out);
        self
    }

    /// What was written, as a node of the page.
    pub fn into_html(self) -> Html {
        Html::from_html_unchecked(self.out.into())
    }

    #[cfg(test)]
    fn as_str(&self) -> &str {
        &self.out
    }
}

impl Tag<'_> {
    pub fn attr(self, name: &'static str, value: impl Attr) -> Self {
        self.out.push(' ');
        self.out.push_str(name);
        self.out.push_str("=\"");
        value.write(self.out);
        self.out.push('"');
        self
    }

    /// The attribute only when `value` is `Some`.
    pub fn attr_if(self, name: &'static str, value: Option<impl Attr>) -> Self {
        match value {
            Some(value) => self.attr(name, value),
            None => self,
        }
    }

    /// Ends the start tag; content and a [`Svg::close`] follow.
    pub fn start(self) {
        self.out.push('>');
    }

    /// Ends the element here (`<rect … />`).
    pub fn empty(self) {
        self.out.push_str("/>");
    }
}

fn escape_into(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_and_attribute_values_are_escaped_numbers_are_written() {
        let mut svg = Svg::new();
        svg.open("g").attr("data-name", r#""><img src=x onerror=alert(1)>"#).attr("x", 1.5).attr("y", 3usize).start();
        svg.element("title", "<script>a & b</script>");
        svg.open("rect").attr("width", Fixed(2.0 / 3.0, 2)).attr_if("class", None::<&str>).empty();
        svg.close("g");
        assert_eq!(
            svg.as_str(),
            r#"<g data-name="&quot;&gt;&lt;img src=x onerror=alert(1)&gt;" x="1.5" y="3"><title>&lt;script&gt;a &amp; b&lt;/script&gt;</title><rect width="0.67"/></g>"#
        );
    }
}
