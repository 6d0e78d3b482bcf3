//! What a page can hold: the threads of its pool and the wasm memory the browser granted it.
//!
//! parlab's build asks for a 2 GiB memory; a browser short of memory (phones) may grant only a
//! smaller one. Every size limit follows the memory obtained, so a run the page allows always
//! fits.

use std::num::NonZeroUsize;

use super::checker::bytes;

/// The most workers a page starts for its compute demos: more only cost memory (2 MiB of stack
/// each, never returned) and start-up.
pub const MAX_POOL_SIZE: usize = 32;

/// How many threads per core map and sort accept: enough to show that threads past the cores
/// do not help.
pub const OVERSUBSCRIPTION: usize = 4;

/// The most threads a page starts, however many it is asked for.
pub const MAX_OVERSUBSCRIBED_THREADS: usize = 64;

/// The fewest threads the race and barrier demos start with: on one thread nothing races and
/// nothing waits at a barrier.
pub const MIN_LESSON_THREADS: usize = 2;

/// The memory parlab's build declares as its maximum.
pub const FULL_MEMORY_BYTES: u64 = 2 << 30;

/// Memory kept free of a run's data: the workers' stacks (2 MiB each, up to 32), the
/// allocator's slack, and the UI's own objects.
pub const MEMORY_RESERVE_BYTES: u64 = 192 << 20;

/// What one pool worker costs in wasm memory (its 2 MiB stack and its thread-local storage),
/// never returned.
pub const WORKER_BYTES: u64 = (2 << 20) + (64 << 10);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// One thread per logical core: the pool of a compute page, unless a demo asks for more
    /// (philosophers, pipeline, an oversubscribed map or sort).
    pub max_threads: NonZeroUsize,
    /// The maximum size of the page's wasm memory, in bytes.
    pub memory_bytes: u64,
    /// How many threads this device ran at full speed at once when it was measured
    /// ([`crate::parallelism`]): shown beside the results and in the banner, never used for a
    /// default (a busy second must not turn the default k into 1).
    pub measured_parallelism: Option<NonZeroUsize>,
}

impl From<NonZeroUsize> for Limits {
    /// A pool of `max_threads` and the full memory.
    fn from(max_threads: NonZeroUsize) -> Self {
        Limits { max_threads, memory_bytes: FULL_MEMORY_BYTES, measured_parallelism: None }
    }
}

impl Limits {
    /// The most any page can have: the largest pool and the full memory. A link checked
    /// against these (as the course book's are) is valid on some device; a smaller one clamps it.
    pub fn largest() -> Self {
        Limits {
            max_threads: NonZeroUsize::new(MAX_POOL_SIZE).unwrap_or(NonZeroUsize::MIN),
            memory_bytes: FULL_MEMORY_BYTES,
            measured_parallelism: None,
        }
    }

    /// The thread count a page starts with: the whole compute pool, one thread per core the
    /// device reports. The measured parallelism never lowers it: measured on a busy machine it
    /// reads about 1, and the page's lesson (k threads against one) would be gone.
    pub fn default_threads(&self) -> NonZeroUsize {
        self.max_threads
    }

    /// The default and the most threads of a demo whose lesson needs two threads at least (race,
    /// barrier): the pool, and never fewer than [`MIN_LESSON_THREADS`]. On a one-core device the
    /// two take turns, and an update can still be lost between a read and its write.
    pub fn lesson_threads(&self) -> NonZeroUsize {
        self.max_threads.max(NonZeroUsize::MIN.saturating_add(MIN_LESSON_THREADS - 1))
    }

    /// The most threads map and sort accept: [`OVERSUBSCRIPTION`] per core, at most
    /// [`MAX_OVERSUBSCRIBED_THREADS`] and as many as the memory holds the stacks of. The page
    /// starts a pool that large only when asked for it.
    pub fn max_oversubscribed_threads(&self) -> NonZeroUsize {
        let most = (self.max_threads.get() * OVERSUBSCRIPTION)
            .min(MAX_OVERSUBSCRIBED_THREADS)
            .min(Self::max_compute_threads(self.memory_bytes));
        NonZeroUsize::new(most).unwrap_or(NonZeroUsize::MIN).max(self.max_threads)
    }

    /// The largest n whose data (`bytes_per_element` each) fits in this memory, and at most
    /// `demo_max`.
    pub fn max_n(&self, demo_max: usize, bytes_per_element: usize) -> usize {
        let usable = self.memory_bytes.saturating_sub(MEMORY_RESERVE_BYTES);
        let fits = usable / (bytes_per_element.max(1) as u64);
        demo_max.min(usize::try_from(fits).unwrap_or(usize::MAX))
    }

    /// Whether the browser granted less than the build asks for.
    pub fn is_reduced(&self) -> bool {
        self.memory_bytes < FULL_MEMORY_BYTES
    }

    /// The most compute workers worth starting in this memory: their stacks take at most an
    /// eighth of it.
    pub fn max_compute_threads(memory_bytes: u64) -> usize {
        usize::try_from(memory_bytes / 8 / WORKER_BYTES).unwrap_or(usize::MAX).max(1)
    }

    /// “n = … would need … of memory”, and when the memory is reduced, that it is more than
    /// this browser gave.
    pub fn too_large_n(&self, n: usize, bytes_per_element: usize) -> String {
        let need = format!(
            "n = {} would need {} of memory ({bytes_per_element} bytes per element)",
            super::group(n),
            bytes(n.saturating_mul(bytes_per_element))
        );
        if self.is_reduced() {
            format!("{need}, more than fits in the {} MiB of memory this browser gave parlab", self.memory_bytes >> 20)
        } else {
            need
        }
    }
}
