//! The one rejection type of the guard, and the startup errors of its builder.

use std::time::Duration;

use portcullis_jwt::VerifyError;

/// Why a request was not let through. Every failure on the request path becomes one of
/// these, and [`crate::Rejection`] is the one place that turns it into HTTP.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum AuthError {
    /// No credentials at all (or only another scheme, such as `Basic`). 401.
    #[error("no credentials")]
    MissingCredentials,
    /// Credentials sent in two places, or a malformed `Authorization` header. 400.
    #[error("invalid request: {0}")]
    InvalidRequest(&'static str),
    /// The token was refused. 401 `invalid_token`.
    #[error("invalid token: {0}")]
    InvalidToken(TokenProblem),
    /// The token is valid but does not grant what the route requires. 403.
    #[error("insufficient scope")]
    InsufficientScope {
        /// What the route requires, for the `scope` attribute of the challenge.
        required: String,
    },
    /// The issuer's keys have never been obtainable (cold start while the issuer is down,
    /// or the last good key set is older than the stale limit). 503.
    #[error("issuer keys unavailable")]
    KeysUnavailable,
    /// Too many requests for this subject. 429.
    #[error("rate limited")]
    RateLimited {
        /// When the client may try again.
        retry_after: Duration,
    },
    /// The guard is misconfigured (e.g. an extractor used without the layer). 500.
    #[error("guard misconfigured: {0}")]
    Misconfigured(&'static str),
}

/// Why a token was refused: a verification error, or a guard-level reason.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum TokenProblem {
    /// The JOSE layer refused it.
    #[error(transparent)]
    Verify(#[from] VerifyError),
    /// Its (unverified) `iss` names no configured issuer.
    #[error("unknown issuer")]
    UnknownIssuer,
    /// It is not a JWT at all (an opaque token), and not one the guard introspects: no
    /// introspection is configured, or the token does not have the issuer's prefix or
    /// is too long (see [`crate::Introspection::token_prefixes`]).
    #[error("not a JWT")]
    NotAJwt,
    /// An opaque token the issuer's introspection endpoint says is not active (unknown,
    /// revoked or expired).
    #[error("inactive token")]
    Inactive,
}

impl AuthError {
    /// The HTTP status for this error.
    ///
    /// ```
    /// use portcullis::AuthError;
    /// assert_eq!(AuthError::MissingCredentials.status(), 401);
    /// assert_eq!(AuthError::InvalidRequest("two tokens").status(), 400);
    /// assert_eq!(AuthError::KeysUnavailable.status(), 503);
    /// ```
    pub fn status(&self) -> http::StatusCode {
        use http::StatusCode as S;
        match self {
            AuthError::MissingCredentials | AuthError::InvalidToken(_) => S::UNAUTHORIZED,
            AuthError::InvalidRequest(_) => S::BAD_REQUEST,
            AuthError::InsufficientScope { .. } => S::FORBIDDEN,
            AuthError::KeysUnavailable => S::SERVICE_UNAVAILABLE,
            AuthError::RateLimited { .. } => S::TOO_MANY_REQUESTS,
            AuthError::Misconfigured(_) => S::INTERNAL_SERVER_ERROR,
        }
    }

    /// A stable machine-readable reason (`token_expired`, `unknown_key`,
    /// `missing_credentials`, …) for logs and the opt-in debug header.
    ///
    /// ```
    /// use portcullis::{AuthError, TokenProblem};
    /// use portcullis_jwt::VerifyError;
    /// let e = AuthError::InvalidToken(TokenProblem::Verify(VerifyError::Expired));
    /// assert_eq!(e.reason(), "token_expired");
    /// ```
    pub fn reason(&self) -> &'static str {
        match self {
            AuthError::MissingCredentials => "missing_credentials",
            AuthError::InvalidRequest(_) => "invalid_request",
            AuthError::InvalidToken(TokenProblem::Verify(e)) => e.code(),
            AuthError::InvalidToken(TokenProblem::UnknownIssuer) => "unknown_issuer",
            AuthError::InvalidToken(TokenProblem::NotAJwt) => "not_a_jwt",
            AuthError::InvalidToken(TokenProblem::Inactive) => "inactive_token",
            AuthError::InsufficientScope { .. } => "insufficient_scope",
            AuthError::KeysUnavailable => "keys_unavailable",
            AuthError::RateLimited { .. } => "rate_limited",
            AuthError::Misconfigured(_) => "misconfigured",
        }
    }

    /// The default client-facing message (the seeds' texts).
    pub fn message(&self) -> &'static str {
        match self {
            AuthError::MissingCredentials => "Requires authentication",
            AuthError::InvalidRequest(_) => "Bad request",
            AuthError::InvalidToken(_) => "Bad credentials",
            AuthError::InsufficientScope { .. } => "Permission denied",
            AuthError::KeysUnavailable => "Service Unavailable",
            AuthError::RateLimited { .. } => "Too Many Requests",
            AuthError::Misconfigured(_) => "Internal Server Error",
        }
    }

    pub(crate) fn token(e: VerifyError) -> Self {
        AuthError::InvalidToken(TokenProblem::Verify(e))
    }
}

/// A configuration the guard cannot start with. Returned by the builder, never on the
/// request path.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum BuildError {
    /// No issuer was configured.
    #[error("no issuer configured: set an issuer URL, a JWKS URI, a static key or a shared secret")]
    NoIssuer,
    /// No audience was configured (and the audience check was not explicitly skipped).
    #[error("no audience configured for issuer {0}")]
    NoAudience(String),
    /// A URL could not be parsed, or is not http(s).
    #[error("invalid URL {url}: {why}")]
    InvalidUrl {
        /// The URL.
        url: String,
        /// What is wrong with it.
        why: &'static str,
    },
    /// A plain-HTTP URL to a non-loopback host, without `allow_insecure_http`.
    #[error(
        "refusing plain HTTP to {0}: use https, or call allow_insecure_http() for a trusted network"
    )]
    InsecureHttp(String),
    /// A static key or shared secret could not be used.
    #[error("invalid key: {0}")]
    Key(#[from] portcullis_jwt::KeyError),
    /// Two issuers were configured with the same `iss`.
    #[error("issuer {0} configured twice")]
    DuplicateIssuer(String),
    /// An environment variable has an invalid value.
    #[error("invalid value for {name}: {why}")]
    Env {
        /// The variable.
        name: &'static str,
        /// What is wrong.
        why: String,
    },
    /// The HTTP client could not be built.
    #[error("HTTP client: {0}")]
    HttpClient(String),
}
