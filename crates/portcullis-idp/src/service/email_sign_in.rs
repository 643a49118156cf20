//! Signing in with a code sent by email, without a password (when the operator turns on
//! [`IdpConfig::email_sign_in`](super::IdpConfig::email_sign_in)).
//!
//! - The browser gets a handle first ([`new_email_sign_in`]), before anything is looked
//!   up; the code is mailed afterwards, off the request ([`Idp::send_sign_in_code`]), so
//!   an unknown address gets the same answer in the same time and leaves nothing behind.
//! - A code is six digits, lives [`EMAIL_CODE_TTL`] seconds, works once, and only with
//!   the handle it was mailed for (its hash is bound to the handle); after
//!   [`MAX_CODE_FAILURES`] wrong codes it is given up. At most
//!   [`MAX_EMAIL_CODES_PER_TTL`] codes go to one address per [`EMAIL_CODE_TTL`].
//! - Codes are checked as passwords are ([`super::throttle`]): one check at a time per
//!   address, doubling delays after a few failures, counted per typed address whether
//!   or not it has an account. Every refusal is [`IdpError::InvalidCode`], whatever the
//!   reason (wrong, expired, used, unknown address), so the answers reveal nothing.
//! - The mail also holds a link that fills the code in, for the browser holding the
//!   handle (the server keeps it in a cookie): a link opened elsewhere signs nobody in.
//! - The sign-in's first factor is the mailbox (`amr` `["email"]`, single-factor); a
//!   user with a second factor answers it next, as after a password.

use super::BrowserSignIn;
use super::Idp;
use super::audit::{AuditAction, AuditEvent};
use super::second_step::{AfterPassword, MAX_CODE_FAILURES};
use crate::FirstFactor;
use crate::email::Email;
use crate::error::{IdpError, Result};
use crate::ids::{bound_hash, constant_time_eq, new_token, random_bytes, token_hash};
use crate::mail;
use crate::secret::Secret;
use crate::store::UserRow;

/// How long a mailed code works.
pub const EMAIL_CODE_TTL: i64 = 10 * 60;
/// At most this many codes are mailed to one address per [`EMAIL_CODE_TTL`].
pub const MAX_EMAIL_CODES_PER_TTL: i64 = 3;
/// Digits of a code.
const CODE_DIGITS: usize = 6;
/// No handle or code input is longer (anything longer is wrong, unread).
const MAX_INPUT_BYTES: usize = 128;

/// A fresh handle on a sign-in by email: what the browser keeps until the code comes.
///
/// ```
/// let handle = portcullis_idp::new_email_sign_in().unwrap();
/// assert!(handle.expose().starts_with("pes_"));
/// ```
pub fn new_email_sign_in() -> Result<Secret> {
    new_token("pes").map(Secret::new)
}

/// Six random digits. (A `u64` reduced modulo 10^6 is uniform to within 10^-13.)
fn new_code() -> Result<String> {
    let n = u64::from_le_bytes(random_bytes::<8>()?) % 1_000_000;
    Ok(format!("{n:06}"))
}

/// A typed code in its normal form (spaces dropped), if it is six digits.
fn parse_code(input: &str) -> Option<String> {
    if input.len() > MAX_INPUT_BYTES {
        return None;
    }
    let digits: String = input.chars().filter(|c| !c.is_whitespace()).collect();
    (digits.len() == CODE_DIGITS && digits.bytes().all(|b| b.is_ascii_digit())).then_some(digits)
}

/// What the database stores for a code: SHA-256 over the handle and the code, hex. (A
/// fast hash is enough: a code is checked a few times at most before it is given up.)
fn code_hash(handle: &str, code: &str) -> String {
    bound_hash("portcullis email code", handle, code)
}

impl Idp {
    /// Whether users may sign in with a code sent by email.
    pub fn email_sign_in_enabled(&self) -> bool {
        self.config().email_sign_in
    }

