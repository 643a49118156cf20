//! Delivering webhooks: every second, claim due deliveries (with a lease, so nodes do
//! not collide), POST each event signed with the webhook's secret, and record success
//! or schedule the retry. Requests go through [`OutboundClient`], and what is recorded
//! for the admin is its coarse [`OutboundFailure`](crate::outbound::OutboundFailure).

use std::time::Duration;

use portcullis_idp::model::DueDelivery;
use portcullis_idp::outbound::OutboundPolicy;
use portcullis_idp::{Idp, retry_delay, webhook_signature};
use serde_json::json;

use crate::clock::Clock;
use crate::outbound::OutboundClient;

/// Seconds a claimed delivery is left to the claiming node.
const LEASE: i64 = 60;

/// Runs forever; the server aborts it at shutdown.
pub(crate) async fn run(idp: Idp, clock: Clock, policy: OutboundPolicy) {
    let http = match OutboundClient::new(policy) {
        Ok(c) => c,
        Err(e) => {
            tracing::error!(error = %e, "webhook delivery disabled: no HTTP client");
            return;
        }
    };
    let mut tick = tokio::time::interval(Duration::from_secs(1));
    loop {
        tick.tick().await;
        let now = clock.now();
        let due = match idp.claim_deliveries(now, LEASE, 20).await {
            Ok(d) => d,
            Err(e) => {
                tracing::warn!(error = %e, "webhook queue unavailable");
                continue;
            }
        };
        for d in due {
            deliver(&idp, &http, d, &clock).await;
        }
    }
}

async fn deliver(idp: &Idp, http: &OutboundClient, d: DueDelivery, clock: &Clock) {
    let now = clock.now();
    let body = json!({
        "id": d.event.id,
        "at": d.event.at,
        "action": d.event.action,
        "actor": d.event.actor,
        "target": d.event.target,
        "details": serde_json::from_str::<serde_json::Value>(&d.event.details).unwrap_or_else(|_| json!({})),
    })
    .to_string();
    let outcome = match idp.webhook_secret(&d.webhook) {
        Ok(secret) => {
            let signature = webhook_signature(secret.expose().as_bytes(), now, body.as_bytes());
            http.post_json(
                &d.webhook.url,
                &[
                    ("portcullis-signature", &signature),
                    ("portcullis-event-id", &d.event.id),
                ],
                body,
            )
            .await
            .map_err(|failure| failure.to_string())
        }
        Err(e) => {
            tracing::error!(webhook = %d.webhook.id, error = %e, "webhook secret unavailable");
            Err("not delivered: the signing secret is unavailable".to_owned())
        }
    };
    let recorded = match outcome {
        Ok(()) => idp.finish_delivery(&d.id, Some(now), now, None).await,
        Err(error) => {
            let next = retry_delay(d.attempts).map_or(i64::MAX / 2, |delay| now + delay);
            if next == i64::MAX / 2 {
                tracing::warn!(webhook = %d.webhook.id, event = %d.event.id, %error, "webhook delivery given up");
            }
            idp.finish_delivery(&d.id, None, next, Some(&error)).await
        }
    };
    if let Err(e) = recorded {
        tracing::warn!(error = %e, "webhook delivery outcome not recorded");
    }
}
