//! Signing in with a passkey: alone (a discoverable credential: the authenticator names
//! the user), or as the second step after a password (the user's own passkeys only).

use serde_json::json;
use webauthn_rs::prelude::{
    DiscoverableAuthentication, Passkey, PasskeyAuthentication, PublicKeyCredential,
};

use super::register::with_credential;
use super::{CeremonyKind, PasskeyCeremony, PasskeyRefusal, credential_id_text, read_response};
use crate::AuthMethods;
use crate::error::{IdpError, Result};
use crate::secret::Secret;
use crate::service::audit::{AuditAction, AuditEvent};
use crate::service::{BrowserSignIn, Idp};
use crate::store::PasskeyRow;

/// What answers the second step of a sign-in.
#[derive(Debug, Clone, Copy)]
pub enum SecondFactorAnswer<'a> {
    /// A code from the authenticator app, or a recovery code.
    Code(&'a str),
    /// A passkey: the ceremony begun by [`Idp::start_passkey_second_step`] and the
    /// browser's response (JSON, binary values in base64url).
    Passkey {
        /// The ceremony's token.
        ceremony: &'a Secret,
        /// The response of `navigator.credentials.get`.
        credential: &'a str,
    },
}

/// A passkey that just proved its user.
pub(crate) struct PasskeyUse {
    pub user_id: String,
    /// Backup eligible: `swk` rather than `hwk`.
    pub synced: bool,
}

impl Idp {
    /// Begins a sign-in with a passkey alone: options for `navigator.credentials.get`
    /// without a user (the authenticator offers its discoverable credentials for this
    /// site; `mediation: "conditional"` for the browser's autofill, which the page may
    /// drop for a modal request).
    pub async fn start_passkey_sign_in(&self, now: i64) -> Result<PasskeyCeremony> {
        let rp = self.relying_party()?;
        let (options, state) = rp
            .webauthn
            .start_discoverable_authentication()
            .map_err(|e| IdpError::Passkey(PasskeyRefusal::from_webauthn(&e)))?;
        let options = serde_json::to_value(&options)
            .map_err(|e| IdpError::Keys(format!("passkey options: {e}")))?;
        self.begin_ceremony(CeremonyKind::SignIn, None, &state, options, now)
            .await
    }

    /// Finishes a sign-in begun by [`Idp::start_passkey_sign_in`]: the browser session
    /// of the passkey's user, whose `amr` says a passkey alone signed in (`hwk` or
    /// `swk`, `user`, `mfa`). Refusals are [`IdpError::Passkey`].
    pub async fn passkey_sign_in(
        &self,
        ceremony: &Secret,
        credential: &str,
        now: i64,
    ) -> Result<BrowserSignIn> {
        let used = self.verify_discoverable(ceremony, credential, now).await?;
        self.finish_browser_login(
            &used.user_id,
            AuthMethods::Passkey {
                synced: used.synced,
            },
            now,
        )
        .await
    }

    async fn verify_discoverable(
        &self,
        ceremony: &Secret,
        credential: &str,
        now: i64,
    ) -> Result<PasskeyUse> {
        let rp = self.relying_party()?;
        // Spent first: whatever the answer, a ceremony is checked once.
        let (_, state) = self
            .spend_ceremony::<DiscoverableAuthentication>(CeremonyKind::SignIn, ceremony, now)
            .await?;
        let response: PublicKeyCredential = read_response(credential)?;
        let (handle, credential_id) = rp
            .webauthn
            .identify_discoverable_authentication(&response)
            .map_err(|e| IdpError::Passkey(PasskeyRefusal::from_webauthn(&e)))?;
        let unknown = || IdpError::Passkey(PasskeyRefusal::UnknownCredential);
        let row = self
            .store()
            .passkey_by_credential(&credential_id_text(credential_id))
            .await?
            .ok_or_else(unknown)?;
        // The authenticator names the user by handle: it must be the credential's user.
        let named = self
            .store()
            .user_of_passkey_handle(&handle.to_string())
            .await?;
        if named.as_deref() != Some(row.user_id.as_str()) {
            tracing::info!(passkey = %row.id, "passkey presented with another user's handle");
            self.passkey_failed(&row.user_id, PasskeyRefusal::UnknownCredential, now)
                .await;
            return Err(unknown());
        }
        // A disabled user's passkey is refused as unknown.
        match self.active_user(&row.user_id).await {
            Ok(_) => {}
            Err(IdpError::NotFound(_)) => return Err(unknown()),
            Err(e) => return Err(e),
        }
        let passkey = stored_passkey(&row)?;
        let checked = rp
            .webauthn
            .finish_discoverable_authentication_v2(&response, state, &passkey);
        self.record_use(row, passkey, checked, now).await
    }

