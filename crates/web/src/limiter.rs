//! Login attempts, limited: after [`MAX_FAILURES`] failed attempts on a login, or
//! [`MAX_FAILURES_PER_ADDRESS`] from one address, within [`WINDOW_SECONDS`], further attempts
//! are refused until the oldest failure leaves the window. Kept in memory: a restart forgets.

use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;

pub const MAX_FAILURES: usize = 5;
pub const MAX_FAILURES_PER_ADDRESS: usize = 20;
pub const WINDOW_SECONDS: i64 = 15 * 60;

/// Failed attempts per login and per client address.
#[derive(Default)]
pub struct LoginLimiter {
    failures: Mutex<HashMap<String, VecDeque<i64>>>,
}

fn login_key(login: &str) -> String {
    format!("compte:{}", login.to_lowercase())
}

fn address_key(address: &str) -> String {
    format!("adresse:{address}")
}

impl LoginLimiter {
    /// `None` when an attempt may be made now; otherwise the seconds to wait.
    pub fn wait(&self, login: &str, address: &str, now: i64) -> Option<i64> {
        let mut failures = self.failures.lock().expect("limiter lock");
        [(login_key(login), MAX_FAILURES), (address_key(address), MAX_FAILURES_PER_ADDRESS)]
            .into_iter()
            .filter_map(|(key, max)| {
                let times = failures.get_mut(&key)?;
                while times.front().is_some_and(|t| now - t >= WINDOW_SECONDS) {
                    times.pop_front();
                }
                (times.len() >= max).then(|| times[times.len() - max] + WINDOW_SECONDS - now)
            })
            .max()
    }

    /// Records a failed attempt.
    pub fn failed(&self, login: &str, address: &str, now: i64) {
        let mut failures = self.failures.lock().expect("limiter lock");
        for key in [login_key(login), address_key(address)] {
            failures.entry(key).or_default().push_back(now);
        }
    }

    /// Forgets a login's failures after a successful attempt.
    pub fn succeeded(&self, login: &str) {
        self.failures.lock().expect("limiter lock").remove(&login_key(login));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_login_is_blocked_after_five_failures_until_the_window_passes() {
        let limiter = LoginLimiter::default();
        for i in 0..MAX_FAILURES as i64 {
            assert_eq!(limiter.wait("agent", "10.0.0.1", 1000 + i), None);
            limiter.failed("agent", "10.0.0.1", 1000 + i);
        }
        assert_eq!(limiter.wait("Agent", "10.0.0.2", 1010), Some(WINDOW_SECONDS - 10));
        assert_eq!(limiter.wait("autre", "10.0.0.1", 1010), None);
        assert_eq!(limiter.wait("agent", "10.0.0.1", 1000 + WINDOW_SECONDS), None);
    }

    #[test]
    fn an_address_is_blocked_after_twenty_failures_on_any_logins() {
        let limiter = LoginLimiter::default();
        for i in 0..MAX_FAILURES_PER_ADDRESS {
            limiter.failed(&format!("compte{i}"), "10.0.0.9", 500);
        }
        assert_eq!(limiter.wait("nouveau", "10.0.0.9", 600), Some(WINDOW_SECONDS - 100));
        assert_eq!(limiter.wait("nouveau", "10.0.0.8", 600), None);
    }

    #[test]
    fn success_forgets_the_login_failures() {
        let limiter = LoginLimiter::default();
        for _ in 0..MAX_FAILURES {
            limiter.failed("agent", "10.0.0.1", 0);
        }
        limiter.succeeded("agent");
        assert_eq!(limiter.wait("agent", "10.0.0.3", 1), None);
    }
}
