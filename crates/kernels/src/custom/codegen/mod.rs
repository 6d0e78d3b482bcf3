//! The checked f as a WebAssembly module, built with wasm-encoder; its imports and exports
//! are documented on [`super::Program::compile`].
//!
//! f is a function `(x: i64, budget: i64) -> i64 | f64`: ints are i64, floats f64, truth values
//! i32, and f's locals are wasm locals, so the only memory traffic is one load and one store
//! per element, in `map`. A fault sets the global `fault_code` and returns at once.

mod constants;
mod expressions;
mod numbers;

use wasm_encoder::{
    BlockType, CodeSection, ConstExpr, EntityType, ExportKind, ExportSection, Function, FunctionSection, GlobalSection,
    GlobalType, ImportSection, InstructionSink, MemArg, MemoryType, Module, TypeSection, ValType,
};

use super::errors::FaultKind;
use super::ir::{self, Stmt, Ty};

/// The functions the module imports from `math`, in their import order.
pub const MATH_IMPORTS: [&str; 6] = ["sin", "cos", "exp", "log", "pow", "fmod"];

const SIN: u32 = 0;
const COS: u32 = 1;
const EXP: u32 = 2;
const LOG: u32 = 3;
const POW: u32 = 4;
const FMOD: u32 = 5;
const F: u32 = 6;

const FAULT_CODE: u32 = 0;
const FAULT_INDEX: u32 = 1;
const FAULT_STEPS: u32 = 2;

/// f's wasm locals: its two parameters, then the budget left.
const X: u32 = 0;
const BUDGET: u32 = 1;
const BUDGET_LEFT: u32 = 2;

/// The memory the module imports as `env.memory`. The page's memory is shared between its
/// workers; a runtime without threads (wasmi in the tests) needs an unshared one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MemoryImport {
    pub shared: bool,
    /// In 64 KiB pages.
    pub min_pages: u64,
    /// Required by wasm for a shared memory.
    pub max_pages: Option<u64>,
}

pub fn compile(function: &ir::Function, memory: MemoryImport) -> Vec<u8> {
    let result = val_type(function.returns);
    let mut types = TypeSection::new();
    types.ty().function([ValType::F64], [ValType::F64]);
    types.ty().function([ValType::F64, ValType::F64], [ValType::F64]);
    types.ty().function([ValType::I64, ValType::I64], [result]);
    types.ty().function([ValType::I32, ValType::I32, ValType::I32, ValType::I64], [ValType::I32]);

    let mut imports = ImportSection::new();
    let memory_type = MemoryType {
        minimum: memory.min_pages,
        maximum: memory.max_pages,
        memory64: false,
        shared: memory.shared,
        page_size_log2: None,
    };
    imports.import("env", "memory", memory_type);
    for (index, name) in MATH_IMPORTS.iter().enumerate() {
        imports.import("math", name, EntityType::Function(if index < POW as usize { 0 } else { 1 }));
    }

    let mut functions = FunctionSection::new();
    functions.function(2);
    functions.function(3);

    let mut globals = GlobalSection::new();
    let mutable = |val_type| GlobalType { val_type, mutable: true, shared: false };
    globals.global(mutable(ValType::I32), &ConstExpr::i32_const(0));
    globals.global(mutable(ValType::I32), &ConstExpr::i32_const(0));
    globals.global(mutable(ValType::I64), &ConstExpr::i64_const(0));

    let mut exports = ExportSection::new();
    exports.export("map", ExportKind::Func, F + 1);
    exports.export("fault_index", ExportKind::Global, FAULT_INDEX);
    exports.export("fault_steps", ExportKind::Global, FAULT_STEPS);

    let mut code = CodeSection::new();
    code.function(&Emitter::function(function));
    code.function(&map_function(result));

    let mut module = Module::new();
    module.section(&types).section(&imports).section(&functions).section(&globals).section(&exports).section(&code);
    module.finish()
}

fn val_type(ty: Ty) -> ValType {
    match ty {
        Ty::Int => ValType::I64,
        Ty::Float => ValType::F64,
        Ty::Bool => ValType::I32,
    }
}

fn map_function(result: ValType) -> Function {
    const IN: u32 = 0;
    const OUT: u32 = 1;
    const LEN: u32 = 2;
    const MAP_BUDGET: u32 = 3;
    const I: u32 = 4;
    let mut function = Function::new([(1, ValType::I32)]);
    let mut s = function.instructions();
    s.i32_const(0).global_set(FAULT_CODE);
    s.block(BlockType::Empty).loop_(BlockType::Empty);
    s.local_get(I).local_get(LEN).i32_ge_u().br_if(1);
    s.local_get(OUT).local_get(I).i32_const(3).i32_shl().i32_add();
    let input = MemArg { offset: 0, align: 2, memory_index: 0 };
    s.local_get(IN).local_get(I).i32_const(2).i32_shl().i32_add().i32_load(input).i64_extend_i32_u();
    s.local_get(MAP_BUDGET).call(F);
    s.global_get(FAULT_CODE).if_(BlockType::Empty);
    s.local_get(I).global_set(FAULT_INDEX).global_get(FAULT_CODE).return_().end();
    let output = MemArg { offset: 0, align: 3, memory_index: 0 };
    if result == ValType::F64 {
        s.f64_store(output);
    } else {
        s.i64_store(output);
    }
    s.local_get(I).i32_const(1).i32_add().local_set(I).br(0);
    s.end().end();
    s.i32_const(0).end();
    function
}

