//! Roles: what they grant of each API, and who has them.

use super::{Store, is_unique_violation};
use crate::error::{IdpError, Result};

/// A role.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct RoleRow {
    /// `rol_…`.
    pub id: String,
    /// Unique name, e.g. `admin`.
    pub name: String,
    /// What it is for, for people.
    pub description: Option<String>,
    /// NumericDate.
    pub created_at: i64,
}

/// One permission a role grants.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct RoleGrantRow {
    /// The API's identifier (the audience).
    pub api: String,
    /// The permission.
    pub permission: String,
}

const ROLE_COLUMNS: &str = "id, name, description, created_at";

impl Store {
    /// Creates a role; [`IdpError::Conflict`] if the name is taken.
    pub async fn insert_role(&self, role: &RoleRow) -> Result<()> {
        sqlx::query(
            "INSERT INTO roles (id, name, description, created_at) VALUES ($1, $2, $3, $4)",
        )
        .bind(&role.id)
        .bind(&role.name)
        .bind(&role.description)
        .bind(role.created_at)
        .execute(self.pool())
        .await
        .map_err(|e| {
            if is_unique_violation(&e) {
                IdpError::conflict("a role with this name already exists")
            } else {
                e.into()
            }
        })?;
        Ok(())
    }

    /// The id of the role with this name.
    pub async fn role_id(&self, name: &str) -> Result<Option<String>> {
        Ok(sqlx::query_scalar("SELECT id FROM roles WHERE name = $1")
            .bind(name)
            .fetch_optional(self.pool())
            .await?)
    }

    /// The role with this id (`rol_…`) or name.
    pub async fn role(&self, id_or_name: &str) -> Result<Option<RoleRow>> {
        let sql = format!("SELECT {ROLE_COLUMNS} FROM roles WHERE id = $1 OR name = $1");
        Ok(sqlx::query_as(&sql)
            .bind(id_or_name)
            .fetch_optional(self.pool())
            .await?)
    }

    /// Roles by name, after `after` (exclusive), at most `limit` (clamped to
    /// 1..=[`MAX_PAGE`](super::MAX_PAGE)).
    pub async fn list_roles(&self, after: Option<&str>, limit: i64) -> Result<Vec<RoleRow>> {
        let sql =
            format!("SELECT {ROLE_COLUMNS} FROM roles WHERE name > $1 ORDER BY name LIMIT $2");
        Ok(sqlx::query_as(&sql)
            .bind(after.unwrap_or(""))
            .bind(limit.clamp(1, super::MAX_PAGE))
            .fetch_all(self.pool())
            .await?)
    }

    /// Deletes a role: it no longer grants anything to anyone. Returns whether it existed.
    pub async fn delete_role(&self, role_id: &str) -> Result<bool> {
        let mut tx = self.pool().begin().await?;
        for sql in [
            "DELETE FROM user_roles WHERE role_id = $1",
            "DELETE FROM role_permissions WHERE role_id = $1",
        ] {
            sqlx::query(sql).bind(role_id).execute(&mut *tx).await?;
        }
        let found = sqlx::query("DELETE FROM roles WHERE id = $1")
            .bind(role_id)
            .execute(&mut *tx)
            .await?
            .rows_affected();
        tx.commit().await?;
        Ok(found == 1)
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

    /// Stops a role granting an API permission. Returns whether it did.
    pub async fn revoke_role_permission(
        &self,
        role_id: &str,
        api_id: &str,
        permission: &str,
    ) -> Result<bool> {
        Ok(sqlx::query(
            "DELETE FROM role_permissions WHERE role_id = $1 AND api_id = $2 AND permission = $3",
        )
        .bind(role_id)
        .bind(api_id)
        .bind(permission)
        .execute(self.pool())
        .await?
        .rows_affected()
            == 1)
    }

    /// What a role grants, by API identifier and permission.
    pub async fn role_grants(&self, role_id: &str) -> Result<Vec<RoleGrantRow>> {
        Ok(sqlx::query_as(
            "SELECT a.identifier AS api, rp.permission FROM role_permissions rp
             JOIN apis a ON a.id = rp.api_id
             WHERE rp.role_id = $1 ORDER BY a.identifier, rp.permission",
        )
        .bind(role_id)
        .fetch_all(self.pool())
        .await?)
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

    /// Takes a role from a user. Returns whether they had it.
    pub async fn unassign_role(&self, user_id: &str, role_id: &str) -> Result<bool> {
        Ok(
            sqlx::query("DELETE FROM user_roles WHERE user_id = $1 AND role_id = $2")
                .bind(user_id)
                .bind(role_id)
                .execute(self.pool())
                .await?
                .rows_affected()
                == 1,
        )
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
}
