//! The text of a student's f as a `Copy` value, so the map demo's parameters stay plain values
//! that a page copies freely.

use std::collections::BTreeSet;
use std::sync::{Mutex, PoisonError};

/// One program text, interned: each distinct text is stored once for the life of the page and
/// never freed. Texts are at most [`super::MAX_SOURCE_BYTES`] when they come from the page's
/// parameters, and a person types a few hundred distinct ones in a long session, so the memory
/// kept is a few hundred KiB at worst; in exchange the parameters stay `Copy`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Source(&'static str);

static INTERNED: Mutex<BTreeSet<&'static str>> = Mutex::new(BTreeSet::new());

impl Source {
    pub fn intern(text: &str) -> Self {
        let mut interned = INTERNED.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(&known) = interned.get(text) {
            return Self(known);
        }
        let kept: &'static str = Box::leak(text.to_owned().into_boxed_str());
        interned.insert(kept);
        Self(kept)
    }

    /// A text that is already `'static`, such as a preset's: nothing is stored.
    pub const fn of_static(text: &'static str) -> Self {
        Self(text)
    }

    pub fn text(self) -> &'static str {
        self.0
    }
}
