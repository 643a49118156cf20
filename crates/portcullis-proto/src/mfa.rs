//! Bodies of the second factor: the JSON login's second step, and a signed-in user's
//! authenticator app and recovery codes (`/api/auth/mfa*`).

use serde::{Deserialize, Serialize};

use crate::LoginResponse;

/// The answer to a login whose password was right for a user with a second factor: no
/// tokens yet; `POST /api/auth/login/mfa` with `mfa_token` and a code gets them.
///
/// ```
/// let r = portcullis_proto::MfaRequired::new("pmc_…".into(), 300);
/// assert_eq!(
///     serde_json::to_value(&r).unwrap(),
///     serde_json::json!({"mfa_required": true, "mfa_token": "pmc_…", "expires_in": 300})
/// );
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MfaRequired {
    /// Always `true`.
    pub mfa_required: bool,
    /// The challenge the code answers: single use.
    pub mfa_token: String,
    /// Seconds left to answer it.
    pub expires_in: i64,
}

impl MfaRequired {
    /// The answer for a challenge.
    pub fn new(mfa_token: String, expires_in: i64) -> Self {
        Self {
            mfa_required: true,
            mfa_token,
            expires_in,
        }
    }
}

/// What `POST /api/auth/login` answers: the tokens, or (for a user with a second factor)
/// the challenge of the second step. Tell them apart by `mfa_required`.
///
/// ```
/// use portcullis_proto::LoginAnswer;
/// let a: LoginAnswer = serde_json::from_str(
///     r#"{"mfa_required": true, "mfa_token": "pmc_x", "expires_in": 300}"#,
/// ).unwrap();
/// assert!(matches!(a, LoginAnswer::MfaRequired(m) if m.mfa_token == "pmc_x"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(untagged)]
pub enum LoginAnswer {
    /// A second factor is owed first.
    MfaRequired(MfaRequired),
    /// Signed in.
    Tokens(LoginResponse),
}

/// A new authenticator app's setup, shown once: scan the QR code (or type the secret)
/// in the app, then confirm with its first code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TotpEnrollmentView {
    /// The secret in base32 (RFC 6238: HMAC-SHA-1, 6 digits, 30 s).
    pub secret: String,
    /// The `otpauth://totp/…` URI the QR code holds.
    pub otpauth_uri: String,
    /// The QR code of `otpauth_uri`, an SVG document drawn by the issuer.
    pub qr_svg: String,
}

/// Recovery codes, shown once: each signs in once without the authenticator app.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RecoveryCodesView {
    /// The codes (`xxxx-xxxx-xxxx-xxxx`).
    pub recovery_codes: Vec<String>,
}

/// The signed-in user's second factors.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SecondFactorsView {
    /// An authenticator app is set up and confirmed: sign-in asks for its code.
    pub totp: bool,
    /// Recovery codes not used yet.
    pub recovery_codes_left: i64,
}
