//! Sessions and their refresh tokens (one family per session).

use super::Store;
use crate::AuthMethods;
use crate::error::Result;

/// A login session: the family every rotated refresh token belongs to.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct SessionRow {
    /// `ses_…`, the `sid` claim.
    pub id: String,
    /// The user.
    pub user_id: String,
    /// The client the session was created for.
    pub client_id: String,
    /// The audience its access tokens carry.
    pub audience: String,
    /// Granted scope (space-separated).
    pub scope: String,
    /// NumericDate.
    pub created_at: i64,
    /// Absolute end of the session (NumericDate).
    pub expires_at: i64,
    /// When it was revoked, if it was.
    pub revoked_at: Option<i64>,
    /// The active organization of its tokens, if one was chosen.
    pub org_id: Option<String>,
    /// How the user signed in (the `amr` of its tokens).
    #[sqlx(try_from = "String")]
    pub amr: AuthMethods,
    /// When the user signed in (`auth_time`): at or before `created_at`, since a code's
    /// exchange starts a session for a sign-in made earlier.
    pub auth_time: i64,
}

/// What presenting a refresh token did.
#[derive(Debug, Clone)]
pub enum RefreshOutcome {
    /// Valid: it is now used, and the new token is stored in the same session.
    Rotated(SessionRow),
    /// It had been used before: the whole session (this id) was revoked.
    Reused(String),
    /// Idle-expired, or its session is expired or revoked.
    Expired,
    /// Never issued (or long deleted).
    Unknown,
}

const SESSION_COLUMNS: &str = "id, user_id, client_id, audience, scope, created_at, expires_at, revoked_at, org_id, amr, auth_time";