    /// Begins the passkey answer to the second step of a browser sign-in (the
    /// `mfa_token` its password led to): options naming the user's passkeys. No such
    /// live step is [`IdpError::SignInExpired`]; a user without passkeys is
    /// [`IdpError::NotFound`] (`passkey`).
    pub async fn start_passkey_second_step(
        &self,
        challenge: &Secret,
        now: i64,
    ) -> Result<PasskeyCeremony> {
        let rp = self.relying_party()?;
        let row = self.live_challenge(challenge, "browser", now).await?;
        let passkeys = self.store().passkeys_of(&row.user_id).await?;
        if passkeys.is_empty() {
            return Err(IdpError::NotFound("passkey"));
        }
        let keys = passkeys
            .iter()
            .map(stored_passkey)
            .collect::<Result<Vec<_>>>()?;
        let (options, state) = rp
            .webauthn
            .start_passkey_authentication(&keys)
            .map_err(|e| IdpError::Passkey(PasskeyRefusal::from_webauthn(&e)))?;
        let options = serde_json::to_value(&options)
            .map_err(|e| IdpError::Keys(format!("passkey options: {e}")))?;
        self.begin_ceremony(
            CeremonyKind::SecondStep,
            Some(&row.user_id),
            &state,
            options,
            now,
        )
        .await
    }

    /// Checks a passkey answer to the second step of `user_id`'s sign-in; the passkey's
    /// use is recorded. Refusals are [`IdpError::Passkey`].
    pub(crate) async fn verify_passkey_of(
        &self,
        user_id: &str,
        ceremony: &Secret,
        credential: &str,
        now: i64,
    ) -> Result<PasskeyUse> {
        let rp = self.relying_party()?;
        let (owner, state) = self
            .spend_ceremony::<PasskeyAuthentication>(CeremonyKind::SecondStep, ceremony, now)
            .await?;
        let response: PublicKeyCredential = read_response(credential)?;
        if owner.as_deref() != Some(user_id) {
            return Err(PasskeyRefusal::CeremonyExpired.into());
        }
        let row = self
            .store()
            .passkey_by_credential(&credential_id_text(&response.raw_id))
            .await?
            .filter(|p| p.user_id == user_id)
            .ok_or(IdpError::Passkey(PasskeyRefusal::UnknownCredential))?;
        let passkey = stored_passkey(&row)?;
        let checked = rp.webauthn.finish_passkey_authentication(&response, &state);
        self.record_use(row, passkey, checked, now).await
    }

    /// Records a checked assertion: the counter and flags, atomically against the
    /// counter it was checked with; audited either way.
    async fn record_use(
        &self,
        row: PasskeyRow,
        mut passkey: Passkey,
        checked: std::result::Result<
            webauthn_rs::prelude::AuthenticationResult,
            webauthn_rs::prelude::WebauthnError,
        >,
        now: i64,
    ) -> Result<PasskeyUse> {
        let result = match checked {
            Ok(r) if r.user_verified() => r,
            Ok(_) => {
                self.passkey_failed(&row.user_id, PasskeyRefusal::UserNotVerified, now)
                    .await;
                return Err(PasskeyRefusal::UserNotVerified.into());
            }
            Err(e) => {
                let refusal = PasskeyRefusal::from_webauthn(&e);
                self.passkey_failed(&row.user_id, refusal, now).await;
                return Err(refusal.into());
            }
        };
        passkey.update_credential(&result);
        let seen = row.sign_count;
        let updated = with_credential(row, &passkey)?;
        if !self.store().record_passkey_use(&updated, seen, now).await? {
            self.passkey_failed(&updated.user_id, PasskeyRefusal::CounterRegression, now)
                .await;
            return Err(PasskeyRefusal::CounterRegression.into());
        }
        let event = AuditEvent::new(AuditAction::FactorUsed)
            .by(&updated.user_id)
            .on(&updated.user_id)
            .with(json!({ "type": "passkey", "passkey": updated.id }));
        self.audit(event, now).await;
        Ok(PasskeyUse {
            synced: updated.backup_eligible,
            user_id: updated.user_id,
        })
    }

    /// Audits a refused passkey of a known user.
    async fn passkey_failed(&self, user_id: &str, refusal: PasskeyRefusal, now: i64) {
        let event = AuditEvent::new(AuditAction::FactorFailure)
            .by(user_id)
            .on(user_id)
            .with(json!({ "type": "passkey", "reason": refusal.to_string() }));
        self.audit(event, now).await;
    }
}

/// The stored credential, as webauthn-rs reads it.
fn stored_passkey(row: &PasskeyRow) -> Result<Passkey> {
    serde_json::from_str(&row.credential)
        .map_err(|e| IdpError::Keys(format!("stored passkey {} unreadable: {e}", row.id)))
}
