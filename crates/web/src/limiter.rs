//! Sign-in attempts, limited: after [`MAX_FAILURES`] failures on a login, or
//! [`MAX_FAILURES_PER_ADDRESS`] from one client address, within [`WINDOW_SECONDS`], further
//! attempts are refused until the oldest failure leaves the window.
//!
//! An attempt is counted as a failure *before* its password is checked ([`LoginLimiter::
//! attempt`]) and taken back only when it succeeds: thirty wrong passwords sent at once cannot
//! all be checked while the first ones are still being hashed. Keys whose failures have left
//! the window are forgotten, and the number of keys is bounded, so that a flood of attempts
//! with made-up logins cannot fill the memory; logins and addresses are kept apart, so that a
//! flood of one kind never pushes the other out. An IPv6 client is one /64 network (what one
//! subscriber gets). Kept in memory: a restart forgets.

use std::collections::{HashMap, VecDeque};
use std::net::IpAddr;
use std::sync::Mutex;

pub const MAX_FAILURES: usize = 5;
pub const MAX_FAILURES_PER_ADDRESS: usize = 20;
pub const WINDOW_SECONDS: i64 = 15 * 60;
/// The most keys kept of each kind (logins, addresses): past it, forgotten keys are swept,
/// then the stalest ones dropped.
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
    logins: HashMap<String, VecDeque<i64>>,
    addresses: HashMap<String, VecDeque<i64>>,
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
    login.to_lowercase()
}

/// An address, or its /64 network for IPv6 (an IPv4 address mapped in IPv6 is that IPv4).
fn address_key(address: &str) -> String {
    match address.parse::<IpAddr>() {
        Ok(IpAddr::V6(v6)) => match v6.to_ipv4_mapped() {
            Some(v4) => v4.to_string(),
            None => {
                let s = v6.segments();
                format!("{:x}:{:x}:{:x}:{:x}::/64", s[0], s[1], s[2], s[3])
            }
        },
        _ => address.to_owned(),
    }
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
        let sweep_now = state.attempts.is_multiple_of(SWEEP_EVERY);
        let State { logins, addresses, .. } = &mut *state;
        for failures in [&mut *logins, &mut *addresses] {
            if sweep_now || failures.len() + 1 > MAX_KEYS {
                sweep(failures, now);
            }
        }
        let keyed = [
            (logins, login_key(login), MAX_FAILURES),
            (addresses, address_key(address), MAX_FAILURES_PER_ADDRESS),
        ];
        let mut wait = None;
        for (failures, key, max) in &keyed {
            if let Some(times) = failures.get(key) {
                let recent: Vec<i64> =
                    times.iter().copied().filter(|t| now - t < WINDOW_SECONDS).collect();
                if recent.len() >= *max {
                    let until = recent[recent.len() - max] + WINDOW_SECONDS - now;
                    wait = wait.max(Some(until));
                }
            }
        }
        if let Some(wait) = wait {
            return Err(wait.max(1));
        }
        for (failures, key, max) in keyed {
            let times = failures.entry(key).or_default();
            drop_old(times, now);
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
        let state = self.state.lock().expect("limiter lock");
        state.logins.len() + state.addresses.len()
    }
}

/// Forgets the keys whose failures have all left the window; if that is not enough, the keys
/// whose newest failure is the oldest, down to three quarters of [`MAX_KEYS`].
fn sweep(failures: &mut HashMap<String, VecDeque<i64>>, now: i64) {
    failures.retain(|_, times| {
        drop_old(times, now);
        !times.is_empty()
    });
    if failures.len() + 1 > MAX_KEYS {
        let mut newest: Vec<(i64, String)> =
            failures.iter().map(|(k, t)| (t.back().copied().unwrap_or(0), k.clone())).collect();
        newest.sort_unstable();
        let excess = failures.len() - MAX_KEYS * 3 / 4;
        for (_, key) in newest.into_iter().take(excess) {
            failures.remove(&key);
        }
    }
}

/// Takes the failure at `at` back from `key`'s, forgetting the key when none is left.
fn take_back(failures: &mut HashMap<String, VecDeque<i64>>, key: &str, at: i64) {
    if let Some(times) = failures.get_mut(key) {
        if let Some(i) = times.iter().rposition(|t| *t == at) {
            times.remove(i);
        }
        if times.is_empty() {
            failures.remove(key);
        }
    }
}

impl Attempt {
    /// The password was right: this attempt is no failure, and the login's failures are
    /// forgotten.
    pub fn succeeded(self, limiter: &LoginLimiter) {
        let mut state = limiter.state.lock().expect("limiter lock");
        state.logins.remove(&login_key(&self.login));
        take_back(&mut state.addresses, &address_key(&self.address), self.at);
    }

    /// The password could not be checked (the server was too busy): this attempt is no
    /// failure.
    pub fn withdrawn(self, limiter: &LoginLimiter) {
        let mut state = limiter.state.lock().expect("limiter lock");
        take_back(&mut state.logins, &login_key(&self.login), self.at);
        take_back(&mut state.addresses, &address_key(&self.address), self.at);
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
    fn an_ipv6_client_is_its_network() {
        let limiter = LoginLimiter::default();
        for i in 0..MAX_FAILURES_PER_ADDRESS {
            let address = format!("2001:db8:1:2:{i:x}::1");
            assert_eq!(fail(&limiter, &format!("compte{i}"), &address, 500), Ok(()));
        }
        assert!(fail(&limiter, "nouveau", "2001:db8:1:2:ffff::9", 600).is_err(), "same /64");
        assert_eq!(fail(&limiter, "nouveau", "2001:db8:1:3::9", 600), Ok(()), "another /64");
        assert_eq!(address_key("::ffff:192.0.2.1"), "192.0.2.1");
    }

    #[test]
    fn a_withdrawn_attempt_is_no_failure() {
        let limiter = LoginLimiter::default();
        for _ in 0..MAX_FAILURES {
            limiter.attempt("agent", "10.0.0.1", 0).expect("allowed").withdrawn(&limiter);
        }
        assert!(limiter.attempt("agent", "10.0.0.1", 0).is_ok());
        assert_eq!(limiter.keys(), 2);
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
            assert!(limiter.keys() <= 2 * MAX_KEYS, "at most MAX_KEYS of each kind");
        }
    }
}
