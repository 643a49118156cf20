//! [`PasskeyRefusal`]: why a passkey ceremony was refused, in words safe to show.

use webauthn_rs::prelude::WebauthnError;

/// Why a passkey registration or sign-in was refused. Each says what happened in words
/// a user (or the page's script) can be shown; the library's own reason is logged.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum PasskeyRefusal {
    /// Passkeys are off on this issuer: its URL has no host name a browser accepts as a
    /// relying party (an IP address), or the configured relying party does not fit.
    #[error("passkeys are not available on this server")]
    Unavailable,
    /// The credential (or its client data) is not what a browser sends: unreadable,
    /// oversized, or missing parts.
    #[error("the passkey response is malformed")]
    Malformed,
    /// The ceremony is unknown, expired, or was finished already (a replay).
    #[error("this passkey request expired or was already used; try again")]
    CeremonyExpired,
    /// The response answers another challenge than this ceremony's.
    #[error("the passkey response answers another challenge")]
    WrongChallenge,
    /// The response was made for another site (origin or relying party).
    #[error("the passkey response was made for another site")]
    WrongOrigin,
    /// The authenticator did not verify the user (no PIN or biometric).
    #[error("the passkey did not verify you (PIN or biometric required)")]
    UserNotVerified,
    /// No passkey of the account matches the credential: unknown, removed, or another
    /// user's.
    #[error("this passkey is not registered for this account")]
    UnknownCredential,
    /// The signature counter went backwards: the authenticator may have been cloned. The
    /// passkey is kept, but this sign-in is refused.
    #[error("this passkey's signature counter went backwards; it may have been copied")]
    CounterRegression,
    /// The credential is registered already (to this account or another).
    #[error("this passkey is already registered")]
    AlreadyRegistered,
    /// The signature or another check of the response failed.
    #[error("the passkey could not be verified")]
    Invalid,
}

impl PasskeyRefusal {
    /// The refusal for a library error, which is logged.
    pub(crate) fn from_webauthn(e: &WebauthnError) -> Self {
        tracing::info!(error = ?e, "passkey response refused");
        match e {
            WebauthnError::MismatchedChallenge | WebauthnError::ChallengeNotFound => {
                Self::WrongChallenge
            }
            WebauthnError::InvalidRPOrigin
            | WebauthnError::InvalidRPIDHash
            | WebauthnError::CredentialCrossOrigin => Self::WrongOrigin,
            WebauthnError::UserNotVerified | WebauthnError::UserNotPresent => Self::UserNotVerified,
            WebauthnError::CredentialNotFound | WebauthnError::InvalidUserUniqueId => {
                Self::UnknownCredential
            }
            WebauthnError::CredentialPossibleCompromise => Self::CounterRegression,
            // webauthn-rs answers a credential on the ceremony's exclude list (the user's
            // own passkeys) with `CredentialAlteredAlgFromRequest`.
            WebauthnError::CredentialAlreadyExists
            | WebauthnError::CredentialExcludedFromRequest
            | WebauthnError::CredentialAlteredAlgFromRequest => Self::AlreadyRegistered,
            WebauthnError::ParseBase64Failure(_)
            | WebauthnError::ParseCBORFailure(_)
            | WebauthnError::ParseJSONFailure(_)
            | WebauthnError::ParseNOMFailure
            | WebauthnError::ParseInsufficientBytesAvailable
            | WebauthnError::InvalidClientDataType
            | WebauthnError::MissingAttestationCredentialData => Self::Malformed,
            _ => Self::Invalid,
        }
    }
}
