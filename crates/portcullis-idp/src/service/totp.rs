//! Authenticator apps as a second factor (RFC 6238 TOTP: HMAC-SHA-1, 6 digits, 30-second
//! steps, one step of clock drift either way): enrollment confirmed by a first code
//! (which issues the recovery codes), removal with a code, and an administrator's reset.
//!
//! The secret is 160 random bits, shown once (at enrollment), and stored sealed under
//! the master key with the user id as associated data, so a sealed secret copied to
//! another user's row does not open. A code is accepted only for a time step later than
//! the last one accepted for the user: a code seen once cannot be used again, not even
//! within the 90 seconds it is valid.

use serde_json::json;
use totp_rs::{Algorithm, Builder, Totp};

use super::Idp;
use super::audit::{AuditAction, AuditEvent};
use super::recovery::{Code, new_recovery_codes};
use crate::error::{IdpError, Result};
use crate::ids::random_bytes;
use crate::secret::Secret;

/// Seconds per time step.
pub const TOTP_STEP: u64 = 30;
/// Steps of clock drift accepted either way.
const TOTP_SKEW: u16 = 1;
/// Digits of a code.
const TOTP_DIGITS: u8 = 6;

/// A new authenticator app's setup, shown to the user once.
#[derive(Debug, Clone)]
pub struct TotpEnrollment {
    /// The secret in base32, for typing it into the app.
    pub secret: Secret,
    /// The `otpauth://totp/…` URI apps read from a QR code (it contains the secret).
    pub uri: Secret,
}

/// A user's second factors, as they may see them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SecondFactors {
    /// An authenticator app is confirmed (sign-in asks for its code).
    pub totp: bool,
    /// Passkeys registered (each signs in alone, or answers the second step).
    pub passkeys: i64,
    /// Recovery codes not used yet.
    pub recovery_codes_left: i64,
}

/// The RFC 6238 generator for `secret` (the parameters every authenticator app
/// understands), labelled for the app when `label` is given: (issuer, account).
fn authenticator(secret: [u8; 20], label: Option<(&str, &str)>) -> Result<Totp> {
    let mut builder = Builder::new()
        .with_algorithm(Algorithm::SHA1)
        .with_digits(TOTP_DIGITS)
        .with_skew(TOTP_SKEW)
        .with_step_duration(TOTP_STEP)
        .with_secret(totp_rs::Secret::new_stack(secret));
    if let Some((issuer, account)) = label {
        // The URI's label separates issuer and account with ':'; neither may hold one.
        builder = builder
            .with_issuer(Some(issuer.replace(':', "")))
            .with_account_name(account.replace(':', ""));
    }
    builder
        .build()
        .map_err(|e| IdpError::Keys(format!("authenticator: {e:?}")))
}

/// The time step within the accepted drift of `now` whose code is `digits` for
/// `secret`, if any.
pub(crate) fn matching_step(secret: &[u8], digits: &str, now: i64) -> Result<Option<i64>> {
    let secret: [u8; 20] = secret
        .try_into()
        .map_err(|_| IdpError::Keys("authenticator secret has the wrong length".into()))?;
    let Ok(time) = u64::try_from(now) else {
        return Ok(None);
    };
    Ok(authenticator(secret, None)?
        .check(digits, time)
        .and_then(|step| i64::try_from(step).ok()))
}

/// The name apps show for this issuer: its host.
fn issuer_label(issuer: &str) -> String {
    url::Url::parse(issuer)
        .ok()
        .and_then(|u| u.host_str().map(str::to_owned))
        .unwrap_or_else(|| issuer.to_owned())
}

impl Idp {
    /// Starts setting up an authenticator app for the user: a new secret, unconfirmed
    /// until [`Idp::confirm_totp`] (an earlier unconfirmed one is replaced). A user who
    /// has a confirmed one must remove it first ([`IdpError::Conflict`]).
    pub async fn start_totp(&self, user_id: &str, now: i64) -> Result<TotpEnrollment> {
        let user = self
            .store()
            .user_by_id(user_id)
            .await?
            .filter(|u| !u.disabled)
            .ok_or(IdpError::NotFound("user"))?;
        let secret = random_bytes::<20>()?;
        let sealed = self.keys().seal(&secret, user.id.as_bytes())?;
        if !self.store().put_totp_factor(&user.id, &sealed, now).await? {
            return Err(IdpError::conflict(
                "an authenticator app is already set up: remove it first",
            ));
        }
        self.enrollment_of(secret, &user.email)
    }

