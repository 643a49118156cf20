//! Who must sign in with a second factor: organizations, roles and clients marked so.

use super::Store;
use crate::error::Result;

impl Store {
    /// Marks (`required`) or unmarks a target of `kind`; whether anything changed.
    pub async fn set_mfa_requirement(
        &self,
        kind: &str,
        target_id: &str,
        required: bool,
        now: i64,
    ) -> Result<bool> {
        let changed = if required {
            sqlx::query(
                "INSERT INTO mfa_requirements (kind, target_id, created_at) VALUES ($1, $2, $3)
                 ON CONFLICT DO NOTHING",
            )
            .bind(kind)
            .bind(target_id)
            .bind(now)
            .execute(self.pool())
            .await?
        } else {
            sqlx::query("DELETE FROM mfa_requirements WHERE kind = $1 AND target_id = $2")
                .bind(kind)
                .bind(target_id)
                .execute(self.pool())
                .await?
        };
        Ok(changed.rows_affected() > 0)
    }

    /// Every marked target, as `(kind, target id)`, in a stable order.
    pub async fn mfa_requirements(&self) -> Result<Vec<(String, String)>> {
        Ok(
            sqlx::query_as("SELECT kind, target_id FROM mfa_requirements ORDER BY kind, target_id")
                .fetch_all(self.pool())
                .await?,
        )
    }

    /// The first requirement that covers `user_id` signing in to `client_id`: the client
    /// itself, an organization the user belongs to, or a role the user holds. One query.
    pub async fn mfa_requirement_for(
        &self,
        user_id: &str,
        client_id: Option<&str>,
    ) -> Result<Option<(String, String)>> {
        Ok(sqlx::query_as(
            "SELECT kind, target_id FROM mfa_requirements
             WHERE (kind = 'client' AND target_id = $2)
                OR (kind = 'organization' AND target_id IN (SELECT org_id FROM memberships WHERE user_id = $1))
                OR (kind = 'role' AND target_id IN (SELECT role_id FROM user_roles WHERE user_id = $1))
             ORDER BY kind, target_id
             LIMIT 1",
        )
        .bind(user_id)
        .bind(client_id.unwrap_or_default())
        .fetch_optional(self.pool())
        .await?)
    }
}
