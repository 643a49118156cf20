//! Building a [`Guard`]: issuers, token sources, caches, error format. All checks that
//! can fail happen here, at start-up, never on the request path.

use std::sync::Arc;

use portcullis_jwt::{KeySet, Verifier, VerifyingKey};

use crate::authenticator::Authenticator;
use crate::introspection::{Introspection, Introspector};
use crate::issuer::KeysConfig;
use crate::keys::{JwksCache, JwksOptions, KeySource, Location, Snapshot, fetch, url};
use crate::verified_cache::{DEFAULT_CACHE_CAPACITY, VerifiedCache};
use crate::{
    BuildError, ClaimsMapping, ErrorFormat, Guard, IssuerConfig, ResponseConfig, TokenSource,
};

/// Builds a [`Guard`]. See [`Guard::builder`].
#[derive(Debug, Clone)]
pub struct GuardBuilder {
    issuers: Vec<IssuerConfig>,
    source: TokenSource,
    cache_capacity: Option<usize>,
    response: ResponseConfig,
    mapping: ClaimsMapping,
    allow_insecure_http: bool,
    jwks: JwksOptions,
    max_token_len: usize,
    introspection: Option<Introspection>,
}

impl Default for GuardBuilder {
    fn default() -> Self {
        GuardBuilder {
            issuers: Vec::new(),
            source: TokenSource::header_only(),
            cache_capacity: Some(DEFAULT_CACHE_CAPACITY),
            response: ResponseConfig::default(),
            mapping: ClaimsMapping::default(),
            allow_insecure_http: false,
            jwks: JwksOptions::default(),
            max_token_len: portcullis_jwt::DEFAULT_MAX_TOKEN_LEN,
            introspection: None,
        }
    }
}

impl GuardBuilder {
    /// Trusts one more issuer. Tokens are routed to an issuer by their `iss`.
    pub fn issuer(mut self, issuer: IssuerConfig) -> Self {
        self.issuers.push(issuer);
        self
    }

    /// Also reads the token from this cookie (Clerk's `__session`). A request carrying
    /// both the cookie and an `Authorization` header is refused with 400.
    pub fn cookie(mut self, name: impl Into<String>) -> Self {
        self.source = TokenSource::with_cookie(name);
        self
    }

    /// Size of the verified-token cache (default 10 000 tokens).
    pub fn verified_cache_capacity(mut self, capacity: usize) -> Self {
        self.cache_capacity = Some(capacity);
        self
    }

    /// Verifies every request's signature, with no verified-token cache.
    pub fn without_verified_cache(mut self) -> Self {
        self.cache_capacity = None;
        self
    }

    /// The error body format (default: `{"message": …}`, as in [`ErrorFormat::Message`]).
    pub fn error_format(mut self, format: ErrorFormat) -> Self {
        self.response.format = format;
        self
    }

    /// The `realm` of the `WWW-Authenticate` challenge (default `api`).
    pub fn realm(mut self, realm: impl Into<String>) -> Self {
        self.response.realm = realm.into();
        self
    }

    /// Adds `x-portcullis-reason: token_expired` (etc.) to rejections. For development:
    /// it tells a caller why their token was refused.
    pub fn debug_reason_header(mut self, on: bool) -> Self {
        self.response.debug_header = on;
        self
    }

    /// Where roles and permissions are read from.
    pub fn claims_mapping(mut self, mapping: ClaimsMapping) -> Self {
        self.mapping = mapping;
        self
    }

    /// Allows fetching keys over plain HTTP from non-loopback hosts. Only for a network
    /// you trust end to end: anyone on the path could substitute keys.
    pub fn allow_insecure_http(mut self) -> Self {
        self.allow_insecure_http = true;
        self
    }

    /// Tuning of remote key caches.
    pub fn jwks_options(mut self, options: JwksOptions) -> Self {
        self.jwks = options;
        self
    }

    /// Largest token accepted, in bytes (default 16 KiB).
    /// Accepts opaque tokens (API keys) too, checking each with the issuer's token
    /// introspection endpoint (RFC 7662); JWTs are still verified locally. The answers
    /// are attributed to the first configured issuer and its audiences.
    pub fn introspection(mut self, introspection: Introspection) -> Self {
        self.introspection = Some(introspection);
        self
    }

