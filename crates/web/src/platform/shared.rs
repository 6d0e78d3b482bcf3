//! Reports handed to views, compared by pointer.

use std::ops::Deref;
use std::rc::Rc;

/// An `Rc` whose equality is identity. Yew compares a component's old and new props on every
/// render of its parent; a report can hold a million chunk records or whole traces, and
/// comparing those by value would walk them all. A report is never changed once made, so the
/// same pointer means the same report.
#[derive(Debug)]
pub struct Shared<T>(Rc<T>);

impl<T> Shared<T> {
    pub fn new(value: T) -> Self {
        Self(Rc::new(value))
    }

    /// The identity, e.g. for a component `key` that must change with the report.
    pub fn as_ptr(this: &Self) -> *const T {
        Rc::as_ptr(&this.0)
    }
}

impl<T> Clone for Shared<T> {
    fn clone(&self) -> Self {
        Self(Rc::clone(&self.0))
    }
}

impl<T> PartialEq for Shared<T> {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl<T> Deref for Shared<T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.0
    }
}
