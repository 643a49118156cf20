//! APIs (audiences) and their permissions.

use super::{Store, is_unique_violation};
use crate::error::{IdpError, Result};

/// A registered API.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ApiRow {
    /// `api_…`.
    pub id: String,
    /// The audience identifier, e.g. `https://hello-world.example.com`.
    pub identifier: String,
    /// Display name.
    pub name: String,
    /// NumericDate.
    pub created_at: i64,
}

/// A permission of an API.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct PermissionRow {
    /// Its name, e.g. `read:messages`.
    pub name: String,
    /// What it allows, for people.
    pub description: Option<String>,
}

const API_COLUMNS: &str = "id, identifier, name, created_at";

/// Everything that names an API permission, children first (the foreign keys cascade
/// too; deleting explicitly does not depend on SQLite's `foreign_keys` pragma).
const PERMISSION_REFERENCES: [&str; 3] =
    ["role_permissions", "client_grants", "org_role_permissions"];

impl Store {
    /// Registers an API; [`IdpError::Conflict`] if the identifier is taken.
    pub async fn insert_api(&self, api: &ApiRow) -> Result<()> {
        sqlx::query("INSERT INTO apis (id, identifier, name, created_at) VALUES ($1, $2, $3, $4)")
            .bind(&api.id)
            .bind(&api.identifier)
            .bind(&api.name)
            .bind(api.created_at)
            .execute(self.pool())
            .await
            .map_err(|e| {
                if is_unique_violation(&e) {
                    IdpError::conflict("an API with this identifier already exists")
                } else {
                    e.into()
                }
            })?;
        Ok(())
    }

    /// The API with this audience identifier.
    pub async fn api_by_identifier(&self, identifier: &str) -> Result<Option<ApiRow>> {
        let sql = format!("SELECT {API_COLUMNS} FROM apis WHERE identifier = $1");
        Ok(sqlx::query_as(&sql)
            .bind(identifier)
            .fetch_optional(self.pool())
            .await?)
    }

    /// The API with this id (`api_…`) or identifier.
    pub async fn api(&self, id_or_identifier: &str) -> Result<Option<ApiRow>> {
        let sql = format!("SELECT {API_COLUMNS} FROM apis WHERE id = $1 OR identifier = $1");
        Ok(sqlx::query_as(&sql)
            .bind(id_or_identifier)
            .fetch_optional(self.pool())
            .await?)
    }

    /// APIs ordered by identifier, after `after` (exclusive), at most `limit` (clamped to
    /// 1..=[`MAX_PAGE`](super::MAX_PAGE)).
    pub async fn list_apis(&self, after: Option<&str>, limit: i64) -> Result<Vec<ApiRow>> {
        let sql = format!(
            "SELECT {API_COLUMNS} FROM apis WHERE identifier > $1 ORDER BY identifier LIMIT $2"
        );
        Ok(sqlx::query_as(&sql)
            .bind(after.unwrap_or(""))
            .bind(limit.clamp(1, super::MAX_PAGE))
            .fetch_all(self.pool())
            .await?)
    }

    /// Deletes an API with its permissions, every grant of them, the clients' right to
    /// request it and the consents given for it. Returns whether it existed.
    pub async fn delete_api(&self, api_id: &str) -> Result<bool> {
        let mut tx = self.pool().begin().await?;
        sqlx::query(
            "DELETE FROM consents WHERE audience = (SELECT identifier FROM apis WHERE id = $1)",
        )
        .bind(api_id)
        .execute(&mut *tx)
        .await?;
        for table in PERMISSION_REFERENCES
            .iter()
            .chain(&["permissions", "client_audiences"])
        {
            sqlx::query(&format!("DELETE FROM {table} WHERE api_id = $1"))
                .bind(api_id)
                .execute(&mut *tx)
                .await?;
        }
        let found = sqlx::query("DELETE FROM apis WHERE id = $1")
            .bind(api_id)
            .execute(&mut *tx)
            .await?
            .rows_affected();
        tx.commit().await?;
        Ok(found == 1)
    }

    /// Adds a permission to an API (idempotent).
    pub async fn insert_permission(&self, api_id: &str, name: &str) -> Result<()> {
        self.add_permission(api_id, name, None).await.map(|_| ())
    }

    /// Adds a permission to an API. Returns whether it is new (an existing one is left
    /// as it is).
    pub async fn add_permission(
        &self,
        api_id: &str,
        name: &str,
        description: Option<&str>,
    ) -> Result<bool> {
        Ok(sqlx::query(
            "INSERT INTO permissions (api_id, name, description) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
        )
        .bind(api_id)
        .bind(name)
        .bind(description)
        .execute(self.pool())
        .await?
        .rows_affected()
            == 1)
    }

    /// Whether the API has this permission.
    pub async fn has_permission(&self, api_id: &str, name: &str) -> Result<bool> {
        let found: Option<i64> =
            sqlx::query_scalar("SELECT 1 FROM permissions WHERE api_id = $1 AND name = $2")
                .bind(api_id)
                .bind(name)
                .fetch_optional(self.pool())
                .await?;
        Ok(found.is_some())
    }

    /// An API's permissions by name, after `after` (exclusive), at most `limit` (clamped
    /// to 1..=[`MAX_PAGE`](super::MAX_PAGE)).
    pub async fn list_permissions(
        &self,
        api_id: &str,
        after: Option<&str>,
        limit: i64,
    ) -> Result<Vec<PermissionRow>> {
        Ok(sqlx::query_as(
            "SELECT name, description FROM permissions WHERE api_id = $1 AND name > $2 ORDER BY name LIMIT $3",
        )
        .bind(api_id)
        .bind(after.unwrap_or(""))
        .bind(limit.clamp(1, super::MAX_PAGE))
        .fetch_all(self.pool())
        .await?)
    }

    /// Removes a permission from an API and from every role, client and organization
    /// role granting it. Returns whether it existed.
    pub async fn delete_permission(&self, api_id: &str, name: &str) -> Result<bool> {
        let mut tx = self.pool().begin().await?;
        for table in PERMISSION_REFERENCES {
            sqlx::query(&format!(
                "DELETE FROM {table} WHERE api_id = $1 AND permission = $2"
            ))
            .bind(api_id)
            .bind(name)
            .execute(&mut *tx)
            .await?;
        }
        let found = sqlx::query("DELETE FROM permissions WHERE api_id = $1 AND name = $2")
            .bind(api_id)
            .bind(name)
            .execute(&mut *tx)
            .await?
            .rows_affected();
        tx.commit().await?;
        Ok(found == 1)
    }
}
