//! The `api_keys` table: long-lived opaque keys of a user or an organization.

use super::Store;
use crate::error::Result;

/// An API key, without its secret (only the hash is stored).
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct ApiKeyRow {
    /// `key_…`, public.
    pub id: String,
    /// Display name.
    pub name: String,
    /// The owning user, for a personal key.
    pub user_id: Option<String>,
    /// The owning organization, for an organization key.
    pub org_id: Option<String>,
    /// Space-separated permissions.
    pub permissions: String,
    /// The API (audience identifier) the key is for; `None`: the issuer's default
    /// audience, as configured where it is introspected (see [`crate::Idp::api_key_audience`]).
    pub audience: Option<String>,
    /// NumericDate.
    pub created_at: i64,
    /// When it stops working, if ever.
    pub expires_at: Option<i64>,
    /// When it was revoked.
    pub revoked_at: Option<i64>,
    /// Last successful use (updated at most once a minute).
    pub last_used_at: Option<i64>,
}

const COLUMNS: &str = "id, name, user_id, org_id, permissions, audience, created_at, expires_at, revoked_at, last_used_at";

impl Store {
    /// Stores a key by the hash of its secret.
    pub async fn insert_api_key(&self, key: &ApiKeyRow, hash: &str) -> Result<()> {
        sqlx::query(
            "INSERT INTO api_keys (id, hash, name, user_id, org_id, permissions, audience, created_at, expires_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        )
        .bind(&key.id)
        .bind(hash)
        .bind(&key.name)
        .bind(&key.user_id)
        .bind(&key.org_id)
        .bind(&key.permissions)
        .bind(&key.audience)
        .bind(key.created_at)
        .bind(key.expires_at)
        .execute(self.pool())
        .await?;
        Ok(())
    }

    /// The key whose secret hashes to `hash`.
    pub async fn api_key_by_hash(&self, hash: &str) -> Result<Option<ApiKeyRow>> {
        let sql = format!("SELECT {COLUMNS} FROM api_keys WHERE hash = $1");
        Ok(sqlx::query_as(&sql)
            .bind(hash)
            .fetch_optional(self.pool())
            .await?)
    }

    /// Keys of a user or of an organization, newest first.
    pub async fn api_keys_of(
        &self,
        user_id: Option<&str>,
        org_id: Option<&str>,
    ) -> Result<Vec<ApiKeyRow>> {
        let sql = format!(
            "SELECT {COLUMNS} FROM api_keys WHERE ($1 IS NOT NULL AND user_id = $1) OR ($2 IS NOT NULL AND org_id = $2)
             ORDER BY created_at DESC, id"
        );
        Ok(sqlx::query_as(&sql)
            .bind(user_id)
            .bind(org_id)
            .fetch_all(self.pool())
            .await?)
    }

    /// Revokes a key. Returns whether it was active.
    pub async fn revoke_api_key(&self, id: &str, now: i64) -> Result<bool> {
        Ok(
            sqlx::query("UPDATE api_keys SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL")
                .bind(now)
                .bind(id)
                .execute(self.pool())
                .await?
                .rows_affected()
                > 0,
        )
    }

    /// Records a use, at most once a minute per key (so verification is not a write per
    /// request).
    pub async fn touch_api_key(&self, id: &str, now: i64) -> Result<()> {
        sqlx::query(
            "UPDATE api_keys SET last_used_at = $1 WHERE id = $2 AND (last_used_at IS NULL OR last_used_at < $3)",
        )
        .bind(now)
        .bind(id)
        .bind(now - 60)
        .execute(self.pool())
        .await?;
        Ok(())
    }
}
