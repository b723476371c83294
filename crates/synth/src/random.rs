//! Random draws used by the generator, all from one seeded generator so that a seed always
//! gives the same territory.

use rand::Rng;
use rand_chacha::ChaCha8Rng;
use time::{Date, Duration};

pub type Rand = ChaCha8Rng;

/// A fixed discrete distribution, drawn by binary search on cumulative weights.
#[derive(Debug, Clone)]
pub struct Weighted {
    cumulative: Vec<f64>,
}

impl Weighted {
    pub fn new(weights: impl IntoIterator<Item = f64>) -> Self {
        let mut total = 0.0;
        let cumulative = weights
            .into_iter()
            .map(|w| {
                total += w.max(0.0);
                total
            })
            .collect();
        Weighted { cumulative }
    }

    pub fn len(&self) -> usize {
        self.cumulative.len()
    }

    pub fn is_empty(&self) -> bool {
        self.cumulative.is_empty()
    }

    /// The index drawn.
    pub fn draw(&self, rng: &mut Rand) -> usize {
        let total = *self.cumulative.last().expect("a distribution has at least one weight");
        let x = rng.random::<f64>() * total;
        self.cumulative.partition_point(|&c| c <= x).min(self.cumulative.len() - 1)
    }
}

/// Picks one of `items` with the given weights.
pub fn pick<T: Copy>(rng: &mut Rand, items: &[(T, f64)]) -> T {
    let x = rng.random::<f64>() * items.iter().map(|(_, w)| w).sum::<f64>();
    let mut acc = 0.0;
    for (item, w) in items {
        acc += w;
        if x < acc {
            return *item;
        }
    }
    items.last().expect("at least one item").0
}

pub fn chance(rng: &mut Rand, p: f64) -> bool {
    rng.random::<f64>() < p
}

/// Exponential waiting time with the given yearly rate, in days.
pub fn exponential_days(rng: &mut Rand, rate_per_year: f64) -> i64 {
    let u: f64 = rng.random::<f64>().max(1e-12);
    (-u.ln() / rate_per_year * 365.25) as i64
}

/// A standard normal draw (Box–Muller).
pub fn normal(rng: &mut Rand) -> f64 {
    let u1: f64 = rng.random::<f64>().max(1e-12);
    let u2: f64 = rng.random();
    (-2.0 * u1.ln()).sqrt() * (std::f64::consts::TAU * u2).cos()
}

/// A day of the given year, uniformly.
pub fn day_in_year(rng: &mut Rand, year: i32) -> Date {
    let days = time::util::days_in_year(year);
    Date::from_ordinal_date(year, rng.random_range(1..=days)).expect("ordinal within the year")
}

/// `date` plus `days`.
pub fn plus_days(date: Date, days: i64) -> Date {
    date.saturating_add(Duration::days(days))
}
