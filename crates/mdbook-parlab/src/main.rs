//! `mdbook-parlab`: mdBook runs it as `mdbook-parlab supports <renderer>` (exit 0: yes), then
//! with `[context, book]` as JSON on stdin, and reads the book back from stdout. A directive
//! that cannot be used stops the build with every problem found, by chapter and line.

use std::io::Read;
use std::process::ExitCode;

use mdbook_parlab::book;
use serde_json::Value;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.as_slice() {
        [command, renderer] if command == "supports" => {
            // The iframes are HTML; other renderers get the book as it is.
            if renderer == "html" { ExitCode::SUCCESS } else { ExitCode::FAILURE }
        }
        [] => match preprocess() {
            Ok(()) => ExitCode::SUCCESS,
            Err(message) => {
                eprintln!("mdbook-parlab: {message}");
                ExitCode::FAILURE
            }
        },
        _ => {
            eprintln!("usage: mdbook-parlab [supports <renderer>] (mdBook runs it; see its preprocessor docs)");
            ExitCode::FAILURE
        }
    }
}

fn preprocess() -> Result<(), String> {
    let mut input = String::new();
    std::io::stdin().read_to_string(&mut input).map_err(|e| format!("cannot read the book from stdin: {e}"))?;
    let value: Value = serde_json::from_str(&input).map_err(|e| format!("stdin is not mdBook's JSON: {e}"))?;
    let Value::Array(mut pair) = value else { return Err("stdin is not mdBook's [context, book] pair".to_owned()) };
    if pair.len() != 2 {
        return Err("stdin is not mdBook's [context, book] pair".to_owned());
    }
    let mut book_json = pair.pop().unwrap_or_default();
    let context = pair.pop().unwrap_or_default();
    let errors = book::expand(&mut book_json, &book::app_url(&context));
    if !errors.is_empty() {
        let lines: Vec<String> = errors.iter().map(ToString::to_string).collect();
        return Err(format!("{} parlab demo(s) cannot be embedded:\n  {}", errors.len(), lines.join("\n  ")));
    }
    serde_json::to_writer(std::io::stdout().lock(), &book_json)
        .map_err(|e| format!("cannot write the book to stdout: {e}"))
}