impl Store {
    /// Creates a session with its first refresh token.
    pub async fn insert_session(
        &self,
        session: &SessionRow,
        refresh_hash: &str,
        idle_expires_at: i64,
    ) -> Result<()> {
        let mut tx = self.pool().begin().await?;
        sqlx::query(
            "INSERT INTO sessions (id, user_id, client_id, audience, scope, created_at, expires_at, org_id, amr, auth_time)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
        )
        .bind(&session.id)
        .bind(&session.user_id)
        .bind(&session.client_id)
        .bind(&session.audience)
        .bind(&session.scope)
        .bind(session.created_at)
        .bind(session.expires_at)
        .bind(&session.org_id)
        .bind(session.amr.to_string())
        .bind(session.auth_time)
        .execute(&mut *tx)
        .await?;
        sqlx::query(
            "INSERT INTO refresh_tokens (hash, session_id, created_at, idle_expires_at) VALUES ($1, $2, $3, $4)",
        )
        .bind(refresh_hash)
        .bind(&session.id)
        .bind(session.created_at)
        .bind(idle_expires_at.min(session.expires_at))
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Spends the refresh token `old_hash` and stores `new_hash` in its place, atomically:
    /// of two concurrent uses exactly one rotates; the other is reuse and revokes the
    /// session (RFC 9700 §4.14.2).
    pub async fn rotate_refresh(
        &self,
        old_hash: &str,
        new_hash: &str,
        now: i64,
        idle_ttl: i64,
    ) -> Result<RefreshOutcome> {
        let mut tx = self.pool().begin().await?;
        let spent = sqlx::query(
            "UPDATE refresh_tokens SET used_at = $1 WHERE hash = $2 AND used_at IS NULL AND idle_expires_at > $1",
        )
        .bind(now)
        .bind(old_hash)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        let found: Option<(String, Option<i64>)> =
            sqlx::query_as("SELECT session_id, used_at FROM refresh_tokens WHERE hash = $1")
                .bind(old_hash)
                .fetch_optional(&mut *tx)
                .await?;
        let Some((session_id, used_at)) = found else {
            return Ok(RefreshOutcome::Unknown);
        };
        if spent == 0 {
            let outcome = if used_at.is_some() {
                sqlx::query(
                    "UPDATE sessions SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL",
                )
                .bind(now)
                .bind(&session_id)
                .execute(&mut *tx)
                .await?;
                RefreshOutcome::Reused(session_id.clone())
            } else {
                RefreshOutcome::Expired
            };
            tx.commit().await?;
            return Ok(outcome);
        }
        let sql = format!("SELECT {SESSION_COLUMNS} FROM sessions WHERE id = $1");
        let session: SessionRow = sqlx::query_as(&sql)
            .bind(&session_id)
            .fetch_one(&mut *tx)
            .await?;
        if session.revoked_at.is_some() || session.expires_at <= now {
            tx.commit().await?;
            return Ok(RefreshOutcome::Expired);
        }
        sqlx::query(
            "INSERT INTO refresh_tokens (hash, session_id, created_at, idle_expires_at) VALUES ($1, $2, $3, $4)",
        )
        .bind(new_hash)
        .bind(&session.id)
        .bind(now)
        .bind((now + idle_ttl).min(session.expires_at))
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(RefreshOutcome::Rotated(session))
    }

    /// Revokes the session a refresh token belongs to. Returns whether one was found.
    pub async fn revoke_session_of_refresh(&self, refresh_hash: &str, now: i64) -> Result<bool> {
        let affected = sqlx::query(
            "UPDATE sessions SET revoked_at = $1
             WHERE revoked_at IS NULL AND id = (SELECT session_id FROM refresh_tokens WHERE hash = $2)",
        )
        .bind(now)
        .bind(refresh_hash)
        .execute(self.pool())
        .await?
        .rows_affected();
        Ok(affected > 0)
    }

    /// Revokes a session by id. Returns whether it was active.
    pub async fn revoke_session(&self, session_id: &str, now: i64) -> Result<bool> {
        let affected =
            sqlx::query("UPDATE sessions SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL")
                .bind(now)
                .bind(session_id)
                .execute(self.pool())
                .await?
                .rows_affected();
        Ok(affected > 0)
    }

    /// Revokes every live session whose tokens are for `audience`. Returns how many.
    pub async fn revoke_sessions_for_audience(&self, audience: &str, now: i64) -> Result<u64> {
        Ok(sqlx::query(
            "UPDATE sessions SET revoked_at = $1 WHERE audience = $2 AND revoked_at IS NULL",
        )
        .bind(now)
        .bind(audience)
        .execute(self.pool())
        .await?
        .rows_affected())
    }

    /// The session with this id.
    pub async fn session(&self, session_id: &str) -> Result<Option<SessionRow>> {
        let sql = format!("SELECT {SESSION_COLUMNS} FROM sessions WHERE id = $1");
        Ok(sqlx::query_as(&sql)
            .bind(session_id)
            .fetch_optional(self.pool())
            .await?)
    }
}

/// A refresh token's state, for introspection.
#[derive(Debug, Clone)]
pub struct RefreshStatus {
    /// Its session.
    pub session: SessionRow,
    /// When it expires if unused.
    pub idle_expires_at: i64,
    /// Whether it has been spent.
    pub used: bool,
}

impl Store {
    /// The state of the refresh token with this hash, if it exists.
    pub async fn refresh_status(&self, refresh_hash: &str) -> Result<Option<RefreshStatus>> {
        let row: Option<(String, i64, Option<i64>)> = sqlx::query_as(
            "SELECT session_id, idle_expires_at, used_at FROM refresh_tokens WHERE hash = $1",
        )
        .bind(refresh_hash)
        .fetch_optional(self.pool())
        .await?;
        let Some((session_id, idle_expires_at, used_at)) = row else {
            return Ok(None);
        };
        Ok(self
            .session(&session_id)
            .await?
            .map(|session| RefreshStatus {
                session,
                idle_expires_at,
                used: used_at.is_some(),
            }))
    }
}

impl Store {
    /// Deletes what can no longer be used: sessions (with their refresh tokens) that
    /// ended before `before`, spent refresh tokens past their idle expiry (a replay would
    /// be refused as expired anyway), old authorization codes and browser sessions.
    /// Returns how many rows went.
    pub async fn prune_expired(&self, now: i64, before: i64) -> Result<u64> {
        let mut total = 0;
        for (sql, arg) in [
            (
                "DELETE FROM sessions WHERE expires_at < $1 OR revoked_at < $1",
                before,
            ),
            (
                "DELETE FROM refresh_tokens WHERE used_at IS NOT NULL AND idle_expires_at < $1",
                now,
            ),
            ("DELETE FROM auth_codes WHERE expires_at < $1", before),
            ("DELETE FROM mfa_challenges WHERE expires_at < $1", before),
            ("DELETE FROM email_codes WHERE expires_at < $1", before),
            ("DELETE FROM upstream_logins WHERE expires_at < $1", before),
            (
                "DELETE FROM browser_sessions WHERE expires_at < $1 OR revoked_at < $1",
                before,
            ),
        ] {
            total += sqlx::query(sql)
                .bind(arg)
                .execute(self.pool())
                .await?
                .rows_affected();
        }
        Ok(total)
    }
}

/// An active session as administrators see it: never token material.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct SessionSummary {
    /// `ses_…`.
    pub id: String,
    /// The client it was created for.
    pub client_id: String,
    /// The audience its access tokens carry.
    pub audience: String,
    /// Its active organization, if one was chosen.
    pub org_id: Option<String>,
    /// NumericDate.
    pub created_at: i64,
    /// When a refresh token of it was last spent (`None`: never refreshed).
    pub last_used_at: Option<i64>,
    /// Absolute end of the session.
    pub expires_at: i64,
    /// When its current refresh token expires if unused.
    pub idle_expires_at: i64,
}

