//! The preprocessor as mdBook uses it: directives found (and look-alikes left alone), checked
//! with parlab's rules, every error named by chapter and line, and the HTML produced.

use mdbook_parlab::book::{self, ChapterError};
use mdbook_parlab::directive::{self, Directive};
use mdbook_parlab::embed::{self, AppUrl};
use serde_json::{Value, json};

fn only(content: &str) -> Directive {
    let found = directive::find(content);
    assert_eq!(found.len(), 1, "{found:?}");
    found.into_iter().next().unwrap().unwrap()
}

fn pairs(d: &Directive) -> Vec<(&str, &str)> {
    d.pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect()
}

#[test]
fn a_directive_is_read_with_its_line_and_pairs() {
    let content = "# Sorting\n\nPredict first.\n\n{{#parlab demo=sort n=1M dist=few-unique threads=2}}\n\nThen look.\n";
    let d = only(content);
    assert_eq!(d.line, 5);
    assert_eq!(pairs(&d), [("demo", "sort"), ("n", "1M"), ("dist", "few-unique"), ("threads", "2")]);
    assert_eq!(&content[d.span.clone()], "{{#parlab demo=sort n=1M dist=few-unique threads=2}}");
    let two = directive::find("a {{#parlab demo=map}} b {{#parlab demo=race}}\n");
    assert_eq!(two.len(), 2);
    let prose = "Amdahl — “the serial part” — sets the ceiling: {{#parlab demo=map}} ✓\n";
    let d = only(prose);
    assert_eq!(&prose[d.span.clone()], "{{#parlab demo=map}}");
}

