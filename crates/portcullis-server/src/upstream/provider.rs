//! What the issuer knows of a provider: its discovery document and its keys, fetched
//! through the outbound policy and kept for a while.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use portcullis_jwt::KeySet;
use serde::Deserialize;
use tokio::time::{Duration, Instant};

use super::UpstreamError;
use crate::outbound::OutboundClient;

/// A discovery document or key set is kept this long.
const KEEP: Duration = Duration::from_secs(10 * 60);
/// After an unknown `kid`, the keys are fetched again at most this often.
const REFETCH_COOLDOWN: Duration = Duration::from_secs(10);
/// The largest discovery document, key set, token response or user info read.
pub(super) const MAX_BODY: usize = 256 * 1024;

/// The parts of a provider's discovery document (OpenID Connect Discovery 1.0) used.
#[derive(Debug, Clone, Deserialize)]
pub(super) struct Metadata {
    pub issuer: String,
    pub authorization_endpoint: String,
    pub token_endpoint: String,
    pub jwks_uri: String,
    #[serde(default)]
    pub userinfo_endpoint: Option<String>,
    /// RFC 9207: the provider names itself in every authorization response.
    #[serde(default)]
    pub authorization_response_iss_parameter_supported: bool,
}

/// One provider's metadata and keys, and when each was fetched.
#[derive(Clone)]
struct Known {
    metadata: Metadata,
    fetched: Instant,
    keys: Option<(Arc<KeySet>, Instant)>,
}

/// The providers' metadata and keys, by issuer.
#[derive(Default)]
pub(super) struct Providers {
    known: Mutex<HashMap<String, Known>>,
}

impl std::fmt::Debug for Providers {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Providers").finish_non_exhaustive()
    }
}

impl Providers {
    fn cached(&self, issuer: &str) -> Option<Known> {
        self.known
            .lock()
            .ok()
            .and_then(|k| k.get(issuer).cloned())
            .filter(|k| k.fetched.elapsed() < KEEP)
    }

    fn store(&self, issuer: &str, known: Known) {
        if let Ok(mut k) = self.known.lock() {
            k.insert(issuer.to_owned(), known);
        }
    }

    /// The discovery document of `issuer`, which must name exactly that issuer.
    pub(super) async fn metadata(
        &self,
        http: &OutboundClient,
        issuer: &str,
    ) -> Result<Metadata, UpstreamError> {
        if let Some(k) = self.cached(issuer) {
            return Ok(k.metadata);
        }
        let url = format!(
            "{}/.well-known/openid-configuration",
            issuer.trim_end_matches('/')
        );
        let answer = http.send(&url, &[], None, MAX_BODY).await?;
        if answer.status != 200 {
            return Err(UpstreamError::Provider(format!(
                "discovery answered {}",
                answer.status
            )));
        }
        let metadata: Metadata = serde_json::from_slice(&answer.body)
            .map_err(|e| UpstreamError::Provider(format!("discovery document: {e}")))?;
        // OpenID Connect Discovery §4.3: the document must name the issuer it was
        // fetched for, exactly.
        if metadata.issuer != issuer {
            return Err(UpstreamError::Provider(format!(
                "the discovery document names issuer {:?}",
                metadata.issuer
            )));
        }
        self.store(
            issuer,
            Known {
                metadata: metadata.clone(),
                fetched: Instant::now(),
                keys: None,
            },
        );
        Ok(metadata)
    }

    /// The provider's keys; fetched again when `kid` is not among them (at most every
    /// [`REFETCH_COOLDOWN`]).
    pub(super) async fn keys(
        &self,
        http: &OutboundClient,
        issuer: &str,
        kid: Option<&str>,
    ) -> Result<Arc<KeySet>, UpstreamError> {
        let known = match self.cached(issuer) {
            Some(k) => k,
            None => {
                self.metadata(http, issuer).await?;
                self.cached(issuer)
                    .ok_or_else(|| UpstreamError::Provider("metadata not kept".into()))?
            }
        };
        if let Some((keys, at)) = &known.keys {
            let has_kid = kid.is_none_or(|kid| keys.contains_kid(kid));
            if at.elapsed() < KEEP && (has_kid || at.elapsed() < REFETCH_COOLDOWN) {
                return Ok(Arc::clone(keys));
            }
        }
        let answer = http
            .send(&known.metadata.jwks_uri, &[], None, MAX_BODY)
            .await?;
        if answer.status != 200 {
            return Err(UpstreamError::Provider(format!(
                "the key set answered {}",
                answer.status
            )));
        }
        let keys = Arc::new(
            KeySet::from_jwks_json(&answer.body)
                .map_err(|e| UpstreamError::Provider(format!("key set: {e}")))?,
        );
        self.store(
            issuer,
            Known {
                keys: Some((Arc::clone(&keys), Instant::now())),
                ..known
            },
        );
        Ok(keys)
    }
}
