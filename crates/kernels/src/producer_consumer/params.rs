//! The producer–consumer demo's URL parameters.

use super::{Bug, MAX_CAPACITY, MAX_CONSUMERS, MAX_ITEMS, MAX_PRODUCERS, MAX_WORK_US};
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
        &["producers", "consumers", "capacity", "items", "produce", "consume", "seed", "bug"];

    fn defaults(_limits: &Limits) -> Self {
        Self {
            producers: 2,
            consumers: 2,
            capacity: 8,
            items: 1000,
            produce_us: 200,
            consume_us: 200,
            seed: DEFAULT_SEED,
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
            "bug" => self.bug = check.choice(key, raw, self.bug, &Bug::ALL, Bug::name),
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
            ("bug", self.bug.name().to_owned()),
        ]
    }
}
