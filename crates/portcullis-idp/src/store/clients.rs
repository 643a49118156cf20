//! OAuth clients: machine clients (with a secret) and browser apps (without), their
//! grants and redirect URIs.

use super::columns::flag;
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
    /// A flag.
    #[sqlx(try_from = "crate::store::columns::Flag")]
    pub disabled: bool,
    /// The algorithm its ID tokens are signed with (`None`: RS256, the default).
    pub id_token_signed_response_alg: Option<String>,
    /// 1 for a first-party client (no consent page), 0 for a third-party one.
    #[sqlx(try_from = "crate::store::columns::Flag")]
    pub first_party: bool,
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
    /// A flag.
    #[sqlx(try_from = "crate::store::columns::Flag")]
    pub disabled: bool,
    /// NumericDate.
    pub created_at: i64,
    /// The algorithm its ID tokens are signed with (`None`: RS256, the default).
    pub id_token_signed_response_alg: Option<String>,
    /// 1 for a first-party client (no consent page), 0 for a third-party one.
    #[sqlx(try_from = "crate::store::columns::Flag")]
    pub first_party: bool,
}

const INFO_COLUMNS: &str = "id, name, CASE WHEN secret_hash IS NULL THEN 0 ELSE 1 END AS confidential, audience, disabled, created_at, id_token_signed_response_alg, first_party";

impl Store {
    /// Registers a client. A taken id is [`IdpError::InvalidInput`] (callers registering
    /// a fixed id at every start rely on that).
    pub async fn insert_client(&self, client: &ClientRow, now: i64) -> Result<()> {
        sqlx::query(
            "INSERT INTO clients (id, name, secret_hash, audience, disabled, created_at, id_token_signed_response_alg, first_party)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(&client.id)
        .bind(&client.name)
        .bind(&client.secret_hash)
        .bind(&client.audience)
        .bind(flag(client.disabled))
        .bind(now)
        .bind(&client.id_token_signed_response_alg)
        .bind(flag(client.first_party))
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
            "SELECT id, name, secret_hash, audience, disabled, id_token_signed_response_alg, first_party FROM clients WHERE id = $1",
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

    /// Makes a client first-party (no consent page) or third-party.
    pub async fn set_first_party(&self, id: &str, first_party: bool) -> Result<()> {
        sqlx::query("UPDATE clients SET first_party = $1 WHERE id = $2")
            .bind(i64::from(first_party))
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
            "DELETE FROM client_audiences WHERE client_id = $1",
            "DELETE FROM consents WHERE client_id = $1",
            "DELETE FROM client_branding WHERE client_id = $1",
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

impl Store {
    /// Lets a client request tokens for an API (idempotent).
    pub async fn add_client_audience(&self, client_id: &str, api_id: &str) -> Result<()> {
        sqlx::query(
            "INSERT INTO client_audiences (client_id, api_id) VALUES ($1, $2) ON CONFLICT DO NOTHING",
        )
        .bind(client_id)
        .bind(api_id)
        .execute(self.pool())
        .await?;
        Ok(())
    }

    /// Replaces the APIs a client may request tokens for, atomically.
    pub async fn replace_client_audiences(
        &self,
        client_id: &str,
        api_ids: &[String],
    ) -> Result<()> {
        let mut tx = self.pool().begin().await?;
        sqlx::query("DELETE FROM client_audiences WHERE client_id = $1")
            .bind(client_id)
            .execute(&mut *tx)
            .await?;
        for api in api_ids {
            sqlx::query(
                "INSERT INTO client_audiences (client_id, api_id) VALUES ($1, $2) ON CONFLICT DO NOTHING",
            )
            .bind(client_id)
            .bind(api)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// Whether a client may request tokens for the API with this id.
    pub async fn client_may_request(&self, client_id: &str, api_id: &str) -> Result<bool> {
        let found: Option<i64> = sqlx::query_scalar(
            "SELECT 1 FROM client_audiences WHERE client_id = $1 AND api_id = $2",
        )
        .bind(client_id)
        .bind(api_id)
        .fetch_optional(self.pool())
        .await?;
        Ok(found.is_some())
    }

    /// The identifiers of the APIs a client may request tokens for, sorted.
    pub async fn client_audiences(&self, client_id: &str) -> Result<Vec<String>> {
        Ok(sqlx::query_scalar(
            "SELECT a.identifier FROM client_audiences ca JOIN apis a ON a.id = ca.api_id
             WHERE ca.client_id = $1 ORDER BY a.identifier",
        )
        .bind(client_id)
        .fetch_all(self.pool())
        .await?)
    }
}
