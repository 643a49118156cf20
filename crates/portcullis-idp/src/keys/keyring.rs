//! [`KeyRing`]: the active signing keys, the published set, and rotation.
//!
//! Two lineages share the table: slot 1 signs access tokens with the configured
//! algorithm; slot 2 signs ID tokens with RS256, the algorithm OpenID Connect requires
//! every provider to offer (and the default of `id_token_signed_response_alg`), unless
//! slot 1 is RS256 already. A client that registered the access-token algorithm for its
//! ID tokens gets them signed by slot 1. Both rotate together.

use std::sync::{Arc, Mutex, PoisonError};

use portcullis_jwt::{Algorithm, KeySet, SigningKey};

use super::MasterKey;
use crate::error::{IdpError, Result};
use crate::store::{KeyRow, Store};

/// What one call to [`KeyRing::rotate`] did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Rotation {
    /// A next key was generated and published; it signs nothing yet.
    Staged {
        /// Its kid.
        kid: String,
    },
    /// The staged key has been published long enough and now signs.
    Promoted {
        /// Its kid.
        kid: String,
    },
    /// The staged key must stay published a little longer before it may sign.
    Waiting {
        /// Its kid.
        kid: String,
        /// When it may be promoted (NumericDate).
        until: i64,
    },
}

/// The issuer's keys, backed by the store, so every node signs with the one active key
/// of each lineage.
#[derive(Debug)]
pub struct KeyRing {
    store: Store,
    master: MasterKey,
    tokens: Lineage,
    id_tokens: Option<Lineage>,
    /// The published set, parsed for the issuer's own checks, and when it was read.
    verifying: Mutex<Option<(std::time::Instant, Arc<KeySet>)>>,
}

/// One lineage of keys: its slot, algorithm and the decrypted active key.
#[derive(Debug)]
struct Lineage {
    slot: i64,
    alg: Algorithm,
    cached: Mutex<Option<Arc<SigningKey>>>,
    /// The active kid as last read, and when: re-read at most every few seconds.
    active: Mutex<Option<(String, std::time::Instant)>>,
}

impl Lineage {
    fn new(slot: i64, alg: Algorithm) -> Self {
        Self {
            slot,
            alg,
            cached: Mutex::new(None),
            active: Mutex::new(None),
        }
    }
}

/// How long the active key id is trusted before asking the store again. A rotation on
/// another node is seen this late at most, long after the new key was published.
const ACTIVE_KID_TTL: std::time::Duration = std::time::Duration::from_secs(5);

/// How long the parsed published set is reused by [`KeyRing::verifying_keys`].
const VERIFYING_KEYS_TTL: std::time::Duration = std::time::Duration::from_secs(5);

fn keys_error(e: impl std::fmt::Display) -> IdpError {
    IdpError::Keys(e.to_string())
}

impl KeyRing {
    /// A key ring whose access tokens are signed with `alg` (ES256, RS256 or EdDSA);
    /// ID tokens are signed with RS256.
    pub fn new(store: Store, master: MasterKey, alg: Algorithm) -> Result<Self> {
        if alg.is_symmetric() {
            return Err(IdpError::invalid(
                "the issuer signs with an asymmetric algorithm",
            ));
        }
        Ok(Self {
            store,
            master,
            tokens: Lineage::new(1, alg),
            id_tokens: (alg != Algorithm::RS256).then(|| Lineage::new(2, Algorithm::RS256)),
            verifying: Mutex::new(None),
        })
    }

    fn lineages(&self) -> impl Iterator<Item = &Lineage> {
        std::iter::once(&self.tokens).chain(self.id_tokens.as_ref())
    }

    fn new_row(&self, lineage: &Lineage, now: i64) -> Result<KeyRow> {
        let key = SigningKey::generate(lineage.alg).map_err(keys_error)?;
        let jwk = key
            .public_jwk()
            .ok_or_else(|| keys_error("no public key"))?;
        let kid = jwk.thumbprint().map_err(keys_error)?;
        let key = key.with_kid(kid.clone());
        let jwk = key
            .public_jwk()
            .ok_or_else(|| keys_error("no public key"))?;
        let der = key.to_pkcs8_der().map_err(keys_error)?;
        Ok(KeyRow {
            sealed_private_key: self.master.seal(&der, kid.as_bytes())?,
            public_jwk: serde_json::to_string(&jwk).map_err(keys_error)?,
            alg: lineage.alg.name().to_owned(),
            // What it is stored as is the insert's choice (active for the first key).
            state: crate::store::KeyState::Next,
            created_at: now,
            activated_at: None,
            retired_at: None,
            slot: lineage.slot,
            kid,
        })
    }