    /// Longest accepted token in bytes.
    pub fn max_token_len(mut self, len: usize) -> Self {
        self.max_token_len = len;
        self
    }

    /// Checks the configuration and builds the guard. Remote keys are fetched lazily
    /// (or by [`Guard::ready`]): the service starts even when an issuer is down.
    pub fn build(self) -> Result<Guard, BuildError> {
        if self.issuers.is_empty() {
            return Err(BuildError::NoIssuer);
        }
        let limits = fetch::FetchLimits {
            connect_timeout: self.jwks.connect_timeout,
            timeout: self.jwks.timeout,
            max_body: self.jwks.max_body,
        };
        let mut client = None;
        let mut sources = Vec::with_capacity(self.issuers.len());
        for config in &self.issuers {
            let validation = config.validation(self.max_token_len)?;
            let source = match &config.keys {
                KeysConfig::Discover(raw) => {
                    let url = url::checked_url(raw, self.allow_insecure_http)?;
                    let client = client.get_or_insert(fetch::client(&limits)?).clone();
                    KeySource::Remote(JwksCache::new(
                        Location::Discover(url),
                        validation,
                        client,
                        self.jwks.clone(),
                        self.allow_insecure_http,
                    ))
                }
                KeysConfig::JwksUri { uri, issuer } => {
                    let uri = url::checked_url(uri, self.allow_insecure_http)?;
                    let client = client.get_or_insert(fetch::client(&limits)?).clone();
                    KeySource::Remote(JwksCache::new(
                        Location::Jwks {
                            uri,
                            issuer: issuer.clone(),
                        },
                        validation,
                        client,
                        self.jwks.clone(),
                        self.allow_insecure_http,
                    ))
                }
                KeysConfig::StaticJwks { json, .. } => {
                    let keys = KeySet::from_jwks_json(json.as_bytes())?;
                    if keys.is_empty() {
                        return Err(BuildError::Key(
                            keys.rejected()
                                .first()
                                .map(|(_, e)| e.clone())
                                .unwrap_or(portcullis_jwt::KeyError::Unsupported("empty key set")),
                        ));
                    }
                    static_source(keys, validation)
                }
                KeysConfig::Pem { pem, alg, .. } => static_source(
                    KeySet::from_keys([VerifyingKey::from_pem(pem, *alg)?]),
                    validation,
                ),
                KeysConfig::Secret { alg, secret, .. } => static_source(
                    KeySet::from_keys([VerifyingKey::hmac_secret(*alg, secret)?]),
                    validation,
                ),
            };
            sources.push(source);
        }
        let introspector = match (&self.introspection, self.issuers.first()) {
            (Some(config), Some(first)) => {
                let url = url::checked_url(&config.endpoint, self.allow_insecure_http)?;
                let client = client.get_or_insert(fetch::client(&limits)?).clone();
                let audiences = (!first.skip_audience).then(|| first.audiences.clone());
                Some(Arc::new(Introspector::new(
                    config,
                    url,
                    client,
                    first.issuer().to_owned(),
                    audiences,
                )?))
            }
            _ => None,
        };
        for (i, a) in self.issuers.iter().enumerate() {
            if self.issuers[..i]
                .iter()
                .any(|b| url::same_issuer(a.issuer(), b.issuer()))
            {
                return Err(BuildError::DuplicateIssuer(a.issuer().to_owned()));
            }
        }
        Ok(Guard::from_authenticator(Authenticator {
            issuers: sources,
            cache: self.cache_capacity.map(VerifiedCache::new),
            mapping: self.mapping,
            source: self.source,
            response: Arc::new(self.response),
            max_token_len: self.max_token_len,
            introspector,
        }))
    }
}

fn static_source(keys: KeySet, validation: portcullis_jwt::Validation) -> KeySource {
    KeySource::Static(Arc::new(Snapshot {
        keys,
        verifier: Verifier::new(validation),
        generation: 0,
        // Static keys never go stale.
        fresh_until: tokio::time::Instant::now()
            + std::time::Duration::from_secs(100 * 365 * 24 * 3600),
    }))
}