/// Builds f's body; wasm wants the locals declared before the code, so the code is collected
/// first and the scratch locals it took are declared at the end.
struct Emitter {
    code: Vec<u8>,
    /// Types of the locals after the parameters.
    locals: Vec<ValType>,
    free: Vec<u32>,
    result: ValType,
}

impl Emitter {
    fn function(function: &ir::Function) -> Function {
        let mut locals = vec![ValType::I64];
        locals.extend(function.locals[1..].iter().map(|ty| val_type(*ty)));
        let mut emitter = Emitter { code: Vec::new(), locals, free: Vec::new(), result: val_type(function.returns) };
        emitter.sink().local_get(BUDGET).local_set(BUDGET_LEFT);
        emitter.block(&function.body);
        emitter.sink().unreachable().end();
        let mut wasm = Function::new_with_locals_types(emitter.locals);
        wasm.raw(emitter.code);
        wasm
    }

    fn sink(&mut self) -> InstructionSink<'_> {
        InstructionSink::new(&mut self.code)
    }

    fn local(local: usize) -> u32 {
        if local == 0 { X } else { local as u32 + BUDGET_LEFT }
    }

    /// A local of type `ty` that no live value uses; give it back with [`Emitter::release`].
    fn scratch(&mut self, ty: ValType) -> u32 {
        let params = 2;
        if let Some(at) = self.free.iter().position(|&l| self.locals[(l - params) as usize] == ty) {
            return self.free.swap_remove(at);
        }
        self.locals.push(ty);
        self.locals.len() as u32 - 1 + params
    }

    fn release(&mut self, locals: &[u32]) {
        self.free.extend_from_slice(locals);
    }

    /// Stops f: records the fault and returns a placeholder that `map` does not store.
    fn fault(&mut self, kind: FaultKind) {
        let result = self.result;
        let mut s = self.sink();
        s.i32_const(kind.code()).global_set(FAULT_CODE);
        if let FaultKind::OutOfBudget { .. } = kind {
            s.local_get(BUDGET).global_set(FAULT_STEPS);
        }
        if result == ValType::F64 {
            s.f64_const(0.0.into());
        } else {
            s.i64_const(0);
        }
        s.return_();
    }

    /// Faults if the i32 on the stack is true.
    fn fault_if(&mut self, kind: FaultKind) {
        self.sink().if_(BlockType::Empty);
        self.fault(kind);
        self.sink().end();
    }

    fn step(&mut self) {
        self.sink().local_get(BUDGET_LEFT).i64_eqz();
        self.fault_if(FaultKind::OutOfBudget { steps: 0 });
        self.sink().local_get(BUDGET_LEFT).i64_const(1).i64_sub().local_set(BUDGET_LEFT);
    }

    fn block(&mut self, stmts: &[Stmt]) {
        for stmt in stmts {
            self.statement(stmt);
        }
    }

    fn statement(&mut self, stmt: &Stmt) {
        match stmt {
            Stmt::Assign { local, value } => {
                self.expr(value);
                self.sink().local_set(Self::local(*local));
            }
            Stmt::If { cond, then, otherwise } => {
                self.expr(cond);
                self.sink().if_(BlockType::Empty);
                self.block(then);
                if !otherwise.is_empty() {
                    self.sink().else_();
                    self.block(otherwise);
                }
                self.sink().end();
            }
            Stmt::While { cond, body } => {
                self.sink().block(BlockType::Empty).loop_(BlockType::Empty);
                self.expr(cond);
                self.sink().i32_eqz().br_if(1);
                self.step();
                self.block(body);
                self.sink().br(0).end().end();
            }
            Stmt::For { local, start, stop, step, body } => {
                self.for_loop(Self::local(*local), [start, stop, step], body)
            }
            Stmt::Return(value) => {
                self.expr(value);
                self.sink().return_();
            }
        }
    }

    /// Counts the iterations first (as [`super::interpret::range_len`]), so that stepping past
    /// the end of the range cannot overflow.
    fn for_loop(&mut self, var: u32, bounds: [&ir::Expr; 3], body: &[Stmt]) {
        let [next, stop, step, remaining] = [(); 4].map(|_| self.scratch(ValType::I64));
        for (bound, local) in bounds.into_iter().zip([next, stop, step]) {
            self.expr(bound);
            self.sink().local_set(local);
        }
        self.sink().local_get(step).i64_eqz();
        self.fault_if(FaultKind::ZeroRangeStep);
        let mut s = self.sink();
        s.local_get(step).i64_const(0).i64_gt_s().if_(BlockType::Result(ValType::I64));
        s.local_get(next).local_get(stop).i64_lt_s().if_(BlockType::Result(ValType::I64));
        s.local_get(stop).local_get(next).i64_sub().i64_const(1).i64_sub().local_get(step).i64_div_u();
        s.i64_const(1).i64_add().else_().i64_const(0).end();
        s.else_();
        s.local_get(next).local_get(stop).i64_gt_s().if_(BlockType::Result(ValType::I64));
        s.local_get(next).local_get(stop).i64_sub().i64_const(1).i64_sub().i64_const(0).local_get(step).i64_sub();
        s.i64_div_u().i64_const(1).i64_add().else_().i64_const(0).end();
        s.end().local_set(remaining);
        s.block(BlockType::Empty).loop_(BlockType::Empty);
        s.local_get(remaining).i64_eqz().br_if(1);
        s.local_get(remaining).i64_const(1).i64_sub().local_set(remaining);
        s.local_get(next).local_set(var).local_get(next).local_get(step).i64_add().local_set(next);
        self.step();
        self.block(body);
        self.sink().br(0).end().end();
        self.release(&[next, stop, step, remaining]);
    }
}