    /// Mails a sign-in code for `handle` to `email`, if sign-in by email is on, the
    /// address has an account that is not disabled, and fewer than
    /// [`MAX_EMAIL_CODES_PER_TTL`] codes went to it lately; otherwise does nothing (the
    /// caller answers the same either way). The mail's link opens `link` (the hosted
    /// page, with the authorization request's query) with the address and the code
    /// added.
    pub async fn send_sign_in_code(
        &self,
        handle: &Secret,
        email: &str,
        link: &str,
        now: i64,
    ) -> Result<()> {
        if !self.email_sign_in_enabled() || handle.expose().len() > MAX_INPUT_BYTES {
            return Ok(());
        }
        let Ok(email) = Email::parse(email) else {
            return Ok(());
        };
        let Some(user) = self.store().user_by_email(email.as_str()).await? else {
            tracing::info!("sign-in code not sent: no such account");
            return Ok(());
        };
        if user.disabled {
            return Ok(());
        }
        // Nobody can flood an inbox through the form.
        let recent = self
            .store()
            .email_codes_since(&user.id, now - EMAIL_CODE_TTL)
            .await?;
        if recent >= MAX_EMAIL_CODES_PER_TTL {
            tracing::info!(user_id = %user.id, "sign-in code not sent: enough codes are live");
            return Ok(());
        }
        let code = new_code()?;
        self.store()
            .insert_email_code(
                &token_hash(handle.expose()),
                &user.id,
                &code_hash(handle.expose(), &code),
                now,
                now + EMAIL_CODE_TTL,
            )
            .await?;
        let mut link = link.to_owned();
        link.push(if link.contains('?') { '&' } else { '?' });
        link.push_str(
            &url::form_urlencoded::Serializer::new(String::new())
                .append_pair("email", email.as_str())
                .append_pair("code", &code)
                .finish(),
        );
        let mail = mail::sign_in_code(portcullis_i18n::current(), &code, &link, EMAIL_CODE_TTL);
        self.audit(
            AuditEvent::new(AuditAction::EmailCodeSent).on(&user.id),
            now,
        )
        .await;
        self.send_mail(&user.email, mail, now).await
    }

    /// Checks an emailed code for a hosted sign-in to `client_id` and goes on as after a
    /// right password ([`Idp::browser_login_to`]): the second step for a user with a
    /// factor, the factor's setup for one who must have one, else the session (`amr`
    /// `["email"]`). Following the mailed code proves the address. Refused with
    /// [`IdpError::InvalidCode`] whatever is wrong, or [`IdpError::Throttled`].
    pub async fn browser_email_sign_in(
        &self,
        handle: &Secret,
        email: &str,
        code: &str,
        client_id: &str,
        wants_two_factors: bool,
        now: i64,
    ) -> Result<AfterPassword<BrowserSignIn>> {
        let user = self.check_email_code(handle, email, code, now).await?;
        self.after_first_factor(
            &user.id,
            FirstFactor::EmailCode,
            Some((client_id, wants_two_factors)),
            now,
        )
        .await
    }

    /// The account whose emailed code this is; the same work and the same refusal for
    /// an unknown address as for a wrong code.
    async fn check_email_code(
        &self,
        handle: &Secret,
        email: &str,
        code: &str,
        now: i64,
    ) -> Result<UserRow> {
        if !self.email_sign_in_enabled() || handle.expose().len() > MAX_INPUT_BYTES {
            return Err(IdpError::InvalidCode);
        }
        let Ok(email) = Email::parse(email) else {
            return Err(IdpError::InvalidCode);
        };
        let attempt = self.reserve_attempt(email.as_str(), now).await?;
        let hash = token_hash(handle.expose());
        let row = self.store().email_code(&hash).await?;
        let user = self.store().user_by_email(email.as_str()).await?;
        let right = match (&row, &user, parse_code(code)) {
            (Some(row), Some(user), Some(code)) => {
                row.user_id == user.id
                    && !user.disabled
                    && row.used_at.is_none()
                    && row.expires_at > now
                    && row.failures < MAX_CODE_FAILURES
                    && constant_time_eq(
                        code_hash(handle.expose(), &code).as_bytes(),
                        row.code_hash.as_bytes(),
                    )
            }
            _ => false,
        };
        let user = match user {
            Some(user) if right => user,
            _ => {
                // An unknown handle changes nothing, at the same cost.
                self.store().fail_email_code(&hash).await?;
                attempt.failed(now).await?;
                tracing::info!("sign-in code refused");
                self.audit(
                    AuditEvent::new(AuditAction::EmailCodeFailure).on(email.as_str()),
                    now,
                )
                .await;
                return Err(IdpError::InvalidCode);
            }
        };
        // Single use: of two right answers (another node, a replay) one signs in.
        if !self
            .store()
            .spend_email_code(&hash, MAX_CODE_FAILURES, now)
            .await?
        {
            return Err(IdpError::InvalidCode);
        }
        attempt.succeeded().await?;
        if !user.email_verified {
            self.store().set_email_verified(&user.id, now).await?;
        }
        Ok(user)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_six_digits_read_in_their_normal_form() {
        for _ in 0..100 {
            let code = new_code().unwrap();
            assert_eq!(parse_code(&code), Some(code));
        }
        assert_eq!(parse_code(" 123 456 "), Some("123456".to_owned()));
        for bad in ["", "12345", "1234567", "12345a", "١٢٣٤٥٦", &"1".repeat(200)] {
            assert_eq!(parse_code(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn a_code_hash_is_bound_to_its_handle() {
        assert_eq!(code_hash("pes_a", "123456"), code_hash("pes_a", "123456"));
        assert_ne!(code_hash("pes_a", "123456"), code_hash("pes_b", "123456"));
        assert_ne!(code_hash("pes_a", "123456"), code_hash("pes_a", "123457"));
    }
}
