//! The sorting and merging algorithms themselves, each on its own, single-threaded.

use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::collections::binary_heap::PeekMut;
use std::num::NonZeroUsize;
use std::ops::Range;

/// `n` split into `parts` contiguous ranges whose lengths differ by at most one.
pub fn chunk_bounds(n: usize, parts: NonZeroUsize) -> Vec<Range<usize>> {
    let parts = parts.get() as u64;
    let cut = |p: u64| (p * n as u64 / parts) as usize;
    (0..parts).map(|p| cut(p)..cut(p + 1)).collect()
}

/// Merges sorted `a` and `b` into `out` (`a.len() + b.len()` long); on ties `a` goes first.
pub fn merge_two(a: &[u32], b: &[u32], out: &mut [u32]) {
    debug_assert_eq!(a.len() + b.len(), out.len());
    let (mut i, mut j) = (0, 0);
    let mut slots = out.iter_mut();
    while i < a.len() && j < b.len() {
        let (x, y) = (a[i], b[j]);
        let take_a = x <= y;
        if let Some(slot) = slots.next() {
            *slot = if take_a { x } else { y };
        }
        i += usize::from(take_a);
        j += usize::from(!take_a);
    }
    let rest = slots.into_slice();
    let tail = if i < a.len() { &a[i..] } else { &b[j..] };
    rest.copy_from_slice(tail);
}

/// How many of the first `k` elements of the merge of `a` and `b` come from `a` (ties to `a`,
/// as in [`merge_two`]): binary search on the split point, O(log n).
pub fn co_rank(k: usize, a: &[u32], b: &[u32]) -> usize {
    let (mut low, mut high) = (k.saturating_sub(b.len()), k.min(a.len()));
    while low < high {
        let i = low + (high - low) / 2;
        let j = k - i;
        if j > 0 && a[i] <= b[j - 1] { low = i + 1 } else { high = i }
    }
    low
}

/// Splits the merge of `a` and `b` into `pieces` independent merges of equal output length:
/// (range of `a`, range of `b`, range of the output) each.
pub fn split_merge(a: &[u32], b: &[u32], pieces: NonZeroUsize) -> Vec<(Range<usize>, Range<usize>, Range<usize>)> {
    let total = a.len() + b.len();
    let pieces = pieces.get();
    let cut = |p: usize| {
        let k = (p as u64 * total as u64 / pieces as u64) as usize;
        let i = co_rank(k, a, b);
        (k, i, k - i)
    };
    (0..pieces)
        .map(|p| {
            let ((k0, i0, j0), (k1, i1, j1)) = (cut(p), cut(p + 1));
            (i0..i1, j0..j1, k0..k1)
        })
        .collect()
}

/// Merges the sorted `runs` into `out` with a binary heap of run heads: O(n log k), one thread.
/// This is `heapq.merge(*runs)`.
pub fn kway_heap_merge(runs: &[&[u32]], out: &mut [u32]) {
    debug_assert_eq!(runs.iter().map(|r| r.len()).sum::<usize>(), out.len());
    let mut next = vec![0usize; runs.len()];
    let mut heap: BinaryHeap<Reverse<(u32, usize)>> =
        runs.iter().enumerate().filter_map(|(r, run)| run.first().map(|&v| Reverse((v, r)))).collect();
    for slot in out.iter_mut() {
        let Some(mut top) = heap.peek_mut() else { break };
        let Reverse((value, run)) = *top;
        *slot = value;
        next[run] += 1;
        match runs[run].get(next[run]) {
            Some(&following) => *top = Reverse((following, run)),
            None => {
                PeekMut::pop(top);
            }
        }
    }
}

/// Sorts `data` by its bytes, least significant first: one pass to count all four digits, then
/// one stable scatter per digit, alternating between `data` and `buffer` (as long as `data`).
/// O(n) with no comparisons; a digit every value shares is skipped. The result ends in `data`.
pub fn radix_sort(data: &mut [u32], buffer: &mut [u32]) {
    debug_assert_eq!(data.len(), buffer.len());
    let mut counts = [[0usize; 256]; 4];
    for &value in data.iter() {
        for (digit, count) in counts.iter_mut().enumerate() {
            count[((value >> (8 * digit)) & 0xFF) as usize] += 1;
        }
    }
    let mut in_buffer = false;
    for (digit, count) in counts.iter().enumerate() {
        if count.contains(&data.len()) {
            continue;
        }
        let mut next = [0usize; 256];
        let mut sum = 0;
        for (slot, &c) in next.iter_mut().zip(count) {
            *slot = sum;
            sum += c;
        }
        let (source, target): (&[u32], &mut [u32]) = if in_buffer { (buffer, data) } else { (data, buffer) };
        for &value in source {
            let bucket = ((value >> (8 * digit)) & 0xFF) as usize;
            target[next[bucket]] = value;
            next[bucket] += 1;
        }
        in_buffer = !in_buffer;
    }
    if in_buffer {
        data.copy_from_slice(buffer);
    }
}