    /// Seals another secret under the master key (e.g. a webhook signing secret).
    pub fn seal(&self, plaintext: &[u8], aad: &[u8]) -> Result<Vec<u8>> {
        self.master.seal(plaintext, aad)
    }

    /// Opens what [`seal`](Self::seal) sealed with the same `aad`.
    pub fn open(&self, sealed: &[u8], aad: &[u8]) -> Result<zeroize::Zeroizing<Vec<u8>>> {
        self.master.open(sealed, aad)
    }

    /// The algorithm of access tokens.
    pub fn algorithm(&self) -> Algorithm {
        self.tokens.alg
    }

    /// Every algorithm this issuer signs with, RS256 first (the default of
    /// `id_token_signed_response_alg`, which OpenID Connect requires every provider to
    /// offer), then the access-token algorithm if it differs. What discovery advertises
    /// and what a client may register for its ID tokens.
    pub fn signing_algorithms(&self) -> Vec<Algorithm> {
        let default = self.id_tokens.as_ref().unwrap_or(&self.tokens).alg;
        let mut algs = vec![default];
        if self.tokens.alg != default {
            algs.push(self.tokens.alg);
        }
        algs
    }

    /// Generates the first key of each lineage unless one is active (safe when nodes
    /// race).
    pub async fn ensure_active(&self, now: i64) -> Result<()> {
        for lineage in self.lineages() {
            if self.store.active_kid(lineage.slot).await?.is_none() {
                let row = self.new_row(lineage, now)?;
                if self.store.insert_active_key_if_none(&row).await? {
                    tracing::info!(kid = %row.kid, alg = %row.alg, slot = row.slot, "generated the first signing key");
                }
            }
        }
        Ok(())
    }

    /// The key that signs access tokens now. Asks the store which key is active
    /// (another node may have rotated) and decrypts it only when it changed.
    pub async fn signer(&self) -> Result<Arc<SigningKey>> {
        self.active_key(&self.tokens).await
    }

    /// The key that signs ID tokens now by default (RS256).
    pub async fn id_token_signer(&self) -> Result<Arc<SigningKey>> {
        self.active_key(self.id_tokens.as_ref().unwrap_or(&self.tokens))
            .await
    }

    /// The key that signs ID tokens with `alg` now: the lineage of that algorithm
    /// (RS256, or the access-token algorithm). An algorithm this issuer does not sign
    /// with is an error.
    pub async fn id_token_signer_for(&self, alg: Algorithm) -> Result<Arc<SigningKey>> {
        let lineage = self
            .lineages()
            .find(|l| l.alg == alg)
            .ok_or_else(|| keys_error(format!("this issuer does not sign with {}", alg.name())))?;
        self.active_key(lineage).await
    }

    async fn active_key(&self, lineage: &Lineage) -> Result<Arc<SigningKey>> {
        let fresh = lineage
            .active
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
            .filter(|(_, at)| at.elapsed() < ACTIVE_KID_TTL)
            .map(|(kid, _)| kid);
        let kid = match fresh {
            Some(kid) => kid,
            None => {
                let kid = self
                    .store
                    .active_kid(lineage.slot)
                    .await?
                    .ok_or_else(|| keys_error("no active signing key"))?;
                *lineage
                    .active
                    .lock()
                    .unwrap_or_else(PoisonError::into_inner) =
                    Some((kid.clone(), std::time::Instant::now()));
                kid
            }
        };
        let cached = lineage
            .cached
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone();
        if let Some(key) = cached.filter(|k| k.kid() == Some(kid.as_str())) {
            return Ok(key);
        }
        let row = self
            .store
            .key(&kid)
            .await?
            .ok_or_else(|| keys_error("active key vanished"))?;
        let der = self
            .master
            .open(&row.sealed_private_key, row.kid.as_bytes())?;
        let alg = Algorithm::from_name(&row.alg)
            .ok_or_else(|| keys_error("unknown algorithm in store"))?;
        let key = Arc::new(
            SigningKey::from_pkcs8_der(alg, &der)
                .map_err(keys_error)?
                .with_kid(kid),
        );
        *lineage
            .cached
            .lock()
            .unwrap_or_else(PoisonError::into_inner) = Some(Arc::clone(&key));
        Ok(key)
    }

