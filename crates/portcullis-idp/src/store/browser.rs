//! Browser sign-in: client redirect URIs, browser sessions, authorization codes.

use super::Store;
use crate::AuthMethods;
use crate::error::Result;

/// An authorization code's binding.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct CodeRow {
    /// The client it was issued to.
    pub client_id: String,
    /// The user.
    pub user_id: String,
    /// Where it was sent.
    pub redirect_uri: String,
    /// PKCE S256 challenge.
    pub code_challenge: String,
    /// Granted scope.
    pub scope: String,
    /// Access token audience.
    pub audience: String,
    /// OIDC nonce.
    pub nonce: Option<String>,
    /// When the user authenticated.
    pub auth_time: i64,
    /// NumericDate.
    pub expires_at: i64,
    /// When it was exchanged (a second use is an attack).
    pub used_at: Option<i64>,
    /// The session its exchange created.
    pub session_id: Option<String>,
    /// The organization the tokens are for (the user was a member when it was issued).
    pub org_id: Option<String>,
    /// How the user signed in.
    #[sqlx(try_from = "String")]
    pub amr: AuthMethods,
}

/// A live browser session (single sign-on): who, since when, and how.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct BrowserSession {
    /// The signed-in user.
    pub user_id: String,
    /// When the user signed in (OpenID Connect `auth_time`).
    pub auth_time: i64,
    /// How (the `amr` of the tokens its codes lead to).
    #[sqlx(try_from = "String")]
    pub amr: AuthMethods,
}

impl Store {
    /// Registers a redirect URI (`login`) or post-logout redirect URI (`logout`).
    pub async fn add_redirect_uri(&self, client_id: &str, uri: &str, kind: &str) -> Result<()> {
        sqlx::query("INSERT INTO client_redirect_uris (client_id, uri, kind) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING")
            .bind(client_id)
            .bind(uri)
            .bind(kind)
            .execute(self.pool())
            .await?;
        Ok(())
    }

    /// A client's registered URIs of one kind.
    pub async fn redirect_uris(&self, client_id: &str, kind: &str) -> Result<Vec<String>> {
        Ok(sqlx::query_scalar(
            "SELECT uri FROM client_redirect_uris WHERE client_id = $1 AND kind = $2 ORDER BY uri",
        )
        .bind(client_id)
        .bind(kind)
        .fetch_all(self.pool())
        .await?)
    }

    /// Every registered login redirect URI (for CORS on the token endpoint).
    pub async fn all_login_redirect_uris(&self) -> Result<Vec<String>> {
        Ok(
            sqlx::query_scalar("SELECT uri FROM client_redirect_uris WHERE kind = 'login'")
                .fetch_all(self.pool())
                .await?,
        )
    }

    /// Starts a browser session.
    pub async fn insert_browser_session(
        &self,
        hash: &str,
        session: &BrowserSession,
        expires_at: i64,
    ) -> Result<()> {
        sqlx::query("INSERT INTO browser_sessions (hash, user_id, auth_time, expires_at, amr) VALUES ($1, $2, $3, $4, $5)")
            .bind(hash)
            .bind(&session.user_id)
            .bind(session.auth_time)
            .bind(expires_at)
            .bind(session.amr.to_string())
            .execute(self.pool())
            .await?;
        Ok(())
    }

    /// The live browser session with this hash.
    pub async fn browser_session(&self, hash: &str, now: i64) -> Result<Option<BrowserSession>> {
        Ok(sqlx::query_as(
            "SELECT s.user_id, s.auth_time, s.amr FROM browser_sessions s JOIN users u ON u.id = s.user_id
             WHERE s.hash = $1 AND s.revoked_at IS NULL AND s.expires_at > $2 AND u.disabled = 0",
        )
        .bind(hash)
        .bind(now)
        .fetch_optional(self.pool())
        .await?)
    }

    /// Ends a browser session.
    pub async fn revoke_browser_session(&self, hash: &str, now: i64) -> Result<()> {
        sqlx::query(
            "UPDATE browser_sessions SET revoked_at = $1 WHERE hash = $2 AND revoked_at IS NULL",
        )
        .bind(now)
        .bind(hash)
        .execute(self.pool())
        .await?;
        Ok(())
    }

    /// Stores a new authorization code by hash.
    pub async fn insert_code(&self, hash: &str, c: &CodeRow) -> Result<()> {
        sqlx::query(
            "INSERT INTO auth_codes (hash, client_id, user_id, redirect_uri, code_challenge, scope, audience, nonce, auth_time, expires_at, org_id, amr)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
        )
        .bind(hash)
        .bind(&c.client_id)
        .bind(&c.user_id)
        .bind(&c.redirect_uri)
        .bind(&c.code_challenge)
        .bind(&c.scope)
        .bind(&c.audience)
        .bind(&c.nonce)
        .bind(c.auth_time)
        .bind(c.expires_at)
        .bind(&c.org_id)
        .bind(c.amr.to_string())
        .execute(self.pool())
        .await?;
        Ok(())
    }

    /// Marks a code used, atomically. Returns the code and whether this call spent it
    /// (false: it was already used — a replay).
    pub async fn spend_code(&self, hash: &str, now: i64) -> Result<Option<(CodeRow, bool)>> {
        let spent =
            sqlx::query("UPDATE auth_codes SET used_at = $1 WHERE hash = $2 AND used_at IS NULL")
                .bind(now)
                .bind(hash)
                .execute(self.pool())
                .await?
                .rows_affected()
                == 1;
        let row: Option<CodeRow> = sqlx::query_as(
            "SELECT client_id, user_id, redirect_uri, code_challenge, scope, audience, nonce, auth_time, expires_at, used_at, session_id, org_id, amr
             FROM auth_codes WHERE hash = $1",
        )
        .bind(hash)
        .fetch_optional(self.pool())
        .await?;
        Ok(row.map(|r| (r, spent)))
    }

    /// Remembers which session a code's exchange created (to revoke it on replay).
    /// `false` when a replay of the code arrived while the exchange was under way: the
    /// caller must then revoke the session it just created.
    pub async fn set_code_session(&self, hash: &str, session_id: &str) -> Result<bool> {
        Ok(sqlx::query(
            "UPDATE auth_codes SET session_id = $1 WHERE hash = $2 AND session_id IS NULL",
        )
        .bind(session_id)
        .bind(hash)
        .execute(self.pool())
        .await?
        .rows_affected()
            == 1)
    }

    /// Records a replay of a spent code. Returns the session its first exchange
    /// created, or `None` when that exchange has not recorded one yet (it will see the
    /// mark in [`set_code_session`](Self::set_code_session) and revoke its own).
    pub async fn mark_code_replayed(&self, hash: &str) -> Result<Option<String>> {
        let marked = sqlx::query(
            "UPDATE auth_codes SET session_id = $1 WHERE hash = $2 AND session_id IS NULL",
        )
        .bind(REPLAYED)
        .bind(hash)
        .execute(self.pool())
        .await?
        .rows_affected()
            == 1;
        if marked {
            return Ok(None);
        }
        let session: Option<Option<String>> =
            sqlx::query_scalar("SELECT session_id FROM auth_codes WHERE hash = $1")
                .bind(hash)
                .fetch_optional(self.pool())
                .await?;
        Ok(session.flatten().filter(|s| s != REPLAYED))
    }
}

/// The `session_id` of a code replayed before its first exchange finished.
const REPLAYED: &str = "replayed";
