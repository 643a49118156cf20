//! Recording audit events. Best effort: a failed write is logged, never fails the
//! operation it describes (a login must not fail because the audit table is locked).

use serde_json::Value;

use super::Idp;
use crate::ids::time_sorted_id;
use crate::store::AuditRow;

impl Idp {
    /// Records `action` by `actor` on `target` with `details` (a JSON object; never put
    /// secrets in it).
    pub async fn audit(
        &self,
        action: &str,
        actor: Option<&str>,
        target: Option<&str>,
        details: Value,
        now: i64,
    ) {
        let Ok(id) = time_sorted_id("evt", now) else {
            tracing::error!(action, "audit event lost: no random source");
            return;
        };
        let row = AuditRow {
            id,
            at: now,
            action: action.to_owned(),
            actor: actor.map(str::to_owned),
            target: target.map(str::to_owned),
            details: if details.is_object() {
                details.to_string()
            } else {
                "{}".to_owned()
            },
        };
        if let Err(e) = self.store().insert_audit(&row).await {
            tracing::error!(error = %e, action, "audit event lost");
            return;
        }
        if let Err(e) = self.store().enqueue_deliveries(&row.id, action, now).await {
            tracing::error!(error = %e, action, "webhook deliveries not queued");
        }
    }
}

impl Idp {
    /// One key rotation step (see [`crate::KeyRing::rotate`]), audited.
    pub async fn rotate_keys(&self, now: i64, publish_secs: i64) -> crate::Result<crate::Rotation> {
        let step = self.keys().rotate(now, publish_secs).await?;
        let (action, kid) = match &step {
            crate::Rotation::Staged { kid } => ("key.staged", kid),
            crate::Rotation::Promoted { kid } => ("key.promoted", kid),
            crate::Rotation::Waiting { .. } => return Ok(step),
        };
        self.audit(
            action,
            None,
            Some(kid),
            Value::Object(serde_json::Map::new()),
            now,
        )
        .await;
        Ok(step)
    }
}
