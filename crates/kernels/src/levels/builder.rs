//! Writing a level's program: each statement adds its pseudo-Python line and the atomic steps
//! it is split into, so the text the page shows and the steps that run cannot drift apart.

use super::program::{
    ConditionDecl, LockDecl, LockKind, Op, Program, SemaphoreDecl, SharedVar, Step, Test, ThreadCode,
};
use super::value::Value;

/// Declares what the threads share, then each thread's code.
#[derive(Default)]
pub struct ProgramBuilder {
    program: Program,
}

impl ProgramBuilder {
    pub fn shared(&mut self, name: &'static str, initial: Value) -> usize {
        self.program.vars.push(SharedVar { name, initial });
        self.program.vars.len() - 1
    }

    pub fn lock(&mut self, name: &'static str, kind: LockKind) -> usize {
        self.program.locks.push(LockDecl { name, kind });
        self.program.locks.len() - 1
    }

    /// A `Condition()` and its own lock, which `with cond:` takes: `(condition, lock)`.
    pub fn condition(&mut self, name: &'static str) -> (usize, usize) {
        let lock = self.lock(name, LockKind::OfCondition);
        self.program.conditions.push(ConditionDecl { name, lock });
        (self.program.conditions.len() - 1, lock)
    }

    pub fn semaphore(&mut self, name: &'static str, initial: u32) -> usize {
        self.program.semaphores.push(SemaphoreDecl { name, initial });
        self.program.semaphores.len() - 1
    }

    pub fn event(&mut self, name: &'static str) -> usize {
        self.program.events.push(name);
        self.program.events.len() - 1
    }

    pub fn local(&mut self, name: &'static str) -> usize {
        self.program.locals.push(name);
        self.program.locals.len() - 1
    }

    /// Adds a thread whose code `body` writes.
    pub fn thread(&mut self, role: &'static str, body: impl FnOnce(&mut ThreadBuilder)) {
        let mut thread = ThreadBuilder::new(&self.program, role);
        body(&mut thread);
        let code = thread.finish();
        self.program.threads.push(code);
    }

    pub fn finish(self) -> Program {
        self.program
    }
}

/// A function of a thread: where its steps start and end.
struct Function {
    name: &'static str,
    first: usize,
    last: usize,
}

/// Writes one thread's code, statement by statement.
///
/// A thread that defines functions runs the first one; each other function is called from one
/// place only, so its last step returns there.
pub struct ThreadBuilder<'a> {
    program: &'a Program,
    code: ThreadCode,
    indent: usize,
    functions: Vec<Function>,
    /// Each call's step and the function it calls.
    calls: Vec<(usize, &'static str)>,
}

impl<'a> ThreadBuilder<'a> {
    fn new(program: &'a Program, role: &'static str) -> Self {
        Self {
            program,
            code: ThreadCode { role, lines: Vec::new(), steps: Vec::new() },
            indent: 0,
            functions: Vec::new(),
            calls: Vec::new(),
        }
    }

    /// Resolves the calls and returns: a call goes to its function's first step, and the
    /// function's end back to the step after the call. The first function returns to the end of
    /// the thread.
    fn finish(mut self) -> ThreadCode {
        let end = self.code.steps.len();
        let mut returns = Vec::new();
        if let Some(main) = self.functions.first() {
            returns.push((main.first, main.last, end));
        }
        for &(call, function) in &self.calls {
            let Some(callee) = self.functions.iter().find(|f| f.name == function) else {
                panic!("a level calls {function}() but its thread does not define it");
            };
            self.code.steps[call].op = Op::Call { function, target: callee.first };
            returns.push((callee.first, callee.last, call + 1));
        }
        for (first, last, to) in returns {
            self.close(first..last + 1, to);
        }
        self.code
    }

    fn line(&mut self, text: String) -> usize {
        self.code.lines.push(format!("{}{text}", "    ".repeat(self.indent)));
        self.code.lines.len() - 1
    }

    fn emit(&mut self, line: usize, op: Op) -> usize {
        self.code.steps.push(Step { line, op, next: None });
        self.code.steps.len() - 1
    }

    /// Writes `body` one level deeper.
    fn block(&mut self, body: impl FnOnce(&mut Self)) {
        self.indent += 1;
        body(self);
        self.indent -= 1;
    }

