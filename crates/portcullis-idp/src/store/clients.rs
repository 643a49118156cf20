//! OAuth clients: machine clients (with a secret) and browser apps (without), their
//! grants and redirect URIs.

use super::{Store, is_unique_violation};
use crate::error::{IdpError, Result};

/// A client, as authentication needs it.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ClientRow {
    /// The client id.
    pub id: String,
    /// Display name.
    pub name: String,
    /// SHA-256 of the secret (a 256-bit random value, so a fast hash suffices).
    pub secret_hash: Option<String>,
    /// The audience tokens are issued for by default.
    pub audience: Option<String>,
    /// 0 or 1.
    pub disabled: i64,
    /// The algorithm its ID tokens are signed with (`None`: RS256, the default).
    pub id_token_signed_response_alg: Option<String>,
}

/// A client, as administrators see it: never its secret hash.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct ClientInfo {
    /// The client id.
    pub id: String,
    /// Display name.
    pub name: String,
    /// 1 if it has a secret (a confidential client), 0 for a public one.
    pub confidential: i64,
    /// The audience tokens are issued for by default.
    pub audience: Option<String>,
    /// 0 or 1.
    pub disabled: i64,
    /// NumericDate.
    pub created_at: i64,
    /// The algorithm its ID tokens are signed with (`None`: RS256, the default).
    pub id_token_signed_response_alg: Option<String>,
}

const INFO_COLUMNS: &str = "id, name, CASE WHEN secret_hash IS NULL THEN 0 ELSE 1 END AS confidential, audience, disabled, created_at, id_token_signed_response_alg";

impl Store {
    /// Registers a client. A taken id is [`IdpError::InvalidInput`] (callers registering
    /// a fixed id at every start rely on that).
    pub async fn insert_client(&self, client: &ClientRow, now: i64) -> Result<()> {
        sqlx::query(
            "INSERT INTO clients (id, name, secret_hash, audience, disabled, created_at, id_token_signed_response_alg)
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(&client.id)
        .bind(&client.name)
        .bind(&client.secret_hash)
        .bind(&client.audience)
        .bind(client.disabled)
        .bind(now)
        .bind(&client.id_token_signed_response_alg)
        .execute(self.pool())
        .await
        .map_err(|e| {
            if is_unique_violation(&e) {
                IdpError::invalid("a client with this id already exists")
            } else {
                e.into()
            }
        })?;
        Ok(())
    }

    /// The client with this id.
    pub async fn client_by_id(&self, id: &str) -> Result<Option<ClientRow>> {
        Ok(sqlx::query_as(
            "SELECT id, name, secret_hash, audience, disabled, id_token_signed_response_alg FROM clients WHERE id = $1",
        )
        .bind(id)
        .fetch_optional(self.pool())
        .await?)
    }

    /// The client with this id, without its secret hash.
    pub async fn client_info(&self, id: &str) -> Result<Option<ClientInfo>> {
        let sql = format!("SELECT {INFO_COLUMNS} FROM clients WHERE id = $1");
        Ok(sqlx::query_as(&sql)
            .bind(id)
            .fetch_optional(self.pool())
            .await?)
    }

    /// Clients by id, after `after` (exclusive), at most `limit` (clamped to
    /// 1..=[`MAX_PAGE`](super::MAX_PAGE)).
    pub async fn list_clients(&self, after: Option<&str>, limit: i64) -> Result<Vec<ClientInfo>> {
        let sql = format!("SELECT {INFO_COLUMNS} FROM clients WHERE id > $1 ORDER BY id LIMIT $2");
        Ok(sqlx::query_as(&sql)
            .bind(after.unwrap_or(""))
            .bind(limit.clamp(1, super::MAX_PAGE))
            .fetch_all(self.pool())
            .await?)
    }

    /// Renames a client.
    pub async fn rename_client(&self, id: &str, name: &str) -> Result<()> {
        sqlx::query("UPDATE clients SET name = $1 WHERE id = $2")
            .bind(name)
            .bind(id)
            .execute(self.pool())
            .await?;
        Ok(())
    }

    /// Sets the algorithm of a client's ID tokens.
    pub async fn set_client_id_token_alg(&self, id: &str, alg: &str) -> Result<()> {
        sqlx::query("UPDATE clients SET id_token_signed_response_alg = $1 WHERE id = $2")
            .bind(alg)
            .bind(id)
            .execute(self.pool())
            .await?;
        Ok(())
    }

    /// Replaces a client's URIs of one kind (`login` or `logout`), atomically.
    pub async fn replace_redirect_uris(&self, id: &str, kind: &str, uris: &[String]) -> Result<()> {
        let mut tx = self.pool().begin().await?;
        sqlx::query("DELETE FROM client_redirect_uris WHERE client_id = $1 AND kind = $2")
            .bind(id)
            .bind(kind)
            .execute(&mut *tx)
            .await?;
        for uri in uris {
            sqlx::query("INSERT INTO client_redirect_uris (client_id, uri, kind) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING")
                .bind(id)
                .bind(uri)
                .bind(kind)
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// Deletes a client with its grants and redirect URIs; its unexchanged codes go and
    /// its sessions are revoked (their refresh tokens stop working). Returns whether it
    /// existed.
    pub async fn delete_client(&self, id: &str, now: i64) -> Result<bool> {
        let mut tx = self.pool().begin().await?;
        sqlx::query(
            "UPDATE sessions SET revoked_at = $1 WHERE client_id = $2 AND revoked_at IS NULL",
        )
        .bind(now)
        .bind(id)
        .execute(&mut *tx)
        .await?;
        for sql in [
            "DELETE FROM auth_codes WHERE client_id = $1",
            "DELETE FROM client_redirect_uris WHERE client_id = $1",
            "DELETE FROM client_grants WHERE client_id = $1",
        ] {
            sqlx::query(sql).bind(id).execute(&mut *tx).await?;
        }
        let found = sqlx::query("DELETE FROM clients WHERE id = $1")
            .bind(id)
            .execute(&mut *tx)
            .await?
            .rows_affected();
        tx.commit().await?;
        Ok(found == 1)
    }

    /// Lets a client receive an API permission (idempotent).
    pub async fn grant_client_permission(
        &self,
        client_id: &str,
        api_id: &str,
        permission: &str,
    ) -> Result<()> {
        sqlx::query(
            "INSERT INTO client_grants (client_id, api_id, permission) VALUES ($1, $2, $3)
             ON CONFLICT DO NOTHING",
        )
        .bind(client_id)
        .bind(api_id)
        .bind(permission)
        .execute(self.pool())
        .await?;
        Ok(())
    }

    /// The permissions granted to a client on one API, sorted.
    pub async fn client_permissions(&self, client_id: &str, api_id: &str) -> Result<Vec<String>> {
        Ok(sqlx::query_scalar(
            "SELECT permission FROM client_grants WHERE client_id = $1 AND api_id = $2 ORDER BY permission",
        )
        .bind(client_id)
        .bind(api_id)
        .fetch_all(self.pool())
        .await?)
    }
}
