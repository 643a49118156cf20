//! Passkeys (WebAuthn, through `webauthn-rs`): registration from the account page, sign-in
//! with a passkey alone (discoverable credentials: the browser's passkey button or its
//! autofill), and a passkey as the second step of a password sign-in.
//!
//! - **Ceremonies live in the database.** Each begins with a challenge whose state
//!   ([`CEREMONY_TTL`] seconds, single use) is stored under the hash of an opaque token
//!   the page holds, so any node can finish what another began; finishing spends it
//!   whatever the outcome, so a response is checked at most once (a replay finds
//!   nothing).
//! - **User verification is required** in every ceremony (a PIN or biometric on the
//!   authenticator): a passkey alone is two factors. Attestation is not asked for.
//! - **Counters.** A sign-in updates the stored signature counter and backup flags in one
//!   statement that also checks the counter it was verified against: a counter that went
//!   backwards (a cloned authenticator), or two nodes accepting one response at once,
//!   refuses the sign-in.
//! - **Who.** An authenticator names its user by a random handle (a UUID per user, never
//!   the email or id); a discoverable sign-in is accepted only when the handle and the
//!   credential belong to the same active user.
//!
//! The relying party (RP ID and the origins allowed to use it) comes from the issuer
//! URL unless configured ([`PasskeySettings`]); an issuer on an IP address has none
//! (browsers refuse IP addresses as RP IDs) and passkeys are then off.

mod manage;
mod refusal;
mod register;
mod relying_party;
mod sign_in;

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde::de::DeserializeOwned;

pub use manage::{MAX_PASSKEY_NAME_CHARS, MAX_PASSKEYS};
pub use refusal::PasskeyRefusal;
pub use relying_party::PasskeySettings;
pub(crate) use relying_party::RelyingParty;
pub use sign_in::SecondFactorAnswer;

use super::Idp;
use crate::error::{IdpError, Result};
use crate::ids::{new_token, token_hash};
use crate::secret::Secret;
use crate::store::CeremonyRow;

/// How long a ceremony waits for the authenticator's response (also the timeout the
/// browser is given).
pub const CEREMONY_TTL: i64 = 5 * 60;
/// The longest credential response read at all (real ones are well under 4 KiB).
pub const MAX_CREDENTIAL_BYTES: usize = 16 * 1024;
/// No ceremony token is longer (anything longer is unknown, unread).
const MAX_CEREMONY_BYTES: usize = 128;

/// A ceremony begun: the token that names it, and the options for
/// `navigator.credentials.create` / `get` (binary values in base64url).
#[derive(Debug, Clone)]
pub struct PasskeyCeremony {
    /// Names the ceremony when it is finished; single use.
    pub token: Secret,
    /// `{"publicKey": …}` (and `"mediation"` for a discoverable sign-in).
    pub options: serde_json::Value,
    /// Seconds left to finish it.
    pub expires_in: i64,
}

/// Which ceremony a token stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum CeremonyKind {
    Register,
    SignIn,
    SecondStep,
}

impl CeremonyKind {
    fn as_str(self) -> &'static str {
        match self {
            Self::Register => "register",
            Self::SignIn => "sign_in",
            Self::SecondStep => "second_step",
        }
    }
}

/// A credential id as browsers and the database name it.
pub(crate) fn credential_id_text(id: &[u8]) -> String {
    URL_SAFE_NO_PAD.encode(id)
}

/// Reads a browser's credential response: bounded, then JSON of the expected shape.
pub(crate) fn read_response<T: DeserializeOwned>(credential: &str) -> Result<T> {
    if credential.len() > MAX_CREDENTIAL_BYTES {
        return Err(PasskeyRefusal::Malformed.into());
    }
    serde_json::from_str(credential).map_err(|e| {
        tracing::info!(error = %e, "passkey response unreadable");
        PasskeyRefusal::Malformed.into()
    })
}

impl Idp {
    /// The relying party, or [`PasskeyRefusal::Unavailable`].
    pub(crate) fn relying_party(&self) -> Result<&RelyingParty> {
        self.passkeys_rp()
            .ok_or(IdpError::Passkey(PasskeyRefusal::Unavailable))
    }

    /// Whether passkeys can be used on this issuer (its relying party is valid).
    pub fn passkeys_available(&self) -> bool {
        self.passkeys_rp().is_some()
    }

    /// Stores a new ceremony with its state; returns what the page gets.
    async fn begin_ceremony(
        &self,
        kind: CeremonyKind,
        user_id: Option<&str>,
        state: &impl serde::Serialize,
        options: serde_json::Value,
        now: i64,
    ) -> Result<PasskeyCeremony> {
        let token = new_token("pwc")?;
        let row = CeremonyRow {
            kind: kind.as_str().to_owned(),
            user_id: user_id.map(str::to_owned),
            state: serde_json::to_string(state)
                .map_err(|e| IdpError::Keys(format!("passkey ceremony state: {e}")))?,
            expires_at: now.saturating_add(CEREMONY_TTL),
        };
        self.store()
            .insert_ceremony(&token_hash(&token), &row, now)
            .await?;
        Ok(PasskeyCeremony {
            token: Secret::new(token),
            options,
            expires_in: CEREMONY_TTL,
        })
    }

    /// Spends the live ceremony of `kind` that `token` names and returns its user and
    /// state; anything else is [`PasskeyRefusal::CeremonyExpired`].
    async fn spend_ceremony<S: DeserializeOwned>(
        &self,
        kind: CeremonyKind,
        token: &Secret,
        now: i64,
    ) -> Result<(Option<String>, S)> {
        let expired = || IdpError::Passkey(PasskeyRefusal::CeremonyExpired);
        if token.expose().len() > MAX_CEREMONY_BYTES {
            return Err(expired());
        }
        let row = self
            .store()
            .spend_ceremony(&token_hash(token.expose()), kind.as_str(), now)
            .await?
            .ok_or_else(expired)?;
        let state = serde_json::from_str(&row.state)
            .map_err(|e| IdpError::Keys(format!("passkey ceremony state unreadable: {e}")))?;
        Ok((row.user_id, state))
    }
}
