//! The verified-token cache: exact token → verified [`Principal`], bounded. An entry dies at
//! the token's `exp` (or `iat + max_age`), and when the key that verified it leaves the
//! issuer's key set.
//!
//! A token is cached from its second verification on: the first only leaves its
//! fingerprint in a small table (the "doorkeeper"). Why: a token used once (a stream of
//! fresh tokens, or a scan with stolen ones) would otherwise push a useful entry out and
//! cost an insert plus the eviction of a cold entry on every request, for a hit that
//! never comes. A token used again pays one more signature check, then hits.

use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};

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
    /// Fingerprints of tokens verified once, one per slot (the newest wins a slot).
    /// 32 bits each: a collision only admits a token early, and a small table stays in
    /// the CPU's cache between requests (64 KiB at the default capacity).
    seen: Box<[AtomicU32]>,
}

impl VerifiedCache {
    pub(crate) fn new(capacity: usize) -> Self {
        // As many slots as entries (a power of two), so a token used again within about
        // `capacity` other first-time tokens is still remembered.
        let slots = capacity.clamp(64, 1 << 20).next_power_of_two();
        VerifiedCache {
            entries: Cache::new(capacity.max(1)),
            seen: (0..slots).map(|_| AtomicU32::new(0)).collect(),
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

    /// Caches a token that has just been verified, if it has been verified before.
    /// `signature` is the token's decoded signature, whose first bytes are its
    /// fingerprint: unpredictable for a validly signed token, and a collision only
    /// changes when a token gets cached, never what it verifies as.
    #[allow(clippy::too_many_arguments, reason = "one call site, each value named")]
    pub(crate) fn insert(
        &self,
        token: &str,
        signature: &[u8],
        principal: &Principal,
        valid_until: NumericDate,
        issuer: usize,
        generation: u64,
        kid: Option<&str>,
    ) {
        if !self.seen_before(signature) {
            return;
        }
        let entry = Entry {
            principal: principal.clone(),
            valid_until,
            issuer,
            generation,
            kid: kid.map(Arc::from),
        };
        self.entries.insert(token.to_owned(), entry);
    }

    /// Whether this signature's fingerprint is in the doorkeeper; records it if not.
    fn seen_before(&self, signature: &[u8]) -> bool {
        let mut bytes = [0u8; 8];
        let n = signature.len().min(8);
        bytes[..n].copy_from_slice(&signature[..n]);
        let word = u64::from_le_bytes(bytes);
        // Slot from the low half, fingerprint from the high half; never 0, the value of
        // an empty slot. Truncating to the index and the 32-bit half is the point.
        #[allow(clippy::cast_possible_truncation)]
        let (slot, fingerprint) = (
            &self.seen[word as usize & (self.seen.len() - 1)],
            (word >> 32) as u32 | 1,
        );
        if slot.load(Ordering::Relaxed) == fingerprint {
            return true;
        }
        slot.store(fingerprint, Ordering::Relaxed);
        false
    }
}

/// The entry's key is still in the issuer's current key set.
fn still_keyed(entry: &Entry, issuers: &[KeySource]) -> bool {
    let Some(source) = issuers.get(entry.issuer) else {
        return false;
    };
    source
        .with_current(|snap| {
            if snap.generation == entry.generation {
                return true;
            }
            match &entry.kid {
                Some(kid) => snap.keys.contains_kid(kid),
                // A key without a kid cannot be tracked across loads: verify again.
                None => false,
            }
        })
        .unwrap_or(false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn doorkeeper_admits_a_signature_the_second_time() {
        let cache = VerifiedCache::new(100);
        assert!(!cache.seen_before(b"signature-one"));
        assert!(cache.seen_before(b"signature-one"));
        assert!(cache.seen_before(b"signature-one"));
        assert!(!cache.seen_before(b"another signature"));
        // Short signatures (never valid, but must not panic).
        assert!(!cache.seen_before(b""));
        assert!(cache.seen_before(b""));
    }
}
