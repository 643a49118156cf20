//! Second factors: the `totp_factors` table (one authenticator app per user), its
//! `recovery_codes`, and the `mfa_challenges` of sign-ins waiting for a code.

use super::Store;
use crate::FirstFactor;
use crate::error::Result;

/// A user's authenticator app.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct TotpFactorRow {
    /// The user.
    pub user_id: String,
    /// The RFC 6238 secret, sealed under the master key with the user id as associated
    /// data.
    pub sealed_secret: Vec<u8>,
    /// NumericDate of the enrollment.
    pub created_at: i64,
    /// When a first code confirmed it; before that it does not count for sign-in.
    pub confirmed_at: Option<i64>,
    /// The last time step a code was accepted for (codes of it or earlier are refused).
    pub last_step: i64,
}

/// A sign-in whose password was right, waiting for its second step.
#[derive(Debug, Clone, sqlx::FromRow)]
pub(crate) struct ChallengeRow {
    /// The user.
    pub user_id: String,
    /// `api` or `browser`: which sign-in it continues.
    pub kind: String,
    /// The JSON login's requested audience.
    pub audience: Option<String>,
    /// The JSON login's requested organization.
    pub organization: Option<String>,
    /// Wrong codes so far.
    pub failures: i64,
    /// NumericDate.
    pub expires_at: i64,
    /// When its second step succeeded.
    pub used_at: Option<i64>,
    /// What the sign-in's first step proved.
    #[sqlx(try_from = "String")]
    pub first_factor: FirstFactor,
}

impl Store {
    /// The user's authenticator app, confirmed or not.
    pub async fn totp_factor(&self, user_id: &str) -> Result<Option<TotpFactorRow>> {
        Ok(sqlx::query_as(
            "SELECT user_id, sealed_secret, created_at, confirmed_at, last_step FROM totp_factors WHERE user_id = $1",
        )
        .bind(user_id)
        .fetch_optional(self.pool())
        .await?)
    }

    /// Stores a new, unconfirmed authenticator secret for the user, replacing an
    /// unconfirmed one. `false` (nothing changed) when a confirmed one exists.
    pub async fn put_totp_factor(&self, user_id: &str, sealed: &[u8], now: i64) -> Result<bool> {
        Ok(sqlx::query(
            "INSERT INTO totp_factors (user_id, sealed_secret, created_at, last_step) VALUES ($1, $2, $3, 0)
             ON CONFLICT (user_id) DO UPDATE SET sealed_secret = $2, created_at = $3, last_step = 0
             WHERE totp_factors.confirmed_at IS NULL",
        )
        .bind(user_id)
        .bind(sealed)
        .bind(now)
        .execute(self.pool())
        .await?
        .rows_affected()
            == 1)
    }