    /// What the app of a setup needs: the secret and its labelled URI.
    fn enrollment_of(&self, secret: [u8; 20], email: &str) -> Result<TotpEnrollment> {
        let app = authenticator(secret, Some((&issuer_label(&self.config().issuer), email)))?;
        let uri = app
            .to_url()
            .map_err(|e| IdpError::Keys(format!("authenticator URI: {e:?}")))?;
        Ok(TotpEnrollment {
            secret: Secret::new(app.secret().to_base32()),
            uri: Secret::new(uri),
        })
    }

    /// The setup of the user's authenticator app that waits for its first code, shown
    /// again (for a page that asks once more after a mistyped code); `None` when none
    /// waits.
    pub async fn pending_totp(&self, user_id: &str) -> Result<Option<TotpEnrollment>> {
        let Some(factor) = self
            .store()
            .totp_factor(user_id)
            .await?
            .filter(|f| f.confirmed_at.is_none())
        else {
            return Ok(None);
        };
        let user = self.active_user(user_id).await?;
        let secret: [u8; 20] = self
            .keys()
            .open(&factor.sealed_secret, user_id.as_bytes())?
            .as_slice()
            .try_into()
            .map_err(|_| IdpError::Keys("authenticator secret has the wrong length".into()))?;
        self.enrollment_of(secret, &user.email).map(Some)
    }

    /// Confirms the user's new authenticator app with a first code; from now on sign-in
    /// asks for a code. Returns the recovery codes, shown this once (any earlier ones
    /// are void). A wrong code is [`IdpError::InvalidCode`]; nothing to confirm is
    /// [`IdpError::NotFound`] (`authenticator`).
    pub async fn confirm_totp(&self, user_id: &str, code: &str, now: i64) -> Result<Vec<Secret>> {
        let factor = self
            .store()
            .totp_factor(user_id)
            .await?
            .filter(|f| f.confirmed_at.is_none())
            .ok_or(IdpError::NotFound("authenticator"))?;
        let Some(Code::Totp(digits)) = Code::parse(code) else {
            return Err(IdpError::InvalidCode);
        };
        let secret = self
            .keys()
            .open(&factor.sealed_secret, user_id.as_bytes())?;
        let Some(step) = matching_step(&secret, &digits, now)? else {
            return Err(IdpError::InvalidCode);
        };
        let (codes, hashes) = new_recovery_codes(user_id)?;
        if !self
            .store()
            .confirm_totp_factor(user_id, step, &hashes, now)
            .await?
        {
            // Replaced or confirmed meanwhile.
            return Err(IdpError::InvalidCode);
        }
        tracing::info!(user_id, "authenticator app confirmed");
        let event = AuditEvent::new(AuditAction::FactorEnrolled)
            .by(user_id)
            .on(user_id);
        self.audit(event.with(json!({ "type": "totp" })), now).await;
        Ok(codes)
    }

    /// Removes the user's authenticator app, given a code from the app or a recovery
    /// code (checked and throttled as at sign-in); the recovery codes go too unless the
    /// user has passkeys. An app not yet confirmed goes without a code. Nothing set up is
    /// [`IdpError::NotFound`] (`authenticator`).
    pub async fn remove_totp(&self, user_id: &str, code: &str, now: i64) -> Result<()> {
        let factor = self
            .store()
            .totp_factor(user_id)
            .await?
            .ok_or(IdpError::NotFound("authenticator"))?;
        if factor.confirmed_at.is_some()
            && self
                .check_second_factor(user_id, code, now)
                .await?
                .is_none()
        {
            return Err(IdpError::InvalidCode);
        }
        self.drop_totp(user_id, now).await
    }

    /// Removes the user's authenticator app without asking for a code: for a caller
    /// that checked a recent sign-in itself (the account page). As
    /// [`Idp::remove_totp`] otherwise.
    pub async fn remove_totp_after_sign_in(&self, user_id: &str, now: i64) -> Result<()> {
        if self.store().totp_factor(user_id).await?.is_none() {
            return Err(IdpError::NotFound("authenticator"));
        }
        self.drop_totp(user_id, now).await
    }

    async fn drop_totp(&self, user_id: &str, now: i64) -> Result<()> {
        self.store().delete_totp_factor(user_id).await?;
        self.forget_recovery_codes_without_factor(user_id).await?;
        tracing::info!(user_id, "authenticator app removed");
        let event = AuditEvent::new(AuditAction::FactorRemoved)
            .by(user_id)
            .on(user_id);
        self.audit(event.with(json!({ "type": "totp" })), now).await;
        Ok(())
    }

