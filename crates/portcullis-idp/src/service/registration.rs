//! Creating accounts. [`Idp::register`] answers the same whether the address is new or
//! already has an account, after the same work (one password hash and one message), so
//! sign-up cannot be used to learn who has an account: a new address gets a link to
//! confirm it, a taken one a notice. Sign-in then waits for the confirmed address (see
//! [`IdpConfig::require_verified_email`](super::IdpConfig::require_verified_email)).

use serde_json::json;

use super::Idp;
use super::audit::{AuditAction, AuditEvent};
use crate::email::Email;
use crate::error::{IdpError, Result};
use crate::ids::new_id;
use crate::password::NewPassword;
use crate::store::UserRow;

/// A reminder link is sent again at most this often (seconds) when an unconfirmed
/// account signs in.
const REMINDER_INTERVAL: i64 = 600;

/// Sign-up input, checked: a normalized address, a password that passes the policy, a
/// trimmed name of at most 200 characters.
pub(crate) struct NewAccount {
    email: Email,
    password: NewPassword,
    name: Option<String>,
}

impl NewAccount {
    pub(crate) fn parse(email: &str, password: String, name: Option<String>) -> Result<Self> {
        let email = Email::parse(email)?;
        let password = NewPassword::parse(password, email.as_str())?;
        let name = name.map(|n| n.trim().to_owned()).filter(|n| !n.is_empty());
        if name.as_ref().is_some_and(|n| n.chars().count() > 200) {
            return Err(IdpError::invalid("name must be at most 200 characters"));
        }
        Ok(Self {
            email,
            password,
            name,
        })
    }
}

impl Idp {
    /// Stores a new account (the password hashed); `verified` marks the address as
    /// confirmed. [`IdpError::EmailTaken`] if the address has an account.
    pub(crate) async fn create_account(
        &self,
        account: NewAccount,
        verified: bool,
        now: i64,
    ) -> Result<UserRow> {
        let hash = self.hasher().hash(account.password.secret()).await?;
        let user = UserRow {
            id: new_id("usr")?,
            email: account.email.as_str().to_owned(),
            password_hash: hash,
            name: account.name,
            email_verified: verified,
            disabled: false,
            created_at: now,
        };
        self.store().insert_user(&user).await?;
        tracing::info!(user_id = %user.id, "user signed up");
        self.audit(
            AuditEvent::new(AuditAction::UserSignup)
                .by(&user.id)
                .on(&user.id)
                .with(json!({ "verified": verified })),
            now,
        )
        .await;
        Ok(user)
    }

    /// Creates an account whose address an administrator vouches for (confirmed), without
    /// signing it in.
    pub async fn create_user(
        &self,
        email: &str,
        password: String,
        name: Option<String>,
        now: i64,
    ) -> Result<UserRow> {
        self.create_account(NewAccount::parse(email, password, name)?, true, now)
            .await
    }

    /// Registers an address without revealing whether it already had an account: a new
    /// address gets an unconfirmed account and a confirmation link (carrying
    /// `continue_to`, the query of the authorization request to resume, when given);
    /// an address with an account gets a notice instead, after the same hashing work.
    /// Invalid input is still refused (that depends on the input alone).
    pub async fn register(
        &self,
        email: &str,
        password: String,
        name: Option<String>,
        continue_to: Option<&str>,
        now: i64,
    ) -> Result<()> {
        let account = NewAccount::parse(email, password, name)?;
        let existing = self.store().user_by_email(account.email.as_str()).await?;
        let Some(existing) = existing else {
            return match self.create_account(account, false, now).await {
                Ok(user) => {
                    self.send_verification_continuing(&user.id, continue_to, now)
                        .await
                }
                // Registered a moment ago by a racing request: the same answer.
                Err(IdpError::EmailTaken) => Ok(()),
                Err(e) => Err(e),
            };
        };
        // The work a new account costs, so that time does not tell either.
        self.hasher().hash(account.password.secret()).await?;
        self.audit(
            AuditEvent::new(AuditAction::UserSignupExisting).on(&existing.id),
            now,
        )
        .await;
        if existing.disabled {
            return Ok(());
        }
        let forgot = format!("{}forgot-password", self.config().issuer);
        let mail = crate::mail::existing_account(portcullis_i18n::current(), &forgot);
        self.send_mail(&existing.email, mail, now).await
    }

    /// Sends a fresh confirmation link to an unconfirmed account that just presented
    /// its password, unless one went out in the last ten minutes. Best effort: a
    /// failure is logged, the sign-in answer does not change.
    pub(crate) async fn remind_to_verify(&self, user: &UserRow, now: i64) {
        let recent = match self.store().latest_email_token(&user.id, "verify").await {
            Ok(Some(expires_at)) => expires_at - super::VERIFY_TTL > now - REMINDER_INTERVAL,
            Ok(None) => false,
            Err(e) => {
                tracing::warn!(error = %e, "confirmation reminder skipped");
                return;
            }
        };
        if !recent && let Err(e) = self.send_verification(&user.id, now).await {
            tracing::warn!(error = %e, "confirmation reminder not queued");
        }
        tracing::info!(user_id = %user.id, "sign-in refused: address not confirmed");
    }
}
