//! Webhooks: audit events POSTed to your endpoints, signed with HMAC-SHA256, retried
//! with exponential backoff. The domain queues and signs; the server delivers.

use aws_lc_rs::hmac;

use super::Idp;
use super::audit::{AuditAction, AuditEvent};
use crate::error::{IdpError, Result};
use crate::ids::{new_id, new_token};
use crate::secret::Secret;
use crate::store::WebhookRow;

/// Attempts before a delivery is given up.
pub const MAX_ATTEMPTS: i64 = 10;

/// Seconds to wait after `attempts` failed attempts (5 s doubling, at most an hour), or
/// `None` when it is time to give up.
pub fn retry_delay(attempts: i64) -> Option<i64> {
    if attempts >= MAX_ATTEMPTS {
        return None;
    }
    let exp = u32::try_from(attempts.max(0)).unwrap_or(31).min(20);
    Some((5i64 << exp).min(3600))
}

/// The `Portcullis-Signature` header value for `body` sent at `timestamp`:
/// `t=<timestamp>,v1=<hex HMAC-SHA256(secret, "<timestamp>.<body>")>`. Receivers
/// recompute it, compare in constant time, and refuse old timestamps.
///
/// ```
/// let sig = portcullis_idp::webhook_signature(b"whsec_test", 1_700_000_000, b"{}");
/// assert!(sig.starts_with("t=1700000000,v1="));
/// assert_eq!(sig.len(), "t=1700000000,v1=".len() + 64);
/// ```
pub fn webhook_signature(secret: &[u8], timestamp: i64, body: &[u8]) -> String {
    let key = hmac::Key::new(hmac::HMAC_SHA256, secret);
    let mut ctx = hmac::Context::with_key(&key);
    ctx.update(timestamp.to_string().as_bytes());
    ctx.update(b".");
    ctx.update(body);
    let tag = ctx.sign();
    let hex: String = tag.as_ref().iter().map(|b| format!("{b:02x}")).collect();
    format!("t={timestamp},v1={hex}")
}

impl Idp {
    /// Registers a webhook for `events` (an action such as `login.failure`, a prefix
    /// ending in `.` such as `login.`, or `*`). The URL must pass the outbound policy
    /// ([`IdpConfig::outbound`](super::IdpConfig::outbound)) and is stored in its
    /// normal form. Returns the webhook and its signing secret, shown once and stored
    /// sealed.
    pub async fn create_webhook(
        &self,
        url: &str,
        events: &str,
        now: i64,
    ) -> Result<(WebhookRow, Secret)> {
        let url = self
            .config()
            .outbound
            .parse(url)
            .map_err(|e| IdpError::invalid(format!("url {e}")))?;
        // A filter that can never match is a typo: it must name an action, or a prefix
        // ending in '.' of at least one.
        let events_ok = events == "*"
            || AuditAction::ALL.iter().any(|a| {
                let name = a.as_str();
                name == events || (events.ends_with('.') && name.starts_with(events))
            });
        if !events_ok {
            return Err(IdpError::invalid(
                "events must be an audit action (such as login.failure), a prefix of one ending in '.' (login.), or '*'",
            ));
        }
        let secret = new_token("whsec")?;
        let id = new_id("whk")?;
        let row = WebhookRow {
            sealed_secret: self.keys().seal(secret.as_bytes(), id.as_bytes())?,
            id,
            url: url.as_str().to_owned(),
            events: events.to_owned(),
            created_at: now,
            disabled: false,
        };
        self.store().insert_webhook(&row).await?;
        let details = serde_json::json!({ "url": row.url, "events": row.events });
        let event = AuditEvent::new(AuditAction::WebhookCreated).on(&row.id);
        self.audit(event.with(details), now).await;
        Ok((row, Secret::new(secret)))
    }

    /// Deletes a webhook and its pending deliveries; `false` if there is none.
    pub async fn delete_webhook(&self, id: &str, now: i64) -> Result<bool> {
        let deleted = self.store().delete_webhook(id).await?;
        if deleted {
            let event = AuditEvent::new(AuditAction::WebhookDeleted).on(id);
            self.audit(event, now).await;
        }
        Ok(deleted)
    }

    /// A webhook's signing secret.
    pub fn webhook_secret(&self, webhook: &WebhookRow) -> Result<Secret> {
        let plain = self
            .keys()
            .open(&webhook.sealed_secret, webhook.id.as_bytes())?;
        String::from_utf8(plain.to_vec())
            .map(Secret::new)
            .map_err(|_| IdpError::Keys("webhook secret is not text".into()))
    }
}

/// Reads (and worker bookkeeping) that the server and the CLI go through `Idp` for.
impl Idp {
    /// Every webhook.
    pub async fn webhooks(&self) -> crate::Result<Vec<crate::store::WebhookRow>> {
        self.store().webhooks().await
    }

    /// The deliveries of a webhook, oldest first.
    pub async fn deliveries_of(
        &self,
        webhook_id: &str,
    ) -> crate::Result<Vec<crate::store::DeliveryRow>> {
        self.store().deliveries_of(webhook_id).await
    }

    /// Claims due webhook deliveries for `lease` seconds (so two nodes never send one twice).
    pub async fn claim_deliveries(
        &self,
        now: i64,
        lease: i64,
        limit: i64,
    ) -> crate::Result<Vec<crate::store::DueDelivery>> {
        self.store().claim_deliveries(now, lease, limit).await
    }

    /// Records a delivery attempt's outcome.
    pub async fn finish_delivery(
        &self,
        id: &str,
        delivered_at: Option<i64>,
        next_attempt_at: i64,
        error: Option<&str>,
    ) -> crate::Result<()> {
        self.store()
            .finish_delivery(id, delivered_at, next_attempt_at, error)
            .await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_caps_and_gives_up() {
        assert_eq!(
            (0..4).map(retry_delay).collect::<Vec<_>>(),
            [Some(5), Some(10), Some(20), Some(40)]
        );
        assert_eq!(retry_delay(9), Some(2560));
        assert_eq!(retry_delay(10), None);
    }
}
