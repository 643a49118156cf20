//! The `signing_keys` table: `next` (published, not yet signing), `active` (one per
//! slot, enforced by the unique `active_slot`), `retired` (published until its tokens
//! expired). Slot 1 signs access tokens, slot 2 (when used) ID tokens.

use super::Store;
use crate::error::Result;

/// A signing key row. The private key is sealed under the master key.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct KeyRow {
    /// Key id.
    pub kid: String,
    /// JWS algorithm name.
    pub alg: String,
    /// nonce ‖ AES-256-GCM(PKCS#8), AAD = kid.
    pub sealed_private_key: Vec<u8>,
    /// The public JWK, JSON.
    pub public_jwk: String,
    /// Where the key is in its life.
    #[sqlx(try_from = "String")]
    pub state: crate::store::KeyState,
    /// NumericDate.
    pub created_at: i64,
    /// When it became active.
    pub activated_at: Option<i64>,
    /// When it stopped signing.
    pub retired_at: Option<i64>,
    /// The lineage: 1 signs access tokens, 2 ID tokens.
    pub slot: i64,
}

const COLUMNS: &str =
    "kid, alg, sealed_private_key, public_jwk, state, created_at, activated_at, retired_at, slot";

impl Store {
    /// Inserts the first active key unless another node won the race. Returns whether
    /// this one was inserted.
    pub async fn insert_active_key_if_none(&self, key: &KeyRow) -> Result<bool> {
        let inserted = sqlx::query(
            "INSERT INTO signing_keys (kid, alg, sealed_private_key, public_jwk, state, active_slot, slot, created_at, activated_at)
             VALUES ($1, $2, $3, $4, 'active', $5, $5, $6, $6) ON CONFLICT DO NOTHING",
        )
        .bind(&key.kid)
        .bind(&key.alg)
        .bind(&key.sealed_private_key)
        .bind(&key.public_jwk)
        .bind(key.slot)
        .bind(key.created_at)
        .execute(self.pool())
        .await?
        .rows_affected();
        Ok(inserted == 1)
    }

    /// Inserts a `next` key (published, not signing).
    pub async fn insert_next_key(&self, key: &KeyRow) -> Result<()> {
        sqlx::query(
            "INSERT INTO signing_keys (kid, alg, sealed_private_key, public_jwk, state, slot, created_at)
             VALUES ($1, $2, $3, $4, 'next', $5, $6)",
        )
        .bind(&key.kid)
        .bind(&key.alg)
        .bind(&key.sealed_private_key)
        .bind(&key.public_jwk)
        .bind(key.slot)
        .bind(key.created_at)
        .execute(self.pool())
        .await?;
        Ok(())
    }

    /// The id of the active key of `slot`.
    pub async fn active_kid(&self, slot: i64) -> Result<Option<String>> {
        Ok(
            sqlx::query_scalar("SELECT kid FROM signing_keys WHERE active_slot = $1")
                .bind(slot)
                .fetch_optional(self.pool())
                .await?,
        )
    }

    /// A key by id.
    pub async fn key(&self, kid: &str) -> Result<Option<KeyRow>> {
        let sql = format!("SELECT {COLUMNS} FROM signing_keys WHERE kid = $1");
        Ok(sqlx::query_as(&sql)
            .bind(kid)
            .fetch_optional(self.pool())
            .await?)
    }

    /// Every key in the table, oldest first.
    pub async fn keys(&self) -> Result<Vec<KeyRow>> {
        let sql = format!("SELECT {COLUMNS} FROM signing_keys ORDER BY created_at, kid");
        Ok(sqlx::query_as(&sql).fetch_all(self.pool()).await?)
    }

    /// Makes `next_kid` the active key of its slot and retires the slot's current one,
    /// atomically. Returns false if `next_kid` was no longer `next` (another node
    /// promoted it).
    pub async fn promote_key(&self, next_kid: &str, now: i64) -> Result<bool> {
        let mut tx = self.pool().begin().await?;
        let claimed = sqlx::query(
            "UPDATE signing_keys SET state = 'promoting' WHERE kid = $1 AND state = 'next'",
        )
        .bind(next_kid)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if claimed != 1 {
            return Ok(false);
        }
        sqlx::query(
            "UPDATE signing_keys SET state = 'retired', active_slot = NULL, retired_at = $1
             WHERE active_slot = (SELECT slot FROM signing_keys WHERE kid = $2)",
        )
        .bind(now)
        .bind(next_kid)
        .execute(&mut *tx)
        .await?;
        sqlx::query(
            "UPDATE signing_keys SET state = 'active', active_slot = slot, activated_at = $1 WHERE kid = $2",
        )
        .bind(now)
        .bind(next_kid)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(true)
    }

    /// Deletes keys retired before `before`. Returns how many.
    pub async fn delete_keys_retired_before(&self, before: i64) -> Result<u64> {
        Ok(
            sqlx::query("DELETE FROM signing_keys WHERE state = 'retired' AND retired_at < $1")
                .bind(before)
                .execute(self.pool())
                .await?
                .rows_affected(),
        )
    }
}
