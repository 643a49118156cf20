//! Per-account throttling of failed logins (NIST SP 800-63B §5.2.2): the first few
//! failures are free, then each one doubles the wait (2 s, 4 s, … up to 15 minutes),
//! and after 100 consecutive failures the account's password login is locked until an
//! administrator unlocks it. Kept per normalized email whether or not an account exists,
//! in the database, so it holds across nodes and reveals nothing.

use super::Idp;
use crate::error::{IdpError, Result};

/// Failures allowed before any delay.
pub const FREE_FAILURES: i64 = 3;
/// The longest delay between attempts.
pub const MAX_DELAY: i64 = 15 * 60;
/// Consecutive failures after which only an administrator can unlock.
pub const LOCKOUT_FAILURES: i64 = 100;

/// The wait after `failures` consecutive failures.
pub(crate) fn delay_after(failures: i64) -> i64 {
    if failures >= LOCKOUT_FAILURES {
        return i64::MAX / 4;
    }
    if failures <= FREE_FAILURES {
        return 0;
    }
    let exp = u32::try_from(failures - FREE_FAILURES)
        .unwrap_or(31)
        .min(31);
    (1i64 << exp).min(MAX_DELAY)
}

impl Idp {
    /// Refuses an attempt while the email is in a delay.
    pub(crate) async fn check_throttle(&self, email: &str, now: i64) -> Result<()> {
        match self.store().login_failures(email).await? {
            Some((_, until)) if until > now => Err(IdpError::Throttled {
                retry_after: until - now,
            }),
            _ => Ok(()),
        }
    }

    /// Records a failure and sets the next allowed time.
    pub(crate) async fn record_failure(&self, email: &str, now: i64) -> Result<()> {
        let failures = self.store().add_login_failure(email).await?;
        let delay = delay_after(failures);
        if delay > 0 {
            self.store()
                .lock_login(email, now.saturating_add(delay))
                .await?;
        }
        if failures == LOCKOUT_FAILURES {
            self.audit(
                "login.locked",
                None,
                Some(email),
                serde_json::json!({ "failures": failures }),
                now,
            )
            .await;
        }
        Ok(())
    }

    /// Lifts throttling for an email (administrators; also done by a successful login).
    pub async fn unlock_login(&self, email: &str) -> Result<()> {
        let email = crate::Email::parse(email)?;
        self.store().clear_login_failures(email.as_str()).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delays_grow_then_cap_then_lock() {
        assert_eq!((1..=3).map(delay_after).collect::<Vec<_>>(), [0, 0, 0]);
        assert_eq!((4..=7).map(delay_after).collect::<Vec<_>>(), [2, 4, 8, 16]);
        assert_eq!(delay_after(20), MAX_DELAY);
        assert_eq!(delay_after(99), MAX_DELAY);
        assert!(delay_after(100) > 1_000_000_000);
    }
}