    /// Removes every second factor of a user (id or email: the authenticator app, the
    /// recovery codes, the passkeys), their pending second steps and the count of their
    /// wrong codes: an administrator's way back in for a user
    /// who lost the app and the recovery codes. Audited even when there was nothing.
    pub async fn reset_second_factors(&self, user: &str, now: i64) -> Result<()> {
        let user = self.find_user(user).await?;
        let had = self.store().delete_second_factors(&user.id).await?;
        self.store().clear_login_failures(&user.id).await?;
        tracing::info!(user_id = %user.id, "second factors reset");
        let event = AuditEvent::new(AuditAction::FactorsReset).on(&user.id);
        self.audit(event.with(json!({ "had_factors": had })), now)
            .await;
        Ok(())
    }

    /// The user's second factors.
    pub async fn second_factors(&self, user_id: &str) -> Result<SecondFactors> {
        let totp = self
            .store()
            .totp_factor(user_id)
            .await?
            .is_some_and(|f| f.confirmed_at.is_some());
        Ok(SecondFactors {
            totp,
            passkeys: self.store().passkey_count(user_id).await?,
            recovery_codes_left: self.store().recovery_codes_left(user_id).await?,
        })
    }

    /// New recovery codes for a user with a second factor, shown this once; the old ones
    /// are void. A user without a second factor has nothing to recover
    /// ([`IdpError::Conflict`]).
    pub async fn regenerate_recovery_codes(&self, user_id: &str, now: i64) -> Result<Vec<Secret>> {
        if !self.has_second_factor(user_id).await? {
            return Err(IdpError::conflict(
                "recovery codes stand in for a second factor: set one up first",
            ));
        }
        let (codes, hashes) = new_recovery_codes(user_id)?;
        self.store()
            .replace_recovery_codes(user_id, &hashes, now)
            .await?;
        tracing::info!(user_id, "recovery codes regenerated");
        let event = AuditEvent::new(AuditAction::RecoveryCodesRegenerated)
            .by(user_id)
            .on(user_id);
        self.audit(event, now).await;
        Ok(codes)
    }

    /// Deletes the user's recovery codes once no second factor is left for them to
    /// stand in for.
    pub(crate) async fn forget_recovery_codes_without_factor(&self, user_id: &str) -> Result<()> {
        if !self.has_second_factor(user_id).await? {
            self.store().delete_recovery_codes(user_id).await?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 6238 Appendix B, SHA-1 rows: the 20-byte ASCII seed "12345678901234567890";
    /// the RFC prints 8 digits, the 6-digit code is their last six.
    #[test]
    fn rfc_6238_test_vectors() {
        let seed = *b"12345678901234567890";
        let app = authenticator(seed, None).unwrap();
        for (time, eight_digits) in [
            (59_u64, "94287082"),
            (1_111_111_109, "07081804"),
            (1_111_111_111, "14050471"),
            (1_234_567_890, "89005924"),
            (2_000_000_000, "69279037"),
            (20_000_000_000, "65353130"),
        ] {
            let six = &eight_digits[2..];
            assert_eq!(app.generate(time).to_string(), six, "T = {time}");
            let now = i64::try_from(time).unwrap();
            let step = now / 30;
            assert_eq!(matching_step(&seed, six, now).unwrap(), Some(step));
            // One step of drift either way, and no more.
            assert_eq!(matching_step(&seed, six, now + 30).unwrap(), Some(step));
            assert_eq!(matching_step(&seed, six, now - 30).unwrap(), Some(step));
            assert_eq!(matching_step(&seed, six, now + 60).unwrap(), None);
        }
        assert_eq!(matching_step(&seed, "000000", -1).unwrap(), None);
        assert!(matching_step(b"short", "000000", 59).is_err());
    }

    #[test]
    fn the_uri_names_the_issuer_host_and_the_account() {
        let app = authenticator([7; 20], Some(("127.0.0.1", "ada@example.com"))).unwrap();
        let uri = app.to_url().unwrap();
        assert!(
            uri.starts_with("otpauth://totp/127.0.0.1:ada%40example.com?"),
            "{uri}"
        );
        assert!(
            uri.contains("secret=") && uri.contains("issuer=127.0.0.1"),
            "{uri}"
        );
        assert_eq!(issuer_label("http://127.0.0.1:8080/"), "127.0.0.1");
        assert_eq!(issuer_label("https://id.example.com/"), "id.example.com");
    }
}
