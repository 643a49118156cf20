//! Opaque tokens (API keys): checked by OAuth 2.0 token introspection (RFC 7662) at the
//! issuer, with a short, bounded cache of positive and negative answers.
//!
//! * [`Introspection`]: the configuration (endpoint, credentials, which tokens to send).
//! * `introspector`: the request path (local filter, cache, one call per token at a time).
//! * `answer`: what an answer must say to be accepted here.
//! * `flight`: concurrent look-ups of one token share one call.

mod answer;
mod flight;
mod introspector;

use std::time::Duration;

pub(crate) use introspector::{Introspector, SharedIntrospector};

/// The prefix of Portcullis API keys (`pcl_…`), the only opaque tokens a Portcullis
/// issuer answers `active` for at a resource server.
const PORTCULLIS_KEY_PREFIX: &str = "pcl_";

/// Where and how to introspect opaque tokens.
///
/// Only tokens that can be the issuer's are sent: those starting with one of the
/// [`Introspection::token_prefixes`] (default: Portcullis API keys, `pcl_`) and no longer
/// than [`Introspection::max_token_len`] (default 256 bytes). Anything else is refused
/// here without a call, so random tokens cannot use up the issuer's patience.
/// Concurrent requests carrying the same unknown token share one call.
///
/// An answer is accepted only when it is `active`, names this issuer (when it names
/// one), is an access token (`token_type` `Bearer`, and `token_use`, when present,
/// `access_token` or `api_key`: refresh tokens are refused), carries an `aud` among the
/// issuer's configured audiences (a missing `aud` is refused, unless the issuer skips
/// the audience check), and has not expired.
///
/// ```
/// use portcullis::{Guard, IssuerConfig, Introspection};
/// let guard = Guard::builder()
///     .issuer(IssuerConfig::discover("https://id.example.com/").audience("https://api.example.com"))
///     .introspection(Introspection::new(
///         "https://id.example.com/oauth/introspect",
///         "cli_api",
///         "pcs_secret",
///     ))
///     .build();
/// assert!(guard.is_ok());
/// ```
#[derive(Clone)]
pub struct Introspection {
    pub(crate) endpoint: String,
    pub(crate) client_id: String,
    pub(crate) client_secret: zeroize::Zeroizing<String>,
    pub(crate) positive_ttl: Duration,
    pub(crate) negative_ttl: Duration,
    pub(crate) capacity: usize,
    pub(crate) prefixes: Vec<String>,
    pub(crate) max_token_len: usize,
}

impl std::fmt::Debug for Introspection {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Introspection")
            .field("endpoint", &self.endpoint)
            .field("client_id", &self.client_id)
            .field("client_secret", &"[redacted]")
            .field("positive_ttl", &self.positive_ttl)
            .field("negative_ttl", &self.negative_ttl)
            .field("prefixes", &self.prefixes)
            .field("max_token_len", &self.max_token_len)
            .finish()
    }
}

impl Introspection {
    /// Introspect at `endpoint`, authenticating as a client (`client_secret_basic`).
    /// Answers are cached for 30 s (active) and 5 s (inactive), 10 000 tokens at most.
    pub fn new(
        endpoint: impl Into<String>,
        client_id: impl Into<String>,
        client_secret: impl Into<String>,
    ) -> Self {
        Self {
            endpoint: endpoint.into(),
            client_id: client_id.into(),
            client_secret: zeroize::Zeroizing::new(client_secret.into()),
            positive_ttl: Duration::from_secs(30),
            negative_ttl: Duration::from_secs(5),
            capacity: 10_000,
            prefixes: vec![PORTCULLIS_KEY_PREFIX.to_owned()],
            max_token_len: 256,
        }
    }

    /// How long an active answer is trusted (a revoked key works at most this long).
    pub fn positive_ttl(mut self, ttl: Duration) -> Self {
        self.positive_ttl = ttl;
        self
    }

    /// How long an inactive answer is remembered.
    pub fn negative_ttl(mut self, ttl: Duration) -> Self {
        self.negative_ttl = ttl;
        self
    }

    /// How many answers are cached at most.
    pub fn cache_capacity(mut self, capacity: usize) -> Self {
        self.capacity = capacity;
        self
    }

    /// The prefixes of the issuer's opaque tokens (replacing the default, `pcl_`). Other
    /// opaque tokens are refused without asking. `[""]` sends every opaque token: only
    /// for an issuer whose tokens have no recognizable shape.
    ///
    /// ```
    /// use portcullis::Introspection;
    /// let i = Introspection::new("https://id.example.com/introspect", "api", "secret")
    ///     .token_prefixes(["sk_live_", "sk_test_"]);
    /// # let _ = i;
    /// ```
    pub fn token_prefixes<I: IntoIterator<Item = S>, S: Into<String>>(
        mut self,
        prefixes: I,
    ) -> Self {
        self.prefixes = prefixes.into_iter().map(Into::into).collect();
        self
    }

    /// Longest opaque token sent to the issuer, in bytes (default 256).
    pub fn max_token_len(mut self, len: usize) -> Self {
        self.max_token_len = len;
        self
    }

    /// Whether `token` can be one of the issuer's opaque tokens.
    pub(crate) fn may_be_issuers(&self, token: &str) -> bool {
        token.len() <= self.max_token_len && self.prefixes.iter().any(|p| token.starts_with(p))
    }
}
