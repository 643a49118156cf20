//! OAuth 2.0 token, error and introspection bodies (RFC 6749 §5, RFC 7662).

use serde::{Deserialize, Serialize};

/// A successful token response (RFC 6749 §5.1).
///
/// ```
/// use portcullis_proto::TokenResponse;
/// let r = TokenResponse::bearer("at".into(), 900, None, Some("read:messages".into()));
/// let json = serde_json::to_string(&r).unwrap();
/// assert_eq!(json, r#"{"access_token":"at","token_type":"Bearer","expires_in":900,"scope":"read:messages"}"#);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TokenResponse {
    /// The access token (a JWT).
    pub access_token: String,
    /// Always `Bearer`.
    pub token_type: String,
    /// Lifetime of the access token in seconds.
    pub expires_in: u64,
    /// The rotated refresh token, when one was issued.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub refresh_token: Option<String>,
    /// The granted scope, when it differs from the request or is worth stating.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scope: Option<String>,
    /// The OpenID Connect ID token (RS256), when a code was exchanged with `openid` in
    /// scope.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id_token: Option<String>,
}

impl TokenResponse {
    /// A `Bearer` token response.
    pub fn bearer(
        access_token: String,
        expires_in: u64,
        refresh_token: Option<String>,
        scope: Option<String>,
    ) -> Self {
        Self {
            access_token,
            token_type: "Bearer".into(),
            expires_in,
            refresh_token,
            scope,
            id_token: None,
        }
    }
}

/// The error codes of RFC 6749 §5.2 (with RFC 7009's `unsupported_token_type` and
/// RFC 8707's `invalid_target`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum OAuthErrorCode {
    /// Missing or malformed parameter.
    InvalidRequest,
    /// Client authentication failed.
    InvalidClient,
    /// The grant (refresh token, code, credentials) is invalid, expired or revoked.
    InvalidGrant,
    /// The client may not use this grant type.
    UnauthorizedClient,
    /// The grant type is not supported.
    UnsupportedGrantType,
    /// The requested scope is invalid or exceeds what was granted.
    InvalidScope,
    /// The token type hint is not supported (RFC 7009).
    UnsupportedTokenType,
    /// The requested resource (audience) is unknown, or one the client may not have
    /// tokens for (RFC 8707 §2).
    InvalidTarget,
    /// The server is temporarily unable to answer.
    TemporarilyUnavailable,
    /// An unexpected error.
    ServerError,
}

impl OAuthErrorCode {
    /// The code as it appears on the wire.
    ///
    /// ```
    /// assert_eq!(portcullis_proto::OAuthErrorCode::InvalidGrant.as_str(), "invalid_grant");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            Self::InvalidRequest => "invalid_request",
            Self::InvalidClient => "invalid_client",
            Self::InvalidGrant => "invalid_grant",
            Self::UnauthorizedClient => "unauthorized_client",
            Self::UnsupportedGrantType => "unsupported_grant_type",
            Self::InvalidScope => "invalid_scope",
            Self::UnsupportedTokenType => "unsupported_token_type",
            Self::InvalidTarget => "invalid_target",
            Self::TemporarilyUnavailable => "temporarily_unavailable",
            Self::ServerError => "server_error",
        }
    }
}

/// An OAuth error body (RFC 6749 §5.2).
///
/// ```
/// use portcullis_proto::{OAuthError, OAuthErrorCode};
/// let e = OAuthError::new(OAuthErrorCode::InvalidGrant, "refresh token expired");
/// assert_eq!(
///     serde_json::to_string(&e).unwrap(),
///     r#"{"error":"invalid_grant","error_description":"refresh token expired"}"#
/// );
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OAuthError {
    /// The error code.
    pub error: OAuthErrorCode,
    /// A human-readable explanation.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error_description: Option<String>,
}

impl OAuthError {
    /// An error with a description.
    pub fn new(error: OAuthErrorCode, description: impl Into<String>) -> Self {
        Self {
            error,
            error_description: Some(description.into()),
        }
    }
}

/// The values of [`IntrospectionResponse::token_use`].
pub mod token_use {
    /// A JWT access token.
    pub const ACCESS_TOKEN: &str = "access_token";
    /// An API key (`pcl_…`).
    pub const API_KEY: &str = "api_key";
    /// A refresh token; active only when its own client asks.
    pub const REFRESH_TOKEN: &str = "refresh_token";
}

/// An introspection answer (RFC 7662 §2.2). Inactive tokens carry only `active: false`,
/// and so does a refresh token asked about by any client but its own.
///
/// ```
/// let inactive = portcullis_proto::IntrospectionResponse::inactive();
/// assert_eq!(serde_json::to_string(&inactive).unwrap(), r#"{"active":false}"#);
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct IntrospectionResponse {
    /// Whether the token is currently valid.
    pub active: bool,
    /// Space-separated scopes.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scope: Option<String>,
    /// The client the token was issued to.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub client_id: Option<String>,
    /// The subject.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sub: Option<String>,
    /// Expiry (NumericDate).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub exp: Option<i64>,
    /// Issued at (NumericDate).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub iat: Option<i64>,
    /// `Bearer` (RFC 6749 §7.1) for access tokens and API keys; absent for refresh
    /// tokens, which are not presented as bearer tokens. See `token_use`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub token_type: Option<String>,
    /// What the token is: one of [`token_use`]'s values (`access_token`, `api_key`,
    /// `refresh_token`). A resource server accepts `access_token` and `api_key` only.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub token_use: Option<String>,
    /// The audience: the API the token or key is for.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub aud: Option<String>,
    /// The issuer.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub iss: Option<String>,
    /// Extension: the permissions the token grants platform-wide.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub permissions: Option<Vec<String>>,
    /// Extension: the permissions the token grants inside its organization only (an
    /// organization's API key answers its grants here, never in `permissions`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub org_permissions: Option<Vec<String>>,
    /// Extension: the organization the token acts in.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub org_id: Option<String>,
    /// Extension: that organization's slug.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub org_slug: Option<String>,
}

impl IntrospectionResponse {
    /// `{"active": false}`.
    pub fn inactive() -> Self {
        Self::default()
    }
}
