//! The domain's one error type. The server maps it to HTTP in exactly one place.

use thiserror::Error;

/// Everything a domain operation can refuse or fail with.
#[derive(Debug, Error)]
pub enum IdpError {
    /// A field of the input is missing or malformed; the message names the field and is
    /// safe to show to the user.
    #[error("{0}")]
    InvalidInput(String),
    /// Sign-up with an email that already has an account.
    #[error("an account with this email already exists")]
    EmailTaken,
    /// Wrong email or password (deliberately the same for both).
    #[error("invalid email or password")]
    InvalidCredentials,
    /// A second-factor code (from an authenticator app, or a recovery code) is wrong,
    /// malformed, or was used before.
    #[error("invalid code")]
    InvalidCode,
    /// The second step of a sign-in is unknown, expired, already done, or was given up
    /// after too many wrong codes: the sign-in starts again with the password.
    #[error("the sign-in expired; start again")]
    SignInExpired,
    /// The user must sign in with a second factor and has none: it is set up on the
    /// hosted sign-in ([`crate::Idp::browser_login_to`]), not through the JSON login.
    #[error("a second factor is required; set one up on the hosted sign-in")]
    SecondFactorRequired,
    /// A sign-in through another identity provider was refused; the refusal says why, in
    /// words safe to show.
    #[error("{0}")]
    Federation(crate::FederationRefusal),
    /// A passkey ceremony was refused; the refusal says why, in words safe to show.
    #[error("{0}")]
    Passkey(crate::PasskeyRefusal),
    /// A refresh token, code or client credential is invalid, expired, revoked or reused.
    #[error("invalid grant: {0}")]
    InvalidGrant(&'static str),
    /// Client authentication failed.
    #[error("invalid client")]
    InvalidClient,
    /// The requested scope exceeds what the client was granted.
    #[error("{0}")]
    InvalidScope(String),
    /// The requested audience is not a registered API.
    #[error("unknown audience")]
    UnknownAudience,
    /// The requested audience is one the client may not have tokens for (RFC 8707
    /// `invalid_target`); the message says which and is safe to show.
    #[error("{0}")]
    InvalidTarget(String),
    /// The change would break a rule about what already exists (a taken name, the last
    /// owner of an organization); the message says which and is safe to show.
    #[error("{0}")]
    Conflict(String),
    /// A named thing does not exist.
    #[error("{0} not found")]
    NotFound(&'static str),
    /// Too many failed logins for this email: the next attempt is allowed in
    /// `retry_after` seconds (the password was not even checked).
    #[error("too many sign-in attempts")]
    Throttled {
        /// Seconds until the next attempt is allowed.
        retry_after: i64,
    },
    /// Too many password hashes queued: try again shortly.
    #[error("busy")]
    Busy,
    /// The database failed or is unreachable.
    #[error("storage: {0}")]
    Storage(#[from] sqlx::Error),
    /// The first connection to the database failed: where it was sought (host and
    /// port, never the password) and why (refused, no answer, authentication).
    #[error("cannot connect to the database at {address}: {cause}")]
    Connect {
        /// `host:port`.
        address: String,
        /// What the connection attempt met.
        cause: String,
    },
    /// Migrations failed.
    #[error("migration: {0}")]
    Migration(#[from] sqlx::migrate::MigrateError),
    /// Key material could not be generated, encrypted or loaded.
    #[error("keys: {0}")]
    Keys(String),
}

impl IdpError {
    /// An input error naming the field.
    pub fn invalid(message: impl Into<String>) -> Self {
        Self::InvalidInput(message.into())
    }

    /// A conflict, with its message.
    pub fn conflict(message: impl Into<String>) -> Self {
        Self::Conflict(message.into())
    }

    /// Whether the failure is the infrastructure's (503 material), not the caller's.
    pub fn is_unavailable(&self) -> bool {
        matches!(self, Self::Busy | Self::Storage(_) | Self::Connect { .. })
    }
}

impl From<crate::PasskeyRefusal> for IdpError {
    fn from(r: crate::PasskeyRefusal) -> Self {
        Self::Passkey(r)
    }
}

/// Shorthand.
pub type Result<T, E = IdpError> = std::result::Result<T, E>;
