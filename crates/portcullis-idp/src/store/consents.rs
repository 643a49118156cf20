//! Consents: what a user allowed a third-party client, per audience.

use super::Store;
use crate::error::Result;

/// One consent, as the user and administrators see it.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct ConsentRow {
    /// The client.
    pub client_id: String,
    /// The client's display name.
    pub client_name: String,
    /// The audience the consent is for.
    pub audience: String,
    /// The consented scopes, space-separated.
    pub scope: String,
    /// When it was first given (NumericDate).
    pub created_at: i64,
    /// When it last changed (NumericDate).
    pub updated_at: i64,
}

impl Store {
    /// The scopes (space-separated) a user consented to for a client and audience, if
    /// any consent was given.
    pub async fn consent(
        &self,
        user_id: &str,
        client_id: &str,
        audience: &str,
    ) -> Result<Option<String>> {
        Ok(sqlx::query_scalar(
            "SELECT scope FROM consents WHERE user_id = $1 AND client_id = $2 AND audience = $3",
        )
        .bind(user_id)
        .bind(client_id)
        .bind(audience)
        .fetch_optional(self.pool())
        .await?)
    }

    /// Records a consent, replacing the scopes of an earlier one for the same client and
    /// audience.
    pub async fn upsert_consent(
        &self,
        user_id: &str,
        client_id: &str,
        audience: &str,
        scope: &str,
        now: i64,
    ) -> Result<()> {
        sqlx::query(
            "INSERT INTO consents (user_id, client_id, audience, scope, created_at, updated_at)
             VALUES ($1, $2, $3, $4, $5, $5)
             ON CONFLICT (user_id, client_id, audience) DO UPDATE SET scope = $4, updated_at = $5",
        )
        .bind(user_id)
        .bind(client_id)
        .bind(audience)
        .bind(scope)
        .bind(now)
        .execute(self.pool())
        .await?;
        Ok(())
    }

    /// A user's consents, by client and audience.
    pub async fn consents_of_user(&self, user_id: &str) -> Result<Vec<ConsentRow>> {
        Ok(sqlx::query_as(
            "SELECT c.client_id, cl.name AS client_name, c.audience, c.scope, c.created_at, c.updated_at
             FROM consents c JOIN clients cl ON cl.id = c.client_id
             WHERE c.user_id = $1 ORDER BY c.client_id, c.audience",
        )
        .bind(user_id)
        .fetch_all(self.pool())
        .await?)
    }

    /// Withdraws a user's consents to a client, atomically with what they allowed: the
    /// client's sessions for the user are revoked and its unexchanged codes for the user
    /// deleted. Returns whether there was a consent.
    pub async fn revoke_consents(&self, user_id: &str, client_id: &str, now: i64) -> Result<bool> {
        let mut tx = self.pool().begin().await?;
        let found = sqlx::query("DELETE FROM consents WHERE user_id = $1 AND client_id = $2")
            .bind(user_id)
            .bind(client_id)
            .execute(&mut *tx)
            .await?
            .rows_affected();
        sqlx::query(
            "UPDATE sessions SET revoked_at = $1
             WHERE user_id = $2 AND client_id = $3 AND revoked_at IS NULL",
        )
        .bind(now)
        .bind(user_id)
        .bind(client_id)
        .execute(&mut *tx)
        .await?;
        sqlx::query("DELETE FROM auth_codes WHERE user_id = $1 AND client_id = $2")
            .bind(user_id)
            .bind(client_id)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(found > 0)
    }
}
