//! The `login_failures` table.

use super::Store;
use crate::error::Result;

impl Store {
    /// `(failures, locked_until)` for an email, if it has failed recently.
    pub async fn login_failures(&self, email: &str) -> Result<Option<(i64, i64)>> {
        Ok(
            sqlx::query_as("SELECT failures, locked_until FROM login_failures WHERE email = $1")
                .bind(email)
                .fetch_optional(self.pool())
                .await?,
        )
    }

    /// Counts one more failure, atomically; returns the new count.
    pub async fn add_login_failure(&self, email: &str) -> Result<i64> {
        Ok(sqlx::query_scalar(
            "INSERT INTO login_failures (email, failures, locked_until) VALUES ($1, 1, 0)
             ON CONFLICT (email) DO UPDATE SET failures = login_failures.failures + 1
             RETURNING failures",
        )
        .bind(email)
        .fetch_one(self.pool())
        .await?)
    }

    /// Sets when the next attempt is allowed.
    pub async fn lock_login(&self, email: &str, until: i64) -> Result<()> {
        sqlx::query("UPDATE login_failures SET locked_until = $1 WHERE email = $2")
            .bind(until)
            .bind(email)
            .execute(self.pool())
            .await?;
        Ok(())
    }

    /// Forgets the failures (after a successful login or an administrator's unlock).
    pub async fn clear_login_failures(&self, email: &str) -> Result<()> {
        sqlx::query("DELETE FROM login_failures WHERE email = $1")
            .bind(email)
            .execute(self.pool())
            .await?;
        Ok(())
    }
}
