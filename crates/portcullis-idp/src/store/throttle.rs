//! The `login_failures` table: consecutive failures per email, when the next attempt is
//! allowed (`locked_until`), and the lease of the check in flight (`busy_until`).

use super::Store;
use crate::error::Result;

impl Store {
    /// Reserves the next password check for `email`, atomically, unless the email must
    /// wait (`locked_until`) or another check holds it (`busy_until`): the reservation
    /// lasts until `lease_until`. Returns the failures so far when reserved.
    pub async fn reserve_login_attempt(
        &self,
        email: &str,
        now: i64,
        lease_until: i64,
    ) -> Result<Option<i64>> {
        Ok(sqlx::query_scalar(
            "INSERT INTO login_failures (email, failures, locked_until, busy_until) VALUES ($1, 0, 0, $2)
             ON CONFLICT (email) DO UPDATE SET busy_until = $2
             WHERE login_failures.locked_until <= $3 AND login_failures.busy_until <= $3
             RETURNING failures",
        )
        .bind(email)
        .bind(lease_until)
        .bind(now)
        .fetch_optional(self.pool())
        .await?)
    }

    /// `(locked_until, busy_until)` of an email that has a row.
    pub async fn login_wait(&self, email: &str) -> Result<Option<(i64, i64)>> {
        Ok(
            sqlx::query_as("SELECT locked_until, busy_until FROM login_failures WHERE email = $1")
                .bind(email)
                .fetch_optional(self.pool())
                .await?,
        )
    }

    /// Ends a reserved check that failed: the new failure count, when the next attempt
    /// is allowed, and the reservation released.
    pub async fn record_login_failure(
        &self,
        email: &str,
        failures: i64,
        locked_until: i64,
    ) -> Result<()> {
        sqlx::query(
            "UPDATE login_failures SET failures = $1, locked_until = $2, busy_until = 0 WHERE email = $3",
        )
        .bind(failures)
        .bind(locked_until)
        .bind(email)
        .execute(self.pool())
        .await?;
        Ok(())
    }

    /// Releases a reserved check that ended without a verdict (an error, a cancelled
    /// request).
    pub async fn release_login_attempt(&self, email: &str) -> Result<()> {
        sqlx::query("UPDATE login_failures SET busy_until = 0 WHERE email = $1")
            .bind(email)
            .execute(self.pool())
            .await?;
        Ok(())
    }

    /// Forgets the failures (after a successful login, a password reset or an
    /// administrator's unlock), releasing any reservation.
    pub async fn clear_login_failures(&self, email: &str) -> Result<()> {
        sqlx::query("DELETE FROM login_failures WHERE email = $1")
            .bind(email)
            .execute(self.pool())
            .await?;
        Ok(())
    }
}
