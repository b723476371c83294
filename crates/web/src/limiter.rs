//! Sign-in attempts, limited: after [`MAX_FAILURES`] failures on a login, or
//! [`MAX_FAILURES_PER_ADDRESS`] from one client address, within [`WINDOW_SECONDS`], further
//! attempts are refused until the oldest failure leaves the window.
//!
//! An attempt is counted as a failure *before* its password is checked ([`LoginLimiter::
//! attempt`]) and taken back only when it succeeds: thirty wrong passwords sent at once cannot
//! all be checked while the first ones are still being hashed. Keys whose failures have left
//! the window are forgotten, and the number of keys is bounded, so that a flood of attempts
//! with made-up logins cannot fill the memory. Kept in memory: a restart forgets.

use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;

pub const MAX_FAILURES: usize = 5;
pub const MAX_FAILURES_PER_ADDRESS: usize = 20;
pub const WINDOW_SECONDS: i64 = 15 * 60;
/// The most keys kept: past it, forgotten keys are swept, then the stalest ones dropped.
pub const MAX_KEYS: usize = 100_000;
/// Forgotten keys are swept every this many attempts.
pub const SWEEP_EVERY: u64 = 1024;

/// Failed (or pending) attempts per login and per client address.
#[derive(Default)]
pub struct LoginLimiter {
    state: Mutex<State>,
}

#[derive(Default)]
struct State {
    failures: HashMap<String, VecDeque<i64>>,
    attempts: u64,
}

/// An attempt counted as failed until [`Attempt::succeeded`] takes it back.
#[must_use = "an attempt stays counted as failed unless it succeeds"]
pub struct Attempt {
    login: String,
    address: String,
    at: i64,
}

fn login_key(login: &str) -> String {
    format!("compte:{}", login.to_lowercase())
}

fn address_key(address: &str) -> String {
    format!("adresse:{address}")
}

fn drop_old(times: &mut VecDeque<i64>, now: i64) {
    while times.front().is_some_and(|t| now - t >= WINDOW_SECONDS) {
        times.pop_front();
    }
}

impl LoginLimiter {
    /// Counts an attempt on `login` from `address` at `now` as failed, unless the limit is
    /// reached: then the seconds to wait.
    pub fn attempt(&self, login: &str, address: &str, now: i64) -> Result<Attempt, i64> {
        let mut state = self.state.lock().expect("limiter lock");
        state.attempts += 1;
        if state.attempts.is_multiple_of(SWEEP_EVERY) || state.failures.len() + 2 > MAX_KEYS {
            sweep(&mut state.failures, now);
        }
        let failures = &mut state.failures;
        let keys =
            [(login_key(login), MAX_FAILURES), (address_key(address), MAX_FAILURES_PER_ADDRESS)];
        let wait = keys
            .iter()
            .filter_map(|(key, max)| {
                let times = failures.get_mut(key)?;
                drop_old(times, now);
                (times.len() >= *max).then(|| times[times.len() - max] + WINDOW_SECONDS - now)
            })
            .max();
        if let Some(wait) = wait {
            return Err(wait.max(1));
        }
        for (key, max) in keys {
            let times = failures.entry(key).or_default();
            times.push_back(now);
            // Only the `max` newest failures decide a wait.
            while times.len() > max {
                times.pop_front();
            }
        }
        Ok(Attempt { login: login.to_owned(), address: address.to_owned(), at: now })
    }

    /// How many keys are kept (for tests of the sweep).
    pub fn keys(&self) -> usize {
        self.state.lock().expect("limiter lock").failures.len()
    }
}

/// Forgets the keys whose failures have all left the window; if that is not enough, the keys
/// whose newest failure is the oldest, down to three quarters of [`MAX_KEYS`].
fn sweep(failures: &mut HashMap<String, VecDeque<i64>>, now: i64) {
    failures.retain(|_, times| {
        drop_old(times, now);
        !times.is_empty()
    });
    if failures.len() + 2 > MAX_KEYS {
        let mut newest: Vec<(i64, String)> =
            failures.iter().map(|(k, t)| (t.back().copied().unwrap_or(0), k.clone())).collect();
        newest.sort_unstable();
        let excess = failures.len() - MAX_KEYS * 3 / 4;
        for (_, key) in newest.into_iter().take(excess) {
            failures.remove(&key);
        }
    }
}

