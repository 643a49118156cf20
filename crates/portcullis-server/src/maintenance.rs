//! Background upkeep: promote a staged signing key once it has been published long
//! enough, delete keys retired long ago, and delete ended sessions and old codes. Safe on several nodes at once (the store
//! makes promotion a compare-and-set).

use std::time::Duration;

use portcullis_idp::{Idp, Rotation};

use crate::clock::Clock;

/// Runs forever; the server aborts it at shutdown.
pub(crate) async fn run(idp: Idp, clock: Clock, publish_delay: i64, retain: i64) {
    let mut tick = tokio::time::interval(Duration::from_secs(60));
    loop {
        tick.tick().await;
        let now = clock.now();
        let staged = match idp.store().keys().await {
            Ok(keys) => keys
                .iter()
                .any(|k| k.state == portcullis_idp::store::KeyState::Next),
            Err(e) => {
                tracing::warn!(error = %e, "key maintenance skipped");
                continue;
            }
        };
        if staged {
            match idp.rotate_keys(now, publish_delay).await {
                Ok(Rotation::Promoted { kid }) => {
                    tracing::info!(%kid, "promoted the staged signing key")
                }
                Ok(_) => {}
                Err(e) => tracing::warn!(error = %e, "key promotion failed"),
            }
        }
        // Ended sessions are kept a day (for the audit trail's sake), then deleted.
        match idp.store().prune_expired(now, now - 24 * 3600).await {
            Ok(0) => {}
            Ok(n) => tracing::debug!(rows = n, "pruned expired sessions and codes"),
            Err(e) => tracing::warn!(error = %e, "pruning sessions failed"),
        }
        // Mail is kept eight days: longer than any link in it lives (invitations, 7 d),
        // so an operator without SMTP can still read it with `portcullis outbox`.
        if let Err(e) = idp.store().prune_outbox(now - 8 * 24 * 3600).await {
            tracing::warn!(error = %e, "pruning the outbox failed");
        }
        if let Err(e) = idp.keys().prune(now, retain).await {
            tracing::warn!(error = %e, "pruning retired keys failed");
        }
    }
}
