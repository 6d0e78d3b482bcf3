//! The mdBook preprocessor that puts live parlab demos into a book.
//!
//! A line such as `{{#parlab demo=sort n=1M dist=few-unique threads=2}}` becomes an iframe of
//! parlab's embedded page at exactly those parameters, with a link to the full page. The
//! parameters are checked with the app's own rules (`parlab_kernels::params`), so a value the
//! app would clamp or ignore fails the book's build instead of becoming a broken demo.
//!
//! `{{#parlab-parameters}}` becomes the sheet of every URL parameter ([`sheet`]).
//!
//! mdBook's preprocessor protocol is JSON on stdin and stdout; the book is handled as plain
//! JSON (see [`book`]), so the preprocessor does not depend on mdBook's crates.

pub mod book;
pub mod directive;
pub mod embed;
pub mod sheet;
