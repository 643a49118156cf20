//! Email links: verification of an address and password reset. Messages go to the
//! outbox (SMTP delivery is not built yet: the outbox is how development, the demo and
//! the tests follow the links). Links are single-use and expire. Every message is
//! written in the language of the request that caused it (`crate::mail`).

use super::Idp;
use super::audit::{AuditAction, AuditEvent};
use crate::email::Email;
use crate::error::{IdpError, Result};
use crate::ids::{new_token, time_sorted_id, token_hash};
use crate::mail::{self, Mail};
use crate::password::NewPassword;
use crate::store::OutboxRow;

/// Verification links live a day.
pub const VERIFY_TTL: i64 = 24 * 3600;
/// Reset links live an hour.
pub const RESET_TTL: i64 = 3600;

/// At most this many reset links are mailed to one account per [`RESET_TTL`].
pub const MAX_RESET_MAILS_PER_TTL: i64 = 3;

impl Idp {
    pub(crate) async fn send_mail(&self, to: &str, mail: Mail, now: i64) -> Result<()> {
        let row = OutboxRow {
            id: time_sorted_id("msg", now)?,
            at: now,
            to_email: to.to_owned(),
            subject: mail.subject,
            body: mail.body,
            sent_at: None,
            last_error: None,
        };
        self.store().insert_outbox(&row).await?;
        tracing::info!(to = %row.to_email, subject = %row.subject, "email queued in the outbox");
        Ok(())
    }

    /// Sends `user_id` a link to verify their address.
    pub async fn send_verification(&self, user_id: &str, now: i64) -> Result<()> {
        self.send_verification_continuing(user_id, None, now).await
    }

    /// As [`send_verification`](Self::send_verification); the link also carries
    /// `continue_to`, the query of an authorization request the confirmation page
    /// offers to resume.
    pub async fn send_verification_continuing(
        &self,
        user_id: &str,
        continue_to: Option<&str>,
        now: i64,
    ) -> Result<()> {
        let user = self
            .store()
            .user_by_id(user_id)
            .await?
            .ok_or(IdpError::NotFound("user"))?;
        let token = new_token("pev")?;
        self.store()
            .insert_email_token(&token_hash(&token), &user.id, "verify", now + VERIFY_TTL)
            .await?;
        let mut link = format!("{}verify-email?token={token}", self.config().issuer);
        if let Some(query) = continue_to.filter(|q| !q.is_empty() && q.len() <= 4000) {
            link.push_str("&continue=");
            link.extend(url::form_urlencoded::byte_serialize(query.as_bytes()));
        }
        let mail = mail::verification(portcullis_i18n::current(), &link, VERIFY_TTL);
        self.send_mail(&user.email, mail, now).await
    }

    /// Follows a verification link. `false` when the link is unknown, used or expired.
    pub async fn verify_email(&self, token: &str, now: i64) -> Result<bool> {
        match self
            .store()
            .spend_email_token(&token_hash(token), "verify", now)
            .await?
        {
            Some(user) => {
                self.store().set_email_verified(&user, now).await?;
                self.audit(
                    AuditEvent::new(AuditAction::EmailVerified)
                        .by(&user)
                        .on(&user),
                    now,
                )
                .await;
                Ok(true)
            }
            None => Ok(false),
        }
    }

    /// Sends a reset link if an account exists; does the same visible work either way.
    pub async fn request_password_reset(&self, email: &str, now: i64) -> Result<()> {
        let Ok(email) = Email::parse(email) else {
            return Ok(());
        };
        let Some(user) = self.store().user_by_email(email.as_str()).await? else {
            return Ok(());
        };
        if user.disabled {
            return Ok(());
        }
        // Nobody can flood an inbox through this form: a few links an hour per account.
        if self
            .store()
            .recent_email_tokens(&user.id, "reset", now)
            .await?
            >= MAX_RESET_MAILS_PER_TTL
        {
            tracing::info!(user_id = %user.id, "password reset not sent: enough links are live");
            return Ok(());
        }
        let token = new_token("prs")?;
        self.store()
            .insert_email_token(&token_hash(&token), &user.id, "reset", now + RESET_TTL)
            .await?;
        let link = format!("{}reset-password?token={token}", self.config().issuer);
        let mail = mail::reset(portcullis_i18n::current(), &link, RESET_TTL);
        self.audit(
            AuditEvent::new(AuditAction::PasswordResetRequested).on(&user.id),
            now,
        )
        .await;
        self.send_mail(&user.email, mail, now).await
    }

    /// Sets a new password through a reset link; ends every session of the user.
    pub async fn reset_password(&self, token: &str, new_password: String, now: i64) -> Result<()> {
        let hash = token_hash(token);
        // Check the password before spending the link, so a weak choice can be retried.
        let Some(user_id) = self.store().email_token_user(&hash, "reset", now).await? else {
            return Err(IdpError::InvalidGrant(
                "the reset link is invalid, used or expired",
            ));
        };
        let user = self
            .store()
            .user_by_id(&user_id)
            .await?
            .ok_or(IdpError::NotFound("user"))?;
        let password = NewPassword::parse(new_password, &user.email)?;
        if self
            .store()
            .spend_email_token(&hash, "reset", now)
            .await?
            .is_none()
        {
            return Err(IdpError::InvalidGrant(
                "the reset link is invalid, used or expired",
            ));
        }
        let new_hash = self.hasher().hash(password.secret()).await?;
        self.store()
            .set_password_hash(&user.id, &new_hash, now)
            .await?;
        self.store().revoke_all_sessions(&user.id, now).await?;
        // Any other reset link sent before this one dies with the old password.
        self.store()
            .spend_all_email_tokens(&user.id, "reset", now)
            .await?;
        self.store().clear_login_failures(&user.email).await?;
        // Following the emailed link proved the address.
        self.store().set_email_verified(&user.id, now).await?;
        self.audit(
            AuditEvent::new(AuditAction::PasswordReset)
                .by(&user.id)
                .on(&user.id),
            now,
        )
        .await;
        Ok(())
    }
}

/// Reads (and worker bookkeeping) that the server and the CLI go through `Idp` for.
impl Idp {
    /// The newest messages in the outbox (at most `limit`, 1 to 500), optionally to one address.
    pub async fn outbox(
        &self,
        to: Option<&str>,
        limit: i64,
    ) -> crate::Result<Vec<crate::store::OutboxRow>> {
        self.store().outbox(to, limit).await
    }

    /// Claims due outbox messages no older than `oldest` for `lease` seconds.
    pub async fn claim_mail(
        &self,
        now: i64,
        oldest: i64,
        lease: i64,
        limit: i64,
    ) -> crate::Result<Vec<crate::store::DueMail>> {
        self.store().claim_mail(now, oldest, lease, limit).await
    }

    /// Records that a message was accepted by the SMTP relay.
    pub async fn mail_sent(&self, id: &str, now: i64) -> crate::Result<()> {
        self.store().mail_sent(id, now).await
    }

    /// Records a failed delivery and when to try again (`None`: never).
    pub async fn mail_failed(&self, id: &str, error: &str, next: Option<i64>) -> crate::Result<()> {
        self.store().mail_failed(id, error, next).await
    }

    /// Deletes outbox messages older than `before`; how many.
    pub async fn prune_outbox(&self, before: i64) -> crate::Result<u64> {
        self.store().prune_outbox(before).await
    }
}
