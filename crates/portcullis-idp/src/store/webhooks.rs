//! Webhooks and their delivery queue (an outbox: rows are claimed with a lease, so
//! several nodes can deliver without sending an event twice at once).

use super::Store;
use super::audit::AuditRow;
use crate::error::Result;

/// A registered webhook.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct WebhookRow {
    /// `whk_…`.
    pub id: String,
    /// Where events are POSTed.
    pub url: String,
    /// The signing secret, sealed under the master key.
    pub sealed_secret: Vec<u8>,
    /// Which actions: one name, a prefix ending in `.`, or `*`.
    pub events: String,
    /// NumericDate.
    pub created_at: i64,
    /// A flag.
    #[sqlx(try_from = "crate::store::columns::Flag")]
    pub disabled: bool,
}

/// A delivery that is due, with its event and webhook.
#[derive(Debug, Clone)]
pub struct DueDelivery {
    /// Delivery id.
    pub id: String,
    /// Attempts so far.
    pub attempts: i64,
    /// The webhook.
    pub webhook: WebhookRow,
    /// The event.
    pub event: AuditRow,
}

/// How one delivery of an event to a webhook went.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct DeliveryRow {
    /// Attempts so far.
    pub attempts: i64,
    /// When the receiver accepted it, if it has.
    pub delivered_at: Option<i64>,
    /// Why the last attempt failed, if it did.
    pub last_error: Option<String>,
}

impl Store {
    /// Registers a webhook.
    pub async fn insert_webhook(&self, w: &WebhookRow) -> Result<()> {
        sqlx::query("INSERT INTO webhooks (id, url, sealed_secret, events, created_at, disabled) VALUES ($1, $2, $3, $4, $5, 0)")
            .bind(&w.id)
            .bind(&w.url)
            .bind(&w.sealed_secret)
            .bind(&w.events)
            .bind(w.created_at)
            .execute(self.pool())
            .await?;
        Ok(())
    }

    /// Every webhook.
    pub async fn webhooks(&self) -> Result<Vec<WebhookRow>> {
        Ok(sqlx::query_as(
            "SELECT id, url, sealed_secret, events, created_at, disabled FROM webhooks ORDER BY id",
        )
        .fetch_all(self.pool())
        .await?)
    }

    /// Deletes a webhook (and its pending deliveries). Returns whether it existed.
    pub async fn delete_webhook(&self, id: &str) -> Result<bool> {
        Ok(sqlx::query("DELETE FROM webhooks WHERE id = $1")
            .bind(id)
            .execute(self.pool())
            .await?
            .rows_affected()
            > 0)
    }

    /// Queues `event_id` for every enabled webhook whose filter matches `action`: one
    /// statement, since it runs for every audit event (every login).
    pub async fn enqueue_deliveries(&self, event_id: &str, action: &str, now: i64) -> Result<()> {
        sqlx::query(
            "INSERT INTO webhook_deliveries (id, webhook_id, event_id, next_attempt_at)
             SELECT $1 || '_' || id, id, $2, $3 FROM webhooks
             WHERE disabled = 0 AND (events = '*' OR events = $4
                 OR (substr(events, length(events), 1) = '.' AND substr($4, 1, length(events)) = events))",
        )
        .bind(event_id.replacen("evt_", "dlv_", 1))
        .bind(event_id)
        .bind(now)
        .bind(action)
        .execute(self.pool())
        .await?;
        Ok(())
    }

    /// Claims up to `limit` due deliveries for `lease` seconds (others skip them meanwhile).
    pub async fn claim_deliveries(
        &self,
        now: i64,
        lease: i64,
        limit: i64,
    ) -> Result<Vec<DueDelivery>> {
        let ids: Vec<(String, i64, String, String)> = sqlx::query_as(
            "SELECT id, attempts, webhook_id, event_id FROM webhook_deliveries
             WHERE delivered_at IS NULL AND next_attempt_at <= $1 ORDER BY next_attempt_at LIMIT $2",
        )
        .bind(now)
        .bind(limit)
        .fetch_all(self.pool())
        .await?;
        let mut due = Vec::new();
        for (id, attempts, webhook_id, event_id) in ids {
            let claimed = sqlx::query(
                "UPDATE webhook_deliveries SET next_attempt_at = $1 WHERE id = $2 AND delivered_at IS NULL AND next_attempt_at <= $3",
            )
            .bind(now + lease)
            .bind(&id)
            .bind(now)
            .execute(self.pool())
            .await?
            .rows_affected()
                == 1;
            if !claimed {
                continue;
            }
            let webhook: Option<WebhookRow> = sqlx::query_as(
                "SELECT id, url, sealed_secret, events, created_at, disabled FROM webhooks WHERE id = $1",
            )
            .bind(&webhook_id)
            .fetch_optional(self.pool())
            .await?;
            let event: Option<AuditRow> = sqlx::query_as(
                "SELECT id, at, action, actor, target, details FROM audit_events WHERE id = $1",
            )
            .bind(&event_id)
            .fetch_optional(self.pool())
            .await?;
            if let (Some(webhook), Some(event)) = (webhook, event) {
                due.push(DueDelivery {
                    id,
                    attempts,
                    webhook,
                    event,
                });
            }
        }
        Ok(due)
    }

    /// Records the outcome of an attempt: delivered, or the next try (or none: given up).
    pub async fn finish_delivery(
        &self,
        id: &str,
        delivered_at: Option<i64>,
        next_attempt_at: i64,
        error: Option<&str>,
    ) -> Result<()> {
        sqlx::query(
            "UPDATE webhook_deliveries SET attempts = attempts + 1, delivered_at = $1, next_attempt_at = $2, last_error = $3 WHERE id = $4",
        )
        .bind(delivered_at)
        .bind(next_attempt_at)
        .bind(error)
        .bind(id)
        .execute(self.pool())
        .await?;
        Ok(())
    }

    /// A webhook's deliveries, oldest first.
    pub async fn deliveries_of(&self, webhook_id: &str) -> Result<Vec<DeliveryRow>> {
        Ok(sqlx::query_as(
            "SELECT attempts, delivered_at, last_error FROM webhook_deliveries WHERE webhook_id = $1 ORDER BY id",
        )
        .bind(webhook_id)
        .fetch_all(self.pool())
        .await?)
    }
}
