//! The student's f, compiled to a WebAssembly module of its own and run on every thread.
//!
//! The module imports the app's memory and reads and writes the map's buffers in place: one
//! call per block of elements, no copy. Each pool thread instantiates it when a run starts
//! ([`ElementFn::prepare`]) and keeps the instance, keyed by the program's hash, until another
//! f comes.

use std::cell::RefCell;

use js_sys::{Object, Reflect, Uint8Array, WebAssembly};
use parlab_kernels::custom::{FaultKind, MATH_IMPORTS, MemoryImport, Program, RunFault, STEP_BUDGET, Source};
use parlab_kernels::map::{ElementFn, check_by_interpreter};
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;

use crate::platform::clock::PerformanceClock;
use crate::platform::pool::js_error_text;
use parlab_kernels::clock::Clock;

#[wasm_bindgen]
extern "C" {
    /// The generated module's exports (see `Program::compile`).
    #[wasm_bindgen(extends = Object)]
    type MapExports;

    #[wasm_bindgen(method, js_name = map)]
    fn map(this: &MapExports, input: u32, output: u32, len: u32, budget: i64) -> i32;

    #[wasm_bindgen(method, getter, js_name = fault_index)]
    fn fault_index(this: &MapExports) -> WebAssembly::Global;
}

/// A checked f and its module's bytes: what every thread needs to run it.
pub struct CompiledFn {
    program: Program,
    bytes: Vec<u8>,
}

/// A compiled f, and how long the page took to parse, check, generate and compile it.
pub struct Compiled {
    pub function: CompiledFn,
    pub compile_ms: f64,
    /// The same f for memory that is not shared: for the message-passing workers, which share
    /// nothing with the page.
    pub unshared_module: Vec<u8>,
}

/// Compiles `source`, and instantiates it once on this thread, so that a module the browser
/// refuses is said here rather than on a worker.
pub fn compile(source: Source) -> Result<Compiled, String> {
    let began = PerformanceClock.now_ms();
    let program = Program::parse(source.text())
        .map_err(|error| format!("your f cannot run: {error}. Fix it in the code box, then run again."))?;
    let bytes = program.compile(memory_import());
    let instance = Instance::new(&bytes, program.hash())?;
    let compile_ms = PerformanceClock.now_ms() - began;
    INSTANCE.with(|slot| *slot.borrow_mut() = Some(instance));
    let unshared_module = program.compile(MemoryImport { shared: false, min_pages: 1, max_pages: None });
    Ok(Compiled { function: CompiledFn { program, bytes }, compile_ms, unshared_module })
}

/// The app's memory as the generated module imports it: shared exactly when the app's own
/// module declares it so, which its build decides (not whether the page may see a
/// SharedArrayBuffer: WebKitGTK keeps the memory shared but hides that constructor).
fn memory_import() -> MemoryImport {
    let shared = cfg!(target_feature = "atomics");
    // Any size the app's memory may have: wasm32 addresses at most 65,536 pages of 64 KiB.
    MemoryImport { shared, min_pages: 1, max_pages: shared.then_some(65_536) }
}

fn memory() -> WebAssembly::Memory {
    wasm_bindgen::memory().unchecked_into()
}

/// One thread's instance of the module of one f.
struct Instance {
    hash: u64,
    exports: MapExports,
    /// Python's `math.fmod`, which JavaScript has only as the `%` operator: a function of this
    /// module's, kept alive as long as the instance that imports it.
    _fmod: Closure<dyn Fn(f64, f64) -> f64>,
}

thread_local! {
    static INSTANCE: RefCell<Option<Instance>> = const { RefCell::new(None) };
}

impl Instance {
    fn new(bytes: &[u8], hash: u64) -> Result<Self, String> {
        let failed = |e: JsValue| format!("the browser refused the module compiled from your f: {}", js_error_text(&e));
        // A copy of the bytes in memory of its own: Firefox compiles no bytes held in shared memory.
        let module = WebAssembly::Module::new(&Uint8Array::from(bytes)).map_err(failed)?;
        let fmod = Closure::<dyn Fn(f64, f64) -> f64>::new(|a: f64, b: f64| a % b);
        let imports = Object::new();
        let env = Object::new();
        Reflect::set(&env, &"memory".into(), &memory()).map_err(failed)?;
        Reflect::set(&imports, &"env".into(), &env).map_err(failed)?;
        let math = Object::new();
        let js_math = Reflect::get(&js_sys::global(), &"Math".into()).map_err(failed)?;
        for name in MATH_IMPORTS {
            let function = if name == "fmod" {
                fmod.as_ref().clone()
            } else {
                Reflect::get(&js_math, &name.into()).map_err(failed)?
            };
            Reflect::set(&math, &name.into(), &function).map_err(failed)?;
        }
        Reflect::set(&imports, &"math".into(), &math).map_err(failed)?;
        let instance = WebAssembly::Instance::new(&module, &imports).map_err(failed)?;
        Ok(Instance { hash, exports: instance.exports().unchecked_into(), _fmod: fmod })
    }
}

impl Instance {
    /// f on `input` into `output`, as [`ElementFn::map_into`].
    fn run(&self, input: &[u32], output: &mut [u64]) -> Result<(), RunFault> {
        let len = input.len().min(output.len());
        let code = self.exports.map(input.as_ptr() as u32, output.as_mut_ptr() as u32, len as u32, STEP_BUDGET as i64);
        if code == 0 {
            return Ok(());
        }
        let index = self.exports.fault_index().value().as_f64().unwrap_or(0.0) as usize;
        let x = input.get(index).copied().unwrap_or_default();
        let kind = FaultKind::from_code(code, STEP_BUDGET)
            .unwrap_or_else(|| panic!("the module of f returned {code}, which is no fault code"));
        Err(RunFault { x: i64::from(x), kind })
    }
}

impl CompiledFn {
    /// `use_it` with this thread's instance of f's module, made the first time.
    fn with_instance<R>(&self, use_it: impl FnOnce(&Instance) -> R) -> R {
        let hash = self.program.hash();
        INSTANCE.with(|slot| {
            let mut slot = slot.borrow_mut();
            let instance = match slot.take() {
                Some(instance) if instance.hash == hash => instance,
                // The page's own thread instantiated these very bytes in `compile`.
                _ => Instance::new(&self.bytes, hash).unwrap_or_else(|message| panic!("{message}")),
            };
            let result = use_it(&instance);
            *slot = Some(instance);
            result
        })
    }
}

impl ElementFn for CompiledFn {
    fn map_into(&self, input: &[u32], output: &mut [u64]) -> Result<(), RunFault> {
        self.with_instance(|instance| instance.run(input, output))
    }

    fn prepare(&self) {
        self.with_instance(|_| ());
    }

    fn checks(&self, x: u32, output: u64) -> bool {
        check_by_interpreter(&self.program, x, output)
    }

    fn spot_checks(&self) -> usize {
        64
    }
}
