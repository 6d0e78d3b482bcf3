//! The generated modules run by wasmi, a wasm interpreter in Rust, against the reference
//! interpreter: shared by the custom-f test files.

// Each test file that includes this module uses a part of it.
#![allow(dead_code)]

pub mod programs;

use parlab_kernels::custom::{FaultKind, MemoryImport, Program, RunFault, Value, ValueKind};
use wasmi::{Engine, Global, Linker, Memory, MemoryType, Module, Store, TypedFunc};

pub const UNSHARED: MemoryImport = MemoryImport { shared: false, min_pages: 1, max_pages: None };
pub const SHARED: MemoryImport = MemoryImport { shared: true, min_pages: 1, max_pages: Some(16) };
pub const BUDGET: u64 = 10_000;

/// A compiled program instantiated in wasmi, with Rust's f64 functions as the math imports.
pub struct Compiled {
    store: Store<()>,
    map: TypedFunc<(i32, i32, i32, i64), i32>,
    memory: Memory,
    fault_index: Global,
    fault_steps: Global,
    returns: ValueKind,
}

/// The inputs of a batch sit at 0, its outputs at `OUTPUT_AT`, both within the one page.
const OUTPUT_AT: usize = 32 * 1024;
const BATCH: usize = 2_048;

impl Compiled {
    pub fn new(program: &Program) -> Self {
        let engine = Engine::default();
        let module = Module::new(&engine, &program.compile(UNSHARED)[..]).expect("wasmi validates the module");
        let mut store = Store::new(&engine, ());
        let memory = Memory::new(&mut store, MemoryType::new(1, None)).expect("one page");
        let mut linker = Linker::<()>::new(&engine);
        linker.define("env", "memory", memory).expect("memory import");
        linker.func_wrap("math", "sin", f64::sin).expect("sin");
        linker.func_wrap("math", "cos", f64::cos).expect("cos");
        linker.func_wrap("math", "exp", f64::exp).expect("exp");
        linker.func_wrap("math", "log", f64::ln).expect("log");
        linker.func_wrap("math", "pow", f64::powf).expect("pow");
        linker.func_wrap("math", "fmod", |a: f64, b: f64| a % b).expect("fmod");
        let instance = linker.instantiate_and_start(&mut store, &module).expect("instantiates");
        let map = instance.get_typed_func(&store, "map").expect("exports map");
        let fault_index = instance.get_global(&store, "fault_index").expect("exports fault_index");
        let fault_steps = instance.get_global(&store, "fault_steps").expect("exports fault_steps");
        Self { store, map, memory, fault_index, fault_steps, returns: program.returns() }
    }

    /// f on each input, resuming after each fault as the page would report it.
    pub fn run(&mut self, inputs: &[u32], budget: u64) -> Vec<Result<Value, RunFault>> {
        inputs.chunks(BATCH).flat_map(|batch| self.run_batch(batch, budget)).collect()
    }

    fn run_batch(&mut self, inputs: &[u32], budget: u64) -> Vec<Result<Value, RunFault>> {
        let bytes: Vec<u8> = inputs.iter().flat_map(|x| x.to_le_bytes()).collect();
        self.memory.write(&mut self.store, 0, &bytes).expect("inputs fit");
        let mut results = Vec::with_capacity(inputs.len());
        while results.len() < inputs.len() {
            let start = results.len();
            let len = (inputs.len() - start) as i32;
            let args = ((4 * start) as i32, (OUTPUT_AT + 8 * start) as i32, len, budget as i64);
            let code = self.map.call(&mut self.store, args).expect("map does not trap");
            let done =
                if code == 0 { len as usize } else { self.fault_index.get(&self.store).i32().expect("i32") as usize };
            let mut out = vec![0u8; 8 * done];
            self.memory.read(&self.store, OUTPUT_AT + 8 * start, &mut out).expect("outputs fit");
            for chunk in out.chunks(8) {
                let bits = u64::from_le_bytes(chunk.try_into().expect("8 bytes"));
                results.push(Ok(Value::from_bits(self.returns, bits)));
            }
            if code != 0 {
                let steps = self.fault_steps.get(&self.store).i64().expect("i64") as u64;
                let kind = FaultKind::from_code(code, steps).expect("a known fault code");
                results.push(Err(RunFault { x: i64::from(inputs[start + done]), kind }));
            }
        }
        results
    }
}

pub fn same(a: &Result<Value, RunFault>, b: &Result<Value, RunFault>) -> bool {
    match (a, b) {
        (Ok(Value::Float(a)), Ok(Value::Float(b))) => a.to_bits() == b.to_bits() || (a.is_nan() && b.is_nan()),
        _ => a == b,
    }
}

/// Runs `source` interpreted and compiled on `inputs` and asserts that both agree.
pub fn agree(source: &str, inputs: &[u32], budget: u64) -> Vec<Result<Value, RunFault>> {
    let program = Program::parse(source).unwrap_or_else(|e| panic!("{e}\n{source}"));
    let interpreted: Vec<_> = inputs.iter().map(|&x| program.interpret(i64::from(x), budget)).collect();
    let compiled = Compiled::new(&program).run(inputs, budget);
    for (x, (i, c)) in inputs.iter().zip(interpreted.iter().zip(&compiled)) {
        assert!(same(i, c), "x = {x}: interpreted {i:?}, compiled {c:?}\n{source}");
    }
    interpreted
}

pub fn validate_shared(bytes: &[u8]) {
    let features = wasmparser::WasmFeatures::default() | wasmparser::WasmFeatures::THREADS;
    wasmparser::Validator::new_with_features(features)
        .validate_all(bytes)
        .expect("wasmparser validates the shared module");
}
