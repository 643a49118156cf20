//! APIs (audiences), their permissions, roles, and machine clients.

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
}

/// A machine client (client credentials grant).
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
}

fn conflict(e: sqlx::Error, what: &str) -> IdpError {
    if is_unique_violation(&e) {
        IdpError::invalid(format!("{what} already exists"))
    } else {
        e.into()
    }
}

impl Store {
    /// Registers an API.
    pub async fn insert_api(&self, api: &ApiRow, now: i64) -> Result<()> {
        sqlx::query("INSERT INTO apis (id, identifier, name, created_at) VALUES ($1, $2, $3, $4)")
            .bind(&api.id)
            .bind(&api.identifier)
            .bind(&api.name)
            .bind(now)
            .execute(self.pool())
            .await
            .map_err(|e| conflict(e, "an API with this identifier"))?;
        Ok(())
    }

    /// The API with this audience identifier.
    pub async fn api_by_identifier(&self, identifier: &str) -> Result<Option<ApiRow>> {
        Ok(
            sqlx::query_as("SELECT id, identifier, name FROM apis WHERE identifier = $1")
                .bind(identifier)
                .fetch_optional(self.pool())
                .await?,
        )
    }

    /// Adds a permission to an API (idempotent).
    pub async fn insert_permission(&self, api_id: &str, name: &str) -> Result<()> {
        sqlx::query(
            "INSERT INTO permissions (api_id, name) VALUES ($1, $2) ON CONFLICT DO NOTHING",
        )
        .bind(api_id)
        .bind(name)
        .execute(self.pool())
        .await?;
        Ok(())
    }

    /// Creates a role.
    pub async fn insert_role(&self, id: &str, name: &str, now: i64) -> Result<()> {
        sqlx::query("INSERT INTO roles (id, name, created_at) VALUES ($1, $2, $3)")
            .bind(id)
            .bind(name)
            .bind(now)
            .execute(self.pool())
            .await
            .map_err(|e| conflict(e, "a role with this name"))?;
        Ok(())
    }

    /// The id of the role with this name.
    pub async fn role_id(&self, name: &str) -> Result<Option<String>> {
        Ok(sqlx::query_scalar("SELECT id FROM roles WHERE name = $1")
            .bind(name)
            .fetch_optional(self.pool())
            .await?)
    }

    /// Lets a role grant an API permission (idempotent; the permission must exist).
    pub async fn grant_role_permission(
        &self,
        role_id: &str,
        api_id: &str,
        permission: &str,
    ) -> Result<()> {
        sqlx::query(
            "INSERT INTO role_permissions (role_id, api_id, permission) VALUES ($1, $2, $3)
             ON CONFLICT DO NOTHING",
        )
        .bind(role_id)
        .bind(api_id)
        .bind(permission)
        .execute(self.pool())
        .await?;
        Ok(())
    }

    /// Gives a user a role (idempotent).
    pub async fn assign_role(&self, user_id: &str, role_id: &str) -> Result<()> {
        sqlx::query(
            "INSERT INTO user_roles (user_id, role_id) VALUES ($1, $2) ON CONFLICT DO NOTHING",
        )
        .bind(user_id)
        .bind(role_id)
        .execute(self.pool())
        .await?;
        Ok(())
    }

    /// The permissions a user's roles grant on one API, sorted.
    pub async fn user_permissions(&self, user_id: &str, api_id: &str) -> Result<Vec<String>> {
        Ok(sqlx::query_scalar(
            "SELECT DISTINCT rp.permission FROM user_roles ur
             JOIN role_permissions rp ON rp.role_id = ur.role_id
             WHERE ur.user_id = $1 AND rp.api_id = $2
             ORDER BY rp.permission",
        )
        .bind(user_id)
        .bind(api_id)
        .fetch_all(self.pool())
        .await?)
    }

    /// The names of a user's roles, sorted.
    pub async fn user_roles(&self, user_id: &str) -> Result<Vec<String>> {
        Ok(sqlx::query_scalar(
            "SELECT r.name FROM user_roles ur JOIN roles r ON r.id = ur.role_id
             WHERE ur.user_id = $1 ORDER BY r.name",
        )
        .bind(user_id)
        .fetch_all(self.pool())
        .await?)
    }

    /// Registers a machine client.
    pub async fn insert_client(&self, client: &ClientRow, now: i64) -> Result<()> {
        sqlx::query(
            "INSERT INTO clients (id, name, secret_hash, audience, disabled, created_at)
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(&client.id)
        .bind(&client.name)
        .bind(&client.secret_hash)
        .bind(&client.audience)
        .bind(client.disabled)
        .bind(now)
        .execute(self.pool())
        .await
        .map_err(|e| conflict(e, "a client with this id"))?;
        Ok(())
    }

    /// The client with this id.
    pub async fn client_by_id(&self, id: &str) -> Result<Option<ClientRow>> {
        Ok(sqlx::query_as(
            "SELECT id, name, secret_hash, audience, disabled FROM clients WHERE id = $1",
        )
        .bind(id)
        .fetch_optional(self.pool())
        .await?)
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
