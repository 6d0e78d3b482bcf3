//! The map demo's code panel: the Rust that ran beside the Python it mirrors.

use parlab_kernels::map::{ChunkSize, MapFunction, Workload};
use parlab_kernels::params::MapParams;
use yew::prelude::*;

use crate::shell::source;

pub(super) fn code_view(p: MapParams) -> Html {
    // A custom f runs through the same loop; its body is the module compiled from the Python.
    let first = if p.workload == MapFunction::Custom { source::ELEMENT_FN } else { source::MAP_INTO };
    let mut rust = format!("{first}\n\n{}", source::MAP_PARALLEL);
    // The built-ins run four elements at a time in SIMD lanes (map/lanes.rs): the panel shows
    // the lanes and, for matvec, the scalar definition they are checked against.
    if p.workload == Workload::Square {
        rust = format!("{rust}\n\n{}", source::SQUARE_LANES);
    }
    if p.workload == Workload::Matvec {
        rust = format!("{}\n\n{}\n\n{rust}\n\n{}", source::MATRIX_ENTRY, source::MATVEC_ROW, source::MATVEC_ROW_LANES);
    }
    if p.gil {
        rust = format!("{rust}\n\n{}", source::MAP_PYTHON_THREADS);
    }
    let function = match p.workload {
        MapFunction::Custom => p.f.text().trim_end(),
        MapFunction::BuiltIn(Workload::Square) => "def f(x):\n    return x * x",
        MapFunction::BuiltIn(Workload::Collatz) => {
            "def f(x):\n    steps = 0\n    while x > 1:\n        x = x // 2 if x % 2 == 0 else 3 * x + 1\n        steps += 1\n    return steps"
        }
        MapFunction::BuiltIn(Workload::Matvec) => {
            "COLS = 64\nx = [j + 1 for j in range(COLS)]\n\ndef f(i):  # y[i]: row i of A times x, A[i][j] = (31*i + 17*j) % 10\n    return sum((31 * i + 17 * j) % 10 * x[j] for j in range(COLS))"
        }
    };
    let chunksize = match p.chunk {
        ChunkSize::Auto => String::new(),
        ChunkSize::Fixed(len) => format!(", chunksize={len}"),
    };
    let python = format!(
        "from multiprocessing import Pool\n\n{function}\n\nif __name__ == \"__main__\":\n    inputs = list(range({}))\n    expected = list(map(f, inputs))            # sequential\n    with Pool(processes={}) as pool:\n        results = pool.map(f, inputs{chunksize})  # parallel\n    assert results == expected{}",
        p.n,
        p.threads,
        if p.gil {
            format!(
                "\n\n    # python-threads: the same API on threads, which take turns under the GIL\n    import sys\n    from multiprocessing.pool import ThreadPool\n    sys.setswitchinterval({})\n    with ThreadPool({}) as pool:\n        assert pool.map(f, inputs{chunksize}) == expected",
                f64::from(p.switch_ms) / 1e3,
                p.threads
            )
        } else {
            String::new()
        }
    );
    let origin = match (p.workload, p.gil) {
        (MapFunction::Custom, _) => {
            "parlab-kernels, map/function.rs and map/mod.rs; f is the module compiled from your Python"
        }
        (MapFunction::BuiltIn(Workload::Collatz), true) => "parlab-kernels, map/mod.rs and map/python_threads.rs",
        (MapFunction::BuiltIn(Workload::Collatz), false) => "parlab-kernels, map/mod.rs",
        (_, true) => "parlab-kernels, map/mod.rs, map/lanes.rs and map/python_threads.rs",
        (_, false) => "parlab-kernels, map/mod.rs and map/lanes.rs",
    };
    source::code_panel(origin, &rust, &python, "The Python idiom it mirrors")
}
