//! Per-account throttling of password checks (NIST SP 800-63B §5.2.2). Kept per
//! normalized email whether or not an account exists, in the database, so it holds
//! across nodes and reveals nothing.
//!
//! - An attempt is reserved atomically before the password is hashed ([`Attempt`]):
//!   one check at a time per email, across nodes; attempts that arrive meanwhile are
//!   answered "try again" without hashing. The reservation is a lease, so a node that
//!   dies mid-check holds it for [`ATTEMPT_LEASE`] seconds at most.
//! - The first [`FREE_FAILURES`] failures cost nothing; then each one doubles the wait
//!   (2 s, 4 s, …), capped at [`MAX_DELAY`] (15 minutes). Nothing locks an account for
//!   good: the real user can always try again after the delay, or reset the password
//!   through the emailed link, which clears the count.

use super::Idp;
use super::audit::{AuditAction, AuditEvent};
use crate::error::{IdpError, Result};

/// Failures allowed before any delay.
pub const FREE_FAILURES: i64 = 3;
/// The longest delay between attempts.
pub const MAX_DELAY: i64 = 15 * 60;
/// How long a reserved check may hold its email before another node may take over (a
/// check takes well under a second; waiting for a hashing slot, a few).
pub const ATTEMPT_LEASE: i64 = 30;

/// The wait after `failures` consecutive failures.
pub(crate) fn delay_after(failures: i64) -> i64 {
    if failures <= FREE_FAILURES {
        return 0;
    }
    let exp = u32::try_from(failures - FREE_FAILURES)
        .unwrap_or(31)
        .min(31);
    (1i64 << exp).min(MAX_DELAY)
}

/// The one password check in flight for an email. Finish it with [`failed`](Self::failed)
/// or [`succeeded`](Self::succeeded); dropped unfinished (an error, a cancelled request),
/// it is released in the background.
pub(crate) struct Attempt {
    idp: Idp,
    email: String,
    failures: i64,
    open: bool,
}

impl Idp {
    /// Reserves the next password check for `email`, or answers
    /// [`IdpError::Throttled`] (with how long to wait) without any check.
    pub(crate) async fn reserve_attempt(&self, email: &str, now: i64) -> Result<Attempt> {
        let lease_until = now.saturating_add(ATTEMPT_LEASE);
        if let Some(failures) = self
            .store()
            .reserve_login_attempt(email, now, lease_until)
            .await?
        {
            return Ok(Attempt {
                idp: self.clone(),
                email: email.to_owned(),
                failures,
                open: true,
            });
        }
        // Waiting out a delay, or another check is in flight (it ends within a second
        // or two, or its lease does).
        let retry_after = match self.store().login_wait(email).await? {
            Some((locked_until, _)) if locked_until > now => locked_until - now,
            _ => 1,
        };
        Err(IdpError::Throttled {
            retry_after: retry_after.clamp(1, MAX_DELAY),
        })
    }

    /// Lifts throttling for an email (administrators; also done by a successful login
    /// and a password reset).
    pub async fn unlock_login(&self, email: &str) -> Result<()> {
        let email = crate::Email::parse(email)?;
        self.store().clear_login_failures(email.as_str()).await
    }
}

impl Attempt {
    /// The password was wrong (or the account unknown): one more failure, and the wait
    /// before the next attempt.
    pub(crate) async fn failed(mut self, now: i64) -> Result<()> {
        let failures = self.failures.saturating_add(1);
        let delay = delay_after(failures);
        self.idp
            .store()
            .record_login_failure(&self.email, failures, now.saturating_add(delay))
            .await?;
        self.open = false;
        if delay == MAX_DELAY && delay_after(failures - 1) < MAX_DELAY {
            self.idp
                .audit(
                    AuditEvent::new(AuditAction::LoginThrottled)
                        .on(&self.email)
                        .with(serde_json::json!({ "failures": failures, "delay": delay })),
                    now,
                )
                .await;
        }
        Ok(())
    }

    /// The password was right: the count starts again.
    pub(crate) async fn succeeded(mut self) -> Result<()> {
        self.idp.store().clear_login_failures(&self.email).await?;
        self.open = false;
        Ok(())
    }
}

impl Drop for Attempt {
    fn drop(&mut self) {
        if !self.open {
            return;
        }
        let (idp, email) = (self.idp.clone(), std::mem::take(&mut self.email));
        if let Ok(runtime) = tokio::runtime::Handle::try_current() {
            runtime.spawn(async move {
                if let Err(e) = idp.store().release_login_attempt(&email).await {
                    tracing::warn!(error = %e, "login attempt not released; its lease will end");
                }
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delays_grow_then_cap_and_never_lock() {
        assert_eq!((1..=3).map(delay_after).collect::<Vec<_>>(), [0, 0, 0]);
        assert_eq!((4..=7).map(delay_after).collect::<Vec<_>>(), [2, 4, 8, 16]);
        assert_eq!(delay_after(13), 15 * 60);
        assert_eq!(delay_after(20), 15 * 60);
        assert_eq!(delay_after(100), 15 * 60);
        assert_eq!(delay_after(i64::MAX), 15 * 60);
    }
}
