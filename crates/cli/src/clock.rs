//! The binary's edge: the one reading of the system clock, given to every command and to the
//! server as their [`Clock`].

use logis_domain::Clock;
use time::OffsetDateTime;

/// The computer's clock (UTC).
pub struct SystemClock;

impl Clock for SystemClock {
    #[allow(clippy::disallowed_methods, reason = "the binary's edge reads the system clock")]
    fn now(&self) -> OffsetDateTime {
        OffsetDateTime::now_utc()
    }
}
