//! Two rules of the source, checked by reading it. The layers import only downward: kernels ←
//! platform ← shell ← demos ← app, so a `crate::` path that points up, or from one demo into
//! another, fails. And markup is escaped by default: only the SVG builder turns text into markup.
//! A grep, not a parser: a path in a comment counts too, which keeps docs honest.

use std::fs;
use std::path::{Path, PathBuf};

/// From the bottom up; a file may name its own layer and those before it.
const LAYERS: [&str; 4] = ["platform", "shell", "demos", "app"];

fn rust_files(dir: &Path, found: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, found);
        } else if path.extension().is_some_and(|ext| ext == "rs") {
            found.push(path);
        }
    }
}

/// The layer and (in `demos/`) the demo a file belongs to, from its path under `src/`.
fn place(relative: &Path) -> Option<(usize, Option<String>)> {
    let mut parts = relative.iter().map(|part| part.to_string_lossy().trim_end_matches(".rs").to_owned());
    let head = parts.next()?;
    let layer = LAYERS.iter().position(|layer| *layer == head)?;
    let demo = (LAYERS[layer] == "demos").then(|| parts.next()).flatten().filter(|demo| demo != "mod");
    Some((layer, demo))
}

/// Every `crate::<layer>[::<module>]` a text names.
fn named(text: &str) -> Vec<(usize, Option<String>)> {
    let mut found = Vec::new();
    for (at, _) in text.match_indices("crate::") {
        let mut path = text[at + "crate::".len()..]
            .split(|c: char| !(c.is_alphanumeric() || c == '_' || c == ':'))
            .next()
            .unwrap_or("")
            .split("::");
        let Some(layer) = path.next().and_then(|head| LAYERS.iter().position(|layer| *layer == head)) else {
            continue;
        };
        found.push((layer, path.next().filter(|module| !module.is_empty()).map(str::to_owned)));
    }
    found
}

#[test]
fn no_import_points_up_or_across_demos() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let mut wrong = Vec::new();
    for file in &files {
        let relative = file.strip_prefix(&src).unwrap();
        let Some((layer, demo)) = place(relative) else { continue };
        for (target, module) in named(&fs::read_to_string(file).unwrap()) {
            if target > layer {
                wrong.push(format!("{} ({}) names crate::{}", relative.display(), LAYERS[layer], LAYERS[target]));
            } else if target == layer && demo.is_some() && module.is_some() && module != demo {
                wrong.push(format!("{} names another demo, crate::demos::{}", relative.display(), module.unwrap()));
            }
        }
    }
    assert!(wrong.is_empty(), "imports that break the layers:\n{}", wrong.join("\n"));
    assert!(files.len() > 40, "found only {} files: is the walk broken?", files.len());
}

#[test]
fn only_the_svg_builder_turns_text_into_markup() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let builder = src.join("shell/charts/svg.rs");
    // Spelt in two halves, so this file does not name it.
    let raw = ["from_html", "_unchecked"].concat();
    let callers: Vec<_> = files
        .iter()
        .filter(|file| **file != builder && fs::read_to_string(file).unwrap().contains(&raw))
        .map(|file| file.strip_prefix(&src).unwrap().display().to_string())
        .collect();
    assert!(callers.is_empty(), "markup from text outside shell/charts/svg.rs: {callers:?}");
    assert!(fs::read_to_string(&builder).unwrap().contains(&raw), "the builder itself no longer does it");
}

#[test]
fn the_check_sees_an_upward_import() {
    assert_eq!(
        named("use crate::demos::map::x; crate::platform::pool::run()"),
        [(2, Some("map".to_owned())), (0, Some("pool".to_owned()))]
    );
    assert_eq!(place(Path::new("shell/runner.rs")), Some((1, None)));
    assert_eq!(place(Path::new("demos/map/mod.rs")), Some((2, Some("map".to_owned()))));
    assert_eq!(place(Path::new("demos/race.rs")), Some((2, Some("race".to_owned()))));
    assert_eq!(place(Path::new("demos/mod.rs")), Some((2, None)));
    assert_eq!(place(Path::new("main.rs")), None);
}