    fn var(&self, var: usize) -> &'static str {
        self.program.vars[var].name
    }

    /// Sends whatever leaves the steps `range` through their end to step `to` instead: the
    /// end of a loop's body goes back to its head, the end of a function to its caller.
    fn close(&mut self, range: std::ops::Range<usize>, to: usize) {
        let end = range.end;
        for step in &mut self.code.steps[range] {
            match &mut step.op {
                Op::Branch { target, .. } | Op::Loop { exit: target, .. } if *target == end => *target = to,
                _ => {}
            }
        }
        if let Some(last) = self.code.steps[..end].last_mut()
            && last.next.is_none()
        {
            last.next = Some(to);
        }
    }

    /// Points a forward jump written at `step` to the step about to be written.
    fn land(&mut self, step: usize) {
        let here = self.code.steps.len();
        match &mut self.code.steps[step].op {
            Op::Branch { target, .. } => *target = here,
            Op::Loop { exit, .. } => *exit = here,
            _ => {}
        }
    }

    /// `def name():` and its body.
    pub fn function(&mut self, name: &'static str, body: impl FnOnce(&mut Self)) {
        self.line(format!("def {name}():"));
        let first = self.code.steps.len();
        self.block(body);
        let last = self.code.steps.len() - 1;
        self.functions.push(Function { name, first, last });
    }

    /// `name()`, a call of a function this thread defines.
    pub fn call(&mut self, function: &'static str) {
        let line = self.line(format!("{function}()"));
        let call = self.emit(line, Op::Call { function, target: 0 });
        self.calls.push((call, function));
    }

    /// `var += delta` (or `-=`): load, add, store, through the local `scratch`.
    pub fn add(&mut self, var: usize, delta: i32, scratch: usize) {
        let sign = if delta < 0 { '-' } else { '+' };
        let line = self.line(format!("{} {sign}= {}", self.var(var), delta.abs()));
        self.emit(line, Op::Load { var, local: scratch });
        self.emit(line, Op::Add { local: scratch, delta });
        self.emit(line, Op::Store { var, local: scratch });
    }

    /// `local = var + delta`: load, then add.
    pub fn compute(&mut self, local: usize, var: usize, delta: i32) {
        let line = self.line(format!("{} = {} + {delta}", self.program.locals[local], self.var(var)));
        self.emit(line, Op::Load { var, local });
        self.emit(line, Op::Add { local, delta });
    }

    pub fn assign(&mut self, var: usize, value: Value) {
        let line = self.line(format!("{} = {value}", self.var(var)));
        self.emit(line, Op::Assign { var, value });
    }

    /// `with lock:` (or `with cond:`): acquire, the body, release.
    pub fn with_lock(&mut self, lock: usize, body: impl FnOnce(&mut Self)) {
        let line = self.line(format!("with {}:", self.program.locks[lock].name));
        self.emit(line, Op::Acquire { lock });
        self.block(body);
        self.emit(line, Op::Release { lock });
    }

    /// `body` inside `with lock:` when there is a lock, else on its own: a level and its fix.
    pub fn guarded(&mut self, lock: Option<usize>, body: impl FnOnce(&mut Self)) {
        match lock {
            Some(lock) => self.with_lock(lock, body),
            None => body(self),
        }
    }

    /// `if test:` and its body, skipped when the test fails.
    pub fn if_then(&mut self, test: Test, body: impl FnOnce(&mut Self)) {
        let line = self.line(format!("if {}:", test.text(self.program)));
        let branch = self.emit(line, Op::Branch { test, jump_if: false, target: 0 });
        self.block(body);
        self.land(branch);
    }

    /// `while test:` and its body.
    pub fn while_loop(&mut self, test: Test, body: impl FnOnce(&mut Self)) {
        let line = self.line(format!("while {}:", test.text(self.program)));
        let head = self.emit(line, Op::Branch { test, jump_if: false, target: 0 });
        self.block(body);
        self.close(head..self.code.steps.len(), head);
        self.land(head);
    }

    /// `while test: pass`: one step a check, repeated while the test holds.
    pub fn spin_while(&mut self, test: Test) {
        let line = self.line(format!("while {}: pass", test.text(self.program)));
        let here = self.code.steps.len();
        self.emit(line, Op::Branch { test, jump_if: true, target: here });
    }

    /// `for local in range(times):` and its body.
    pub fn for_range(&mut self, local: usize, times: i32, body: impl FnOnce(&mut Self)) {
        let line = self.line(format!("for {} in range({times}):", self.program.locals[local]));
        let head = self.emit(line, Op::Loop { local, times, exit: 0 });
        self.block(body);
        self.close(head..self.code.steps.len(), head);
        self.land(head);
    }

    /// `cond.wait()`: release and wait, then take the lock back once notified.
    pub fn wait(&mut self, condition: usize) {
        let line = self.line(format!("{}.wait()", self.program.conditions[condition].name));
        self.emit(line, Op::Wait { condition });
        self.emit(line, Op::Reacquire { condition });
    }

    /// `cond.notify()`, or `cond.notify_all()` when `all`.
    pub fn notify(&mut self, condition: usize, all: bool) {
        let name = self.program.conditions[condition].name;
        let line = self.line(format!("{name}.notify{}()", if all { "_all" } else { "" }));
        self.emit(line, Op::Notify { condition, all });
    }

    pub fn acquire_semaphore(&mut self, semaphore: usize) {
        let line = self.line(format!("{}.acquire()", self.program.semaphores[semaphore].name));
        self.emit(line, Op::SemaphoreAcquire { semaphore });
    }

    pub fn release_semaphore(&mut self, semaphore: usize) {
        let line = self.line(format!("{}.release()", self.program.semaphores[semaphore].name));
        self.emit(line, Op::SemaphoreRelease { semaphore });
    }

    pub fn set_event(&mut self, event: usize) {
        let line = self.line(format!("{}.set()", self.program.events[event]));
        self.emit(line, Op::SetEvent { event });
    }

    pub fn wait_event(&mut self, event: usize) {
        let line = self.line(format!("{}.wait()", self.program.events[event]));
        self.emit(line, Op::WaitEvent { event });
    }

    pub fn append(&mut self, var: usize) {
        let line = self.line(format!("{}.append(1)", self.var(var)));
        self.emit(line, Op::Append { var });
    }

    pub fn pop(&mut self, var: usize) {
        let line = self.line(format!("{}.pop()", self.var(var)));
        self.emit(line, Op::Pop { var });
    }

    /// `name()`: the work the level watches, such as the critical section.
    pub fn critical(&mut self, name: &'static str) {
        let line = self.line(format!("{name}()"));
        self.emit(line, Op::Critical { name });
    }
}
