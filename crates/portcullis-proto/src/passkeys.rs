//! Bodies of passkey (WebAuthn) ceremonies and of a user's passkeys: what the hosted
//! pages' script sends to `/api/auth/passkeys/*` and gets back.

use serde::{Deserialize, Serialize};

/// A ceremony begun: the options to pass to `navigator.credentials.create` (registration)
/// or `.get` (sign-in), binary values in base64url, and the token that finishes it.
///
/// ```
/// let c: portcullis_proto::PasskeyCeremonyView = serde_json::from_value(serde_json::json!({
///     "ceremony": "pwc_x", "expires_in": 300,
///     "options": {"publicKey": {"challenge": "AAAA"}, "mediation": "conditional"}
/// })).unwrap();
/// assert_eq!(c.options["publicKey"]["challenge"], "AAAA");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PasskeyCeremonyView {
    /// Names the ceremony when it is finished: single use.
    pub ceremony: String,
    /// `{"publicKey": …}` (WebAuthn Level 3's JSON form of the options), with
    /// `"mediation": "conditional"` for a sign-in the browser may offer in its autofill.
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub options: serde_json::Value,
    /// Seconds left to finish it.
    pub expires_in: i64,
}

/// One of the signed-in user's passkeys.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PasskeyView {
    /// Its id (`pky_…`).
    pub id: String,
    /// The name the user gave it.
    pub name: String,
    /// When it was registered (NumericDate).
    pub created_at: i64,
    /// When it last signed in (NumericDate).
    pub last_used_at: Option<i64>,
    /// Synced to other devices through a cloud account (backup eligible): tokens say
    /// `swk` for it, `hwk` otherwise.
    pub synced: bool,
    /// Backed up now.
    pub backed_up: bool,
}

/// A passkey sign-in completed: the browser session is set (cookie); how the user
/// signed in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PasskeySignedIn {
    /// The RFC 8176 `amr` values of the sign-in (`["hwk", "user", "mfa"]` or
    /// `["swk", "user", "mfa"]`).
    pub amr: Vec<String>,
}
