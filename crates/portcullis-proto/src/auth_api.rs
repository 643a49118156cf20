//! Bodies of the first-party JSON auth API (`/api/auth/*`: sign-up, and a login with email
//! and password that answers with the tokens).

use serde::{Deserialize, Serialize};

/// A user as the auth API and the admin API show it. Never carries a password hash.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UserView {
    /// Stable user id (`usr_…`), the `sub` of the user's tokens.
    pub id: String,
    /// Normalized email.
    pub email: String,
    /// Display name, if given.
    pub name: Option<String>,
    /// Whether the email has been verified.
    pub email_verified: bool,
    /// Creation time (NumericDate).
    pub created_at: i64,
}

/// The answer to sign-up and login.
///
/// ```
/// use portcullis_proto::{LoginResponse, UserView};
/// let r = LoginResponse {
///     user: UserView { id: "usr_1".into(), email: "a@example.com".into(), name: None, email_verified: false, created_at: 0 },
///     access_token: "at".into(),
///     refresh_token: "rt".into(),
///     token_type: "Bearer".into(),
///     expires_in: 900,
/// };
/// let v = serde_json::to_value(&r).unwrap();
/// assert_eq!(v["user"]["email"], "a@example.com");
/// assert_eq!(v["token_type"], "Bearer");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LoginResponse {
    /// The signed-in user.
    pub user: UserView,
    /// An access token for the requested audience (or the default one).
    pub access_token: String,
    /// An opaque refresh token, rotated on every use.
    pub refresh_token: String,
    /// Always `Bearer`.
    pub token_type: String,
    /// Lifetime of the access token in seconds.
    pub expires_in: u64,
}

/// The error and message body of the auth API and of protected APIs, `{"message": "…"}`.
///
/// ```
/// let m = portcullis_proto::MessageBody::new("Invalid email or password");
/// assert_eq!(serde_json::to_string(&m).unwrap(), r#"{"message":"Invalid email or password"}"#);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MessageBody {
    /// The message.
    pub message: String,
}

impl MessageBody {
    /// A message body.
    pub fn new(message: impl Into<String>) -> Self {
        Self {
            message: message.into(),
        }
    }
}

/// The `{"status": …}` answer of `/healthz` and `/readyz`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StatusBody {
    /// `ok`, `ready`, or what is unavailable.
    pub status: String,
}

/// The OpenID Connect userinfo answer (Core §5.3).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UserInfo {
    /// The user id, the token's `sub`.
    pub sub: String,
    /// Normalized email.
    pub email: String,
    /// Whether the email has been verified.
    pub email_verified: bool,
    /// Display name (`null` when not given).
    pub name: Option<String>,
}
