//! The `users` table.

use super::columns::flag;
use super::{Store, is_unique_violation, like_escape};
use crate::error::{IdpError, Result};

/// A user row.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct UserRow {
    /// `usr_…`.
    pub id: String,
    /// Normalized email.
    pub email: String,
    /// PHC argon2id hash.
    pub password_hash: String,
    /// Display name.
    pub name: Option<String>,
    /// A flag.
    #[sqlx(try_from = "crate::store::columns::Flag")]
    pub email_verified: bool,
    /// A flag.
    #[sqlx(try_from = "crate::store::columns::Flag")]
    pub disabled: bool,
    /// NumericDate.
    pub created_at: i64,
}

const COLUMNS: &str = "id, email, password_hash, name, email_verified, disabled, created_at";

impl Store {
    /// Inserts a user; [`IdpError::EmailTaken`] if the email exists.
    pub async fn insert_user(&self, user: &UserRow) -> Result<()> {
        sqlx::query(
            "INSERT INTO users (id, email, password_hash, name, email_verified, disabled, created_at, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $7)",
        )
        .bind(&user.id)
        .bind(&user.email)
        .bind(&user.password_hash)
        .bind(&user.name)
        .bind(flag(user.email_verified))
        .bind(flag(user.disabled))
        .bind(user.created_at)
        .execute(self.pool())
        .await
        .map_err(|e| if is_unique_violation(&e) { IdpError::EmailTaken } else { e.into() })?;
        Ok(())
    }

    /// The user with this normalized email.
    pub async fn user_by_email(&self, email: &str) -> Result<Option<UserRow>> {
        let sql = format!("SELECT {COLUMNS} FROM users WHERE email = $1");
        Ok(sqlx::query_as(&sql)
            .bind(email)
            .fetch_optional(self.pool())
            .await?)
    }

    /// The user with this id.
    pub async fn user_by_id(&self, id: &str) -> Result<Option<UserRow>> {
        let sql = format!("SELECT {COLUMNS} FROM users WHERE id = $1");
        Ok(sqlx::query_as(&sql)
            .bind(id)
            .fetch_optional(self.pool())
            .await?)
    }

    /// Replaces a user's password hash.
    pub async fn set_password_hash(&self, id: &str, hash: &str, now: i64) -> Result<()> {
        sqlx::query("UPDATE users SET password_hash = $1, updated_at = $2 WHERE id = $3")
            .bind(hash)
            .bind(now)
            .bind(id)
            .execute(self.pool())
            .await?;
        Ok(())
    }
}

/// Largest page of [`Store::list_users`].
pub const MAX_PAGE: i64 = 200;

impl Store {
    /// Users ordered by id, after `after` (exclusive), whose email contains `search`,
    /// at most `limit` (clamped to 1..=[`MAX_PAGE`]).
    pub async fn list_users(
        &self,
        search: Option<&str>,
        after: Option<&str>,
        limit: i64,
    ) -> Result<Vec<UserRow>> {
        let pattern = format!(
            "%{}%",
            like_escape(&search.unwrap_or_default().to_lowercase())
        );
        let sql = format!(
            "SELECT {COLUMNS} FROM users WHERE id > $1 AND email LIKE $2 ESCAPE '\\' ORDER BY id LIMIT $3"
        );
        Ok(sqlx::query_as(&sql)
            .bind(after.unwrap_or(""))
            .bind(pattern)
            .bind(limit.clamp(1, MAX_PAGE))
            .fetch_all(self.pool())
            .await?)
    }

    /// Disables or re-enables a user; disabling also revokes every session, API and
    /// browser alike. Returns
    /// whether the user exists.
    pub async fn set_user_disabled(&self, id: &str, disabled: bool, now: i64) -> Result<bool> {
        let mut tx = self.pool().begin().await?;
        let found = sqlx::query("UPDATE users SET disabled = $1, updated_at = $2 WHERE id = $3")
            .bind(i64::from(disabled))
            .bind(now)
            .bind(id)
            .execute(&mut *tx)
            .await?
            .rows_affected();
        if disabled {
            // Browser sessions too: re-enabling the account must not bring back a
            // sign-in that was live when it was disabled.
            for table in ["sessions", "browser_sessions"] {
                sqlx::query(&format!(
                    "UPDATE {table} SET revoked_at = $1 WHERE user_id = $2 AND revoked_at IS NULL"
                ))
                .bind(now)
                .bind(id)
                .execute(&mut *tx)
                .await?;
            }
        }
        tx.commit().await?;
        Ok(found == 1)
    }
}

/// What hangs off a user, children first: deleted with them (the foreign keys cascade
/// too; deleting explicitly does not depend on SQLite's `foreign_keys` pragma).
const USER_REFERENCES: [&str; 9] = [
    "DELETE FROM refresh_tokens WHERE session_id IN (SELECT id FROM sessions WHERE user_id = $1)",
    "DELETE FROM sessions WHERE user_id = $1",
    "DELETE FROM browser_sessions WHERE user_id = $1",
    "DELETE FROM auth_codes WHERE user_id = $1",
    "DELETE FROM email_tokens WHERE user_id = $1",
    "DELETE FROM api_keys WHERE user_id = $1",
    "DELETE FROM memberships WHERE user_id = $1",
    "DELETE FROM user_roles WHERE user_id = $1",
    "DELETE FROM consents WHERE user_id = $1",
];

impl Store {
    /// Sets a user's name and email. A changed email is unverified, and the links sent
    /// to the old one (verification, password reset) stop working;
    /// [`IdpError::EmailTaken`] if another account has it.
    pub async fn update_profile(
        &self,
        id: &str,
        name: Option<&str>,
        email: &str,
        email_changed: bool,
        now: i64,
    ) -> Result<()> {
        let mut tx = self.pool().begin().await?;
        sqlx::query(
            "UPDATE users SET name = $1, email = $2, updated_at = $3,
             email_verified = CASE WHEN $4 = 1 THEN 0 ELSE email_verified END
             WHERE id = $5",
        )
        .bind(name)
        .bind(email)
        .bind(now)
        .bind(i64::from(email_changed))
        .bind(id)
        .execute(&mut *tx)
        .await
        .map_err(|e| {
            if is_unique_violation(&e) {
                IdpError::EmailTaken
            } else {
                e.into()
            }
        })?;
        if email_changed {
            sqlx::query("DELETE FROM email_tokens WHERE user_id = $1")
                .bind(id)
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// Deletes a user and everything that hangs off them: sessions and refresh tokens,
    /// browser sessions, codes, email links, API keys, memberships, roles, and the
    /// failed-login count of their email. Audit events stay. Returns whether they existed.
    pub async fn delete_user(&self, id: &str) -> Result<bool> {
        let mut tx = self.pool().begin().await?;
        for sql in USER_REFERENCES {
            sqlx::query(sql).bind(id).execute(&mut *tx).await?;
        }
        sqlx::query(
            "DELETE FROM login_failures WHERE email = (SELECT email FROM users WHERE id = $1)",
        )
        .bind(id)
        .execute(&mut *tx)
        .await?;
        let found = sqlx::query("DELETE FROM users WHERE id = $1")
            .bind(id)
            .execute(&mut *tx)
            .await?
            .rows_affected();
        tx.commit().await?;
        Ok(found == 1)
    }
}
