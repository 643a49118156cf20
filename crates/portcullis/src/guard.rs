//! [`Guard`]: the configured verifier, cheap to clone, shared by layers and extractors.

use std::sync::Arc;

use http::request::Parts;
use portcullis_jwt::NumericDate;

use crate::authenticator::Authenticator;
use crate::keys::KeySource;
use crate::{GuardBuilder, GuardError, GuardLayer, IssuerConfig, Principal, Rejection};

/// Verifies bearer tokens for one or more issuers. Clone it freely (one `Arc`).
///
/// ```
/// use portcullis::{Guard, IssuerConfig};
/// let guard = Guard::builder()
///     .issuer(IssuerConfig::discover("https://tenant.eu.auth0.com/").audience("https://hello-world.example.com"))
///     .build()?;
/// let app: axum::Router = axum::Router::new()
///     .route("/api/messages/protected", axum::routing::get(|| async { "ok" }))
///     .layer(guard.layer());
/// # Ok::<(), portcullis::BuildError>(())
/// ```
#[derive(Clone)]
pub struct Guard {
    inner: Arc<Authenticator>,
}

impl std::fmt::Debug for Guard {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Guard")
            .field("issuers", &self.inner.issuers.len())
            .finish_non_exhaustive()
    }
}

impl Guard {
    /// Starts a builder.
    pub fn builder() -> GuardBuilder {
        GuardBuilder::default()
    }

    /// One issuer by OpenID discovery, one audience: the common case in one call.
    pub fn discover(
        issuer_url: impl Into<String>,
        audience: impl Into<String>,
    ) -> Result<Guard, crate::BuildError> {
        Self::builder()
            .issuer(IssuerConfig::discover(issuer_url).audience(audience))
            .build()
    }

    /// One Portcullis issuer, one audience: [`IssuerConfig::portcullis`] (discovery, and
    /// access tokens must say `typ: at+jwt`).
    pub fn portcullis(
        issuer_url: impl Into<String>,
        audience: impl Into<String>,
    ) -> Result<Guard, crate::BuildError> {
        Self::builder()
            .issuer(IssuerConfig::portcullis(issuer_url).audience(audience))
            .build()
    }

    pub(crate) fn from_authenticator(inner: Authenticator) -> Self {
        Guard {
            inner: Arc::new(inner),
        }
    }

    pub(crate) fn authenticator(&self) -> &Authenticator {
        &self.inner
    }

    /// A layer that requires a valid token on every request (401 otherwise).
    pub fn layer(&self) -> GuardLayer {
        GuardLayer::required(self.clone())
    }

    /// A layer that verifies a token when there is one (invalid → 401) and lets
    /// anonymous requests through; handlers then choose with their extractors.
    pub fn optional_layer(&self) -> GuardLayer {
        GuardLayer::optional(self.clone())
    }

    /// Verifies a bare token now.
    pub async fn authenticate(&self, token: &str) -> Result<Principal, GuardError> {
        self.authenticate_at(token, NumericDate::now()).await
    }

    /// Verifies a bare token at `now`.
    pub async fn authenticate_at(
        &self,
        token: &str,
        now: NumericDate,
    ) -> Result<Principal, GuardError> {
        self.inner.authenticate(token, now).await
    }

    /// Finds and verifies the token of a request: `Ok(None)` when there is none.
    pub async fn authenticate_request(
        &self,
        parts: &Parts,
    ) -> Result<Option<Principal>, GuardError> {
        match self.inner.source.extract(parts)? {
            None => Ok(None),
            Some(token) => self.authenticate(token).await.map(Some),
        }
    }

    /// Fetches every remote issuer's keys now. `true` when all have keys. Useful in a
    /// readiness probe; not needed for correctness (keys are fetched on demand).
    pub async fn ready(&self) -> bool {
        let mut all = true;
        for source in &self.inner.issuers {
            if let KeySource::Remote(cache) = source {
                all &= cache.prefetch().await;
            }
        }
        all
    }

    /// Renders an error with this guard's response settings.
    pub fn rejection(&self, error: GuardError) -> Rejection {
        Rejection::new(error, Arc::clone(&self.inner.response))
    }
}
