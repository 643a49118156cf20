//! Single-use email links (address verification, password reset) and what spending
//! them changes.

use super::Store;
use crate::error::Result;

impl Store {
    /// Stores a link token by hash.
    pub async fn insert_email_token(
        &self,
        hash: &str,
        user_id: &str,
        purpose: &str,
        expires_at: i64,
    ) -> Result<()> {
        sqlx::query(
            "INSERT INTO email_tokens (hash, user_id, purpose, expires_at) VALUES ($1, $2, $3, $4)",
        )
        .bind(hash)
        .bind(user_id)
        .bind(purpose)
        .bind(expires_at)
        .execute(self.pool())
        .await?;
        Ok(())
    }

    /// Spends every unused link of `purpose` sent to `user_id` (a password reset
    /// voids the other reset links sent before it).
    pub async fn spend_all_email_tokens(
        &self,
        user_id: &str,
        purpose: &str,
        now: i64,
    ) -> Result<()> {
        sqlx::query(
            "UPDATE email_tokens SET used_at = $1 WHERE user_id = $2 AND purpose = $3 AND used_at IS NULL",
        )
        .bind(now)
        .bind(user_id)
        .bind(purpose)
        .execute(self.pool())
        .await?;
        Ok(())
    }

    /// Spends a link token of `purpose`, atomically; returns its user if it was unused
    /// and unexpired.
    pub async fn spend_email_token(
        &self,
        hash: &str,
        purpose: &str,
        now: i64,
    ) -> Result<Option<String>> {
        let spent = sqlx::query(
            "UPDATE email_tokens SET used_at = $1 WHERE hash = $2 AND purpose = $3 AND used_at IS NULL AND expires_at > $1",
        )
        .bind(now)
        .bind(hash)
        .bind(purpose)
        .execute(self.pool())
        .await?
        .rows_affected();
        if spent != 1 {
            return Ok(None);
        }
        Ok(
            sqlx::query_scalar("SELECT user_id FROM email_tokens WHERE hash = $1")
                .bind(hash)
                .fetch_optional(self.pool())
                .await?,
        )
    }

    /// Marks a user's email verified.
    pub async fn set_email_verified(&self, user_id: &str, now: i64) -> Result<()> {
        sqlx::query("UPDATE users SET email_verified = 1, updated_at = $1 WHERE id = $2")
            .bind(now)
            .bind(user_id)
            .execute(self.pool())
            .await?;
        Ok(())
    }

    /// Revokes every session and browser session of a user (after a password reset).
    pub async fn revoke_all_sessions(&self, user_id: &str, now: i64) -> Result<()> {
        sqlx::query(
            "UPDATE sessions SET revoked_at = $1 WHERE user_id = $2 AND revoked_at IS NULL",
        )
        .bind(now)
        .bind(user_id)
        .execute(self.pool())
        .await?;
        sqlx::query(
            "UPDATE browser_sessions SET revoked_at = $1 WHERE user_id = $2 AND revoked_at IS NULL",
        )
        .bind(now)
        .bind(user_id)
        .execute(self.pool())
        .await?;
        Ok(())
    }
}

impl Store {
    /// How many links of `purpose` sent to `user_id` are still unexpired at `now`
    /// (used or not): what was mailed to that inbox within one link lifetime.
    pub async fn recent_email_tokens(&self, user_id: &str, purpose: &str, now: i64) -> Result<i64> {
        Ok(sqlx::query_scalar(
            "SELECT COUNT(*) FROM email_tokens WHERE user_id = $1 AND purpose = $2 AND expires_at > $3",
        )
        .bind(user_id)
        .bind(purpose)
        .bind(now)
        .fetch_one(self.pool())
        .await?)
    }

    /// When the newest link of `purpose` sent to `user_id` expires, if any was sent.
    pub async fn latest_email_token(&self, user_id: &str, purpose: &str) -> Result<Option<i64>> {
        Ok(sqlx::query_scalar(
            "SELECT MAX(expires_at) FROM email_tokens WHERE user_id = $1 AND purpose = $2",
        )
        .bind(user_id)
        .bind(purpose)
        .fetch_one(self.pool())
        .await?)
    }

    /// The user of a usable link token, without spending it.
    pub async fn email_token_user(
        &self,
        hash: &str,
        purpose: &str,
        now: i64,
    ) -> Result<Option<String>> {
        Ok(sqlx::query_scalar(
            "SELECT user_id FROM email_tokens WHERE hash = $1 AND purpose = $2 AND used_at IS NULL AND expires_at > $3",
        )
        .bind(hash)
        .bind(purpose)
        .bind(now)
        .fetch_optional(self.pool())
        .await?)
    }
}
