//! A query string read the way the page reads one, for the parameter test files.

use std::num::NonZeroUsize;

use parlab_kernels::params::{Parsed, parse};

pub fn nz(value: usize) -> NonZeroUsize {
    NonZeroUsize::new(value).unwrap()
}

/// `query` (without the `?`) parsed with a pool of 4.
pub fn parse_str(query: &str) -> Parsed {
    let pairs: Vec<(&str, &str)> =
        query.split('&').filter(|p| !p.is_empty()).map(|p| p.split_once('=').unwrap_or((p, ""))).collect();
    parse(pairs, nz(4))
}
