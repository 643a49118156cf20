//! A user's passkeys as the account page manages them: list, rename, remove.
//!
//! The password and the passkeys are the ways to sign in; removing a passkey that is the
//! last of them is refused ([`ways_left_after_removal`]), so no account is locked out by
//! its owner. (Every account has a password today; the rule holds for accounts that may
//! one day have passkeys only.)

use serde_json::json;

use crate::error::{IdpError, Result};
use crate::service::Idp;
use crate::service::audit::{AuditAction, AuditEvent};
use crate::store::{PasskeyRow, UserRow};

/// Passkeys one account may have.
pub const MAX_PASSKEYS: usize = 20;
/// The longest name of a passkey, in characters.
pub const MAX_PASSKEY_NAME_CHARS: usize = 64;

/// A passkey's name, trimmed: 1 to [`MAX_PASSKEY_NAME_CHARS`] characters, no control
/// characters.
pub(crate) fn check_name(name: &str) -> Result<String> {
    let name = name.trim();
    if name.is_empty() {
        return Err(IdpError::invalid("name the passkey"));
    }
    if name.chars().count() > MAX_PASSKEY_NAME_CHARS {
        return Err(IdpError::invalid(format!(
            "a passkey's name has at most {MAX_PASSKEY_NAME_CHARS} characters"
        )));
    }
    if name.chars().any(char::is_control) {
        return Err(IdpError::invalid(
            "a passkey's name must not contain control characters",
        ));
    }
    Ok(name.to_owned())
}

/// How many ways to sign in an account keeps if one passkey goes: its password (if it
/// has one) and its other passkeys.
pub(crate) fn ways_left_after_removal(has_password: bool, passkeys: i64) -> i64 {
    i64::from(has_password) + passkeys - 1
}

/// Whether the account has a password it can sign in with.
fn has_password(user: &UserRow) -> bool {
    !user.password_hash.is_empty()
}

impl Idp {
    /// The active user `user_id`, or [`IdpError::NotFound`].
    pub(crate) async fn active_user(&self, user_id: &str) -> Result<UserRow> {
        self.store()
            .user_by_id(user_id)
            .await?
            .filter(|u| !u.disabled)
            .ok_or(IdpError::NotFound("user"))
    }

    /// The user's passkeys, oldest first.
    pub async fn passkeys(&self, user_id: &str) -> Result<Vec<PasskeyRow>> {
        self.store().passkeys_of(user_id).await
    }

    /// Renames one of the user's passkeys ([`IdpError::NotFound`] if they have no such
    /// passkey).
    pub async fn rename_passkey(&self, user_id: &str, id: &str, name: &str) -> Result<()> {
        let name = check_name(name)?;
        if !self.store().rename_passkey(user_id, id, &name).await? {
            return Err(IdpError::NotFound("passkey"));
        }
        Ok(())
    }

    /// Removes one of the user's passkeys, audited. Refused ([`IdpError::Conflict`]) when
    /// it is the last way the account can sign in; [`IdpError::NotFound`] if the user
    /// has no such passkey. When the user is left with no second factor, their recovery
    /// codes go too.
    pub async fn remove_passkey(&self, user_id: &str, id: &str, now: i64) -> Result<()> {
        let user = self.active_user(user_id).await?;
        let passkeys = self.store().passkeys_of(user_id).await?;
        let Some(passkey) = passkeys.iter().find(|p| p.id == id) else {
            return Err(IdpError::NotFound("passkey"));
        };
        let count = i64::try_from(passkeys.len()).unwrap_or(i64::MAX);
        let password = has_password(&user);
        if ways_left_after_removal(password, count) < 1 {
            return Err(IdpError::conflict(
                "this passkey is the last way to sign in to this account: add another first",
            ));
        }
        // Checked again in the statement itself, against a concurrent removal.
        let keep = if password { 0 } else { 1 };
        if !self.store().delete_passkey(user_id, id, keep).await? {
            return Err(IdpError::conflict(
                "this passkey is the last way to sign in to this account: add another first",
            ));
        }
        self.forget_recovery_codes_without_factor(user_id).await?;
        tracing::info!(user_id, passkey = id, "passkey removed");
        let event = AuditEvent::new(AuditAction::FactorRemoved)
            .by(user_id)
            .on(user_id)
            .with(json!({ "type": "passkey", "passkey": id, "name": passkey.name }));
        self.audit(event, now).await;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_trimmed_bounded_and_printable() {
        assert_eq!(check_name("  Laptop  ").unwrap(), "Laptop");
        assert_eq!(check_name(&"é".repeat(64)).unwrap().chars().count(), 64);
        for bad in ["", "   ", "a\u{0}b", "line\nbreak", &"x".repeat(65)] {
            assert!(check_name(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn the_last_way_to_sign_in_stays() {
        // With a password, every passkey may go.
        assert_eq!(ways_left_after_removal(true, 1), 1);
        // Without one, the last passkey may not.
        assert_eq!(ways_left_after_removal(false, 1), 0);
        assert_eq!(ways_left_after_removal(false, 2), 1);
    }
}
