//! Finding `{{#parlab …}}` directives in a chapter's Markdown, and reading their parameters.
//!
//! Text that only looks like a directive is left alone: inside fenced or indented code blocks,
//! inside inline code, or escaped as `\{{#parlab …}}` (which mdBook's own `links` preprocessor
//! then prints without the backslash).

use std::fmt;

const OPEN: &str = "{{#parlab";
const CLOSE: &str = "}}";

/// One directive: where it stands in the chapter and the `key=value` pairs it names, in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Directive {
    /// 1-based line in the chapter's source.
    pub line: usize,
    /// Byte range of the whole `{{#parlab …}}` in the chapter's content.
    pub span: std::ops::Range<usize>,
    pub text: String,
    pub pairs: Vec<(String, String)>,
}

/// A directive that cannot be read or used; the message says what to write instead.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DirectiveError {
    pub line: usize,
    pub text: String,
    pub message: String,
}

impl fmt::Display for DirectiveError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}: {}: {}", self.line, self.text, self.message)
    }
}

/// Every directive in `content` outside code, in order; the ones that cannot be read are
/// errors (all of them, so an author fixes a chapter in one go).
pub fn find(content: &str) -> Vec<Result<Directive, DirectiveError>> {
    let mut found = Vec::new();
    let mut fence: Option<(char, usize)> = None;
    let mut previous_blank = true;
    let mut offset = 0;
    for (index, line) in content.split_inclusive('\n').enumerate() {
        let line_start = offset;
        offset += line.len();
        let text = line.trim_end_matches(['\n', '\r']);
        let trimmed = text.trim_start();
        let indent = text.len() - trimmed.len();
        if let Some(marker) = fence_marker(trimmed).filter(|_| indent < 4) {
            match fence {
                None => fence = Some(marker),
                Some((ch, len))
                    if marker.0 == ch && marker.1 >= len && trimmed.trim_start_matches(ch).trim().is_empty() =>
                {
                    fence = None
                }
                Some(_) => {}
            }
            previous_blank = false;
            continue;
        }
        let indented_code = previous_blank && (text.starts_with("    ") || text.starts_with('\t'));
        previous_blank = trimmed.is_empty() || (previous_blank && indented_code);
        if fence.is_some() || indented_code {
            continue;
        }
        for (start, end) in directive_spans(text) {
            let span = line_start + start..line_start + end;
            found.push(read(index + 1, span, &text[start..end]));
        }
    }
    found
}

/// A code fence's character and length (```` ``` ```` or `~~~`, three or more).
fn fence_marker(trimmed: &str) -> Option<(char, usize)> {
    let ch = trimmed.chars().next().filter(|c| *c == '`' || *c == '~')?;
    let len = trimmed.chars().take_while(|c| *c == ch).count();
    (len >= 3).then_some((ch, len))
}

/// Byte ranges of the directives on one line, outside inline code and not escaped.
fn directive_spans(line: &str) -> Vec<(usize, usize)> {
    let mut spans = Vec::new();
    let bytes = line.as_bytes();
    let mut i = 0;
    while i < line.len() {
        if bytes[i] == b'`' {
            // Inline code: skip to the closing run of as many backticks.
            let run = line[i..].bytes().take_while(|b| *b == b'`').count();
            let closing = "`".repeat(run);
            i = match line[i + run..].find(&closing) {
                Some(at) => i + run + at + run,
                None => i + run,
            };
            continue;
        }
        if line[i..].starts_with(OPEN) && !(i > 0 && bytes[i - 1] == b'\\') {
            if let Some(at) = line[i..].find(CLOSE) {
                spans.push((i, i + at + CLOSE.len()));
                i += at + CLOSE.len();
                continue;
            }
            spans.push((i, line.len()));
            break;
        }
        i += line[i..].chars().next().map_or(1, char::len_utf8);
    }
    spans
}

fn read(line: usize, span: std::ops::Range<usize>, text: &str) -> Result<Directive, DirectiveError> {
    let error = |message: String| DirectiveError { line, text: text.to_owned(), message };
    let Some(inner) = text.strip_prefix(OPEN).and_then(|rest| rest.strip_suffix(CLOSE)) else {
        return Err(error("the directive is not closed with “}}” on the same line".to_owned()));
    };
    if !inner.is_empty() && !inner.starts_with(char::is_whitespace) {
        return Err(error(format!("write a space after “{OPEN}”, then key=value pairs")));
    }
    let mut pairs: Vec<(String, String)> = Vec::new();
    for token in inner.split_whitespace() {
        let Some((key, value)) = token.split_once('=').filter(|(key, value)| !key.is_empty() && !value.is_empty())
        else {
            return Err(error(format!("“{token}” is not a key=value pair (for example demo=map or n=1M)")));
        };
        if pairs.iter().any(|(seen, _)| seen == key) {
            return Err(error(format!("“{key}” is given twice")));
        }
        pairs.push((key.to_owned(), value.to_owned()));
    }
    Ok(Directive { line, span, text: text.to_owned(), pairs })
}