    /// The public JWK set: the next, active, and retired keys (retired ones until
    /// `retain_secs` after they stopped signing, so their tokens keep verifying).
    pub async fn jwks(&self, now: i64, retain_secs: i64) -> Result<serde_json::Value> {
        let keys = self
            .store
            .keys()
            .await?
            .into_iter()
            .filter(|k| {
                k.state != crate::store::KeyState::Retired
                    || k.retired_at.is_some_and(|t| t + retain_secs > now)
            })
            .filter_map(|k| serde_json::from_str::<serde_json::Value>(&k.public_jwk).ok())
            .collect::<Vec<_>>();
        Ok(serde_json::json!({ "keys": keys }))
    }

    /// The published set (as [`jwks`](Self::jwks)) parsed for verification, re-read
    /// from the store at most every few seconds (`fresh` forces a read). Keys are
    /// published long before they sign, so a set this recent holds every signer.
    pub async fn verifying_keys(
        &self,
        now: i64,
        retain_secs: i64,
        fresh: bool,
    ) -> Result<Arc<KeySet>> {
        let cached = self
            .verifying
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
            .filter(|(at, _)| !fresh && at.elapsed() < VERIFYING_KEYS_TTL);
        if let Some((_, keys)) = cached {
            return Ok(keys);
        }
        let jwks = self.jwks(now, retain_secs).await?.to_string();
        let keys = Arc::new(KeySet::from_jwks_json(jwks.as_bytes()).map_err(keys_error)?);
        *self
            .verifying
            .lock()
            .unwrap_or_else(PoisonError::into_inner) =
            Some((std::time::Instant::now(), Arc::clone(&keys)));
        Ok(keys)
    }

    /// One step of rotation: stage a next key (published, not signing), or promote the
    /// staged key once it has been published for `publish_secs` (longer than verifiers
    /// cache the JWKS), so no verifier ever sees a token signed by a key it cannot fetch.
    /// Both lineages take the step; the access-token lineage's step is returned.
    pub async fn rotate(&self, now: i64, publish_secs: i64) -> Result<Rotation> {
        let keys = self.store.keys().await?;
        if let Some(id_tokens) = &self.id_tokens {
            let step = self
                .rotate_lineage(id_tokens, &keys, now, publish_secs)
                .await?;
            tracing::debug!(?step, "ID token key rotation");
        }
        self.rotate_lineage(&self.tokens, &keys, now, publish_secs)
            .await
    }

    async fn rotate_lineage(
        &self,
        lineage: &Lineage,
        keys: &[KeyRow],
        now: i64,
        publish_secs: i64,
    ) -> Result<Rotation> {
        let staged = keys
            .iter()
            .find(|k| k.state == crate::store::KeyState::Next && k.slot == lineage.slot)
            .cloned();
        match staged {
            None => {
                let row = self.new_row(lineage, now)?;
                self.store.insert_next_key(&row).await?;
                tracing::info!(kid = %row.kid, slot = row.slot, "staged the next signing key");
                Ok(Rotation::Staged { kid: row.kid })
            }
            Some(next) if next.created_at + publish_secs <= now => {
                self.store.promote_key(&next.kid, now).await?;
                *lineage
                    .active
                    .lock()
                    .unwrap_or_else(PoisonError::into_inner) = None;
                tracing::info!(kid = %next.kid, "the staged signing key now signs");
                Ok(Rotation::Promoted { kid: next.kid })
            }
            Some(next) => Ok(Rotation::Waiting {
                until: next.created_at + publish_secs,
                kid: next.kid,
            }),
        }
    }

    /// Deletes keys retired more than `retain_secs` ago.
    pub async fn prune(&self, now: i64, retain_secs: i64) -> Result<u64> {
        self.store
            .delete_keys_retired_before(now - retain_secs)
            .await
    }
}
