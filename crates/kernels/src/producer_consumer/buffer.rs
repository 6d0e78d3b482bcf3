//! The bounded buffer: a ring, its lock, and the `items` and `spaces` semaphores, or the wait
//! queue of a Condition on that lock, all kept in one monitor (a mutex and a condition variable
//! per thing waited for), so the watchdog can read a consistent picture of who holds what and
//! who waits for what.
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
    /// A notify on the Condition: the thread found the buffer full (a producer) or empty (a
    /// consumer), gave the lock back and sleeps in the Condition's queue.
    Notify,
}

/// Whom a notify on the Condition wakes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Wake {
    /// The longest waiting thread, whatever it waits for (Python's `notify()`).
    One,
    /// Every waiting thread (`notify_all()`).
    All,
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
    /// The Condition's waiting threads, longest waiting first.
    condition_queue: VecDeque<usize>,
    puts: u64,
    takes: u64,
    /// Takes that found the buffer empty and took nothing.
    empty_takes: usize,
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
    /// Per thread: its notify on the Condition, so a notify wakes exactly the threads it chose.
    notified: Vec<Condvar>,
    aborted: AtomicBool,
    names: Vec<ThreadName>,
    capacity: usize,
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
                condition_queue: VecDeque::with_capacity(threads),
                puts: 0,
                takes: 0,
                empty_takes: 0,
                occupancy: Vec::new(),
            }),
            lock_freed: Condvar::new(),
            item_posted: Condvar::new(),
            space_posted: Condvar::new(),
            notified: (0..threads).map(|_| Condvar::new()).collect(),
            aborted: AtomicBool::new(false),
            names,
            capacity,
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
        self.acquire_in(self.lock(), me, need)
    }

    fn acquire_in(&self, mut state: MutexGuard<'_, State>, me: usize, need: Need) -> Result<bool, Aborted> {
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
                Need::Notify => false,
            };
            if free {
                match need {
                    Need::Lock => state.lock_owner = Some(me),
                    Need::Item => state.items -= 1,
                    Need::Space => state.spaces -= 1,
                    Need::Notify => {}
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
        self.push(&mut state, slot, now_ms);
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
        let taken = self.pop(&mut state, now_ms).unwrap_or((Slot::Stop, state.takes));
        state.lock_owner = None;
        state.spaces += 1;
        self.lock_freed.notify_one();
        self.space_posted.notify_one();
        taken
    }

    /// With the Condition's lock held: whether the buffer is full (a producer's test) or empty
    /// (a consumer's).
    pub fn must_wait(&self, me: usize) -> bool {
        let state = self.lock();
        debug_assert_eq!(state.lock_owner, Some(me));
        match self.names[me].role {
            Role::Producer => state.ring.len() >= self.capacity,
            Role::Consumer => state.ring.is_empty(),
        }
    }

    /// `cond.wait()`: with the lock held, gives it back, sleeps in the Condition's queue until a
    /// notify picks this thread, then takes the lock again.
    pub fn wait(&self, me: usize) -> Result<(), Aborted> {
        let mut state = self.lock();
        debug_assert_eq!(state.lock_owner, Some(me));
        state.lock_owner = None;
        self.lock_freed.notify_one();
        state.needs[me] = Some(Need::Notify);
        state.condition_queue.push_back(me);
        while state.needs[me] == Some(Need::Notify) {
            if self.is_aborted() {
                state.condition_queue.retain(|&t| t != me);
                state.needs[me] = None;
                return Err(Aborted);
            }
            state = self.notified[me].wait(state).unwrap_or_else(PoisonError::into_inner);
        }
        self.acquire_in(state, me, Need::Lock).map(|_| ())
    }

    /// With the Condition's lock held: puts `slot` in, notifies, gives the lock back (the end
    /// of `with cond:`).
    pub fn put_and_notify(&self, me: usize, slot: Slot, now_ms: f64, wake: Wake) {
        let mut state = self.lock();
        debug_assert_eq!(state.lock_owner, Some(me));
        self.push(&mut state, slot, now_ms);
        self.notify(&mut state, wake);
        self.release(&mut state);
    }

    /// With the Condition's lock held: takes the oldest slot out, notifies, gives the lock back.
    /// An empty buffer (only a consumer that waited with `if` meets one) gives `None`: the take
    /// is counted, nothing is taken, and nobody is notified, as the `popleft()` that raised
    /// would leave the `with` block.
    pub fn take_and_notify(&self, me: usize, now_ms: f64, wake: Wake) -> Option<(Slot, u64)> {
        let mut state = self.lock();
        debug_assert_eq!(state.lock_owner, Some(me));
        let taken = self.pop(&mut state, now_ms);
        match taken {
            Some(_) => self.notify(&mut state, wake),
            None => state.empty_takes += 1,
        }
        self.release(&mut state);
        taken
    }

    fn notify(&self, state: &mut State, wake: Wake) {
        let woken = match wake {
            Wake::One => state.condition_queue.len().min(1),
            Wake::All => state.condition_queue.len(),
        };
        for t in state.condition_queue.drain(..woken) {
            // It now waits for the lock, which this thread still holds.
            state.needs[t] = Some(Need::Lock);
            self.notified[t].notify_one();
        }
    }

    fn release(&self, state: &mut State) {
        state.lock_owner = None;
        self.lock_freed.notify_one();
    }

    fn push(&self, state: &mut State, slot: Slot, now_ms: f64) {
        let slot = match slot {
            Slot::Item { id, .. } => Slot::Item { id, put: state.puts },
            Slot::Stop => Slot::Stop,
        };
        state.puts += 1;
        state.ring.push_back(slot);
        self.record(state, now_ms);
    }

    /// The oldest slot and its place in the order of all takes.
    fn pop(&self, state: &mut State, now_ms: f64) -> Option<(Slot, u64)> {
        let slot = state.ring.pop_front()?;
        let taken = state.takes;
        state.takes += 1;
        self.record(state, now_ms);
        Some((slot, taken))
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
        for condition in [&self.lock_freed, &self.item_posted, &self.space_posted].into_iter().chain(&self.notified) {
            condition.notify_all();
        }
    }

    fn condition(&self, need: Need) -> &Condvar {
        match need {
            Need::Lock => &self.lock_freed,
            Need::Item => &self.item_posted,
            Need::Space => &self.space_posted,
            Need::Notify => unreachable!("a notify is waited for in Buffer::wait"),
        }
    }

    pub fn is_aborted(&self) -> bool {
        self.aborted.load(Ordering::Relaxed)
    }

    pub fn all_done(&self) -> bool {
        self.lock().done.iter().all(|&d| d)
    }

    /// The occupancy samples and the count of empty takes.
    pub fn into_occupancy_and_empty_takes(self) -> (Vec<(f64, usize)>, usize) {
        let state = self.state.into_inner().unwrap_or_else(PoisonError::into_inner);
        (state.occupancy, state.empty_takes)
    }

    /// The threads of a deadlock, with what each waits for: found when every thread still
    /// running waits for something no running thread can give, in one consistent picture
    /// (nobody can change it, since only running threads change anything). With semaphores,
    /// the threads of the wait-for cycle in its order; on the Condition, every thread still
    /// running, each asleep in its queue (the lock is free, so nothing else can block them),
    /// in thread order: none of them is left to notify the others.
    pub fn deadlock(&self) -> Option<Vec<(usize, Need)>> {
        let state = self.lock();
        let live: Vec<usize> = (0..self.names.len()).filter(|&t| !state.done[t]).collect();
        let blocked = |t: usize| match state.needs[t] {
            Some(Need::Lock) => state.lock_owner.is_some_and(|owner| owner != t),
            Some(Need::Item) => state.items == 0,
            Some(Need::Space) => state.spaces == 0,
            Some(Need::Notify) => true,
            None => false,
        };
        if live.is_empty() || !live.iter().all(|&t| blocked(t)) {
            return None;
        }
        if live.iter().all(|&t| state.needs[t] == Some(Need::Notify)) {
            return Some(live.into_iter().map(|t| (t, Need::Notify)).collect());
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
                Some(Need::Notify) | None => None,
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
