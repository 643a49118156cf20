//! Registering a passkey: the signed-in user begins, their browser creates the
//! credential, and finishing stores it under the name they chose.

use serde::Deserialize;
use serde_json::json;
use webauthn_rs::prelude::{Passkey, PasskeyRegistration, RegisterPublicKeyCredential, Uuid};

use super::manage::check_name;
use super::{CeremonyKind, PasskeyCeremony, PasskeyRefusal, credential_id_text, read_response};
use crate::error::{IdpError, Result};
use crate::ids::new_id;
use crate::service::Idp;
use crate::service::audit::{AuditAction, AuditEvent};
use crate::store::PasskeyRow;

/// What the serialised credential says about its counter and backup flags (webauthn-rs
/// keeps them private; its serialised form is what the database stores anyway).
#[derive(Deserialize)]
pub(super) struct CredentialView {
    cred: CredentialFlags,
}

#[derive(Deserialize)]
struct CredentialFlags {
    counter: u32,
    backup_eligible: bool,
    backup_state: bool,
}

/// `credential` (a serialised [`Passkey`]) with its counter and flags copied into `row`.
pub(super) fn with_credential(mut row: PasskeyRow, passkey: &Passkey) -> Result<PasskeyRow> {
    let value = serde_json::to_value(passkey)
        .map_err(|e| IdpError::Keys(format!("passkey does not serialise: {e}")))?;
    let view: CredentialView = serde_json::from_value(value.clone())
        .map_err(|e| IdpError::Keys(format!("passkey form unexpected: {e}")))?;
    row.credential = value.to_string();
    row.sign_count = i64::from(view.cred.counter);
    row.backup_eligible = view.cred.backup_eligible;
    row.backup_state = view.cred.backup_state;
    Ok(row)
}

impl Idp {
    /// Begins registering a passkey for the signed-in user: the options for
    /// `navigator.credentials.create` (a discoverable credential is preferred, so it can
    /// sign in alone; the user's other passkeys are excluded). At most [`super::MAX_PASSKEYS`]
    /// per user ([`IdpError::Conflict`]).
    pub async fn start_passkey_registration(
        &self,
        user_id: &str,
        now: i64,
    ) -> Result<PasskeyCeremony> {
        let rp = self.relying_party()?;
        let user = self
            .store()
            .user_by_id(user_id)
            .await?
            .filter(|u| !u.disabled)
            .ok_or(IdpError::NotFound("user"))?;
        let existing = self.store().passkeys_of(&user.id).await?;
        if existing.len() >= super::MAX_PASSKEYS {
            return Err(IdpError::conflict(format!(
                "an account has at most {} passkeys: remove one first",
                super::MAX_PASSKEYS
            )));
        }
        let handle = self
            .store()
            .ensure_passkey_handle(&user.id, &Uuid::new_v4().to_string())
            .await?;
        let handle = Uuid::parse_str(&handle)
            .map_err(|e| IdpError::Keys(format!("stored passkey handle: {e}")))?;
        let exclude = existing
            .iter()
            .filter_map(|p| {
                base64::Engine::decode(
                    &base64::engine::general_purpose::URL_SAFE_NO_PAD,
                    &p.credential_id,
                )
                .ok()
            })
            .collect();
        let display = user.name.clone().unwrap_or_else(|| user.email.clone());
        let (options, state) = rp
            .webauthn
            .start_passkey_registration(handle, &user.email, &display, Some(exclude))
            .map_err(|e| IdpError::Passkey(PasskeyRefusal::from_webauthn(&e)))?;
        let mut options = serde_json::to_value(&options)
            .map_err(|e| IdpError::Keys(format!("passkey options: {e}")))?;
        // webauthn-rs asks for a non-discoverable credential; a passkey that signs in
        // alone must be discoverable, so ask for one where the authenticator can.
        if let Some(selection) = options
            .pointer_mut("/publicKey/authenticatorSelection")
            .and_then(serde_json::Value::as_object_mut)
        {
            selection.insert("residentKey".into(), "preferred".into());
            selection.insert("requireResidentKey".into(), false.into());
        }
        self.begin_ceremony(CeremonyKind::Register, Some(&user.id), &state, options, now)
            .await
    }

    /// Finishes a registration begun by [`Idp::start_passkey_registration`] for the same
    /// user: checks the browser's `credential` (JSON, as `navigator.credentials.create`
    /// gave it with binary values in base64url) against the ceremony, and stores the
    /// passkey as `name`. Refusals are [`IdpError::Passkey`]; a bad name is
    /// [`IdpError::InvalidInput`].
    pub async fn finish_passkey_registration(
        &self,
        user_id: &str,
        ceremony: &crate::Secret,
        name: &str,
        credential: &str,
        now: i64,
    ) -> Result<PasskeyRow> {
        let rp = self.relying_party()?;
        let name = check_name(name)?;
        // Spent first: whatever the answer, a ceremony is checked once.
        let (owner, state) = self
            .spend_ceremony::<PasskeyRegistration>(CeremonyKind::Register, ceremony, now)
            .await?;
        let response: RegisterPublicKeyCredential = read_response(credential)?;
        if owner.as_deref() != Some(user_id) {
            // Another user's ceremony proves nothing for this one.
            return Err(PasskeyRefusal::CeremonyExpired.into());
        }
        let passkey = rp
            .webauthn
            .finish_passkey_registration(&response, &state)
            .map_err(|e| IdpError::Passkey(PasskeyRefusal::from_webauthn(&e)))?;
        let row = PasskeyRow {
            id: new_id("pky")?,
            user_id: user_id.to_owned(),
            credential_id: credential_id_text(passkey.cred_id()),
            name,
            credential: String::new(),
            sign_count: 0,
            backup_eligible: false,
            backup_state: false,
            created_at: now,
            last_used_at: None,
        };
        let row = with_credential(row, &passkey)?;
        if !self.store().insert_passkey(&row).await? {
            return Err(PasskeyRefusal::AlreadyRegistered.into());
        }
        tracing::info!(user_id, passkey = %row.id, "passkey registered");
        let event = AuditEvent::new(AuditAction::FactorEnrolled)
            .by(user_id)
            .on(user_id)
            .with(json!({
                "type": "passkey",
                "passkey": row.id,
                "name": row.name,
                "synced": row.backup_eligible,
            }));
        self.audit(event, now).await;
        Ok(row)
    }
}
