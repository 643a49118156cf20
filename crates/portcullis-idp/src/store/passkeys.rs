//! Passkeys: the `passkeys` table (several per user), each user's WebAuthn handle
//! (`passkey_handles`), and the `webauthn_ceremonies` in progress.

use super::Store;
use super::columns::{Flag, flag};
use crate::error::Result;

/// A user's passkey.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct PasskeyRow {
    /// Its id (`pky_…`), as the account page names it.
    pub id: String,
    /// The user.
    pub user_id: String,
    /// The WebAuthn credential id, base64url.
    pub credential_id: String,
    /// The name the user gave it.
    pub name: String,
    /// The credential as webauthn-rs serialises it (public key, counter, flags).
    pub credential: String,
    /// The last signature counter seen (0 for authenticators without one).
    pub sign_count: i64,
    /// The credential may be synced to other devices.
    #[sqlx(try_from = "Flag")]
    pub backup_eligible: bool,
    /// The credential is synced (backed up) now.
    #[sqlx(try_from = "Flag")]
    pub backup_state: bool,
    /// NumericDate of the registration.
    pub created_at: i64,
    /// NumericDate of the last sign-in with it.
    pub last_used_at: Option<i64>,
}

/// A WebAuthn ceremony in progress.
#[derive(Debug, Clone, sqlx::FromRow)]
pub(crate) struct CeremonyRow {
    /// `register`, `sign_in` or `second_step`.
    pub kind: String,
    /// The user (none for a discoverable sign-in: the authenticator names them).
    pub user_id: Option<String>,
    /// The serialised webauthn-rs state (the challenge, the allowed credentials).
    pub state: String,
    /// NumericDate.
    pub expires_at: i64,
}

const COLUMNS: &str = "id, user_id, credential_id, name, credential, sign_count, backup_eligible, backup_state, created_at, last_used_at";

impl Store {
    /// Gives the user `handle` unless they have one; returns the one they have.
    pub(crate) async fn ensure_passkey_handle(
        &self,
        user_id: &str,
        handle: &str,
    ) -> Result<String> {
        sqlx::query(
            "INSERT INTO passkey_handles (user_id, handle) VALUES ($1, $2) ON CONFLICT (user_id) DO NOTHING",
        )
        .bind(user_id)
        .bind(handle)
        .execute(self.pool())
        .await?;
        Ok(
            sqlx::query_scalar("SELECT handle FROM passkey_handles WHERE user_id = $1")
                .bind(user_id)
                .fetch_one(self.pool())
                .await?,
        )
    }

    /// The user whose handle this is.
    pub(crate) async fn user_of_passkey_handle(&self, handle: &str) -> Result<Option<String>> {
        Ok(
            sqlx::query_scalar("SELECT user_id FROM passkey_handles WHERE handle = $1")
                .bind(handle)
                .fetch_optional(self.pool())
                .await?,
        )
    }

    /// The user's passkeys, oldest first.
    pub async fn passkeys_of(&self, user_id: &str) -> Result<Vec<PasskeyRow>> {
        Ok(sqlx::query_as(&format!(
            "SELECT {COLUMNS} FROM passkeys WHERE user_id = $1 ORDER BY created_at, id"
        ))
        .bind(user_id)
        .fetch_all(self.pool())
        .await?)
    }

    /// How many passkeys the user has.
    pub(crate) async fn passkey_count(&self, user_id: &str) -> Result<i64> {
        Ok(
            sqlx::query_scalar("SELECT COUNT(*) FROM passkeys WHERE user_id = $1")
                .bind(user_id)
                .fetch_one(self.pool())
                .await?,
        )
    }

    /// The passkey with this credential id, whoever holds it.
    pub(crate) async fn passkey_by_credential(
        &self,
        credential_id: &str,
    ) -> Result<Option<PasskeyRow>> {
        Ok(sqlx::query_as(&format!(
            "SELECT {COLUMNS} FROM passkeys WHERE credential_id = $1"
        ))
        .bind(credential_id)
        .fetch_optional(self.pool())
        .await?)
    }

