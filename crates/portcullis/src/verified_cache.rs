//! The verified-token cache: exact token → verified [`Principal`], bounded. An entry dies at
//! the token's `exp` (or `iat + max_age`), and when the key that verified it leaves the
//! issuer's key set.

use std::sync::Arc;

use portcullis_jwt::NumericDate;
use quick_cache::sync::Cache;

use crate::Principal;
use crate::keys::KeySource;

/// Default number of cached tokens.
pub const DEFAULT_CACHE_CAPACITY: usize = 10_000;

#[derive(Clone)]
struct Entry {
    principal: Principal,
    valid_until: NumericDate,
    issuer: usize,
    generation: u64,
    kid: Option<Arc<str>>,
}

/// See the module docs.
pub(crate) struct VerifiedCache {
    entries: Cache<String, Entry>,
}

impl VerifiedCache {
    pub(crate) fn new(capacity: usize) -> Self {
        VerifiedCache {
            entries: Cache::new(capacity.max(1)),
        }
    }

    /// The cached identity for exactly this token, if still valid at `now` and its key
    /// is still published.
    pub(crate) fn get(
        &self,
        token: &str,
        now: NumericDate,
        issuers: &[KeySource],
    ) -> Option<Principal> {
        let entry = self.entries.get(token)?;
        if now >= entry.valid_until || !still_keyed(&entry, issuers) {
            self.entries.remove(token);
            return None;
        }
        Some(entry.principal)
    }

    pub(crate) fn insert(
        &self,
        token: &str,
        principal: Principal,
        valid_until: NumericDate,
        issuer: usize,
        generation: u64,
        kid: Option<&str>,
    ) {
        let entry = Entry {
            principal,
            valid_until,
            issuer,
            generation,
            kid: kid.map(Arc::from),
        };
        self.entries.insert(token.to_owned(), entry);
    }
}

/// The entry's key is still in the issuer's current key set.
fn still_keyed(entry: &Entry, issuers: &[KeySource]) -> bool {
    let Some(snap) = issuers.get(entry.issuer).and_then(KeySource::current) else {
        return false;
    };
    if snap.generation == entry.generation {
        return true;
    }
    match &entry.kid {
        Some(kid) => snap.keys.contains_kid(kid),
        // A key without a kid cannot be tracked across loads: verify again.
        None => false,
    }
}
