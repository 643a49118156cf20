//! Per-client rate limit of token introspection. A resource server authenticates as its
//! client and is limited by its own calls, not by its address: the junk tokens its
//! users send, or other clients behind the same address, cannot use up its quota (and
//! turn valid API keys into 503s). Calls that do not authenticate stay under the
//! per-IP limit ([`crate::ip_limit`]). In memory, per node.

use std::sync::Arc;

use governor::{DefaultKeyedRateLimiter, RateLimiter};

use crate::ip_limit::{Limited, quota};

/// The limiter, keyed by client id (only clients that authenticated are keys, so the
/// key space is the registered clients).
#[derive(Clone)]
pub(crate) struct ClientLimit {
    limiter: Arc<DefaultKeyedRateLimiter<String>>,
}

impl std::fmt::Debug for ClientLimit {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ClientLimit").finish_non_exhaustive()
    }
}

impl ClientLimit {
    /// `per_minute` calls per client, with bursts of a quarter of that (at least 5).
    pub(crate) fn new(per_minute: u32) -> Self {
        Self {
            limiter: Arc::new(RateLimiter::keyed(quota(per_minute))),
        }
    }

    /// Counts one call of an authenticated client: the 429 answer if it is over.
    pub(crate) fn check(&self, client_id: &str) -> Result<(), Limited> {
        self.limiter
            .check_key(&client_id.to_owned())
            .map_err(|not_until| Limited::until(&not_until))
    }

    /// Forgets idle clients; call periodically.
    pub(crate) fn forget_idle(&self) {
        self.limiter.retain_recent();
    }
}
