//! The producer–consumer demo's URL parameters.

use super::{Bug, MAX_CAPACITY, MAX_CONSUMERS, MAX_ITEMS, MAX_PRODUCERS, MAX_WORK_US, SyncMethod};
use crate::params::{Checker, DEFAULT_SEED, DemoParams, Limits, group};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PcParams {
    pub producers: usize,
    pub consumers: usize,
    /// Slots of the buffer.
    pub capacity: usize,
    /// Items each producer makes.
    pub items: usize,
    /// CPU work to make one item, µs.
    pub produce_us: u32,
    /// CPU work to use one item, µs.
    pub consume_us: u32,
    pub seed: u64,
    pub sync: SyncMethod,
    /// Always one that [`Bug::fits`] `sync`: parsing falls back to none otherwise.
    pub bug: Bug,
}

impl PcParams {
    /// Every producer's and consumer's thread.
    pub fn threads(&self) -> usize {
        self.producers + self.consumers
    }

    /// Items made in all.
    pub fn total_items(&self) -> usize {
        self.producers * self.items
    }
}

impl DemoParams for PcParams {
    const KEYS: &'static [&'static str] =
        &["producers", "consumers", "capacity", "items", "produce", "consume", "seed", "sync", "bug"];
    /// A bug is a mistake in one version of the code: read it once `sync` is known.
    const LATE_KEYS: &'static [&'static str] = &["bug"];

    fn defaults(_limits: &Limits) -> Self {
        Self {
            producers: 2,
            consumers: 2,
            capacity: 8,
            items: 1000,
            produce_us: 200,
            consume_us: 200,
            seed: DEFAULT_SEED,
            sync: SyncMethod::Semaphores,
            bug: Bug::None,
        }
    }

    fn read(&mut self, key: &'static str, raw: &str, check: &mut Checker, _limits: &Limits) {
        let threads = |n: usize| format!("{n} would be too many threads for the page's pool of 17");
        match key {
            "producers" => self.producers = check.count(key, raw, self.producers, 1, MAX_PRODUCERS, threads),
            "consumers" => self.consumers = check.count(key, raw, self.consumers, 1, MAX_CONSUMERS, threads),
            "capacity" => {
                self.capacity = check.count(key, raw, self.capacity, 1, MAX_CAPACITY, |c| {
                    format!("capacity = {} slots is more than the buffer's views show", group(c))
                })
            }
            "items" => {
                self.items = check.count(key, raw, self.items, 1, MAX_ITEMS, |i| {
                    format!("items = {} per producer would take minutes", group(i))
                })
            }
            "produce" | "consume" => {
                let slot = if key == "produce" { &mut self.produce_us } else { &mut self.consume_us };
                let value = check.count(key, raw, *slot as usize, 0, MAX_WORK_US as usize, |us| {
                    format!("{key} = {} µs per item is too long", group(us))
                });
                *slot = u32::try_from(value).unwrap_or(MAX_WORK_US);
            }
            "seed" => self.seed = check.seed(key, raw, self.seed),
            "sync" => self.sync = check.choice(key, raw, self.sync, &SyncMethod::ALL, SyncMethod::name),
            "bug" => {
                let bug = check.choice(key, raw, self.bug, &Bug::ALL, Bug::name);
                self.bug = match bug.sync() {
                    Some(own) if own != self.sync => {
                        check.problem(
                            key,
                            format!(
                                "bug “{}” is a mistake in the {} version, and this run uses sync={}; add sync={} to see it. Using “none”.",
                                bug.name(),
                                own.name(),
                                self.sync.name(),
                                own.name()
                            ),
                        );
                        Bug::None
                    }
                    _ => bug,
                };
            }
            _ => {}
        }
    }

    fn to_query(&self) -> Vec<(&'static str, String)> {
        vec![
            ("producers", self.producers.to_string()),
            ("consumers", self.consumers.to_string()),
            ("capacity", self.capacity.to_string()),
            ("items", self.items.to_string()),
            ("produce", self.produce_us.to_string()),
            ("consume", self.consume_us.to_string()),
            ("seed", self.seed.to_string()),
            ("sync", self.sync.name().to_owned()),
            ("bug", self.bug.name().to_owned()),
        ]
    }
}
