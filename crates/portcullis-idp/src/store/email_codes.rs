//! `email_codes`: the codes of sign-ins by email, each under the hash of the browser's
//! handle on it.

use super::Store;
use crate::error::Result;

/// A code mailed for a sign-in.
#[derive(Debug, Clone, sqlx::FromRow)]
pub(crate) struct EmailCodeRow {
    /// The account it signs in to.
    pub user_id: String,
    /// The code's hash, bound to the handle (`service::email_sign_in`).
    pub code_hash: String,
    /// Wrong codes so far.
    pub failures: i64,
    /// NumericDate.
    pub expires_at: i64,
    /// When it signed in.
    pub used_at: Option<i64>,
}

impl Store {
    /// Stores a mailed code under its handle's hash.
    pub(crate) async fn insert_email_code(
        &self,
        hash: &str,
        user_id: &str,
        code_hash: &str,
        now: i64,
        expires_at: i64,
    ) -> Result<()> {
        sqlx::query(
            "INSERT INTO email_codes (hash, user_id, code_hash, created_at, expires_at)
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(hash)
        .bind(user_id)
        .bind(code_hash)
        .bind(now)
        .bind(expires_at)
        .execute(self.pool())
        .await?;
        Ok(())
    }

    /// The code under this handle's hash.
    pub(crate) async fn email_code(&self, hash: &str) -> Result<Option<EmailCodeRow>> {
        Ok(sqlx::query_as(
            "SELECT user_id, code_hash, failures, expires_at, used_at
             FROM email_codes WHERE hash = $1",
        )
        .bind(hash)
        .fetch_optional(self.pool())
        .await?)
    }

    /// How many codes were mailed to the user since `since`.
    pub(crate) async fn email_codes_since(&self, user_id: &str, since: i64) -> Result<i64> {
        Ok(sqlx::query_scalar(
            "SELECT COUNT(*) FROM email_codes WHERE user_id = $1 AND created_at > $2",
        )
        .bind(user_id)
        .bind(since)
        .fetch_one(self.pool())
        .await?)
    }

    /// Counts a wrong code against the handle (nothing happens for an unknown one).
    pub(crate) async fn fail_email_code(&self, hash: &str) -> Result<()> {
        sqlx::query("UPDATE email_codes SET failures = failures + 1 WHERE hash = $1")
            .bind(hash)
            .execute(self.pool())
            .await?;
        Ok(())
    }

    /// Spends the code, atomically: `false` when it was already used (also by a racing
    /// request), has expired, or was given up after `max_failures` wrong codes.
    pub(crate) async fn spend_email_code(
        &self,
        hash: &str,
        max_failures: i64,
        now: i64,
    ) -> Result<bool> {
        Ok(sqlx::query(
            "UPDATE email_codes SET used_at = $1
             WHERE hash = $2 AND used_at IS NULL AND expires_at > $1 AND failures < $3",
        )
        .bind(now)
        .bind(hash)
        .bind(max_failures)
        .execute(self.pool())
        .await?
        .rows_affected()
            == 1)
    }
}
