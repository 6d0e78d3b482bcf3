//! Names, types and returns: from the parsed [`ast::Function`] to the typed [`ir::Function`],
//! by the typing rule in the documentation of [`crate::custom`].

mod expressions;

use super::ast::{self, ExprKind};
use super::errors::{Pos, SourceError};
use super::ir::{self, Ty};

pub fn check(function: &ast::Function) -> Result<ir::Function, SourceError> {
    let mut checker = Checker {
        names: vec![function.param.clone()],
        types: vec![Some(Ty::Int)],
        float_from: vec![None],
        returns: None,
        return_float_from: None,
        assigned: vec![true],
        inferring: true,
    };
    let mut sites = Vec::new();
    checker.collect(&function.body, &mut sites);
    checker.assigned.resize(checker.names.len(), false);
    checker.infer(&sites);
    checker.inferring = false;
    let body = checker.block(&function.body)?;
    if block_completes(&function.body) {
        let pos = blame(&function.body, function.def_pos);
        return Err(SourceError::new(
            pos,
            "f can reach its end here without return (Python would return None): every path must end in return",
        ));
    }
    let returns = checker.returns.unwrap_or(Ty::Int);
    let locals = checker.types.iter().map(|t| t.unwrap_or(Ty::Int)).collect();
    Ok(ir::Function { locals, body, returns })
}

/// A place where a value flows into a local (`None`: f's result). `value` is `None` for a
/// range loop variable, always an int.
struct Site<'a> {
    local: Option<usize>,
    value: Option<&'a ast::Expr>,
    pos: Pos,
}

struct Checker {
    names: Vec<String>,
    types: Vec<Option<Ty>>,
    /// Where each local first gets a float, for the messages.
    float_from: Vec<Option<Pos>>,
    returns: Option<Ty>,
    return_float_from: Option<Pos>,
    /// Locals that every path to the current statement assigns.
    assigned: Vec<bool>,
    /// While the types are being found: an unknown type fails quietly instead of with a message.
    inferring: bool,
}

impl Checker {
    fn local(&mut self, name: &str) -> usize {
        self.names.iter().position(|n| n == name).unwrap_or_else(|| {
            self.names.push(name.to_owned());
            self.types.push(None);
            self.float_from.push(None);
            self.names.len() - 1
        })
    }

