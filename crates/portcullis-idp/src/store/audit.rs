//! The append-only `audit_events` table.

use super::Store;
use crate::error::Result;

/// One security-relevant event. Ids sort by time (`evt_<seconds>_<random>`).
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct AuditRow {
    /// `evt_…`.
    pub id: String,
    /// NumericDate.
    pub at: i64,
    /// What happened, e.g. `login.failure`.
    pub action: String,
    /// Who did it (a user id, a client id, an admin's subject), when known.
    pub actor: Option<String>,
    /// What it was done to (a user id, an email, an organization, a key id).
    pub target: Option<String>,
    /// More, as a JSON object. Never secrets.
    pub details: String,
}

/// Largest page of [`Store::audit_events`].
pub const MAX_AUDIT_PAGE: i64 = 500;

impl Store {
    /// Appends an event.
    pub async fn insert_audit(&self, e: &AuditRow) -> Result<()> {
        sqlx::query("INSERT INTO audit_events (id, at, action, actor, target, details) VALUES ($1, $2, $3, $4, $5, $6)")
            .bind(&e.id)
            .bind(e.at)
            .bind(&e.action)
            .bind(&e.actor)
            .bind(&e.target)
            .bind(&e.details)
            .execute(self.pool())
            .await?;
        Ok(())
    }

    /// Events after `after` (an event id), oldest first, optionally of one action or
    /// action prefix (`login.` matches `login.success` and `login.failure`).
    pub async fn audit_events(
        &self,
        after: Option<&str>,
        action: Option<&str>,
        limit: i64,
    ) -> Result<Vec<AuditRow>> {
        let pattern = match action {
            Some(a) if a.ends_with('.') => format!("{}%", super::like_escape(a)),
            Some(a) => super::like_escape(a),
            None => "%".to_owned(),
        };
        Ok(sqlx::query_as(
            "SELECT id, at, action, actor, target, details FROM audit_events
             WHERE id > $1 AND action LIKE $2 ESCAPE '\\' ORDER BY id LIMIT $3",
        )
        .bind(after.unwrap_or(""))
        .bind(pattern)
        .bind(limit.clamp(1, MAX_AUDIT_PAGE))
        .fetch_all(self.pool())
        .await?)
    }
}
