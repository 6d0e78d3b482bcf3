//! `strip-wasm-names <dir>`: drops the `name` section from every `*_bg.wasm` in `<dir>` (Trunk's
//! staging directory), in place.

use std::path::Path;
use std::process::ExitCode;

fn main() -> ExitCode {
    let Some(dir) = std::env::args().nth(1) else {
        eprintln!("usage: strip-wasm-names <directory with the built *_bg.wasm>");
        return ExitCode::FAILURE;
    };
    match strip_in(Path::new(&dir)) {
        Ok(0) => {
            eprintln!("strip-wasm-names: no *_bg.wasm in {dir}");
            ExitCode::FAILURE
        }
        Ok(_) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("strip-wasm-names: {message}");
            ExitCode::FAILURE
        }
    }
}

/// Strips every `*_bg.wasm` directly in `dir`; returns how many there were.
fn strip_in(dir: &Path) -> Result<usize, String> {
    let entries = std::fs::read_dir(dir).map_err(|e| format!("cannot list {}: {e}", dir.display()))?;
    let mut stripped = 0;
    for entry in entries {
        let path = entry.map_err(|e| format!("cannot list {}: {e}", dir.display()))?.path();
        if !path.file_name().and_then(|n| n.to_str()).is_some_and(|n| n.ends_with("_bg.wasm")) {
            continue;
        }
        let module = std::fs::read(&path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        let smaller =
            strip_wasm_names::without_name_section(&module).map_err(|e| format!("{}: {e}", path.display()))?;
        std::fs::write(&path, smaller).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
        stripped += 1;
    }
    Ok(stripped)
}