    fn collect<'a>(&mut self, stmts: &'a [ast::Stmt], sites: &mut Vec<Site<'a>>) {
        for stmt in stmts {
            match stmt {
                ast::Stmt::Assign { pos, target, value } => {
                    sites.push(Site { local: Some(self.local(target)), value: Some(value), pos: *pos })
                }
                ast::Stmt::If { then, otherwise, .. } => {
                    self.collect(then, sites);
                    self.collect(otherwise, sites);
                }
                ast::Stmt::While { body, .. } => self.collect(body, sites),
                ast::Stmt::For { pos, var, body, .. } => {
                    sites.push(Site { local: Some(self.local(var)), value: None, pos: *pos });
                    self.collect(body, sites);
                }
                ast::Stmt::Return { pos, value } => sites.push(Site { local: None, value: Some(value), pos: *pos }),
                ast::Stmt::Pass { .. } => {}
            }
        }
    }

    /// Joins the types flowing into each local until nothing changes: types only grow
    /// (int, then float), so this ends. Sites that fail to type are left to [`Checker::block`]
    /// to report with the final types.
    fn infer(&mut self, sites: &[Site]) {
        loop {
            let mut changed = false;
            // f's argument stays an int: a float assigned to it is refused by `flow_into`.
            for site in sites.iter().filter(|site| site.local != Some(0)) {
                let ty = match site.value {
                    None => Ty::Int,
                    Some(value) => match self.expr(value) {
                        Ok(typed) => typed.ty,
                        Err(_) => continue,
                    },
                };
                let (slot, float_from) = match site.local {
                    Some(local) => (&mut self.types[local], &mut self.float_from[local]),
                    None => (&mut self.returns, &mut self.return_float_from),
                };
                let joined = match (*slot, ty) {
                    (None, ty) => ty,
                    (Some(Ty::Int), Ty::Float) => Ty::Float,
                    (Some(old), _) => old,
                };
                if joined == Ty::Float && float_from.is_none() {
                    *float_from = Some(site.pos);
                }
                if *slot != Some(joined) {
                    *slot = Some(joined);
                    changed = true;
                }
            }
            if !changed {
                break;
            }
        }
    }

    fn block(&mut self, stmts: &[ast::Stmt]) -> Result<Vec<ir::Stmt>, SourceError> {
        let mut out = Vec::with_capacity(stmts.len());
        for stmt in stmts {
            out.extend(self.statement(stmt)?);
            if !completes(stmt) {
                self.assigned.iter_mut().for_each(|a| *a = true);
            }
        }
        Ok(out)
    }

    /// The statement in the IR; none for `pass`.
    fn statement(&mut self, stmt: &ast::Stmt) -> Result<Option<ir::Stmt>, SourceError> {
        Ok(Some(match stmt {
            ast::Stmt::Assign { pos, target, value } => {
                let local = self.local(target);
                let value = self.expr(value)?;
                let value = self.flow_into(Some(local), value, *pos)?;
                self.assigned[local] = true;
                ir::Stmt::Assign { local, value }
            }
            ast::Stmt::If { cond, then, otherwise, .. } => {
                let cond = self.cond(cond)?;
                let before = self.assigned.clone();
                let then_ir = self.block(then)?;
                let after_then = std::mem::replace(&mut self.assigned, before);
                let otherwise_ir = self.block(otherwise)?;
                match (block_completes(then), block_completes(otherwise)) {
                    (true, true) => self.assigned.iter_mut().zip(after_then).for_each(|(a, t)| *a &= t),
                    (true, false) => self.assigned = after_then,
                    _ => {}
                }
                ir::Stmt::If { cond, then: then_ir, otherwise: otherwise_ir }
            }
            ast::Stmt::While { cond, body, .. } => {
                let cond = self.cond(cond)?;
                let before = self.assigned.clone();
                let body = self.block(body)?;
                self.assigned = before;
                ir::Stmt::While { cond, body }
            }
            ast::Stmt::For { pos, var, args, body } => self.for_loop(*pos, var, args, body)?,
            ast::Stmt::Return { pos, value } => {
                let value = self.expr(value)?;
                ir::Stmt::Return(self.flow_into(None, value, *pos)?)
            }
            ast::Stmt::Pass { .. } => return Ok(None),
        }))
    }

    fn for_loop(
        &mut self,
        pos: Pos,
        var: &str,
        args: &[ast::Expr],
        body: &[ast::Stmt],
    ) -> Result<ir::Stmt, SourceError> {
        let mut ints = Vec::with_capacity(3);
        for arg in args {
            let typed = self.expr(arg)?;
            if typed.ty != Ty::Int {
                return Err(SourceError::new(arg.pos, "range takes ints only (Python refuses a float here too)"));
            }
            ints.push(typed);
        }
        if let Some(step) = args.get(2).and_then(constant_int).filter(|step| *step == 0) {
            return Err(SourceError::new(args[2].pos, format!("range's step must not be {step}")));
        }
        let int = |value| ir::Expr::new(Ty::Int, ir::ExprKind::Int(value));
        let step = if ints.len() == 3 { ints.pop().expect("three arguments") } else { int(1) };
        let stop = ints.pop().expect("range has at least one argument");
        let start = ints.pop().unwrap_or(int(0));
        let local = self.local(var);
        if self.types[local] != Some(Ty::Int) {
            let message = format!(
                "{var} is the loop variable of a range, an int, but holds another type elsewhere: use another name"
            );
            return Err(SourceError::new(pos, message));
        }
        let before = self.assigned.clone();
        self.assigned[local] = true;
        let body = self.block(body)?;
        self.assigned = before;
        Ok(ir::Stmt::For { local, start, stop, step, body })
    }

    /// Converts `value` to the type of the local (or of f's result) it flows into, by the
    /// typing rule in this module's documentation.
    fn flow_into(&self, local: Option<usize>, value: ir::Expr, pos: Pos) -> Result<ir::Expr, SourceError> {
        let (target, name, float_from) = match local {
            Some(local) => (self.types[local], format!("`{}`", self.names[local]), self.float_from[local]),
            None => (self.returns, "f's result".to_owned(), self.return_float_from),
        };
        if local.is_none() && value.ty == Ty::Bool {
            return Err(SourceError::new(pos, "f must return a number, not True/False: write 1 if ... else 0"));
        }
        match (target, value.ty) {
            (Some(target), ty) if target == ty => Ok(value),
            (Some(Ty::Float), Ty::Int) => expressions::int_as_float(value).ok_or_else(|| {
                let line = float_from.map_or(0, |p| p.line);
                SourceError::new(pos, format!("{name} is a float from line {line}, but gets an int here: write float(...) here, or a float constant such as 0.0 there"))
            }),
            (Some(Ty::Int), Ty::Float) if local == Some(0) => Err(SourceError::new(pos, format!("{name} is f's argument, an int, so it cannot hold a float: use another name"))),
            (Some(Ty::Int), Ty::Float) => Err(SourceError::new(pos, format!("{name} is a range loop variable, an int, so it cannot hold a float: use another name"))),
            _ => Err(SourceError::new(pos, format!("{name} holds a truth value (True/False) on one line and a number on another: keep them in separate names"))),
        }
    }
}

fn constant_int(expr: &ast::Expr) -> Option<i64> {
    match &expr.kind {
        ExprKind::Int(value) => Some(*value),
        ExprKind::Neg(inner) => constant_int(inner).and_then(i64::checked_neg),
        _ => None,
    }
}

fn constant_true(expr: &ast::Expr) -> bool {
    match expr.kind {
        ExprKind::Bool(value) => value,
        ExprKind::Int(value) => value != 0,
        ExprKind::Float(value) => value != 0.0,
        _ => false,
    }
}

/// Whether control can pass the statement: `while True` cannot, as there is no `break` here.
fn completes(stmt: &ast::Stmt) -> bool {
    match stmt {
        ast::Stmt::Return { .. } => false,
        ast::Stmt::If { then, otherwise, .. } => block_completes(then) || block_completes(otherwise),
        ast::Stmt::While { cond, .. } => !constant_true(cond),
        _ => true,
    }
}

fn block_completes(stmts: &[ast::Stmt]) -> bool {
    stmts.iter().all(completes)
}

/// The statement where a path that completes `stmts` ends.
fn blame(stmts: &[ast::Stmt], fallback: Pos) -> Pos {
    match stmts.last() {
        Some(ast::Stmt::If { pos, then, .. }) if block_completes(then) => blame(then, *pos),
        Some(ast::Stmt::If { pos, otherwise, .. }) => blame(otherwise, *pos),
        Some(last) => last.pos(),
        None => fallback,
    }
}