impl Store {
    /// A user's active sessions (not revoked, not expired, with a usable refresh token)
    /// by id, after `after` (exclusive), at most `limit` (clamped to
    /// 1..=[`MAX_PAGE`](super::MAX_PAGE)).
    pub async fn active_sessions(
        &self,
        user_id: &str,
        now: i64,
        after: Option<&str>,
        limit: i64,
    ) -> Result<Vec<SessionSummary>> {
        Ok(sqlx::query_as(
            "SELECT s.id, s.client_id, s.audience, s.org_id, s.created_at,
                    MAX(rt.used_at) AS last_used_at, s.expires_at,
                    MAX(rt.idle_expires_at) AS idle_expires_at
             FROM sessions s JOIN refresh_tokens rt ON rt.session_id = s.id
             WHERE s.user_id = $1 AND s.revoked_at IS NULL AND s.expires_at > $2 AND s.id > $3
             GROUP BY s.id, s.client_id, s.audience, s.org_id, s.created_at, s.expires_at
             HAVING MAX(CASE WHEN rt.used_at IS NULL AND rt.idle_expires_at > $2 THEN 1 ELSE 0 END) = 1
             ORDER BY s.id LIMIT $4",
        )
        .bind(user_id)
        .bind(now)
        .bind(after.unwrap_or(""))
        .bind(limit.clamp(1, super::MAX_PAGE))
        .fetch_all(self.pool())
        .await?)
    }

    /// Revokes one of a user's sessions. `None` if the user has no session with this id;
    /// otherwise whether it was still active.
    pub async fn revoke_session_of_user(
        &self,
        user_id: &str,
        session_id: &str,
        now: i64,
    ) -> Result<Option<bool>> {
        let revoked = sqlx::query(
            "UPDATE sessions SET revoked_at = $1 WHERE id = $2 AND user_id = $3 AND revoked_at IS NULL",
        )
        .bind(now)
        .bind(session_id)
        .bind(user_id)
        .execute(self.pool())
        .await?
        .rows_affected();
        if revoked == 1 {
            return Ok(Some(true));
        }
        let exists: Option<i64> =
            sqlx::query_scalar("SELECT 1 FROM sessions WHERE id = $1 AND user_id = $2")
                .bind(session_id)
                .bind(user_id)
                .fetch_optional(self.pool())
                .await?;
        Ok(exists.map(|_| false))
    }
}