#[test]
fn look_alikes_in_code_or_escaped_are_left_alone() {
    let content = "\
```markdown
{{#parlab demo=map}}
```

~~~~
{{#parlab demo=map}}
~~~~

Write `{{#parlab demo=map}}` in a chapter, or ``{{#parlab demo=sort}}``.

    {{#parlab demo=map}}

An escaped \\{{#parlab demo=map}} stays text.
";
    assert_eq!(directive::find(content), vec![]);
    // A fence that is not closed hides the rest of the chapter, as Markdown renders it.
    assert_eq!(directive::find("```\n{{#parlab demo=map}}\n"), vec![]);
    // After a closed fence, directives count again.
    assert_eq!(directive::find("```\ncode\n```\n{{#parlab demo=map}}\n").len(), 1);
}

#[test]
fn malformed_directives_say_what_to_write() {
    let error = |content: &str| directive::find(content).remove(0).unwrap_err();
    assert!(error("{{#parlab demo=map\n").message.contains("not closed"));
    assert!(error("{{#parlab demo map}}\n").message.contains("“demo” is not a key=value pair"));
    assert!(error("{{#parlab demo=map n=1 n=2}}\n").message.contains("“n” is given twice"));
    assert!(error("{{#parlabdemo=map}}\n").message.contains("write a space"));
    let e = error("text\n\n{{#parlab n=}}\n");
    assert_eq!(e.line, 3);
    assert_eq!(e.to_string(), "line 3: {{#parlab n=}}: “n=” is not a key=value pair (for example demo=map or n=1M)");
}

#[test]
fn parameters_are_checked_with_the_apps_rules() {
    let checked = |content: &str| embed::check(&only(content));
    let ok = checked("{{#parlab demo=sort n=1M dist=few-unique threads=2 autorun=1}}").unwrap();
    assert_eq!(ok.demo, "sort");
    let query: Vec<(&str, &str)> = ok.query.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    assert_eq!(query, [("demo", "sort"), ("n", "1000000"), ("dist", "few-unique"), ("threads", "2"), ("autorun", "1")]);

    let message = |content: &str| checked(content).unwrap_err();
    let bad_dist = message("{{#parlab demo=sort dist=fewunique}}");
    assert!(bad_dist.contains("fewunique") && bad_dist.contains("few-unique"), "{bad_dist}");
    let too_big = message("{{#parlab demo=map n=60M}}");
    assert!(too_big.contains("60,000,000") && too_big.contains("at most n = 50,000,000"), "{too_big}");
    assert!(too_big.ends_with("A book is not built with a value the page would change."), "{too_big}");
    let not_numeric = message("{{#parlab demo=map n=lots}}");
    assert!(not_numeric.contains("lots"), "{not_numeric}");
    let other_demo = message("{{#parlab demo=map dist=sorted}}");
    assert!(other_demo.contains("does not apply to the map demo"), "{other_demo}");
    let unknown = message("{{#parlab demo=map colour=red}}");
    assert!(unknown.contains("unknown"), "{unknown}");
    let unknown_demo = message("{{#parlab demo=quicksort}}");
    assert!(unknown_demo.contains("quicksort") && unknown_demo.contains("philosophers"), "{unknown_demo}");
    let threads = message("{{#parlab demo=map threads=0}}");
    assert!(threads.contains("threads"), "{threads}");
    assert!(message("{{#parlab demo=map embed=1}}").contains("set by the preprocessor"));
    assert!(message("{{#parlab n=1M}}").contains("name the demo, e.g. demo=map"));
    assert!(message("{{#parlab demo=race autorun=yes}}").contains("autorun “yes” is not 1 or 0"));
}

#[test]
fn the_iframe_embeds_the_checked_state_and_links_to_the_full_page() {
    let embed = embed::check(&only("{{#parlab demo=map n=3M workload=collatz autorun=1}}")).unwrap();
    let html = embed.html(&AppUrl::default(), 0);
    assert_eq!(
        html,
        "<figure class=\"parlab-demo\">\n\
         <iframe class=\"parlab-embed\" data-parlab-src=\"../?demo=map&amp;n=3000000&amp;workload=collatz&amp;autorun=1&amp;embed=1\" title=\"parlab: the map demo, live\" width=\"100%\" height=\"640\" loading=\"lazy\" allow=\"cross-origin-isolated\"></iframe>\n\
         <figcaption><a class=\"parlab-full\" href=\"../?demo=map&amp;n=3000000&amp;workload=collatz\">Open this demo on its own page</a></figcaption>\n\
         </figure>"
    );
    // One level deeper in the book, one `../` more; an absolute URL is used as it is.
    assert!(embed.html(&AppUrl::default(), 1).contains("src=\"../../?demo=map"));
    let hosted = AppUrl::from_config("https://example.org/parlab/");
    assert!(embed.html(&hosted, 2).contains("src=\"https://example.org/parlab/?demo=map"));
    assert_eq!(AppUrl::from_config("/parlab"), AppUrl::Absolute("/parlab".to_owned()));
    assert_eq!(embed::script(&AppUrl::default(), 1), "<script src=\"../../embed.js\" defer></script>");
}

#[test]
fn a_custom_f_is_written_url_encoded_and_must_compile() {
    let f = "def%20f(x)%3A%0A%20%20%20%20return%20x%20*%203%0A";
    let embed = embed::check(&only(&format!("{{{{#parlab demo=map workload=custom f={f} n=1M}}}}"))).unwrap();
    let query: Vec<(&str, &str)> = embed.query.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    assert!(query.contains(&("f", "def f(x):\n    return x * 3\n")), "{query:?}");
    // Encoded once in the frame's address, as the app writes it.
    assert!(embed.html(&AppUrl::default(), 0).contains("f=def%20f%28x%29%3A%0A%20%20%20%20return%20x%20%2A%203%0A"));
    let broken =
        embed::check(&only("{{#parlab demo=map workload=custom f=def%20f(x)%3A%0A%20%20%20%20return%20[x]%0A}}"));
    let message = broken.unwrap_err();
    assert!(message.starts_with("f cannot run: line 2, column"), "{message}");
    assert!(message.contains("lists are not supported here"), "{message}");
}

/// A book as mdBook 0.5 sends it: chapters nested in `items` / `sub_items`.
fn book_with(chapters: &[(&str, &str)]) -> Value {
    let items: Vec<Value> = chapters
        .iter()
        .map(|(path, content)| {
            json!({ "Chapter": { "name": format!("Chapter {path}"), "content": content, "number": [1],
                "sub_items": [], "path": path, "source_path": path, "parent_names": [] } })
        })
        .collect();
    json!({ "items": [ items[0].clone(), "Separator", { "Chapter": { "name": "Part", "content": "", "sub_items": items[1..].to_vec(), "path": "part.md", "source_path": "part.md", "parent_names": [] } } ] })
}

#[test]
fn every_chapter_is_expanded_once_with_one_script_and_errors_name_the_chapter_and_line() {
    let mut book = book_with(&[
        ("intro.md", "No demos here.\n"),
        ("map.md", "# Map\n\n{{#parlab demo=map n=1M}}\n\nand\n\n{{#parlab demo=map n=2M}}\n"),
        ("deep/sort.md", "# Sort\n\n{{#parlab demo=sort n=1M}}\n"),
    ]);
    let errors = book::expand(&mut book, &AppUrl::default());
    assert_eq!(errors, vec![]);
    let text = serde_json::to_string(&book).unwrap();
    assert_eq!(text.matches("<iframe").count(), 3);
    assert_eq!(text.matches("embed.js").count(), 2, "one script per chapter that embeds");
    assert!(text.contains("src=\\\"../../?demo=sort&amp;n=1000000&amp;embed=1\\\""));
    assert!(text.contains("No demos here.\\n\""), "a chapter without directives is untouched");

    let mut broken = book_with(&[
        ("intro.md", "ok\n"),
        ("race.md", "# Race\n\n{{#parlab demo=race window=5000}}\n\n{{#parlab demo=race n=1K}}\n"),
    ]);
    let errors = book::expand(&mut broken, &AppUrl::default());
    assert_eq!(errors.len(), 1);
    let ChapterError { chapter, source, error } = &errors[0];
    assert_eq!((chapter.as_str(), source.as_str(), error.line), ("Chapter race.md", "race.md", 3));
    let shown = errors[0].to_string();
    assert!(
        shown.starts_with("race.md (chapter “Chapter race.md”), line 3: {{#parlab demo=race window=5000}}: "),
        "{shown}"
    );
    assert!(shown.contains("5000") && shown.contains("1,000"), "{shown}");
}

#[test]
fn the_app_url_comes_from_the_preprocessors_table() {
    let context =
        json!({ "root": "/book", "config": { "preprocessor": { "parlab": { "url": "https://parlab.example/" } } } });
    assert_eq!(book::app_url(&context), AppUrl::Absolute("https://parlab.example".to_owned()));
    assert_eq!(book::app_url(&json!({ "config": {} })), AppUrl::default());
}

#[test]
fn the_parameter_sheet_lists_every_parameter_of_every_demo_from_the_registry() {
    let sheet = mdbook_parlab::sheet::markdown();
    for demo in parlab_kernels::params::Demo::ALL {
        for key in demo.parameters() {
            let row = format!("| `{}` | `{key}` |", demo.name());
            assert!(sheet.contains(&row), "the sheet lacks {row}");
        }
    }
    assert!(sheet.contains("| `cpu-scheduling` | `jobs` | `1:0:10:2,2:0:5:0,3:0:8:1` |"), "{sheet}");
    assert!(sheet.contains("| `map` | `threads` | `4` |"), "{sheet}");
}

#[test]
fn a_chapter_with_the_sheet_directive_gets_the_sheet() {
    let mut book = serde_json::json!({ "sections": [{ "Chapter": {
        "name": "For instructors", "path": "instructors.md", "content": "Every parameter:\n\n{{#parlab-parameters}}\n"
    } }] });
    let errors = mdbook_parlab::book::expand(&mut book, &mdbook_parlab::embed::AppUrl::default());
    assert!(errors.is_empty());
    let content = book.pointer("/sections/0/Chapter/content").and_then(|c| c.as_str()).unwrap_or_default();
    assert!(content.contains("| `race` | `window` |"), "{content}");
    assert!(!content.contains("{{#parlab-parameters}}"));
}
