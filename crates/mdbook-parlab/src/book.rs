//! The book as mdBook hands it over: JSON, walked generically so that the preprocessor does not
//! depend on mdBook's crates (or on how a version names its lists of chapters). Every object
//! `{"Chapter": {...}}` with a `content` is a chapter.

use serde_json::Value;

use crate::directive::{self, DirectiveError};
use crate::embed::{self, AppUrl};
use crate::sheet;

/// A directive that failed, and the chapter it is in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChapterError {
    pub chapter: String,
    pub source: String,
    pub error: DirectiveError,
}

impl std::fmt::Display for ChapterError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} (chapter “{}”), {}", self.source, self.chapter, self.error)
    }
}

/// The app's URL from the preprocessor's `[preprocessor.parlab]` table in `context.config`.
pub fn app_url(context: &Value) -> AppUrl {
    context
        .pointer("/config/preprocessor/parlab/url")
        .and_then(Value::as_str)
        .map_or_else(AppUrl::default, AppUrl::from_config)
}

/// Replaces every directive of every chapter of `book`; returns every directive that failed.
pub fn expand(book: &mut Value, app: &AppUrl) -> Vec<ChapterError> {
    let mut errors = Vec::new();
    visit_chapters(book, &mut |chapter| errors.extend(expand_chapter(chapter, app)));
    errors
}

fn visit_chapters(value: &mut Value, on_chapter: &mut dyn FnMut(&mut serde_json::Map<String, Value>)) {
    match value {
        Value::Object(object) => {
            if let Some(Value::Object(chapter)) = object.get_mut("Chapter")
                && chapter.get("content").is_some_and(Value::is_string)
            {
                on_chapter(chapter);
            }
            for child in object.values_mut() {
                visit_chapters(child, on_chapter);
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|item| visit_chapters(item, on_chapter)),
        _ => {}
    }
}

fn expand_chapter(chapter: &mut serde_json::Map<String, Value>, app: &AppUrl) -> Vec<ChapterError> {
    let text = |key: &str| chapter.get(key).and_then(Value::as_str).unwrap_or_default().to_owned();
    let (name, path) = (text("name"), text("path"));
    let source = match text("source_path") {
        source if source.is_empty() => path.clone(),
        source => source,
    };
    let original = text("content");
    let content = original.replace(sheet::DIRECTIVE, &sheet::markdown());
    let depth = path.matches('/').count();
    let mut out = String::with_capacity(content.len());
    let mut errors = Vec::new();
    let mut copied = 0;
    for found in directive::find(&content) {
        match found.and_then(|d| {
            embed::check(&d).map(|e| (d.span.clone(), e)).map_err(|message| DirectiveError {
                line: d.line,
                text: d.text.clone(),
                message,
            })
        }) {
            Ok((span, embed)) => {
                out.push_str(&content[copied..span.start]);
                // Blank lines around it, so Markdown takes it as an HTML block.
                out.push_str("\n\n");
                out.push_str(&embed.html(app, depth));
                out.push_str("\n\n");
                copied = span.end;
            }
            Err(error) => errors.push(ChapterError { chapter: name.clone(), source: source.clone(), error }),
        }
    }
    if copied > 0 {
        out.push_str(&content[copied..]);
        out.push_str("\n\n");
        out.push_str(&embed::script(app, depth));
        out.push('\n');
        chapter.insert("content".to_owned(), Value::String(out));
    } else if content != original {
        chapter.insert("content".to_owned(), Value::String(content));
    }
    errors
}
