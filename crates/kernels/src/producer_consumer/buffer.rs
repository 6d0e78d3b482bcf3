//! The bounded buffer: a ring, its lock, and the `items` and `spaces` semaphores, all kept in
//! one monitor (a mutex and a condition variable per thing waited for), so the watchdog can read
//! a consistent picture of who holds what and who waits for what.
//!
//! The lock is a real lock that a thread takes and later gives back; holding it is what the
//! `hold-lock` bug gets wrong. Every wait can be abandoned (Cancel, or the watchdog after a
//! deadlock), which `std::sync::Mutex` and a semaphore built on it would not allow.

use std::collections::VecDeque;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Condvar, Mutex, MutexGuard, PoisonError};

use crate::philosophers::wait_for::find_cycle;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    Producer,
    Consumer,
}

/// A producer or consumer thread: `p0`, `c1`, …
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ThreadName {
    pub role: Role,
    pub index: usize,
}

impl ThreadName {
    pub fn label(self) -> String {
        format!("{}{}", if self.role == Role::Producer { 'p' } else { 'c' }, self.index)
    }
}

/// What a thread waits for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Need {
    Lock,
    /// A filled slot (the `items` semaphore).
    Item,
    /// A free slot (the `spaces` semaphore).
    Space,
}

/// What a slot holds: an item (its number, and its place in the order of all puts), or the
/// termination value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Slot {
    Item { id: usize, put: u64 },
    Stop,
}

/// The waits were abandoned: Cancel, or a deadlock.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Aborted;

struct State {
    ring: VecDeque<Slot>,
    items: usize,
    spaces: usize,
    lock_owner: Option<usize>,
    /// Per thread (producers first, then consumers).
    needs: Vec<Option<Need>>,
    done: Vec<bool>,
    puts: u64,
    takes: u64,
    /// (ms, slots filled), after each put and take, up to a cap.
    occupancy: Vec<(f64, usize)>,
}

pub struct Buffer {
    state: Mutex<State>,
    /// One condition per thing waited for, so a put wakes one thread that waits for an item
    /// (and one for the lock), not every thread: in a browser each needless wake-up of a Web
    /// Worker costs more than the work of a small item.
    lock_freed: Condvar,
    item_posted: Condvar,
    space_posted: Condvar,
    aborted: AtomicBool,
    names: Vec<ThreadName>,
    occupancy_cap: usize,
}

impl Buffer {
    pub fn new(capacity: usize, producers: usize, consumers: usize, occupancy_cap: usize) -> Self {
        let names = (0..producers)
            .map(|index| ThreadName { role: Role::Producer, index })
            .chain((0..consumers).map(|index| ThreadName { role: Role::Consumer, index }))
            .collect::<Vec<_>>();
        let threads = names.len();
        Self {
            state: Mutex::new(State {
                ring: VecDeque::with_capacity(capacity),
                items: 0,
                spaces: capacity,
                lock_owner: None,
                needs: vec![None; threads],
                done: vec![false; threads],
                puts: 0,
                takes: 0,
                occupancy: Vec::new(),
            }),
            lock_freed: Condvar::new(),
            item_posted: Condvar::new(),
            space_posted: Condvar::new(),
            aborted: AtomicBool::new(false),
            names,
            occupancy_cap,
        }
    }

