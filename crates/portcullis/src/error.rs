//! The one rejection type of the guard, and the startup errors of its builder.

use std::time::Duration;

use portcullis_jwt::VerifyError;

/// Why a request was not let through. Every failure on the request path becomes one of
/// these, and [`crate::Rejection`] is the one place that turns it into HTTP.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum GuardError {
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
    /// The token is valid, but the user's sign-in is too weak or too old for the route:
    /// 401 with RFC 9470's `insufficient_user_authentication` challenge, which tells the
    /// client what to ask `/authorize` for.
    #[error("insufficient user authentication")]
    InsufficientUserAuthentication(crate::StepUp),
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

impl GuardError {
    /// The HTTP status for this error.
    ///
    /// ```
    /// use portcullis::GuardError;
    /// assert_eq!(GuardError::MissingCredentials.status(), 401);
    /// assert_eq!(GuardError::InvalidRequest("two tokens").status(), 400);
    /// assert_eq!(GuardError::KeysUnavailable.status(), 503);
    /// ```
    pub fn status(&self) -> http::StatusCode {
        use http::StatusCode as S;
        match self {
            GuardError::MissingCredentials
            | GuardError::InvalidToken(_)
            | GuardError::InsufficientUserAuthentication(_) => S::UNAUTHORIZED,
            GuardError::InvalidRequest(_) => S::BAD_REQUEST,
            GuardError::InsufficientScope { .. } => S::FORBIDDEN,
            GuardError::KeysUnavailable => S::SERVICE_UNAVAILABLE,
            GuardError::RateLimited { .. } => S::TOO_MANY_REQUESTS,
            GuardError::Misconfigured(_) => S::INTERNAL_SERVER_ERROR,
        }
    }

    /// A stable machine-readable reason (`token_expired`, `unknown_key`,
    /// `missing_credentials`, …) for logs and the opt-in debug header.
    ///
    /// ```
    /// use portcullis::{GuardError, TokenProblem};
    /// use portcullis_jwt::VerifyError;
    /// let e = GuardError::InvalidToken(TokenProblem::Verify(VerifyError::Expired));
    /// assert_eq!(e.reason(), "token_expired");
    /// ```
    pub fn reason(&self) -> &'static str {
        match self {
            GuardError::MissingCredentials => "missing_credentials",
            GuardError::InvalidRequest(_) => "invalid_request",
            GuardError::InvalidToken(TokenProblem::Verify(e)) => e.code(),
            GuardError::InvalidToken(TokenProblem::UnknownIssuer) => "unknown_issuer",
            GuardError::InvalidToken(TokenProblem::NotAJwt) => "not_a_jwt",
            GuardError::InvalidToken(TokenProblem::Inactive) => "inactive_token",
            GuardError::InsufficientScope { .. } => "insufficient_scope",
            GuardError::InsufficientUserAuthentication(_) => "insufficient_user_authentication",
            GuardError::KeysUnavailable => "keys_unavailable",
            GuardError::RateLimited { .. } => "rate_limited",
            GuardError::Misconfigured(_) => "misconfigured",
        }
    }

    /// The default client-facing message: the texts Auth0's Express middleware answers with
    /// (`Requires authentication`, `Bad credentials`, `Permission denied`, …).
    pub fn message(&self) -> &'static str {
        match self {
            GuardError::MissingCredentials => "Requires authentication",
            GuardError::InvalidRequest(_) => "Bad request",
            GuardError::InvalidToken(_) => "Bad credentials",
            GuardError::InsufficientScope { .. } => "Permission denied",
            GuardError::InsufficientUserAuthentication(_) => "Requires a stronger sign-in",
            GuardError::KeysUnavailable => "Service Unavailable",
            GuardError::RateLimited { .. } => "Too Many Requests",
            GuardError::Misconfigured(_) => "Internal Server Error",
        }
    }

    pub(crate) fn token(e: VerifyError) -> Self {
        GuardError::InvalidToken(TokenProblem::Verify(e))
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