    /// Confirms the user's unconfirmed authenticator with a code of time step `step`
    /// and stores its recovery codes (hashes), replacing any, in one transaction.
    /// `false` (nothing changed) when there is no unconfirmed authenticator or the step
    /// was already used.
    pub async fn confirm_totp_factor(
        &self,
        user_id: &str,
        step: i64,
        recovery_hashes: &[String],
        now: i64,
    ) -> Result<bool> {
        let mut tx = self.pool().begin().await?;
        let confirmed = sqlx::query(
            "UPDATE totp_factors SET confirmed_at = $1, last_step = $2
             WHERE user_id = $3 AND confirmed_at IS NULL AND last_step < $2",
        )
        .bind(now)
        .bind(step)
        .bind(user_id)
        .execute(&mut *tx)
        .await?
        .rows_affected()
            == 1;
        if !confirmed {
            return Ok(false);
        }
        sqlx::query("DELETE FROM recovery_codes WHERE user_id = $1")
            .bind(user_id)
            .execute(&mut *tx)
            .await?;
        for hash in recovery_hashes {
            sqlx::query(
                "INSERT INTO recovery_codes (user_id, code_hash, created_at) VALUES ($1, $2, $3)",
            )
            .bind(user_id)
            .bind(hash)
            .bind(now)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(true)
    }

    /// Accepts a code of time step `step` for the user's confirmed authenticator,
    /// atomically: `false` when that step or a later one was already accepted (a replay,
    /// also when two nodes race) or there is no confirmed authenticator.
    pub async fn accept_totp_step(&self, user_id: &str, step: i64) -> Result<bool> {
        Ok(sqlx::query(
            "UPDATE totp_factors SET last_step = $1
             WHERE user_id = $2 AND confirmed_at IS NOT NULL AND last_step < $1",
        )
        .bind(step)
        .bind(user_id)
        .execute(self.pool())
        .await?
        .rows_affected()
            == 1)
    }

    /// Spends an unused recovery code of the user, atomically: `false` when there is no
    /// such code or it was used (also by a racing request).
    pub async fn use_recovery_code(&self, user_id: &str, hash: &str, now: i64) -> Result<bool> {
        Ok(sqlx::query(
            "UPDATE recovery_codes SET used_at = $1
             WHERE user_id = $2 AND code_hash = $3 AND used_at IS NULL",
        )
        .bind(now)
        .bind(user_id)
        .bind(hash)
        .execute(self.pool())
        .await?
        .rows_affected()
            == 1)
    }

    /// How many unused recovery codes the user has.
    pub async fn recovery_codes_left(&self, user_id: &str) -> Result<i64> {
        Ok(sqlx::query_scalar(
            "SELECT COUNT(*) FROM recovery_codes WHERE user_id = $1 AND used_at IS NULL",
        )
        .bind(user_id)
        .fetch_one(self.pool())
        .await?)
    }

    /// Deletes the user's authenticator app (confirmed or not).
    pub(crate) async fn delete_totp_factor(&self, user_id: &str) -> Result<()> {
        sqlx::query("DELETE FROM totp_factors WHERE user_id = $1")
            .bind(user_id)
            .execute(self.pool())
            .await?;
        Ok(())
    }

    /// Deletes the user's recovery codes.
    pub(crate) async fn delete_recovery_codes(&self, user_id: &str) -> Result<()> {
        sqlx::query("DELETE FROM recovery_codes WHERE user_id = $1")
            .bind(user_id)
            .execute(self.pool())
            .await?;
        Ok(())
    }

    /// Replaces the user's recovery codes (hashes) in one transaction.
    pub(crate) async fn replace_recovery_codes(
        &self,
        user_id: &str,
        recovery_hashes: &[String],
        now: i64,
    ) -> Result<()> {
        let mut tx = self.pool().begin().await?;
        sqlx::query("DELETE FROM recovery_codes WHERE user_id = $1")
            .bind(user_id)
            .execute(&mut *tx)
            .await?;
        for hash in recovery_hashes {
            sqlx::query(
                "INSERT INTO recovery_codes (user_id, code_hash, created_at) VALUES ($1, $2, $3)",
            )
            .bind(user_id)
            .bind(hash)
            .bind(now)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// Deletes the user's authenticator, recovery codes, passkeys and pending second
    /// steps in one transaction. Returns whether there was any factor.
    pub async fn delete_second_factors(&self, user_id: &str) -> Result<bool> {
        let mut tx = self.pool().begin().await?;
        let mut deleted = 0;
        for sql in [
            "DELETE FROM totp_factors WHERE user_id = $1",
            "DELETE FROM recovery_codes WHERE user_id = $1",
            "DELETE FROM passkeys WHERE user_id = $1",
        ] {
            deleted += sqlx::query(sql)
                .bind(user_id)
                .execute(&mut *tx)
                .await?
                .rows_affected();
        }
        for sql in [
            "DELETE FROM mfa_challenges WHERE user_id = $1",
            "DELETE FROM webauthn_ceremonies WHERE user_id = $1",
        ] {
            sqlx::query(sql).bind(user_id).execute(&mut *tx).await?;
        }
        tx.commit().await?;
        Ok(deleted > 0)
    }

    /// Stores a second step by the hash of its token.
    pub(crate) async fn insert_challenge(&self, hash: &str, c: &ChallengeRow) -> Result<()> {
        sqlx::query(
            "INSERT INTO mfa_challenges (hash, user_id, kind, audience, organization, failures, expires_at, first_factor)
             VALUES ($1, $2, $3, $4, $5, 0, $6, $7)",
        )
        .bind(hash)
        .bind(&c.user_id)
        .bind(&c.kind)
        .bind(&c.audience)
        .bind(&c.organization)
        .bind(c.expires_at)
        .bind(c.first_factor.as_str())
        .execute(self.pool())
        .await?;
        Ok(())
    }

    /// The second step with this hash.
    pub(crate) async fn challenge(&self, hash: &str) -> Result<Option<ChallengeRow>> {
        Ok(sqlx::query_as(
            "SELECT user_id, kind, audience, organization, failures, expires_at, used_at, first_factor
             FROM mfa_challenges WHERE hash = $1",
        )
        .bind(hash)
        .fetch_optional(self.pool())
        .await?)
    }

    /// Counts a wrong code against a second step.
    pub(crate) async fn fail_challenge(&self, hash: &str) -> Result<()> {
        sqlx::query("UPDATE mfa_challenges SET failures = failures + 1 WHERE hash = $1")
            .bind(hash)
            .execute(self.pool())
            .await?;
        Ok(())
    }

    /// Marks a second step done, atomically: `false` when it was already done (also by a
    /// racing request), expired, or given up after `max_failures` wrong codes.
    pub(crate) async fn spend_challenge(
        &self,
        hash: &str,
        max_failures: i64,
        now: i64,
    ) -> Result<bool> {
        Ok(sqlx::query(
            "UPDATE mfa_challenges SET used_at = $1
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
