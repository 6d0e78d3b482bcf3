//! The threads' own code: a producer and a consumer on semaphores and a lock (the course's
//! version), and both on one Condition, each with the bugs the demo can switch on.

use std::sync::{Mutex, PoisonError};

use super::buffer::{Aborted, Buffer, Need, Slot, Wake};
use super::lanes::LaneRecorder;
use super::{Bug, PcParams, item_id, work_us};
use crate::control::RunControl;
use crate::philosophers::Work;

pub(super) fn produce(
    params: &PcParams,
    producer: usize,
    buffer: &Buffer,
    work: &Work,
    lane: &mut LaneRecorder,
    last_producer: &Mutex<usize>,
) -> Result<usize, Aborted> {
    let me = producer;
    for index in 0..params.items {
        if !lane.work(work, work_us(params, producer, index, true), buffer) {
            return Err(Aborted);
        }
        lane.acquire(buffer, me, Need::Space)?;
        lane.acquire(buffer, me, Need::Lock)?;
        buffer.put(me, Slot::Item { id: item_id(params, producer, index), put: 0 }, lane.now());
    }
    // The last producer to finish gives every consumer its termination value.
    let last = {
        let mut left = last_producer.lock().unwrap_or_else(PoisonError::into_inner);
        *left -= 1;
        *left == 0
    };
    if last {
        for _ in 0..params.consumers {
            lane.acquire(buffer, me, Need::Space)?;
            lane.acquire(buffer, me, Need::Lock)?;
            buffer.put(me, Slot::Stop, lane.now());
        }
    }
    Ok(params.items)
}

/// The producer on the Condition: `with cond: while full: cond.wait()`, put, `cond.notify_all()`
/// (`notify()` with the notify-one bug).
pub(super) fn produce_with_condition(
    params: &PcParams,
    producer: usize,
    buffer: &Buffer,
    work: &Work,
    lane: &mut LaneRecorder,
    last_producer: &Mutex<usize>,
) -> Result<usize, Aborted> {
    let me = producer;
    let wake = if params.bug == Bug::NotifyOne { Wake::One } else { Wake::All };
    let put = |lane: &mut LaneRecorder, slot: Slot| {
        lane.acquire(buffer, me, Need::Lock)?;
        while buffer.must_wait(me) {
            lane.wait(buffer, me)?;
        }
        buffer.put_and_notify(me, slot, lane.now(), wake);
        Ok(())
    };
    for index in 0..params.items {
        if !lane.work(work, work_us(params, producer, index, true), buffer) {
            return Err(Aborted);
        }
        put(lane, Slot::Item { id: item_id(params, producer, index), put: 0 })?;
    }
    let last = {
        let mut left = last_producer.lock().unwrap_or_else(PoisonError::into_inner);
        *left -= 1;
        *left == 0
    };
    if last {
        for _ in 0..params.consumers {
            put(lane, Slot::Stop)?;
        }
    }
    Ok(params.items)
}

pub(super) fn consume(
    params: &PcParams,
    me: usize,
    buffer: &Buffer,
    work: &Work,
    lane: &mut LaneRecorder,
    control: &RunControl,
    used: &mut Vec<(usize, u64, u64)>,
) -> Result<usize, Aborted> {
    loop {
        if params.bug == Bug::HoldLock {
            // The bug: the lock first, then the wait for an item, holding the lock.
            lane.acquire(buffer, me, Need::Lock)?;
            lane.acquire(buffer, me, Need::Item)?;
        } else {
            lane.acquire(buffer, me, Need::Item)?;
            lane.acquire(buffer, me, Need::Lock)?;
        }
        let (slot, taken) = buffer.take(me, lane.now());
        let Slot::Item { id, put } = slot else { return Ok(used.len()) };
        used.push((id, put, taken));
        let (producer, index) = (id / params.items, id % params.items);
        if !lane.work(work, work_us(params, producer, index, false), buffer) {
            return Err(Aborted);
        }
        control.advance(1);
    }
}

/// The consumer on the Condition: `with cond: while empty: cond.wait()`, take,
/// `cond.notify_all()`; with if-wait `if empty:`, so a take may find the buffer empty: it takes
/// nothing (counted by the buffer) and the consumer goes round again.
pub(super) fn consume_with_condition(
    params: &PcParams,
    me: usize,
    buffer: &Buffer,
    work: &Work,
    lane: &mut LaneRecorder,
    control: &RunControl,
    used: &mut Vec<(usize, u64, u64)>,
) -> Result<usize, Aborted> {
    let wake = if params.bug == Bug::NotifyOne { Wake::One } else { Wake::All };
    loop {
        lane.acquire(buffer, me, Need::Lock)?;
        if params.bug == Bug::IfWait {
            if buffer.must_wait(me) {
                lane.wait(buffer, me)?;
            }
        } else {
            while buffer.must_wait(me) {
                lane.wait(buffer, me)?;
            }
        }
        let Some((slot, taken)) = buffer.take_and_notify(me, lane.now(), wake) else { continue };
        let Slot::Item { id, put } = slot else { return Ok(used.len()) };
        used.push((id, put, taken));
        let (producer, index) = (id / params.items, id % params.items);
        if !lane.work(work, work_us(params, producer, index, false), buffer) {
            return Err(Aborted);
        }
        control.advance(1);
    }
}
