//! ② Key sources: where an issuer's verifying keys come from.
//!
//! * [`KeySource::Static`]: a JWKS, PEM or shared secret given at start-up; never fetched.
//! * [`KeySource::Remote`]: an issuer URL (OpenID discovery) or a JWKS URI, cached and
//!   refreshed by [`jwks_cache`].

pub(crate) mod discovery;
pub(crate) mod fetch;
pub(crate) mod jwks_cache;
pub(crate) mod snapshot;
pub(crate) mod url;

use std::sync::Arc;

use tokio::time::Instant;

pub use jwks_cache::JwksOptions;
pub(crate) use jwks_cache::{JwksCache, Location};
pub(crate) use snapshot::Snapshot;

use crate::GuardError;

/// Where one issuer's keys come from.
#[derive(Debug, Clone)]
pub(crate) enum KeySource {
    /// Keys fixed at start-up.
    Static(Arc<Snapshot>),
    /// Keys fetched from the issuer and cached.
    Remote(Arc<JwksCache>),
}

impl KeySource {
    /// A snapshot able to verify a token with `kid` (fetching if allowed).
    pub(crate) async fn snapshot_for(
        &self,
        kid: Option<&str>,
        now: Instant,
    ) -> Result<Arc<Snapshot>, GuardError> {
        match self {
            KeySource::Static(snap) => Ok(Arc::clone(snap)),
            KeySource::Remote(cache) => cache.snapshot_for(kid, now).await,
        }
    }

    /// The snapshot [`KeySource::snapshot_for`] would answer without waiting: `None`
    /// when it would have to fetch first.
    pub(crate) fn snapshot_ready(&self, kid: Option<&str>, now: Instant) -> Option<Arc<Snapshot>> {
        match self {
            KeySource::Static(snap) => Some(Arc::clone(snap)),
            KeySource::Remote(cache) => cache.snapshot_ready(kid, now),
        }
    }

    /// `f` of the snapshot in force right now, if any (no I/O, no `Arc` clone: this runs
    /// on every request).
    pub(crate) fn with_current<R>(&self, f: impl FnOnce(&Snapshot) -> R) -> Option<R> {
        match self {
            KeySource::Static(snap) => Some(f(snap)),
            KeySource::Remote(cache) => cache.with_current(f),
        }
    }

    /// Whether a token claiming `iss` belongs to this issuer.
    pub(crate) fn accepts_issuer(&self, iss: &str) -> bool {
        match self.with_current(|snap| snap.issuer() == iss) {
            Some(same) => same,
            None => match self {
                KeySource::Remote(cache) => url::same_issuer(cache.configured_issuer(), iss),
                KeySource::Static(_) => false,
            },
        }
    }
}
