//! One immutable view of an issuer's keys: swapped whole, never edited in place.

use portcullis_jwt::{KeySet, Verifier};
use tokio::time::Instant;

/// The keys of one issuer and the verifier for its exact `iss`, as of one fetch.
#[derive(Debug)]
pub(crate) struct Snapshot {
    pub(crate) keys: KeySet,
    pub(crate) verifier: Verifier,
    /// Bumped on every successful load; verified-token cache entries remember it.
    pub(crate) generation: u64,
    /// Until when the keys are fresh (from `Cache-Control`, within bounds).
    pub(crate) fresh_until: Instant,
}

impl Snapshot {
    /// Whether a token with this `kid` could find a key here.
    pub(crate) fn knows(&self, kid: Option<&str>) -> bool {
        match kid {
            None => true,
            Some(kid) => {
                self.keys.contains_kid(kid) || self.keys.keys().iter().any(|k| k.kid().is_none())
            }
        }
    }

    /// The exact issuer tokens must carry.
    pub(crate) fn issuer(&self) -> &str {
        self.verifier.validation().issuer()
    }
}
