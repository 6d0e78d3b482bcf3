//! Ordering the records that runs leave behind (spans, chunks, trace events, timings).
//!
//! Each `sort_by` on a new record type makes the compiler emit a whole sorting routine for it,
//! 3 to 6 KB of WebAssembly each, and the page carries every one of them. These records are few
//! and sorted once, after the timed work: so they are all sorted through one routine on
//! `(u64 key, index)` pairs, and only the small key-and-reorder step is generic. The timed sorts
//! of the sort demo do not come through here.

/// Sorts `items` by `key`, keeping the order of items with equal keys (a stable sort).
pub fn sort_by_u64_key<T>(items: &mut Vec<T>, key: impl Fn(&T) -> u64) {
    let mut keyed: Vec<(u64, usize)> = items.iter().enumerate().map(|(i, item)| (key(item), i)).collect();
    keyed.sort_unstable();
    let mut slots: Vec<Option<T>> = items.drain(..).map(Some).collect();
    items.extend(keyed.into_iter().filter_map(|(_, i)| slots[i].take()));
}

/// A key that orders `f64`s as [`f64::total_cmp`] does: −NaN < −∞ < … < −0 < +0 < … < +∞ < NaN.
pub fn f64_key(x: f64) -> u64 {
    let bits = x.to_bits();
    if bits >> 63 == 1 { !bits } else { bits | 1 << 63 }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn f64_keys_order_as_total_cmp_does() {
        let values = [
            f64::NAN,
            -f64::NAN,
            f64::INFINITY,
            f64::NEG_INFINITY,
            -0.0,
            0.0,
            1.5,
            -1.5,
            f64::MIN_POSITIVE,
            1e300,
            -1e-300,
        ];
        for a in values {
            for b in values {
                assert_eq!(f64_key(a).cmp(&f64_key(b)), a.total_cmp(&b), "{a} vs {b}");
            }
        }
    }

    #[test]
    fn equal_keys_keep_their_order_and_nothing_is_lost() {
        let mut items: Vec<(u64, usize)> = (0..1000).map(|i| ((i * 7919 % 13) as u64, i)).collect();
        let mut expected = items.clone();
        expected.sort_by_key(|item| item.0);
        sort_by_u64_key(&mut items, |item| item.0);
        assert_eq!(items, expected);
        let mut empty: Vec<f64> = Vec::new();
        sort_by_u64_key(&mut empty, |x| f64_key(*x));
        assert!(empty.is_empty());
    }
}
