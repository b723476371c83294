//! Password checks at sign-in, a few at a time: Argon2 takes tens of milliseconds of a core and
//! some memory, so at most as many run at once as the machine has cores. A flood of sign-ins
//! waits in line, and past [`MAX_WAIT`] is refused as crowded, instead of taking every core
//! from the users already signed in.

use logis_access::password;
use std::time::Duration;
use tokio::sync::Semaphore;

/// The longest a sign-in waits for its turn.
pub const MAX_WAIT: Duration = Duration::from_secs(5);

/// The server was too busy to check the password in time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Crowded;

pub struct HashingGate {
    turns: Semaphore,
    wait: Duration,
}

impl Default for HashingGate {
    fn default() -> Self {
        let cores = std::thread::available_parallelism().map_or(2, usize::from);
        HashingGate { turns: Semaphore::new(cores), wait: MAX_WAIT }
    }
}

impl HashingGate {
    /// Whether `typed` is the password of `hash`, checked off the request threads when its
    /// turn comes.
    pub async fn verify(&self, typed: String, hash: String) -> Result<bool, Crowded> {
        let turn = tokio::time::timeout(self.wait, self.turns.acquire())
            .await
            .map_err(|_| Crowded)?
            .map_err(|_| Crowded)?;
        let valid = tokio::task::spawn_blocking(move || password::verify(&typed, &hash))
            .await
            .unwrap_or(false);
        drop(turn);
        Ok(valid)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_sign_in_that_waits_too_long_is_refused_as_crowded() {
        let gate = HashingGate { turns: Semaphore::new(1), wait: Duration::from_millis(50) };
        let hash = password::hash("un mot de passe").expect("hash");
        let held = gate.turns.acquire().await.expect("the only turn");
        let refused = gate.verify("un mot de passe".into(), hash.clone()).await;
        assert_eq!(refused, Err(Crowded), "no turn within the wait");
        drop(held);
        assert_eq!(gate.verify("un mot de passe".into(), hash.clone()).await, Ok(true));
        assert_eq!(gate.verify("un autre".into(), hash).await, Ok(false));
    }
}