    pub fn names(&self) -> &[ThreadName] {
        &self.names
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Takes the lock or one unit of a semaphore for thread `me`, waiting as long as needed;
    /// `Ok(true)` if it had to wait.
    pub fn acquire(&self, me: usize, need: Need) -> Result<bool, Aborted> {
        let mut state = self.lock();
        let mut waited = false;
        loop {
            if self.is_aborted() {
                state.needs[me] = None;
                return Err(Aborted);
            }
            let free = match need {
                Need::Lock => state.lock_owner.is_none(),
                Need::Item => state.items > 0,
                Need::Space => state.spaces > 0,
            };
            if free {
                match need {
                    Need::Lock => state.lock_owner = Some(me),
                    Need::Item => state.items -= 1,
                    Need::Space => state.spaces -= 1,
                }
                state.needs[me] = None;
                return Ok(waited);
            }
            state.needs[me] = Some(need);
            waited = true;
            state = self.condition(need).wait(state).unwrap_or_else(PoisonError::into_inner);
        }
    }

    /// With the lock held: puts `slot` in, gives the lock back and posts `items`.
    pub fn put(&self, me: usize, slot: Slot, now_ms: f64) {
        let mut state = self.lock();
        debug_assert_eq!(state.lock_owner, Some(me));
        let slot = match slot {
            Slot::Item { id, .. } => Slot::Item { id, put: state.puts },
            Slot::Stop => Slot::Stop,
        };
        state.puts += 1;
        state.ring.push_back(slot);
        self.record(&mut state, now_ms);
        state.lock_owner = None;
        state.items += 1;
        self.lock_freed.notify_one();
        self.item_posted.notify_one();
    }

    /// With the lock held: takes the oldest slot out, gives the lock back and posts `spaces`.
    /// Returns the slot and its place in the order of all takes.
    pub fn take(&self, me: usize, now_ms: f64) -> (Slot, u64) {
        let mut state = self.lock();
        debug_assert_eq!(state.lock_owner, Some(me));
        let slot = state.ring.pop_front().unwrap_or(Slot::Stop);
        let taken = state.takes;
        state.takes += 1;
        self.record(&mut state, now_ms);
        state.lock_owner = None;
        state.spaces += 1;
        self.lock_freed.notify_one();
        self.space_posted.notify_one();
        (slot, taken)
    }

    fn record(&self, state: &mut State, now_ms: f64) {
        if state.occupancy.len() < self.occupancy_cap {
            let filled = state.ring.len();
            state.occupancy.push((now_ms, filled));
        }
    }

    pub fn finish(&self, me: usize) {
        let mut state = self.lock();
        state.done[me] = true;
        state.needs[me] = None;
    }

    pub fn abort(&self) {
        let _state = self.lock();
        self.aborted.store(true, Ordering::SeqCst);
        for condition in [&self.lock_freed, &self.item_posted, &self.space_posted] {
            condition.notify_all();
        }
    }

    fn condition(&self, need: Need) -> &Condvar {
        match need {
            Need::Lock => &self.lock_freed,
            Need::Item => &self.item_posted,
            Need::Space => &self.space_posted,
        }
    }

    pub fn is_aborted(&self) -> bool {
        self.aborted.load(Ordering::Relaxed)
    }

    pub fn all_done(&self) -> bool {
        self.lock().done.iter().all(|&d| d)
    }

    pub fn into_occupancy(self) -> Vec<(f64, usize)> {
        self.state.into_inner().unwrap_or_else(PoisonError::into_inner).occupancy
    }

    /// The threads of a deadlock, in wait-for order, with what each waits for: found when every
    /// thread still running waits for something no running thread can give, in one consistent
    /// picture (nobody can change it, since only running threads change anything).
    pub fn deadlock(&self) -> Option<Vec<(usize, Need)>> {
        let state = self.lock();
        let live: Vec<usize> = (0..self.names.len()).filter(|&t| !state.done[t]).collect();
        let blocked = |t: usize| match state.needs[t] {
            Some(Need::Lock) => state.lock_owner.is_some_and(|owner| owner != t),
            Some(Need::Item) => state.items == 0,
            Some(Need::Space) => state.spaces == 0,
            None => false,
        };
        if live.is_empty() || !live.iter().all(|&t| blocked(t)) {
            return None;
        }
        // Who could end a wait for an item (a space): a producer (consumer) that waits for the
        // lock, holding what it will put in (free); else any producer (consumer) still running.
        let could_post = |role: Role| {
            let of_role = || live.iter().copied().filter(move |&t| self.names[t].role == role);
            of_role().find(|&t| state.needs[t] == Some(Need::Lock)).or_else(|| of_role().next())
        };
        let edges: Vec<Option<usize>> = (0..self.names.len())
            .map(|t| match state.needs[t] {
                _ if state.done[t] => None,
                Some(Need::Lock) => state.lock_owner,
                Some(Need::Item) => could_post(Role::Producer),
                Some(Need::Space) => could_post(Role::Consumer),
                None => None,
            })
            .collect();
        let cycle = find_cycle(&edges)?;
        Some(cycle.into_iter().map(|t| (t, state.needs[t].unwrap_or(Need::Lock))).collect())
    }

    /// Who holds the lock now.
    pub fn lock_owner(&self) -> Option<usize> {
        self.lock().lock_owner
    }
}
