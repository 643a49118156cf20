//! The errors of this crate: one enum for token verification, one for key loading.

/// Why a token was refused. [`VerifyError::code`] gives a stable machine-readable reason
/// for logs and debug headers; the `Display` text is for developers, never for clients.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum VerifyError {
    /// The token is longer than the configured limit.
    #[error("token is larger than the limit")]
    TooLarge,
    /// Not a compact JWS: wrong segment count, bad base64url, bad JSON, …
    #[error("malformed token: {0}")]
    Malformed(&'static str),
    /// The header names an algorithm that is unknown, `none`, or not allowed here.
    #[error("algorithm not allowed")]
    AlgorithmNotAllowed,
    /// The header lists a critical extension this verifier does not understand.
    #[error("unsupported critical header parameter")]
    UnsupportedCrit,
    /// No key in the set matches the header's `kid` and `alg`.
    #[error("no matching key")]
    UnknownKey,
    /// The signature does not verify.
    #[error("invalid signature")]
    InvalidSignature,
    /// `exp` is in the past (beyond leeway).
    #[error("token expired")]
    Expired,
    /// `nbf` is in the future (beyond leeway).
    #[error("token not yet valid")]
    NotYetValid,
    /// `iat` is in the future (beyond leeway).
    #[error("token issued in the future")]
    IssuedInFuture,
    /// `iat` is older than the configured maximum age.
    #[error("token too old")]
    TooOld,
    /// A required claim is absent.
    #[error("missing claim `{0}`")]
    MissingClaim(&'static str),
    /// A claim has the wrong JSON type (e.g. a string `exp`).
    #[error("claim `{0}` has the wrong type")]
    InvalidClaim(&'static str),
    /// `iss` is not the expected issuer.
    #[error("wrong issuer")]
    WrongIssuer,
    /// No `aud` value is an accepted audience.
    #[error("wrong audience")]
    WrongAudience,
    /// The `typ` header is not the required one.
    #[error("wrong token type")]
    WrongType,
    /// `azp` is absent or not an authorized party.
    #[error("unauthorized party")]
    UnauthorizedParty,
}

impl VerifyError {
    /// A stable snake_case reason code, safe to log or put in a debug header.
    ///
    /// ```
    /// assert_eq!(portcullis_jwt::VerifyError::Expired.code(), "token_expired");
    /// ```
    pub fn code(&self) -> &'static str {
        match self {
            VerifyError::TooLarge => "token_too_large",
            VerifyError::Malformed(_) => "malformed_token",
            VerifyError::AlgorithmNotAllowed => "algorithm_not_allowed",
            VerifyError::UnsupportedCrit => "unsupported_crit",
            VerifyError::UnknownKey => "unknown_key",
            VerifyError::InvalidSignature => "invalid_signature",
            VerifyError::Expired => "token_expired",
            VerifyError::NotYetValid => "token_not_yet_valid",
            VerifyError::IssuedInFuture => "issued_in_future",
            VerifyError::TooOld => "token_too_old",
            VerifyError::MissingClaim(_) => "missing_claim",
            VerifyError::InvalidClaim(_) => "invalid_claim",
            VerifyError::WrongIssuer => "wrong_issuer",
            VerifyError::WrongAudience => "wrong_audience",
            VerifyError::WrongType => "wrong_type",
            VerifyError::UnauthorizedParty => "unauthorized_party",
        }
    }
}

/// Why a key (JWK, PEM or secret) was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum KeyError {
    /// The JWK JSON could not be read.
    #[error("invalid JWK JSON: {0}")]
    Json(String),
    /// `kty`, `crv` or the key material is missing, unknown or inconsistent.
    #[error("unsupported or inconsistent key: {0}")]
    Unsupported(&'static str),
    /// The key's `use` or `key_ops` says it is not for verifying signatures.
    #[error("key is not meant for signature verification")]
    WrongUse,
    /// The key's `alg` does not fit its type or curve, or is not a signature algorithm.
    #[error("key algorithm does not match the key")]
    AlgorithmMismatch,
    /// The key is too weak (RSA under 2048 bits, e = 1, ROCA, short HMAC secret).
    #[error("key is too weak: {0}")]
    Weak(&'static str),
    /// The cryptographic library refused the key material.
    #[error("key material rejected")]
    Rejected,
    /// The key set holds two keys with the same `kid`.
    #[error("duplicate kid in key set")]
    DuplicateKid,
    /// The key set mixes shared secrets with public keys, or contains private keys.
    #[error("key set mixes key kinds: {0}")]
    MixedKeySet(&'static str),
    /// PEM input could not be read.
    #[error("invalid PEM: {0}")]
    Pem(&'static str),
}
