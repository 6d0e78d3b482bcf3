//! The philosophers demo's URL parameters: a dinner.

use super::{DinnerConfig, MAX_ACTIVITY_MS, MAX_MEALS, MAX_PHILOSOPHERS, MIN_PHILOSOPHERS, Strategy};
use crate::params::{Checker, DEFAULT_SEED, DemoParams, Limits, group};

impl DemoParams for DinnerConfig {
    const KEYS: &'static [&'static str] =
        &["philosophers", "meals", "strategy", "force-deadlock", "seed", "think", "eat", "jitter"];

    fn defaults(_limits: &Limits) -> Self {
        DinnerConfig {
            philosophers: 5,
            meals: 20,
            strategy: Strategy::Ordered,
            force_deadlock: false,
            seed: DEFAULT_SEED,
            think_ms: 2,
            eat_ms: 2,
            jitter: true,
        }
    }

    fn read(&mut self, key: &'static str, raw: &str, check: &mut Checker, _limits: &Limits) {
        match key {
            "philosophers" => {
                self.philosophers = check.count(key, raw, self.philosophers, MIN_PHILOSOPHERS, MAX_PHILOSOPHERS, |n| {
                    format!("{n} philosophers would need {} threads at once", group(n + 1))
                })
            }
            "meals" => {
                self.meals = check.count(key, raw, self.meals, 1, MAX_MEALS, |m| {
                    format!("meals = {} is more meals than the page replays", group(m))
                })
            }
            "strategy" => self.strategy = check.choice(key, raw, self.strategy, &Strategy::ALL, Strategy::name),
            "force-deadlock" => self.force_deadlock = check.flag(key, raw, self.force_deadlock),
            "seed" => self.seed = check.seed(key, raw, self.seed),
            "think" | "eat" => {
                let slot = if key == "think" { &mut self.think_ms } else { &mut self.eat_ms };
                let value = check.count(key, raw, *slot as usize, 0, MAX_ACTIVITY_MS as usize, |ms| {
                    format!("{key} = {} ms is too long", group(ms))
                });
                *slot = u32::try_from(value).unwrap_or(MAX_ACTIVITY_MS);
            }
            "jitter" => self.jitter = check.flag(key, raw, self.jitter),
            _ => {}
        }
    }

    fn to_query(&self) -> Vec<(&'static str, String)> {
        let flag = |on: bool| if on { "1" } else { "0" }.to_owned();
        vec![
            ("philosophers", self.philosophers.to_string()),
            ("meals", self.meals.to_string()),
            ("strategy", self.strategy.name().to_owned()),
            ("force-deadlock", flag(self.force_deadlock)),
            ("seed", self.seed.to_string()),
            ("think", self.think_ms.to_string()),
            ("eat", self.eat_ms.to_string()),
            ("jitter", flag(self.jitter)),
        ]
    }
}