    /// Stores a new passkey. `false` when its credential id is registered already (to
    /// this user or another).
    pub(crate) async fn insert_passkey(&self, p: &PasskeyRow) -> Result<bool> {
        let inserted = sqlx::query(
            "INSERT INTO passkeys (id, user_id, credential_id, name, credential, sign_count, backup_eligible, backup_state, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        )
        .bind(&p.id)
        .bind(&p.user_id)
        .bind(&p.credential_id)
        .bind(&p.name)
        .bind(&p.credential)
        .bind(p.sign_count)
        .bind(flag(p.backup_eligible))
        .bind(flag(p.backup_state))
        .bind(p.created_at)
        .execute(self.pool())
        .await;
        match inserted {
            Ok(_) => Ok(true),
            Err(e) if super::is_unique_violation(&e) => Ok(false),
            Err(e) => Err(e.into()),
        }
    }

    /// Records a sign-in with a passkey, atomically against the counter it was checked
    /// against: `false` (nothing changed) when another sign-in moved the counter since
    /// `seen_count` was read (a cloned authenticator, or two nodes racing with one
    /// assertion), or the passkey is gone.
    pub(crate) async fn record_passkey_use(
        &self,
        p: &PasskeyRow,
        seen_count: i64,
        now: i64,
    ) -> Result<bool> {
        Ok(sqlx::query(
            "UPDATE passkeys SET credential = $1, sign_count = $2, backup_eligible = $3, backup_state = $4, last_used_at = $5
             WHERE id = $6 AND sign_count = $7",
        )
        .bind(&p.credential)
        .bind(p.sign_count)
        .bind(flag(p.backup_eligible))
        .bind(flag(p.backup_state))
        .bind(now)
        .bind(&p.id)
        .bind(seen_count)
        .execute(self.pool())
        .await?
        .rows_affected()
            == 1)
    }

    /// Renames one of the user's passkeys. `false` when the user has no such passkey.
    pub(crate) async fn rename_passkey(&self, user_id: &str, id: &str, name: &str) -> Result<bool> {
        Ok(
            sqlx::query("UPDATE passkeys SET name = $1 WHERE id = $2 AND user_id = $3")
                .bind(name)
                .bind(id)
                .bind(user_id)
                .execute(self.pool())
                .await?
                .rows_affected()
                == 1,
        )
    }

    /// Deletes one of the user's passkeys, unless fewer than `keep_at_least` would be
    /// left (checked in the same statement, so two removals racing cannot both pass).
    /// `false` when nothing was deleted.
    pub(crate) async fn delete_passkey(
        &self,
        user_id: &str,
        id: &str,
        keep_at_least: i64,
    ) -> Result<bool> {
        Ok(sqlx::query(
            "DELETE FROM passkeys WHERE id = $1 AND user_id = $2
             AND (SELECT COUNT(*) FROM passkeys WHERE user_id = $2) > $3",
        )
        .bind(id)
        .bind(user_id)
        .bind(keep_at_least)
        .execute(self.pool())
        .await?
        .rows_affected()
            == 1)
    }

    /// Stores a ceremony by the hash of its token; forgets ceremonies that ended more
    /// than an hour ago on the way.
    pub(crate) async fn insert_ceremony(
        &self,
        hash: &str,
        c: &CeremonyRow,
        now: i64,
    ) -> Result<()> {
        sqlx::query("DELETE FROM webauthn_ceremonies WHERE expires_at < $1")
            .bind(now - 3600)
            .execute(self.pool())
            .await?;
        sqlx::query(
            "INSERT INTO webauthn_ceremonies (hash, kind, user_id, state, expires_at) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(hash)
        .bind(&c.kind)
        .bind(&c.user_id)
        .bind(&c.state)
        .bind(c.expires_at)
        .execute(self.pool())
        .await?;
        Ok(())
    }

    /// Spends a live ceremony of `kind`, atomically, and returns it: `None` when there
    /// is none, it expired, or it was spent already (also by a racing request).
    pub(crate) async fn spend_ceremony(
        &self,
        hash: &str,
        kind: &str,
        now: i64,
    ) -> Result<Option<CeremonyRow>> {
        let spent = sqlx::query(
            "UPDATE webauthn_ceremonies SET used_at = $1
             WHERE hash = $2 AND kind = $3 AND used_at IS NULL AND expires_at > $1",
        )
        .bind(now)
        .bind(hash)
        .bind(kind)
        .execute(self.pool())
        .await?
        .rows_affected()
            == 1;
        if !spent {
            return Ok(None);
        }
        Ok(sqlx::query_as(
            "SELECT kind, user_id, state, expires_at FROM webauthn_ceremonies WHERE hash = $1",
        )
        .bind(hash)
        .fetch_optional(self.pool())
        .await?)
    }
}