impl Attempt {
    /// The password was right: this attempt is no failure, and the login's failures are
    /// forgotten.
    pub fn succeeded(self, limiter: &LoginLimiter) {
        let mut state = limiter.state.lock().expect("limiter lock");
        let failures = &mut state.failures;
        failures.remove(&login_key(&self.login));
        let key = address_key(&self.address);
        if let Some(times) = failures.get_mut(&key) {
            if let Some(i) = times.iter().rposition(|t| *t == self.at) {
                times.remove(i);
            }
            if times.is_empty() {
                failures.remove(&key);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fail(limiter: &LoginLimiter, login: &str, address: &str, now: i64) -> Result<(), i64> {
        limiter.attempt(login, address, now).map(drop)
    }

    #[test]
    fn a_login_is_blocked_after_five_failures_until_the_window_passes() {
        let limiter = LoginLimiter::default();
        for i in 0..MAX_FAILURES as i64 {
            assert_eq!(fail(&limiter, "agent", "10.0.0.1", 1000 + i), Ok(()));
        }
        assert_eq!(fail(&limiter, "Agent", "10.0.0.2", 1010), Err(WINDOW_SECONDS - 10));
        assert_eq!(fail(&limiter, "autre", "10.0.0.1", 1010), Ok(()));
        assert_eq!(fail(&limiter, "agent", "10.0.0.1", 1000 + WINDOW_SECONDS), Ok(()));
    }

    #[test]
    fn an_address_is_blocked_after_twenty_failures_on_any_logins() {
        let limiter = LoginLimiter::default();
        for i in 0..MAX_FAILURES_PER_ADDRESS {
            assert_eq!(fail(&limiter, &format!("compte{i}"), "10.0.0.9", 500), Ok(()));
        }
        assert_eq!(fail(&limiter, "nouveau", "10.0.0.9", 600), Err(WINDOW_SECONDS - 100));
        assert_eq!(fail(&limiter, "nouveau", "10.0.0.8", 600), Ok(()));
    }

    #[test]
    fn attempts_count_before_their_outcome_and_success_takes_one_back() {
        let limiter = LoginLimiter::default();
        // Five attempts under way at once: the sixth is refused before any is checked.
        let pending: Vec<Attempt> = (0..MAX_FAILURES)
            .map(|_| limiter.attempt("agent", "10.0.0.1", 0).expect("allowed"))
            .collect();
        assert!(limiter.attempt("agent", "10.0.0.1", 0).is_err());
        let mut pending = pending.into_iter();
        pending.next().expect("one").succeeded(&limiter);
        assert!(limiter.attempt("agent", "10.0.0.3", 1).is_ok(), "the login is forgotten");
        // The address keeps the other four failures, not the one that succeeded.
        for _ in 0..MAX_FAILURES_PER_ADDRESS - 4 {
            assert!(limiter.attempt(&format!("x{}", limiter.keys()), "10.0.0.1", 2).is_ok());
        }
        assert!(limiter.attempt("y", "10.0.0.1", 2).is_err(), "twenty failures counted");
    }

    #[test]
    fn old_keys_are_forgotten_and_the_keys_stay_bounded() {
        let limiter = LoginLimiter::default();
        for i in 0..1000 {
            let _ =
                limiter.attempt(&format!("login{i}"), &format!("10.0.{}.{}", i / 256, i % 256), 0);
        }
        assert_eq!(limiter.keys(), 2000);
        for _ in 0..SWEEP_EVERY {
            let _ = limiter.attempt("agent", "10.9.9.9", WINDOW_SECONDS + 1);
        }
        assert_eq!(limiter.keys(), 2, "only the keys of the window are kept");
        for i in 0..MAX_KEYS {
            let _ = limiter.attempt(
                &format!("x{i}"),
                &format!("10.{}.{}.{}", i / 65536, i / 256 % 256, i % 256),
                5,
            );
            assert!(limiter.keys() <= MAX_KEYS);
        }
    }
}
