//! The course's race lesson, checked against a real CPython: the Python of `races.md` is run
//! with `python3` as the book prints it, and must lose updates in most runs, as the book says;
//! the book's variant without the call (`value += 1`) must count exactly on a CPython with its
//! global interpreter lock, as the book says too. Whether updates are lost depends on where
//! CPython switches threads, not on how fast the machine is; a run that hangs fails at a timeout.

use std::io::{ErrorKind, Read};
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::thread;
use std::time::{Duration, Instant};

/// What the book's program should print if no update were lost (2 threads × 1,000,000).
const EXPECTED: u64 = 2_000_000;
/// Runs of the book's program; "most runs" lose updates means at least `MOST` of them.
const RUNS: usize = 5;
const MOST: usize = 3;
/// Runs of the variant without the call, each of which must count exactly.
const EXACT_RUNS: usize = 3;
/// One run takes about 0.2 s here; this only stops a run that hangs.
const TIMEOUT: Duration = Duration::from_secs(60);

fn races_md() -> String {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../course/src/races.md");
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("reading {}: {e}", path.display()))
}

/// The first ```python block after "## A lost update".
fn lost_update_python(book: &str) -> String {
    let section = &book[book.find("## A lost update").expect("races.md has a section “A lost update”")..];
    let start = section.find("```python\n").expect("the section has a ```python block") + "```python\n".len();
    let end = start + section[start..].find("```").expect("the python block is closed");
    section[start..end].to_string()
}

/// The book's prose with every run of whitespace made one space, so a claim can be found even
/// where the text wraps.
fn prose(book: &str) -> String {
    book.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Runs `python3 -c code`, returning its stdout; panics on a missing python3, a failure or a hang.
fn run_python(code: &str) -> String {
    let mut child = match Command::new("python3")
        .arg("-c")
        .arg(code)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
    {
        Ok(child) => child,
        Err(e) if e.kind() == ErrorKind::NotFound => panic!(
            "python3 is not on PATH. This test checks what course/src/races.md says about its Python \
             by running it with CPython 3; install it (Debian: apt-get install python3) and run again."
        ),
        Err(e) => panic!("starting python3: {e}"),
    };
    let began = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("waiting for python3") {
            break status;
        }
        if began.elapsed() > TIMEOUT {
            child.kill().ok();
            child.wait().ok();
            panic!("python3 did not finish within {} s:\n{code}", TIMEOUT.as_secs());
        }
        thread::sleep(Duration::from_millis(10));
    };
    let (mut out, mut err) = (String::new(), String::new());
    child.stdout.take().unwrap().read_to_string(&mut out).unwrap();
    child.stderr.take().unwrap().read_to_string(&mut err).unwrap();
    assert!(status.success(), "python3 failed ({status}):\n{err}\n{code}");
    out
}

fn total(output: &str) -> u64 {
    let total = output.trim().parse().unwrap_or_else(|_| panic!("expected one number, python3 printed {output:?}"));
    assert!(total <= EXPECTED, "more than {EXPECTED} from {EXPECTED} additions: {total}");
    total
}

#[test]
fn the_race_lessons_python_loses_updates_as_the_book_says() {
    let book = races_md();
    let text = prose(&book);
    let code = lost_update_python(&book);
    assert!(code.contains("args=(1_000_000,)") && code.contains("range(2)"), "2 threads × 1,000,000:\n{code}");
    assert!(text.contains("most runs print less than 2,000,000"), "the claim this test checks is in the book");

    let version = run_python("import sys; print(sys.version.split()[0])");
    let totals: Vec<u64> = (0..RUNS).map(|_| total(&run_python(&code))).collect();
    let lost = totals.iter().filter(|&&t| t < EXPECTED).count();
    println!("CPython {}: the book's code printed {totals:?}; {lost} of {RUNS} runs lost updates", version.trim());
    assert!(
        lost >= MOST,
        "races.md says most runs of its Python print less than {EXPECTED}, but on CPython {} only {lost} of \
         {RUNS} did: {totals:?}",
        version.trim()
    );
}

#[test]
fn without_the_call_cpython_with_its_lock_counts_exactly_as_the_book_says() {
    let book = races_md();
    let text = prose(&book);
    let code = lost_update_python(&book);
    assert!(
        text.contains("Write `value += 1` instead of the call")
            && text.contains("that version printed exactly 2,000,000 every time"),
        "the claim this test checks is in the book"
    );
    let mut replaced = 0;
    let without_call: String = code
        .lines()
        .map(|line| {
            if line.trim_start().starts_with("value = plus_one(value)") {
                replaced += 1;
                let indent = &line[..line.len() - line.trim_start().len()];
                format!("{indent}value += 1\n")
            } else {
                format!("{line}\n")
            }
        })
        .collect();
    assert_eq!(replaced, 1, "one line `value = plus_one(value)` to replace by `value += 1`:\n{code}");

    let about =
        run_python("import sys; print(sys.version.split()[0], getattr(sys, '_is_gil_enabled', lambda: True)())");
    let (version, gil) = about.trim().split_once(' ').expect("version and GIL");
    if gil != "True" {
        println!(
            "CPython {version} runs without its global interpreter lock: the book's claim is about CPython with it"
        );
        return;
    }
    let totals: Vec<u64> = (0..EXACT_RUNS).map(|_| total(&run_python(&without_call))).collect();
    println!("CPython {version}: with `value += 1` it printed {totals:?}");
    assert!(
        totals.iter().all(|&t| t == EXPECTED),
        "races.md says CPython with its lock never switches threads inside `value = total; value += 1; total = value`, \
         but CPython {version} lost updates: {totals:?}"
    );
}
